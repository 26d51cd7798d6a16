
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'triage' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'triage'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'triage' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented starter rules.yaml and create the database')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a ticket from flags or JSON on stdin; prints its id')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Find tickets')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a ticket with its audit history')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a ticket''s priority, team, assignee, category, tags, fields or status')
            [CompletionResult]::new('respond', 'respond', [CompletionResultType]::ParameterValue, 'Record an agent response (the first one stops the first-response clock)')
            [CompletionResult]::new('pending', 'pending', [CompletionResultType]::ParameterValue, 'Wait on the customer: pauses the SLA clock')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Mark tickets resolved')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Close tickets')
            [CompletionResult]::new('reopen', 'reopen', [CompletionResultType]::ParameterValue, 'Reopen resolved or closed tickets')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Fold one ticket into another (the first is closed)')
            [CompletionResult]::new('note', 'note', [CompletionResultType]::ParameterValue, 'Add an internal note')
            [CompletionResult]::new('csat', 'csat', [CompletionResultType]::ParameterValue, 'Record a customer satisfaction score (1-5) on a resolved ticket')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Move tickets to the trash (restorable)')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Bring tickets back from the trash')
            [CompletionResult]::new('assign', 'assign', [CompletionResultType]::ParameterValue, 'Route unassigned (or given) tickets to agents')
            [CompletionResult]::new('agents', 'agents', [CompletionResultType]::ParameterValue, 'The roster with live load; set an agent''s status')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import a legacy backlog (CSV/TSV/XLSX/XLS/ODS): mapping, encodings, dates, upsert, rejects')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'Validate, test and preview rule files')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Run the main job end to end on a temporary database')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;init' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Where to write the rule file [default: the --rules path]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite an existing rule file')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;create' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Title (subject)')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'Title (subject)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Body text')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Body text')
            [CompletionResult]::new('--body-file', '--body-file', [CompletionResultType]::ParameterName, 'Read the body from a file, or `-` for stdin')
            [CompletionResult]::new('--customer', '--customer', [CompletionResultType]::ParameterName, 'Customer name')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'email')
            [CompletionResult]::new('--phone', '--phone', [CompletionResultType]::ParameterName, 'phone')
            [CompletionResult]::new('--tier', '--tier', [CompletionResultType]::ParameterName, 'Customer tier (e.g. vip, gold, standard)')
            [CompletionResult]::new('--customer-id', '--customer-id', [CompletionResultType]::ParameterName, 'Customer id in your CRM')
            [CompletionResult]::new('--channel', '--channel', [CompletionResultType]::ParameterName, 'Channel: email, phone, chat, web, social, api, git, cron, ...')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'category')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'P1..P4 or a synonym (urgent, high, normal, low, 紧急, 高, 普通, 低)')
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'P1..P4 or a synonym (urgent, high, normal, low, 紧急, 高, 普通, 低)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Tag (repeatable)')
            [CompletionResult]::new('--skill', '--skill', [CompletionResultType]::ParameterName, 'Required skill (repeatable)')
            [CompletionResult]::new('--team', '--team', [CompletionResultType]::ParameterName, 'team')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'Custom field NAME=VALUE (repeatable)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Where the ticket comes from (with --external-id: re-sending updates, never duplicates)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The sender''s own id for this ticket')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('--json-input', '--json-input', [CompletionResultType]::ParameterName, 'Read the whole ticket as a JSON object from stdin')
            [CompletionResult]::new('--no-dedup', '--no-dedup', [CompletionResultType]::ParameterName, 'Do not merge into the customer''s open ticket')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;list' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Status (repeatable): new, assigned, open, pending, resolved, closed, or `active`')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Priority (repeatable)')
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'Priority (repeatable)')
            [CompletionResult]::new('--assignee', '--assignee', [CompletionResultType]::ParameterName, 'Assignee; `none` for unassigned')
            [CompletionResult]::new('--team', '--team', [CompletionResultType]::ParameterName, 'team')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'tag')
            [CompletionResult]::new('--channel', '--channel', [CompletionResultType]::ParameterName, 'channel')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'category')
            [CompletionResult]::new('--customer', '--customer', [CompletionResultType]::ParameterName, 'Customer name, email, phone or id (substring)')
            [CompletionResult]::new('--text', '--text', [CompletionResultType]::ParameterName, 'Text in the title or body (case-insensitive)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Created at or after')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Created before')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'sort')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'limit')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('--trash', '--trash', [CompletionResultType]::ParameterName, 'Show tickets in the trash instead')
            [CompletionResult]::new('--reverse', '--reverse', [CompletionResultType]::ParameterName, 'Newest (or highest) first')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;update' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'p')
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'priority')
            [CompletionResult]::new('--team', '--team', [CompletionResultType]::ParameterName, 'team')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'category')
            [CompletionResult]::new('--assignee', '--assignee', [CompletionResultType]::ParameterName, 'Hand the ticket to this agent (`none` to unassign); a hand-over needs --reason')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Move to a status (the same checks as the lifecycle commands)')
            [CompletionResult]::new('--add-tag', '--add-tag', [CompletionResultType]::ParameterName, 'add-tag')
            [CompletionResult]::new('--remove-tag', '--remove-tag', [CompletionResultType]::ParameterName, 'remove-tag')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a custom field NAME=VALUE (repeatable)')
            [CompletionResult]::new('--unset', '--unset', [CompletionResultType]::ParameterName, 'Remove a custom field (repeatable)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (recorded in the audit log; required to hand over to another assignee)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;respond' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'The response text (recorded in the audit log)')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'The response text (recorded in the audit log)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;pending' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'A note for the audit log')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A note for the audit log')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;resolve' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'A note for the audit log')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A note for the audit log')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;close' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'A note for the audit log')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A note for the audit log')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;reopen' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'A note for the audit log')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A note for the audit log')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;merge' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;note' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;csat' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;delete' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;restore' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;assign' {
            [CompletionResult]::new('--strategy', '--strategy', [CompletionResultType]::ParameterName, 'Use this strategy instead of the rule file''s')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Give the tickets to this agent by hand (warns when skills do not match)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Hand back this agent''s active tickets and route them to others')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (recorded in the audit log)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would happen without changing anything')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Print every candidate''s filter verdicts and score parts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;agents' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The roster (the default)')
            [CompletionResult]::new('set-status', 'set-status', [CompletionResultType]::ParameterValue, 'Set an agent''s status; it overrides the rule file until set again')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;agents;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;agents;set-status' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (kept in the agent''s history)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;agents;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The roster (the default)')
            [CompletionResult]::new('set-status', 'set-status', [CompletionResultType]::ParameterValue, 'Set an agent''s status; it overrides the rule file until set again')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;agents;help;list' {
            break
        }
        'triage;agents;help;set-status' {
            break
        }
        'triage;agents;help;help' {
            break
        }
        'triage;import' {
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Name the tickets are filed under with their external ids [default: the mapping file''s source, else the file stem]')
            [CompletionResult]::new('--sheet', '--sheet', [CompletionResultType]::ParameterName, 'Workbook sheet by name or 1-based index [default: the first that looks like tickets]')
            [CompletionResult]::new('--delimiter', '--delimiter', [CompletionResultType]::ParameterName, 'CSV delimiter: one character, or tab, comma, semicolon, pipe [default: sniffed]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Text encoding (utf-8, gbk, gb18030, utf-16le, big5, ...) [default: detected]')
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'Map a column to a field, e.g. ''Sev=priority'' or ''Region=-'' (repeatable; beats --mapping)')
            [CompletionResult]::new('--mapping', '--mapping', [CompletionResultType]::ParameterName, 'Mapping file: columns, value maps, date format, time zone, null markers, defaults, source')
            [CompletionResult]::new('--date-format', '--date-format', [CompletionResultType]::ParameterName, 'Date format for every date column: strftime (''%d/%m/%Y %H:%M'') or dmy / mdy')
            [CompletionResult]::new('--rejects', '--rejects', [CompletionResultType]::ParameterName, 'Write rejected rows here: the original cells plus a reason column')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Rows per database transaction')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('--show-mapping', '--show-mapping', [CompletionResultType]::ParameterName, 'Print the column → field table and stop')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Import nothing unless every row is good')
            [CompletionResult]::new('--strict-times', '--strict-times', [CompletionResultType]::ParameterName, 'Reject rows whose times contradict each other (resolved before created, ...) instead of warning')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Do everything but write to the database')
            [CompletionResult]::new('--assign', '--assign', [CompletionResultType]::ParameterName, 'Route the imported open, unassigned tickets to agents')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;rules' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate a rule file (default: the active one)')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run sample tickets through the rules and compare with the expected outcome')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;rules;check' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;rules;test' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;rules;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate a rule file (default: the active one)')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run sample tickets through the rules and compare with the expected outcome')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;rules;help;check' {
            break
        }
        'triage;rules;help;test' {
            break
        }
        'triage;rules;help;help' {
            break
        }
        'triage;demo' {
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Keep the demo database here instead of a temporary directory')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;completions' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;man' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Directory to write one page per command into (default: print triage.1)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented starter rules.yaml and create the database')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a ticket from flags or JSON on stdin; prints its id')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Find tickets')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a ticket with its audit history')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a ticket''s priority, team, assignee, category, tags, fields or status')
            [CompletionResult]::new('respond', 'respond', [CompletionResultType]::ParameterValue, 'Record an agent response (the first one stops the first-response clock)')
            [CompletionResult]::new('pending', 'pending', [CompletionResultType]::ParameterValue, 'Wait on the customer: pauses the SLA clock')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Mark tickets resolved')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Close tickets')
            [CompletionResult]::new('reopen', 'reopen', [CompletionResultType]::ParameterValue, 'Reopen resolved or closed tickets')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Fold one ticket into another (the first is closed)')
            [CompletionResult]::new('note', 'note', [CompletionResultType]::ParameterValue, 'Add an internal note')
            [CompletionResult]::new('csat', 'csat', [CompletionResultType]::ParameterValue, 'Record a customer satisfaction score (1-5) on a resolved ticket')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Move tickets to the trash (restorable)')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Bring tickets back from the trash')
            [CompletionResult]::new('assign', 'assign', [CompletionResultType]::ParameterValue, 'Route unassigned (or given) tickets to agents')
            [CompletionResult]::new('agents', 'agents', [CompletionResultType]::ParameterValue, 'The roster with live load; set an agent''s status')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import a legacy backlog (CSV/TSV/XLSX/XLS/ODS): mapping, encodings, dates, upsert, rejects')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'Validate, test and preview rule files')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Run the main job end to end on a temporary database')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;help;init' {
            break
        }
        'triage;help;create' {
            break
        }
        'triage;help;list' {
            break
        }
        'triage;help;show' {
            break
        }
        'triage;help;update' {
            break
        }
        'triage;help;respond' {
            break
        }
        'triage;help;pending' {
            break
        }
        'triage;help;resolve' {
            break
        }
        'triage;help;close' {
            break
        }
        'triage;help;reopen' {
            break
        }
        'triage;help;merge' {
            break
        }
        'triage;help;note' {
            break
        }
        'triage;help;csat' {
            break
        }
        'triage;help;delete' {
            break
        }
        'triage;help;restore' {
            break
        }
        'triage;help;assign' {
            break
        }
        'triage;help;agents' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The roster (the default)')
            [CompletionResult]::new('set-status', 'set-status', [CompletionResultType]::ParameterValue, 'Set an agent''s status; it overrides the rule file until set again')
            break
        }
        'triage;help;agents;list' {
            break
        }
        'triage;help;agents;set-status' {
            break
        }
        'triage;help;import' {
            break
        }
        'triage;help;rules' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate a rule file (default: the active one)')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run sample tickets through the rules and compare with the expected outcome')
            break
        }
        'triage;help;rules;check' {
            break
        }
        'triage;help;rules;test' {
            break
        }
        'triage;help;demo' {
            break
        }
        'triage;help;completions' {
            break
        }
        'triage;help;man' {
            break
        }
        'triage;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
