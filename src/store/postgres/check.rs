//! Consistency checks and repairs for `triage doctor`.
//!
//! What PostgreSQL's constraints already guarantee (one row per id, one
//! live ticket per source + external id, events numbered once) is not
//! re-checked row by row. [`PgStore::check`] reads every ticket with its
//! events and summary, a step of ids at a time, and reports: the schema
//! version; documents that do not decode or hold another id; derived
//! columns that disagree with the document (stale index entries);
//! `history_len` against the audit log; events without a ticket; each
//! summary against the one the ticket and its log give; the id counter;
//! agent states that do not decode. [`PgStore::fix`] rewrites the derived
//! columns and summaries from the documents, `history_len` from the logs,
//! and raises the counter.

use std::collections::HashMap;

use super::rows::{self, RawJson, TicketRow, DERIVED_SQL, EVENT_COLUMNS};
use super::write::update_tickets;
use super::PgStore;
use crate::model::{Event, TicketId};
use crate::store::check::Findings;
use crate::store::{AgentState, Check, Inspection, Repair, Result};
use crate::summary::Summary;

/// Ids read per step.
const STEP: i64 = 5_000;

impl PgStore {
    /// [`crate::store::Store::inspect`].
    pub(super) fn check(&self) -> Result<Inspection> {
        let mut f = Findings::default();
        let mut report = Inspection::default();
        let (schema, next_id, max_id, index_entries) = self.tx(|s| {
            let info = s
                .client
                .query_one("SELECT schema_version, next_id FROM triage.info", &[])?;
            let max: i64 = s
                .client
                .query_one("SELECT coalesce(max(id), 0) FROM triage.tickets", &[])?
                .get(0);
            let entries: i64 = s
                .client
                .query_one(
                    "SELECT count(*) FILTER (WHERE source IS NOT NULL AND external_id IS NOT NULL) \
                     + count(email_key) + count(phone_key) + count(customer_key) \
                     + count(*) FILTER (WHERE active) \
                     + count(*) FILTER (WHERE active AND assignee IS NOT NULL) \
                     FROM triage.tickets WHERE NOT trashed",
                    &[],
                )?
                .get(0);
            Ok((info.get::<_, i32>(0), info.get::<_, i64>(1), max, entries))
        })?;
        report.schema = schema as u32;
        if report.schema != super::schema::VERSION {
            f.add(Check::Schema, || {
                format!("version {schema} (this build: {})", super::schema::VERSION)
            });
        }
        report.next_id = next_id as TicketId;
        report.index_entries = index_entries as u64;

        let mut from = 1i64;
        while from <= max_id {
            let to = from + STEP;
            self.check_step(from, to, &mut report, &mut f)?;
            from = to;
        }

        let (orphans, stray_summaries) = self.tx(|s| {
            let orphans = s.client.query(
                "SELECT DISTINCT e.ticket FROM triage.events e WHERE NOT EXISTS \
                 (SELECT 1 FROM triage.tickets t WHERE t.id = e.ticket) ORDER BY 1 LIMIT 100",
                &[],
            )?;
            let stray = s.client.query(
                "SELECT m.ticket FROM triage.summaries m WHERE NOT EXISTS \
                 (SELECT 1 FROM triage.tickets t WHERE t.id = m.ticket) ORDER BY 1 LIMIT 100",
                &[],
            )?;
            Ok((orphans, stray))
        })?;
        for row in orphans {
            let id: i64 = row.get(0);
            f.add(Check::Unreadable, || {
                format!("events of ticket {id}, which is not stored")
            });
        }
        for row in stray_summaries {
            let id: i64 = row.get(0);
            f.add(Check::Summary, || {
                format!("a summary of ticket {id}, which is not stored")
            });
            report.fixes.rebuild = true;
        }
        if report.next_id <= report.max_id {
            f.add(Check::Counter, || {
                format!(
                    "next id {} but id {} is in use",
                    report.next_id, report.max_id
                )
            });
        }

        let agents = self.tx(|s| {
            s.client
                .query("SELECT agent, state FROM triage.agents", &[])
        })?;
        for row in agents {
            report.agents += 1;
            let agent: String = row.get(0);
            let state: RawJson<'_> = row.get(1);
            if let Err(e) = serde_json::from_slice::<AgentState>(state.0) {
                f.add(Check::Unreadable, || format!("agent {agent}: {e}"));
            }
        }
        report.problems = f.into_problems();
        Ok(report)
    }

    fn check_step(
        &self,
        from: i64,
        to: i64,
        report: &mut Inspection,
        f: &mut Findings,
    ) -> Result<()> {
        let (tickets, events, summaries) = self.tx(|s| {
            let t = s.client.query(
                &format!(
                    "SELECT id, trashed, doc, import_digest, {DERIVED_SQL} FROM triage.tickets \
                     WHERE id >= $1 AND id < $2 ORDER BY id"
                ),
                &[&from, &to],
            )?;
            let e = s.client.query(
                &format!(
                    "SELECT {EVENT_COLUMNS} FROM triage.events WHERE ticket >= $1 AND ticket < $2 \
                     ORDER BY ticket, seq"
                ),
                &[&from, &to],
            )?;
            let m = s.client.query(
                "SELECT ticket, data FROM triage.summaries WHERE ticket >= $1 AND ticket < $2",
                &[&from, &to],
            )?;
            Ok((t, e, m))
        })?;
        let mut logs: HashMap<TicketId, Vec<Event>> = HashMap::new();
        for row in &events {
            match rows::event_from_row(row) {
                Ok(e) => logs.entry(e.ticket).or_default().push(e),
                Err(m) => f.add(Check::Unreadable, || m),
            }
        }
        let mut stored: HashMap<TicketId, Vec<u8>> = summaries
            .iter()
            .map(|r| (r.get::<_, i64>(0) as TicketId, r.get::<_, Vec<u8>>(1)))
            .collect();
        let mut labels = super::codec::Labels::default();
        for row in &tickets {
            let id = row.get::<_, i64>(0) as TicketId;
            let trashed: bool = row.get(1);
            let doc: RawJson<'_> = row.get(2);
            report.max_id = report.max_id.max(id);
            if trashed {
                report.trashed += 1;
            } else {
                report.tickets += 1;
            }
            let events = logs.remove(&id).unwrap_or_default();
            report.events += events.len() as u64;
            let ticket = match rows::decode_ticket(id, doc.0, row.get(3)) {
                Ok(t) => t,
                Err(m) => {
                    f.add(Check::Unreadable, || m);
                    continue;
                }
            };
            if ticket.id != id {
                f.add(Check::TicketKey, || {
                    format!("the row of ticket {id} holds ticket {}", ticket.id)
                });
                continue;
            }
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
            let derived = TicketRow::of(&ticket, trashed).derived();
            for (i, (column, want)) in derived.iter().enumerate() {
                let have: Option<String> = row.get(4 + i);
                if &have != want {
                    f.add(Check::StaleIndex, || {
                        format!(
                            "ticket {id}: column {column} is {have:?}, its ticket says {want:?}"
                        )
                    });
                    report.fixes.rebuild = true;
                }
            }
            let summary = stored.remove(&id);
            if trashed {
                if summary.is_some() {
                    f.add(Check::Summary, || {
                        format!("a summary of ticket {id}, which is in the trash")
                    });
                    report.fixes.rebuild = true;
                }
                continue;
            }
            let want = Summary::of(&ticket, &events);
            let have = summary.map(|d| super::codec::decode(&d, &mut labels));
            match have {
                Some(Ok(s)) if s == want => {}
                other => {
                    let what = match other {
                        None => "missing".to_string(),
                        Some(Err(e)) => format!("unreadable ({e})"),
                        Some(Ok(_)) => "out of date".to_string(),
                    };
                    f.add(Check::Summary, || format!("ticket {id}: summary {what}"));
                    report.fixes.rebuild = true;
                }
            }
        }
        Ok(())
    }

    /// [`crate::store::Store::repair`].
    pub(super) fn fix(&self, found: &Inspection) -> Result<Repair> {
        let mut done = Repair::default();
        if !found.fixes.history.is_empty() {
            let ids: Vec<i64> = found.fixes.history.iter().map(|&id| id as i64).collect();
            for chunk in ids.chunks(STEP as usize) {
                let rows = self.tx(|s| {
                    s.client.query(
                        "SELECT t.id, t.trashed, t.doc, t.import_digest, \
                         (SELECT count(*) FROM triage.events e WHERE e.ticket = t.id) \
                         FROM triage.tickets t WHERE t.id = ANY($1) FOR NO KEY UPDATE",
                        &[&chunk],
                    )
                })?;
                let mut changed = Vec::new();
                for row in &rows {
                    let id = row.get::<_, i64>(0) as TicketId;
                    let doc: RawJson<'_> = row.get(2);
                    if let Ok(mut ticket) = rows::decode_ticket(id, doc.0, row.get(3)) {
                        ticket.history_len = row.get::<_, i64>(4) as u32;
                        changed.push(TicketRow::of(&ticket, row.get(1)));
                    }
                }
                self.tx(|s| {
                    update_tickets(s, changed)?;
                    s.wrote();
                    Ok(())
                })?;
            }
            done.actions.push(format!(
                "set history_len to the audit log's length on {} ticket(s)",
                found.fixes.history.len()
            ));
        }
        if found.fixes.rebuild || !found.fixes.history.is_empty() {
            let rewritten = self.rewrite_columns()?;
            self.rebuild_summaries()?;
            done.actions.push(format!(
                "rewrote the derived columns of {rewritten} ticket(s) and the summaries from the tickets"
            ));
        }
        if found.next_id <= found.max_id {
            let next = found.max_id + 1;
            self.set_counter(next)?;
            done.actions.push(format!("set the id counter to {next}"));
        }
        self.commit_now()?;
        Ok(done)
    }

    /// Rewrites every ticket row's derived columns from its document.
    fn rewrite_columns(&self) -> Result<u64> {
        let max: i64 = self.tx(|s| {
            s.client
                .query_one("SELECT coalesce(max(id), 0) FROM triage.tickets", &[])
                .map(|r| r.get(0))
        })?;
        let mut written = 0u64;
        let mut from = 1i64;
        while from <= max {
            let to = from + STEP;
            let rows = self.tx(|s| {
                s.client.query(
                    "SELECT id, trashed, doc, import_digest FROM triage.tickets \
                     WHERE id >= $1 AND id < $2 ORDER BY id FOR NO KEY UPDATE",
                    &[&from, &to],
                )
            })?;
            let mut changed = Vec::new();
            for row in &rows {
                let id = row.get::<_, i64>(0) as TicketId;
                let doc: RawJson<'_> = row.get(2);
                // What cannot be read keeps its columns; doctor reports it.
                if let Ok(ticket) = rows::decode_ticket(id, doc.0, row.get(3)) {
                    changed.push(TicketRow::of(&ticket, row.get(1)));
                }
            }
            written += changed.len() as u64;
            self.tx(|s| {
                update_tickets(s, changed)?;
                s.wrote();
                Ok(())
            })?;
            from = to;
        }
        Ok(written)
    }
}
