//! Whole-database reads and raw writes for backups ([`crate::backup`]).
//!
//! A restore writes records exactly as they were exported (ids, sequence
//! numbers and `history_len` included) into an empty database. It marks
//! the database `restoring` first and clears the mark last, so a restore
//! that is killed leaves a database that [`Store::open`] refuses and a
//! second restore wipes and starts over; a restore that finds bad input
//! wipes what it wrote.

use sled::transaction::TransactionError;
use sled::Transactional;

use super::{
    abort, codec, encode_json, event_key, id_key, insert_indexes, AgentState, IndexKeys, Result,
    Store, RESTORING, SCHEMA_VERSION, TREES,
};
use crate::model::{Event, Ticket, TicketId};

/// One key/value of a tree (or `meta` key) this module does not interpret,
/// carried through a backup byte for byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRecord {
    pub tree: String,
    pub key: Vec<u8>,
    pub value: Vec<u8>,
}

/// Records to restore together (one transaction for the known trees).
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

/// sled's own default tree, which triage does not use but a backup carries.
const DEFAULT_TREE: &[u8] = b"__sled__default";
/// `meta` keys the store interprets; other `meta` keys travel raw.
const META_KEYS: [&str; 3] = ["schema", "next_id", RESTORING];

impl Store {
    /// Tickets in the trash, ascending id, streamed.
    pub fn trashed_tickets(&self) -> impl Iterator<Item = Result<Ticket>> + '_ {
        self.trash.iter().values().map(move |v| {
            let bytes = v.map_err(|e| self.sled_err(e))?;
            self.decode_ticket(&bytes)
        })
    }

    /// Stored agent states sorted by agent id.
    pub fn agent_states_sorted(&self) -> Result<Vec<(String, AgentState)>> {
        let mut states: Vec<_> = self.agent_states()?.into_iter().collect();
        states.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(states)
    }

    /// Records outside what the store interprets: `meta` keys other than
    /// the schema, counter and restore mark, and every tree another module
    /// opened on the database, in name then key order.
    pub fn raw_records(&self) -> Result<Vec<RawRecord>> {
        let sled = |e| self.sled_err(e);
        let mut out = Vec::new();
        for entry in self.meta.iter() {
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

    /// The sled tree for a raw record: the default tree by its name, any other by name.
    fn raw_tree(&self, name: &str) -> Result<sled::Tree> {
        if name.as_bytes() == DEFAULT_TREE {
            return Ok((*self.db).clone());
        }
        self.db
            .open_tree(name.as_bytes())
            .map_err(|e| self.sled_err(e))
    }

    /// Whether nothing but a schema version has been written: no tickets,
    /// trash, events, agent states, counter or other records.
    pub fn is_pristine(&self) -> Result<bool> {
        let sled = |e| self.sled_err(e);
        for tree in [
            &self.tickets,
            &self.events,
            &self.trash,
            &self.agents,
            &self.ix_external,
            &self.ix_customer,
            &self.ix_active,
            &self.ix_assignee,
        ] {
            if tree.first().map_err(sled)?.is_some() {
                return Ok(false);
            }
        }
        if self.next_id()? != 1 {
            return Ok(false);
        }
        Ok(self.raw_records()?.is_empty())
    }

    /// Starts a restore: the database must be pristine, or left by an
    /// interrupted restore (which is wiped). Marks it `restoring` and
    /// flushes. Returns `Ok(false)` when the database holds other data.
    pub fn begin_restore(&self) -> Result<bool> {
        if self.restore_in_progress()? {
            self.wipe()?;
        } else if !self.is_pristine()? {
            return Ok(false);
        }
        self.meta
            .insert(RESTORING, &[])
            .map_err(|e| self.sled_err(e))?;
        self.flush()?;
        Ok(true)
    }

    /// Writes restored records as they are. Tickets get their index
    /// entries; ids must be new (not already restored, live or trashed).
    /// `Ok(Err(reason))` when the records contradict each other or what is
    /// already restored; nothing of the batch is written then.
    pub fn restore_batch(&self, batch: &RestoreBatch) -> Result<std::result::Result<(), String>> {
        let trees = (
            &self.tickets,
            &self.events,
            &self.trash,
            &self.agents,
            &self.ix_external,
            &self.ix_customer,
            &self.ix_active,
            &self.ix_assignee,
        );
        let outcome = trees.transaction(
            |(tickets, events, trash, agents, ix_external, ix_customer, ix_active, ix_assignee)| {
                for (ticket, is_trashed) in batch
                    .tickets
                    .iter()
                    .map(|t| (t, false))
                    .chain(batch.trashed.iter().map(|t| (t, true)))
                {
                    let key = id_key(ticket.id);
                    if ticket.id == 0 {
                        return abort("a ticket with id 0".to_string());
                    }
                    if tickets.get(key)?.is_some() || trash.get(key)?.is_some() {
                        return abort(format!("ticket {} appears twice", ticket.id));
                    }
                    if is_trashed {
                        trash.insert(&key, codec::encode_ticket(ticket))?;
                        continue;
                    }
                    let keys = IndexKeys::of(ticket);
                    if let Some(ext) = &keys.external {
                        if let Some(other) = ix_external.get(ext)? {
                            return abort(format!(
                                "tickets {} and {} share source {:?} external id {:?}",
                                super::key_id(&other).unwrap_or(0),
                                ticket.id,
                                ticket.source.as_deref().unwrap_or(""),
                                ticket.external_id.as_deref().unwrap_or("")
                            ));
                        }
                    }
                    insert_indexes(
                        ticket,
                        &keys,
                        ix_external,
                        ix_customer,
                        ix_active,
                        ix_assignee,
                    )?;
                    tickets.insert(&key, codec::encode_ticket(ticket))?;
                }
                for event in &batch.events {
                    let key = event_key(event.ticket, event.seq);
                    if events.get(key)?.is_some() {
                        return abort(format!(
                            "event {} of ticket {} appears twice",
                            event.seq, event.ticket
                        ));
                    }
                    events.insert(&key, codec::encode_event(event))?;
                }
                for (id, state) in &batch.agents {
                    if agents.insert(id.as_bytes(), encode_json(state))?.is_some() {
                        return abort(format!("agent {id:?} appears twice"));
                    }
                }
                Ok(())
            },
        );
        match outcome {
            Ok(()) => {}
            Err(TransactionError::Abort(reason)) => return Ok(Err(reason)),
            Err(TransactionError::Storage(e)) => return Err(self.sled_err(e)),
        }
        for raw in &batch.raw {
            if raw.tree == "meta" {
                if META_KEYS.iter().any(|m| m.as_bytes() == raw.key.as_slice()) {
                    return Ok(Err(format!(
                        "raw meta key {:?} is managed by the store",
                        String::from_utf8_lossy(&raw.key)
                    )));
                }
            } else if TREES.contains(&raw.tree.as_str()) {
                return Ok(Err(format!(
                    "raw records for tree {:?}, which has its own record type",
                    raw.tree
                )));
            }
            let tree = if raw.tree == "meta" {
                self.meta.clone()
            } else {
                self.raw_tree(&raw.tree)?
            };
            tree.insert(raw.key.as_slice(), raw.value.as_slice())
                .map_err(|e| self.sled_err(e))?;
        }
        Ok(Ok(()))
    }

    /// Sets the id counter (the restored database's own) without clearing
    /// the restore mark, so it can still be checked and abandoned.
    pub fn restore_counter(&self, next_id: TicketId) -> Result<()> {
        self.meta
            .insert("next_id", &next_id.to_be_bytes())
            .map_err(|e| self.sled_err(e))?;
        Ok(())
    }

    /// Completes a restore: records the schema, clears the mark, flushes.
    pub fn finish_restore(&self) -> Result<()> {
        let sled = |e| self.sled_err(e);
        self.meta
            .insert("schema", &SCHEMA_VERSION.to_be_bytes())
            .map_err(sled)?;
        self.meta.remove(RESTORING).map_err(sled)?;
        self.flush()
    }

    /// Gives up a restore: removes everything it wrote, then the mark.
    pub fn abandon_restore(&self) -> Result<()> {
        self.wipe()?;
        self.meta.remove(RESTORING).map_err(|e| self.sled_err(e))?;
        self.flush()
    }

    /// Empties every tree but the schema version and the restore mark.
    fn wipe(&self) -> Result<()> {
        let sled = |e| self.sled_err(e);
        for tree in [
            &self.tickets,
            &self.events,
            &self.trash,
            &self.agents,
            &self.ix_external,
            &self.ix_customer,
            &self.ix_active,
            &self.ix_assignee,
        ] {
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
            .meta
            .iter()
            .keys()
            .collect::<std::result::Result<_, _>>()
            .map_err(sled)?;
        for key in keys {
            if key.as_ref() != b"schema" && key.as_ref() != RESTORING.as_bytes() {
                self.meta.remove(key).map_err(sled)?;
            }
        }
        Ok(())
    }
}
