//! The on-disk encoding of tickets and audit events.
//!
//! Records are a compact binary form rather than JSON: every read command
//! decodes thousands to millions of them, and JSON spent most of that time
//! matching field names and parsing RFC 3339 timestamps (and stored each
//! record at three times the size). The layout is positional, so:
//!
//! - the first byte names the format ([`TICKET_FORMAT`], [`EVENT_FORMAT`]);
//!   a record starting with `{` is a JSON record written by schema 1 and is
//!   still read, so an old database works at once and each record is
//!   rewritten in binary the next time it is saved;
//! - a new field is appended at the end under a new format byte, and the
//!   decoder of the old byte fills it with its default;
//! - the enum code tables below are part of the format: append, never
//!   reorder.
//!
//! The encoders destructure their input without `..`, so adding a field to
//! a model type is a compile error here until the format carries it.
//!
//! Integers are LEB128 varints (signed ones zigzagged), strings a varint
//! length then UTF-8 bytes, an `Option` a 0/1 byte then the value, a time
//! its Unix seconds then nanoseconds. An event's ticket id and sequence
//! number are its key and are not repeated in the value.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::model::{
    Customer, Event, EventKind, FlowState, MergedFrom, Pause, Priority, SlaState, Status, Ticket,
    TicketId,
};

/// First byte of a binary ticket record. 2 adds the import digest after the
/// external id; records of format 1 are still read (digest none).
pub const TICKET_FORMAT: u8 = 2;
const TICKET_FORMAT_1: u8 = 1;
/// First byte of a binary event record.
pub const EVENT_FORMAT: u8 = 1;
/// First byte of a schema-1 JSON record.
const JSON_OPEN: u8 = b'{';

/// `Priority::ALL` and `Status::ALL` give those enums' codes (their
/// positions); `enum_codes_are_pinned` fails if either is reordered.
pub(super) const PRIORITIES: [Priority; 4] = Priority::ALL;
pub(super) const STATUSES: [Status; 6] = Status::ALL;
const EVENT_KINDS: [EventKind; 25] = [
    EventKind::Created,
    EventKind::Imported,
    EventKind::Repeated,
    EventKind::Status,
    EventKind::Assigned,
    EventKind::Unassigned,
    EventKind::Responded,
    EventKind::Priority,
    EventKind::Team,
    EventKind::Category,
    EventKind::Tags,
    EventKind::Field,
    EventKind::Note,
    EventKind::Merged,
    EventKind::MergedInto,
    EventKind::Csat,
    EventKind::Policy,
    EventKind::Due,
    EventKind::Escalated,
    EventKind::Notified,
    EventKind::NotifyFailed,
    EventKind::Deleted,
    EventKind::Restored,
    EventKind::Flow,
    EventKind::Update,
];

/// Why a record could not be decoded.
pub type DecodeError = String;

pub fn encode_ticket(ticket: &Ticket) -> Vec<u8> {
    let mut out = Vec::with_capacity(128 + ticket.title.len() + ticket.body.len());
    encode_ticket_into(ticket, &mut out);
    out
}

/// [`encode_ticket`] appending to `out`.
pub fn encode_ticket_into(ticket: &Ticket, out: &mut Vec<u8>) {
    let Ticket {
        id,
        source,
        external_id,
        title,
        body,
        customer,
        channel,
        category,
        priority,
        skills,
        tags,
        team,
        assignee,
        fields,
        kb,
        status,
        created_at,
        assigned_at,
        first_response_at,
        resolved_at,
        closed_at,
        updated_at,
        sla,
        reassignments,
        reopens,
        repeats,
        merged,
        merged_into,
        csat,
        flow,
        history_len,
        import_digest,
    } = ticket;
    let mut w = Writer(std::mem::take(out));
    w.byte(TICKET_FORMAT);
    w.uint(*id);
    w.opt_str(source);
    w.opt_str(external_id);
    w.opt_uint(import_digest);
    w.str(title);
    w.str(body);
    let Customer {
        id: customer_id,
        name,
        email,
        phone,
        tier,
    } = customer;
    for part in [customer_id, name, email, phone, tier] {
        w.opt_str(part);
    }
    w.str(channel);
    w.opt_str(category);
    w.code(&PRIORITIES, priority);
    w.strs(skills);
    w.strs(tags);
    w.opt_str(team);
    w.opt_str(assignee);
    w.uint(fields.len() as u64);
    for (k, v) in fields {
        w.str(k);
        w.str(v);
    }
    w.strs(kb);
    w.code(&STATUSES, status);
    w.time(created_at);
    for t in [assigned_at, first_response_at, resolved_at, closed_at] {
        w.opt_time(t);
    }
    w.time(updated_at);
    encode_sla(&mut w, sla);
    w.uint(u64::from(*reassignments));
    w.uint(u64::from(*reopens));
    w.uint(u64::from(*repeats));
    w.uint(merged.len() as u64);
    for MergedFrom {
        at,
        channel,
        ticket,
        title,
    } in merged
    {
        w.time(at);
        w.str(channel);
        w.opt_uint(ticket);
        w.opt_str(title);
    }
    w.opt_uint(merged_into);
    w.opt_uint(&csat.map(u64::from));
    match flow {
        None => w.byte(0),
        Some(FlowState {
            name,
            step,
            step_started_at,
            step_due,
            completed,
        }) => {
            w.byte(1);
            w.str(name);
            w.uint(*step as u64);
            w.time(step_started_at);
            w.opt_time(step_due);
            w.byte(u8::from(*completed));
        }
    }
    w.uint(u64::from(*history_len));
    *out = w.0;
}

fn encode_sla(w: &mut Writer, sla: &SlaState) {
    let SlaState {
        policy,
        first_response_due,
        resolution_due,
        pauses,
        first_response_met,
        resolution_met,
        escalation,
    } = sla;
    w.opt_str(policy);
    w.opt_time(first_response_due);
    w.opt_time(resolution_due);
    w.uint(pauses.len() as u64);
    for Pause { start, end } in pauses {
        w.time(start);
        w.opt_time(end);
    }
    for met in [first_response_met, resolution_met] {
        // 0: not judged yet, 1: missed, 2: met.
        w.byte(met.map_or(0, |m| 1 + u8::from(m)));
    }
    w.uint(escalation.len() as u64);
    for (k, v) in escalation {
        w.str(k);
        w.uint(u64::from(*v));
    }
}

pub fn decode_ticket(bytes: &[u8]) -> Result<Ticket, DecodeError> {
    // Format 1 is format 2 without the import digest.
    let digest_field = bytes.first() != Some(&TICKET_FORMAT_1);
    let format = if digest_field {
        TICKET_FORMAT
    } else {
        TICKET_FORMAT_1
    };
    let mut r = match open(bytes, format, "ticket")? {
        Record::Json(value) => return Ok(value),
        Record::Binary(reader) => reader,
    };
    let id = r.uint()?;
    let source = r.opt_str()?;
    let external_id = r.opt_str()?;
    let import_digest = if digest_field { r.opt_uint()? } else { None };
    let ticket = Ticket {
        id,
        source,
        external_id,
        import_digest,
        title: r.string()?,
        body: r.string()?,
        customer: Customer {
            id: r.opt_str()?,
            name: r.opt_str()?,
            email: r.opt_str()?,
            phone: r.opt_str()?,
            tier: r.opt_str()?,
        },
        channel: r.string()?,
        category: r.opt_str()?,
        priority: r.code(&PRIORITIES, "priority")?,
        skills: r.strs()?,
        tags: r.strs()?,
        team: r.opt_str()?,
        assignee: r.opt_str()?,
        fields: {
            let n = r.len()?;
            let mut fields = BTreeMap::new();
            for _ in 0..n {
                let k = r.string()?;
                fields.insert(k, r.string()?);
            }
            fields
        },
        kb: r.strs()?,
        status: r.code(&STATUSES, "status")?,
        created_at: r.time()?,
        assigned_at: r.opt_time()?,
        first_response_at: r.opt_time()?,
        resolved_at: r.opt_time()?,
        closed_at: r.opt_time()?,
        updated_at: r.time()?,
        sla: decode_sla(&mut r)?,
        reassignments: r.u32()?,
        reopens: r.u32()?,
        repeats: r.u32()?,
        merged: {
            let n = r.len()?;
            let mut merged = Vec::with_capacity(n.min(64));
            for _ in 0..n {
                merged.push(MergedFrom {
                    at: r.time()?,
                    channel: r.string()?,
                    ticket: r.opt_uint()?,
                    title: r.opt_str()?,
                });
            }
            merged
        },
        merged_into: r.opt_uint()?,
        csat: match r.opt_uint()? {
            None => None,
            Some(v) => Some(u8::try_from(v).map_err(|_| format!("csat {v} out of range"))?),
        },
        flow: match r.byte()? {
            0 => None,
            _ => Some(FlowState {
                name: r.string()?,
                step: usize::try_from(r.uint()?).map_err(|_| "flow step out of range")?,
                step_started_at: r.time()?,
                step_due: r.opt_time()?,
                completed: r.byte()? != 0,
            }),
        },
        history_len: r.u32()?,
    };
    r.end()?;
    Ok(ticket)
}

fn decode_sla(r: &mut Reader<'_>) -> Result<SlaState, DecodeError> {
    let policy = r.opt_str()?;
    let first_response_due = r.opt_time()?;
    let resolution_due = r.opt_time()?;
    let n = r.len()?;
    let mut pauses = Vec::with_capacity(n.min(64));
    for _ in 0..n {
        pauses.push(Pause {
            start: r.time()?,
            end: r.opt_time()?,
        });
    }
    let mut met = || -> Result<Option<bool>, DecodeError> {
        match r.byte()? {
            0 => Ok(None),
            1 => Ok(Some(false)),
            2 => Ok(Some(true)),
            other => Err(format!("bad SLA met flag {other}")),
        }
    };
    let first_response_met = met()?;
    let resolution_met = met()?;
    let n = r.len()?;
    let mut escalation = BTreeMap::new();
    for _ in 0..n {
        let k = r.string()?;
        escalation.insert(k, r.u32()?);
    }
    Ok(SlaState {
        policy,
        first_response_due,
        resolution_due,
        pauses,
        first_response_met,
        resolution_met,
        escalation,
    })
}

/// An event's value; its ticket id and sequence number are its key.
pub fn encode_event(event: &Event) -> Vec<u8> {
    let mut out = Vec::with_capacity(32 + event.note.as_ref().map_or(0, String::len));
    encode_event_into(event, &mut out);
    out
}

/// [`encode_event`] appending to `out`.
pub fn encode_event_into(event: &Event, out: &mut Vec<u8>) {
    let Event {
        ticket: _,
        seq: _,
        at,
        actor,
        kind,
        from,
        to,
        note,
    } = event;
    let mut w = Writer(std::mem::take(out));
    w.byte(EVENT_FORMAT);
    w.time(at);
    w.str(actor);
    w.code(&EVENT_KINDS, kind);
    w.opt_str(from);
    w.opt_str(to);
    w.opt_str(note);
    *out = w.0;
}

pub fn decode_event(ticket: TicketId, seq: u32, bytes: &[u8]) -> Result<Event, DecodeError> {
    let mut r = match open(bytes, EVENT_FORMAT, "event")? {
        Record::Json(value) => return Ok(value),
        Record::Binary(reader) => reader,
    };
    let event = Event {
        ticket,
        seq,
        at: r.time()?,
        actor: r.string()?,
        kind: r.code(&EVENT_KINDS, "event kind")?,
        from: r.opt_str()?,
        to: r.opt_str()?,
        note: r.opt_str()?,
    };
    r.end()?;
    Ok(event)
}

/// A record after its format byte: a reader of the binary fields, or the
/// value already decoded from schema-1 JSON.
enum Record<'a, T> {
    Binary(Reader<'a>),
    Json(T),
}

fn open<'a, T: serde::de::DeserializeOwned>(
    bytes: &'a [u8],
    format: u8,
    what: &str,
) -> Result<Record<'a, T>, DecodeError> {
    match bytes.first() {
        Some(&b) if b == format => Ok(Record::Binary(Reader { bytes, pos: 1 })),
        Some(&JSON_OPEN) => serde_json::from_slice(bytes)
            .map(Record::Json)
            .map_err(|e| e.to_string()),
        Some(other) => Err(format!("unknown {what} record format {other}")),
        None => Err(format!("empty {what} record")),
    }
}

pub(super) struct Writer(pub(super) Vec<u8>);

impl Writer {
    pub(super) fn byte(&mut self, b: u8) {
        self.0.push(b);
    }

    pub(super) fn uint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    pub(super) fn int(&mut self, v: i64) {
        self.uint(((v << 1) ^ (v >> 63)) as u64);
    }

    pub(super) fn str(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }

    pub(super) fn opt<T>(&mut self, value: &Option<T>, write: impl FnOnce(&mut Self, &T)) {
        match value {
            None => self.byte(0),
            Some(v) => {
                self.byte(1);
                write(self, v);
            }
        }
    }

    pub(super) fn opt_str(&mut self, s: &Option<String>) {
        self.opt(s, |w, s| w.str(s));
    }

    pub(super) fn strs(&mut self, list: &[String]) {
        self.uint(list.len() as u64);
        for s in list {
            self.str(s);
        }
    }

    pub(super) fn opt_uint(&mut self, v: &Option<u64>) {
        self.opt(v, |w, v| w.uint(*v));
    }

    pub(super) fn time(&mut self, t: &DateTime<Utc>) {
        self.int(t.timestamp());
        self.uint(u64::from(t.timestamp_subsec_nanos()));
    }

    pub(super) fn opt_time(&mut self, t: &Option<DateTime<Utc>>) {
        self.opt(t, Self::time);
    }

    pub(super) fn code<T: PartialEq>(&mut self, table: &[T], value: &T) {
        let code = table
            .iter()
            .position(|v| v == value)
            .expect("every variant has a code in its table");
        self.byte(code as u8);
    }
}

pub(super) struct Reader<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) pos: usize,
}

impl Reader<'_> {
    pub(super) fn truncated(&self) -> DecodeError {
        format!("record truncated at byte {}", self.pos)
    }

    pub(super) fn byte(&mut self) -> Result<u8, DecodeError> {
        let b = *self.bytes.get(self.pos).ok_or_else(|| self.truncated())?;
        self.pos += 1;
        Ok(b)
    }

    pub(super) fn uint(&mut self) -> Result<u64, DecodeError> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(format!("integer too long at byte {}", self.pos))
    }

    pub(super) fn int(&mut self) -> Result<i64, DecodeError> {
        let v = self.uint()?;
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    pub(super) fn u32(&mut self) -> Result<u32, DecodeError> {
        let v = self.uint()?;
        u32::try_from(v).map_err(|_| format!("count {v} out of range at byte {}", self.pos))
    }

    /// A length, checked against what is left so a corrupt one cannot
    /// make us allocate gigabytes.
    pub(super) fn len(&mut self) -> Result<usize, DecodeError> {
        let n = self.uint()?;
        let left = (self.bytes.len() - self.pos) as u64;
        if n > left {
            return Err(self.truncated());
        }
        Ok(n as usize)
    }

    pub(super) fn string(&mut self) -> Result<String, DecodeError> {
        let n = self.len()?;
        let raw = &self.bytes[self.pos..self.pos + n];
        let s = std::str::from_utf8(raw)
            .map_err(|_| format!("invalid UTF-8 at byte {}", self.pos))?
            .to_owned();
        self.pos += n;
        Ok(s)
    }

    pub(super) fn opt<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<T, DecodeError>,
    ) -> Result<Option<T>, DecodeError> {
        match self.byte()? {
            0 => Ok(None),
            _ => read(self).map(Some),
        }
    }

    pub(super) fn opt_str(&mut self) -> Result<Option<String>, DecodeError> {
        self.opt(Self::string)
    }

    pub(super) fn strs(&mut self) -> Result<Vec<String>, DecodeError> {
        let n = self.len()?;
        (0..n).map(|_| self.string()).collect()
    }

    pub(super) fn opt_uint(&mut self) -> Result<Option<u64>, DecodeError> {
        self.opt(Self::uint)
    }

    pub(super) fn time(&mut self) -> Result<DateTime<Utc>, DecodeError> {
        let secs = self.int()?;
        let nanos = self.u32()?;
        DateTime::from_timestamp(secs, nanos)
            .ok_or_else(|| format!("time out of range at byte {}", self.pos))
    }

    pub(super) fn opt_time(&mut self) -> Result<Option<DateTime<Utc>>, DecodeError> {
        self.opt(Self::time)
    }

    pub(super) fn code<T: Copy>(&mut self, table: &[T], what: &str) -> Result<T, DecodeError> {
        let code = self.byte()?;
        table
            .get(usize::from(code))
            .copied()
            .ok_or_else(|| format!("unknown {what} code {code}"))
    }

    pub(super) fn end(&self) -> Result<(), DecodeError> {
        if self.pos == self.bytes.len() {
            Ok(())
        } else {
            Err(format!(
                "{} unexpected bytes after the record",
                self.bytes.len() - self.pos
            ))
        }
    }
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, pos: 0 }
    }

    /// A string borrowed from the record.
    pub(super) fn str_ref(&mut self) -> Result<&'a str, DecodeError> {
        let n = self.len()?;
        let raw = &self.bytes[self.pos..self.pos + n];
        let s =
            std::str::from_utf8(raw).map_err(|_| format!("invalid UTF-8 at byte {}", self.pos))?;
        self.pos += n;
        Ok(s)
    }

    fn opt_str_ref(&mut self) -> Result<Option<&'a str>, DecodeError> {
        match self.byte()? {
            0 => Ok(None),
            _ => self.str_ref().map(Some),
        }
    }

    fn skip_str(&mut self) -> Result<(), DecodeError> {
        let n = self.len()?;
        self.pos += n;
        Ok(())
    }

    fn skip_opt_str(&mut self) -> Result<(), DecodeError> {
        match self.byte()? {
            0 => Ok(()),
            _ => self.skip_str(),
        }
    }
}

/// The fields of a ticket record the indexes are built from, borrowed
/// from the record without decoding the rest (title, body, history...).
#[derive(Debug, PartialEq, Eq)]
pub struct IndexFields<'a> {
    pub id: TicketId,
    pub source: Option<&'a str>,
    pub external_id: Option<&'a str>,
    pub customer_id: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub status: Status,
    pub assignee: Option<&'a str>,
    pub import_digest: Option<u64>,
}

impl<'a> IndexFields<'a> {
    pub fn of(t: &'a Ticket) -> IndexFields<'a> {
        IndexFields {
            id: t.id,
            source: t.source.as_deref(),
            external_id: t.external_id.as_deref(),
            customer_id: t.customer.id.as_deref(),
            email: t.customer.email.as_deref(),
            phone: t.customer.phone.as_deref(),
            status: t.status,
            assignee: t.assignee.as_deref(),
            import_digest: t.import_digest,
        }
    }
}

/// Reads [`IndexFields`] from a binary ticket record (a schema-1 JSON
/// record is decoded whole; its strings are then owned by `scratch`).
pub fn index_fields<'a>(
    bytes: &'a [u8],
    scratch: &'a mut Option<Ticket>,
) -> Result<IndexFields<'a>, DecodeError> {
    if bytes.first() == Some(&JSON_OPEN) {
        let t: &'a Ticket = scratch.insert(decode_ticket(bytes)?);
        return Ok(IndexFields::of(t));
    }
    let mut r = Reader::new(bytes);
    let digest_field = match r.byte()? {
        TICKET_FORMAT => true,
        TICKET_FORMAT_1 => false,
        other => return Err(format!("unknown ticket record format {other}")),
    };
    let id = r.uint()?;
    let source = r.opt_str_ref()?;
    let external_id = r.opt_str_ref()?;
    let import_digest = if digest_field { r.opt_uint()? } else { None };
    r.skip_str()?; // title
    r.skip_str()?; // body
    let customer_id = r.opt_str_ref()?;
    r.skip_opt_str()?; // name
    let email = r.opt_str_ref()?;
    let phone = r.opt_str_ref()?;
    r.skip_opt_str()?; // tier
    r.skip_str()?; // channel
    r.skip_opt_str()?; // category
    r.code(&PRIORITIES, "priority")?;
    for _ in 0..2 {
        // skills, tags
        let n = r.len()?;
        for _ in 0..n {
            r.skip_str()?;
        }
    }
    r.skip_opt_str()?; // team
    let assignee = r.opt_str_ref()?;
    let n = r.len()?; // fields
    for _ in 0..2 * n {
        r.skip_str()?;
    }
    let n = r.len()?; // kb
    for _ in 0..n {
        r.skip_str()?;
    }
    let status = r.code(&STATUSES, "status")?;
    Ok(IndexFields {
        id,
        source,
        external_id,
        customer_id,
        email,
        phone,
        status,
        assignee,
        import_digest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn at(secs: i64, nanos: u32) -> DateTime<Utc> {
        Utc.timestamp_opt(secs, nanos).unwrap()
    }

    /// A ticket with every field set to something other than its default.
    fn full_ticket() -> Ticket {
        Ticket {
            id: 123_456,
            source: Some("zendesk".into()),
            external_id: Some("ZD-9".into()),
            title: "无法登录 — can't log in".into(),
            body: "line one\nline two \u{1F600}".into(),
            customer: Customer {
                id: Some("c-1".into()),
                name: Some("王芳".into()),
                email: Some("ann@example.com".into()),
                phone: Some("+86 138 0013 8000".into()),
                tier: Some("vip".into()),
            },
            channel: "email".into(),
            category: Some("billing".into()),
            priority: Priority::P2,
            skills: vec!["billing".into(), "zh".into()],
            tags: vec!["vip".into(), "".into()],
            team: Some("tier1".into()),
            assignee: Some("alice".into()),
            fields: [("order".to_string(), "A-1".to_string())].into(),
            kb: vec!["kb/42".into()],
            status: Status::Pending,
            created_at: at(1_700_000_000, 0),
            assigned_at: Some(at(1_700_000_060, 5)),
            first_response_at: Some(at(1_700_000_120, 999_999_999)),
            resolved_at: Some(at(-86_400, 0)),
            closed_at: Some(at(1_700_009_000, 1)),
            updated_at: at(1_700_009_001, 123_456_789),
            sla: SlaState {
                policy: Some("vip".into()),
                first_response_due: Some(at(1_700_000_900, 0)),
                resolution_due: Some(at(1_700_028_800, 0)),
                pauses: vec![
                    Pause {
                        start: at(1_700_001_000, 0),
                        end: Some(at(1_700_002_000, 0)),
                    },
                    Pause {
                        start: at(1_700_003_000, 0),
                        end: None,
                    },
                ],
                first_response_met: Some(true),
                resolution_met: Some(false),
                escalation: [("warn".to_string(), 2)].into(),
            },
            reassignments: 3,
            reopens: 1,
            repeats: 300,
            merged: vec![MergedFrom {
                at: at(1_700_000_500, 0),
                channel: "chat".into(),
                ticket: Some(77),
                title: Some("again".into()),
            }],
            merged_into: Some(99),
            csat: Some(4),
            flow: Some(FlowState {
                name: "refund".into(),
                step: 2,
                step_started_at: at(1_700_004_000, 0),
                step_due: Some(at(1_700_007_600, 0)),
                completed: true,
            }),
            history_len: 17,
            import_digest: Some(0xfeed_beef_0123_4567),
        }
    }

    #[test]
    fn index_fields_read_without_decoding_the_rest() {
        let ticket = full_ticket();
        let bytes = encode_ticket(&ticket);
        let mut scratch = None;
        let f = index_fields(&bytes, &mut scratch).unwrap();
        assert_eq!(f.id, ticket.id);
        assert_eq!(f.source, Some("zendesk"));
        assert_eq!(f.external_id, Some("ZD-9"));
        assert_eq!(f.customer_id, Some("c-1"));
        assert_eq!(f.email, Some("ann@example.com"));
        assert_eq!(f.phone, Some("+86 138 0013 8000"));
        assert_eq!(f.status, Status::Pending);
        assert_eq!(f.assignee, Some("alice"));
        let json = serde_json::to_vec(&ticket).unwrap();
        let mut scratch = None;
        assert_eq!(
            index_fields(&json, &mut scratch).unwrap().assignee,
            Some("alice")
        );
    }

    #[test]
    fn every_ticket_field_round_trips() {
        let ticket = full_ticket();
        assert_eq!(decode_ticket(&encode_ticket(&ticket)).unwrap(), ticket);
        let bare = Ticket::new("t", at(0, 0));
        assert_eq!(decode_ticket(&encode_ticket(&bare)).unwrap(), bare);
    }

    #[test]
    fn format_one_ticket_records_still_decode() {
        // A format-1 record is a format-2 one without the digest field.
        let mut ticket = full_ticket();
        ticket.import_digest = None;
        let two = encode_ticket(&ticket);
        let mut one = vec![TICKET_FORMAT_1];
        let mut r = Reader::new(&two[1..]);
        r.uint().unwrap();
        r.opt_str().unwrap();
        r.opt_str().unwrap();
        let digest_at = 1 + r.pos;
        one.extend_from_slice(&two[1..digest_at]);
        one.extend_from_slice(&two[digest_at + 1..]);
        assert_eq!(decode_ticket(&one).unwrap(), ticket);
        let mut scratch = None;
        assert_eq!(index_fields(&one, &mut scratch).unwrap().id, ticket.id);
    }

    #[test]
    fn binary_records_are_much_smaller_than_json() {
        let ticket = full_ticket();
        let binary = encode_ticket(&ticket).len();
        let json = serde_json::to_vec(&ticket).unwrap().len();
        assert!(binary * 2 < json, "binary {binary} B, JSON {json} B");
    }

    #[test]
    fn schema_one_json_records_still_decode() {
        let mut ticket = full_ticket();
        // A cache schema 1 did not have (and JSON never carries).
        ticket.import_digest = None;
        let json = serde_json::to_vec(&ticket).unwrap();
        assert_eq!(decode_ticket(&json).unwrap(), ticket);
        let event = Event {
            ticket: 5,
            seq: 2,
            at: at(1_700_000_000, 0),
            actor: "bob".into(),
            kind: EventKind::MergedInto,
            from: None,
            to: Some("9".into()),
            note: Some("dup".into()),
        };
        let json = serde_json::to_vec(&event).unwrap();
        assert_eq!(decode_event(5, 2, &json).unwrap(), event);
    }

    #[test]
    fn enum_codes_are_pinned() {
        // The code tables are part of the on-disk format: this fails if
        // someone reorders them.
        let event = Event {
            ticket: 1,
            seq: 1,
            at: at(0, 0),
            actor: String::new(),
            kind: EventKind::Update,
            from: None,
            to: None,
            note: None,
        };
        assert_eq!(encode_event(&event), [EVENT_FORMAT, 0, 0, 0, 24, 0, 0, 0]);
        use Priority::*;
        use Status::*;
        assert_eq!(PRIORITIES, [P1, P2, P3, P4]);
        assert_eq!(STATUSES, [New, Assigned, Open, Pending, Resolved, Closed]);
    }

    #[test]
    fn damaged_records_are_errors_not_panics() {
        let bytes = encode_ticket(&full_ticket());
        for cut in 0..bytes.len() {
            assert!(decode_ticket(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode_ticket(&longer)
            .unwrap_err()
            .contains("unexpected bytes"));
        assert!(decode_ticket(&[7])
            .unwrap_err()
            .contains("unknown ticket record format"));
    }

    fn arb_time() -> impl Strategy<Value = DateTime<Utc>> {
        (-5_000_000_000i64..5_000_000_000, 0u32..1_000_000_000).prop_map(|(s, n)| at(s, n))
    }

    proptest! {
        #[test]
        fn events_round_trip(
            ticket in any::<u64>(),
            seq in any::<u32>(),
            when in arb_time(),
            actor in ".{0,12}",
            kind in 0usize..EVENT_KINDS.len(),
            from in proptest::option::of(".{0,8}"),
            to in proptest::option::of(".{0,8}"),
            note in proptest::option::of(".{0,40}"),
        ) {
            let event = Event { ticket, seq, at: when, actor, kind: EVENT_KINDS[kind], from, to, note };
            prop_assert_eq!(decode_event(ticket, seq, &encode_event(&event)).unwrap(), event);
        }

        #[test]
        fn ticket_times_and_counters_round_trip(
            id in any::<u64>(),
            created in arb_time(),
            resolved in proptest::option::of(arb_time()),
            reassignments in any::<u32>(),
            csat in proptest::option::of(any::<u8>()),
            title in ".{0,30}",
            tags in proptest::collection::vec(".{0,6}", 0..4),
        ) {
            let mut ticket = full_ticket();
            ticket.id = id;
            ticket.created_at = created;
            ticket.resolved_at = resolved;
            ticket.reassignments = reassignments;
            ticket.csat = csat;
            ticket.title = title;
            ticket.tags = tags;
            prop_assert_eq!(decode_ticket(&encode_ticket(&ticket)).unwrap(), ticket);
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = decode_ticket(&bytes);
            let _ = decode_event(1, 1, &bytes);
            let mut tagged = bytes.clone();
            tagged.insert(0, TICKET_FORMAT);
            let _ = decode_ticket(&tagged);
        }
    }
}
