
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
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'Validate, test and preview rule files')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'SLA, backlog, resolution-rate, agent, fairness, load and CSAT tables')
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
        'triage;report' {
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Group the sla, backlog, resolution and csat tables by this field')
            [CompletionResult]::new('--period', '--period', [CompletionResultType]::ParameterName, 'One resolution-rate row per calendar period (in the rules'' zone) instead of per group')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Window start (inclusive): cohort tables count tickets created from TIME; the backlog is a snapshot at --now and ignores it')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Window end (exclusive): tickets created before TIME [default: now]')
            [CompletionResult]::new('--as-of', '--as-of', [CompletionResultType]::ParameterName, 'The report as it stood at TIME, rebuilt from the audit log')
            [CompletionResult]::new('--clock', '--clock', [CompletionResultType]::ParameterName, 'Measure durations in each SLA target''s business hours, or in wall-clock time (both minus pending pauses)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of stdout')
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Write one file per table into DIR (`sla.csv`, `backlog.csv`, ...; CSV unless --format says otherwise)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database directory [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
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
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'Validate, test and preview rule files')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'SLA, backlog, resolution-rate, agent, fairness, load and CSAT tables')
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
        'triage;help;report' {
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
