# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_triage_global_optspecs
    string join \n db= rules= now= format= wait= actor= q/quiet h/help V/version
end

function __fish_triage_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_triage_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_triage_using_subcommand
    set -l cmd (__fish_triage_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c triage -n "__fish_triage_needs_command" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_needs_command" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_needs_command" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_needs_command" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_needs_command" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_needs_command" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_needs_command" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_needs_command" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_needs_command" -s V -l version -d 'Print version'
complete -c triage -n "__fish_triage_needs_command" -f -a "init" -d 'Write a commented starter rules.yaml and create the database'
complete -c triage -n "__fish_triage_needs_command" -f -a "create" -d 'Create a ticket from flags or JSON on stdin; prints its id'
complete -c triage -n "__fish_triage_needs_command" -f -a "list" -d 'Find tickets'
complete -c triage -n "__fish_triage_needs_command" -f -a "show" -d 'Show a ticket with its audit history'
complete -c triage -n "__fish_triage_needs_command" -f -a "update" -d 'Change a ticket\'s priority, team, assignee, category, tags, fields or status'
complete -c triage -n "__fish_triage_needs_command" -f -a "respond" -d 'Record an agent response (the first one stops the first-response clock)'
complete -c triage -n "__fish_triage_needs_command" -f -a "pending" -d 'Wait on the customer: pauses the SLA clock'
complete -c triage -n "__fish_triage_needs_command" -f -a "resolve" -d 'Mark tickets resolved'
complete -c triage -n "__fish_triage_needs_command" -f -a "close" -d 'Close tickets'
complete -c triage -n "__fish_triage_needs_command" -f -a "reopen" -d 'Reopen resolved or closed tickets'
complete -c triage -n "__fish_triage_needs_command" -f -a "merge" -d 'Fold one ticket into another (the first is closed)'
complete -c triage -n "__fish_triage_needs_command" -f -a "note" -d 'Add an internal note'
complete -c triage -n "__fish_triage_needs_command" -f -a "csat" -d 'Record a customer satisfaction score (1-5) on a resolved ticket'
complete -c triage -n "__fish_triage_needs_command" -f -a "delete" -d 'Move tickets to the trash (restorable)'
complete -c triage -n "__fish_triage_needs_command" -f -a "restore" -d 'Bring tickets back from the trash'
complete -c triage -n "__fish_triage_needs_command" -f -a "assign" -d 'Route unassigned (or given) tickets to agents'
complete -c triage -n "__fish_triage_needs_command" -f -a "agents" -d 'The roster with live load; set an agent\'s status'
complete -c triage -n "__fish_triage_needs_command" -f -a "flow" -d 'Move a ticket through a cross-team flow: start, advance, back, show'
complete -c triage -n "__fish_triage_needs_command" -f -a "escalate" -d 'The cron job: SLA clocks, escalation ladder, reminders, auto-close; or urge tickets one rung'
complete -c triage -n "__fish_triage_needs_command" -f -a "import" -d 'Import a legacy backlog (CSV/TSV/XLSX/XLS/ODS): mapping, encodings, dates, upsert, rejects'
complete -c triage -n "__fish_triage_needs_command" -f -a "rules" -d 'Validate, test and preview rule files'
complete -c triage -n "__fish_triage_needs_command" -f -a "export" -d 'Every ticket (and the audit events) as CSV or JSON Lines, safe to open in Excel'
complete -c triage -n "__fish_triage_needs_command" -f -a "doctor" -d 'Check the database\'s indexes, id counter and audit logs; --repair rebuilds what it can'
complete -c triage -n "__fish_triage_needs_command" -f -a "backup" -d 'Full backups as JSON Lines: create, and restore into an empty database'
complete -c triage -n "__fish_triage_needs_command" -f -a "simulate" -d 'What-if simulation of routing strategies and rosters (same routing and SLA code)'
complete -c triage -n "__fish_triage_needs_command" -f -a "report" -d 'SLA, backlog, resolution-rate, agent, fairness, load and CSAT tables'
complete -c triage -n "__fish_triage_needs_command" -f -a "demo" -d 'Run the main job end to end on a temporary database'
complete -c triage -n "__fish_triage_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c triage -n "__fish_triage_needs_command" -f -a "man" -d 'Write man pages'
complete -c triage -n "__fish_triage_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand init" -l output -d 'Where to write the rule file [default: the --rules path]' -r -F
complete -c triage -n "__fish_triage_using_subcommand init" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand init" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand init" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand init" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand init" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand init" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand init" -l force -d 'Overwrite an existing rule file'
complete -c triage -n "__fish_triage_using_subcommand init" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand init" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand create" -s t -l title -d 'Title (subject)' -r
complete -c triage -n "__fish_triage_using_subcommand create" -s b -l body -d 'Body text' -r
complete -c triage -n "__fish_triage_using_subcommand create" -l body-file -d 'Read the body from a file, or `-` for stdin' -r -F
complete -c triage -n "__fish_triage_using_subcommand create" -l customer -d 'Customer name' -r
complete -c triage -n "__fish_triage_using_subcommand create" -l email -d 'Customer email (dedup matches it case-insensitively)' -r
complete -c triage -n "__fish_triage_using_subcommand create" -l phone -d 'Customer phone (dedup matches its last 10 digits)' -r
complete -c triage -n "__fish_triage_using_subcommand create" -l tier -d 'Customer tier (e.g. vip, gold, standard)' -r
complete -c triage -n "__fish_triage_using_subcommand create" -l customer-id -d 'Customer id in your CRM' -r
complete -c triage -n "__fish_triage_using_subcommand create" -l channel -d 'Channel: email, phone, chat, web, social, api, git, cron, ...' -r
complete -c triage -n "__fish_triage_using_subcommand create" -l category -d 'Category (else the rule file\'s classification decides)' -r
complete -c triage -n "__fish_triage_using_subcommand create" -s p -l priority -d 'P1..P4 or a synonym (urgent, high, normal, low, 紧急, 高, 普通, 低)' -r
complete -c triage -n "__fish_triage_using_subcommand create" -l tag -d 'Tag (repeatable)' -r
complete -c triage -n "__fish_triage_using_subcommand create" -l skill -d 'Required skill (repeatable)' -r
complete -c triage -n "__fish_triage_using_subcommand create" -l team -d 'Team that should handle it (else the classification decides)' -r
complete -c triage -n "__fish_triage_using_subcommand create" -l field -d 'Custom field NAME=VALUE (repeatable)' -r
complete -c triage -n "__fish_triage_using_subcommand create" -l source -d 'Where the ticket comes from (with --external-id: re-sending updates, never duplicates)' -r
complete -c triage -n "__fish_triage_using_subcommand create" -l external-id -d 'The sender\'s own id for this ticket' -r
complete -c triage -n "__fish_triage_using_subcommand create" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand create" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand create" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand create" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand create" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand create" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand create" -l json-input -d 'Read the whole ticket as a JSON object from stdin'
complete -c triage -n "__fish_triage_using_subcommand create" -l no-dedup -d 'Do not merge into the customer\'s open ticket'
complete -c triage -n "__fish_triage_using_subcommand create" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand create" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand list" -l status -d 'Status (repeatable): new, assigned, open, pending, resolved, closed, or `active`' -r
complete -c triage -n "__fish_triage_using_subcommand list" -s p -l priority -d 'Priority (repeatable)' -r
complete -c triage -n "__fish_triage_using_subcommand list" -l assignee -d 'Assignee; `none` for unassigned' -r
complete -c triage -n "__fish_triage_using_subcommand list" -l team -d 'Team' -r
complete -c triage -n "__fish_triage_using_subcommand list" -l tag -d 'Tickets carrying this tag' -r
complete -c triage -n "__fish_triage_using_subcommand list" -l channel -d 'Channel (email, phone, chat, ...)' -r
complete -c triage -n "__fish_triage_using_subcommand list" -l category -d 'Category' -r
complete -c triage -n "__fish_triage_using_subcommand list" -l customer -d 'Customer name, email, phone or id (substring)' -r
complete -c triage -n "__fish_triage_using_subcommand list" -l text -d 'Text in the title or body (case-insensitive)' -r
complete -c triage -n "__fish_triage_using_subcommand list" -l since -d 'Created at or after' -r
complete -c triage -n "__fish_triage_using_subcommand list" -l until -d 'Created before' -r
complete -c triage -n "__fish_triage_using_subcommand list" -l flow -d 'Tickets running (or that completed) this flow' -r
complete -c triage -n "__fish_triage_using_subcommand list" -l step -d 'Tickets now at this step of the --flow' -r
complete -c triage -n "__fish_triage_using_subcommand list" -l sort -d 'Order of the rows' -r -f -a "id\t''
priority\t''
created\t''
updated\t''
due\t''"
complete -c triage -n "__fish_triage_using_subcommand list" -l limit -d 'Show at most this many tickets' -r
complete -c triage -n "__fish_triage_using_subcommand list" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand list" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand list" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand list" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand list" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand list" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand list" -l trash -d 'Show tickets in the trash instead'
complete -c triage -n "__fish_triage_using_subcommand list" -l reverse -d 'Newest (or highest) first'
complete -c triage -n "__fish_triage_using_subcommand list" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand list" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand show" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand show" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand show" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand show" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand show" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand show" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand show" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand show" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand update" -s p -l priority -d 'New priority: P1..P4 or a synonym' -r
complete -c triage -n "__fish_triage_using_subcommand update" -l team -d 'Move to this team' -r
complete -c triage -n "__fish_triage_using_subcommand update" -l category -d 'New category' -r
complete -c triage -n "__fish_triage_using_subcommand update" -l assignee -d 'Hand the ticket to this agent (`none` to unassign); a hand-over needs --reason' -r
complete -c triage -n "__fish_triage_using_subcommand update" -l status -d 'Move to a status (the same checks as the lifecycle commands)' -r
complete -c triage -n "__fish_triage_using_subcommand update" -l add-tag -d 'Add a tag (repeatable)' -r
complete -c triage -n "__fish_triage_using_subcommand update" -l remove-tag -d 'Remove a tag (repeatable)' -r
complete -c triage -n "__fish_triage_using_subcommand update" -l set -d 'Set a custom field NAME=VALUE (repeatable)' -r
complete -c triage -n "__fish_triage_using_subcommand update" -l unset -d 'Remove a custom field (repeatable)' -r
complete -c triage -n "__fish_triage_using_subcommand update" -l reason -d 'Why (recorded in the audit log; required to hand over to another assignee)' -r
complete -c triage -n "__fish_triage_using_subcommand update" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand update" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand update" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand update" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand update" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand update" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand update" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand update" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand respond" -s m -l message -d 'The response text (recorded in the audit log)' -r
complete -c triage -n "__fish_triage_using_subcommand respond" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand respond" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand respond" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand respond" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand respond" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand respond" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand respond" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand respond" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand pending" -s m -l note -d 'A note for the audit log' -r
complete -c triage -n "__fish_triage_using_subcommand pending" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand pending" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand pending" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand pending" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand pending" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand pending" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand pending" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand pending" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand resolve" -s m -l note -d 'A note for the audit log' -r
complete -c triage -n "__fish_triage_using_subcommand resolve" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand resolve" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand resolve" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand resolve" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand resolve" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand resolve" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand resolve" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand resolve" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand close" -s m -l note -d 'A note for the audit log' -r
complete -c triage -n "__fish_triage_using_subcommand close" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand close" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand close" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand close" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand close" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand close" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand close" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand close" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand reopen" -s m -l note -d 'A note for the audit log' -r
complete -c triage -n "__fish_triage_using_subcommand reopen" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand reopen" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand reopen" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand reopen" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand reopen" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand reopen" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand reopen" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand reopen" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand merge" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand merge" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand merge" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand merge" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand merge" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand merge" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand merge" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand merge" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand note" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand note" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand note" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand note" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand note" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand note" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand note" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand note" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand csat" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand csat" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand csat" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand csat" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand csat" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand csat" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand csat" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand csat" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand delete" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand delete" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand delete" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand delete" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand delete" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand delete" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand delete" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand delete" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand restore" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand restore" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand restore" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand restore" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand restore" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand restore" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand restore" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand restore" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand assign" -l strategy -d 'Use this strategy instead of the rule file\'s' -r
complete -c triage -n "__fish_triage_using_subcommand assign" -l to -d 'Give the tickets to this agent by hand (warns when skills do not match)' -r
complete -c triage -n "__fish_triage_using_subcommand assign" -l from -d 'Hand back this agent\'s active tickets and route them to others' -r
complete -c triage -n "__fish_triage_using_subcommand assign" -l reason -d 'Why (recorded in the audit log)' -r
complete -c triage -n "__fish_triage_using_subcommand assign" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand assign" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand assign" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand assign" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand assign" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand assign" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand assign" -l dry-run -d 'Show what would happen without changing anything'
complete -c triage -n "__fish_triage_using_subcommand assign" -l explain -d 'Print every candidate\'s filter verdicts and score parts'
complete -c triage -n "__fish_triage_using_subcommand assign" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand assign" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand agents; and not __fish_seen_subcommand_from list set-status help" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand agents; and not __fish_seen_subcommand_from list set-status help" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand agents; and not __fish_seen_subcommand_from list set-status help" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand agents; and not __fish_seen_subcommand_from list set-status help" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand agents; and not __fish_seen_subcommand_from list set-status help" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand agents; and not __fish_seen_subcommand_from list set-status help" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand agents; and not __fish_seen_subcommand_from list set-status help" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand agents; and not __fish_seen_subcommand_from list set-status help" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand agents; and not __fish_seen_subcommand_from list set-status help" -f -a "list" -d 'The roster (the default)'
complete -c triage -n "__fish_triage_using_subcommand agents; and not __fish_seen_subcommand_from list set-status help" -f -a "set-status" -d 'Set an agent\'s status; it overrides the rule file until set again'
complete -c triage -n "__fish_triage_using_subcommand agents; and not __fish_seen_subcommand_from list set-status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand agents; and __fish_seen_subcommand_from list" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand agents; and __fish_seen_subcommand_from list" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand agents; and __fish_seen_subcommand_from list" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand agents; and __fish_seen_subcommand_from list" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand agents; and __fish_seen_subcommand_from list" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand agents; and __fish_seen_subcommand_from list" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand agents; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand agents; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand agents; and __fish_seen_subcommand_from set-status" -l reason -d 'Why (kept in the agent\'s history)' -r
complete -c triage -n "__fish_triage_using_subcommand agents; and __fish_seen_subcommand_from set-status" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand agents; and __fish_seen_subcommand_from set-status" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand agents; and __fish_seen_subcommand_from set-status" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand agents; and __fish_seen_subcommand_from set-status" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand agents; and __fish_seen_subcommand_from set-status" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand agents; and __fish_seen_subcommand_from set-status" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand agents; and __fish_seen_subcommand_from set-status" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand agents; and __fish_seen_subcommand_from set-status" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand agents; and __fish_seen_subcommand_from help" -f -a "list" -d 'The roster (the default)'
complete -c triage -n "__fish_triage_using_subcommand agents; and __fish_seen_subcommand_from help" -f -a "set-status" -d 'Set an agent\'s status; it overrides the rule file until set again'
complete -c triage -n "__fish_triage_using_subcommand agents; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand flow; and not __fish_seen_subcommand_from start advance back show help" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand flow; and not __fish_seen_subcommand_from start advance back show help" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand flow; and not __fish_seen_subcommand_from start advance back show help" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand flow; and not __fish_seen_subcommand_from start advance back show help" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand flow; and not __fish_seen_subcommand_from start advance back show help" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand flow; and not __fish_seen_subcommand_from start advance back show help" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand flow; and not __fish_seen_subcommand_from start advance back show help" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand flow; and not __fish_seen_subcommand_from start advance back show help" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand flow; and not __fish_seen_subcommand_from start advance back show help" -f -a "start" -d 'Put a ticket on the first step of a flow and route it to that step\'s team'
complete -c triage -n "__fish_triage_using_subcommand flow; and not __fish_seen_subcommand_from start advance back show help" -f -a "advance" -d 'Complete the current step and hand the ticket to the next step\'s team'
complete -c triage -n "__fish_triage_using_subcommand flow; and not __fish_seen_subcommand_from start advance back show help" -f -a "back" -d 'Hand the ticket back to the previous step, with a reason'
complete -c triage -n "__fish_triage_using_subcommand flow; and not __fish_seen_subcommand_from start advance back show help" -f -a "show" -d 'The flow\'s steps: who did each and how long each took against its target'
complete -c triage -n "__fish_triage_using_subcommand flow; and not __fish_seen_subcommand_from start advance back show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from start" -s m -l note -d 'A note for the audit log' -r
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from start" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from start" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from start" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from start" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from start" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from start" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from start" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from start" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from advance" -l set -d 'Set a field first, e.g. a field the step requires (repeatable)' -r
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from advance" -l with -d 'An agent who handled the step jointly, for a step with participant teams (repeatable)' -r
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from advance" -s m -l note -d 'A note for the audit log' -r
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from advance" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from advance" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from advance" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from advance" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from advance" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from advance" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from advance" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from advance" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from back" -l reason -d 'Why the step goes back (recorded in the audit log)' -r
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from back" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from back" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from back" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from back" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from back" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from back" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from back" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from back" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from show" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from show" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from show" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from show" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from show" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from show" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from help" -f -a "start" -d 'Put a ticket on the first step of a flow and route it to that step\'s team'
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from help" -f -a "advance" -d 'Complete the current step and hand the ticket to the next step\'s team'
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from help" -f -a "back" -d 'Hand the ticket back to the previous step, with a reason'
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from help" -f -a "show" -d 'The flow\'s steps: who did each and how long each took against its target'
complete -c triage -n "__fish_triage_using_subcommand flow; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand escalate" -l reason -d 'Why the tickets are urged (goes in the audit log and to the notifier)' -r
complete -c triage -n "__fish_triage_using_subcommand escalate" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand escalate" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand escalate" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand escalate" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand escalate" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand escalate" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand escalate" -l dry-run -d 'Show what would fire; write nothing and notify nobody'
complete -c triage -n "__fish_triage_using_subcommand escalate" -l no-header -d 'With --format csv, leave out the header row: for a cron job that appends every run to one log'
complete -c triage -n "__fish_triage_using_subcommand escalate" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand escalate" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand import" -l from -d 'Read the file as this system\'s export: servicenow, servicenow-eventlog, zendesk, freshdesk, jira, zammad, otrs (znuny), osticket [default: detected from the header row]' -r
complete -c triage -n "__fish_triage_using_subcommand import" -l source -d 'Name the tickets are filed under with their external ids [default: the mapping file\'s source, else the file stem]' -r
complete -c triage -n "__fish_triage_using_subcommand import" -l sheet -d 'Workbook sheet by name or 1-based index [default: the first that looks like tickets]' -r
complete -c triage -n "__fish_triage_using_subcommand import" -l delimiter -d 'CSV delimiter: one character, or tab, comma, semicolon, pipe [default: sniffed]' -r
complete -c triage -n "__fish_triage_using_subcommand import" -l encoding -d 'Text encoding (utf-8, gbk, gb18030, utf-16le, big5, ...) [default: detected]' -r
complete -c triage -n "__fish_triage_using_subcommand import" -l map -d 'Map a column to a field, e.g. \'Sev=priority\' or \'Region=-\' (repeatable; beats --mapping)' -r
complete -c triage -n "__fish_triage_using_subcommand import" -l value -d 'Translate one value, e.g. \'status:Escalated=open\' or \'status:Escalated=open +escalated\' (repeatable; beats --mapping and the layout)' -r
complete -c triage -n "__fish_triage_using_subcommand import" -l mapping -d 'Mapping file: columns, value maps, date format, time zone, null markers, defaults, source' -r -F
complete -c triage -n "__fish_triage_using_subcommand import" -l date-format -d 'Date format for every date column: strftime (\'%d/%m/%Y %H:%M\') or dmy / mdy' -r
complete -c triage -n "__fish_triage_using_subcommand import" -l rejects -d 'Write rejected rows here: the original cells plus a reason column' -r -F
complete -c triage -n "__fish_triage_using_subcommand import" -l warnings -d 'Write every warning here (CSV: place, warning); stderr shows the first 10' -r -F
complete -c triage -n "__fish_triage_using_subcommand import" -l batch -d 'Rows per database transaction' -r
complete -c triage -n "__fish_triage_using_subcommand import" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand import" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand import" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand import" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand import" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand import" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand import" -l show-mapping -d 'Print the column → field table and stop'
complete -c triage -n "__fish_triage_using_subcommand import" -l strict -d 'Import nothing unless every row is good'
complete -c triage -n "__fish_triage_using_subcommand import" -l strict-times -d 'Reject rows whose times contradict each other (resolved before created, ...) instead of warning'
complete -c triage -n "__fish_triage_using_subcommand import" -l dry-run -d 'Do everything but write to the database'
complete -c triage -n "__fish_triage_using_subcommand import" -l assign -d 'Route the imported open, unassigned tickets to agents'
complete -c triage -n "__fish_triage_using_subcommand import" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand import" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand rules; and not __fish_seen_subcommand_from check test plan help" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand rules; and not __fish_seen_subcommand_from check test plan help" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand rules; and not __fish_seen_subcommand_from check test plan help" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand rules; and not __fish_seen_subcommand_from check test plan help" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand rules; and not __fish_seen_subcommand_from check test plan help" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand rules; and not __fish_seen_subcommand_from check test plan help" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand rules; and not __fish_seen_subcommand_from check test plan help" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand rules; and not __fish_seen_subcommand_from check test plan help" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand rules; and not __fish_seen_subcommand_from check test plan help" -f -a "check" -d 'Validate a rule file (default: the active one)'
complete -c triage -n "__fish_triage_using_subcommand rules; and not __fish_seen_subcommand_from check test plan help" -f -a "test" -d 'Run sample tickets through the rules and compare with the expected outcome'
complete -c triage -n "__fish_triage_using_subcommand rules; and not __fish_seen_subcommand_from check test plan help" -f -a "plan" -d 'Show which stored open tickets a changed rule file would treat differently'
complete -c triage -n "__fish_triage_using_subcommand rules; and not __fish_seen_subcommand_from check test plan help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from check" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from check" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from check" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from check" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from check" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from check" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from test" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from test" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from test" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from test" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from test" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from test" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from test" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from plan" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from plan" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from plan" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from plan" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from plan" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from plan" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from plan" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from plan" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "check" -d 'Validate a rule file (default: the active one)'
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "test" -d 'Run sample tickets through the rules and compare with the expected outcome'
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "plan" -d 'Show which stored open tickets a changed rule file would treat differently'
complete -c triage -n "__fish_triage_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand export" -l as -d 'csv or jsonl [default: --format csv/json, else --out\'s extension (.csv, .jsonl), else csv]' -r -f -a "csv\t'Tickets as CSV, formula cells escaped for Excel'
jsonl\t'JSON Lines: tickets, trash, agent states (and events): the backup format'"
complete -c triage -n "__fish_triage_using_subcommand export" -s o -l out -d 'Write to this file (created private, replaced atomically) instead of stdout' -r -F
complete -c triage -n "__fish_triage_using_subcommand export" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand export" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand export" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand export" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand export" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand export" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand export" -l events -d 'Include the audit events: JSON Lines adds event lines (a full backup); CSV writes them to NAME.events.csv next to --out'
complete -c triage -n "__fish_triage_using_subcommand export" -l bom -d 'CSV: start with a UTF-8 byte-order mark so Excel shows Chinese text correctly'
complete -c triage -n "__fish_triage_using_subcommand export" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_using_subcommand doctor" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand doctor" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand doctor" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand doctor" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand doctor" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand doctor" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand doctor" -l repair -d 'Rebuild the indexes from the tickets, fix the id counter and history counts, then check again'
complete -c triage -n "__fish_triage_using_subcommand doctor" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand backup; and not __fish_seen_subcommand_from create restore help" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand backup; and not __fish_seen_subcommand_from create restore help" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand backup; and not __fish_seen_subcommand_from create restore help" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand backup; and not __fish_seen_subcommand_from create restore help" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand backup; and not __fish_seen_subcommand_from create restore help" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand backup; and not __fish_seen_subcommand_from create restore help" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand backup; and not __fish_seen_subcommand_from create restore help" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand backup; and not __fish_seen_subcommand_from create restore help" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand backup; and not __fish_seen_subcommand_from create restore help" -f -a "create" -d 'Write a full backup: JSON Lines with every ticket, the trash, agent states and all audit events'
complete -c triage -n "__fish_triage_using_subcommand backup; and not __fish_seen_subcommand_from create restore help" -f -a "restore" -d 'Restore a backup (or `export --as jsonl --events`) into an empty database'
complete -c triage -n "__fish_triage_using_subcommand backup; and not __fish_seen_subcommand_from create restore help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand backup; and __fish_seen_subcommand_from create" -s o -l out -d 'The same as FILE' -r -F
complete -c triage -n "__fish_triage_using_subcommand backup; and __fish_seen_subcommand_from create" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand backup; and __fish_seen_subcommand_from create" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand backup; and __fish_seen_subcommand_from create" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand backup; and __fish_seen_subcommand_from create" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand backup; and __fish_seen_subcommand_from create" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand backup; and __fish_seen_subcommand_from create" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand backup; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand backup; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand backup; and __fish_seen_subcommand_from restore" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand backup; and __fish_seen_subcommand_from restore" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand backup; and __fish_seen_subcommand_from restore" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand backup; and __fish_seen_subcommand_from restore" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand backup; and __fish_seen_subcommand_from restore" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand backup; and __fish_seen_subcommand_from restore" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand backup; and __fish_seen_subcommand_from restore" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand backup; and __fish_seen_subcommand_from restore" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "create" -d 'Write a full backup: JSON Lines with every ticket, the trash, agent states and all audit events'
complete -c triage -n "__fish_triage_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "restore" -d 'Restore a backup (or `export --as jsonl --events`) into an empty database'
complete -c triage -n "__fish_triage_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand simulate" -l scenario -d 'Scenario file (YAML) [default: the embedded example scenario, or with --from-db a replay]' -r -F
complete -c triage -n "__fish_triage_using_subcommand simulate" -l strategies -d 'Compare these strategies (comma-separated: round_robin, least_loaded, skill, score, random)' -r
complete -c triage -n "__fish_triage_using_subcommand simulate" -l since -d 'Start of the replayed period [default: 28 days before --until]' -r
complete -c triage -n "__fish_triage_using_subcommand simulate" -l until -d 'End of the replayed period [default: now]' -r
complete -c triage -n "__fish_triage_using_subcommand simulate" -l agents -d 'Also simulate a changed roster: +N:SKILL[,SKILL] adds N agents, -ID removes one (repeatable)' -r
complete -c triage -n "__fish_triage_using_subcommand simulate" -l dispatch -d 'Dispatch mode for every variant: pull (central queue) or push (personal queues)' -r
complete -c triage -n "__fish_triage_using_subcommand simulate" -s n -l replications -d 'Independent replications per variant, run in parallel [default: the scenario\'s, else 1]' -r
complete -c triage -n "__fish_triage_using_subcommand simulate" -l seed -d 'Random seed: the same seed gives the same output [default: the scenario\'s, else 1]' -r
complete -c triage -n "__fish_triage_using_subcommand simulate" -l by -d 'Add a per-agent table' -r -f -a "agent\t''"
complete -c triage -n "__fish_triage_using_subcommand simulate" -l export-tickets -d 'Write the simulated tickets (first variant, first replication) as CSV for `import`' -r -F
complete -c triage -n "__fish_triage_using_subcommand simulate" -l jobs -d 'Threads to use [default: all cores]' -r
complete -c triage -n "__fish_triage_using_subcommand simulate" -s o -l out -d 'Write the results to FILE instead of stdout (format from its extension without --format: .csv, .json, .jsonl, .md, .html)' -r -F
complete -c triage -n "__fish_triage_using_subcommand simulate" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand simulate" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand simulate" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand simulate" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand simulate" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand simulate" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand simulate" -l from-db -d 'Replay the database\'s tickets created between --since and --until'
complete -c triage -n "__fish_triage_using_subcommand simulate" -l differences -d 'Add a table of each variant\'s difference from the first, with 95% intervals paired by replication'
complete -c triage -n "__fish_triage_using_subcommand simulate" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand simulate" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand report" -l by -d 'Group the sla, backlog, resolution and csat tables by this field (priority: as created; current-priority: after escalation bumps)' -r -f -a "priority\t'the priority a ticket was created with (escalation bumps do not move it)'
current-priority\t'the priority now, after bumps and changes'
team\t''
agent\t''
channel\t''
category\t''
policy\t''
tier\t''"
complete -c triage -n "__fish_triage_using_subcommand report" -l period -d 'One resolution-rate row per calendar period (in the rules\' zone) instead of per group' -r -f -a "day\t''
week\t''
month\t''"
complete -c triage -n "__fish_triage_using_subcommand report" -l since -d 'Window start (inclusive): cohort tables count tickets created from TIME; the backlog is a snapshot at --now and ignores it' -r
complete -c triage -n "__fish_triage_using_subcommand report" -l until -d 'Window end (exclusive): tickets created before TIME [default: now]' -r
complete -c triage -n "__fish_triage_using_subcommand report" -l as-of -d 'The report as it stood at TIME, rebuilt from the audit log' -r
complete -c triage -n "__fish_triage_using_subcommand report" -l clock -d 'Measure durations in each SLA target\'s business hours, or in wall-clock time (both minus pending pauses)' -r -f -a "business\t''
calendar\t''"
complete -c triage -n "__fish_triage_using_subcommand report" -s o -l out -d 'Write the output to FILE instead of stdout (format from its extension without --format: .csv, .json, .jsonl, .md, .html)' -r -F
complete -c triage -n "__fish_triage_using_subcommand report" -l out-dir -d 'Write one file per table into DIR (`sla.csv`, `backlog.csv`, ...; CSV unless --format says otherwise; --format html adds index.html beside the CSVs)' -r -F
complete -c triage -n "__fish_triage_using_subcommand report" -l sla-goal -d 'The SLA attainment goal drawn across the HTML report\'s trend chart' -r
complete -c triage -n "__fish_triage_using_subcommand report" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand report" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand report" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand report" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand report" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand report" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand report" -l no-legend -d 'Leave out the one-line definition under each table (table, Markdown and HTML output)'
complete -c triage -n "__fish_triage_using_subcommand report" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c triage -n "__fish_triage_using_subcommand demo" -l keep -d 'Keep the demo database here instead of a temporary directory' -r -F
complete -c triage -n "__fish_triage_using_subcommand demo" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand demo" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand demo" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand demo" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand demo" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand demo" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand demo" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand demo" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand completions" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand completions" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand completions" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand completions" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand completions" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand completions" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand completions" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand completions" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand man" -l out-dir -d 'Directory to write one page per command into (default: print triage.1)' -r -F
complete -c triage -n "__fish_triage_using_subcommand man" -l db -d 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]' -r -F
complete -c triage -n "__fish_triage_using_subcommand man" -l rules -d 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]' -r -F
complete -c triage -n "__fish_triage_using_subcommand man" -l now -d 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules\' zone' -r
complete -c triage -n "__fish_triage_using_subcommand man" -l format -d 'Output format where output is tabular' -r -f -a "table\t''
csv\t''
json\t''
jsonl\t''
markdown\t''
html\t''
ids\t''"
complete -c triage -n "__fish_triage_using_subcommand man" -l wait -d 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)' -r
complete -c triage -n "__fish_triage_using_subcommand man" -l actor -d 'Who is making the change, for the audit log [default: $USER]' -r
complete -c triage -n "__fish_triage_using_subcommand man" -s q -l quiet -d 'Print nothing but data and errors'
complete -c triage -n "__fish_triage_using_subcommand man" -s h -l help -d 'Print help'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "init" -d 'Write a commented starter rules.yaml and create the database'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "create" -d 'Create a ticket from flags or JSON on stdin; prints its id'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "list" -d 'Find tickets'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "show" -d 'Show a ticket with its audit history'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "update" -d 'Change a ticket\'s priority, team, assignee, category, tags, fields or status'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "respond" -d 'Record an agent response (the first one stops the first-response clock)'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "pending" -d 'Wait on the customer: pauses the SLA clock'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "resolve" -d 'Mark tickets resolved'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "close" -d 'Close tickets'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "reopen" -d 'Reopen resolved or closed tickets'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "merge" -d 'Fold one ticket into another (the first is closed)'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "note" -d 'Add an internal note'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "csat" -d 'Record a customer satisfaction score (1-5) on a resolved ticket'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "delete" -d 'Move tickets to the trash (restorable)'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "restore" -d 'Bring tickets back from the trash'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "assign" -d 'Route unassigned (or given) tickets to agents'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "agents" -d 'The roster with live load; set an agent\'s status'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "flow" -d 'Move a ticket through a cross-team flow: start, advance, back, show'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "escalate" -d 'The cron job: SLA clocks, escalation ladder, reminders, auto-close; or urge tickets one rung'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "import" -d 'Import a legacy backlog (CSV/TSV/XLSX/XLS/ODS): mapping, encodings, dates, upsert, rejects'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "rules" -d 'Validate, test and preview rule files'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "export" -d 'Every ticket (and the audit events) as CSV or JSON Lines, safe to open in Excel'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "doctor" -d 'Check the database\'s indexes, id counter and audit logs; --repair rebuilds what it can'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "backup" -d 'Full backups as JSON Lines: create, and restore into an empty database'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "simulate" -d 'What-if simulation of routing strategies and rosters (same routing and SLA code)'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "report" -d 'SLA, backlog, resolution-rate, agent, fairness, load and CSAT tables'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "demo" -d 'Run the main job end to end on a temporary database'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "completions" -d 'Print shell completions'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "man" -d 'Write man pages'
complete -c triage -n "__fish_triage_using_subcommand help; and not __fish_seen_subcommand_from init create list show update respond pending resolve close reopen merge note csat delete restore assign agents flow escalate import rules export doctor backup simulate report demo completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from agents" -f -a "list" -d 'The roster (the default)'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from agents" -f -a "set-status" -d 'Set an agent\'s status; it overrides the rule file until set again'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from flow" -f -a "start" -d 'Put a ticket on the first step of a flow and route it to that step\'s team'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from flow" -f -a "advance" -d 'Complete the current step and hand the ticket to the next step\'s team'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from flow" -f -a "back" -d 'Hand the ticket back to the previous step, with a reason'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from flow" -f -a "show" -d 'The flow\'s steps: who did each and how long each took against its target'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "check" -d 'Validate a rule file (default: the active one)'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "test" -d 'Run sample tickets through the rules and compare with the expected outcome'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "plan" -d 'Show which stored open tickets a changed rule file would treat differently'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "create" -d 'Write a full backup: JSON Lines with every ticket, the trash, agent states and all audit events'
complete -c triage -n "__fish_triage_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "restore" -d 'Restore a backup (or `export --as jsonl --events`) into an empty database'
