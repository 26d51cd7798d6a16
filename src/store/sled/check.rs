//! Consistency checks and repairs for `triage doctor`.
//!
//! [`SledStore::check`] reads every record once and reports what does not
//! hold: the schema version, readable pages, tickets, events, summaries,
//! index runs and agent states; each ticket under its own id; each ticket's
//! `history_len` equal to its audit log's length; every index entry one some
//! ticket should have and every ticket having all its entries; each summary
//! equal to the one its ticket and log give; the id counter above every id in
//! use and the live count right. [`SledStore::fix`] repairs what can be
//! derived from the tickets (indexes, summaries, counters, `history_len`, a
//! ticket both live and in the trash) and leaves the rest to a person.
//!
//! Expected index keys are kept as 64-bit hashes, so a check of a million
//! tickets needs tens of megabytes, not a copy of the indexes.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use super::codec;
use super::page::{self, page_key};
use super::runs;
use super::summaries::{self, Labels};
use super::write::{encode_page, key_id, value_id, IndexKeys, WriteSet};
use super::{Index, SledStore, Tree, COUNT, INDEX_NAMES, NEXT_ID, SCHEMA};
use crate::model::TicketId;
use crate::store::check::Findings;
use crate::store::{AgentState, Check, Inspection, Repair, Result, SCHEMA_VERSION};
use crate::summary::Summary;

fn hash_key(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// An index key for people: `ticket 7`, `ann|7`, `mail|m-1`.
fn show_key(index: usize, bytes: &[u8]) -> String {
    let text = |b: &[u8]| -> String {
        String::from_utf8_lossy(b)
            .chars()
            .map(|c| if c.is_control() { '|' } else { c })
            .take(50)
            .collect()
    };
    let id = key_id(bytes);
    match (index, id) {
        (i, Some(id)) if i == Index::Active as usize && bytes.len() == 8 => format!("ticket {id}"),
        (i, Some(id)) if i != Index::External as usize && bytes.len() > 9 => {
            format!("{}|{id}", text(&bytes[..bytes.len() - 9]))
        }
        _ => text(bytes),
    }
}

impl SledStore {
    /// [`crate::store::Store::inspect`].
    pub(super) fn check(&self) -> Result<Inspection> {
        let mut f = Findings::default();
        let mut report = Inspection::default();
        let sled = |e| self.sled_err(e);

        match self.trees.meta.get(SCHEMA).map_err(sled)? {
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
        if self.restore_in_progress_flag()? {
            f.add(Check::RestoreIncomplete, || "meta/restoring is set".into());
        }
        report.next_id = match self.meta_u64(NEXT_ID) {
            Ok(n) => n.unwrap_or(1),
            Err(_) => {
                f.add(Check::Counter, || "meta/next_id is unreadable".into());
                0
            }
        };
        let stored_count = self.meta_u64(COUNT).ok().flatten().unwrap_or(0);

        // Expected index entries: key hash → the ticket that should own it.
        let mut expected: [HashMap<u64, TicketId>; 4] = Default::default();
        // The value each external-index entry should hold (id and import digest).
        let mut external_values: HashMap<u64, Vec<u8>> = HashMap::new();
        let mut live: HashSet<TicketId> = HashSet::new();
        let mut labels = Labels::default();
        for item in self.trees.pages.iter() {
            let (key, value) = item.map_err(sled)?;
            let Some(start) = page::key_start(&key) else {
                f.add(Check::Unreadable, || format!("page key {key:?}"));
                continue;
            };
            let page = match self.decode_page(start, &value) {
                Ok(p) => p,
                Err(e) => {
                    f.add(Check::Unreadable, || e.to_string());
                    continue;
                }
            };
            let mut stored = Vec::new();
            if let Some(v) = self.trees.summaries.get(&key).map_err(sled)? {
                if let Err(e) = summaries::decode(start, &v, &mut labels, &mut stored) {
                    f.add(Check::Unreadable, || {
                        format!("summaries of page {start}: {e}")
                    });
                    report.fixes.rebuild = true;
                }
            }
            let stored: HashMap<TicketId, Summary> =
                stored.into_iter().map(|s| (s.id, s)).collect();
            for entry in &page.entries {
                let id = entry.id;
                report.tickets += 1;
                report.max_id = report.max_id.max(id);
                let ticket = match codec::decode_ticket(&entry.ticket) {
                    Ok(t) => t,
                    Err(e) => {
                        f.add(Check::Unreadable, || format!("ticket {id}: {e}"));
                        continue;
                    }
                };
                if ticket.id != id {
                    f.add(Check::TicketKey, || {
                        format!("the record of ticket {id} holds ticket {}", ticket.id)
                    });
                }
                live.insert(id);
                let events = match self.decode_entry_events(entry) {
                    Ok(e) => e,
                    Err(e) => {
                        f.add(Check::Unreadable, || e.to_string());
                        continue;
                    }
                };
                report.events += events.len() as u64;
                if ticket.history_len as usize != events.len() {
                    f.add(Check::HistoryLen, || {
                        format!(
                            "ticket {id}: history_len {}, {} events",
                            ticket.history_len,
                            events.len()
                        )
                    });
                    report.fixes.history.push(id);
                }
                let keys = IndexKeys::of_ticket(&ticket);
                for (ix, k, value) in keys.entries() {
                    let slot = expected[ix as usize].entry(hash_key(k));
                    match slot {
                        std::collections::hash_map::Entry::Vacant(v) => {
                            v.insert(id);
                            if ix == Index::External {
                                external_values.insert(hash_key(k), value.to_vec());
                            }
                        }
                        std::collections::hash_map::Entry::Occupied(o) if ix == Index::External => {
                            let owner = *o.get();
                            f.add(Check::ExternalConflict, || {
                                format!(
                                    "tickets {owner} and {id}: source {:?} external id {:?}",
                                    ticket.source.as_deref().unwrap_or(""),
                                    ticket.external_id.as_deref().unwrap_or("")
                                )
                            });
                        }
                        std::collections::hash_map::Entry::Occupied(_) => {}
                    }
                }
                let want = Summary::of(&ticket, &events);
                if stored.get(&id) != Some(&want) {
                    f.add(Check::Summary, || {
                        let what = if stored.contains_key(&id) {
                            "out of date"
                        } else {
                            "missing"
                        };
                        format!("ticket {id}: summary {what}")
                    });
                    report.fixes.rebuild = true;
                }
            }
            for id in stored.keys() {
                if page.entry(*id).is_none() {
                    f.add(Check::Summary, || {
                        format!("a summary of ticket {id}, which is not stored")
                    });
                    report.fixes.rebuild = true;
                }
            }
        }
        for item in self.trees.summaries.iter().keys() {
            let key = item.map_err(sled)?;
            if !self.trees.pages.contains_key(&key).map_err(sled)? {
                f.add(Check::Summary, || {
                    format!(
                        "summaries of page {} with no tickets",
                        page::key_start(&key).unwrap_or(0)
                    )
                });
                report.fixes.rebuild = true;
            }
        }
        if stored_count != live.len() as u64 {
            f.add(Check::Counter, || {
                format!(
                    "meta/count says {stored_count} tickets, {} are stored",
                    live.len()
                )
            });
        }

        for item in self.trees.trash.iter() {
            let (key, value) = item.map_err(sled)?;
            report.trashed += 1;
            let Some(id) = page::key_start(&key) else {
                f.add(Check::Unreadable, || format!("trash key {key:?}"));
                continue;
            };
            report.max_id = report.max_id.max(id);
            match self.decode_page(id, &value).and_then(|p| {
                p.entries
                    .first()
                    .map(|e| self.decode_entry_ticket(e).map(|t| (t, e.clone())))
                    .transpose()
            }) {
                Ok(Some((t, entry))) => {
                    if t.id != id || entry.id != id {
                        f.add(Check::TicketKey, || {
                            format!("trash key {id} holds ticket {}", t.id)
                        });
                    }
                    if live.contains(&id) {
                        f.add(Check::LiveAndTrashed, || format!("ticket {id}"));
                        report.fixes.trash_copies.push(id);
                    }
                    report.events += entry.events.len() as u64;
                    if t.history_len as usize != entry.events.len() {
                        f.add(Check::HistoryLen, || {
                            format!(
                                "trashed ticket {id}: history_len {}, {} events",
                                t.history_len,
                                entry.events.len()
                            )
                        });
                        report.fixes.history.push(id);
                    }
                }
                Ok(None) => f.add(Check::Unreadable, || {
                    format!("trashed ticket {id}: empty record")
                }),
                Err(e) => f.add(Check::Unreadable, || format!("trashed ticket {id}: {e}")),
            }
        }

        // Index entries: each must be one some ticket expects, and each
        // expected one must be there.
        for (i, name) in INDEX_NAMES.iter().enumerate() {
            let mut found: HashSet<u64> = HashSet::new();
            let mut bad: Option<String> = None;
            let tree = &self.trees.indexes[i];
            let walked = runs::for_each(tree, |k, v| {
                report.index_entries += 1;
                let h = hash_key(k);
                found.insert(h);
                match expected[i].get(&h) {
                    None => {
                        f.add(Check::StaleIndex, || format!("{name} {}", show_key(i, k)));
                        report.fixes.rebuild = true;
                    }
                    Some(&owner)
                        if i == Index::External as usize
                            && external_values.get(&h).map(Vec::as_slice) != Some(v) =>
                    {
                        f.add(Check::StaleIndex, || {
                            format!(
                                "{name} {} points to ticket {}, not {owner}",
                                show_key(i, k),
                                value_id(v).map_or("?".into(), |v| v.to_string())
                            )
                        });
                        report.fixes.rebuild = true;
                    }
                    Some(_) => {}
                }
            });
            if let Err(e) = walked {
                bad = Some(match e {
                    runs::RunError::Sled(e) => return Err(self.sled_err(e)),
                    runs::RunError::Corrupt(m) => m,
                });
            }
            if let Some(m) = bad {
                f.add(Check::Unreadable, || format!("{name}: {m}"));
                report.fixes.rebuild = true;
                continue;
            }
            let mut missing: Vec<(TicketId, u64)> = expected[i]
                .iter()
                .filter(|(h, _)| !found.contains(h))
                .map(|(h, id)| (*id, *h))
                .collect();
            missing.sort_unstable();
            for (id, _) in missing {
                f.add(Check::MissingIndex, || format!("ticket {id}: {name}"));
                report.fixes.rebuild = true;
            }
        }

        if report.next_id != 0 && report.next_id <= report.max_id {
            f.add(Check::Counter, || {
                format!(
                    "next id {} but id {} is in use",
                    report.next_id, report.max_id
                )
            });
        }

        for entry in self.trees.agents.iter() {
            let (key, value) = entry.map_err(sled)?;
            report.agents += 1;
            if let Err(e) = serde_json::from_slice::<AgentState>(&value) {
                f.add(Check::Unreadable, || {
                    format!("agent {}: {e}", String::from_utf8_lossy(&key))
                });
            }
        }

        report.problems = f.into_problems();
        Ok(report)
    }

    /// [`crate::store::Store::repair`].
    pub(super) fn fix(&self, found: &Inspection) -> Result<Repair> {
        let sled = |e| self.sled_err(e);
        let mut done = Repair::default();
        for &id in &found.fixes.trash_copies {
            let mut set = WriteSet::default();
            if let Some(entry) = self.trash_entry(id)? {
                encode_page(&mut set, &page::Page::new(id), std::slice::from_ref(&entry));
            }
            set.remove(Tree::Trash as usize, id.to_be_bytes().to_vec());
            self.apply(set)?;
        }
        if !found.fixes.trash_copies.is_empty() {
            done.actions.push(format!(
                "removed the trash copy of {} live ticket(s)",
                found.fixes.trash_copies.len()
            ));
        }
        for &id in &found.fixes.history {
            let mut set = WriteSet::default();
            if let Some(mut page) = self.page_of(id)? {
                if let Some(entry) = page.entry_mut(id) {
                    if let Ok(mut t) = codec::decode_ticket(&entry.ticket) {
                        t.history_len = entry.events.len() as u32;
                        entry.ticket = codec::encode_ticket(&t);
                    }
                }
                let value = encode_page(&mut set, &page, &[]);
                set.put(Tree::Pages as usize, page_key(page.start).to_vec(), value);
            } else if let Some(mut entry) = self.trash_entry(id)? {
                if let Ok(mut t) = codec::decode_ticket(&entry.ticket) {
                    t.history_len = entry.events.len() as u32;
                    entry.ticket = codec::encode_ticket(&t);
                }
                let mut one = page::Page::new(id);
                one.entries.push(entry);
                let value = encode_page(&mut set, &one, &[]);
                set.put(Tree::Trash as usize, id.to_be_bytes().to_vec(), value);
            }
            self.apply(set)?;
        }
        if !found.fixes.history.is_empty() {
            done.actions.push(format!(
                "set history_len to the audit log's length on {} ticket(s)",
                found.fixes.history.len()
            ));
        }
        if found.fixes.rebuild || !found.fixes.history.is_empty() {
            for tree in &self.trees.indexes {
                tree.clear().map_err(sled)?;
            }
            let entries = self.rebuild_indexes_from(0)?;
            let sums = self.rebuild_summaries()?;
            done.actions.push(format!(
                "rebuilt the indexes ({entries} entries) and summaries ({sums}) from the tickets"
            ));
        }
        // An unreadable counter was read as 0, so this also rewrites it.
        if found.next_id <= found.max_id {
            let next = found.max_id + 1;
            self.trees
                .meta
                .insert(NEXT_ID, &next.to_be_bytes())
                .map_err(sled)?;
            done.actions.push(format!("set the id counter to {next}"));
        }
        let live = self.live_count()?;
        if self.meta_u64(COUNT).ok().flatten() != Some(live) {
            self.trees
                .meta
                .insert(COUNT, &live.to_be_bytes())
                .map_err(sled)?;
            done.actions
                .push(format!("set the live ticket count to {live}"));
        }
        self.durable()?;
        Ok(done)
    }

    /// Live tickets, counted from the pages.
    fn live_count(&self) -> Result<u64> {
        let mut n = 0u64;
        for item in self.trees.pages.iter() {
            let (key, value) = item.map_err(|e| self.sled_err(e))?;
            let Some(start) = page::key_start(&key) else {
                continue;
            };
            if let Ok(ids) = page::Page::ids(start, &value) {
                n += ids.len() as u64;
            }
        }
        Ok(n)
    }
}
