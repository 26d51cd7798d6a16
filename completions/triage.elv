
use builtin;
use str;

set edit:completion:arg-completer[triage] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'triage'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'triage'= {
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Write a commented starter rules.yaml and create the database'
            cand create 'Create a ticket from flags or JSON on stdin; prints its id'
            cand list 'Find tickets'
            cand show 'Show a ticket with its audit history'
            cand update 'Change a ticket''s priority, team, assignee, category, tags, fields or status'
            cand respond 'Record an agent response (the first one stops the first-response clock)'
            cand pending 'Wait on the customer: pauses the SLA clock'
            cand resolve 'Mark tickets resolved'
            cand close 'Close tickets'
            cand reopen 'Reopen resolved or closed tickets'
            cand merge 'Fold one ticket into another (the first is closed)'
            cand note 'Add an internal note'
            cand csat 'Record a customer satisfaction score (1-5) on a resolved ticket'
            cand delete 'Move tickets to the trash (restorable)'
            cand restore 'Bring tickets back from the trash'
            cand assign 'Route unassigned (or given) tickets to agents'
            cand agents 'The roster with live load; set an agent''s status'
            cand flow 'Move a ticket through a cross-team flow: start, advance, back, show'
            cand escalate 'The cron job: SLA clocks, escalation ladder, reminders, auto-close; or urge tickets one rung'
            cand import 'Import a legacy backlog (CSV/TSV/XLSX/XLS/ODS): mapping, encodings, dates, upsert, rejects'
            cand rules 'Validate, test and preview rule files'
            cand export 'Every ticket (and the audit events) as CSV or JSON Lines, safe to open in Excel'
            cand doctor 'Check the database''s indexes, id counter and audit logs; --repair rebuilds what it can'
            cand backup 'Full backups as JSON Lines: create, and restore into an empty database'
            cand simulate 'What-if simulation of routing strategies and rosters (same routing and SLA code)'
            cand report 'SLA, backlog, resolution-rate, agent, fairness, load and CSAT tables'
            cand demo 'Run the main job end to end on a temporary database'
            cand completions 'Print shell completions'
            cand man 'Write man pages'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;init'= {
            cand --output 'Where to write the rule file [default: the --rules path]'
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand --force 'Overwrite an existing rule file'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;create'= {
            cand -t 'Title (subject)'
            cand --title 'Title (subject)'
            cand -b 'Body text'
            cand --body 'Body text'
            cand --body-file 'Read the body from a file, or `-` for stdin'
            cand --customer 'Customer name'
            cand --email 'Customer email (dedup matches it case-insensitively)'
            cand --phone 'Customer phone (dedup matches its last 10 digits)'
            cand --tier 'Customer tier (e.g. vip, gold, standard)'
            cand --customer-id 'Customer id in your CRM'
            cand --channel 'Channel: email, phone, chat, web, social, api, git, cron, ...'
            cand --category 'Category (else the rule file''s classification decides)'
            cand -p 'P1..P4 or a synonym (urgent, high, normal, low, 紧急, 高, 普通, 低)'
            cand --priority 'P1..P4 or a synonym (urgent, high, normal, low, 紧急, 高, 普通, 低)'
            cand --tag 'Tag (repeatable)'
            cand --skill 'Required skill (repeatable)'
            cand --team 'Team that should handle it (else the classification decides)'
            cand --field 'Custom field NAME=VALUE (repeatable)'
            cand --source 'Where the ticket comes from (with --external-id: re-sending updates, never duplicates)'
            cand --external-id 'The sender''s own id for this ticket'
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand --json-input 'Read the whole ticket as a JSON object from stdin'
            cand --no-dedup 'Do not merge into the customer''s open ticket'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;list'= {
            cand --status 'Status (repeatable): new, assigned, open, pending, resolved, closed, or `active`'
            cand -p 'Priority (repeatable)'
            cand --priority 'Priority (repeatable)'
            cand --assignee 'Assignee; `none` for unassigned'
            cand --team 'Team'
            cand --tag 'Tickets carrying this tag'
            cand --channel 'Channel (email, phone, chat, ...)'
            cand --category 'Category'
            cand --customer 'Customer name, email, phone or id (substring)'
            cand --text 'Text in the title or body (case-insensitive)'
            cand --since 'Created at or after'
            cand --until 'Created before'
            cand --flow 'Tickets running (or that completed) this flow'
            cand --step 'Tickets now at this step of the --flow'
            cand --sort 'Order of the rows'
            cand --limit 'Show at most this many tickets'
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand --trash 'Show tickets in the trash instead'
            cand --reverse 'Newest (or highest) first'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;show'= {
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;update'= {
            cand -p 'New priority: P1..P4 or a synonym'
            cand --priority 'New priority: P1..P4 or a synonym'
            cand --team 'Move to this team'
            cand --category 'New category'
            cand --assignee 'Hand the ticket to this agent (`none` to unassign); a hand-over needs --reason'
            cand --status 'Move to a status (the same checks as the lifecycle commands)'
            cand --add-tag 'Add a tag (repeatable)'
            cand --remove-tag 'Remove a tag (repeatable)'
            cand --set 'Set a custom field NAME=VALUE (repeatable)'
            cand --unset 'Remove a custom field (repeatable)'
            cand --reason 'Why (recorded in the audit log; required to hand over to another assignee)'
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;respond'= {
            cand -m 'The response text (recorded in the audit log)'
            cand --message 'The response text (recorded in the audit log)'
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;pending'= {
            cand -m 'A note for the audit log'
            cand --note 'A note for the audit log'
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;resolve'= {
            cand -m 'A note for the audit log'
            cand --note 'A note for the audit log'
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;close'= {
            cand -m 'A note for the audit log'
            cand --note 'A note for the audit log'
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;reopen'= {
            cand -m 'A note for the audit log'
            cand --note 'A note for the audit log'
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;merge'= {
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;note'= {
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;csat'= {
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;delete'= {
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;restore'= {
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;assign'= {
            cand --strategy 'Use this strategy instead of the rule file''s'
            cand --to 'Give the tickets to this agent by hand (warns when skills do not match)'
            cand --from 'Hand back this agent''s active tickets and route them to others'
            cand --reason 'Why (recorded in the audit log)'
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand --dry-run 'Show what would happen without changing anything'
            cand --explain 'Print every candidate''s filter verdicts and score parts'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;agents'= {
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'The roster (the default)'
            cand set-status 'Set an agent''s status; it overrides the rule file until set again'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;agents;list'= {
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;agents;set-status'= {
            cand --reason 'Why (kept in the agent''s history)'
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;agents;help'= {
            cand list 'The roster (the default)'
            cand set-status 'Set an agent''s status; it overrides the rule file until set again'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;agents;help;list'= {
        }
        &'triage;agents;help;set-status'= {
        }
        &'triage;agents;help;help'= {
        }
        &'triage;flow'= {
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand start 'Put a ticket on the first step of a flow and route it to that step''s team'
            cand advance 'Complete the current step and hand the ticket to the next step''s team'
            cand back 'Hand the ticket back to the previous step, with a reason'
            cand show 'The flow''s steps: who did each and how long each took against its target'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;flow;start'= {
            cand -m 'A note for the audit log'
            cand --note 'A note for the audit log'
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;flow;advance'= {
            cand --set 'Set a field first, e.g. a field the step requires (repeatable)'
            cand --with 'An agent who handled the step jointly, for a step with participant teams (repeatable)'
            cand -m 'A note for the audit log'
            cand --note 'A note for the audit log'
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;flow;back'= {
            cand --reason 'Why the step goes back (recorded in the audit log)'
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;flow;show'= {
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;flow;help'= {
            cand start 'Put a ticket on the first step of a flow and route it to that step''s team'
            cand advance 'Complete the current step and hand the ticket to the next step''s team'
            cand back 'Hand the ticket back to the previous step, with a reason'
            cand show 'The flow''s steps: who did each and how long each took against its target'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;flow;help;start'= {
        }
        &'triage;flow;help;advance'= {
        }
        &'triage;flow;help;back'= {
        }
        &'triage;flow;help;show'= {
        }
        &'triage;flow;help;help'= {
        }
        &'triage;escalate'= {
            cand --reason 'Why the tickets are urged (goes in the audit log and to the notifier)'
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand --dry-run 'Show what would fire; write nothing and notify nobody'
            cand --no-header 'With --format csv, leave out the header row: for a cron job that appends every run to one log'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;import'= {
            cand --from 'Read the file as this system''s export: servicenow, servicenow-eventlog, zendesk, freshdesk, jira, zammad, otrs (znuny), osticket [default: detected from the header row]'
            cand --source 'Name the tickets are filed under with their external ids [default: the mapping file''s source, else the file stem]'
            cand --sheet 'Workbook sheet by name or 1-based index [default: the first that looks like tickets]'
            cand --delimiter 'CSV delimiter: one character, or tab, comma, semicolon, pipe [default: sniffed]'
            cand --encoding 'Text encoding (utf-8, gbk, gb18030, utf-16le, big5, ...) [default: detected]'
            cand --map 'Map a column to a field, e.g. ''Sev=priority'' or ''Region=-'' (repeatable; beats --mapping)'
            cand --value 'Translate one value, e.g. ''status:Escalated=open'' or ''status:Escalated=open +escalated'' (repeatable; beats --mapping and the layout)'
            cand --mapping 'Mapping file: columns, value maps, date format, time zone, null markers, defaults, source'
            cand --date-format 'Date format for every date column: strftime (''%d/%m/%Y %H:%M'') or dmy / mdy'
            cand --rejects 'Write rejected rows here: the original cells plus a reason column'
            cand --warnings 'Write every warning here (CSV: place, warning); stderr shows the first 10'
            cand --batch 'Rows per database transaction'
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand --show-mapping 'Print the column → field table and stop'
            cand --strict 'Import nothing unless every row is good'
            cand --strict-times 'Reject rows whose times contradict each other (resolved before created, ...) instead of warning'
            cand --dry-run 'Do everything but write to the database'
            cand --assign 'Route the imported open, unassigned tickets to agents'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;rules'= {
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand check 'Validate a rule file (default: the active one)'
            cand test 'Run sample tickets through the rules and compare with the expected outcome'
            cand plan 'Show which stored open tickets a changed rule file would treat differently'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;rules;check'= {
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;rules;test'= {
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;rules;plan'= {
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;rules;help'= {
            cand check 'Validate a rule file (default: the active one)'
            cand test 'Run sample tickets through the rules and compare with the expected outcome'
            cand plan 'Show which stored open tickets a changed rule file would treat differently'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;rules;help;check'= {
        }
        &'triage;rules;help;test'= {
        }
        &'triage;rules;help;plan'= {
        }
        &'triage;rules;help;help'= {
        }
        &'triage;export'= {
            cand --as 'csv or jsonl [default: --format csv/json, else --out''s extension (.csv, .jsonl), else csv]'
            cand -o 'Write to this file (created private, replaced atomically) instead of stdout'
            cand --out 'Write to this file (created private, replaced atomically) instead of stdout'
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand --events 'Include the audit events: JSON Lines adds event lines (a full backup); CSV writes them to NAME.events.csv next to --out'
            cand --bom 'CSV: start with a UTF-8 byte-order mark so Excel shows Chinese text correctly'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'triage;doctor'= {
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand --repair 'Rebuild the indexes from the tickets, fix the id counter and history counts, then check again'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;backup'= {
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Write a full backup: JSON Lines with every ticket, the trash, agent states and all audit events'
            cand restore 'Restore a backup (or `export --as jsonl --events`) into an empty database'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;backup;create'= {
            cand -o 'The same as FILE'
            cand --out 'The same as FILE'
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;backup;restore'= {
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;backup;help'= {
            cand create 'Write a full backup: JSON Lines with every ticket, the trash, agent states and all audit events'
            cand restore 'Restore a backup (or `export --as jsonl --events`) into an empty database'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;backup;help;create'= {
        }
        &'triage;backup;help;restore'= {
        }
        &'triage;backup;help;help'= {
        }
        &'triage;simulate'= {
            cand --scenario 'Scenario file (YAML) [default: the embedded example scenario, or with --from-db a replay]'
            cand --strategies 'Compare these strategies (comma-separated: round_robin, least_loaded, skill, score, random)'
            cand --since 'Start of the replayed period [default: 28 days before --until]'
            cand --until 'End of the replayed period [default: now]'
            cand --agents 'Also simulate a changed roster: +N:SKILL[,SKILL] adds N agents, -ID removes one (repeatable)'
            cand --dispatch 'Dispatch mode for every variant: pull (central queue) or push (personal queues)'
            cand -n 'Independent replications per variant, run in parallel [default: the scenario''s, else 1]'
            cand --replications 'Independent replications per variant, run in parallel [default: the scenario''s, else 1]'
            cand --seed 'Random seed: the same seed gives the same output [default: the scenario''s, else 1]'
            cand --by 'Add a per-agent table'
            cand --export-tickets 'Write the simulated tickets (first variant, first replication) as CSV for `import`'
            cand --jobs 'Threads to use [default: all cores]'
            cand -o 'Write the results to FILE instead of stdout (format from its extension without --format: .csv, .json, .jsonl, .md, .html)'
            cand --out 'Write the results to FILE instead of stdout (format from its extension without --format: .csv, .json, .jsonl, .md, .html)'
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand --from-db 'Replay the database''s tickets created between --since and --until'
            cand --differences 'Add a table of each variant''s difference from the first, with 95% intervals paired by replication'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;report'= {
            cand --by 'Group the sla, backlog, resolution and csat tables by this field (priority: as created; current-priority: after escalation bumps)'
            cand --period 'One resolution-rate row per calendar period (in the rules'' zone) instead of per group'
            cand --since 'Window start (inclusive): cohort tables count tickets created from TIME; the backlog is a snapshot at --now and ignores it'
            cand --until 'Window end (exclusive): tickets created before TIME [default: now]'
            cand --as-of 'The report as it stood at TIME, rebuilt from the audit log'
            cand --clock 'Measure durations in each SLA target''s business hours, or in wall-clock time (both minus pending pauses)'
            cand -o 'Write the output to FILE instead of stdout (format from its extension without --format: .csv, .json, .jsonl, .md, .html)'
            cand --out 'Write the output to FILE instead of stdout (format from its extension without --format: .csv, .json, .jsonl, .md, .html)'
            cand --out-dir 'Write one file per table into DIR (`sla.csv`, `backlog.csv`, ...; CSV unless --format says otherwise; --format html adds index.html beside the CSVs)'
            cand --sla-goal 'The SLA attainment goal drawn across the HTML report''s trend chart'
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand --no-legend 'Leave out the one-line definition under each table (table, Markdown and HTML output)'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'triage;demo'= {
            cand --keep 'Keep the demo database here instead of a temporary directory'
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;completions'= {
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;man'= {
            cand --out-dir 'Directory to write one page per command into (default: print triage.1)'
            cand --db 'Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]'
            cand --rules 'Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]'
            cand --now 'The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules'' zone'
            cand --format 'Output format where output is tabular'
            cand --wait 'How long to wait for a database another process holds (e.g. 30s, 2m, 0)'
            cand --actor 'Who is making the change, for the audit log [default: $USER]'
            cand -q 'Print nothing but data and errors'
            cand --quiet 'Print nothing but data and errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'triage;help'= {
            cand init 'Write a commented starter rules.yaml and create the database'
            cand create 'Create a ticket from flags or JSON on stdin; prints its id'
            cand list 'Find tickets'
            cand show 'Show a ticket with its audit history'
            cand update 'Change a ticket''s priority, team, assignee, category, tags, fields or status'
            cand respond 'Record an agent response (the first one stops the first-response clock)'
            cand pending 'Wait on the customer: pauses the SLA clock'
            cand resolve 'Mark tickets resolved'
            cand close 'Close tickets'
            cand reopen 'Reopen resolved or closed tickets'
            cand merge 'Fold one ticket into another (the first is closed)'
            cand note 'Add an internal note'
            cand csat 'Record a customer satisfaction score (1-5) on a resolved ticket'
            cand delete 'Move tickets to the trash (restorable)'
            cand restore 'Bring tickets back from the trash'
            cand assign 'Route unassigned (or given) tickets to agents'
            cand agents 'The roster with live load; set an agent''s status'
            cand flow 'Move a ticket through a cross-team flow: start, advance, back, show'
            cand escalate 'The cron job: SLA clocks, escalation ladder, reminders, auto-close; or urge tickets one rung'
            cand import 'Import a legacy backlog (CSV/TSV/XLSX/XLS/ODS): mapping, encodings, dates, upsert, rejects'
            cand rules 'Validate, test and preview rule files'
            cand export 'Every ticket (and the audit events) as CSV or JSON Lines, safe to open in Excel'
            cand doctor 'Check the database''s indexes, id counter and audit logs; --repair rebuilds what it can'
            cand backup 'Full backups as JSON Lines: create, and restore into an empty database'
            cand simulate 'What-if simulation of routing strategies and rosters (same routing and SLA code)'
            cand report 'SLA, backlog, resolution-rate, agent, fairness, load and CSAT tables'
            cand demo 'Run the main job end to end on a temporary database'
            cand completions 'Print shell completions'
            cand man 'Write man pages'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'triage;help;init'= {
        }
        &'triage;help;create'= {
        }
        &'triage;help;list'= {
        }
        &'triage;help;show'= {
        }
        &'triage;help;update'= {
        }
        &'triage;help;respond'= {
        }
        &'triage;help;pending'= {
        }
        &'triage;help;resolve'= {
        }
        &'triage;help;close'= {
        }
        &'triage;help;reopen'= {
        }
        &'triage;help;merge'= {
        }
        &'triage;help;note'= {
        }
        &'triage;help;csat'= {
        }
        &'triage;help;delete'= {
        }
        &'triage;help;restore'= {
        }
        &'triage;help;assign'= {
        }
        &'triage;help;agents'= {
            cand list 'The roster (the default)'
            cand set-status 'Set an agent''s status; it overrides the rule file until set again'
        }
        &'triage;help;agents;list'= {
        }
        &'triage;help;agents;set-status'= {
        }
        &'triage;help;flow'= {
            cand start 'Put a ticket on the first step of a flow and route it to that step''s team'
            cand advance 'Complete the current step and hand the ticket to the next step''s team'
            cand back 'Hand the ticket back to the previous step, with a reason'
            cand show 'The flow''s steps: who did each and how long each took against its target'
        }
        &'triage;help;flow;start'= {
        }
        &'triage;help;flow;advance'= {
        }
        &'triage;help;flow;back'= {
        }
        &'triage;help;flow;show'= {
        }
        &'triage;help;escalate'= {
        }
        &'triage;help;import'= {
        }
        &'triage;help;rules'= {
            cand check 'Validate a rule file (default: the active one)'
            cand test 'Run sample tickets through the rules and compare with the expected outcome'
            cand plan 'Show which stored open tickets a changed rule file would treat differently'
        }
        &'triage;help;rules;check'= {
        }
        &'triage;help;rules;test'= {
        }
        &'triage;help;rules;plan'= {
        }
        &'triage;help;export'= {
        }
        &'triage;help;doctor'= {
        }
        &'triage;help;backup'= {
            cand create 'Write a full backup: JSON Lines with every ticket, the trash, agent states and all audit events'
            cand restore 'Restore a backup (or `export --as jsonl --events`) into an empty database'
        }
        &'triage;help;backup;create'= {
        }
        &'triage;help;backup;restore'= {
        }
        &'triage;help;simulate'= {
        }
        &'triage;help;report'= {
        }
        &'triage;help;demo'= {
        }
        &'triage;help;completions'= {
        }
        &'triage;help;man'= {
        }
        &'triage;help;help'= {
        }
    ]
    $completions[$command]
}
