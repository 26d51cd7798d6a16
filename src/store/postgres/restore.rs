//! Backup restore: one transaction from [`PgStore::start_restore`] to
//! `finish_restore`, so a restore that is killed or fails leaves the
//! database as empty as it found it. The counter row stays locked all
//! along: a `create` elsewhere waits for the restore, then numbers its
//! ticket after the restored ones.

use std::collections::{HashMap, HashSet};

use super::rows::{JsonText, TicketRow};
use super::write::{copy_events, copy_tickets, put_summaries};
use super::PgStore;
use crate::model::{Event, TicketId};
use crate::store::{RestoreBatch, Result};
use crate::summary::Summary;

/// Tickets whose summaries are written per step of the final pass.
const SUMMARY_STEP: i64 = 5_000;

/// What a restore has written so far, to check what follows against it.
#[derive(Default)]
pub struct Restoring {
    /// Each restored ticket's events so far, and whether it is live.
    tickets: HashMap<TicketId, u32>,
    agents: HashSet<String>,
    raw: HashSet<(String, Vec<u8>)>,
}

impl PgStore {
    /// [`crate::store::Store::begin_restore`].
    pub(super) fn start_restore(&self) -> Result<bool> {
        let empty = self.tx(|s| {
            // Held to the end: nobody writes tickets while the restore does.
            s.client
                .query_one("SELECT next_id FROM triage.info FOR UPDATE", &[])?;
            let row = s.client.query_one(
                "SELECT (SELECT next_id FROM triage.info) = 1 \
                 AND NOT EXISTS (SELECT 1 FROM triage.tickets) \
                 AND NOT EXISTS (SELECT 1 FROM triage.events) \
                 AND NOT EXISTS (SELECT 1 FROM triage.agents) \
                 AND NOT EXISTS (SELECT 1 FROM triage.raw)",
                &[],
            )?;
            s.wrote();
            Ok(row.get::<_, bool>(0))
        })?;
        if empty {
            *self.restoring.lock().unwrap_or_else(|p| p.into_inner()) = Some(Restoring::default());
        }
        Ok(empty)
    }

    /// [`crate::store::Store::restore_batch`].
    pub(super) fn write_restore_batch(
        &self,
        batch: &RestoreBatch,
    ) -> Result<std::result::Result<(), String>> {
        let mut guard = self.restoring.lock().unwrap_or_else(|p| p.into_inner());
        let Some(state) = guard.as_mut() else {
            return Err(self.corrupt("a restore batch outside a restore".into()));
        };
        // Checked against a copy first: nothing of a bad batch is kept.
        let mut seen: HashMap<TicketId, u32> = HashMap::new();
        for ticket in batch.tickets.iter().chain(&batch.trashed) {
            if ticket.id == 0 {
                return Ok(Err("a ticket with id 0".into()));
            }
            if state.tickets.contains_key(&ticket.id) || seen.insert(ticket.id, 0).is_some() {
                return Ok(Err(format!("ticket {} appears twice", ticket.id)));
            }
        }
        let mut events: Vec<&Event> = batch.events.iter().collect();
        events.sort_by_key(|e| (e.ticket, e.seq));
        for event in &events {
            let id = event.ticket;
            let count = match seen.get_mut(&id) {
                Some(c) => c,
                None => match state.tickets.get(&id) {
                    Some(&c) => seen.entry(id).or_insert(c),
                    None => {
                        return Ok(Err(format!(
                            "event {} of ticket {id}, which the backup does not hold before it",
                            event.seq
                        )))
                    }
                },
            };
            let want = *count + 1;
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
            *count = want;
        }
        for (id, _) in &batch.agents {
            if state.agents.contains(id) || batch.agents.iter().filter(|(o, _)| o == id).count() > 1
            {
                return Ok(Err(format!("agent {id:?} appears twice")));
            }
        }
        for raw in &batch.raw {
            let key = (raw.tree.clone(), raw.key.clone());
            if state.raw.contains(&key)
                || batch
                    .raw
                    .iter()
                    .filter(|r| r.tree == raw.tree && r.key == raw.key)
                    .count()
                    > 1
            {
                return Ok(Err(format!(
                    "raw record {:?} of tree {:?} appears twice",
                    String::from_utf8_lossy(&raw.key),
                    raw.tree
                )));
            }
        }

        let mut rows: Vec<TicketRow> = batch
            .tickets
            .iter()
            .map(|t| TicketRow::of(t, false))
            .collect();
        rows.extend(batch.trashed.iter().map(|t| TicketRow::of(t, true)));
        let owned: Vec<Event> = events.into_iter().cloned().collect();
        let agent_ids: Vec<&str> = batch.agents.iter().map(|(id, _)| id.as_str()).collect();
        let agent_states: Vec<JsonText> = batch
            .agents
            .iter()
            .map(|(_, st)| JsonText(serde_json::to_string(st).expect("agent state serialises")))
            .collect();
        let trees: Vec<&str> = batch.raw.iter().map(|r| r.tree.as_str()).collect();
        let keys: Vec<&[u8]> = batch.raw.iter().map(|r| r.key.as_slice()).collect();
        let values: Vec<&[u8]> = batch.raw.iter().map(|r| r.value.as_slice()).collect();
        self.tx(|s| {
            copy_tickets(s, &rows)?;
            copy_events(s, &owned)?;
            if !agent_ids.is_empty() {
                s.client.execute(
                    "INSERT INTO triage.agents (agent, state) SELECT * FROM unnest($1::text[], $2::json[])",
                    &[&agent_ids, &agent_states],
                )?;
            }
            if !trees.is_empty() {
                s.client.execute(
                    "INSERT INTO triage.raw (tree, key, value) SELECT * FROM unnest($1::text[], $2::bytea[], $3::bytea[])",
                    &[&trees, &keys, &values],
                )?;
            }
            s.wrote();
            Ok(())
        })?;
        state.tickets.extend(seen);
        state
            .agents
            .extend(batch.agents.iter().map(|(id, _)| id.clone()));
        state
            .raw
            .extend(batch.raw.iter().map(|r| (r.tree.clone(), r.key.clone())));
        Ok(Ok(()))
    }

    pub(super) fn set_counter(&self, next_id: TicketId) -> Result<()> {
        self.tx(|s| {
            s.client
                .execute("UPDATE triage.info SET next_id = $1", &[&(next_id as i64)])?;
            s.wrote();
            Ok(())
        })
    }

    /// Writes the summary of every restored live ticket.
    pub(super) fn complete_restore_pass(&self) -> Result<()> {
        self.rebuild_summaries()
    }

    /// Writes the summary of every live ticket from it and its events,
    /// [`SUMMARY_STEP`] ids at a time, and removes summaries of tickets
    /// that are not live.
    pub(super) fn rebuild_summaries(&self) -> Result<()> {
        let max: i64 = self.tx(|s| {
            s.client
                .query_one("SELECT coalesce(max(id), 0) FROM triage.tickets", &[])
                .map(|r| r.get(0))
        })?;
        let mut from = 1i64;
        while from <= max {
            let to = from + SUMMARY_STEP;
            let records = self.records_in(from as TicketId..to as TicketId)?;
            let summaries: Vec<Summary> = records
                .iter()
                .map(|r| Summary::of(&r.ticket, &r.events))
                .collect();
            self.tx(|s| {
                put_summaries(s, &summaries)?;
                s.wrote();
                Ok(())
            })?;
            from = to;
        }
        self.tx(|s| {
            s.client.execute(
                "DELETE FROM triage.summaries m WHERE NOT EXISTS \
                 (SELECT 1 FROM triage.tickets t WHERE t.id = m.ticket AND NOT t.trashed)",
                &[],
            )?;
            Ok(())
        })
    }
}
