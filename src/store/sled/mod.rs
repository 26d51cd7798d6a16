//! The embedded engine: a sled database in a directory. The only module
//! that knows sled.
//!
//! # Files
//! `DB/triage.lock` is the process lock ([`lock`]); `DB/data/` is the sled
//! database. A database of schema 1 or 2 kept sled's files in `DB/` itself;
//! opening one upgrades it ([`legacy`]).
//!
//! # Layout (schema 3)
//! The number of sled entries is a small fraction of the number of tickets,
//! and no value is large enough to send a sled node to a blob file:
//! - `pages`: block start id → the tickets of one block of 64 ids, each
//!   with its whole audit log, compressed ([`page`]); `spill`: chunks of
//!   entries too long for a page.
//! - `summaries`: block start id → the [`Summary`] of each ticket of the
//!   block ([`summaries`]), what `report` reads instead of the pages.
//! - `ix_external` (source \0 external id → id), `ix_customer` (customer key
//!   \0 id), `ix_active` (id, tickets not resolved or closed), `ix_assignee`
//!   (agent \0 id, active tickets): packed runs of sorted entries ([`runs`]).
//! - `trash`: id → a deleted ticket with its audit log, restorable.
//! - `agents`: agent id → stored agent state (JSON).
//! - `meta`: `schema` (u32), `next_id` (u64), `count` (live tickets, u64),
//!   `restoring` while a backup restore is writing, `bulk_from` while an
//!   import defers index entries.
//!
//! Every write of a command is one sled transaction over these trees: a
//! ticket, its events, summary and index entries are written together or
//! not at all. An import ([`Store::begin_bulk`]) writes the index entries
//! of the tickets it creates in one sorted pass at the end; `bulk_from`
//! marks where that pass starts, so a killed import is completed from the
//! pages when the database is next opened.
//!
//! sled's `flush` syncs its log with `sync_file_range`, which does not make
//! the file's new size durable; [`Store::commit`] also `fdatasync`s the
//! log. A stale `snap.*.generating` left by a snapshot that failed (disk
//! full) would be taken for the newest snapshot and refused as corrupt:
//! [`SledStore::open`] removes it first.

mod check;
mod codec;
mod dump;
mod legacy;
mod lock;
mod page;
mod read;
mod runs;
mod summaries;
mod write;

#[cfg(test)]
mod tests;

use std::fs::File;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration as StdDuration, Instant};

use self::lock::{acquire_lock, LockError};
use super::{
    AgentState, Change, ExternalHit, Inspection, OpenOptions, RawRecord, Record, Repair,
    RestoreBatch, Result, Store, StoreError, Stream, SCHEMA_VERSION,
};
use crate::model::TicketId;
use crate::model::{Event, NewEvent, Ticket};
use crate::summary::Summary;
use std::collections::HashMap;
use std::ops::Range;

pub use self::codec::{decode_event, decode_ticket, encode_event, encode_ticket};

/// The on-disk pieces, for tests that damage a database behind triage's
/// back the way a crash or a bug could. Not a stable interface.
#[doc(hidden)]
pub mod internals {
    pub use super::page::{page_key, page_start, Entry, Page, PAGE_IDS};
    pub use super::runs::{decode as decode_run, encode as encode_run};

    /// Opens the sled database of the database directory `dir` directly.
    pub fn open_sled(dir: &std::path::Path) -> Result<sled::Db, sled::Error> {
        super::open_sled(&dir.join(super::DATA_DIR))
    }
}

const LOCK_FILE: &str = "triage.lock";
/// The sled database inside the database directory.
const DATA_DIR: &str = "data";
/// sled's page cache; its default (1 GiB) is far more than a ticket database needs.
const CACHE_BYTES: u64 = 32 * 1024 * 1024;
/// sled's segment size: a node goes to a blob file when it is larger than a
/// quarter of it. 17 pages of 30 KB fit in a 4 MiB segment's quarter.
const SEGMENT_BYTES: usize = 1024 * 1024;

/// `meta` keys.
const SCHEMA: &str = "schema";
const NEXT_ID: &str = "next_id";
const COUNT: &str = "count";
const RESTORING: &str = "restoring";
const BULK_FROM: &str = "bulk_from";

/// Trees in the order of [`Trees::all`]; a backup carries any other tree raw.
const TREES: [&str; 10] = [
    "meta",
    "pages",
    "summaries",
    "spill",
    "trash",
    "agents",
    "ix_external",
    "ix_customer",
    "ix_active",
    "ix_assignee",
];

/// The four indexes, by position in [`Trees::indexes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Index {
    External = 0,
    Customer = 1,
    Active = 2,
    Assignee = 3,
}

const INDEX_NAMES: [&str; 4] = ["ix_external", "ix_customer", "ix_active", "ix_assignee"];

struct Trees {
    meta: sled::Tree,
    pages: sled::Tree,
    summaries: sled::Tree,
    spill: sled::Tree,
    trash: sled::Tree,
    agents: sled::Tree,
    indexes: [sled::Tree; 4],
}

impl Trees {
    fn open(db: &sled::Db) -> std::result::Result<Trees, sled::Error> {
        Ok(Trees {
            meta: db.open_tree("meta")?,
            pages: db.open_tree("pages")?,
            summaries: db.open_tree("summaries")?,
            spill: db.open_tree("spill")?,
            trash: db.open_tree("trash")?,
            agents: db.open_tree("agents")?,
            indexes: [
                db.open_tree("ix_external")?,
                db.open_tree("ix_customer")?,
                db.open_tree("ix_active")?,
                db.open_tree("ix_assignee")?,
            ],
        })
    }

    /// Every tree, in the order of [`TREES`] (and of [`Tree`] positions).
    fn all(&self) -> [sled::Tree; 10] {
        let [a, b, c, d] = &self.indexes;
        [
            self.meta.clone(),
            self.pages.clone(),
            self.summaries.clone(),
            self.spill.clone(),
            self.trash.clone(),
            self.agents.clone(),
            a.clone(),
            b.clone(),
            c.clone(),
            d.clone(),
        ]
    }

    fn index(&self, index: Index) -> &sled::Tree {
        &self.indexes[index as usize]
    }
}

/// A tree's position in [`Trees::all`], for a write set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tree {
    Meta = 0,
    Pages = 1,
    Summaries = 2,
    Spill = 3,
    Trash = 4,
    Agents = 5,
    Ix = 6,
}

impl Tree {
    fn of(index: Index) -> usize {
        Tree::Ix as usize + index as usize
    }
}

/// A database directory held by this process. sled is closed before the
/// lock is released (field order matters).
pub struct SledStore {
    db: sled::Db,
    trees: Trees,
    location: String,
    data: PathBuf,
    /// The first id of an import that defers its index entries.
    bulk: Mutex<Option<TicketId>>,
    _lock: Option<File>,
}

/// A sled error; its I/O errors keep their kind (a full disk is told apart).
fn engine_error(location: &Path, source: sled::Error) -> StoreError {
    match source {
        sled::Error::Io(e) => io_error(location, "reading or writing the database", e),
        other => StoreError::Engine {
            location: location.display().to_string(),
            message: other.to_string(),
        },
    }
}

fn io_error(location: &Path, context: &str, source: std::io::Error) -> StoreError {
    StoreError::Io {
        location: location.display().to_string(),
        context: context.to_string(),
        source,
    }
}

impl SledStore {
    /// Opens (creating if needed) the database directory at `path`, first
    /// taking the process lock, waiting up to `options.wait`. A database of
    /// an older schema is upgraded; one an interrupted backup restore left
    /// incomplete is refused unless `options.repair`; an import that was
    /// killed is completed.
    pub fn open(path: &Path, options: OpenOptions) -> Result<SledStore> {
        if path.is_file() {
            return Err(StoreError::Corrupt {
                location: path.display().to_string(),
                message: "this is a file, not a database directory (--db names a directory)".into(),
            });
        }
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(path)
            .map_err(|e| io_error(path, "creating the database directory", e))?;
        let lock = acquire_lock(&path.join(LOCK_FILE), options.wait).map_err(|e| match e {
            LockError::Busy { pid, waited } => StoreError::Busy { pid, waited },
            LockError::Io(source) => io_error(path, "taking the lock", source),
        })?;
        let data = path.join(DATA_DIR);
        if legacy::present(path) {
            legacy::upgrade(path, &data)?;
        }
        let store = SledStore::open_data(path, &data, Some(lock))?;
        store.check_schema()?;
        if !options.repair && store.restore_in_progress_flag()? {
            return Err(store.corrupt(
                "a backup restore into this database was interrupted, so it is incomplete: \
                 run `triage backup restore FILE` again, or delete the directory"
                    .into(),
            ));
        }
        store.finish_interrupted_bulk()?;
        Ok(store)
    }

    /// Opens the sled database at `data` (creating it) for the directory
    /// `dir`, holding `lock`.
    fn open_data(dir: &Path, data: &Path, lock: Option<File>) -> Result<SledStore> {
        remove_stale_snapshots(data).map_err(|e| io_error(dir, "removing a stale snapshot", e))?;
        let db = open_sled(data).map_err(|e| engine_error(dir, e))?;
        let trees = Trees::open(&db).map_err(|e| engine_error(dir, e))?;
        Ok(SledStore {
            db,
            trees,
            location: dir.display().to_string(),
            data: data.to_path_buf(),
            bulk: Mutex::new(None),
            _lock: lock,
        })
    }

    fn sled_err(&self, source: sled::Error) -> StoreError {
        engine_error(Path::new(&self.location), source)
    }

    fn corrupt(&self, message: String) -> StoreError {
        StoreError::Corrupt {
            location: self.location.clone(),
            message,
        }
    }

    fn run_err(&self, e: runs::RunError) -> StoreError {
        match e {
            runs::RunError::Sled(e) => self.sled_err(e),
            runs::RunError::Corrupt(m) => self.corrupt(format!("unreadable index run: {m}")),
        }
    }

    fn meta_u64(&self, key: &str) -> Result<Option<u64>> {
        match self.trees.meta.get(key).map_err(|e| self.sled_err(e))? {
            None => Ok(None),
            Some(b) => {
                let bytes: [u8; 8] = b
                    .as_ref()
                    .try_into()
                    .map_err(|_| self.corrupt(format!("unreadable meta/{key}")))?;
                Ok(Some(u64::from_be_bytes(bytes)))
            }
        }
    }

    fn check_schema(&self) -> Result<()> {
        match self.trees.meta.get(SCHEMA).map_err(|e| self.sled_err(e))? {
            // A brand-new database takes the current version.
            None => {
                self.trees
                    .meta
                    .insert(SCHEMA, &SCHEMA_VERSION.to_be_bytes())
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
                        location: self.location.clone(),
                        found: version,
                    });
                }
                if version < SCHEMA_VERSION {
                    return Err(self.corrupt(format!(
                        "schema version {version} inside {DATA_DIR}/, which only schema 3 uses"
                    )));
                }
                Ok(())
            }
        }
    }

    fn restore_in_progress_flag(&self) -> Result<bool> {
        self.trees
            .meta
            .contains_key(RESTORING)
            .map_err(|e| self.sled_err(e))
    }

    /// Completes an import that was killed while it deferred index entries.
    fn finish_interrupted_bulk(&self) -> Result<()> {
        if let Some(from) = self.meta_u64(BULK_FROM)? {
            self.rebuild_indexes_from(from)?;
            self.trees
                .meta
                .remove(BULK_FROM)
                .map_err(|e| self.sled_err(e))?;
            self.durable()?;
        }
        Ok(())
    }

    /// Flushes sled and makes its log's size durable too.
    fn durable(&self) -> Result<()> {
        self.db.flush().map_err(|e| self.sled_err(e))?;
        let log = self.data.join("db");
        let file =
            File::open(&log).map_err(|e| io_error(&self.data, "opening the log to sync it", e))?;
        file.sync_data()
            .map_err(|e| io_error(&self.data, "syncing the log", e))?;
        Ok(())
    }
}

/// Removes `snap.*.generating` files: a snapshot sled could not finish
/// (disk full, a kill) that it would otherwise read as the newest one.
fn remove_stale_snapshots(data: &Path) -> std::io::Result<()> {
    let entries = match std::fs::read_dir(data) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("snap.") && name.ends_with(".generating") {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// The segment size recorded in an existing sled database's `conf` file.
fn existing_segment_size(path: &Path) -> Option<usize> {
    let conf = std::fs::read_to_string(path.join("conf")).ok()?;
    conf.lines()
        .find_map(|l| l.strip_prefix("segment_size:"))
        .and_then(|v| v.trim().parse().ok())
}

fn open_sled(path: &Path) -> std::result::Result<sled::Db, sled::Error> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)?;
    // sled refuses another segment size than the one a database was made
    // with: an existing one keeps its own.
    let segment = existing_segment_size(path).unwrap_or(SEGMENT_BYTES);
    let config = sled::Config::new()
        .path(path)
        .cache_capacity(CACHE_BYTES)
        .segment_size(segment);
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
            Err(e) => return Err(e),
        }
    }
}

impl Store for SledStore {
    fn location(&self) -> &str {
        &self.location
    }

    fn schema_version(&self) -> Result<u32> {
        let bytes = self.trees.meta.get(SCHEMA).map_err(|e| self.sled_err(e))?;
        Ok(bytes
            .and_then(|b| b.as_ref().try_into().ok().map(u32::from_be_bytes))
            .unwrap_or(0))
    }

    fn next_id(&self) -> Result<TicketId> {
        self.next_id_value()
    }

    fn ticket_count(&self) -> Result<u64> {
        self.count_value()
    }

    fn get(&self, id: TicketId) -> Result<Option<Ticket>> {
        self.get_ticket(id)
    }

    fn get_many(&self, ids: &[TicketId]) -> Result<Vec<Ticket>> {
        self.get_tickets(ids)
    }

    fn events(&self, id: TicketId) -> Result<Vec<Event>> {
        self.events_of(id)
    }

    fn records(&self, ids: Range<TicketId>) -> Result<Vec<Record>> {
        self.records_in(ids)
    }

    fn records_of(&self, ids: &[TicketId]) -> Result<Vec<Record>> {
        self.records_with_ids(ids)
    }

    fn tickets(&self) -> Stream<'_, Ticket> {
        self.ticket_stream(false)
    }

    fn tickets_newest_first(&self) -> Stream<'_, Ticket> {
        self.ticket_stream(true)
    }

    fn all_events(&self) -> Stream<'_, Event> {
        self.event_stream()
    }

    fn summary_chunks(&self) -> Result<Vec<Vec<Summary>>> {
        self.all_summaries()
    }

    fn find_external(&self, source: &str, external_id: &str) -> Result<Option<TicketId>> {
        self.lookup_external(source, external_id)
    }

    fn find_externals(
        &self,
        source: &str,
        external_ids: &[&str],
    ) -> Result<Vec<Option<ExternalHit>>> {
        self.lookup_externals(source, external_ids)
    }

    fn customer_tickets(&self, keys: &[String]) -> Result<Vec<TicketId>> {
        self.customer_ids(keys)
    }

    fn active_ids(&self) -> Result<Vec<TicketId>> {
        self.active()
    }

    fn loads(&self) -> Result<HashMap<String, u32>> {
        self.agent_loads()
    }

    fn assigned_to(&self, agent: &str) -> Result<Vec<TicketId>> {
        self.assigned(agent)
    }

    fn trashed(&self, id: TicketId) -> Result<Option<Ticket>> {
        self.trashed_ticket(id)
    }

    fn trashed_all(&self) -> Result<Vec<Ticket>> {
        self.all_trashed()
    }

    fn agent_states(&self) -> Result<HashMap<String, AgentState>> {
        self.states()
    }

    fn save(&self, changes: Vec<Change>) -> Result<Vec<TicketId>> {
        self.save_changes(changes)
    }

    fn trash(&self, id: TicketId, event: NewEvent) -> Result<bool> {
        self.trash_ticket(id, event)
    }

    fn restore(&self, id: TicketId, event: NewEvent) -> Result<bool> {
        self.restore_ticket(id, event)
    }

    fn set_agent_state(&self, agent: &str, state: &AgentState) -> Result<()> {
        self.put_agent_state(agent, state)
    }

    fn commit(&self) -> Result<()> {
        self.durable()
    }

    fn begin_bulk(&self) -> Result<()> {
        self.begin_bulk_load()
    }

    fn end_bulk(&self) -> Result<()> {
        self.end_bulk_load()
    }

    fn raw_records(&self) -> Result<Vec<RawRecord>> {
        self.raw()
    }

    fn restore_in_progress(&self) -> Result<bool> {
        self.restore_in_progress_flag()
    }

    fn begin_restore(&self) -> Result<bool> {
        self.start_restore()
    }

    fn restore_batch(&self, batch: &RestoreBatch) -> Result<std::result::Result<(), String>> {
        self.write_restore_batch(batch)
    }

    fn restore_counter(&self, next_id: TicketId) -> Result<()> {
        self.set_counter(next_id)
    }

    fn complete_restore(&self) -> Result<()> {
        self.complete_restore_pass()
    }

    fn finish_restore(&self) -> Result<()> {
        self.end_restore()
    }

    fn abandon_restore(&self) -> Result<()> {
        self.give_up_restore()
    }

    fn inspect(&self) -> Result<Inspection> {
        self.check()
    }

    fn repair(&self, found: &Inspection) -> Result<Repair> {
        self.fix(found)
    }
}
