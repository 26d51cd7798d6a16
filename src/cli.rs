//! Command-line definitions. Completions and man pages are generated from
//! these, so this is the one place flags are declared.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::output::Format;

/// The exit codes, for `--help` and the man pages' EXIT STATUS (the
/// README's table says the same at more length).
pub const EXIT_STATUS: &[(u8, &str)] = &[
    (0, "success (also when the output pipe is closed early)"),
    (
        1,
        "bad data or rule file: the message names the file, line, column or ticket; \
         or a name (agent, team, flow, ticket) the rules or the database do not have; \
         or a database server that refuses the login, lacks the database or denies permission",
    ),
    (
        2,
        "usage error: unknown flag, missing argument, or a flag value triage cannot use",
    ),
    (
        75,
        "try again later: the database stayed busy longer than --wait, its server is down or \
         the connection was lost, or the disk is full; nothing was written",
    ),
    (
        70,
        "internal error, or a database that cannot be opened (see triage doctor)",
    ),
];

/// The environment triage reads, for the man pages' ENVIRONMENT.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "TRIAGE_DB",
        "the database, as --db: a directory or a postgres:// URL",
    ),
    ("TRIAGE_RULES", "the rule file, as --rules"),
    ("TRIAGE_NOW", "the clock, as --now"),
    ("TRIAGE_ACTOR", "who makes the change, as --actor"),
    (
        "USER",
        "the actor when neither --actor nor TRIAGE_ACTOR is given",
    ),
    (
        "XDG_DATA_HOME, XDG_CONFIG_HOME, HOME",
        "where the default database ($XDG_DATA_HOME/triage/db) and rule file \
         ($XDG_CONFIG_HOME/triage/rules.yaml) live",
    ),
    (
        "TZ",
        "the time zone triage init writes into a new rule file",
    ),
    ("NO_COLOR", "no colours in tables"),
    (
        "PGPASSWORD, PGPASSFILE, PGHOST, PGPORT, PGUSER, PGDATABASE, PGSSLMODE, PGSSLROOTCERT",
        "what a postgres:// URL leaves out, as libpq reads them",
    ),
];

/// The exit codes under `--help`, each meaning wrapped under its code.
fn exit_codes_help() -> String {
    const WIDTH: usize = 90;
    let mut text = String::from("Exit codes:");
    for (code, meaning) in EXIT_STATUS {
        let mut line = format!("  {code:<3}");
        for word in meaning.split(' ') {
            if line.len() + 1 + word.len() > WIDTH {
                text.push('\n');
                text.push_str(&line);
                line = " ".repeat(5);
            }
            line.push(' ');
            line.push_str(word);
        }
        text.push('\n');
        text.push_str(&line);
    }
    text
}

#[derive(Debug, Parser)]
#[command(
    name = "triage",
    version,
    about = "Customer-service ticket routing: create, route, escalate, report, import and simulate",
    after_help = exit_codes_help(),
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// The heading of the options every command takes, apart from its own.
const GLOBAL: &str = "Global options";

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Database: a directory, or a postgres:// URL of a server shared by a team [default: $XDG_DATA_HOME/triage/db]
    #[arg(help_heading = GLOBAL, long, global = true, env = "TRIAGE_DB", value_name = "PATH|URL")]
    pub db: Option<PathBuf>,
    /// Rule file [default: $XDG_CONFIG_HOME/triage/rules.yaml, else the embedded rules]
    #[arg(help_heading = GLOBAL, long, global = true, env = "TRIAGE_RULES", value_name = "PATH")]
    pub rules: Option<PathBuf>,
    /// The clock: RFC 3339, or local `YYYY-MM-DD HH:MM` in the rules' zone
    #[arg(help_heading = GLOBAL, long, global = true, env = "TRIAGE_NOW", value_name = "TIME")]
    pub now: Option<String>,
    /// Output format where output is tabular
    #[arg(help_heading = GLOBAL, long, global = true, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// How long to wait for a database another process holds (e.g. 30s, 2m, 0)
    #[arg(help_heading = GLOBAL, long, global = true, default_value = "30s", value_name = "DURATION")]
    pub wait: String,
    /// Who is making the change, for the audit log [default: $USER]
    #[arg(help_heading = GLOBAL, long, global = true, env = "TRIAGE_ACTOR", value_name = "NAME")]
    pub actor: Option<String>,
    /// Print nothing but data and errors
    #[arg(help_heading = GLOBAL, short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a commented starter rules.yaml and create the database
    Init(InitArgs),
    /// Create a ticket from flags or JSON on stdin; prints its id
    Create(Box<CreateArgs>),
    /// Find tickets
    List(ListArgs),
    /// Show a ticket with its audit history
    Show(ShowArgs),
    /// Change a ticket's priority, team, assignee, category, tags, fields or status
    Update(UpdateArgs),
    /// Record an agent response (the first one stops the first-response clock)
    Respond(RespondArgs),
    /// Wait on the customer: pauses the SLA clock
    Pending(TransitionArgs),
    /// Mark tickets resolved
    Resolve(TransitionArgs),
    /// Close tickets
    Close(TransitionArgs),
    /// Reopen resolved or closed tickets
    Reopen(TransitionArgs),
    /// Fold one ticket into another (the first is closed)
    Merge(MergeArgs),
    /// Add an internal note
    Note(NoteArgs),
    /// Record a customer satisfaction score (1-5) on a resolved ticket
    Csat(CsatArgs),
    /// Move tickets to the trash (restorable)
    Delete(TrashArgs),
    /// Bring tickets back from the trash
    Restore(TrashArgs),
    /// Route unassigned (or given) tickets to agents
    Assign(crate::commands::assign::AssignArgs),
    /// The roster with live load; set an agent's status
    Agents(crate::commands::agents::AgentsArgs),
    /// Move a ticket through a cross-team flow: start, advance, back, show
    #[command(subcommand)]
    Flow(crate::commands::flow::FlowCommand),
    /// The cron job: SLA clocks, escalation ladder, reminders, auto-close; or urge tickets one rung
    Escalate(crate::commands::escalate::EscalateArgs),
    /// Import a legacy backlog (CSV/TSV/XLSX/XLS/ODS): mapping, encodings, dates, upsert, rejects
    Import(crate::commands::import::ImportArgs),
    /// Validate, test and preview rule files
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Every ticket (and the audit events) as CSV or JSON Lines, safe to open in Excel
    Export(crate::commands::export::ExportArgs),
    /// Check the database's indexes, id counter and audit logs; --repair rebuilds what it can
    Doctor(crate::commands::doctor::DoctorArgs),
    /// Full backups as JSON Lines: create, and restore into an empty database
    #[command(subcommand)]
    Backup(crate::commands::backup::BackupCommand),
    /// What-if simulation of routing strategies and rosters (same routing and SLA code)
    Simulate(crate::commands::simulate::SimulateArgs),
    /// SLA, backlog, resolution-rate, agent, fairness, load and CSAT tables
    Report(crate::commands::report::ReportArgs),
    /// Run the main job end to end on a temporary database
    Demo(DemoArgs),
    /// Print shell completions
    Completions(CompletionsArgs),
    /// Write man pages
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the rule file [default: the --rules path]
    #[arg(long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Overwrite an existing rule file
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args, Default)]
pub struct CreateArgs {
    /// Title (subject)
    #[arg(long, short = 't')]
    pub title: Option<String>,
    /// Body text
    #[arg(long, short = 'b', conflicts_with = "body_file")]
    pub body: Option<String>,
    /// Read the body from a file, or `-` for stdin
    #[arg(long, value_name = "PATH")]
    pub body_file: Option<PathBuf>,
    /// Read the whole ticket as a JSON object from stdin
    #[arg(long, conflicts_with_all = ["title", "body", "body_file"])]
    pub json_input: bool,
    /// Customer name
    #[arg(long)]
    pub customer: Option<String>,
    /// Customer email (dedup matches it case-insensitively)
    #[arg(long)]
    pub email: Option<String>,
    /// Customer phone (dedup matches its last 10 digits)
    #[arg(long)]
    pub phone: Option<String>,
    /// Customer tier (e.g. vip, gold, standard)
    #[arg(long)]
    pub tier: Option<String>,
    /// Customer id in your CRM
    #[arg(long)]
    pub customer_id: Option<String>,
    /// Channel: email, phone, chat, web, social, api, git, cron, ...
    #[arg(long)]
    pub channel: Option<String>,
    /// Category (else the rule file's classification decides)
    #[arg(long)]
    pub category: Option<String>,
    /// P1..P4 or a synonym (urgent, high, normal, low, 紧急, 高, 普通, 低)
    #[arg(long, short = 'p')]
    pub priority: Option<String>,
    /// Tag (repeatable)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Required skill (repeatable)
    #[arg(long = "skill", value_name = "SKILL")]
    pub skills: Vec<String>,
    /// Team that should handle it (else the classification decides)
    #[arg(long)]
    pub team: Option<String>,
    /// Custom field NAME=VALUE (repeatable)
    #[arg(long = "field", value_name = "NAME=VALUE")]
    pub fields: Vec<String>,
    /// Where the ticket comes from (with --external-id: re-sending updates, never duplicates)
    #[arg(long)]
    pub source: Option<String>,
    /// The sender's own id for this ticket
    #[arg(long, requires = "source")]
    pub external_id: Option<String>,
    /// Do not merge into the customer's open ticket
    #[arg(long)]
    pub no_dedup: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum SortKey {
    Id,
    Priority,
    Created,
    Updated,
    Due,
}

#[derive(Debug, Args, Default)]
pub struct ListArgs {
    /// Status (repeatable): new, assigned, open, pending, resolved, closed, or `active`
    #[arg(long = "status", value_name = "STATUS")]
    pub statuses: Vec<String>,
    /// Priority (repeatable)
    #[arg(long = "priority", short = 'p', value_name = "PRIORITY")]
    pub priorities: Vec<String>,
    /// Assignee; `none` for unassigned
    #[arg(long)]
    pub assignee: Option<String>,
    /// Team
    #[arg(long)]
    pub team: Option<String>,
    /// Tickets carrying this tag
    #[arg(long)]
    pub tag: Option<String>,
    /// Channel (email, phone, chat, ...)
    #[arg(long)]
    pub channel: Option<String>,
    /// Category
    #[arg(long)]
    pub category: Option<String>,
    /// Customer name, email, phone or id (substring)
    #[arg(long)]
    pub customer: Option<String>,
    /// Text in the title or body (case-insensitive)
    #[arg(long)]
    pub text: Option<String>,
    /// Created at or after
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Created before
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// Tickets running (or that completed) this flow
    #[arg(long, value_name = "NAME")]
    pub flow: Option<String>,
    /// Tickets now at this step of the --flow
    #[arg(long, value_name = "STEP", requires = "flow")]
    pub step: Option<String>,
    /// Show tickets in the trash instead
    #[arg(long)]
    pub trash: bool,
    /// Order of the rows
    #[arg(long, value_enum, default_value = "id")]
    pub sort: Option<SortKey>,
    /// Newest (or highest) first
    #[arg(long)]
    pub reverse: bool,
    /// Show at most this many tickets
    #[arg(long)]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Ticket id
    pub id: u64,
}

#[derive(Debug, Args, Default)]
pub struct UpdateArgs {
    /// Ticket id
    pub id: u64,
    /// New priority: P1..P4 or a synonym
    #[arg(long, short = 'p')]
    pub priority: Option<String>,
    /// Move to this team
    #[arg(long)]
    pub team: Option<String>,
    /// New category
    #[arg(long)]
    pub category: Option<String>,
    /// Hand the ticket to this agent (`none` to unassign); a hand-over needs --reason
    #[arg(long)]
    pub assignee: Option<String>,
    /// Move to a status (the same checks as the lifecycle commands)
    #[arg(long)]
    pub status: Option<String>,
    /// Add a tag (repeatable)
    #[arg(long = "add-tag", value_name = "TAG")]
    pub add_tags: Vec<String>,
    /// Remove a tag (repeatable)
    #[arg(long = "remove-tag", value_name = "TAG")]
    pub remove_tags: Vec<String>,
    /// Set a custom field NAME=VALUE (repeatable)
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set_fields: Vec<String>,
    /// Remove a custom field (repeatable)
    #[arg(long = "unset", value_name = "NAME")]
    pub unset_fields: Vec<String>,
    /// Why (recorded in the audit log; required to hand over to another assignee)
    #[arg(long)]
    pub reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct RespondArgs {
    /// Ticket id
    pub id: u64,
    /// The response text (recorded in the audit log)
    #[arg(long, short = 'm')]
    pub message: Option<String>,
}

#[derive(Debug, Args)]
pub struct TransitionArgs {
    /// Ticket ids
    #[arg(required = true)]
    pub ids: Vec<u64>,
    /// A note for the audit log
    #[arg(long, short = 'm')]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The ticket to fold in (it is closed)
    pub from: u64,
    /// The ticket that stays
    pub into: u64,
}

#[derive(Debug, Args)]
pub struct NoteArgs {
    /// Ticket id
    pub id: u64,
    /// The note (internal: never sent to the customer)
    pub text: String,
}

#[derive(Debug, Args)]
pub struct CsatArgs {
    /// Ticket id
    pub id: u64,
    /// 1 (very unhappy) to 5 (very happy)
    pub score: u8,
}

#[derive(Debug, Args)]
pub struct TrashArgs {
    /// Ticket ids
    #[arg(required = true)]
    pub ids: Vec<u64>,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Validate a rule file (default: the active one)
    Check(RulesCheckArgs),
    /// Run sample tickets through the rules and compare with the expected outcome
    Test(RulesTestArgs),
    /// Show which stored open tickets a changed rule file would treat differently
    Plan(crate::commands::plan::RulesPlanArgs),
}

#[derive(Debug, Args)]
pub struct RulesCheckArgs {
    /// The rule file to check (default: the active one)
    pub file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RulesTestArgs {
    /// YAML list of cases: `ticket:` (create fields) and `expect:` (category, priority, team, policy, skills, tags, fields)
    pub cases: PathBuf,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Keep the demo database here instead of a temporary directory
    #[arg(long, value_name = "DIR")]
    pub keep: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Directory to write one page per command into (default: print triage.1)
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

#[cfg(test)]
mod help_tests {
    use super::Cli;
    use clap::CommandFactory;

    /// Every flag and argument of every command says what it is for.
    #[test]
    fn every_option_is_described() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if matches!(id, "help" | "version") || arg.is_hide_set() {
                    continue;
                }
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "triage", &mut missing);
        assert!(missing.is_empty(), "undescribed: {missing:#?}");
    }
}
