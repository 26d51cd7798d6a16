//! Backups: records other modules put in the database (carried raw), and
//! restoring records into an empty database.
//!
//! A restore marks the database `restoring` first and clears the mark last,
//! so a restore that is killed leaves a database that
//! [`SledStore::open`] refuses and a second restore wipes and starts over.
//! Restored tickets go into their pages as they are (ids, `history_len`);
//! their events follow (a backup lists all tickets, then all events) and
//! are appended in sequence order. Index entries and summaries are written
//! from the pages in [`SledStore::complete_restore_pass`].

use std::collections::BTreeMap;

use super::codec;
use super::page::{page_key, page_start, Entry, Page};
use super::write::{encode_page, WriteSet};
use super::{SledStore, Tree, COUNT, NEXT_ID, RESTORING, SCHEMA, TREES};
use crate::model::TicketId;
use crate::store::{RawRecord, RestoreBatch, Result, SCHEMA_VERSION};

/// sled's own default tree, which triage does not use but a backup carries.
const DEFAULT_TREE: &[u8] = b"__sled__default";
/// `meta` keys the store interprets; other `meta` keys travel raw.
const META_KEYS: [&str; 5] = [SCHEMA, NEXT_ID, COUNT, RESTORING, super::BULK_FROM];

impl SledStore {
    pub(super) fn raw(&self) -> Result<Vec<RawRecord>> {
        let sled = |e| self.sled_err(e);
        let mut out = Vec::new();
        for entry in self.trees.meta.iter() {
            let (k, v) = entry.map_err(sled)?;
            if !META_KEYS.iter().any(|m| m.as_bytes() == k.as_ref()) {
                out.push(RawRecord {
                    tree: "meta".into(),
                    key: k.to_vec(),
                    value: v.to_vec(),
                });
            }
        }
        for name in self.other_trees() {
            let name = String::from_utf8_lossy(&name).into_owned();
            for entry in self.raw_tree(&name)?.iter() {
                let (k, v) = entry.map_err(sled)?;
                out.push(RawRecord {
                    tree: name.clone(),
                    key: k.to_vec(),
                    value: v.to_vec(),
                });
            }
        }
        Ok(out)
    }

    /// Names of trees the store does not manage, sorted.
    fn other_trees(&self) -> Vec<Vec<u8>> {
        let mut names: Vec<Vec<u8>> = self
            .db
            .tree_names()
            .into_iter()
            .map(|n| n.to_vec())
            .filter(|n| !TREES.iter().any(|t| t.as_bytes() == n.as_slice()))
            .collect();
        names.sort();
        names
    }

    fn raw_tree(&self, name: &str) -> Result<sled::Tree> {
        if name.as_bytes() == DEFAULT_TREE {
            return Ok((*self.db).clone());
        }
        self.db
            .open_tree(name.as_bytes())
            .map_err(|e| self.sled_err(e))
    }

    /// Whether nothing but a schema version has been written.
    fn is_pristine(&self) -> Result<bool> {
        let sled = |e| self.sled_err(e);
        for tree in &self.trees.all()[1..] {
            if tree.first().map_err(sled)?.is_some() {
                return Ok(false);
            }
        }
        if self.next_id_value()? != 1 {
            return Ok(false);
        }
        Ok(self.raw()?.is_empty())
    }

    pub(super) fn start_restore(&self) -> Result<bool> {
        if self.restore_in_progress_flag()? {
            self.wipe()?;
        } else if !self.is_pristine()? {
            return Ok(false);
        }
        self.trees
            .meta
            .insert(RESTORING, &[])
            .map_err(|e| self.sled_err(e))?;
        self.durable()?;
        Ok(true)
    }

    pub(super) fn write_restore_batch(
        &self,
        batch: &RestoreBatch,
    ) -> Result<std::result::Result<(), String>> {
        let mut pages: BTreeMap<u64, Page> = BTreeMap::new();
        let mut trash: BTreeMap<TicketId, Entry> = BTreeMap::new();
        let mut added = 0u64;
        for ticket in &batch.tickets {
            if ticket.id == 0 {
                return Ok(Err("a ticket with id 0".into()));
            }
            let start = page_start(ticket.id);
            let page = match pages.entry(start) {
                std::collections::btree_map::Entry::Occupied(o) => o.into_mut(),
                std::collections::btree_map::Entry::Vacant(v) => v.insert(self.load_page(start)?),
            };
            if page.entry(ticket.id).is_some() || self.trash_entry(ticket.id)?.is_some() {
                return Ok(Err(format!("ticket {} appears twice", ticket.id)));
            }
            page.put(Entry {
                id: ticket.id,
                ticket: codec::encode_ticket(ticket),
                ..Entry::default()
            });
            added += 1;
        }
        for ticket in &batch.trashed {
            if ticket.id == 0 {
                return Ok(Err("a ticket with id 0".into()));
            }
            let live = self
                .page_of(ticket.id)?
                .is_some_and(|p| p.entry(ticket.id).is_some());
            if live
                || trash.contains_key(&ticket.id)
                || self.trash_entry(ticket.id)?.is_some()
                || pages
                    .get(&page_start(ticket.id))
                    .is_some_and(|p| p.entry(ticket.id).is_some())
            {
                return Ok(Err(format!("ticket {} appears twice", ticket.id)));
            }
            trash.insert(
                ticket.id,
                Entry {
                    id: ticket.id,
                    ticket: codec::encode_ticket(ticket),
                    ..Entry::default()
                },
            );
        }
        let mut events: Vec<&crate::model::Event> = batch.events.iter().collect();
        events.sort_by_key(|e| (e.ticket, e.seq));
        for event in events {
            let id = event.ticket;
            let start = page_start(id);
            let page = match pages.entry(start) {
                std::collections::btree_map::Entry::Occupied(o) => o.into_mut(),
                std::collections::btree_map::Entry::Vacant(v) => v.insert(self.load_page(start)?),
            };
            let entry = match page.entry_mut(id) {
                Some(e) => e,
                None => match trash.entry(id) {
                    std::collections::btree_map::Entry::Occupied(o) => o.into_mut(),
                    std::collections::btree_map::Entry::Vacant(v) => match self.trash_entry(id)? {
                        Some(e) => v.insert(e),
                        None => {
                            return Ok(Err(format!(
                                "event {} of ticket {id}, which the backup does not hold before it",
                                event.seq
                            )))
                        }
                    },
                },
            };
            let want = entry.events.len() as u32 + 1;
            if event.seq != want {
                return Ok(Err(if event.seq < want {
                    format!("event {} of ticket {id} appears twice", event.seq)
                } else {
                    format!(
                        "ticket {id}'s events skip from {} to {}",
                        want - 1,
                        event.seq
                    )
                }));
            }
            entry.events.push(codec::encode_event(event));
        }
        let mut set = WriteSet::default();
        for (start, page) in &pages {
            let value = encode_page(&mut set, page, &[]);
            set.put(Tree::Pages as usize, page_key(*start).to_vec(), value);
        }
        for (id, entry) in trash {
            let mut one = Page::new(id);
            one.entries.push(entry);
            let value = encode_page(&mut set, &one, &[]);
            set.put(Tree::Trash as usize, id.to_be_bytes().to_vec(), value);
        }
        for (id, state) in &batch.agents {
            if self
                .trees
                .agents
                .contains_key(id.as_bytes())
                .map_err(|e| self.sled_err(e))?
                || batch.agents.iter().filter(|(other, _)| other == id).count() > 1
            {
                return Ok(Err(format!("agent {id:?} appears twice")));
            }
            let json = serde_json::to_vec(state).expect("agent state serialises to JSON");
            set.put(Tree::Agents as usize, id.as_bytes().to_vec(), json);
        }
        if added > 0 {
            let count = self.count_value()? + added;
            set.put(
                Tree::Meta as usize,
                COUNT.as_bytes().to_vec(),
                count.to_be_bytes().to_vec(),
            );
        }
        for raw in &batch.raw {
            if raw.tree == "meta" {
                if META_KEYS.iter().any(|m| m.as_bytes() == raw.key.as_slice()) {
                    return Ok(Err(format!(
                        "raw meta key {:?} is managed by the store",
                        String::from_utf8_lossy(&raw.key)
                    )));
                }
            } else if TREES.contains(&raw.tree.as_str()) || is_legacy_tree(&raw.tree) {
                return Ok(Err(format!(
                    "raw records for tree {:?}, which has its own record type",
                    raw.tree
                )));
            }
        }
        self.apply(set)?;
        for raw in &batch.raw {
            let tree = if raw.tree == "meta" {
                self.trees.meta.clone()
            } else {
                self.raw_tree(&raw.tree)?
            };
            tree.insert(raw.key.as_slice(), raw.value.as_slice())
                .map_err(|e| self.sled_err(e))?;
        }
        Ok(Ok(()))
    }

    pub(super) fn set_counter(&self, next_id: TicketId) -> Result<()> {
        self.trees
            .meta
            .insert(NEXT_ID, &next_id.to_be_bytes())
            .map_err(|e| self.sled_err(e))?;
        Ok(())
    }

    /// Index entries and summaries of everything restored.
    pub(super) fn complete_restore_pass(&self) -> Result<()> {
        self.rebuild_indexes_from(0)?;
        self.rebuild_summaries()?;
        Ok(())
    }

    pub(super) fn end_restore(&self) -> Result<()> {
        let sled = |e| self.sled_err(e);
        self.trees
            .meta
            .insert(SCHEMA, &SCHEMA_VERSION.to_be_bytes())
            .map_err(sled)?;
        self.trees.meta.remove(RESTORING).map_err(sled)?;
        self.durable()
    }

    pub(super) fn give_up_restore(&self) -> Result<()> {
        self.wipe()?;
        self.trees
            .meta
            .remove(RESTORING)
            .map_err(|e| self.sled_err(e))?;
        self.durable()
    }

    /// Empties every tree but the schema version and the restore mark.
    fn wipe(&self) -> Result<()> {
        let sled = |e| self.sled_err(e);
        for tree in &self.trees.all()[1..] {
            tree.clear().map_err(sled)?;
        }
        for name in self.other_trees() {
            if name.as_slice() == DEFAULT_TREE {
                self.db.clear().map_err(sled)?;
            } else {
                self.db.drop_tree(&name).map_err(sled)?;
            }
        }
        let keys: Vec<sled::IVec> = self
            .trees
            .meta
            .iter()
            .keys()
            .collect::<std::result::Result<_, _>>()
            .map_err(sled)?;
        for key in keys {
            if key.as_ref() != SCHEMA.as_bytes() && key.as_ref() != RESTORING.as_bytes() {
                self.trees.meta.remove(key).map_err(sled)?;
            }
        }
        Ok(())
    }
}

/// Trees of the schema-2 layout, which a backup made by it does not carry
/// raw either.
fn is_legacy_tree(name: &str) -> bool {
    matches!(name, "tickets" | "events")
}
