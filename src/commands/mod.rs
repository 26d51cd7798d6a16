//! One file per command. Every command takes the shared [`Ctx`] and its own
//! arguments, writes data through `ctx.out` and diagnostics through
//! [`Ctx::say`], and returns an [`Error`] that decides the exit code.

pub mod agents;
pub mod assign;
pub mod backup;
pub mod create;
pub mod demo;
pub mod doctor;
pub mod escalate;
pub mod export;
pub mod flow;
pub mod generate;
pub mod import;
pub mod init;
pub mod list;
pub mod plan;
pub mod report;
pub mod rules;
pub mod show;
pub mod simulate;
pub mod update;

use std::io::{Read, Write};
use std::path::PathBuf;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};

use crate::cli::{Command, GlobalArgs, RulesCommand};
use crate::duration::Duration;
use crate::error::{Error, Result};
use crate::model::{NewEvent, Ticket, TicketId};
use crate::output::Format;
use crate::rules::Rules;
use crate::store::{self, Change, OpenOptions, Store};
use crate::timefmt;

/// Everything a command needs from the outside world, resolved once.
pub struct Ctx {
    pub db_path: PathBuf,
    rules_path: Option<PathBuf>,
    rules: Option<Rules>,
    now_text: Option<String>,
    now: Option<DateTime<Utc>>,
    pub format: Option<Format>,
    pub wait: StdDuration,
    pub actor: String,
    pub quiet: bool,
    pub out: Box<dyn Write>,
}

/// The rule file used when `--rules` is not given: the XDG config file if it exists.
pub fn default_rules_path() -> PathBuf {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("triage").join("rules.yaml")
}

impl Ctx {
    pub fn new(global: &GlobalArgs, out: Box<dyn Write>) -> Result<Ctx> {
        let wait = if global.wait.trim() == "0" {
            StdDuration::ZERO
        } else {
            let d =
                Duration::parse(&global.wait).map_err(|e| Error::Usage(format!("--wait: {e}")))?;
            StdDuration::from_secs(d.secs() as u64)
        };
        let actor = global
            .actor
            .clone()
            .filter(|a| !a.trim().is_empty())
            .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
            .unwrap_or_else(|| "triage".to_string());
        Ok(Ctx {
            db_path: global.db.clone().unwrap_or_else(crate::store::default_path),
            rules_path: global.rules.clone(),
            rules: None,
            now_text: global.now.clone(),
            now: None,
            format: global.format,
            wait,
            actor,
            quiet: global.quiet,
            out,
        })
    }

    /// A context over given rules, database and clock (the demo, tests).
    pub fn with(rules: Rules, db_path: PathBuf, now: DateTime<Utc>, out: Box<dyn Write>) -> Ctx {
        Ctx {
            db_path,
            rules_path: None,
            rules: Some(rules),
            now_text: None,
            now: Some(now),
            format: None,
            wait: StdDuration::from_secs(30),
            actor: "demo".to_string(),
            quiet: false,
            out,
        }
    }

    /// Moves the clock (the demo steps through a day).
    pub fn set_now(&mut self, now: DateTime<Utc>) {
        self.now = Some(now);
    }

    /// The path of the active rule file, if one exists on disk.
    pub fn rules_file(&self) -> Option<PathBuf> {
        match &self.rules_path {
            Some(p) => Some(p.clone()),
            None => Some(default_rules_path()).filter(|p| p.exists()),
        }
    }

    /// The active rules: `--rules`, else the XDG file, else the embedded set.
    pub fn rules(&mut self) -> Result<&Rules> {
        if self.rules.is_none() {
            let rules = match self.rules_file() {
                Some(path) => Rules::load(&path)?,
                None => Rules::embedded(),
            };
            self.rules = Some(rules);
        }
        Ok(self.rules.as_ref().expect("rules loaded above"))
    }

    /// The clock: `--now` / `TRIAGE_NOW`, else the system time.
    pub fn now(&mut self) -> Result<DateTime<Utc>> {
        if let Some(now) = self.now {
            return Ok(now);
        }
        let now = match self.now_text.clone() {
            Some(text) => {
                let zone = self.rules()?.zone;
                timefmt::parse_time(&text, zone).map_err(|e| Error::Usage(format!("--now: {e}")))?
            }
            None => Utc::now(),
        };
        self.now = Some(now);
        Ok(now)
    }

    /// Parses a time argument in the rules' zone (or relative to the
    /// clock: `7d`, `yesterday`), naming the flag on error.
    pub fn parse_time(&mut self, flag: &str, text: &str) -> Result<DateTime<Utc>> {
        let zone = self.rules()?.zone;
        let now = self.now()?;
        timefmt::parse_when(text, zone, now).map_err(|e| Error::Usage(format!("{flag}: {e}")))
    }

    pub fn open_store(&self) -> Result<Box<dyn Store>> {
        Ok(store::open(&self.db_path, OpenOptions::new(self.wait))?)
    }

    /// Opens the database also when an interrupted backup restore left it
    /// incomplete (`doctor`, `backup restore`).
    pub fn open_store_for_repair(&self) -> Result<Box<dyn Store>> {
        let options = OpenOptions {
            repair: true,
            ..OpenOptions::new(self.wait)
        };
        Ok(store::open(&self.db_path, options)?)
    }

    /// A diagnostic line on stderr, unless `--quiet`.
    pub fn say(&mut self, message: impl AsRef<str>) {
        if !self.quiet {
            // Keep data and diagnostics in order when both go to one terminal.
            let _ = self.out.flush();
            // Messages carry ticket titles, file names and imported values.
            eprintln!("{}", crate::terminal::block(message.as_ref()));
        }
    }

    /// The format asked for, or `default`.
    pub fn format_or(&self, default: Format) -> Format {
        self.format.unwrap_or(default)
    }
}

/// Loads a ticket or says that it does not exist (or is in the trash).
pub fn load_ticket(store: &dyn Store, id: TicketId) -> Result<Ticket> {
    if let Some(ticket) = store.get(id)? {
        return Ok(ticket);
    }
    if store.trashed(id)?.is_some() {
        return Err(Error::data(format!(
            "ticket {id} is in the trash (triage restore {id} brings it back)"
        )));
    }
    Err(Error::data(format!("no ticket {id}")))
}

/// Saves one changed ticket with its events.
pub fn save_one(store: &dyn Store, ticket: Ticket, events: Vec<NewEvent>) -> Result<TicketId> {
    let ids = store.save(vec![Change { ticket, events }])?;
    Ok(ids[0])
}

/// Reads all of stdin as text. Bytes that are not UTF-8 are bad input
/// (exit 1, with the offset), not an internal error; `what` names the
/// input in messages (`JSON ticket`).
pub fn read_stdin_text(what: &str) -> Result<String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(format!("reading {what} from stdin"), e))?;
    String::from_utf8(bytes).map_err(|e| {
        Error::data(format!(
            "stdin ({what}): not UTF-8 text (invalid byte at offset {}); convert it to UTF-8 first",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Parses `NAME=VALUE`, naming the flag on error.
pub fn parse_pair(flag: &str, text: &str) -> Result<(String, String)> {
    match text.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(Error::Usage(format!(
            "{flag} {text:?}: expected NAME=VALUE"
        ))),
    }
}

/// Runs a parsed command line.
pub fn run(command: Command, ctx: &mut Ctx) -> Result<()> {
    match command {
        Command::Init(args) => init::run(ctx, &args),
        Command::Create(args) => create::run(ctx, &args),
        Command::List(args) => list::run(ctx, &args),
        Command::Show(args) => show::run(ctx, &args),
        Command::Update(args) => update::update(ctx, &args),
        Command::Respond(args) => update::respond(ctx, &args),
        Command::Pending(args) => update::transition(ctx, &args, crate::model::Status::Pending),
        Command::Resolve(args) => update::transition(ctx, &args, crate::model::Status::Resolved),
        Command::Close(args) => update::transition(ctx, &args, crate::model::Status::Closed),
        Command::Reopen(args) => update::transition(ctx, &args, crate::model::Status::Open),
        Command::Merge(args) => update::merge(ctx, &args),
        Command::Note(args) => update::note(ctx, &args),
        Command::Csat(args) => update::csat(ctx, &args),
        Command::Delete(args) => update::delete(ctx, &args),
        Command::Restore(args) => update::restore(ctx, &args),
        Command::Assign(args) => assign::run(ctx, &args),
        Command::Agents(args) => agents::run(ctx, &args),
        Command::Flow(cmd) => flow::run(ctx, &cmd),
        Command::Import(args) => import::run(ctx, &args),
        Command::Rules(RulesCommand::Check(args)) => rules::check(ctx, &args),
        Command::Rules(RulesCommand::Test(args)) => rules::test(ctx, &args),
        Command::Export(args) => export::run(ctx, &args),
        Command::Doctor(args) => doctor::run(ctx, &args),
        Command::Backup(command) => backup::run(ctx, &command),
        Command::Escalate(args) => escalate::run(ctx, &args),
        Command::Rules(RulesCommand::Plan(args)) => plan::run(ctx, &args),
        Command::Simulate(args) => simulate::run(ctx, &args),
        Command::Report(args) => report::run(ctx, &args),
        Command::Demo(args) => demo::run(ctx, &args),
        Command::Completions(args) => generate::completions(ctx, &args),
        Command::Man(args) => generate::man(ctx, &args),
    }
}
