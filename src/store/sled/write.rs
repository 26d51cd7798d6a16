//! Writing: every change of a command as one transaction over the trees
//! ([`WriteSet`]), and the passes that write derived records (index
//! entries, summaries) from the pages.

use std::collections::{BTreeMap, HashMap};

use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;

use super::codec::{self, index_fields, IndexFields};
use super::page::{self, page_key, page_start, Entry, Page, PAGE_IDS};
use super::runs::{self, Merge};
use super::summaries::{self, Labels};
use super::{Index, SledStore, Tree, BULK_FROM, COUNT, NEXT_ID};
use crate::model::{Event, NewEvent, Ticket, TicketId};
use crate::store::{customer_keys_of, AgentState, Change, Result};
use crate::summary::Summary;

/// Tickets per pass when index entries are written from the pages: the
/// entries of this many tickets are held and sorted in memory at once.
const REBUILD_TICKETS: u64 = 65_536;

/// Writes for one transaction, applied in order.
#[derive(Default)]
pub(super) struct WriteSet {
    writes: Vec<(usize, Vec<u8>, Option<Vec<u8>>)>,
}

impl WriteSet {
    pub(super) fn put(&mut self, tree: usize, key: impl Into<Vec<u8>>, value: Vec<u8>) {
        self.writes.push((tree, key.into(), Some(value)));
    }

    pub(super) fn remove(&mut self, tree: usize, key: impl Into<Vec<u8>>) {
        self.writes.push((tree, key.into(), None));
    }

    fn extend(&mut self, tree: usize, writes: Vec<runs::Write>) {
        for (k, v) in writes {
            self.writes.push((tree, k, v));
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.writes.is_empty()
    }
}

/// Every index entry a ticket should have (the external id's with its value).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct IndexKeys {
    pub external: Option<(Vec<u8>, Vec<u8>)>,
    pub customer: Vec<Vec<u8>>,
    pub active: Option<Vec<u8>>,
    pub assignee: Option<Vec<u8>>,
}

pub(super) fn external_key(source: &str, external_id: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(source.len() + external_id.len() + 1);
    key.extend_from_slice(source.as_bytes());
    key.push(0);
    key.extend_from_slice(external_id.as_bytes());
    key
}

pub(super) fn prefixed_id_key(prefix: &str, id: TicketId) -> Vec<u8> {
    let mut key = Vec::with_capacity(prefix.len() + 9);
    key.extend_from_slice(prefix.as_bytes());
    key.push(0);
    key.extend_from_slice(&id.to_be_bytes());
    key
}

/// The id at the end of an index key.
pub(super) fn key_id(bytes: &[u8]) -> Option<TicketId> {
    let tail: [u8; 8] = bytes.get(bytes.len().checked_sub(8)?..)?.try_into().ok()?;
    Some(u64::from_be_bytes(tail))
}

/// An external-index value: the ticket id as a varint, then the digest of
/// the import row last applied to it (8 bytes, little-endian), if any.
pub(super) fn id_value(id: TicketId, digest: Option<u64>) -> Vec<u8> {
    let mut v = Vec::with_capacity(12);
    page::put_uint(&mut v, id);
    if let Some(d) = digest {
        v.extend_from_slice(&d.to_le_bytes());
    }
    v
}

/// The ticket id and import digest of an external-index value.
pub(super) fn value_parts(bytes: &[u8]) -> Option<(TicketId, Option<u64>)> {
    let mut r = codec::Reader::new(bytes);
    let id = r.uint().ok()?;
    match &bytes[r.pos..] {
        [] => Some((id, None)),
        rest => Some((id, Some(u64::from_le_bytes(rest.try_into().ok()?)))),
    }
}

pub(super) fn value_id(bytes: &[u8]) -> Option<TicketId> {
    value_parts(bytes).map(|(id, _)| id)
}

impl IndexKeys {
    pub(super) fn of(f: &IndexFields<'_>) -> IndexKeys {
        let active = f.status.is_active();
        IndexKeys {
            external: match (f.source, f.external_id) {
                (Some(s), Some(e)) => Some((external_key(s, e), id_value(f.id, f.import_digest))),
                _ => None,
            },
            customer: customer_keys_of(f.customer_id, f.email, f.phone)
                .iter()
                .map(|k| prefixed_id_key(k, f.id))
                .collect(),
            active: active.then(|| f.id.to_be_bytes().to_vec()),
            assignee: match (f.assignee, active) {
                (Some(a), true) => Some(prefixed_id_key(a, f.id)),
                _ => None,
            },
        }
    }

    pub(super) fn of_ticket(t: &Ticket) -> IndexKeys {
        IndexKeys::of(&IndexFields::of(t))
    }

    /// The keys of a stored ticket record.
    pub(super) fn of_record(bytes: &[u8]) -> std::result::Result<IndexKeys, String> {
        let mut scratch = None;
        Ok(IndexKeys::of(&index_fields(bytes, &mut scratch)?))
    }

    /// `(index, key, value)` of every entry, taken out.
    pub(super) fn into_entries(self) -> Vec<(Index, Vec<u8>, Vec<u8>)> {
        let mut out = Vec::with_capacity(3 + self.customer.len());
        out.extend(self.external.map(|(k, v)| (Index::External, k, v)));
        out.extend(
            self.customer
                .into_iter()
                .map(|k| (Index::Customer, k, Vec::new())),
        );
        out.extend(self.active.map(|k| (Index::Active, k, Vec::new())));
        out.extend(self.assignee.map(|k| (Index::Assignee, k, Vec::new())));
        out
    }

    /// `(index, key, value)` of every entry.
    pub(super) fn entries(&self) -> Vec<(Index, &[u8], &[u8])> {
        let mut out = Vec::new();
        out.extend(
            self.external
                .iter()
                .map(|(k, v)| (Index::External, &k[..], &v[..])),
        );
        out.extend(
            self.customer
                .iter()
                .map(|k| (Index::Customer, &k[..], &[][..])),
        );
        out.extend(self.active.iter().map(|k| (Index::Active, &k[..], &[][..])));
        out.extend(
            self.assignee
                .iter()
                .map(|k| (Index::Assignee, &k[..], &[][..])),
        );
        out
    }
}

/// Index operations collected for one transaction.
#[derive(Default)]
pub(super) struct IndexOps {
    ops: [Vec<runs::Write>; 4],
}

impl IndexOps {
    /// Replaces `old`'s entries by `new`'s, touching only those that
    /// differ (in key or value).
    pub(super) fn change(&mut self, old: &IndexKeys, new: &IndexKeys) {
        let old_entries = old.entries();
        let new_entries = new.entries();
        for (ix, key, _) in &old_entries {
            if !new_entries.iter().any(|(i, k, _)| i == ix && k == key) {
                self.ops[*ix as usize].push((key.to_vec(), None));
            }
        }
        for entry in &new_entries {
            if !old_entries.contains(entry) {
                let (ix, key, value) = entry;
                self.ops[*ix as usize].push((key.to_vec(), Some(value.to_vec())));
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.ops.iter().all(Vec::is_empty)
    }
}

impl SledStore {
    /// Applies a write set in one transaction.
    pub(super) fn apply(&self, set: WriteSet) -> Result<()> {
        if set.is_empty() {
            return Ok(());
        }
        let trees = self.trees.all();
        let writes: Vec<(usize, sled::IVec, Option<sled::IVec>)> = set
            .writes
            .into_iter()
            .map(|(t, k, v)| (t, sled::IVec::from(k), v.map(sled::IVec::from)))
            .collect();
        let outcome: std::result::Result<(), TransactionError<()>> = trees[..].transaction(|tx| {
            for (t, k, v) in &writes {
                match v {
                    Some(v) => {
                        tx[*t].insert(k, v.clone())?;
                    }
                    None => {
                        tx[*t].remove(k)?;
                    }
                }
            }
            Ok::<(), ConflictableTransactionError<()>>(())
        });
        match outcome {
            Ok(()) => Ok(()),
            Err(TransactionError::Abort(())) => Err(self.corrupt("transaction aborted".into())),
            Err(TransactionError::Storage(e)) => Err(self.sled_err(e)),
        }
    }

    /// The index writes for `ops`, added to `set`.
    pub(super) fn plan_indexes(&self, ops: IndexOps, set: &mut WriteSet) -> Result<()> {
        self.plan_index_ops(ops, Merge::Replace, set)
    }

    fn plan_index_ops(&self, ops: IndexOps, merge: Merge, set: &mut WriteSet) -> Result<()> {
        if ops.is_empty() {
            return Ok(());
        }
        const INDEXES: [Index; 4] = [
            Index::External,
            Index::Customer,
            Index::Active,
            Index::Assignee,
        ];
        let plan = |i: usize, list: Vec<runs::Write>| {
            runs::plan(self.trees.index(INDEXES[i]), list, merge).map_err(|e| self.run_err(e))
        };
        let total: usize = ops.ops.iter().map(Vec::len).sum();
        let planned: Vec<(usize, Result<Vec<runs::Write>>)> = if total < 10_000 {
            ops.ops
                .into_iter()
                .enumerate()
                .filter(|(_, l)| !l.is_empty())
                .map(|(i, l)| (i, plan(i, l)))
                .collect()
        } else {
            // A bulk pass sorts and merges millions of entries: the four
            // indexes are independent, so each gets a thread.
            std::thread::scope(|scope| {
                let handles: Vec<_> = ops
                    .ops
                    .into_iter()
                    .enumerate()
                    .filter(|(_, l)| !l.is_empty())
                    .map(|(i, l)| (i, scope.spawn(move || plan(i, l))))
                    .collect();
                handles
                    .into_iter()
                    .map(|(i, h)| (i, h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))))
                    .collect()
            })
        };
        for (i, writes) in planned {
            set.extend(Tree::of(INDEXES[i]), writes?);
        }
        Ok(())
    }

    /// The page starting at `start`, or an empty one.
    pub(super) fn load_page(&self, start: u64) -> Result<Page> {
        match self
            .trees
            .pages
            .get(page_key(start))
            .map_err(|e| self.sled_err(e))?
        {
            None => Ok(Page::new(start)),
            Some(value) => self.decode_page(start, &value),
        }
    }

    pub(super) fn decode_page(&self, start: u64, value: &[u8]) -> Result<Page> {
        let spill = &self.trees.spill;
        Page::decode(start, value, &mut |id, count| {
            (0..count)
                .map(|c| match spill.get(page::chunk_key(id, c)) {
                    Ok(Some(v)) => Ok(v.to_vec()),
                    Ok(None) => Err(format!("ticket {id}: spill chunk {c} is missing")),
                    Err(e) => Err(e.to_string()),
                })
                .collect()
        })
        .map_err(|e| self.corrupt(format!("unreadable page {start}: {e}")))
    }

    /// The summaries of the page starting at `start`, by id.
    fn load_summaries(&self, start: u64) -> Result<BTreeMap<TicketId, Summary>> {
        let mut out = Vec::new();
        if let Some(value) = self
            .trees
            .summaries
            .get(page_key(start))
            .map_err(|e| self.sled_err(e))?
        {
            summaries::decode(start, &value, &mut Labels::default(), &mut out)
                .map_err(|e| self.corrupt(format!("unreadable summaries of page {start}: {e}")))?;
        }
        Ok(out.into_iter().map(|s| (s.id, s)).collect())
    }

    pub(super) fn decode_entry_ticket(&self, entry: &Entry) -> Result<Ticket> {
        codec::decode_ticket(&entry.ticket)
            .map_err(|e| self.corrupt(format!("unreadable ticket {}: {e}", entry.id)))
    }

    pub(super) fn decode_entry_events(&self, entry: &Entry) -> Result<Vec<Event>> {
        entry
            .events
            .iter()
            .enumerate()
            .map(|(i, bytes)| {
                codec::decode_event(entry.id, i as u32 + 1, bytes).map_err(|e| {
                    self.corrupt(format!(
                        "unreadable event {} of ticket {}: {e}",
                        i + 1,
                        entry.id
                    ))
                })
            })
            .collect()
    }

    /// Whether index entries of ticket `id` wait for the end of an import.
    fn deferred(&self, id: TicketId) -> bool {
        self.bulk
            .lock()
            .expect("bulk state lock")
            .is_some_and(|from| id >= from)
    }

    /// [`crate::store::Store::save`].
    pub(super) fn save_changes(&self, mut changes: Vec<Change>) -> Result<Vec<TicketId>> {
        let first_next = self.next_id_value()?;
        let mut next = first_next;
        let mut fresh = std::collections::HashSet::new();
        for change in &mut changes {
            if change.ticket.id == 0 {
                change.ticket.id = next;
                fresh.insert(next);
                next += 1;
            }
        }
        let fresh = first_next..next;
        let ids: Vec<TicketId> = changes.iter().map(|c| c.ticket.id).collect();
        let mut by_page: BTreeMap<u64, Vec<Change>> = BTreeMap::new();
        for change in changes {
            by_page
                .entry(page_start(change.ticket.id))
                .or_default()
                .push(change);
        }
        let mut set = WriteSet::default();
        let mut ops = IndexOps::default();
        // External ids claimed in this call: a second ticket may not take one.
        let mut claimed: HashMap<Vec<u8>, TicketId> = HashMap::new();
        let mut added = 0u64;
        for (start, list) in by_page {
            let mut page = self.load_page(start)?;
            let mut sums = self.load_summaries(start)?;
            for change in list {
                let id = change.ticket.id;
                let (mut entry, old_keys, old_events) = match page.entry(id) {
                    // A counter behind the stored ids (damage doctor reports)
                    // must not let a new ticket replace an old one.
                    Some(_) if fresh.contains(&id) => {
                        return Err(self.corrupt(format!(
                            "the id counter is behind: new ticket {id} would replace the stored \
                             ticket {id}; nothing was written (run `triage doctor --repair`)"
                        )))
                    }
                    Some(e) => {
                        let keys = IndexKeys::of_record(&e.ticket)
                            .map_err(|m| self.corrupt(format!("unreadable ticket {id}: {m}")))?;
                        let events = self.decode_entry_events(e)?;
                        (e.clone(), keys, events)
                    }
                    None if fresh.contains(&id) => {
                        added += 1;
                        (
                            Entry {
                                id,
                                ..Entry::default()
                            },
                            IndexKeys::default(),
                            Vec::new(),
                        )
                    }
                    None => {
                        return Err(self.corrupt(format!(
                            "ticket {id} is not stored (deleted while it was being changed?)"
                        )))
                    }
                };
                let mut ticket = change.ticket;
                let first_seq = old_events.len() as u32;
                ticket.history_len = first_seq + change.events.len() as u32;
                let mut events = old_events;
                for (i, event) in change.events.into_iter().enumerate() {
                    let event = event.into_event(id, first_seq + i as u32 + 1);
                    entry.events.push(codec::encode_event(&event));
                    events.push(event);
                }
                entry.ticket = codec::encode_ticket(&ticket);
                if !self.deferred(id) {
                    let keys = IndexKeys::of_ticket(&ticket);
                    if let Some((ext, _)) = &keys.external {
                        if old_keys.external.as_ref().map(|(k, _)| k) != Some(ext) {
                            self.claim_external(ext, id, &ticket, &mut claimed)?;
                        }
                    }
                    ops.change(&old_keys, &keys);
                }
                sums.insert(id, Summary::of(&ticket, &events));
                page.put(entry);
            }
            let value = encode_page(&mut set, &page, &[]);
            set.put(Tree::Pages as usize, page_key(start), value);
            let list: Vec<Summary> = sums.into_values().collect();
            set.put(
                Tree::Summaries as usize,
                page_key(start),
                summaries::encode(start, &list),
            );
        }
        self.plan_indexes(ops, &mut set)?;
        if next != first_next {
            set.put(
                Tree::Meta as usize,
                NEXT_ID.as_bytes(),
                next.to_be_bytes().to_vec(),
            );
        }
        if added > 0 {
            let count = self.count_value()? + added;
            set.put(
                Tree::Meta as usize,
                COUNT.as_bytes(),
                count.to_be_bytes().to_vec(),
            );
        }
        self.apply(set)?;
        Ok(ids)
    }

    /// Refuses an external id that belongs to another ticket.
    fn claim_external(
        &self,
        key: &[u8],
        id: TicketId,
        ticket: &Ticket,
        claimed: &mut HashMap<Vec<u8>, TicketId>,
    ) -> Result<()> {
        let owner = match claimed.get(key) {
            Some(&other) => Some(other),
            None => runs::get(self.trees.index(Index::External), key)
                .map_err(|e| self.run_err(e))?
                .and_then(|v| value_id(&v)),
        };
        if let Some(other) = owner.filter(|&o| o != id) {
            return Err(self.corrupt(format!(
                "source {:?} external id {:?} already belongs to ticket {other}",
                ticket.source.as_deref().unwrap_or(""),
                ticket.external_id.as_deref().unwrap_or("")
            )));
        }
        claimed.insert(key.to_vec(), id);
        Ok(())
    }

    pub(super) fn next_id_value(&self) -> Result<TicketId> {
        Ok(self.meta_u64(NEXT_ID)?.unwrap_or(1))
    }

    pub(super) fn count_value(&self) -> Result<u64> {
        Ok(self.meta_u64(COUNT)?.unwrap_or(0))
    }

    /// [`crate::store::Store::trash`].
    pub(super) fn trash_ticket(&self, id: TicketId, event: NewEvent) -> Result<bool> {
        let start = page_start(id);
        let mut page = self.load_page(start)?;
        let Some(mut entry) = page.remove(id) else {
            return Ok(false);
        };
        let mut set = WriteSet::default();
        let old_keys = IndexKeys::of_record(&entry.ticket)
            .map_err(|m| self.corrupt(format!("unreadable ticket {id}: {m}")))?;
        let mut ticket = self.decode_entry_ticket(&entry)?;
        let seq = entry.events.len() as u32 + 1;
        ticket.history_len = seq;
        entry
            .events
            .push(codec::encode_event(&event.into_event(id, seq)));
        entry.ticket = codec::encode_ticket(&ticket);
        let removed = [entry.clone()];
        // The page lets go of the entry's spill chunks, then the trash takes them again.
        let page_value = encode_page(&mut set, &page, &removed);
        self.write_page(&mut set, &page, page_value)?;
        let mut sums = self.load_summaries(start)?;
        sums.remove(&id);
        self.write_summaries(&mut set, start, sums);
        let mut trash_page = Page::new(id);
        entry.spilled_chunks = 0;
        trash_page.entries.push(Entry { id, ..entry });
        let trash_value = encode_page(&mut set, &trash_page, &[]);
        set.put(Tree::Trash as usize, id.to_be_bytes().to_vec(), trash_value);
        let mut ops = IndexOps::default();
        ops.change(&old_keys, &IndexKeys::default());
        self.plan_indexes(ops, &mut set)?;
        let count = self.count_value()?.saturating_sub(1);
        set.put(
            Tree::Meta as usize,
            COUNT.as_bytes(),
            count.to_be_bytes().to_vec(),
        );
        self.apply(set)?;
        Ok(true)
    }

    /// A page, or its removal when it has no entries left.
    fn write_page(&self, set: &mut WriteSet, page: &Page, value: Vec<u8>) -> Result<()> {
        if page.entries.is_empty() {
            set.remove(Tree::Pages as usize, page_key(page.start).to_vec());
        } else {
            set.put(Tree::Pages as usize, page_key(page.start).to_vec(), value);
        }
        Ok(())
    }

    fn write_summaries(&self, set: &mut WriteSet, start: u64, sums: BTreeMap<TicketId, Summary>) {
        if sums.is_empty() {
            set.remove(Tree::Summaries as usize, page_key(start).to_vec());
        } else {
            let list: Vec<Summary> = sums.into_values().collect();
            set.put(
                Tree::Summaries as usize,
                page_key(start).to_vec(),
                summaries::encode(start, &list),
            );
        }
    }

    /// A trashed ticket's entry (the trash keeps one entry per value).
    pub(super) fn trash_entry(&self, id: TicketId) -> Result<Option<Entry>> {
        let Some(value) = self
            .trees
            .trash
            .get(id.to_be_bytes())
            .map_err(|e| self.sled_err(e))?
        else {
            return Ok(None);
        };
        let page = self.decode_page(id, &value)?;
        match page.entries.into_iter().next() {
            Some(e) if e.id == id => Ok(Some(e)),
            _ => Err(self.corrupt(format!("trash record {id} holds another ticket"))),
        }
    }

    /// [`crate::store::Store::restore`].
    pub(super) fn restore_ticket(&self, id: TicketId, event: NewEvent) -> Result<bool> {
        let Some(mut entry) = self.trash_entry(id)? else {
            return Ok(false);
        };
        let mut ticket = self.decode_entry_ticket(&entry)?;
        let keys = IndexKeys::of_ticket(&ticket);
        if let Some((ext, _)) = &keys.external {
            if let Some(other) = runs::get(self.trees.index(Index::External), ext)
                .map_err(|e| self.run_err(e))?
                .and_then(|v| value_id(&v))
            {
                return Err(self.corrupt(format!(
                    "cannot restore ticket {id}: its source {:?} external id {:?} now belongs to ticket {other}",
                    ticket.source.as_deref().unwrap_or(""),
                    ticket.external_id.as_deref().unwrap_or("")
                )));
            }
        }
        let mut set = WriteSet::default();
        // The trash lets go of the spill chunks first; the page writes them again.
        let trash_page = Page::new(id);
        encode_page(&mut set, &trash_page, std::slice::from_ref(&entry));
        set.remove(Tree::Trash as usize, id.to_be_bytes().to_vec());
        let seq = entry.events.len() as u32 + 1;
        ticket.history_len = seq;
        let mut events = self.decode_entry_events(&entry)?;
        let event = event.into_event(id, seq);
        entry.events.push(codec::encode_event(&event));
        events.push(event);
        entry.ticket = codec::encode_ticket(&ticket);
        entry.spilled_chunks = 0;
        let start = page_start(id);
        let mut page = self.load_page(start)?;
        page.put(entry);
        let value = encode_page(&mut set, &page, &[]);
        self.write_page(&mut set, &page, value)?;
        let mut sums = self.load_summaries(start)?;
        sums.insert(id, Summary::of(&ticket, &events));
        self.write_summaries(&mut set, start, sums);
        let mut ops = IndexOps::default();
        ops.change(&IndexKeys::default(), &keys);
        self.plan_indexes(ops, &mut set)?;
        let count = self.count_value()? + 1;
        set.put(
            Tree::Meta as usize,
            COUNT.as_bytes(),
            count.to_be_bytes().to_vec(),
        );
        self.apply(set)?;
        Ok(true)
    }

    pub(super) fn put_agent_state(&self, agent: &str, state: &AgentState) -> Result<()> {
        let json = serde_json::to_vec(state).expect("agent state serialises to JSON");
        self.trees
            .agents
            .insert(agent.as_bytes(), json)
            .map_err(|e| self.sled_err(e))?;
        Ok(())
    }

    /// [`crate::store::Store::begin_bulk`]: index entries of tickets from
    /// the next id on wait for [`SledStore::end_bulk_load`].
    pub(super) fn begin_bulk_load(&self) -> Result<()> {
        let from = self.next_id_value()?;
        self.trees
            .meta
            .insert(BULK_FROM, &from.to_be_bytes())
            .map_err(|e| self.sled_err(e))?;
        *self.bulk.lock().expect("bulk state lock") = Some(from);
        Ok(())
    }

    pub(super) fn end_bulk_load(&self) -> Result<()> {
        let from = self.bulk.lock().expect("bulk state lock").take();
        if let Some(from) = from {
            self.rebuild_indexes_from(from)?;
        }
        self.trees
            .meta
            .remove(BULK_FROM)
            .map_err(|e| self.sled_err(e))?;
        self.durable()
    }

    /// Writes the index entries of every live ticket with an id from
    /// `from` on, read from the pages, [`REBUILD_TICKETS`] at a time. An
    /// entry already there stays (for an external id: the older ticket
    /// keeps it), so running this twice changes nothing.
    pub(super) fn rebuild_indexes_from(&self, from: TicketId) -> Result<u64> {
        let mut written = 0u64;
        let mut ops = IndexOps::default();
        let mut held = 0u64;
        let flush = |ops: &mut IndexOps, held: &mut u64| -> Result<()> {
            let mut set = WriteSet::default();
            self.plan_index_ops(std::mem::take(ops), Merge::KeepExisting, &mut set)?;
            *held = 0;
            self.apply(set)
        };
        let start = page_start(from);
        let mut add = |record: &[u8], ops: &mut IndexOps| {
            // What cannot be read has no entries to index; doctor reports it.
            let Ok(keys) = IndexKeys::of_record(record) else {
                return;
            };
            for (ix, key, value) in keys.into_entries() {
                ops.ops[ix as usize].push((key, Some(value)));
                written += 1;
            }
        };
        for item in self.trees.pages.range(page_key(start)..) {
            let (key, value) = item.map_err(|e| self.sled_err(e))?;
            let Some(start) = page::key_start(&key) else {
                continue;
            };
            let spilled = Page::each_ticket(start, &value, |id, record| {
                if id >= from {
                    add(record, &mut ops);
                    held += 1;
                }
            });
            match spilled {
                Ok(ids) if ids.iter().any(|&id| id >= from) => {
                    if let Ok(page) = self.decode_page(start, &value) {
                        for entry in page
                            .entries
                            .iter()
                            .filter(|e| ids.contains(&e.id) && e.id >= from)
                        {
                            add(&entry.ticket, &mut ops);
                            held += 1;
                        }
                    }
                }
                _ => {}
            }
            if held >= REBUILD_TICKETS {
                flush(&mut ops, &mut held)?;
            }
        }
        flush(&mut ops, &mut held)?;
        Ok(written)
    }

    /// Writes the summary of every live ticket again from its page.
    pub(super) fn rebuild_summaries(&self) -> Result<u64> {
        let mut written = 0u64;
        let mut set = WriteSet::default();
        let mut pending = 0u64;
        for item in self.trees.pages.iter() {
            let (key, value) = item.map_err(|e| self.sled_err(e))?;
            // What cannot be read gets no summary; doctor reports it.
            let Some(start) = page::key_start(&key) else {
                continue;
            };
            let Ok(page) = self.decode_page(start, &value) else {
                continue;
            };
            let mut list = Vec::with_capacity(page.entries.len());
            for entry in &page.entries {
                let Ok(ticket) = codec::decode_ticket(&entry.ticket) else {
                    continue;
                };
                let Ok(events) = self.decode_entry_events(entry) else {
                    continue;
                };
                list.push(Summary::of(&ticket, &events));
            }
            if list.is_empty() {
                set.remove(Tree::Summaries as usize, key.to_vec());
            } else {
                set.put(
                    Tree::Summaries as usize,
                    key.to_vec(),
                    summaries::encode(start, &list),
                );
            }
            written += list.len() as u64;
            pending += 1;
            if pending * PAGE_IDS >= REBUILD_TICKETS {
                self.apply(std::mem::take(&mut set))?;
                pending = 0;
            }
        }
        // Summaries of pages that are gone.
        for item in self.trees.summaries.iter().keys() {
            let key = item.map_err(|e| self.sled_err(e))?;
            if !self
                .trees
                .pages
                .contains_key(&key)
                .map_err(|e| self.sled_err(e))?
            {
                set.remove(Tree::Summaries as usize, key.to_vec());
            }
        }
        self.apply(set)?;
        Ok(written)
    }
}

/// Encodes a page, adding its spill-tree writes to `set` (in order, so a
/// chunk one record lets go of and another takes is written last).
pub(super) fn encode_page(set: &mut WriteSet, page: &Page, removed: &[Entry]) -> Vec<u8> {
    let mut spill = Vec::new();
    let value = page.encode(removed, &mut spill);
    for (key, chunk) in spill {
        set.writes.push((Tree::Spill as usize, key.to_vec(), chunk));
    }
    value
}
