//! The ticket database: one [`Store`] interface, two engines behind it.
//!
//! Commands and the pure core talk to `&dyn Store` only; the engine is
//! chosen by `--db` / `TRIAGE_DB` in [`open`]: a path is the embedded
//! [`sled`](self::sled) database, a `postgres://` or `postgresql://` URL a
//! [`postgres`](self::postgres) database shared by a team. Each is the
//! only module that knows its engine; its layout is documented there.
//!
//! What every engine guarantees:
//! - ids are dense from 1, allocated in [`Store::save`];
//! - a [`Change`] (a ticket with the events that explain it) is written with
//!   its index entries and summary at once: a crash leaves all of a
//!   `save` call or none of it;
//! - a source + external id belongs to at most one ticket;
//! - nothing is durable until [`Store::commit`], which a command calls
//!   before it reports success.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Event, NewEvent, Ticket, TicketId};
use crate::rules::AgentStatus;
use crate::summary::Summary;

pub mod postgres;
pub mod sled;

mod check;

pub use check::{Check, Fixes, Inspection, Problem, Repair};

/// Version of the layout this build writes. 3: pages of tickets with their
/// audit logs, packed index runs and per-ticket summaries (see
/// [`sled`](self::sled)); 2 and 1 (one sled entry per ticket, event and
/// index key) are upgraded when opened.
pub const SCHEMA_VERSION: u32 = 3;

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database busy (held by pid {pid}); waited {waited:?} (raise --wait, or retry later)")]
    Busy { pid: String, waited: StdDuration },
    #[error("database {location}: schema version {found} is newer than this triage understands ({SCHEMA_VERSION}); upgrade triage")]
    NewerSchema { location: String, found: u32 },
    #[error("database {location}: {message}")]
    Corrupt { location: String, message: String },
    #[error("{}", io_message(location, context, source))]
    Io {
        location: String,
        context: String,
        source: std::io::Error,
    },
    /// The engine itself failed (an I/O error inside it, a bug).
    #[error("database {location}: {message}")]
    Engine { location: String, message: String },
    /// The database server cannot serve the command now (down, restarting,
    /// the connection lost, a race lost to another command): nothing was
    /// written, and running the command again may succeed.
    #[error("database {location}: {message}")]
    Unavailable { location: String, message: String },
    /// The database server refused us (wrong password, no such database,
    /// permission denied, a newer schema): the message says what to fix.
    #[error("database {location}: {message}")]
    Refused { location: String, message: String },
}

impl StoreError {
    /// The disk (or the file system's quota) is full: the command wrote
    /// nothing it reports, and may succeed once space is freed.
    pub fn is_disk_full(&self) -> bool {
        matches!(self, StoreError::Io { source, .. }
            if matches!(source.raw_os_error(), Some(libc::ENOSPC) | Some(libc::EDQUOT)))
    }

    /// Running the command again later may succeed: the database was busy
    /// or unavailable, or its disk full, and nothing was written.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            StoreError::Busy { .. } | StoreError::Unavailable { .. }
        ) || self.is_disk_full()
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

fn io_message(location: &str, context: &str, source: &std::io::Error) -> String {
    let full = matches!(
        source.raw_os_error(),
        Some(libc::ENOSPC) | Some(libc::EDQUOT)
    );
    if full {
        format!(
            "database {location}: the disk is full ({source}) while {context}: the change was not \
             written; free some space and run the command again (an import goes on where it stopped)"
        )
    } else {
        format!("database {location}: {context}: {source}")
    }
}

/// Per-agent state kept in the database: an override of the rule file's
/// status and the last time the agent was given a ticket (round-robin).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgentState {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<AgentStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_assigned: Option<DateTime<Utc>>,
    /// Set while the agent is over the overload limit, so the lead is told once.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub overloaded: bool,
    /// Audit trail of status changes made with `agents set-status`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<AgentStatusChange>,
}

/// One `agents set-status` change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentStatusChange {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub from: AgentStatus,
    pub to: AgentStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One ticket to write with the events that explain the change. A ticket
/// with id 0 is new and gets the next id.
#[derive(Clone, Debug)]
pub struct Change {
    pub ticket: Ticket,
    pub events: Vec<NewEvent>,
}

/// A stored ticket with its whole audit log, in sequence order.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub ticket: Ticket,
    pub events: Vec<Event>,
}

/// One key/value of a table (or `meta` key) an engine does not interpret,
/// carried through a backup byte for byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRecord {
    pub tree: String,
    pub key: Vec<u8>,
    pub value: Vec<u8>,
}

/// Records to restore together.
#[derive(Clone, Debug, Default)]
pub struct RestoreBatch {
    pub tickets: Vec<Ticket>,
    pub trashed: Vec<Ticket>,
    pub events: Vec<Event>,
    pub agents: Vec<(String, AgentState)>,
    pub raw: Vec<RawRecord>,
}

impl RestoreBatch {
    pub fn len(&self) -> usize {
        self.tickets.len()
            + self.trashed.len()
            + self.events.len()
            + self.agents.len()
            + self.raw.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A ticket found by source + external id: its id and the
/// [`Ticket::import_digest`] of the import row last applied to it.
pub type ExternalHit = (TicketId, Option<u64>);

/// Streamed tickets (or events); an engine reads ahead in pages.
pub type Stream<'a, T> = Box<dyn Iterator<Item = Result<T>> + 'a>;

/// The database, whichever engine holds it. See the module docs for what
/// every engine guarantees.
pub trait Store: Send + Sync {
    /// Where the database is, for messages (a path, or a URL without its password).
    fn location(&self) -> &str;
    /// The schema version a backup's header records: the version of the
    /// records it carries ([`SCHEMA_VERSION`] on every engine that writes
    /// them; PostgreSQL's own table version is in [`Inspection::schema`]).
    fn schema_version(&self) -> Result<u32>;
    /// The id the next new ticket will get.
    fn next_id(&self) -> Result<TicketId>;
    /// Number of stored tickets (not counting the trash).
    fn ticket_count(&self) -> Result<u64>;

    fn get(&self, id: TicketId) -> Result<Option<Ticket>>;
    /// The tickets with these ids that exist, in ascending id order.
    fn get_many(&self, ids: &[TicketId]) -> Result<Vec<Ticket>>;
    /// A ticket's audit log in order (empty for no such ticket).
    fn events(&self, id: TicketId) -> Result<Vec<Event>>;
    /// The tickets with ids in `ids`, each with its audit log, ascending.
    fn records(&self, ids: Range<TicketId>) -> Result<Vec<Record>>;
    /// The tickets with these ids that exist, each with its audit log,
    /// ascending id.
    fn records_of(&self, ids: &[TicketId]) -> Result<Vec<Record>>;
    /// Every ticket, ascending id.
    fn tickets(&self) -> Stream<'_, Ticket>;
    /// Every ticket, descending id (the newest first).
    fn tickets_newest_first(&self) -> Stream<'_, Ticket>;
    /// Every event of every ticket (the trash's too), by ticket then sequence.
    fn all_events(&self) -> Stream<'_, Event>;
    /// The summary of every ticket (see [`crate::summary`]), ascending id,
    /// in the chunks the engine read them in (a million summaries are a
    /// third of a gigabyte: not copied into one vector).
    fn summary_chunks(&self) -> Result<Vec<Vec<Summary>>>;
    /// The summary of every ticket, ascending id, in one vector.
    fn summaries(&self) -> Result<Vec<Summary>> {
        Ok(self.summary_chunks()?.into_iter().flatten().collect())
    }

    /// The ticket sent earlier with this source and external id.
    fn find_external(&self, source: &str, external_id: &str) -> Result<Option<TicketId>>;
    /// [`Store::find_external`] for many ids of one source at once, each
    /// with the [`Ticket::import_digest`] stored with it (so an import can
    /// tell an unchanged row without reading the ticket).
    fn find_externals(
        &self,
        source: &str,
        external_ids: &[&str],
    ) -> Result<Vec<Option<ExternalHit>>>;
    /// Tickets (any status) of the customer identified by one of `keys`
    /// (see [`customer_keys`]), ascending id, without duplicates.
    fn customer_tickets(&self, keys: &[String]) -> Result<Vec<TicketId>>;
    /// Ids of tickets that are not resolved or closed, ascending.
    fn active_ids(&self) -> Result<Vec<TicketId>>;
    /// Active tickets, ascending id.
    fn active_tickets(&self) -> Result<Vec<Ticket>> {
        self.get_many(&self.active_ids()?)
    }
    /// Active tickets per assignee.
    fn loads(&self) -> Result<HashMap<String, u32>>;
    /// Ids of an agent's active tickets, ascending.
    fn assigned_to(&self, agent: &str) -> Result<Vec<TicketId>>;

    /// A ticket in the trash.
    fn trashed(&self, id: TicketId) -> Result<Option<Ticket>>;
    /// Every ticket in the trash, ascending id.
    fn trashed_all(&self) -> Result<Vec<Ticket>>;
    /// Stored agent states (status overrides, last assignment).
    fn agent_states(&self) -> Result<HashMap<String, AgentState>>;

    /// Writes tickets with their events, index entries and summaries, all
    /// of them or none. New tickets (id 0) get dense ids in order; the ids
    /// written are returned in the order given. Two changes to one ticket
    /// in a call are applied in order.
    fn save(&self, changes: Vec<Change>) -> Result<Vec<TicketId>>;
    /// Moves a ticket to the trash: it leaves every list and index but keeps
    /// its history; [`Store::restore`] brings it back. `false`: no such ticket.
    fn trash(&self, id: TicketId, event: NewEvent) -> Result<bool>;
    /// Takes a ticket out of the trash. `false`: not in the trash.
    fn restore(&self, id: TicketId, event: NewEvent) -> Result<bool>;
    fn set_agent_state(&self, agent: &str, state: &AgentState) -> Result<()>;
    /// Makes everything written so far durable. A command reports success
    /// only after this.
    fn commit(&self) -> Result<()>;
    /// Says the command will only read from now on, the whole database
    /// perhaps (export, backup, doctor): every later read sees one moment
    /// of it, however many other processes write meanwhile. sled's process
    /// lock already keeps writers out, so there it does nothing.
    fn snapshot(&self) -> Result<()> {
        Ok(())
    }

    /// Starts a bulk load (import): until [`Store::end_bulk`], an engine
    /// may write the index entries of new tickets later, in one pass. A
    /// bulk load that is killed is completed when the database is next
    /// opened.
    fn begin_bulk(&self) -> Result<()>;
    /// Ends a bulk load: every deferred index entry is written. Commits.
    fn end_bulk(&self) -> Result<()>;

    /// Records outside what the engine interprets, carried by backups.
    fn raw_records(&self) -> Result<Vec<RawRecord>>;
    /// Whether a backup restore is writing (or was interrupted).
    fn restore_in_progress(&self) -> Result<bool>;
    /// Starts a restore: the database must be empty, or left by an
    /// interrupted restore (which is wiped). `Ok(false)`: it holds data.
    fn begin_restore(&self) -> Result<bool>;
    /// Writes restored records as they are (ids, sequence numbers and
    /// `history_len` included); events follow their tickets, in sequence
    /// order. `Ok(Err(reason))` when the records contradict each other or
    /// what is already restored; nothing of the batch is written then.
    fn restore_batch(&self, batch: &RestoreBatch) -> Result<std::result::Result<(), String>>;
    /// Sets the id counter of the restored database.
    fn restore_counter(&self, next_id: TicketId) -> Result<()>;
    /// Writes what is derived (indexes, summaries) so that
    /// [`Store::inspect`] can judge the restored records.
    fn complete_restore(&self) -> Result<()>;
    /// Completes a restore: clears the mark, commits.
    fn finish_restore(&self) -> Result<()>;
    /// Gives up a restore: removes everything it wrote, commits.
    fn abandon_restore(&self) -> Result<()>;

    /// Reads every record and reports what is inconsistent. Read-only.
    fn inspect(&self) -> Result<Inspection>;
    /// Fixes what `found` says is repairable. Commits.
    fn repair(&self, found: &Inspection) -> Result<Repair>;
}

/// How to open a database.
#[derive(Clone, Copy, Debug)]
pub struct OpenOptions {
    /// How long to wait for another process to let go of the database.
    pub wait: StdDuration,
    /// Open a database an interrupted restore left incomplete (for
    /// `doctor` and `backup restore`).
    pub repair: bool,
}

impl OpenOptions {
    pub fn new(wait: StdDuration) -> OpenOptions {
        OpenOptions {
            wait,
            repair: false,
        }
    }
}

/// Opens (creating if needed) the database at `location`: a
/// `postgres://` or `postgresql://` URL, else a directory.
pub fn open(location: &Path, options: OpenOptions) -> Result<Box<dyn Store>> {
    match location.to_str().filter(|l| self::postgres::is_url(l)) {
        Some(url) => Ok(Box::new(self::postgres::PgStore::open(url, options)?)),
        None => Ok(Box::new(self::sled::SledStore::open(location, options)?)),
    }
}

/// Whether `location` names a database server rather than a directory.
pub fn is_server(location: &Path) -> bool {
    location.to_str().is_some_and(self::postgres::is_url)
}

/// The password a server URL carries, if any.
pub fn password_of(location: &Path) -> Option<String> {
    location
        .to_str()
        .filter(|l| self::postgres::is_url(l))
        .and_then(self::postgres::password_in)
}

/// `location` for messages: a path as it is, a URL without its password.
pub fn display_location(location: &Path) -> String {
    match location.to_str().filter(|l| self::postgres::is_url(l)) {
        Some(url) => self::postgres::without_password(url),
        None => location.display().to_string(),
    }
}

/// Where the database lives when `--db` and `TRIAGE_DB` are not given:
/// `$XDG_DATA_HOME/triage/db`, else `~/.local/share/triage/db`.
pub fn default_path() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("triage").join("db")
}

/// Normalised customer keys used for dedup: `email:...`, `phone:...`, `id:...`.
/// Emails compare case-insensitively; phones on their last 10 digits, so
/// punctuation and a country prefix (`+86`, `0086`) do not matter.
pub fn customer_keys(ticket: &Ticket) -> Vec<String> {
    let c = &ticket.customer;
    customer_keys_of(c.id.as_deref(), c.email.as_deref(), c.phone.as_deref())
}

/// [`customer_keys`] from the three fields they are made of.
pub fn customer_keys_of(id: Option<&str>, email: Option<&str>, phone: Option<&str>) -> Vec<String> {
    let mut keys = Vec::new();
    if let Some(email) = email.map(str::trim).filter(|e| !e.is_empty()) {
        keys.push(format!("email:{}", email.to_lowercase()));
    }
    if let Some(phone) = phone {
        let digits: Vec<char> = phone.chars().filter(|c| c.is_ascii_digit()).collect();
        if digits.len() >= 5 {
            let tail: String = digits[digits.len().saturating_sub(10)..].iter().collect();
            keys.push(format!("phone:{tail}"));
        }
    }
    if let Some(id) = id.map(str::trim).filter(|e| !e.is_empty()) {
        keys.push(format!("id:{id}"));
    }
    keys
}

/// [`open`] with default options, waiting up to `wait`: for tests and tools.
pub fn open_path(location: &Path, wait: StdDuration) -> Result<Box<dyn Store>> {
    open(location, OpenOptions::new(wait))
}
