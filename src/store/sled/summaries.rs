//! The summaries of one page's tickets ([`crate::summary::Summary`]), in
//! one compressed value beside the page, under the same key.
//!
//! Body: a string table (count, then each string) holding every label the
//! page's summaries use, then the summary count and each summary: its id's
//! offset in the page, status and priority codes, labels as 1-based indexes
//! into the table (0: none), the creation time in full (Unix seconds,
//! nanoseconds) and every other time as seconds from it plus nanoseconds,
//! counters, the history (responses, assignments, holdings), the count
//! of flow events and the priority the ticket was created with (0: never
//! changed, else 1 + its code).
//! Decoding a page's summaries shares each label among them.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::codec::{Reader, Writer, PRIORITIES, STATUSES};
use super::page::{pack, unpack_any};
use crate::model::Pause;
use crate::summary::{Assignment, History, Holding, Label, SlaSummary, Summary};

/// Format 2 added the count of flow events; a format-1 page (written by
/// the first schema-3 builds) reads as "may have some", so the flows table
/// reads those tickets' logs as it always did. Format 3 added the priority
/// a ticket was created with; an older page reads as "never changed" (the
/// report groups such a ticket by its priority now) until a write of the
/// page or `doctor --repair` rewrites it.
const SUMMARY_FORMAT: u8 = 3;
const SUMMARY_FORMAT_WITHOUT_CREATED_PRIORITY: u8 = 2;
const SUMMARY_FORMAT_WITHOUT_FLOWS: u8 = 1;

/// Labels already decoded, so a million summaries share a few hundred strings.
#[derive(Default)]
pub struct Labels {
    known: HashMap<Box<str>, Label>,
}

impl Labels {
    fn get(&mut self, text: &str) -> Label {
        if let Some(l) = self.known.get(text) {
            return l.clone();
        }
        let label: Label = Arc::from(text);
        self.known.insert(text.into(), label.clone());
        label
    }
}

struct Table<'a> {
    index: HashMap<&'a str, u64>,
    strings: Vec<&'a str>,
}

impl<'a> Table<'a> {
    fn code(&mut self, label: &'a Option<Label>) -> u64 {
        match label {
            None => 0,
            Some(l) => self.add(l),
        }
    }

    fn add(&mut self, text: &'a str) -> u64 {
        if let Some(&i) = self.index.get(text) {
            return i;
        }
        self.strings.push(text);
        let i = self.strings.len() as u64;
        self.index.insert(text, i);
        i
    }
}

fn delta(w: &mut Writer, t: &DateTime<Utc>, base: &DateTime<Utc>) {
    w.int(t.timestamp() - base.timestamp());
    w.uint(u64::from(t.timestamp_subsec_nanos()));
}

fn opt_delta(w: &mut Writer, t: &Option<DateTime<Utc>>, base: &DateTime<Utc>) {
    w.opt(t, |w, t| delta(w, t, base));
}

/// Encodes the summaries of the page that starts at `start`.
pub fn encode(start: u64, summaries: &[Summary]) -> Vec<u8> {
    let mut table = Table {
        index: HashMap::new(),
        strings: Vec::new(),
    };
    let mut w = Writer(Vec::with_capacity(48 * summaries.len()));
    w.uint(summaries.len() as u64);
    for s in summaries {
        let Summary {
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
            sla,
            reassignments,
            reopens,
            merged_into,
            csat,
            history,
            last_event_at,
        } = s;
        let SlaSummary {
            policy,
            first_response_due,
            resolution_due,
            pauses,
            first_response_met,
            resolution_met,
        } = sla;
        let History {
            responses,
            assignments,
            holdings,
            flow_events,
            created_priority,
        } = history;
        w.byte((id - start) as u8);
        w.code(&STATUSES, status);
        w.code(&PRIORITIES, priority);
        w.uint(table.add(channel));
        for label in [category, team, assignee, tier, policy] {
            w.uint(table.code(label));
        }
        w.time(created_at);
        for t in [assigned_at, first_response_at, resolved_at, closed_at] {
            opt_delta(&mut w, t, created_at);
        }
        delta(&mut w, updated_at, created_at);
        opt_delta(&mut w, first_response_due, created_at);
        opt_delta(&mut w, resolution_due, created_at);
        w.uint(pauses.len() as u64);
        for Pause { start, end } in pauses {
            delta(&mut w, start, created_at);
            opt_delta(&mut w, end, created_at);
        }
        let met = |m: &Option<bool>| m.map_or(0u8, |m| 1 + u8::from(m));
        w.byte(met(first_response_met) | met(resolution_met) << 2);
        w.uint(u64::from(*reassignments));
        w.uint(u64::from(*reopens));
        w.opt_uint(merged_into);
        w.opt_uint(&csat.map(u64::from));
        w.opt_uint(&responses.map(u64::from));
        w.uint(assignments.len() as u64);
        for Assignment { agent, at } in assignments {
            w.uint(table.add(agent));
            delta(&mut w, at, created_at);
        }
        w.uint(holdings.len() as u64);
        for Holding { agent, start, end } in holdings {
            w.uint(table.add(agent));
            delta(&mut w, start, created_at);
            opt_delta(&mut w, end, created_at);
        }
        opt_delta(&mut w, last_event_at, created_at);
        w.uint(u64::from(*flow_events));
        match created_priority {
            None => w.byte(0),
            Some(p) => {
                w.byte(1);
                w.code(&PRIORITIES, p);
            }
        }
    }
    let mut body = Writer(Vec::with_capacity(w.0.len() + 16 * table.strings.len()));
    body.uint(table.strings.len() as u64);
    for s in &table.strings {
        body.str(s);
    }
    body.0.extend_from_slice(&w.0);
    let _ = start;
    pack(SUMMARY_FORMAT, &body.0)
}

fn read_delta(r: &mut Reader<'_>, base: &DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let secs = base
        .timestamp()
        .checked_add(r.int()?)
        .ok_or("time out of range")?;
    let nanos = r.u32()?;
    DateTime::from_timestamp(secs, nanos)
        .ok_or_else(|| format!("time out of range at byte {}", r.pos))
}

fn read_opt_delta(
    r: &mut Reader<'_>,
    base: &DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, String> {
    match r.byte()? {
        0 => Ok(None),
        _ => read_delta(r, base).map(Some),
    }
}

/// Decodes the summaries of the page that starts at `start`, appending them to `out`.
pub fn decode(
    start: u64,
    value: &[u8],
    labels: &mut Labels,
    out: &mut Vec<Summary>,
) -> Result<(), String> {
    let (format, body) = unpack_any(
        value,
        SUMMARY_FORMAT_WITHOUT_FLOWS..=SUMMARY_FORMAT,
        "summary",
    )?;
    let mut r = Reader::new(&body);
    let n = r.len()?;
    let mut table: Vec<Label> = Vec::with_capacity(n);
    for _ in 0..n {
        let s = r.str_ref()?;
        table.push(labels.get(s));
    }
    let label = |r: &mut Reader<'_>| -> Result<Option<Label>, String> {
        match r.uint()? {
            0 => Ok(None),
            i => table
                .get(i as usize - 1)
                .cloned()
                .map(Some)
                .ok_or_else(|| format!("label {i} not in the page's table")),
        }
    };
    let count = r.len()?;
    out.reserve(count);
    for _ in 0..count {
        let id = start + u64::from(r.byte()?);
        let status = r.code(&STATUSES, "status")?;
        let priority = r.code(&PRIORITIES, "priority")?;
        let channel = label(&mut r)?.ok_or("a summary without a channel")?;
        let category = label(&mut r)?;
        let team = label(&mut r)?;
        let assignee = label(&mut r)?;
        let tier = label(&mut r)?;
        let policy = label(&mut r)?;
        let created_at = r.time()?;
        let c = &created_at;
        let assigned_at = read_opt_delta(&mut r, c)?;
        let first_response_at = read_opt_delta(&mut r, c)?;
        let resolved_at = read_opt_delta(&mut r, c)?;
        let closed_at = read_opt_delta(&mut r, c)?;
        let updated_at = read_delta(&mut r, c)?;
        let first_response_due = read_opt_delta(&mut r, c)?;
        let resolution_due = read_opt_delta(&mut r, c)?;
        let np = r.len()?;
        let mut pauses = Vec::with_capacity(np);
        for _ in 0..np {
            pauses.push(Pause {
                start: read_delta(&mut r, c)?,
                end: read_opt_delta(&mut r, c)?,
            });
        }
        let met_byte = r.byte()?;
        let met = |bits: u8| match bits & 3 {
            0 => Ok(None),
            1 => Ok(Some(false)),
            2 => Ok(Some(true)),
            _ => Err(format!("bad SLA met flags {met_byte}")),
        };
        let first_response_met = met(met_byte)?;
        let resolution_met = met(met_byte >> 2)?;
        let reassignments = r.u32()?;
        let reopens = r.u32()?;
        let merged_into = r.opt_uint()?;
        let csat = match r.opt_uint()? {
            None => None,
            Some(v) => Some(u8::try_from(v).map_err(|_| format!("csat {v} out of range"))?),
        };
        let responses = match r.opt_uint()? {
            None => None,
            Some(v) => Some(u32::try_from(v).map_err(|_| format!("responses {v} out of range"))?),
        };
        let na = r.len()?;
        let mut assignments = Vec::with_capacity(na);
        for _ in 0..na {
            assignments.push(Assignment {
                agent: label(&mut r)?.ok_or("an assignment without an agent")?,
                at: read_delta(&mut r, c)?,
            });
        }
        let nh = r.len()?;
        let mut holdings = Vec::with_capacity(nh);
        for _ in 0..nh {
            holdings.push(Holding {
                agent: label(&mut r)?.ok_or("a holding without an agent")?,
                start: read_delta(&mut r, c)?,
                end: read_opt_delta(&mut r, c)?,
            });
        }
        let last_event_at = read_opt_delta(&mut r, c)?;
        let flow_events = if format == SUMMARY_FORMAT_WITHOUT_FLOWS {
            1
        } else {
            r.u32()?
        };
        let created_priority = match format {
            SUMMARY_FORMAT_WITHOUT_FLOWS | SUMMARY_FORMAT_WITHOUT_CREATED_PRIORITY => None,
            _ => match r.byte()? {
                0 => None,
                _ => Some(r.code(&PRIORITIES, "created priority")?),
            },
        };
        out.push(Summary {
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
        });
    }
    r.end()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EventKind, NewEvent, Priority, Status, Ticket};
    use chrono::TimeZone;

    fn at(secs: i64, nanos: u32) -> DateTime<Utc> {
        Utc.timestamp_opt(secs, nanos).unwrap()
    }

    fn summary(id: u64) -> Summary {
        let created = at(1_700_000_000 + id as i64, 123);
        let mut t = Ticket::new("x", created);
        t.id = id;
        t.status = Status::Resolved;
        t.priority = Priority::P2;
        t.channel = "email".into();
        t.team = Some("billing".into());
        t.assignee = Some("ann".into());
        t.customer.tier = Some("vip".into());
        t.sla.policy = Some("standard".into());
        t.sla.first_response_due = Some(at(1_700_003_600, 0));
        t.sla.pauses = vec![Pause {
            start: at(1_700_000_100, 0),
            end: Some(at(1_700_000_200, 999_999_999)),
        }];
        t.sla.first_response_met = Some(true);
        t.sla.resolution_met = Some(false);
        t.first_response_at = Some(at(1_699_999_000, 1)); // before creation: deltas go negative
        t.resolved_at = Some(at(1_700_009_000, 0));
        t.reassignments = 2;
        t.csat = Some(5);
        t.merged_into = Some(7);
        let events = vec![
            NewEvent::new(created, "ann", EventKind::Created).into_event(id, 1),
            NewEvent::new(created, "x", EventKind::Assigned)
                .change(None::<&str>, Some("ann"))
                .into_event(id, 2),
            NewEvent::new(at(1_700_000_500, 0), "ann", EventKind::Responded).into_event(id, 3),
            NewEvent::new(at(1_700_000_600, 0), "x", EventKind::Assigned)
                .change(Some("ann"), Some("bob"))
                .into_event(id, 4),
        ];
        Summary::of(&t, &events)
    }

    #[test]
    fn summaries_round_trip_sharing_labels() {
        let mut list: Vec<Summary> = (64..70).map(summary).collect();
        list.push(Summary::of(
            &{
                let mut t = Ticket::new("bare", at(0, 0));
                t.id = 100;
                t
            },
            &[],
        ));
        let value = encode(64, &list);
        let mut labels = Labels::default();
        let mut back = Vec::new();
        decode(64, &value, &mut labels, &mut back).unwrap();
        assert_eq!(back, list);
        assert!(Arc::ptr_eq(
            back[0].team.as_ref().unwrap(),
            back[1].team.as_ref().unwrap()
        ));
        assert_eq!(back[0].history.assignments.len(), 2);
        assert!(value.len() < 60 * list.len(), "{} bytes", value.len());
    }

    #[test]
    fn damaged_summaries_are_errors_not_panics() {
        let list: Vec<Summary> = (0..5).map(summary).collect();
        let value = encode(0, &list);
        for cut in 0..value.len() {
            let mut out = Vec::new();
            assert!(decode(0, &value[..cut], &mut Labels::default(), &mut out).is_err());
        }
    }

    #[test]
    fn a_bumped_priority_round_trips_and_format_2_pages_read_as_unchanged() {
        let mut one = summary(3);
        one.history.created_priority = Some(Priority::P4);
        let value = encode(0, std::slice::from_ref(&one));
        let mut back = Vec::new();
        decode(0, &value, &mut Labels::default(), &mut back).unwrap();
        assert_eq!(back, vec![one.clone()]);
        assert_eq!(back[0].created_priority(), Priority::P4);
        let (_, mut body) = unpack_any(&value, SUMMARY_FORMAT..=SUMMARY_FORMAT, "summary").unwrap();
        // With one summary, its created priority (flag, code) ends the body.
        assert_eq!(body.split_off(body.len() - 2), [1, 3]);
        let old = pack(SUMMARY_FORMAT_WITHOUT_CREATED_PRIORITY, &body);
        let mut back = Vec::new();
        decode(0, &old, &mut Labels::default(), &mut back).unwrap();
        one.history.created_priority = None;
        assert_eq!(back, vec![one]);
    }

    #[test]
    fn format_1_pages_read_as_maybe_having_flows() {
        let mut one = summary(3);
        assert_eq!(one.history.flow_events, 0);
        let value = encode(0, std::slice::from_ref(&one));
        let (_, mut body) = unpack_any(&value, SUMMARY_FORMAT..=SUMMARY_FORMAT, "summary").unwrap();
        // With one summary, its created priority (none: one byte) and its
        // flow count (0: one byte) end the body.
        assert_eq!(body.pop(), Some(0));
        assert_eq!(body.pop(), Some(0));
        let old = pack(SUMMARY_FORMAT_WITHOUT_FLOWS, &body);
        let mut back = Vec::new();
        decode(0, &old, &mut Labels::default(), &mut back).unwrap();
        one.history.flow_events = 1;
        assert_eq!(back, vec![one]);
    }
}
