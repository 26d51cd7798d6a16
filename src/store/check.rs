//! Consistency checks and repairs for `triage doctor`.
//!
//! [`Store::inspect`] reads every record once and reports what does not
//! hold: the schema version, readable records, every index entry pointing
//! to a ticket that should have it and every ticket having all its entries,
//! the id counter above every id in use, each ticket's audit log numbered
//! 1..n without gaps with `history_len == n`, and no events without a
//! ticket. [`Store::repair`] fixes what can be derived from the tickets
//! themselves (indexes, counter, `history_len`, a ticket both live and in
//! the trash) and leaves the rest to a person.
//!
//! Expected index keys are kept as 64-bit hashes, so a check of a million
//! tickets needs tens of megabytes, not a copy of the indexes.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};

use serde::Serialize;

use super::{id_key, key_id, IndexKeys, Result, Store, RESTORING, SCHEMA_VERSION};
use crate::model::{Ticket, TicketId};

/// How many example records a problem lists.
const EXAMPLES: usize = 5;

/// One kind of inconsistency `doctor` looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// The schema version is missing, unreadable or not this build's.
    Schema,
    /// A backup restore stopped half-way: the database is incomplete.
    RestoreIncomplete,
    /// A ticket, trash, event, agent or meta record that does not decode.
    Unreadable,
    /// A ticket stored under a key other than its own id.
    TicketKey,
    /// A ticket both live and in the trash.
    LiveAndTrashed,
    /// A stored ticket lacks one of its index entries.
    MissingIndex,
    /// An index entry points to no ticket, or to one that should not have it.
    StaleIndex,
    /// Two tickets share one source + external id.
    ExternalConflict,
    /// The id counter is not above the highest id in use.
    Counter,
    /// An event stored under a key that does not match its ticket and sequence.
    EventKey,
    /// A ticket's audit log has a gap (or does not start at 1).
    EventGap,
    /// A ticket's `history_len` differs from its highest event number.
    HistoryLen,
    /// Events of a ticket that is neither live nor in the trash.
    OrphanEvents,
}

impl Check {
    /// Whether [`Store::repair`] can fix it from the data that is there.
    pub fn repairable(self) -> bool {
        matches!(
            self,
            Check::LiveAndTrashed
                | Check::MissingIndex
                | Check::StaleIndex
                | Check::Counter
                | Check::HistoryLen
        )
    }

    /// What the problem is, for people.
    pub fn describe(self) -> &'static str {
        match self {
            Check::Schema => "schema version missing, unreadable or not this build's",
            Check::RestoreIncomplete => {
                "a backup restore was interrupted: the database is incomplete \
                 (run `triage backup restore FILE` again)"
            }
            Check::Unreadable => "records that cannot be read",
            Check::TicketKey => "tickets stored under another id",
            Check::LiveAndTrashed => "tickets both live and in the trash",
            Check::MissingIndex => "index entries missing for stored tickets",
            Check::StaleIndex => "index entries pointing to no ticket or the wrong one",
            Check::ExternalConflict => {
                "tickets sharing one source + external id (merge or re-key one of them)"
            }
            Check::Counter => "id counter not above the highest id in use",
            Check::EventKey => "audit events stored under the wrong key",
            Check::EventGap => "gaps in a ticket's audit sequence",
            Check::HistoryLen => "tickets whose history_len differs from their audit log",
            Check::OrphanEvents => "audit events of tickets that no longer exist",
        }
    }
}

/// One kind of problem with how often it occurred and a few examples.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub check: Check,
    pub count: u64,
    pub examples: Vec<String>,
    pub repairable: bool,
}

/// What [`Store::inspect`] found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Inspection {
    pub schema: u32,
    pub tickets: u64,
    pub trashed: u64,
    pub events: u64,
    pub index_entries: u64,
    pub agents: u64,
    pub next_id: TicketId,
    /// Highest ticket id seen in tickets, trash or events (0 if none).
    pub max_id: TicketId,
    /// Problems in a fixed order; empty when the database is consistent.
    pub problems: Vec<Problem>,
    #[serde(skip)]
    fixes: Fixes,
}

impl Inspection {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// The problems other than `check`.
    pub fn without(&self, check: Check) -> Vec<&Problem> {
        self.problems.iter().filter(|p| p.check != check).collect()
    }
}

/// What [`Store::repair`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Repair {
    /// One line per action taken.
    pub actions: Vec<String>,
}

/// The records a repair needs, beyond the counted problems.
#[derive(Clone, Debug, Default)]
struct Fixes {
    rebuild_indexes: bool,
    /// Trash copies of live tickets.
    trash_copies: Vec<TicketId>,
    /// (ticket, highest event number) where `history_len` disagrees.
    history: Vec<(TicketId, u32)>,
}

#[derive(Default)]
struct Findings {
    found: BTreeMap<Check, (u64, Vec<String>)>,
}

impl Findings {
    fn add(&mut self, check: Check, example: impl FnOnce() -> String) {
        let entry = self.found.entry(check).or_default();
        entry.0 += 1;
        if entry.1.len() < EXAMPLES {
            entry.1.push(example());
        }
    }

    fn into_problems(self) -> Vec<Problem> {
        self.found
            .into_iter()
            .map(|(check, (count, examples))| Problem {
                check,
                count,
                examples,
                repairable: check.repairable(),
            })
            .collect()
    }
}

/// The index trees by the name `doctor` shows.
const INDEXES: [&str; 4] = ["ix_external", "ix_customer", "ix_active", "ix_assignee"];

fn hash_key(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

fn show_key(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out: String = text
        .chars()
        .map(|c| if c.is_control() { '|' } else { c })
        .take(60)
        .collect();
    if let Some(id) = key_id(bytes) {
        if bytes.len() > 8 {
            out = format!(
                "{}|{id}",
                String::from_utf8_lossy(&bytes[..bytes.len() - 8])
                    .trim_end_matches('\0')
                    .chars()
                    .take(50)
                    .collect::<String>()
            );
        } else {
            out = format!("ticket {id}");
        }
    }
    out
}

impl Store {
    fn index_tree(&self, i: usize) -> &sled::Tree {
        [
            &self.ix_external,
            &self.ix_customer,
            &self.ix_active,
            &self.ix_assignee,
        ][i]
    }

    /// Whether a backup restore is writing (or was interrupted).
    pub fn restore_in_progress(&self) -> Result<bool> {
        self.meta
            .contains_key(RESTORING)
            .map_err(|e| self.sled_err(e))
    }

    /// Reads every record and reports what is inconsistent. Read-only.
    pub fn inspect(&self) -> Result<Inspection> {
        let mut f = Findings::default();
        let mut report = Inspection::default();
        let sled = |e| self.sled_err(e);

        match self.meta.get("schema").map_err(sled)? {
            Some(b) if b.len() == 4 => {
                report.schema = u32::from_be_bytes(b.as_ref().try_into().expect("4 bytes"));
                if report.schema != SCHEMA_VERSION {
                    f.add(Check::Schema, || {
                        format!("version {} (this build: {SCHEMA_VERSION})", report.schema)
                    });
                }
            }
            Some(_) => f.add(Check::Schema, || "unreadable version record".into()),
            None => f.add(Check::Schema, || "no version recorded".into()),
        }
        if self.restore_in_progress()? {
            f.add(Check::RestoreIncomplete, || "meta/restoring is set".into());
        }
        report.next_id = match self.meta.get("next_id").map_err(sled)? {
            None => 1,
            Some(b) if b.len() == 8 => u64::from_be_bytes(b.as_ref().try_into().expect("8 bytes")),
            Some(_) => {
                f.add(Check::Counter, || "meta/next_id is unreadable".into());
                0
            }
        };

        // Tickets: each one's index entries must exist.
        let mut expected: [HashSet<u64>; 4] = Default::default();
        // history_len of every ticket, live or trashed.
        let mut history: HashMap<TicketId, u32> = HashMap::new();
        let mut live: HashSet<TicketId> = HashSet::new();
        for entry in self.tickets.iter() {
            let (key, value) = entry.map_err(sled)?;
            report.tickets += 1;
            let Some(id) = (key.len() == 8).then(|| key_id(&key)).flatten() else {
                f.add(Check::Unreadable, || format!("ticket key {key:?}"));
                continue;
            };
            report.max_id = report.max_id.max(id);
            let ticket: Ticket = match super::codec::decode_ticket(&value) {
                Ok(t) => t,
                Err(e) => {
                    f.add(Check::Unreadable, || format!("ticket {id}: {e}"));
                    continue;
                }
            };
            if ticket.id != id {
                f.add(Check::TicketKey, || {
                    format!("key {id} holds ticket {}", ticket.id)
                });
            }
            live.insert(id);
            history.insert(id, ticket.history_len);
            self.check_ticket_indexes(&ticket, &mut expected, &mut f, &mut report.fixes)?;
        }

        for entry in self.trash.iter() {
            let (key, value) = entry.map_err(sled)?;
            report.trashed += 1;
            let Some(id) = (key.len() == 8).then(|| key_id(&key)).flatten() else {
                f.add(Check::Unreadable, || format!("trash key {key:?}"));
                continue;
            };
            report.max_id = report.max_id.max(id);
            match super::codec::decode_ticket(&value) {
                Ok(t) => {
                    if t.id != id {
                        f.add(Check::TicketKey, || {
                            format!("trash key {id} holds ticket {}", t.id)
                        });
                    }
                    if live.contains(&id) {
                        f.add(Check::LiveAndTrashed, || format!("ticket {id}"));
                        report.fixes.trash_copies.push(id);
                    } else {
                        history.insert(id, t.history_len);
                    }
                }
                Err(e) => f.add(Check::Unreadable, || format!("trashed ticket {id}: {e}")),
            }
        }

        // Index entries: each must be one some ticket expects.
        for (i, name) in INDEXES.iter().enumerate() {
            for key in self.index_tree(i).iter().keys() {
                let key = key.map_err(sled)?;
                report.index_entries += 1;
                if !expected[i].contains(&hash_key(&key)) {
                    f.add(Check::StaleIndex, || format!("{name} {}", show_key(&key)));
                    report.fixes.rebuild_indexes = true;
                }
            }
        }

        self.check_events(&mut report, &mut history, &mut f)?;
        // Tickets that claim history but have no event at all.
        let mut silent: Vec<(TicketId, u32)> =
            history.into_iter().filter(|&(_, len)| len > 0).collect();
        silent.sort_unstable();
        for (id, len) in silent {
            f.add(Check::HistoryLen, || {
                format!("ticket {id}: history_len {len}, no events")
            });
            report.fixes.history.push((id, 0));
        }

        if report.next_id != 0 && report.next_id <= report.max_id {
            f.add(Check::Counter, || {
                format!(
                    "next id {} but id {} is in use",
                    report.next_id, report.max_id
                )
            });
        }

        for entry in self.agents.iter() {
            let (key, value) = entry.map_err(sled)?;
            report.agents += 1;
            if let Err(e) = serde_json::from_slice::<super::AgentState>(&value) {
                f.add(Check::Unreadable, || {
                    format!("agent {}: {e}", String::from_utf8_lossy(&key))
                });
            }
        }

        report.problems = f.into_problems();
        Ok(report)
    }

    fn check_ticket_indexes(
        &self,
        ticket: &Ticket,
        expected: &mut [HashSet<u64>; 4],
        f: &mut Findings,
        fixes: &mut Fixes,
    ) -> Result<()> {
        let sled = |e| self.sled_err(e);
        let id = ticket.id;
        let keys = IndexKeys::of(ticket);
        let mut missing = |what: &str, f: &mut Findings| {
            f.add(Check::MissingIndex, || format!("ticket {id}: {what}"));
            fixes.rebuild_indexes = true;
        };
        if let Some(ext) = &keys.external {
            expected[0].insert(hash_key(ext));
            match self.ix_external.get(ext).map_err(sled)? {
                Some(owner) if key_id(&owner) == Some(id) => {}
                Some(owner) => {
                    let owner = key_id(&owner).unwrap_or(0);
                    let shared = self.get(owner).ok().flatten().is_some_and(|o| {
                        o.source == ticket.source && o.external_id == ticket.external_id
                    });
                    if shared {
                        f.add(Check::ExternalConflict, || {
                            format!(
                                "tickets {owner} and {id}: source {:?} external id {:?}",
                                ticket.source.as_deref().unwrap_or(""),
                                ticket.external_id.as_deref().unwrap_or("")
                            )
                        });
                    } else {
                        missing("ix_external (points to another ticket)", f);
                    }
                }
                None => missing("ix_external", f),
            }
        }
        for k in &keys.customer {
            expected[1].insert(hash_key(k));
            if !self.ix_customer.contains_key(k).map_err(sled)? {
                missing("ix_customer", f);
            }
        }
        if keys.active {
            expected[2].insert(hash_key(&id_key(id)));
            if !self.ix_active.contains_key(id_key(id)).map_err(sled)? {
                missing("ix_active", f);
            }
        }
        if let Some(a) = &keys.assignee {
            expected[3].insert(hash_key(a));
            if !self.ix_assignee.contains_key(a).map_err(sled)? {
                missing("ix_assignee", f);
            }
        }
        Ok(())
    }

    /// One pass over the events tree, which sorts by ticket then sequence.
    fn check_events(
        &self,
        report: &mut Inspection,
        history: &mut HashMap<TicketId, u32>,
        f: &mut Findings,
    ) -> Result<()> {
        struct Run {
            id: TicketId,
            last: u32,
            count: u32,
        }
        let mut finish =
            |run: Run, f: &mut Findings, report: &mut Inspection| match history.remove(&run.id) {
                None => f.add(Check::OrphanEvents, || {
                    format!("ticket {}: {} events", run.id, run.count)
                }),
                Some(len) if len != run.last => {
                    f.add(Check::HistoryLen, || {
                        format!(
                            "ticket {}: history_len {len}, highest event {}",
                            run.id, run.last
                        )
                    });
                    report.fixes.history.push((run.id, run.last));
                }
                Some(_) => {}
            };
        let mut run: Option<Run> = None;
        for entry in self.events.iter() {
            let (key, value) = entry.map_err(|e| self.sled_err(e))?;
            report.events += 1;
            let Some((id, seq)) = (key.len() == 12)
                .then(|| super::event_parts(&key))
                .flatten()
            else {
                f.add(Check::EventKey, || format!("event key {key:?}"));
                continue;
            };
            report.max_id = report.max_id.max(id);
            match super::codec::decode_event(id, seq, &value) {
                Ok(e) if e.ticket != id || e.seq != seq => f.add(Check::EventKey, || {
                    format!("key {id}/{seq} holds event {}/{}", e.ticket, e.seq)
                }),
                Ok(_) => {}
                Err(e) => f.add(Check::Unreadable, || format!("event {id}/{seq}: {e}")),
            }
            match &mut run {
                Some(r) if r.id == id => {
                    if seq != r.last + 1 {
                        f.add(Check::EventGap, || {
                            format!("ticket {id}: event {seq} follows {}", r.last)
                        });
                    }
                    r.last = seq;
                    r.count += 1;
                }
                _ => {
                    if let Some(done) = run.take() {
                        finish(done, f, report);
                    }
                    if seq != 1 {
                        f.add(Check::EventGap, || {
                            format!("ticket {id}: audit log starts at event {seq}")
                        });
                    }
                    run = Some(Run {
                        id,
                        last: seq,
                        count: 1,
                    });
                }
            }
        }
        if let Some(done) = run {
            finish(done, f, report);
        }
        Ok(())
    }

    /// Fixes what `found` says is repairable: rebuilds the four indexes from
    /// the tickets, drops trash copies of live tickets, sets `history_len`
    /// to the highest event number and raises the id counter. Flushes.
    ///
    /// Not one transaction (an index rebuild of a big database would not fit
    /// in memory); a repair that is killed is finished by running it again.
    pub fn repair(&self, found: &Inspection) -> Result<Repair> {
        let sled = |e| self.sled_err(e);
        let mut done = Repair::default();
        for &id in &found.fixes.trash_copies {
            self.trash.remove(id_key(id)).map_err(sled)?;
        }
        if !found.fixes.trash_copies.is_empty() {
            done.actions.push(format!(
                "removed the trash copy of {} live ticket(s)",
                found.fixes.trash_copies.len()
            ));
        }
        for &(id, last) in &found.fixes.history {
            for tree in [&self.tickets, &self.trash] {
                if let Some(bytes) = tree.get(id_key(id)).map_err(sled)? {
                    if let Ok(mut t) = super::codec::decode_ticket(&bytes) {
                        t.history_len = last;
                        tree.insert(id_key(id), super::codec::encode_ticket(&t))
                            .map_err(sled)?;
                    }
                }
            }
        }
        if !found.fixes.history.is_empty() {
            done.actions.push(format!(
                "set history_len to the audit log's length on {} ticket(s)",
                found.fixes.history.len()
            ));
        }
        if found.fixes.rebuild_indexes {
            let entries = self.rebuild_indexes()?;
            done.actions.push(format!(
                "rebuilt the indexes from the tickets ({entries} entries)"
            ));
        }
        // An unreadable counter was read as 0, so this also rewrites it.
        if found.next_id <= found.max_id {
            let next = found.max_id + 1;
            self.meta
                .insert("next_id", &next.to_be_bytes())
                .map_err(sled)?;
            done.actions.push(format!("set the id counter to {next}"));
        }
        self.flush()?;
        Ok(done)
    }

    /// Clears the four indexes and writes them again from the readable
    /// tickets. When two tickets share a source + external id the lower id
    /// keeps the entry. Returns the number of entries written.
    fn rebuild_indexes(&self) -> Result<u64> {
        let sled = |e| self.sled_err(e);
        for i in 0..INDEXES.len() {
            self.index_tree(i).clear().map_err(sled)?;
        }
        let mut written = 0u64;
        let mut batches: [sled::Batch; 4] = Default::default();
        let mut pending = 0usize;
        for value in self.tickets.iter().values() {
            let value = value.map_err(sled)?;
            let Ok(ticket) = super::codec::decode_ticket(&value) else {
                continue;
            };
            let keys = IndexKeys::of(&ticket);
            let id = id_key(ticket.id);
            if let Some(ext) = &keys.external {
                // Tickets come in id order, so the first writer is the lowest id.
                if !self.ix_external.contains_key(ext).map_err(sled)? {
                    self.ix_external.insert(ext.as_slice(), &id).map_err(sled)?;
                    written += 1;
                }
            }
            for k in &keys.customer {
                batches[1].insert(k.as_slice(), &[]);
                written += 1;
            }
            if keys.active {
                batches[2].insert(&id, &[]);
                written += 1;
            }
            if let Some(a) = &keys.assignee {
                batches[3].insert(a.as_slice(), &[]);
                written += 1;
            }
            pending += 1;
            if pending == 10_000 {
                for (i, batch) in batches.iter_mut().enumerate() {
                    self.index_tree(i)
                        .apply_batch(std::mem::take(batch))
                        .map_err(sled)?;
                }
                pending = 0;
            }
        }
        for (i, batch) in batches.into_iter().enumerate() {
            self.index_tree(i).apply_batch(batch).map_err(sled)?;
        }
        Ok(written)
    }
}
