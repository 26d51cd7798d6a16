
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('flow', 'flow', [CompletionResultType]::ParameterValue, 'Move a ticket through a cross-team flow: start, advance, back, show')
            [CompletionResult]::new('escalate', 'escalate', [CompletionResultType]::ParameterValue, 'The cron job: SLA clocks, escalation ladder, reminders, auto-close; or urge tickets one rung')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import a legacy backlog (CSV/TSV/XLSX/XLS/ODS): mapping, encodings, dates, upsert, rejects')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'Validate, test and preview rule files')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Every ticket (and the audit events) as CSV or JSON Lines, safe to open in Excel')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the database''s indexes, id counter and audit logs; --repair rebuilds what it can')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Full backups as JSON Lines: create, and restore into an empty database')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'What-if simulation of routing strategies and rosters (same routing and SLA code)')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'SLA, backlog, resolution-rate, agent, fairness, load and CSAT tables')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Run the main job end to end on a temporary database')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;init' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Where to write the rule file [default: the --rules path]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Customer email (dedup matches it case-insensitively)')
            [CompletionResult]::new('--phone', '--phone', [CompletionResultType]::ParameterName, 'Customer phone (dedup matches its last 10 digits)')
            [CompletionResult]::new('--tier', '--tier', [CompletionResultType]::ParameterName, 'Customer tier (e.g. vip, gold, standard)')
            [CompletionResult]::new('--customer-id', '--customer-id', [CompletionResultType]::ParameterName, 'Customer id in your CRM')
            [CompletionResult]::new('--channel', '--channel', [CompletionResultType]::ParameterName, 'Channel: email, phone, chat, web, social, api, git, cron, ...')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'Category (else the rule file''s classification decides)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'P1..P4 or a synonym (urgent, high, normal, low, 紧急, 高, 普通, 低)')
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'P1..P4 or a synonym (urgent, high, normal, low, 紧急, 高, 普通, 低)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Tag (repeatable)')
            [CompletionResult]::new('--skill', '--skill', [CompletionResultType]::ParameterName, 'Required skill (repeatable)')
            [CompletionResult]::new('--team', '--team', [CompletionResultType]::ParameterName, 'Team that should handle it (else the classification decides)')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'Custom field NAME=VALUE (repeatable)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Where the ticket comes from (with --external-id: re-sending updates, never duplicates)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The sender''s own id for this ticket')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('--team', '--team', [CompletionResultType]::ParameterName, 'Team')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Tickets carrying this tag')
            [CompletionResult]::new('--channel', '--channel', [CompletionResultType]::ParameterName, 'Channel (email, phone, chat, ...)')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'Category')
            [CompletionResult]::new('--customer', '--customer', [CompletionResultType]::ParameterName, 'Customer name, email, phone or id (substring)')
            [CompletionResult]::new('--text', '--text', [CompletionResultType]::ParameterName, 'Text in the title or body (case-insensitive)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Created at or after')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Created before')
            [CompletionResult]::new('--flow', '--flow', [CompletionResultType]::ParameterName, 'Tickets running (or that completed) this flow')
            [CompletionResult]::new('--step', '--step', [CompletionResultType]::ParameterName, 'Tickets now at this step of the --flow')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Order of the rows')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most this many tickets')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'New priority: P1..P4 or a synonym')
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'New priority: P1..P4 or a synonym')
            [CompletionResult]::new('--team', '--team', [CompletionResultType]::ParameterName, 'Move to this team')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'New category')
            [CompletionResult]::new('--assignee', '--assignee', [CompletionResultType]::ParameterName, 'Hand the ticket to this agent (`none` to unassign); a hand-over needs --reason')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Move to a status (the same checks as the lifecycle commands)')
            [CompletionResult]::new('--add-tag', '--add-tag', [CompletionResultType]::ParameterName, 'Add a tag (repeatable)')
            [CompletionResult]::new('--remove-tag', '--remove-tag', [CompletionResultType]::ParameterName, 'Remove a tag (repeatable)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a custom field NAME=VALUE (repeatable)')
            [CompletionResult]::new('--unset', '--unset', [CompletionResultType]::ParameterName, 'Remove a custom field (repeatable)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (recorded in the audit log; required to hand over to another assignee)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
        'triage;flow' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Put a ticket on the first step of a flow and route it to that step''s team')
            [CompletionResult]::new('advance', 'advance', [CompletionResultType]::ParameterValue, 'Complete the current step and hand the ticket to the next step''s team')
            [CompletionResult]::new('back', 'back', [CompletionResultType]::ParameterValue, 'Hand the ticket back to the previous step, with a reason')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The flow''s steps: who did each and how long each took against its target')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;flow;start' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'A note for the audit log')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A note for the audit log')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
        'triage;flow;advance' {
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a field first, e.g. a field the step requires (repeatable)')
            [CompletionResult]::new('--with', '--with', [CompletionResultType]::ParameterName, 'An agent who handled the step jointly, for a step with participant teams (repeatable)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'A note for the audit log')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A note for the audit log')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
        'triage;flow;back' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why the step goes back (recorded in the audit log)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
        'triage;flow;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
        'triage;flow;help' {
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Put a ticket on the first step of a flow and route it to that step''s team')
            [CompletionResult]::new('advance', 'advance', [CompletionResultType]::ParameterValue, 'Complete the current step and hand the ticket to the next step''s team')
            [CompletionResult]::new('back', 'back', [CompletionResultType]::ParameterValue, 'Hand the ticket back to the previous step, with a reason')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The flow''s steps: who did each and how long each took against its target')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;flow;help;start' {
            break
        }
        'triage;flow;help;advance' {
            break
        }
        'triage;flow;help;back' {
            break
        }
        'triage;flow;help;show' {
            break
        }
        'triage;flow;help;help' {
            break
        }
        'triage;escalate' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why the tickets are urged (goes in the audit log and to the notifier)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would fire; write nothing and notify nobody')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'With --format csv, leave out the header row: for a cron job that appends every run to one log')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;import' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Read the file as this system''s export: servicenow, servicenow-eventlog, zendesk, freshdesk, jira, zammad, otrs (znuny), osticket [default: detected from the header row]')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Name the tickets are filed under with their external ids [default: the mapping file''s source, else the file stem]')
            [CompletionResult]::new('--sheet', '--sheet', [CompletionResultType]::ParameterName, 'Workbook sheet by name or 1-based index [default: the first that looks like tickets]')
            [CompletionResult]::new('--delimiter', '--delimiter', [CompletionResultType]::ParameterName, 'CSV delimiter: one character, or tab, comma, semicolon, pipe [default: sniffed]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Text encoding (utf-8, gbk, gb18030, utf-16le, big5, ...) [default: detected]')
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'Map a column to a field, e.g. ''Sev=priority'' or ''Region=-'' (repeatable; beats --mapping)')
            [CompletionResult]::new('--value', '--value', [CompletionResultType]::ParameterName, 'Translate one value, e.g. ''status:Escalated=open'' or ''status:Escalated=open +escalated'' (repeatable; beats --mapping and the layout)')
            [CompletionResult]::new('--mapping', '--mapping', [CompletionResultType]::ParameterName, 'Mapping file: columns, value maps, date format, time zone, null markers, defaults, source')
            [CompletionResult]::new('--date-format', '--date-format', [CompletionResultType]::ParameterName, 'Date format for every date column: strftime (''%d/%m/%Y %H:%M'') or dmy / mdy')
            [CompletionResult]::new('--rejects', '--rejects', [CompletionResultType]::ParameterName, 'Write rejected rows here: the original cells plus a reason column')
            [CompletionResult]::new('--warnings', '--warnings', [CompletionResultType]::ParameterName, 'Write every warning here (CSV: place, warning); stderr shows the first 10')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Rows per database transaction')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show which stored open tickets a changed rule file would treat differently')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;rules;check' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
        'triage;rules;plan' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show which stored open tickets a changed rule file would treat differently')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;rules;help;check' {
            break
        }
        'triage;rules;help;test' {
            break
        }
        'triage;rules;help;plan' {
            break
        }
        'triage;rules;help;help' {
            break
        }
        'triage;export' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'csv or jsonl [default: --format csv/json, else --out''s extension (.csv, .jsonl), else csv]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file (created private, replaced atomically) instead of stdout')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write to this file (created private, replaced atomically) instead of stdout')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Include the audit events: JSON Lines adds event lines (a full backup); CSV writes them to NAME.events.csv next to --out')
            [CompletionResult]::new('--bom', '--bom', [CompletionResultType]::ParameterName, 'CSV: start with a UTF-8 byte-order mark so Excel shows Chinese text correctly')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'triage;doctor' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('--repair', '--repair', [CompletionResultType]::ParameterName, 'Rebuild the indexes from the tickets, fix the id counter and history counts, then check again')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;backup' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Write a full backup: JSON Lines with every ticket, the trash, agent states and all audit events')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore a backup (or `export --as jsonl --events`) into an empty database')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;backup;create' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'The same as FILE')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The same as FILE')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
        'triage;backup;restore' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
        'triage;backup;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Write a full backup: JSON Lines with every ticket, the trash, agent states and all audit events')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore a backup (or `export --as jsonl --events`) into an empty database')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'triage;backup;help;create' {
            break
        }
        'triage;backup;help;restore' {
            break
        }
        'triage;backup;help;help' {
            break
        }
        'triage;simulate' {
            [CompletionResult]::new('--scenario', '--scenario', [CompletionResultType]::ParameterName, 'Scenario file (YAML) [default: the embedded example scenario, or with --from-db a replay]')
            [CompletionResult]::new('--strategies', '--strategies', [CompletionResultType]::ParameterName, 'Compare these strategies (comma-separated: round_robin, least_loaded, skill, score, random)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Start of the replayed period [default: 28 days before --until]')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'End of the replayed period [default: now]')
            [CompletionResult]::new('--agents', '--agents', [CompletionResultType]::ParameterName, 'Also simulate a changed roster: +N:SKILL[,SKILL] adds N agents, -ID removes one (repeatable)')
            [CompletionResult]::new('--dispatch', '--dispatch', [CompletionResultType]::ParameterName, 'Dispatch mode for every variant: pull (central queue) or push (personal queues)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Independent replications per variant, run in parallel [default: the scenario''s, else 1]')
            [CompletionResult]::new('--replications', '--replications', [CompletionResultType]::ParameterName, 'Independent replications per variant, run in parallel [default: the scenario''s, else 1]')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Random seed: the same seed gives the same output [default: the scenario''s, else 1]')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Add a per-agent table')
            [CompletionResult]::new('--export-tickets', '--export-tickets', [CompletionResultType]::ParameterName, 'Write the simulated tickets (first variant, first replication) as CSV for `import`')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Threads to use [default: all cores]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the results to FILE instead of stdout (format from its extension without --format: .csv, .json, .jsonl, .md, .html)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the results to FILE instead of stdout (format from its extension without --format: .csv, .json, .jsonl, .md, .html)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('--from-db', '--from-db', [CompletionResultType]::ParameterName, 'Replay the database''s tickets created between --since and --until')
            [CompletionResult]::new('--differences', '--differences', [CompletionResultType]::ParameterName, 'Add a table of each variant''s difference from the first, with 95% intervals paired by replication')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'triage;report' {
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Group the sla, backlog, resolution and csat tables by this field (priority: as created; current-priority: after escalation bumps)')
            [CompletionResult]::new('--period', '--period', [CompletionResultType]::ParameterName, 'One resolution-rate row per calendar period (in the rules'' zone) instead of per group')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Window start (inclusive): cohort tables count tickets created from TIME; the backlog is a snapshot at --now and ignores it')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Window end (exclusive): tickets created before TIME [default: now]')
            [CompletionResult]::new('--as-of', '--as-of', [CompletionResultType]::ParameterName, 'The report as it stood at TIME, rebuilt from the audit log')
            [CompletionResult]::new('--clock', '--clock', [CompletionResultType]::ParameterName, 'Measure durations in each SLA target''s business hours, or in wall-clock time (both minus pending pauses)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of stdout (format from its extension without --format: .csv, .json, .jsonl, .md, .html)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the output to FILE instead of stdout (format from its extension without --format: .csv, .json, .jsonl, .md, .html)')
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Write one file per table into DIR (`sla.csv`, `backlog.csv`, ...; CSV unless --format says otherwise; --format html adds index.html beside the CSVs)')
            [CompletionResult]::new('--sla-goal', '--sla-goal', [CompletionResultType]::ParameterName, 'The SLA attainment goal drawn across the HTML report''s trend chart')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format where output is tabular')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log [default: $USER]')
            [CompletionResult]::new('--no-legend', '--no-legend', [CompletionResultType]::ParameterName, 'Leave out the one-line definition under each table (table, Markdown and HTML output)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'triage;demo' {
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Keep the demo database here instead of a temporary directory')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]')
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
            [CompletionResult]::new('flow', 'flow', [CompletionResultType]::ParameterValue, 'Move a ticket through a cross-team flow: start, advance, back, show')
            [CompletionResult]::new('escalate', 'escalate', [CompletionResultType]::ParameterValue, 'The cron job: SLA clocks, escalation ladder, reminders, auto-close; or urge tickets one rung')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import a legacy backlog (CSV/TSV/XLSX/XLS/ODS): mapping, encodings, dates, upsert, rejects')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'Validate, test and preview rule files')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Every ticket (and the audit events) as CSV or JSON Lines, safe to open in Excel')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the database''s indexes, id counter and audit logs; --repair rebuilds what it can')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Full backups as JSON Lines: create, and restore into an empty database')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'What-if simulation of routing strategies and rosters (same routing and SLA code)')
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
        'triage;help;flow' {
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Put a ticket on the first step of a flow and route it to that step''s team')
            [CompletionResult]::new('advance', 'advance', [CompletionResultType]::ParameterValue, 'Complete the current step and hand the ticket to the next step''s team')
            [CompletionResult]::new('back', 'back', [CompletionResultType]::ParameterValue, 'Hand the ticket back to the previous step, with a reason')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The flow''s steps: who did each and how long each took against its target')
            break
        }
        'triage;help;flow;start' {
            break
        }
        'triage;help;flow;advance' {
            break
        }
        'triage;help;flow;back' {
            break
        }
        'triage;help;flow;show' {
            break
        }
        'triage;help;escalate' {
            break
        }
        'triage;help;import' {
            break
        }
        'triage;help;rules' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate a rule file (default: the active one)')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run sample tickets through the rules and compare with the expected outcome')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show which stored open tickets a changed rule file would treat differently')
            break
        }
        'triage;help;rules;check' {
            break
        }
        'triage;help;rules;test' {
            break
        }
        'triage;help;rules;plan' {
            break
        }
        'triage;help;export' {
            break
        }
        'triage;help;doctor' {
            break
        }
        'triage;help;backup' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Write a full backup: JSON Lines with every ticket, the trash, agent states and all audit events')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore a backup (or `export --as jsonl --events`) into an empty database')
            break
        }
        'triage;help;backup;create' {
            break
        }
        'triage;help;backup;restore' {
            break
        }
        'triage;help;simulate' {
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
