//! Rows: the columns derived from a ticket, events as rows, and reading
//! both back exactly.

use chrono::{DateTime, Duration, Utc};
use postgres::types::{FromSql, ToSql, Type};
use serde::de::IntoDeserializer;
use serde::Deserialize;

use crate::model::{Event, EventKind, Ticket, TicketId};
use crate::store::customer_keys;

/// The columns of `triage.tickets` in the order of [`TICKET_TYPES`].
pub const TICKET_COLUMNS: &str = "id, source, external_id, status, priority, channel, category, \
     team, assignee, email_key, phone_key, customer_key, created_at, updated_at, history_len, \
     import_digest, active, trashed, doc";

pub const TICKET_TYPES: [Type; 19] = [
    Type::INT8,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TIMESTAMPTZ,
    Type::TIMESTAMPTZ,
    Type::INT4,
    Type::INT8,
    Type::BOOL,
    Type::BOOL,
    Type::JSON,
];

/// The columns of `triage.events` in the order of [`EVENT_TYPES`].
pub const EVENT_COLUMNS: &str =
    "ticket, seq, at, at_nanos, actor, kind, from_value, to_value, note";

pub const EVENT_TYPES: [Type; 9] = [
    Type::INT8,
    Type::INT4,
    Type::TIMESTAMPTZ,
    Type::INT4,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
];

/// A ticket's JSON text, written as a `json` value.
#[derive(Debug)]
pub struct JsonText(pub String);

impl ToSql for JsonText {
    fn to_sql(
        &self,
        _: &Type,
        out: &mut bytes::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        out.extend_from_slice(self.0.as_bytes());
        Ok(postgres::types::IsNull::No)
    }

    fn accepts(ty: &Type) -> bool {
        *ty == Type::JSON
    }

    postgres::types::to_sql_checked!();
}

/// A `json` value as its text, undecoded.
pub struct RawJson<'a>(pub &'a [u8]);

impl<'a> FromSql<'a> for RawJson<'a> {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(RawJson(raw))
    }

    fn accepts(ty: &Type) -> bool {
        *ty == Type::JSON
    }
}

/// Every column of a ticket row, derived from the ticket.
pub struct TicketRow {
    pub id: i64,
    pub source: Option<String>,
    pub external_id: Option<String>,
    pub status: &'static str,
    pub priority: &'static str,
    pub channel: String,
    pub category: Option<String>,
    pub team: Option<String>,
    pub assignee: Option<String>,
    pub email_key: Option<String>,
    pub phone_key: Option<String>,
    pub customer_key: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub history_len: i32,
    pub import_digest: Option<i64>,
    pub active: bool,
    pub trashed: bool,
    pub doc: JsonText,
}

impl TicketRow {
    pub fn of(ticket: &Ticket, trashed: bool) -> TicketRow {
        let mut email_key = None;
        let mut phone_key = None;
        let mut customer_key = None;
        for key in customer_keys(ticket) {
            if key.starts_with("email:") {
                email_key = Some(key);
            } else if key.starts_with("phone:") {
                phone_key = Some(key);
            } else {
                customer_key = Some(key);
            }
        }
        TicketRow {
            id: ticket.id as i64,
            source: ticket.source.clone(),
            external_id: ticket.external_id.clone(),
            status: ticket.status.as_str(),
            priority: ticket.priority.as_str(),
            channel: ticket.channel.clone(),
            category: ticket.category.clone(),
            team: ticket.team.clone(),
            assignee: ticket.assignee.clone(),
            email_key,
            phone_key,
            customer_key,
            created_at: ticket.created_at,
            updated_at: ticket.updated_at,
            history_len: ticket.history_len as i32,
            import_digest: ticket.import_digest.map(|d| d as i64),
            active: !trashed && ticket.status.is_active(),
            trashed,
            doc: JsonText(serde_json::to_string(ticket).expect("a ticket serialises to JSON")),
        }
    }

    /// The values in the order of [`TICKET_COLUMNS`].
    pub fn values(&self) -> [&(dyn ToSql + Sync); 19] {
        [
            &self.id,
            &self.source,
            &self.external_id,
            &self.status,
            &self.priority,
            &self.channel,
            &self.category,
            &self.team,
            &self.assignee,
            &self.email_key,
            &self.phone_key,
            &self.customer_key,
            &self.created_at,
            &self.updated_at,
            &self.history_len,
            &self.import_digest,
            &self.active,
            &self.trashed,
            &self.doc,
        ]
    }

    /// The derived columns as text, to compare with stored ones (doctor).
    pub fn derived(&self) -> Vec<(&'static str, Option<String>)> {
        let time = |t: &DateTime<Utc>| Some(t.timestamp_micros().to_string());
        vec![
            ("source", self.source.clone()),
            ("external_id", self.external_id.clone()),
            ("status", Some(self.status.to_string())),
            ("priority", Some(self.priority.to_string())),
            ("channel", Some(self.channel.clone())),
            ("category", self.category.clone()),
            ("team", self.team.clone()),
            ("assignee", self.assignee.clone()),
            ("email_key", self.email_key.clone()),
            ("phone_key", self.phone_key.clone()),
            ("customer_key", self.customer_key.clone()),
            ("created_at", time(&self.created_at)),
            ("updated_at", time(&self.updated_at)),
            ("history_len", Some(self.history_len.to_string())),
            ("active", Some(self.active.to_string())),
        ]
    }
}

/// The SQL that reads the columns [`TicketRow::derived`] compares, in its order.
pub const DERIVED_SQL: &str = "source, external_id, status, priority, channel, category, team, \
     assignee, email_key, phone_key, customer_key, \
     (extract(epoch FROM created_at) * 1000000)::bigint::text, \
     (extract(epoch FROM updated_at) * 1000000)::bigint::text, history_len::text, active::text";

/// Decodes a ticket document; `digest` is the `import_digest` column.
pub fn decode_ticket(
    id: TicketId,
    doc: &[u8],
    digest: Option<i64>,
) -> std::result::Result<Ticket, String> {
    let mut ticket: Ticket =
        serde_json::from_slice(doc).map_err(|e| format!("unreadable ticket {id}: {e}"))?;
    ticket.import_digest = digest.map(|d| d as u64);
    Ok(ticket)
}

/// An event as the row values it is stored in.
pub struct EventRow<'a> {
    pub ticket: i64,
    pub seq: i32,
    /// The time, down to its microsecond (what `timestamptz` holds exactly).
    pub at: DateTime<Utc>,
    pub at_nanos: i32,
    pub actor: &'a str,
    pub kind: &'static str,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub note: Option<&'a str>,
}

impl<'a> EventRow<'a> {
    pub fn of(e: &'a Event) -> EventRow<'a> {
        let nanos = e.at.timestamp_subsec_nanos();
        EventRow {
            ticket: e.ticket as i64,
            seq: e.seq as i32,
            at: e.at - Duration::nanoseconds(i64::from(nanos % 1000)),
            at_nanos: nanos as i32,
            actor: &e.actor,
            kind: e.kind.as_str(),
            from: e.from.as_deref(),
            to: e.to.as_deref(),
            note: e.note.as_deref(),
        }
    }

    pub fn values(&self) -> [&(dyn ToSql + Sync); 9] {
        [
            &self.ticket,
            &self.seq,
            &self.at,
            &self.at_nanos,
            &self.actor,
            &self.kind,
            &self.from,
            &self.to,
            &self.note,
        ]
    }
}

/// An event from a row of [`EVENT_COLUMNS`].
pub fn event_from_row(row: &postgres::Row) -> std::result::Result<Event, String> {
    let ticket: i64 = row.get(0);
    let seq: i32 = row.get(1);
    let at: DateTime<Utc> = row.get(2);
    let nanos: i32 = row.get(3);
    let kind_text: &str = row.get(5);
    let kind = EventKind::deserialize(kind_text.into_deserializer()).map_err(
        |_: serde::de::value::Error| {
            format!("event {seq} of ticket {ticket}: unknown kind {kind_text:?}")
        },
    )?;
    let at = DateTime::from_timestamp(at.timestamp(), nanos as u32)
        .ok_or_else(|| format!("event {seq} of ticket {ticket}: time out of range"))?;
    Ok(Event {
        ticket: ticket as TicketId,
        seq: seq as u32,
        at,
        actor: row.get::<_, String>(4),
        kind,
        from: row.get(6),
        to: row.get(7),
        note: row.get(8),
    })
}
