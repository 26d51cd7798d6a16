//! The ticket database: the only module that knows sled.
//!
//! Layout (all keys big-endian so ranges sort by id):
//! - `meta`: `schema` → u32 version, `next_id` → u64, the next ticket id.
//! - `tickets`: id → ticket ([`codec`]).
//! - `events`: id ++ seq → audit event ([`codec`]); append-only.
//! - `ix_external`: source \0 external id → id.
//! - `ix_customer`: key kind ':' value \0 id → (), for dedup.
//! - `ix_active`: id → (), tickets not resolved or closed.
//! - `ix_assignee`: agent \0 id → (), active tickets per agent (load).
//! - `trash`: id → deleted ticket ([`codec`]), restorable.
//! - `agents`: agent id → stored agent state (JSON: status override, last assignment).
//!
//! `meta` also holds `restoring` while a backup restore is under way
//! ([`dump`]); a database with that mark is incomplete and only `doctor` and
//! `backup restore` open it. [`check`] verifies all of the above for
//! `triage doctor` and rebuilds what can be derived from the tickets.
//!
//! A ticket, its events and all its index entries are written in one sled
//! transaction, so a crash leaves either all of them or none. Before sled
//! is opened the process takes an exclusive lock on `triage.lock` inside
//! the database directory, waiting up to `--wait`; sled itself would fail
//! at once on a second opener.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};
use sled::Transactional;

use crate::model::{Event, NewEvent, Ticket, TicketId};
use crate::rules::AgentStatus;

mod check;
mod codec;
mod dump;

pub use check::{Check, Inspection, Problem, Repair};
pub use dump::{RawRecord, RestoreBatch};

/// Version of the on-disk layout this build writes. 2: binary ticket and
/// event records ([`codec`]); version 1 wrote JSON, which is still read,
/// so a version-1 database is upgraded by relabelling it.
pub const SCHEMA_VERSION: u32 = 2;

const LOCK_FILE: &str = "triage.lock";
/// `meta` key present while a backup restore is writing (see [`dump`]).
const RESTORING: &str = "restoring";
/// Every tree this module manages; a backup also carries any other tree raw.
const TREES: [&str; 9] = [
    "meta",
    "tickets",
    "events",
    "ix_external",
    "ix_customer",
    "ix_active",
    "ix_assignee",
    "trash",
    "agents",
];
/// sled's page cache; its default (1 GiB) is far more than a ticket database needs.
const CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database busy (held by pid {pid}); waited {waited:?} (raise --wait, or retry later)")]
    Busy { pid: String, waited: StdDuration },
    #[error("database {path}: schema version {found} is newer than this triage understands ({SCHEMA_VERSION}); upgrade triage")]
    NewerSchema { path: String, found: u32 },
    #[error("database {path}: {message}")]
    Corrupt { path: String, message: String },
    #[error("database {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("database {path}: {source}")]
    Sled { path: String, source: sled::Error },
}

type Result<T> = std::result::Result<T, StoreError>;

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

/// An open database. Holds the process lock until dropped; sled is closed
/// before the lock is released (field order matters).
pub struct Store {
    db: sled::Db,
    meta: sled::Tree,
    tickets: sled::Tree,
    events: sled::Tree,
    ix_external: sled::Tree,
    ix_customer: sled::Tree,
    ix_active: sled::Tree,
    ix_assignee: sled::Tree,
    trash: sled::Tree,
    agents: sled::Tree,
    path: PathBuf,
    _lock: File,
}

fn id_key(id: TicketId) -> [u8; 8] {
    id.to_be_bytes()
}

fn event_key(id: TicketId, seq: u32) -> [u8; 12] {
    let mut key = [0u8; 12];
    key[..8].copy_from_slice(&id.to_be_bytes());
    key[8..].copy_from_slice(&seq.to_be_bytes());
    key
}

fn key_id(bytes: &[u8]) -> Option<TicketId> {
    let tail: [u8; 8] = bytes.get(bytes.len().checked_sub(8)?..)?.try_into().ok()?;
    Some(u64::from_be_bytes(tail))
}

fn external_key(source: &str, external_id: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(source.len() + external_id.len() + 1);
    key.extend_from_slice(source.as_bytes());
    key.push(0);
    key.extend_from_slice(external_id.as_bytes());
    key
}

fn prefixed_id_key(prefix: &str, id: TicketId) -> Vec<u8> {
    let mut key = Vec::with_capacity(prefix.len() + 9);
    key.extend_from_slice(prefix.as_bytes());
    key.push(0);
    key.extend_from_slice(&id.to_be_bytes());
    key
}

/// Normalised customer keys used for dedup: `email:...`, `phone:...`, `id:...`.
/// Emails compare case-insensitively; phones on their last 10 digits, so
/// punctuation and a country prefix (`+86`, `0086`) do not matter.
pub fn customer_keys(ticket: &Ticket) -> Vec<String> {
    let mut keys = Vec::new();
    if let Some(email) = ticket
        .customer
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        keys.push(format!("email:{}", email.to_lowercase()));
    }
    if let Some(phone) = ticket.customer.phone.as_deref() {
        let digits: Vec<char> = phone.chars().filter(|c| c.is_ascii_digit()).collect();
        if digits.len() >= 5 {
            let tail: String = digits[digits.len().saturating_sub(10)..].iter().collect();
            keys.push(format!("phone:{tail}"));
        }
    }
    if let Some(id) = ticket
        .customer
        .id
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        keys.push(format!("id:{id}"));
    }
    keys
}

/// Every index key a ticket should have, per index tree.
struct IndexKeys {
    external: Option<Vec<u8>>,
    customer: Vec<Vec<u8>>,
    active: bool,
    assignee: Option<Vec<u8>>,
}

impl IndexKeys {
    fn none() -> IndexKeys {
        IndexKeys {
            external: None,
            customer: Vec::new(),
            active: false,
            assignee: None,
        }
    }

    /// The entries of `self` that `other` does not have.
    fn minus(&self, other: &IndexKeys) -> IndexKeys {
        let keep = |mine: &Option<Vec<u8>>, theirs: &Option<Vec<u8>>| {
            mine.clone().filter(|k| theirs.as_ref() != Some(k))
        };
        IndexKeys {
            external: keep(&self.external, &other.external),
            customer: self
                .customer
                .iter()
                .filter(|k| !other.customer.contains(k))
                .cloned()
                .collect(),
            active: self.active && !other.active,
            assignee: keep(&self.assignee, &other.assignee),
        }
    }

    fn of(ticket: &Ticket) -> IndexKeys {
        IndexKeys {
            external: match (&ticket.source, &ticket.external_id) {
                (Some(s), Some(e)) => Some(external_key(s, e)),
                _ => None,
            },
            customer: customer_keys(ticket)
                .iter()
                .map(|k| prefixed_id_key(k, ticket.id))
                .collect(),
            active: ticket.status.is_active(),
            assignee: match (&ticket.assignee, ticket.status.is_active()) {
                (Some(a), true) => Some(prefixed_id_key(a, ticket.id)),
                _ => None,
            },
        }
    }
}

fn encode_json<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("agent state serialises to JSON")
}

fn event_parts(key: &[u8]) -> Option<(TicketId, u32)> {
    let id = u64::from_be_bytes(key.get(..8)?.try_into().ok()?);
    let seq = u32::from_be_bytes(key.get(8..12)?.try_into().ok()?);
    Some((id, seq))
}

fn abort<T>(message: String) -> std::result::Result<T, ConflictableTransactionError<String>> {
    Err(ConflictableTransactionError::Abort(message))
}

impl Store {
    /// Opens (creating if needed) the database at `path`, first taking the
    /// process lock, waiting up to `wait`. A database left incomplete by an
    /// interrupted backup restore is refused.
    pub fn open(path: &Path, wait: StdDuration) -> Result<Store> {
        let store = Store::open_for_repair(path, wait)?;
        if store.restore_in_progress()? {
            return Err(store.corrupt(
                "a backup restore into this database was interrupted, so it is incomplete: \
                 run `triage backup restore FILE` again, or delete the directory"
                    .into(),
            ));
        }
        Ok(store)
    }

    /// Opens like [`Store::open`] but also a database an interrupted restore
    /// left incomplete: for `doctor` (to report it) and `backup restore` (to
    /// start over).
    pub fn open_for_repair(path: &Path, wait: StdDuration) -> Result<Store> {
        let io_err = |source| StoreError::Io {
            path: path.display().to_string(),
            source,
        };
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(path)
            .map_err(io_err)?;
        let lock = acquire_lock(&path.join(LOCK_FILE), wait).map_err(|e| match e {
            LockError::Busy { pid, waited } => StoreError::Busy { pid, waited },
            LockError::Io(source) => io_err(source),
        })?;
        let db = open_sled(path)?;
        let sled_err = |source| StoreError::Sled {
            path: path.display().to_string(),
            source,
        };
        let tree = |name: &str| db.open_tree(name).map_err(sled_err);
        let store = Store {
            meta: tree("meta")?,
            tickets: tree("tickets")?,
            events: tree("events")?,
            ix_external: tree("ix_external")?,
            ix_customer: tree("ix_customer")?,
            ix_active: tree("ix_active")?,
            ix_assignee: tree("ix_assignee")?,
            trash: tree("trash")?,
            agents: tree("agents")?,
            db,
            path: path.to_path_buf(),
            _lock: lock,
        };
        store.check_schema()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sled_err(&self, source: sled::Error) -> StoreError {
        StoreError::Sled {
            path: self.path.display().to_string(),
            source,
        }
    }

    fn corrupt(&self, message: String) -> StoreError {
        StoreError::Corrupt {
            path: self.path.display().to_string(),
            message,
        }
    }

    fn check_schema(&self) -> Result<()> {
        let found = self.meta.get("schema").map_err(|e| self.sled_err(e))?;
        match found {
            None => {
                // A brand-new database (or one that never got a ticket) takes the current version.
                self.meta
                    .insert("schema", &SCHEMA_VERSION.to_be_bytes())
                    .map_err(|e| self.sled_err(e))?;
                Ok(())
            }
            Some(bytes) => {
                let version = u32::from_be_bytes(
                    bytes
                        .as_ref()
                        .try_into()
                        .map_err(|_| self.corrupt("unreadable schema version".into()))?,
                );
                if version > SCHEMA_VERSION {
                    return Err(StoreError::NewerSchema {
                        path: self.path.display().to_string(),
                        found: version,
                    });
                }
                if version < SCHEMA_VERSION {
                    // Version 1 differs only in writing JSON records, which
                    // the codec still reads; older builds must not open
                    // the binary records this one writes.
                    self.meta
                        .insert("schema", &SCHEMA_VERSION.to_be_bytes())
                        .map_err(|e| self.sled_err(e))?;
                }
                Ok(())
            }
        }
    }

    /// The recorded schema version.
    pub fn schema_version(&self) -> Result<u32> {
        let bytes = self.meta.get("schema").map_err(|e| self.sled_err(e))?;
        Ok(bytes
            .and_then(|b| b.as_ref().try_into().ok().map(u32::from_be_bytes))
            .unwrap_or(0))
    }

    /// Overwrites the recorded schema version (tests of the upgrade path).
    #[doc(hidden)]
    pub fn force_schema_version(&self, version: u32) -> Result<()> {
        self.meta
            .insert("schema", &version.to_be_bytes())
            .map_err(|e| self.sled_err(e))?;
        Ok(())
    }

    /// Writes everything to disk. A command reports success only after this.
    pub fn flush(&self) -> Result<()> {
        self.db.flush().map_err(|e| self.sled_err(e))?;
        Ok(())
    }

    /// The id the next new ticket will get.
    pub fn next_id(&self) -> Result<TicketId> {
        let bytes = self.meta.get("next_id").map_err(|e| self.sled_err(e))?;
        Ok(bytes
            .and_then(|b| b.as_ref().try_into().ok().map(u64::from_be_bytes))
            .unwrap_or(1))
    }

    pub fn get(&self, id: TicketId) -> Result<Option<Ticket>> {
        match self.tickets.get(id_key(id)).map_err(|e| self.sled_err(e))? {
            None => Ok(None),
            Some(bytes) => self.decode_ticket(&bytes).map(Some),
        }
    }

    fn decode_ticket(&self, bytes: &[u8]) -> Result<Ticket> {
        codec::decode_ticket(bytes)
            .map_err(|e| self.corrupt(format!("unreadable ticket record: {e}")))
    }

    fn decode_event(&self, key: &[u8], bytes: &[u8]) -> Result<Event> {
        let (id, seq) =
            event_parts(key).ok_or_else(|| self.corrupt(format!("bad event key {key:?}")))?;
        codec::decode_event(id, seq, bytes)
            .map_err(|e| self.corrupt(format!("unreadable event {id}/{seq}: {e}")))
    }

    /// The ticket sent earlier with this source and external id.
    pub fn find_external(&self, source: &str, external_id: &str) -> Result<Option<TicketId>> {
        let found = self
            .ix_external
            .get(external_key(source, external_id))
            .map_err(|e| self.sled_err(e))?;
        Ok(found.and_then(|v| key_id(&v)))
    }

    /// Tickets (any status) of the customer identified by one of `keys`
    /// (see [`customer_keys`]), ascending id, without duplicates.
    pub fn customer_tickets(&self, keys: &[String]) -> Result<Vec<TicketId>> {
        let mut ids = Vec::new();
        for key in keys {
            let mut prefix = key.as_bytes().to_vec();
            prefix.push(0);
            for entry in self.ix_customer.scan_prefix(&prefix).keys() {
                let entry = entry.map_err(|e| self.sled_err(e))?;
                if let Some(id) = key_id(&entry) {
                    ids.push(id);
                }
            }
        }
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    /// Ids of tickets that are not resolved or closed, ascending.
    pub fn active_ids(&self) -> Result<Vec<TicketId>> {
        self.ix_active
            .iter()
            .keys()
            .map(|k| {
                k.map_err(|e| self.sled_err(e))
                    .map(|k| key_id(&k).unwrap_or(0))
            })
            .collect()
    }

    /// Active tickets, ascending id.
    pub fn active_tickets(&self) -> Result<Vec<Ticket>> {
        let mut out = Vec::new();
        for id in self.active_ids()? {
            if let Some(t) = self.get(id)? {
                out.push(t);
            }
        }
        Ok(out)
    }

    /// Every ticket, ascending id, streamed.
    pub fn tickets(&self) -> impl Iterator<Item = Result<Ticket>> + '_ {
        self.tickets_in(0..TicketId::MAX)
    }

    /// Tickets with ids in `ids`, ascending, streamed. Readers of the whole
    /// database (`report`) split the id space into ranges and decode them
    /// on several threads.
    pub fn tickets_in(
        &self,
        ids: std::ops::Range<TicketId>,
    ) -> impl Iterator<Item = Result<Ticket>> + '_ {
        let end = ids.end.max(ids.start);
        self.tickets
            .range(id_key(ids.start)..id_key(end))
            .values()
            .map(move |v| {
                let bytes = v.map_err(|e| self.sled_err(e))?;
                self.decode_ticket(&bytes)
            })
    }

    /// Every event of the tickets with ids in `ids`, by ticket then sequence.
    pub fn events_in(
        &self,
        ids: std::ops::Range<TicketId>,
    ) -> impl Iterator<Item = Result<Event>> + '_ {
        let end = ids.end.max(ids.start);
        self.events
            .range(id_key(ids.start)..id_key(end))
            .map(move |entry| {
                let (key, bytes) = entry.map_err(|e| self.sled_err(e))?;
                self.decode_event(&key, &bytes)
            })
    }

    /// Number of stored tickets (not counting the trash).
    pub fn ticket_count(&self) -> usize {
        self.tickets.len()
    }

    /// Active tickets per assignee.
    pub fn loads(&self) -> Result<HashMap<String, u32>> {
        let mut loads = HashMap::new();
        for key in self.ix_assignee.iter().keys() {
            let key = key.map_err(|e| self.sled_err(e))?;
            if key.len() > 9 {
                let agent = String::from_utf8_lossy(&key[..key.len() - 9]).into_owned();
                *loads.entry(agent).or_insert(0) += 1;
            }
        }
        Ok(loads)
    }

    /// Ids of an agent's active tickets.
    pub fn assigned_to(&self, agent: &str) -> Result<Vec<TicketId>> {
        let mut prefix = agent.as_bytes().to_vec();
        prefix.push(0);
        self.ix_assignee
            .scan_prefix(&prefix)
            .keys()
            .map(|k| {
                k.map_err(|e| self.sled_err(e))
                    .map(|k| key_id(&k).unwrap_or(0))
            })
            .collect()
    }

    /// A ticket's audit log in order.
    pub fn events(&self, id: TicketId) -> Result<Vec<Event>> {
        self.events
            .scan_prefix(id_key(id))
            .map(|entry| {
                let (key, bytes) = entry.map_err(|e| self.sled_err(e))?;
                self.decode_event(&key, &bytes)
            })
            .collect()
    }

    /// Every event of every ticket, by ticket then sequence.
    pub fn all_events(&self) -> impl Iterator<Item = Result<Event>> + '_ {
        self.events.iter().map(move |entry| {
            let (key, bytes) = entry.map_err(|e| self.sled_err(e))?;
            self.decode_event(&key, &bytes)
        })
    }

    /// Writes tickets with their events and index entries in one
    /// transaction: all of them or none. New tickets (id 0) get dense ids
    /// in order; the ids written are returned in the order given.
    pub fn save(&self, mut changes: Vec<Change>) -> Result<Vec<TicketId>> {
        let mut next = self.next_id()?;
        for change in &mut changes {
            if change.ticket.id == 0 {
                change.ticket.id = next;
                next += 1;
            }
        }
        let ids: Vec<TicketId> = changes.iter().map(|c| c.ticket.id).collect();
        let trees = (
            &self.meta,
            &self.tickets,
            &self.events,
            &self.ix_external,
            &self.ix_customer,
            &self.ix_active,
            &self.ix_assignee,
        );
        let outcome = trees.transaction(
            |(meta, tickets, events, ix_external, ix_customer, ix_active, ix_assignee)| {
                let trees = Trees {
                    tickets,
                    events,
                    ix_external,
                    ix_customer,
                    ix_active,
                    ix_assignee,
                };
                for change in &changes {
                    put_change(change, &trees)?;
                }
                meta.insert("next_id", &next.to_be_bytes())?;
                Ok(())
            },
        );
        match outcome {
            Ok(()) => Ok(ids),
            Err(TransactionError::Abort(message)) => Err(self.corrupt(message)),
            Err(TransactionError::Storage(e)) => Err(self.sled_err(e)),
        }
    }

    /// Appends events to a ticket without changing it otherwise.
    pub fn append_events(&self, id: TicketId, events: Vec<NewEvent>) -> Result<()> {
        let ticket = self
            .get(id)?
            .ok_or_else(|| self.corrupt(format!("ticket {id} vanished")))?;
        self.save(vec![Change { ticket, events }]).map(|_| ())
    }

    /// Moves a ticket to the trash: it leaves every list and index but keeps
    /// its history, and [`Store::restore`] brings it back.
    pub fn trash(&self, id: TicketId, event: NewEvent) -> Result<bool> {
        let Some(ticket) = self.get(id)? else {
            return Ok(false);
        };
        let trees = (
            &self.tickets,
            &self.events,
            &self.trash,
            &self.ix_external,
            &self.ix_customer,
            &self.ix_active,
            &self.ix_assignee,
        );
        let outcome = trees.transaction(
            |(tickets, events, trash, ix_external, ix_customer, ix_active, ix_assignee)| {
                let mut stored = ticket.clone();
                stored.history_len += 1;
                let ev = event.clone().into_event(id, stored.history_len);
                events.insert(&event_key(id, ev.seq), codec::encode_event(&ev))?;
                remove_indexes(
                    &IndexKeys::of(&ticket),
                    id,
                    ix_external,
                    ix_customer,
                    ix_active,
                    ix_assignee,
                )?;
                tickets.remove(&id_key(id))?;
                trash.insert(&id_key(id), codec::encode_ticket(&stored))?;
                Ok(())
            },
        );
        outcome.map_err(|e: TransactionError<String>| match e {
            TransactionError::Abort(m) => self.corrupt(m),
            TransactionError::Storage(e) => self.sled_err(e),
        })?;
        Ok(true)
    }

    /// A ticket in the trash.
    pub fn trashed(&self, id: TicketId) -> Result<Option<Ticket>> {
        match self.trash.get(id_key(id)).map_err(|e| self.sled_err(e))? {
            None => Ok(None),
            Some(bytes) => self.decode_ticket(&bytes).map(Some),
        }
    }

    /// Every ticket in the trash.
    pub fn trashed_all(&self) -> Result<Vec<Ticket>> {
        self.trash
            .iter()
            .values()
            .map(|v| {
                v.map_err(|e| self.sled_err(e))
                    .and_then(|b| self.decode_ticket(&b))
            })
            .collect()
    }

    /// Takes a ticket out of the trash, with its indexes, in one
    /// transaction: a crash leaves it either in the trash or live.
    pub fn restore(&self, id: TicketId, event: NewEvent) -> Result<bool> {
        let Some(ticket) = self.trashed(id)? else {
            return Ok(false);
        };
        if let (Some(source), Some(ext)) = (&ticket.source, &ticket.external_id) {
            if let Some(other) = self.find_external(source, ext)? {
                return Err(self.corrupt(format!(
                    "cannot restore ticket {id}: its source {source:?} external id {ext:?} now belongs to ticket {other}"
                )));
            }
        }
        let change = Change {
            ticket,
            events: vec![event],
        };
        let trees = (
            &self.tickets,
            &self.events,
            &self.trash,
            &self.ix_external,
            &self.ix_customer,
            &self.ix_active,
            &self.ix_assignee,
        );
        let outcome = trees.transaction(
            |(tickets, events, trash, ix_external, ix_customer, ix_active, ix_assignee)| {
                trash.remove(&id_key(id))?;
                put_change(
                    &change,
                    &Trees {
                        tickets,
                        events,
                        ix_external,
                        ix_customer,
                        ix_active,
                        ix_assignee,
                    },
                )
            },
        );
        outcome.map_err(|e: TransactionError<String>| match e {
            TransactionError::Abort(m) => self.corrupt(m),
            TransactionError::Storage(e) => self.sled_err(e),
        })?;
        Ok(true)
    }

    /// Stored agent states (status overrides, last assignment).
    pub fn agent_states(&self) -> Result<HashMap<String, AgentState>> {
        let mut out = HashMap::new();
        for entry in self.agents.iter() {
            let (k, v) = entry.map_err(|e| self.sled_err(e))?;
            let state: AgentState = serde_json::from_slice(&v)
                .map_err(|e| self.corrupt(format!("unreadable agent state: {e}")))?;
            out.insert(String::from_utf8_lossy(&k).into_owned(), state);
        }
        Ok(out)
    }

    pub fn set_agent_state(&self, agent: &str, state: &AgentState) -> Result<()> {
        self.agents
            .insert(agent.as_bytes(), encode_json(state))
            .map_err(|e| self.sled_err(e))?;
        Ok(())
    }
}

/// The trees a ticket change touches, inside one transaction.
struct Trees<'a> {
    tickets: &'a TransactionalTree,
    events: &'a TransactionalTree,
    ix_external: &'a TransactionalTree,
    ix_customer: &'a TransactionalTree,
    ix_active: &'a TransactionalTree,
    ix_assignee: &'a TransactionalTree,
}

/// Writes one ticket (id already given), its new events numbered after its
/// stored history, and its index entries replacing the old ones.
fn put_change(
    change: &Change,
    t: &Trees<'_>,
) -> std::result::Result<(), ConflictableTransactionError<String>> {
    let ticket = &change.ticket;
    let key = id_key(ticket.id);
    let old: Option<Ticket> = match t.tickets.get(key)? {
        Some(bytes) => match codec::decode_ticket(&bytes) {
            Ok(t) => Some(t),
            Err(e) => return abort(format!("unreadable ticket {}: {e}", ticket.id)),
        },
        None => None,
    };
    // A ticket back from the trash carries its own count.
    let first_seq = old
        .as_ref()
        .map(|t: &Ticket| t.history_len)
        .unwrap_or(ticket.history_len);
    let mut stored = ticket.clone();
    stored.history_len = first_seq + change.events.len() as u32;
    let keys = IndexKeys::of(&stored);
    // Only the entries that change are written: most updates (a note, a
    // response, an assignment) keep the external id and customer keys.
    let unchanged = match &old {
        Some(old) => {
            let old_keys = IndexKeys::of(old);
            remove_indexes(
                &old_keys.minus(&keys),
                old.id,
                t.ix_external,
                t.ix_customer,
                t.ix_active,
                t.ix_assignee,
            )?;
            old_keys
        }
        None => IndexKeys::none(),
    };
    if let Some(ext) = &keys.external {
        if let Some(other) = t.ix_external.get(ext)? {
            if key_id(&other) != Some(stored.id) {
                return abort(format!(
                    "source {:?} external id {:?} already belongs to ticket {}",
                    stored.source.as_deref().unwrap_or(""),
                    stored.external_id.as_deref().unwrap_or(""),
                    key_id(&other).unwrap_or(0)
                ));
            }
        }
    }
    insert_indexes(
        &stored,
        &keys.minus(&unchanged),
        t.ix_external,
        t.ix_customer,
        t.ix_active,
        t.ix_assignee,
    )?;
    t.tickets.insert(&key, codec::encode_ticket(&stored))?;
    for (offset, event) in change.events.iter().enumerate() {
        let seq = first_seq + offset as u32 + 1;
        let event = event.clone().into_event(stored.id, seq);
        t.events
            .insert(&event_key(stored.id, seq), codec::encode_event(&event))?;
    }
    Ok(())
}

fn remove_indexes(
    keys: &IndexKeys,
    id: TicketId,
    ix_external: &TransactionalTree,
    ix_customer: &TransactionalTree,
    ix_active: &TransactionalTree,
    ix_assignee: &TransactionalTree,
) -> std::result::Result<(), ConflictableTransactionError<String>> {
    if let Some(ext) = &keys.external {
        ix_external.remove(ext.as_slice())?;
    }
    for k in &keys.customer {
        ix_customer.remove(k.as_slice())?;
    }
    if keys.active {
        ix_active.remove(&id_key(id))?;
    }
    if let Some(a) = &keys.assignee {
        ix_assignee.remove(a.as_slice())?;
    }
    Ok(())
}

fn insert_indexes(
    ticket: &Ticket,
    keys: &IndexKeys,
    ix_external: &TransactionalTree,
    ix_customer: &TransactionalTree,
    ix_active: &TransactionalTree,
    ix_assignee: &TransactionalTree,
) -> std::result::Result<(), ConflictableTransactionError<String>> {
    let id = id_key(ticket.id);
    if let Some(ext) = &keys.external {
        ix_external.insert(ext.as_slice(), &id)?;
    }
    for k in &keys.customer {
        ix_customer.insert(k.as_slice(), &[])?;
    }
    if keys.active {
        ix_active.insert(&id, &[])?;
    }
    if let Some(a) = &keys.assignee {
        ix_assignee.insert(a.as_slice(), &[])?;
    }
    Ok(())
}

enum LockError {
    Busy { pid: String, waited: StdDuration },
    Io(std::io::Error),
}

/// Takes the exclusive lock, polling until `wait` runs out, then records
/// our pid in the file so a waiting process can say who holds it.
fn acquire_lock(path: &Path, wait: StdDuration) -> std::result::Result<File, LockError> {
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)
        .map_err(LockError::Io)?;
    let started = Instant::now();
    let mut pause = StdDuration::from_millis(2);
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(std::fs::TryLockError::WouldBlock) => {
                let waited = started.elapsed();
                if waited >= wait {
                    let mut pid = String::new();
                    let _ = file.read_to_string(&mut pid);
                    let pid = pid.trim().to_string();
                    let pid = if pid.is_empty() {
                        "unknown".to_string()
                    } else {
                        pid
                    };
                    return Err(LockError::Busy { pid, waited });
                }
                std::thread::sleep(
                    pause
                        .min(wait.saturating_sub(waited))
                        .max(StdDuration::from_millis(1)),
                );
                pause = (pause * 2).min(StdDuration::from_millis(10));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(LockError::Io(e)),
        }
    }
    let mut record = || -> std::io::Result<()> {
        file.set_len(0)?;
        file.seek(SeekFrom::Start(0))?;
        write!(file, "{}", std::process::id())?;
        file.flush()
    };
    record().map_err(LockError::Io)?;
    Ok(file)
}

fn open_sled(path: &Path) -> Result<sled::Db> {
    let config = sled::Config::new().path(path).cache_capacity(CACHE_BYTES);
    // Holding our lock, sled can still find its own file lock busy for a
    // moment: the previous holder released our lock while a sled background
    // thread still had the file open. Retry briefly.
    let started = Instant::now();
    loop {
        match config.open() {
            Ok(db) => return Ok(db),
            // sled reports its lock failure as an `Other` error whose text names the lock.
            Err(sled::Error::Io(e))
                if (e.kind() == std::io::ErrorKind::WouldBlock
                    || e.to_string().contains("could not acquire lock"))
                    && started.elapsed() < StdDuration::from_secs(5) =>
            {
                std::thread::sleep(StdDuration::from_millis(20));
            }
            Err(e) => {
                return Err(StoreError::Sled {
                    path: path.display().to_string(),
                    source: e,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EventKind;
    use chrono::TimeZone;

    #[test]
    fn a_schema_one_database_is_read_and_relabelled() {
        let dir = tempfile::tempdir().unwrap();
        let at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
        let mut ticket = Ticket::new("written by schema 1", at);
        ticket.id = 1;
        ticket.history_len = 1;
        let event = NewEvent::new(at, "ann", EventKind::Created).into_event(1, 1);
        {
            let store = Store::open(dir.path(), StdDuration::from_secs(5)).unwrap();
            store
                .tickets
                .insert(id_key(1), serde_json::to_vec(&ticket).unwrap())
                .unwrap();
            store
                .events
                .insert(event_key(1, 1), serde_json::to_vec(&event).unwrap())
                .unwrap();
            store.meta.insert("next_id", &2u64.to_be_bytes()).unwrap();
            store.force_schema_version(1).unwrap();
            store.flush().unwrap();
        }
        let store = Store::open(dir.path(), StdDuration::from_secs(5)).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(store.get(1).unwrap().unwrap(), ticket);
        assert_eq!(store.events(1).unwrap(), vec![event]);
        // The next save writes the record in binary.
        store
            .save(vec![Change {
                ticket: ticket.clone(),
                events: Vec::new(),
            }])
            .unwrap();
        let raw = store.tickets.get(id_key(1)).unwrap().unwrap();
        assert_eq!(raw[0], codec::TICKET_FORMAT);
        assert_eq!(store.get(1).unwrap().unwrap(), ticket);
    }
}
