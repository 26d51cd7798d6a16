//! The server engine: a PostgreSQL database shared by a team, named by a
//! `postgres://` or `postgresql://` URL. The only module that knows
//! PostgreSQL.
//!
//! # Tables
//! Schema `triage` ([`schema`]): `info` (schema version, id counter),
//! `tickets` (the ticket document and the columns derived from it, with
//! their indexes and the unique source + external id), `events` (the audit
//! log), `summaries` (the report summary of each live ticket), `agents`,
//! and `raw` (records carried by backups). Created on first use and
//! migrated by triage; a newer schema is refused.
//!
//! # Transactions and concurrency
//! Many processes on many machines use one database at once; there is no
//! process-wide lock. Each command is one transaction (READ COMMITTED),
//! begun by its first statement, made durable by [`Store::commit`] and
//! rolled back if the command ends without it (an error, a kill, a lost
//! connection): nothing half-written. Within it:
//! - ids: [`Store::save`] takes its new ids from the counter row, whose
//!   lock it holds until commit, so ids are dense and sequential from 1
//!   under any number of concurrent creators;
//! - a ticket read with [`Store::get`] is locked (`FOR NO KEY UPDATE`)
//!   until the command ends: the command reads the version it will change,
//!   and a second command changing the same ticket waits for it. So are
//!   the tickets a router reads with [`Store::get_many`] once it holds the
//!   routing lock (below);
//! - every save checks that each changed ticket is still the version the
//!   command read (the `history_len` [`Store::get`] or [`Store::get_many`]
//!   returned); one changed meanwhile by another command makes the save
//!   fail with "run it again" (exit 75), never a lost update;
//! - transaction-scoped advisory locks serialize the two decisions the
//!   issue names: looking up a source + external id (a second sender of
//!   the same id waits, then finds the first one's ticket and records a
//!   repeat), and routing (reading the queue of active tickets, agents'
//!   loads or states: a second router waits, then sees the first one's
//!   assignments, so no agent goes over capacity). Customer dedup keys are
//!   locked the same way;
//! - waiting for any lock longer than `--wait` gives up with exit 75.
//!
//! A command that only reads a whole database ([`Store::snapshot`]:
//! export, backup, doctor) runs in one REPEATABLE READ READ ONLY
//! transaction instead, so what it writes out is one consistent moment,
//! and takes no locks.
//!
//! An import ([`Store::begin_bulk`]) commits each `save` batch as it
//! goes, as sled does: a killed import leaves whole batches, and its rerun
//! completes it. A backup restore is one transaction: a killed restore
//! leaves an empty database.

mod check;
mod codec;
mod connect;
mod error;
mod read;
mod restore;
mod rows;
mod schema;
mod write;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Mutex, MutexGuard};

use postgres::{Client, Statement};

use super::{
    AgentState, Change, ExternalHit, Inspection, OpenOptions, RawRecord, Record, Repair,
    RestoreBatch, Result, Store, StoreError, Stream,
};
use crate::model::{Event, NewEvent, Ticket, TicketId};
use crate::summary::Summary;

pub use self::connect::{is_url, password_in, without_password};
pub use self::schema::VERSION as SCHEMA_VERSION;

/// The state of the command's transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tx {
    /// No transaction: the next statement begins one.
    Idle,
    /// A READ COMMITTED transaction; `wrote` once anything was written.
    Open { wrote: bool },
    /// A REPEATABLE READ READ ONLY transaction ([`Store::snapshot`]).
    Snapshot,
}

/// The connection with its transaction state and prepared statements.
pub(crate) struct Session {
    client: Client,
    tx: Tx,
    /// Whether this transaction holds the routing lock already.
    routing_locked: bool,
    statements: HashMap<&'static str, Statement>,
}

/// Tickets an import writes before it refreshes the planner's statistics.
const ANALYZE_AFTER: u64 = 10_000;

/// Advisory lock names (hashed by the server, so every client agrees).
const ROUTING_LOCK: &str = "triage:routing";
const SCHEMA_LOCK: &str = "triage:schema";

impl Session {
    /// Begins a READ COMMITTED transaction unless one is open.
    fn begin(&mut self) -> std::result::Result<(), postgres::Error> {
        if self.tx == Tx::Idle {
            self.client.batch_execute("BEGIN")?;
            self.tx = Tx::Open { wrote: false };
        }
        Ok(())
    }

    /// Marks the transaction as one that wrote.
    fn wrote(&mut self) {
        if let Tx::Open { wrote } = &mut self.tx {
            *wrote = true;
        }
    }

    fn in_snapshot(&self) -> bool {
        self.tx == Tx::Snapshot
    }

    /// A prepared statement, prepared once per connection.
    fn statement(&mut self, sql: &'static str) -> std::result::Result<Statement, postgres::Error> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql)?;
        self.statements.insert(sql, s.clone());
        Ok(s)
    }

    /// Takes transaction-scoped advisory locks on `names`, in sorted order
    /// (so two commands locking the same names cannot deadlock). Shared
    /// locks exclude only exclusive ones. None in a read-only snapshot.
    fn advisory(
        &mut self,
        names: &[String],
        shared: bool,
    ) -> std::result::Result<(), postgres::Error> {
        if self.in_snapshot() || names.is_empty() {
            return Ok(());
        }
        let mut sorted: Vec<&String> = names.iter().collect();
        sorted.sort();
        sorted.dedup();
        let sql = if shared {
            "SELECT pg_advisory_xact_lock_shared(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k"
        } else {
            "SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k"
        };
        let stmt = self.statement(sql)?;
        self.client.execute(&stmt, &[&sorted])?;
        Ok(())
    }

    /// Takes the routing lock (see the module docs), once per transaction.
    fn lock_routing(&mut self) -> std::result::Result<(), postgres::Error> {
        if self.routing_locked || self.in_snapshot() {
            return Ok(());
        }
        self.advisory(&[ROUTING_LOCK.to_string()], false)?;
        self.routing_locked = true;
        Ok(())
    }

    fn end(&mut self, sql: &str) -> std::result::Result<(), postgres::Error> {
        if self.tx != Tx::Idle {
            self.tx = Tx::Idle;
            self.routing_locked = false;
            self.client.batch_execute(sql)?;
        }
        Ok(())
    }
}

/// A PostgreSQL database held by this process through one connection.
pub struct PgStore {
    location: String,
    session: Mutex<Session>,
    /// Whether the role may change tickets (and so take row locks).
    writable: bool,
    /// Between `begin_bulk` and `end_bulk`: each save commits.
    bulk: Mutex<bool>,
    /// Tickets written since `begin_bulk`.
    bulk_written: std::sync::atomic::AtomicU64,
    /// A backup restore in this transaction.
    restoring: Mutex<Option<restore::Restoring>>,
    /// The `history_len` of each ticket as this command read it, so a save
    /// can tell a ticket another command changed meanwhile.
    read_versions: Mutex<HashMap<TicketId, u32>>,
}

impl PgStore {
    /// Connects to the database at `url`, creating triage's tables on
    /// first use and migrating older ones; a newer schema is refused.
    pub fn open(url: &str, options: OpenOptions) -> Result<PgStore> {
        let target = connect::Target::parse(url)?;
        let client = target.connect(options.wait)?;
        let mut store = PgStore {
            location: target.location,
            session: Mutex::new(Session {
                client,
                tx: Tx::Idle,
                routing_locked: false,
                statements: HashMap::new(),
            }),
            writable: true,
            bulk: Mutex::new(false),
            bulk_written: std::sync::atomic::AtomicU64::new(0),
            restoring: Mutex::new(None),
            read_versions: Mutex::new(HashMap::new()),
        };
        store.writable = store.prepare_schema()?;
        Ok(store)
    }

    /// Checks the recorded schema version, creating or migrating the
    /// tables when needed. Returns whether this session may update tickets.
    fn prepare_schema(&self) -> Result<bool> {
        // A role without UPDATE, or a read-only server (a hot standby
        // serving reports), takes no row locks: its reads lock nothing.
        const PROBE: &str =
            "SELECT schema_version, has_table_privilege('triage.tickets', 'UPDATE') \
             AND current_setting('transaction_read_only') = 'off' FROM triage.info";
        let mut s = self.session();
        let found = match s.client.query_opt(PROBE, &[]) {
            Ok(row) => row.map(|r| (r.get::<_, i32>(0), r.get::<_, bool>(1))),
            Err(e) if e.code() == Some(&postgres::error::SqlState::UNDEFINED_TABLE) => None,
            Err(e) if e.code() == Some(&postgres::error::SqlState::INVALID_SCHEMA_NAME) => None,
            Err(e) => return Err(self.err(e)),
        };
        match found {
            Some((version, writable)) if version as u32 == schema::VERSION => Ok(writable),
            Some((version, _)) if version as u32 > schema::VERSION => Err(StoreError::Refused {
                location: self.location.clone(),
                message: format!(
                    "schema version {version} is newer than this triage understands ({}); upgrade triage",
                    schema::VERSION
                ),
            }),
            _ => {
                self.migrate(&mut s)?;
                drop(s);
                self.prepare_schema()
            }
        }
    }

    /// Creates the tables, or migrates them to this build's version, in
    /// one transaction under a lock, so two first uses at once do it once.
    fn migrate(&self, s: &mut Session) -> Result<()> {
        let run = |s: &mut Session| -> std::result::Result<(), postgres::Error> {
            s.client.batch_execute("BEGIN")?;
            s.client.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                &[&SCHEMA_LOCK],
            )?;
            let exists: bool = s
                .client
                .query_one("SELECT to_regclass('triage.info') IS NOT NULL", &[])?
                .get(0);
            if !exists {
                s.client.batch_execute(schema::CREATE)?;
            } else {
                let version: i32 = s
                    .client
                    .query_one("SELECT schema_version FROM triage.info FOR UPDATE", &[])?
                    .get(0);
                for (from, step) in schema::MIGRATIONS.iter().enumerate() {
                    let from = from as i32 + 1;
                    if version <= from {
                        s.client.batch_execute(step)?;
                    }
                }
                s.client.execute(
                    "UPDATE triage.info SET schema_version = $1 WHERE schema_version < $1",
                    &[&(schema::VERSION as i32)],
                )?;
            }
            s.client.batch_execute("COMMIT")
        };
        run(s).map_err(|e| {
            let _ = s.client.batch_execute("ROLLBACK");
            match self.err(e) {
                StoreError::Refused { location, message } => StoreError::Refused {
                    location,
                    message: format!(
                        "cannot create triage's tables: {message}; run `triage init` once as a role \
                         that may create schema `triage` in this database (its owner), then grant \
                         the team's role USAGE on the schema and SELECT, INSERT, UPDATE, DELETE on its tables"
                    ),
                },
                other => other,
            }
        })
    }

    pub(crate) fn session(&self) -> MutexGuard<'_, Session> {
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn err(&self, e: postgres::Error) -> StoreError {
        error::query_error(&self.location, &e)
    }

    pub(crate) fn corrupt(&self, message: String) -> StoreError {
        StoreError::Corrupt {
            location: self.location.clone(),
            message,
        }
    }

    /// Runs `f` in the command's transaction (begun if needed).
    pub(crate) fn tx<T>(
        &self,
        f: impl FnOnce(&mut Session) -> std::result::Result<T, postgres::Error>,
    ) -> Result<T> {
        let mut s = self.session();
        s.begin().map_err(|e| self.err(e))?;
        f(&mut s).map_err(|e| self.err(e))
    }

    /// Remembers the versions of tickets the command read.
    pub(crate) fn note_read(&self, tickets: &[Ticket]) {
        let mut seen = self.read_versions.lock().unwrap_or_else(|p| p.into_inner());
        for t in tickets {
            seen.insert(t.id, t.history_len);
        }
    }

    fn in_bulk(&self) -> bool {
        *self.bulk.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Commits the transaction. A connection lost while committing leaves
    /// the outcome unknown, and the message says so.
    fn commit_now(&self) -> Result<()> {
        let mut s = self.session();
        let wrote = matches!(s.tx, Tx::Open { wrote: true });
        s.end("COMMIT").map_err(|e| match self.err(e) {
            StoreError::Unavailable { location, message } if wrote => StoreError::Unavailable {
                location,
                message: format!(
                    "{message}; the connection was lost while committing, so the server may or \
                     may not have applied the change: check (triage show / list) before running it again"
                ),
            },
            other => other,
        })
    }
}

impl Store for PgStore {
    fn location(&self) -> &str {
        &self.location
    }

    fn schema_version(&self) -> Result<u32> {
        // Backups from either engine carry the same records, so they say
        // the same version and restore into either (the table version,
        // checked at open, is doctor's `schema`).
        Ok(super::SCHEMA_VERSION)
    }

    fn next_id(&self) -> Result<TicketId> {
        self.tx(|s| {
            let stmt = s.statement("SELECT next_id FROM triage.info")?;
            Ok(s.client.query_one(&stmt, &[])?.get::<_, i64>(0) as TicketId)
        })
    }

    fn ticket_count(&self) -> Result<u64> {
        self.tx(|s| {
            let row = s
                .client
                .query_one("SELECT count(*) FROM triage.tickets WHERE NOT trashed", &[])?;
            Ok(row.get::<_, i64>(0) as u64)
        })
    }

    fn get(&self, id: TicketId) -> Result<Option<Ticket>> {
        self.get_ticket(id)
    }

    fn get_many(&self, ids: &[TicketId]) -> Result<Vec<Ticket>> {
        self.get_tickets(ids)
    }

    fn events(&self, id: TicketId) -> Result<Vec<Event>> {
        self.events_of(&[id])
    }

    fn records(&self, ids: Range<TicketId>) -> Result<Vec<Record>> {
        self.records_in(ids)
    }

    fn records_of(&self, ids: &[TicketId]) -> Result<Vec<Record>> {
        self.records_with(ids)
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
        let ids = self.save_changes(changes)?;
        if self.in_bulk() {
            self.bulk_written
                .fetch_add(ids.len() as u64, std::sync::atomic::Ordering::Relaxed);
            // A batch need not wait for its WAL to reach the disk: the
            // import reports success only after `end_bulk`, whose commit
            // does wait, and that flushes every batch before it. A server
            // crash in between loses the newest batches, which a rerun
            // writes again, as after a kill.
            self.tx(|s| {
                s.client
                    .batch_execute("SET LOCAL synchronous_commit TO off")
            })?;
            self.commit_now()?;
        }
        Ok(ids)
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
        self.commit_now()
    }

    fn snapshot(&self) -> Result<()> {
        let mut s = self.session();
        match s.tx {
            Tx::Snapshot => return Ok(()),
            Tx::Open { wrote: true } => {
                return Err(StoreError::Engine {
                    location: self.location.clone(),
                    message: "a snapshot was asked for after the command wrote".into(),
                })
            }
            // Nothing written: what was read (and locked) is given up.
            Tx::Open { wrote: false } => s.end("ROLLBACK").map_err(|e| self.err(e))?,
            Tx::Idle => {}
        }
        s.client
            .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .map_err(|e| self.err(e))?;
        s.tx = Tx::Snapshot;
        Ok(())
    }

    fn begin_bulk(&self) -> Result<()> {
        // What the import read before its first batch stays as it was read.
        *self.bulk.lock().unwrap_or_else(|p| p.into_inner()) = true;
        Ok(())
    }

    fn end_bulk(&self) -> Result<()> {
        *self.bulk.lock().unwrap_or_else(|p| p.into_inner()) = false;
        // A commit that wrote nothing does not wait for the WAL: write the
        // counter row as it is, so this commit flushes the batches' WAL.
        self.tx(|s| {
            s.client
                .batch_execute("UPDATE triage.info SET next_id = next_id")?;
            s.wrote();
            Ok(())
        })?;
        self.commit_now()?;
        // After a large load the planner's statistics are stale (it would
        // sort ranges on disk instead of walking the primary key); a
        // role that does not own the tables only gets a warning.
        let written = self
            .bulk_written
            .swap(0, std::sync::atomic::Ordering::Relaxed);
        if written >= ANALYZE_AFTER {
            let mut s = self.session();
            s.client
                .batch_execute("ANALYZE triage.tickets, triage.events, triage.summaries")
                .map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    fn raw_records(&self) -> Result<Vec<RawRecord>> {
        self.raw()
    }

    fn restore_in_progress(&self) -> Result<bool> {
        // A restore is one transaction: one that was interrupted left nothing.
        Ok(false)
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
        *self.restoring.lock().unwrap_or_else(|p| p.into_inner()) = None;
        self.commit_now()?;
        // Statistics for the planner, as after a large import.
        let mut s = self.session();
        s.client
            .batch_execute("ANALYZE triage.tickets, triage.events, triage.summaries")
            .map_err(|e| self.err(e))
    }

    fn abandon_restore(&self) -> Result<()> {
        *self.restoring.lock().unwrap_or_else(|p| p.into_inner()) = None;
        self.session().end("ROLLBACK").map_err(|e| self.err(e))
    }

    fn inspect(&self) -> Result<Inspection> {
        self.check()
    }

    fn repair(&self, found: &Inspection) -> Result<Repair> {
        self.fix(found)
    }
}
