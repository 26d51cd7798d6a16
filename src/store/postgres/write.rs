//! Writing: a save's tickets, events and summaries in the command's
//! transaction, new rows through binary `COPY`, changed rows through one
//! `UPDATE ... FROM unnest(...)` per table.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;

use super::codec;
use super::rows::{
    EventRow, JsonText, TicketRow, EVENT_COLUMNS, EVENT_TYPES, TICKET_COLUMNS, TICKET_TYPES,
};
use super::{PgStore, Session};
use crate::model::{Event, NewEvent, Ticket, TicketId};
use crate::store::{AgentState, Change, Result, StoreError};
use crate::summary::Summary;

type PgResult<T> = std::result::Result<T, postgres::Error>;

/// Writes new ticket rows.
pub(super) fn copy_tickets(s: &mut Session, rows: &[TicketRow]) -> PgResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let sink = s.client.copy_in(&format!(
        "COPY triage.tickets ({TICKET_COLUMNS}) FROM STDIN (FORMAT binary)"
    ))?;
    let mut writer = BinaryCopyInWriter::new(sink, &TICKET_TYPES);
    for row in rows {
        writer.write(&row.values())?;
    }
    writer.finish()?;
    Ok(())
}

/// Appends events.
pub(super) fn copy_events(s: &mut Session, events: &[Event]) -> PgResult<()> {
    if events.is_empty() {
        return Ok(());
    }
    let sink = s.client.copy_in(&format!(
        "COPY triage.events ({EVENT_COLUMNS}) FROM STDIN (FORMAT binary)"
    ))?;
    let mut writer = BinaryCopyInWriter::new(sink, &EVENT_TYPES);
    for event in events {
        writer.write(&EventRow::of(event).values())?;
    }
    writer.finish()?;
    Ok(())
}

/// Rewrites existing ticket rows.
pub(super) fn update_tickets(s: &mut Session, rows: Vec<TicketRow>) -> PgResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let n = rows.len();
    let mut id = Vec::with_capacity(n);
    let mut source = Vec::with_capacity(n);
    let mut external_id = Vec::with_capacity(n);
    let mut status = Vec::with_capacity(n);
    let mut priority = Vec::with_capacity(n);
    let mut channel = Vec::with_capacity(n);
    let mut category = Vec::with_capacity(n);
    let mut team = Vec::with_capacity(n);
    let mut assignee = Vec::with_capacity(n);
    let mut email_key = Vec::with_capacity(n);
    let mut phone_key = Vec::with_capacity(n);
    let mut customer_key = Vec::with_capacity(n);
    let mut created_at: Vec<DateTime<Utc>> = Vec::with_capacity(n);
    let mut updated_at: Vec<DateTime<Utc>> = Vec::with_capacity(n);
    let mut history_len = Vec::with_capacity(n);
    let mut import_digest = Vec::with_capacity(n);
    let mut active = Vec::with_capacity(n);
    let mut trashed = Vec::with_capacity(n);
    let mut doc: Vec<JsonText> = Vec::with_capacity(n);
    for r in rows {
        id.push(r.id);
        source.push(r.source);
        external_id.push(r.external_id);
        status.push(r.status);
        priority.push(r.priority);
        channel.push(r.channel);
        category.push(r.category);
        team.push(r.team);
        assignee.push(r.assignee);
        email_key.push(r.email_key);
        phone_key.push(r.phone_key);
        customer_key.push(r.customer_key);
        created_at.push(r.created_at);
        updated_at.push(r.updated_at);
        history_len.push(r.history_len);
        import_digest.push(r.import_digest);
        active.push(r.active);
        trashed.push(r.trashed);
        doc.push(r.doc);
    }
    let stmt = s.statement(
        "UPDATE triage.tickets t SET source = u.source, external_id = u.external_id, \
         status = u.status, priority = u.priority, channel = u.channel, category = u.category, \
         team = u.team, assignee = u.assignee, email_key = u.email_key, phone_key = u.phone_key, \
         customer_key = u.customer_key, created_at = u.created_at, updated_at = u.updated_at, \
         history_len = u.history_len, import_digest = u.import_digest, active = u.active, \
         trashed = u.trashed, doc = u.doc \
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], \
         $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], \
         $13::timestamptz[], $14::timestamptz[], $15::int[], $16::bigint[], $17::bool[], \
         $18::bool[], $19::json[]) AS u(id, source, external_id, status, priority, channel, \
         category, team, assignee, email_key, phone_key, customer_key, created_at, updated_at, \
         history_len, import_digest, active, trashed, doc) WHERE t.id = u.id",
    )?;
    s.client.execute(
        &stmt,
        &[
            &id,
            &source,
            &external_id,
            &status,
            &priority,
            &channel,
            &category,
            &team,
            &assignee,
            &email_key,
            &phone_key,
            &customer_key,
            &created_at,
            &updated_at,
            &history_len,
            &import_digest,
            &active,
            &trashed,
            &doc,
        ],
    )?;
    Ok(())
}

/// Writes the summaries of new tickets.
pub(super) fn copy_summaries(s: &mut Session, summaries: &[Summary]) -> PgResult<()> {
    if summaries.is_empty() {
        return Ok(());
    }
    let sink = s
        .client
        .copy_in("COPY triage.summaries (ticket, data) FROM STDIN (FORMAT binary)")?;
    let mut writer = BinaryCopyInWriter::new(sink, &[Type::INT8, Type::BYTEA]);
    for summary in summaries {
        writer.write(&[&(summary.id as i64), &codec::encode(summary)])?;
    }
    writer.finish()?;
    Ok(())
}

/// Writes (or replaces) summaries.
pub(super) fn put_summaries(s: &mut Session, summaries: &[Summary]) -> PgResult<()> {
    if summaries.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = summaries.iter().map(|x| x.id as i64).collect();
    let data: Vec<Vec<u8>> = summaries.iter().map(codec::encode).collect();
    let stmt = s.statement(
        "INSERT INTO triage.summaries (ticket, data) SELECT * FROM unnest($1::bigint[], $2::bytea[]) \
         ON CONFLICT (ticket) DO UPDATE SET data = EXCLUDED.data",
    )?;
    s.client.execute(&stmt, &[&ids, &data])?;
    Ok(())
}

impl PgStore {
    /// A save that found a ticket changed since the command read it.
    fn conflict(&self, message: String) -> StoreError {
        StoreError::Unavailable {
            location: self.location.clone(),
            message: format!(
                "{message}: this command was rolled back, nothing was written; run it again"
            ),
        }
    }

    /// Maps a unique violation of the source + external id to the message
    /// sled gives for it.
    fn write_err(&self, e: postgres::Error) -> StoreError {
        if let Some(db) = e.as_db_error() {
            if db.constraint() == Some("tickets_pkey") {
                return self.corrupt(format!(
                    "the id counter is behind the stored tickets ({}): a new ticket would \
                     replace a stored one; nothing was written (run `triage doctor --repair`)",
                    db.detail().unwrap_or(db.message())
                ));
            }
            if db.constraint() == Some("tickets_external") {
                return self.corrupt(format!(
                    "a source + external id already belongs to another ticket ({})",
                    db.detail().unwrap_or(db.message())
                ));
            }
        }
        self.err(e)
    }

    /// The events of `ids`, by ticket.
    fn load_events(&self, s: &mut Session, ids: &[i64]) -> Result<HashMap<TicketId, Vec<Event>>> {
        let mut out: HashMap<TicketId, Vec<Event>> = HashMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        let stmt = s
            .statement(
                "SELECT ticket, seq, at, at_nanos, actor, kind, from_value, to_value, note \
                 FROM triage.events WHERE ticket = ANY($1) ORDER BY ticket, seq",
            )
            .map_err(|e| self.err(e))?;
        let rows = s.client.query(&stmt, &[&ids]).map_err(|e| self.err(e))?;
        for row in &rows {
            let e = super::rows::event_from_row(row).map_err(|m| self.corrupt(m))?;
            out.entry(e.ticket).or_default().push(e);
        }
        Ok(out)
    }

    /// [`crate::store::Store::save`].
    pub(super) fn save_changes(&self, mut changes: Vec<Change>) -> Result<Vec<TicketId>> {
        if changes.is_empty() {
            return Ok(Vec::new());
        }
        let mut s = self.session();
        s.begin().map_err(|e| self.err(e))?;
        let mut existing: Vec<i64> = changes
            .iter()
            .filter(|c| c.ticket.id != 0)
            .map(|c| c.ticket.id as i64)
            .collect();
        existing.sort_unstable();
        existing.dedup();
        let mut heads: HashMap<TicketId, u32> = HashMap::new();
        if !existing.is_empty() {
            // Locked in id order, so two saves of the same tickets cannot deadlock.
            let stmt = s
                .statement(
                    "SELECT id, history_len FROM triage.tickets WHERE id = ANY($1) AND NOT trashed \
                     ORDER BY id FOR NO KEY UPDATE",
                )
                .map_err(|e| self.err(e))?;
            for row in s
                .client
                .query(&stmt, &[&existing])
                .map_err(|e| self.err(e))?
            {
                heads.insert(
                    row.get::<_, i64>(0) as TicketId,
                    row.get::<_, i32>(1) as u32,
                );
            }
        }
        let new_count = changes.iter().filter(|c| c.ticket.id == 0).count() as i64;
        let mut next = 0;
        if new_count > 0 {
            let stmt = s
                .statement("UPDATE triage.info SET next_id = next_id + $1 RETURNING next_id - $1")
                .map_err(|e| self.err(e))?;
            next = s
                .client
                .query_one(&stmt, &[&new_count])
                .map_err(|e| self.err(e))?
                .get::<_, i64>(0) as TicketId;
        }
        for change in &mut changes {
            if change.ticket.id == 0 {
                change.ticket.id = next;
                next += 1;
            }
        }
        let ids: Vec<TicketId> = changes.iter().map(|c| c.ticket.id).collect();
        let mut loaded = self.load_events(&mut s, &existing)?;

        // Each ticket's state after the changes so far in this call.
        let mut current: HashMap<TicketId, (Option<Ticket>, Vec<Event>)> = HashMap::new();
        let mut order: Vec<TicketId> = Vec::new();
        let mut new_events: Vec<Event> = Vec::new();
        for change in changes {
            let mut ticket = change.ticket;
            let id = ticket.id;
            let is_new = existing.binary_search(&(id as i64)).is_err();
            let slot = match current.entry(id) {
                std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => {
                    if !is_new {
                        let Some(&stored) = heads.get(&id) else {
                            return Err(self.conflict(format!(
                                "ticket {id} was deleted by another command while this one changed it"
                            )));
                        };
                        let read = self
                            .read_versions
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .get(&id)
                            .copied();
                        if read.is_some_and(|read| read != stored) {
                            return Err(self.conflict(format!(
                                "ticket {id} was changed by another command while this one ran"
                            )));
                        }
                    }
                    order.push(id);
                    v.insert((None, loaded.remove(&id).unwrap_or_default()))
                }
            };
            let first_seq = slot.1.len() as u32;
            ticket.history_len = first_seq + change.events.len() as u32;
            for (i, event) in change.events.into_iter().enumerate() {
                let event = event.into_event(id, first_seq + i as u32 + 1);
                new_events.push(event.clone());
                slot.1.push(event);
            }
            slot.0 = Some(ticket);
        }

        let mut inserts = Vec::new();
        let mut updates = Vec::new();
        let mut new_summaries = Vec::new();
        let mut changed_summaries = Vec::new();
        for id in order {
            let (ticket, events) = current.remove(&id).expect("every id in order has a state");
            let ticket = ticket.expect("every state has its ticket");
            let summary = Summary::of(&ticket, &events);
            let row = TicketRow::of(&ticket, false);
            if existing.binary_search(&(id as i64)).is_ok() {
                updates.push(row);
                changed_summaries.push(summary);
            } else {
                inserts.push(row);
                new_summaries.push(summary);
            }
        }
        {
            let mut seen = self.read_versions.lock().unwrap_or_else(|p| p.into_inner());
            for row in inserts.iter().chain(&updates) {
                seen.insert(row.id as TicketId, row.history_len as u32);
            }
        }
        copy_tickets(&mut s, &inserts).map_err(|e| self.write_err(e))?;
        update_tickets(&mut s, updates).map_err(|e| self.write_err(e))?;
        copy_events(&mut s, &new_events).map_err(|e| self.err(e))?;
        copy_summaries(&mut s, &new_summaries).map_err(|e| self.err(e))?;
        put_summaries(&mut s, &changed_summaries).map_err(|e| self.err(e))?;
        s.wrote();
        Ok(ids)
    }

    /// The ticket `id`, live (`trashed` false) or in the trash, locked.
    fn locked_ticket(
        &self,
        s: &mut Session,
        id: TicketId,
        trashed: bool,
    ) -> Result<Option<Ticket>> {
        let stmt = s
            .statement(
                "SELECT doc, import_digest FROM triage.tickets WHERE id = $1 AND trashed = $2 FOR NO KEY UPDATE",
            )
            .map_err(|e| self.err(e))?;
        let row = s
            .client
            .query_opt(&stmt, &[&(id as i64), &trashed])
            .map_err(|e| self.err(e))?;
        row.map(|r| {
            let doc: super::rows::RawJson<'_> = r.get(0);
            super::rows::decode_ticket(id, doc.0, r.get(1)).map_err(|m| self.corrupt(m))
        })
        .transpose()
    }

    /// [`crate::store::Store::trash`].
    pub(super) fn trash_ticket(&self, id: TicketId, event: NewEvent) -> Result<bool> {
        let mut s = self.session();
        s.begin().map_err(|e| self.err(e))?;
        let Some(mut ticket) = self.locked_ticket(&mut s, id, false)? else {
            return Ok(false);
        };
        ticket.history_len += 1;
        let event = event.into_event(id, ticket.history_len);
        copy_events(&mut s, &[event]).map_err(|e| self.err(e))?;
        update_tickets(&mut s, vec![TicketRow::of(&ticket, true)]).map_err(|e| self.err(e))?;
        self.note_read(std::slice::from_ref(&ticket));
        s.client
            .execute(
                "DELETE FROM triage.summaries WHERE ticket = $1",
                &[&(id as i64)],
            )
            .map_err(|e| self.err(e))?;
        s.wrote();
        Ok(true)
    }

    /// [`crate::store::Store::restore`].
    pub(super) fn restore_ticket(&self, id: TicketId, event: NewEvent) -> Result<bool> {
        let mut s = self.session();
        s.begin().map_err(|e| self.err(e))?;
        let Some(mut ticket) = self.locked_ticket(&mut s, id, true)? else {
            return Ok(false);
        };
        if let (Some(source), Some(ext)) = (&ticket.source, &ticket.external_id) {
            let owner = s
                .client
                .query_opt(
                    "SELECT id FROM triage.tickets WHERE source = $1 AND external_id = $2 AND NOT trashed",
                    &[source, ext],
                )
                .map_err(|e| self.err(e))?;
            if let Some(row) = owner {
                let other: i64 = row.get(0);
                return Err(self.corrupt(format!(
                    "cannot restore ticket {id}: its source {source:?} external id {ext:?} now belongs to ticket {other}"
                )));
            }
        }
        let mut events = self
            .load_events(&mut s, &[id as i64])?
            .remove(&id)
            .unwrap_or_default();
        ticket.history_len = events.len() as u32 + 1;
        let event = event.into_event(id, ticket.history_len);
        copy_events(&mut s, std::slice::from_ref(&event)).map_err(|e| self.err(e))?;
        events.push(event);
        update_tickets(&mut s, vec![TicketRow::of(&ticket, false)])
            .map_err(|e| self.write_err(e))?;
        self.note_read(std::slice::from_ref(&ticket));
        put_summaries(&mut s, &[Summary::of(&ticket, &events)]).map_err(|e| self.err(e))?;
        s.wrote();
        Ok(true)
    }

    pub(super) fn put_agent_state(&self, agent: &str, state: &AgentState) -> Result<()> {
        let json = JsonText(serde_json::to_string(state).expect("agent state serialises to JSON"));
        self.tx(|s| {
            let stmt = s.statement(
                "INSERT INTO triage.agents (agent, state) VALUES ($1, $2) \
                 ON CONFLICT (agent) DO UPDATE SET state = EXCLUDED.state",
            )?;
            s.client.execute(&stmt, &[&agent, &json])?;
            s.wrote();
            Ok(())
        })
    }
}
