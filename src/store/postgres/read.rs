//! Reading: tickets, events, summaries, lookups, with the locks the module
//! docs describe.

use std::collections::{HashMap, VecDeque};
use std::ops::Range;

use postgres::binary_copy::BinaryCopyOutIter;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::Type;

use super::codec::{self, Labels};
use super::rows::{self, RawJson, EVENT_COLUMNS};
use super::PgStore;
use crate::model::{Event, Ticket, TicketId};
use crate::store::{AgentState, ExternalHit, RawRecord, Record, Result, Stream};
use crate::summary::Summary;

/// Tickets (or events) fetched per round trip by a stream.
const PAGE: i64 = 2_000;

fn ids_param(ids: &[TicketId]) -> Vec<i64> {
    ids.iter().map(|&id| id as i64).collect()
}

/// Decodes rows of `(id, doc, import_digest)`.
fn tickets_of(store: &PgStore, rows: &[postgres::Row]) -> Result<Vec<Ticket>> {
    rows.iter()
        .map(|row| {
            let id: i64 = row.get(0);
            let doc: RawJson<'_> = row.get(1);
            rows::decode_ticket(id as TicketId, doc.0, row.get(2)).map_err(|m| store.corrupt(m))
        })
        .collect()
}

impl PgStore {
    /// [`crate::store::Store::get`]: the ticket, locked until the command
    /// ends (see the module docs).
    pub(super) fn get_ticket(&self, id: TicketId) -> Result<Option<Ticket>> {
        let lock = self.writable;
        let rows = self.tx(|s| {
            let sql = if lock && !s.in_snapshot() {
                "SELECT id, doc, import_digest FROM triage.tickets WHERE id = $1 AND NOT trashed FOR NO KEY UPDATE"
            } else {
                "SELECT id, doc, import_digest FROM triage.tickets WHERE id = $1 AND NOT trashed"
            };
            let stmt = s.statement(sql)?;
            s.client.query(&stmt, &[&(id as i64)])
        })?;
        let tickets = tickets_of(self, &rows)?;
        self.note_read(&tickets);
        Ok(tickets.into_iter().next())
    }

    pub(super) fn get_tickets(&self, ids: &[TicketId]) -> Result<Vec<Ticket>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let param = ids_param(ids);
        let writable = self.writable;
        let rows = self.tx(|s| {
            // A router reads the tickets it will assign: locked, so a
            // command changing one meanwhile goes first or waits.
            let sql = if writable && s.routing_locked && !s.in_snapshot() {
                "SELECT id, doc, import_digest FROM triage.tickets WHERE id = ANY($1) AND NOT trashed \
                 ORDER BY id FOR NO KEY UPDATE"
            } else {
                "SELECT id, doc, import_digest FROM triage.tickets WHERE id = ANY($1) AND NOT trashed ORDER BY id"
            };
            let stmt = s.statement(sql)?;
            s.client.query(&stmt, &[&param])
        })?;
        let tickets = tickets_of(self, &rows)?;
        self.note_read(&tickets);
        Ok(tickets)
    }

    /// The events of these tickets (live or trashed), by ticket and sequence.
    pub(super) fn events_of(&self, ids: &[TicketId]) -> Result<Vec<Event>> {
        let param = ids_param(ids);
        let rows = self.tx(|s| {
            let stmt = s.statement(
                "SELECT ticket, seq, at, at_nanos, actor, kind, from_value, to_value, note \
                 FROM triage.events WHERE ticket = ANY($1) ORDER BY ticket, seq",
            )?;
            s.client.query(&stmt, &[&param])
        })?;
        rows.iter()
            .map(|r| rows::event_from_row(r).map_err(|m| self.corrupt(m)))
            .collect()
    }

    pub(super) fn records_in(&self, ids: Range<TicketId>) -> Result<Vec<Record>> {
        let (from, to) = (ids.start as i64, ids.end as i64);
        let (ticket_rows, event_rows) = self.tx(|s| {
            let t = s.client.query(
                "SELECT id, doc, import_digest FROM triage.tickets \
                 WHERE id >= $1 AND id < $2 AND NOT trashed ORDER BY id",
                &[&from, &to],
            )?;
            // The trash's events too: dropped below, cheaper than a join.
            let e = s.client.query(
                &format!(
                    "SELECT {EVENT_COLUMNS} FROM triage.events WHERE ticket >= $1 AND ticket < $2 \
                     ORDER BY ticket, seq"
                ),
                &[&from, &to],
            )?;
            Ok((t, e))
        })?;
        let mut events: HashMap<TicketId, Vec<Event>> = HashMap::new();
        for row in &event_rows {
            let e = rows::event_from_row(row).map_err(|m| self.corrupt(m))?;
            events.entry(e.ticket).or_default().push(e);
        }
        Ok(tickets_of(self, &ticket_rows)?
            .into_iter()
            .map(|ticket| Record {
                events: events.remove(&ticket.id).unwrap_or_default(),
                ticket,
            })
            .collect())
    }

    /// [`crate::store::Store::records_of`].
    pub(super) fn records_with(&self, ids: &[TicketId]) -> Result<Vec<Record>> {
        let tickets = self.get_tickets(ids)?;
        let live: Vec<TicketId> = tickets.iter().map(|t| t.id).collect();
        let mut events: HashMap<TicketId, Vec<Event>> = HashMap::new();
        for e in self.events_of(&live)? {
            events.entry(e.ticket).or_default().push(e);
        }
        Ok(tickets
            .into_iter()
            .map(|ticket| Record {
                events: events.remove(&ticket.id).unwrap_or_default(),
                ticket,
            })
            .collect())
    }

    /// Every live ticket, a page at a time, by id (descending if `newest_first`).
    pub(super) fn ticket_stream(&self, newest_first: bool) -> Stream<'_, Ticket> {
        let mut after: Option<i64> = None;
        let mut buffer: VecDeque<Ticket> = VecDeque::new();
        let mut done = false;
        Box::new(std::iter::from_fn(move || {
            if buffer.is_empty() && !done {
                let sql = if newest_first {
                    "SELECT id, doc, import_digest FROM triage.tickets \
                     WHERE NOT trashed AND id < $1 ORDER BY id DESC LIMIT $2"
                } else {
                    "SELECT id, doc, import_digest FROM triage.tickets \
                     WHERE NOT trashed AND id > $1 ORDER BY id LIMIT $2"
                };
                let bound = after.unwrap_or(if newest_first { i64::MAX } else { 0 });
                let page = self
                    .tx(|s| {
                        let stmt = s.statement(sql)?;
                        s.client.query(&stmt, &[&bound, &PAGE])
                    })
                    .and_then(|rows| tickets_of(self, &rows));
                match page {
                    Ok(tickets) => {
                        done = (tickets.len() as i64) < PAGE;
                        after = tickets.last().map(|t| t.id as i64).or(after);
                        buffer.extend(tickets);
                    }
                    Err(e) => {
                        done = true;
                        return Some(Err(e));
                    }
                }
            }
            buffer.pop_front().map(Ok)
        }))
    }

    /// Every event of every ticket (the trash's too, as a backup needs
    /// them), by ticket then sequence.
    pub(super) fn event_stream(&self) -> Stream<'_, Event> {
        let mut after: (i64, i32) = (0, 0);
        let mut buffer: VecDeque<Event> = VecDeque::new();
        let mut done = false;
        Box::new(std::iter::from_fn(move || {
            if buffer.is_empty() && !done {
                let page = self
                    .tx(|s| {
                        let stmt = s.statement(
                            "SELECT ticket, seq, at, at_nanos, actor, kind, from_value, to_value, note \
                             FROM triage.events WHERE (ticket, seq) > ($1, $2) \
                             ORDER BY ticket, seq LIMIT $3",
                        )?;
                        s.client.query(&stmt, &[&after.0, &after.1, &PAGE])
                    })
                    .and_then(|rows| {
                        rows.iter()
                            .map(|r| rows::event_from_row(r).map_err(|m| self.corrupt(m)))
                            .collect::<Result<Vec<Event>>>()
                    });
                match page {
                    Ok(events) => {
                        done = (events.len() as i64) < PAGE;
                        if let Some(last) = events.last() {
                            after = (last.ticket as i64, last.seq as i32);
                        }
                        buffer.extend(events);
                    }
                    Err(e) => {
                        done = true;
                        return Some(Err(e));
                    }
                }
            }
            buffer.pop_front().map(Ok)
        }))
    }

    /// Every summary in id order, through one binary COPY.
    pub(super) fn all_summaries(&self) -> Result<Vec<Vec<Summary>>> {
        // Chunks, as sled reads them: a million summaries are never
        // moved into one vector.
        const CHUNK: usize = 1 << 16;
        let mut labels = Labels::default();
        let mut out: Vec<Vec<Summary>> = Vec::new();
        let mut bad: Option<String> = None;
        self.tx(|s| {
            let reader = s.client.copy_out(
                "COPY (SELECT ticket, data FROM triage.summaries ORDER BY ticket) TO STDOUT (FORMAT binary)",
            )?;
            let mut rows = BinaryCopyOutIter::new(reader, &[Type::INT8, Type::BYTEA]);
            while let Some(row) = rows.next()? {
                let id: i64 = row.get(0);
                let data: &[u8] = row.get(1);
                match codec::decode(data, &mut labels) {
                    Ok(summary) => match out.last_mut() {
                        Some(chunk) if chunk.len() < CHUNK => chunk.push(summary),
                        _ => {
                            let mut chunk = Vec::with_capacity(CHUNK);
                            chunk.push(summary);
                            out.push(chunk);
                        }
                    },
                    Err(e) => {
                        bad.get_or_insert_with(|| format!("unreadable summary of ticket {id}: {e}"));
                    }
                }
            }
            Ok(())
        })?;
        match bad {
            Some(m) => Err(self.corrupt(m)),
            None => Ok(out),
        }
    }

    /// [`crate::store::Store::find_external`]: a second sender of the
    /// same source + external id waits here until the first commits.
    pub(super) fn lookup_external(
        &self,
        source: &str,
        external_id: &str,
    ) -> Result<Option<TicketId>> {
        let row = self.tx(|s| {
            s.advisory(&[source_lock(source)], true)?;
            s.advisory(&[external_lock(source, external_id)], false)?;
            let stmt = s.statement(
                "SELECT id FROM triage.tickets WHERE source = $1 AND external_id = $2 AND NOT trashed",
            )?;
            s.client.query_opt(&stmt, &[&source, &external_id])
        })?;
        Ok(row.map(|r| r.get::<_, i64>(0) as TicketId))
    }

    /// [`crate::store::Store::find_externals`]: an import locks its whole
    /// source for the batch (one lock, not one per id).
    pub(super) fn lookup_externals(
        &self,
        source: &str,
        external_ids: &[&str],
    ) -> Result<Vec<Option<ExternalHit>>> {
        let rows = self.tx(|s| {
            s.advisory(&[source_lock(source)], false)?;
            let stmt = s.statement(
                "SELECT u.n, t.id, t.import_digest FROM unnest($2::text[]) WITH ORDINALITY AS u(e, n) \
                 JOIN triage.tickets t ON t.source = $1 AND t.external_id = u.e AND NOT t.trashed",
            )?;
            s.client.query(&stmt, &[&source, &external_ids])
        })?;
        let mut out = vec![None; external_ids.len()];
        for row in rows {
            let n: i64 = row.get(0);
            let id: i64 = row.get(1);
            let digest: Option<i64> = row.get(2);
            if let Some(slot) = out.get_mut(n as usize - 1) {
                *slot = Some((id as TicketId, digest.map(|d| d as u64)));
            }
        }
        Ok(out)
    }

    /// [`crate::store::Store::customer_tickets`], each key locked so two
    /// tickets of one customer created at once are deduplicated.
    pub(super) fn customer_ids(&self, keys: &[String]) -> Result<Vec<TicketId>> {
        let mut email = Vec::new();
        let mut phone = Vec::new();
        let mut other = Vec::new();
        for key in keys {
            if key.starts_with("email:") {
                email.push(key.as_str());
            } else if key.starts_with("phone:") {
                phone.push(key.as_str());
            } else {
                other.push(key.as_str());
            }
        }
        let locks: Vec<String> = keys
            .iter()
            .map(|k| format!("triage:customer:{k}"))
            .collect();
        let rows = self.tx(|s| {
            s.advisory(&locks, false)?;
            let stmt = s.statement(
                "SELECT id FROM triage.tickets WHERE NOT trashed AND \
                 (email_key = ANY($1) OR phone_key = ANY($2) OR customer_key = ANY($3)) ORDER BY id",
            )?;
            s.client.query(&stmt, &[&email, &phone, &other])
        })?;
        Ok(rows
            .iter()
            .map(|r| r.get::<_, i64>(0) as TicketId)
            .collect())
    }

    /// [`crate::store::Store::active_ids`], under the routing lock.
    pub(super) fn active(&self) -> Result<Vec<TicketId>> {
        let rows = self.tx(|s| {
            s.lock_routing()?;
            let stmt = s.statement("SELECT id FROM triage.tickets WHERE active ORDER BY id")?;
            s.client.query(&stmt, &[])
        })?;
        Ok(rows
            .iter()
            .map(|r| r.get::<_, i64>(0) as TicketId)
            .collect())
    }

    /// [`crate::store::Store::loads`], under the routing lock.
    pub(super) fn agent_loads(&self) -> Result<HashMap<String, u32>> {
        let rows = self.tx(|s| {
            s.lock_routing()?;
            let stmt = s.statement(
                "SELECT assignee, count(*) FROM triage.tickets WHERE active AND assignee IS NOT NULL GROUP BY assignee",
            )?;
            s.client.query(&stmt, &[])
        })?;
        Ok(rows
            .iter()
            .map(|r| (r.get::<_, String>(0), r.get::<_, i64>(1) as u32))
            .collect())
    }

    /// [`crate::store::Store::assigned_to`], under the routing lock.
    pub(super) fn assigned(&self, agent: &str) -> Result<Vec<TicketId>> {
        let rows = self.tx(|s| {
            s.lock_routing()?;
            let stmt = s.statement(
                "SELECT id FROM triage.tickets WHERE active AND assignee = $1 ORDER BY id",
            )?;
            s.client.query(&stmt, &[&agent])
        })?;
        Ok(rows
            .iter()
            .map(|r| r.get::<_, i64>(0) as TicketId)
            .collect())
    }

    pub(super) fn trashed_ticket(&self, id: TicketId) -> Result<Option<Ticket>> {
        let rows = self.tx(|s| {
            s.client.query(
                "SELECT id, doc, import_digest FROM triage.tickets WHERE id = $1 AND trashed",
                &[&(id as i64)],
            )
        })?;
        Ok(tickets_of(self, &rows)?.pop())
    }

    pub(super) fn all_trashed(&self) -> Result<Vec<Ticket>> {
        let rows = self.tx(|s| {
            s.client.query(
                "SELECT id, doc, import_digest FROM triage.tickets WHERE trashed ORDER BY id",
                &[],
            )
        })?;
        tickets_of(self, &rows)
    }

    /// [`crate::store::Store::agent_states`], under the routing lock (the
    /// states hold round-robin's last assignments).
    pub(super) fn states(&self) -> Result<HashMap<String, AgentState>> {
        let rows = self.tx(|s| {
            s.lock_routing()?;
            let stmt = s.statement("SELECT agent, state FROM triage.agents")?;
            s.client.query(&stmt, &[])
        })?;
        rows.iter()
            .map(|r| {
                let agent: String = r.get(0);
                let state: RawJson<'_> = r.get(1);
                let state = serde_json::from_slice(state.0).map_err(|e| {
                    self.corrupt(format!("unreadable state of agent {agent:?}: {e}"))
                })?;
                Ok((agent, state))
            })
            .collect()
    }

    pub(super) fn raw(&self) -> Result<Vec<RawRecord>> {
        let rows = self.tx(|s| {
            // Sorted as sled lists them: meta first, then trees by name, keys bytewise.
            s.client.query(
                "SELECT tree, key, value FROM triage.raw ORDER BY tree <> 'meta', tree COLLATE \"C\", key",
                &[],
            )
        })?;
        Ok(rows
            .iter()
            .map(|r| RawRecord {
                tree: r.get(0),
                key: r.get(1),
                value: r.get(2),
            })
            .collect())
    }
}

/// The lock a sender of any external id of `source` takes shared, and an
/// import of that source takes exclusive.
fn source_lock(source: &str) -> String {
    format!("triage:source:{source}")
}

fn external_lock(source: &str, external_id: &str) -> String {
    // A unit separator: PostgreSQL text cannot hold a NUL.
    format!("triage:external:{source}\u{1f}{external_id}")
}
