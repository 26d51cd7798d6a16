//! Reading: tickets and audit logs from pages, summaries, index lookups.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::page::{self, page_key, page_start, Page, PAGE_IDS};
use super::runs;
use super::summaries::{self, Labels};
use super::write::{external_key, key_id, value_id, value_parts};
use super::{Index, SledStore};
use crate::model::{Event, Ticket, TicketId};
use crate::store::{AgentState, ExternalHit, Record, Result, Stream};
use crate::summary::Summary;

/// Pages per unit of parallel work when all summaries are read.
const SUMMARY_CHUNK_PAGES: u64 = 256;

impl SledStore {
    pub(super) fn page_of(&self, id: TicketId) -> Result<Option<Page>> {
        let start = page_start(id);
        match self
            .trees
            .pages
            .get(page_key(start))
            .map_err(|e| self.sled_err(e))?
        {
            None => Ok(None),
            Some(value) => self.decode_page(start, &value).map(Some),
        }
    }

    pub(super) fn get_ticket(&self, id: TicketId) -> Result<Option<Ticket>> {
        let Some(page) = self.page_of(id)? else {
            return Ok(None);
        };
        page.entry(id)
            .map(|e| self.decode_entry_ticket(e))
            .transpose()
    }

    /// Calls `f` with the stored entry of each of `ids` (ascending, once
    /// each, missing ones skipped), reading each page once.
    fn each_entry(
        &self,
        ids: &[TicketId],
        mut f: impl FnMut(&page::Entry) -> Result<()>,
    ) -> Result<()> {
        let mut sorted = ids.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let mut current: Option<Page> = None;
        for id in sorted {
            let start = page_start(id);
            if current.as_ref().is_none_or(|p| p.start != start) {
                current = Some(self.page_of(id)?.unwrap_or_else(|| Page::new(start)));
            }
            if let Some(entry) = current.as_ref().and_then(|p| p.entry(id)) {
                f(entry)?;
            }
        }
        Ok(())
    }

    pub(super) fn get_tickets(&self, ids: &[TicketId]) -> Result<Vec<Ticket>> {
        let mut out = Vec::with_capacity(ids.len());
        self.each_entry(ids, |entry| {
            out.push(self.decode_entry_ticket(entry)?);
            Ok(())
        })?;
        Ok(out)
    }

    pub(super) fn records_with_ids(&self, ids: &[TicketId]) -> Result<Vec<Record>> {
        let mut out = Vec::with_capacity(ids.len());
        self.each_entry(ids, |entry| {
            out.push(Record {
                ticket: self.decode_entry_ticket(entry)?,
                events: self.decode_entry_events(entry)?,
            });
            Ok(())
        })?;
        Ok(out)
    }

    pub(super) fn events_of(&self, id: TicketId) -> Result<Vec<Event>> {
        if let Some(page) = self.page_of(id)? {
            if let Some(entry) = page.entry(id) {
                return self.decode_entry_events(entry);
            }
        }
        match self.trash_entry(id)? {
            Some(entry) => self.decode_entry_events(&entry),
            None => Ok(Vec::new()),
        }
    }

    pub(super) fn records_in(&self, ids: Range<TicketId>) -> Result<Vec<Record>> {
        let mut out = Vec::new();
        if ids.start >= ids.end {
            return Ok(out);
        }
        let from = page_key(page_start(ids.start));
        let to = page_key(page_start(ids.end - 1));
        for item in self.trees.pages.range(from..=to) {
            let (key, value) = item.map_err(|e| self.sled_err(e))?;
            let start = page::key_start(&key)
                .ok_or_else(|| self.corrupt(format!("bad page key {key:?}")))?;
            let page = self.decode_page(start, &value)?;
            for entry in page.entries.iter().filter(|e| ids.contains(&e.id)) {
                out.push(Record {
                    ticket: self.decode_entry_ticket(entry)?,
                    events: self.decode_entry_events(entry)?,
                });
            }
        }
        Ok(out)
    }

    /// Every live ticket, a page at a time, ascending or (`newest_first`)
    /// descending id.
    pub(super) fn ticket_stream(&self, newest_first: bool) -> Stream<'_, Ticket> {
        let pages: Box<dyn Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>> =
            if newest_first {
                Box::new(self.trees.pages.iter().rev())
            } else {
                Box::new(self.trees.pages.iter())
            };
        let mut buffered: std::vec::IntoIter<Ticket> = Vec::new().into_iter();
        let mut failed = false;
        let mut pages = pages;
        Box::new(std::iter::from_fn(move || loop {
            if failed {
                return None;
            }
            if let Some(t) = buffered.next() {
                return Some(Ok(t));
            }
            let (key, value) = match pages.next()? {
                Ok(kv) => kv,
                Err(e) => {
                    failed = true;
                    return Some(Err(self.sled_err(e)));
                }
            };
            let decoded = page::key_start(&key)
                .ok_or_else(|| self.corrupt(format!("bad page key {key:?}")))
                .and_then(|start| self.decode_page(start, &value))
                .and_then(|page| {
                    let mut list = page
                        .entries
                        .iter()
                        .map(|e| self.decode_entry_ticket(e))
                        .collect::<Result<Vec<Ticket>>>()?;
                    if newest_first {
                        list.reverse();
                    }
                    Ok(list)
                });
            match decoded {
                Ok(list) => buffered = list.into_iter(),
                Err(e) => {
                    failed = true;
                    return Some(Err(e));
                }
            }
        }))
    }

    /// Every event of every ticket, live or in the trash, by ticket then
    /// sequence.
    pub(super) fn event_stream(&self) -> Stream<'_, Event> {
        let trashed: Result<BTreeMap<TicketId, Vec<Event>>> = (|| {
            let mut map = BTreeMap::new();
            for item in self.trees.trash.iter().keys() {
                let key = item.map_err(|e| self.sled_err(e))?;
                let Some(id) = page::key_start(&key) else {
                    continue;
                };
                if let Some(entry) = self.trash_entry(id)? {
                    map.insert(id, self.decode_entry_events(&entry)?);
                }
            }
            Ok(map)
        })();
        let mut trashed = match trashed {
            Ok(m) => m,
            Err(e) => return Box::new(std::iter::once(Err(e))),
        };
        let mut pages = self.trees.pages.iter();
        let mut buffered: std::vec::IntoIter<Event> = Vec::new().into_iter();
        let mut failed = false;
        Box::new(std::iter::from_fn(move || loop {
            if failed {
                return None;
            }
            if let Some(e) = buffered.next() {
                return Some(Ok(e));
            }
            let next_page = match pages.next() {
                None => None,
                Some(Ok(kv)) => Some(kv),
                Some(Err(e)) => {
                    failed = true;
                    return Some(Err(self.sled_err(e)));
                }
            };
            let Some((key, value)) = next_page else {
                // Trashed tickets after the last page.
                let (_, events) = trashed.pop_first()?;
                buffered = events.into_iter();
                continue;
            };
            let decoded = page::key_start(&key)
                .ok_or_else(|| self.corrupt(format!("bad page key {key:?}")))
                .and_then(|start| self.decode_page(start, &value));
            let page = match decoded {
                Ok(p) => p,
                Err(e) => {
                    failed = true;
                    return Some(Err(e));
                }
            };
            let end = page.start + PAGE_IDS;
            let mut by_id: BTreeMap<TicketId, Vec<Event>> = BTreeMap::new();
            while trashed.first_key_value().is_some_and(|(&id, _)| id < end) {
                let (id, events) = trashed.pop_first().expect("checked");
                by_id.insert(id, events);
            }
            for entry in &page.entries {
                match self.decode_entry_events(entry) {
                    Ok(events) => {
                        by_id.insert(entry.id, events);
                    }
                    Err(e) => {
                        failed = true;
                        return Some(Err(e));
                    }
                }
            }
            buffered = by_id
                .into_values()
                .flatten()
                .collect::<Vec<_>>()
                .into_iter();
        }))
    }

    /// Every summary, decoded on all cores, in chunks of pages, ascending.
    pub(super) fn all_summaries(&self) -> Result<Vec<Vec<Summary>>> {
        let end = self.next_id_value()?;
        let chunk = SUMMARY_CHUNK_PAGES * PAGE_IDS;
        let chunks: Vec<Range<u64>> = (0..end.max(1))
            .step_by(chunk as usize)
            .map(|s| s..s + chunk)
            .collect();
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, chunks.len().max(1));
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        type Done = Vec<(usize, Vec<Summary>)>;
        let results: Vec<Result<Done>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    scope.spawn(|| {
                        let mut labels = Labels::default();
                        let mut done = Vec::new();
                        while !failed.load(Ordering::Relaxed) {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(range) = chunks.get(i) else { break };
                            let mut out = Vec::new();
                            for item in self
                                .trees
                                .summaries
                                .range(page_key(range.start)..page_key(range.end))
                            {
                                let decoded =
                                    item.map_err(|e| self.sled_err(e)).and_then(|(k, v)| {
                                        let start = page::key_start(&k).ok_or_else(|| {
                                            self.corrupt(format!("bad summary key {k:?}"))
                                        })?;
                                        summaries::decode(start, &v, &mut labels, &mut out).map_err(
                                            |e| {
                                                self.corrupt(format!(
                                                    "unreadable summaries of page {start}: {e}"
                                                ))
                                            },
                                        )
                                    });
                                if let Err(e) = decoded {
                                    failed.store(true, Ordering::Relaxed);
                                    return Err(e);
                                }
                            }
                            done.push((i, out));
                        }
                        Ok(done)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        let mut parts = Vec::new();
        for r in results {
            parts.extend(r?);
        }
        parts.sort_unstable_by_key(|(i, _)| *i);
        Ok(parts
            .into_iter()
            .map(|(_, p)| p)
            .filter(|p| !p.is_empty())
            .collect())
    }

    pub(super) fn lookup_external(
        &self,
        source: &str,
        external_id: &str,
    ) -> Result<Option<TicketId>> {
        let found = runs::get(
            self.trees.index(Index::External),
            &external_key(source, external_id),
        )
        .map_err(|e| self.run_err(e))?;
        Ok(found.and_then(|v| value_id(&v)))
    }

    pub(super) fn lookup_externals(
        &self,
        source: &str,
        external_ids: &[&str],
    ) -> Result<Vec<Option<ExternalHit>>> {
        let keys: Vec<Vec<u8>> = external_ids
            .iter()
            .map(|e| external_key(source, e))
            .collect();
        let refs: Vec<&[u8]> = keys.iter().map(Vec::as_slice).collect();
        let found = runs::get_many(self.trees.index(Index::External), &refs)
            .map_err(|e| self.run_err(e))?;
        Ok(found
            .into_iter()
            .map(|v| v.and_then(|v| value_parts(&v)))
            .collect())
    }

    pub(super) fn customer_ids(&self, keys: &[String]) -> Result<Vec<TicketId>> {
        let mut ids = Vec::new();
        for key in keys {
            let mut prefix = key.as_bytes().to_vec();
            prefix.push(0);
            for (k, _) in runs::scan_prefix(self.trees.index(Index::Customer), &prefix)
                .map_err(|e| self.run_err(e))?
            {
                if k.len() == prefix.len() + 8 {
                    ids.extend(key_id(&k));
                }
            }
        }
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    pub(super) fn active(&self) -> Result<Vec<TicketId>> {
        let mut ids = Vec::new();
        runs::for_each(self.trees.index(Index::Active), |k, _| {
            ids.extend(key_id(k))
        })
        .map_err(|e| self.run_err(e))?;
        Ok(ids)
    }

    pub(super) fn agent_loads(&self) -> Result<HashMap<String, u32>> {
        let mut loads: HashMap<String, u32> = HashMap::new();
        let mut last: Option<(Vec<u8>, String)> = None;
        runs::for_each(self.trees.index(Index::Assignee), |k, _| {
            if k.len() > 9 {
                let agent = &k[..k.len() - 9];
                match &last {
                    Some((bytes, name)) if bytes.as_slice() == agent => {
                        *loads.get_mut(name).expect("counted") += 1;
                    }
                    _ => {
                        let name = String::from_utf8_lossy(agent).into_owned();
                        *loads.entry(name.clone()).or_insert(0) += 1;
                        last = Some((agent.to_vec(), name));
                    }
                }
            }
        })
        .map_err(|e| self.run_err(e))?;
        Ok(loads)
    }

    pub(super) fn assigned(&self, agent: &str) -> Result<Vec<TicketId>> {
        let mut prefix = agent.as_bytes().to_vec();
        prefix.push(0);
        let entries = runs::scan_prefix(self.trees.index(Index::Assignee), &prefix)
            .map_err(|e| self.run_err(e))?;
        Ok(entries
            .iter()
            .filter(|(k, _)| k.len() == prefix.len() + 8)
            .filter_map(|(k, _)| key_id(k))
            .collect())
    }

    pub(super) fn trashed_ticket(&self, id: TicketId) -> Result<Option<Ticket>> {
        self.trash_entry(id)?
            .map(|e| self.decode_entry_ticket(&e))
            .transpose()
    }

    pub(super) fn all_trashed(&self) -> Result<Vec<Ticket>> {
        let mut out = Vec::new();
        for item in self.trees.trash.iter() {
            let (key, value) = item.map_err(|e| self.sled_err(e))?;
            let id = page::key_start(&key)
                .ok_or_else(|| self.corrupt(format!("bad trash key {key:?}")))?;
            let page = self.decode_page(id, &value)?;
            for entry in &page.entries {
                out.push(self.decode_entry_ticket(entry)?);
            }
        }
        Ok(out)
    }

    pub(super) fn states(&self) -> Result<HashMap<String, AgentState>> {
        let mut out = HashMap::new();
        for entry in self.trees.agents.iter() {
            let (k, v) = entry.map_err(|e| self.sled_err(e))?;
            let state: AgentState = serde_json::from_slice(&v)
                .map_err(|e| self.corrupt(format!("unreadable agent state: {e}")))?;
            out.insert(String::from_utf8_lossy(&k).into_owned(), state);
        }
        Ok(out)
    }
}
