//! The binary form of a [`Summary`] in `triage.summaries.data`.
//!
//! A report reads every summary, so the form is built for decoding speed:
//! one `bytea` per ticket, read by one sequential scan, instead of some
//! thirty columns and arrays converted one by one. Times keep their
//! nanoseconds (a summary equals the one `Summary::of` gives, to the last
//! digit, as on sled).
//!
//! Layout, integers as LEB128 varints (signed ones zigzagged): format byte
//! (1); id; status and priority codes; channel; category, team, assignee,
//! tier (an absent label is 0, else 1 + its length, then its bytes);
//! `created_at` (seconds, nanoseconds), then every other time as a flag
//! byte and the same pair; SLA (policy, two due times, pauses, two met
//! flags); reassignments, reopens, merged_into, csat; history (responses,
//! assignments, holdings); `last_event_at`; the count of flow events;
//! from format 2, the priority the ticket was created with (0: never
//! changed, else 1 + its code). A format-1 summary reads as "never
//! changed" until a write or `doctor --repair` rewrites it.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::model::{Pause, Priority, Status};
use crate::summary::{Assignment, History, Holding, Label, SlaSummary, Summary};

const FORMAT: u8 = 2;
const FORMAT_WITHOUT_CREATED_PRIORITY: u8 = 1;

/// Labels already decoded, so a million summaries share a few hundred strings.
#[derive(Default)]
pub struct Labels {
    known: HashMap<Box<str>, Label>,
}

impl Labels {
    fn get(&mut self, text: &str) -> Label {
        if let Some(label) = self.known.get(text) {
            return label.clone();
        }
        let label: Label = Arc::from(text);
        self.known.insert(text.into(), label.clone());
        label
    }
}

struct Writer(Vec<u8>);

impl Writer {
    fn uint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    fn int(&mut self, v: i64) {
        self.uint(((v << 1) ^ (v >> 63)) as u64);
    }

    fn text(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }

    fn label(&mut self, l: &Option<Label>) {
        match l {
            None => self.uint(0),
            Some(l) => {
                self.uint(l.len() as u64 + 1);
                self.0.extend_from_slice(l.as_bytes());
            }
        }
    }

    fn time(&mut self, t: &DateTime<Utc>) {
        self.int(t.timestamp());
        self.uint(u64::from(t.timestamp_subsec_nanos()));
    }

    fn opt_time(&mut self, t: &Option<DateTime<Utc>>) {
        match t {
            None => self.0.push(0),
            Some(t) => {
                self.0.push(1);
                self.time(t);
            }
        }
    }

    fn opt_bool(&mut self, b: Option<bool>) {
        self.0.push(match b {
            None => 0,
            Some(false) => 1,
            Some(true) => 2,
        });
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

type Decoded<T> = std::result::Result<T, String>;

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Decoded<u8> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| "summary cut short".to_string())?;
        self.pos += 1;
        Ok(b)
    }

    fn uint(&mut self) -> Decoded<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err("varint too long".into())
    }

    fn int(&mut self) -> Decoded<i64> {
        let v = self.uint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    fn u32(&mut self) -> Decoded<u32> {
        u32::try_from(self.uint()?).map_err(|_| "number out of range".to_string())
    }

    fn bytes(&mut self, len: usize) -> Decoded<&'a [u8]> {
        let end = self
            .pos
            .checked_add(len)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| "summary cut short".to_string())?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    fn str(&mut self, len: usize) -> Decoded<&'a str> {
        std::str::from_utf8(self.bytes(len)?).map_err(|_| "text is not UTF-8".to_string())
    }

    fn text(&mut self) -> Decoded<&'a str> {
        let len = self.uint()? as usize;
        self.str(len)
    }

    fn label(&mut self, labels: &mut Labels) -> Decoded<Option<Label>> {
        match self.uint()? as usize {
            0 => Ok(None),
            n => Ok(Some(labels.get(self.str(n - 1)?))),
        }
    }

    fn time(&mut self) -> Decoded<DateTime<Utc>> {
        let secs = self.int()?;
        let nanos = self.u32()?;
        DateTime::from_timestamp(secs, nanos).ok_or_else(|| "time out of range".to_string())
    }

    fn opt_time(&mut self) -> Decoded<Option<DateTime<Utc>>> {
        match self.byte()? {
            0 => Ok(None),
            1 => Ok(Some(self.time()?)),
            b => Err(format!("bad time flag {b}")),
        }
    }

    fn opt_bool(&mut self) -> Decoded<Option<bool>> {
        match self.byte()? {
            0 => Ok(None),
            1 => Ok(Some(false)),
            2 => Ok(Some(true)),
            b => Err(format!("bad flag {b}")),
        }
    }
}

/// Encodes one summary.
pub fn encode(s: &Summary) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(96));
    w.0.push(FORMAT);
    w.uint(s.id);
    w.0.push(Status::ALL.iter().position(|x| *x == s.status).unwrap_or(0) as u8);
    w.0.push(s.priority as u8);
    w.text(&s.channel);
    w.label(&s.category);
    w.label(&s.team);
    w.label(&s.assignee);
    w.label(&s.tier);
    w.time(&s.created_at);
    w.opt_time(&s.assigned_at);
    w.opt_time(&s.first_response_at);
    w.opt_time(&s.resolved_at);
    w.opt_time(&s.closed_at);
    w.time(&s.updated_at);
    w.label(&s.sla.policy);
    w.opt_time(&s.sla.first_response_due);
    w.opt_time(&s.sla.resolution_due);
    w.uint(s.sla.pauses.len() as u64);
    for p in &s.sla.pauses {
        w.time(&p.start);
        w.opt_time(&p.end);
    }
    w.opt_bool(s.sla.first_response_met);
    w.opt_bool(s.sla.resolution_met);
    w.uint(u64::from(s.reassignments));
    w.uint(u64::from(s.reopens));
    w.uint(s.merged_into.map_or(0, |id| id + 1));
    w.uint(s.csat.map_or(0, |c| u64::from(c) + 1));
    w.uint(s.history.responses.map_or(0, |n| u64::from(n) + 1));
    w.uint(s.history.assignments.len() as u64);
    for a in &s.history.assignments {
        w.text(&a.agent);
        w.time(&a.at);
    }
    w.uint(s.history.holdings.len() as u64);
    for h in &s.history.holdings {
        w.text(&h.agent);
        w.time(&h.start);
        w.opt_time(&h.end);
    }
    w.opt_time(&s.last_event_at);
    w.uint(u64::from(s.history.flow_events));
    w.uint(s.history.created_priority.map_or(0, |p| p as u64 + 1));
    w.0
}

/// Decodes one summary, sharing labels through `labels`.
pub fn decode(bytes: &[u8], labels: &mut Labels) -> Decoded<Summary> {
    let mut r = Reader { bytes, pos: 0 };
    let format = r.byte()?;
    if !(FORMAT_WITHOUT_CREATED_PRIORITY..=FORMAT).contains(&format) {
        return Err(format!(
            "summary format {format}, this build reads {FORMAT_WITHOUT_CREATED_PRIORITY} to {FORMAT}"
        ));
    }
    let id = r.uint()?;
    let status = *Status::ALL
        .get(r.byte()? as usize)
        .ok_or_else(|| "bad status code".to_string())?;
    let priority = *Priority::ALL
        .get(r.byte()? as usize)
        .ok_or_else(|| "bad priority code".to_string())?;
    let channel = labels.get(r.text()?);
    let category = r.label(labels)?;
    let team = r.label(labels)?;
    let assignee = r.label(labels)?;
    let tier = r.label(labels)?;
    let created_at = r.time()?;
    let assigned_at = r.opt_time()?;
    let first_response_at = r.opt_time()?;
    let resolved_at = r.opt_time()?;
    let closed_at = r.opt_time()?;
    let updated_at = r.time()?;
    let policy = r.label(labels)?;
    let first_response_due = r.opt_time()?;
    let resolution_due = r.opt_time()?;
    let pause_count = r.uint()? as usize;
    let mut pauses = Vec::with_capacity(pause_count.min(64));
    for _ in 0..pause_count {
        pauses.push(Pause {
            start: r.time()?,
            end: r.opt_time()?,
        });
    }
    let first_response_met = r.opt_bool()?;
    let resolution_met = r.opt_bool()?;
    let reassignments = r.u32()?;
    let reopens = r.u32()?;
    let merged_into = r.uint()?.checked_sub(1);
    let csat = match r.uint()? {
        0 => None,
        n => Some(u8::try_from(n - 1).map_err(|_| "csat out of range".to_string())?),
    };
    let responses = match r.u32()? {
        0 => None,
        n => Some(n - 1),
    };
    let assignment_count = r.uint()? as usize;
    let mut assignments = Vec::with_capacity(assignment_count.min(64));
    for _ in 0..assignment_count {
        let agent = labels.get(r.text()?);
        assignments.push(Assignment {
            agent,
            at: r.time()?,
        });
    }
    let holding_count = r.uint()? as usize;
    let mut holdings = Vec::with_capacity(holding_count.min(64));
    for _ in 0..holding_count {
        let agent = labels.get(r.text()?);
        holdings.push(Holding {
            agent,
            start: r.time()?,
            end: r.opt_time()?,
        });
    }
    let last_event_at = r.opt_time()?;
    let flow_events = u32::try_from(r.uint()?).map_err(|_| "flow event count out of range")?;
    let created_priority = match format {
        FORMAT_WITHOUT_CREATED_PRIORITY => None,
        _ => match r.uint()? {
            0 => None,
            n => Some(
                *Priority::ALL
                    .get(n as usize - 1)
                    .ok_or_else(|| "bad created priority code".to_string())?,
            ),
        },
    };
    if r.pos != bytes.len() {
        return Err("bytes after the summary".into());
    }
    Ok(Summary {
        id,
        status,
        priority,
        channel,
        category,
        team,
        assignee,
        tier,
        created_at,
        assigned_at,
        first_response_at,
        resolved_at,
        closed_at,
        updated_at,
        sla: SlaSummary {
            policy,
            first_response_due,
            resolution_due,
            pauses,
            first_response_met,
            resolution_met,
        },
        reassignments,
        reopens,
        merged_into,
        csat,
        history: History {
            responses,
            assignments,
            holdings,
            flow_events,
            created_priority,
        },
        last_event_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, EventKind, Ticket};
    use chrono::TimeZone;

    #[test]
    fn a_summary_round_trips_with_its_nanoseconds() {
        let at = |s: i64, n: u32| Utc.timestamp_opt(s, n).unwrap();
        let mut t = Ticket::new("printer", at(1_700_000_000, 123_456_789));
        t.id = 42;
        t.category = Some("hardware".into());
        t.assignee = Some("ann".into());
        t.customer.tier = Some("gold".into());
        t.sla.pauses.push(Pause {
            start: at(1_700_000_100, 1),
            end: None,
        });
        t.sla.first_response_met = Some(false);
        t.csat = Some(5);
        t.merged_into = Some(7);
        let events = vec![
            Event {
                ticket: 42,
                seq: 1,
                at: at(1_700_000_000, 5),
                actor: "x".into(),
                kind: EventKind::Created,
                from: None,
                to: Some("new".into()),
                note: None,
            },
            Event {
                ticket: 42,
                seq: 2,
                at: at(1_600_000_000, 999_999_999),
                actor: "x".into(),
                kind: EventKind::Assigned,
                from: None,
                to: Some("ann".into()),
                note: None,
            },
        ];
        let s = Summary::of(&t, &events);
        let mut labels = Labels::default();
        assert_eq!(decode(&encode(&s), &mut labels).unwrap(), s);
        let bare = Summary::of(&Ticket::new("x", at(-5, 0)), &[]);
        assert_eq!(decode(&encode(&bare), &mut labels).unwrap(), bare);
    }

    #[test]
    fn a_bumped_priority_round_trips_and_format_1_reads_as_unchanged() {
        let at = |s: i64| Utc.timestamp_opt(s, 0).unwrap();
        let mut t = Ticket::new("x", at(1_700_000_000));
        t.id = 9;
        t.priority = Priority::P2;
        let bump = Event {
            ticket: 9,
            seq: 2,
            at: at(1_700_000_600),
            actor: "escalate".into(),
            kind: EventKind::Priority,
            from: Some("P3".into()),
            to: Some("P2".into()),
            note: None,
        };
        let s = Summary::of(&t, &[bump]);
        assert_eq!(s.created_priority(), Priority::P3);
        let mut labels = Labels::default();
        let bytes = encode(&s);
        assert_eq!(decode(&bytes, &mut labels).unwrap(), s);
        // Format 1 ends at the flow count.
        let mut old = bytes[..bytes.len() - 1].to_vec();
        old[0] = FORMAT_WITHOUT_CREATED_PRIORITY;
        let back = decode(&old, &mut labels).unwrap();
        assert_eq!(back.history.created_priority, None);
        assert_eq!(back.created_priority(), Priority::P2);
    }

    #[test]
    fn damaged_bytes_are_an_error_not_a_panic() {
        let s = Summary::of(&Ticket::new("x", Utc.timestamp_opt(0, 0).unwrap()), &[]);
        let bytes = encode(&s);
        let mut labels = Labels::default();
        for len in 0..bytes.len() {
            assert!(decode(&bytes[..len], &mut labels).is_err());
        }
        assert!(decode(&[9], &mut labels).is_err());
    }
}
