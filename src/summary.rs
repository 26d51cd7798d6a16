//! The per-ticket summary: the columns the reports, `agents` and routing
//! load need, with the facts only the audit log knows (responses, every
//! assignment, who held the ticket when) folded in. Pure data, no I/O.
//!
//! A store keeps one summary per ticket beside the ticket, written with it,
//! so `report` reads summaries instead of decoding every ticket and its
//! audit log; `report --as-of` builds the same summaries from tickets
//! rebuilt from their logs. Either way the metrics see one type, so the two
//! paths give the same numbers.
//!
//! Text the reports group by (channel, category, team, assignee, tier,
//! policy) is a shared [`Label`]: a million summaries hold a few hundred
//! distinct strings, not six million copies.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::model::{Event, EventKind, Pause, Priority, Status, Ticket, TicketId};

/// Shared text of a grouping field.
pub type Label = Arc<str>;

/// Labels already made, so that summaries built one after another share
/// each text ([`Summary::until_sharing`]).
#[derive(Default)]
pub struct Labels {
    known: HashMap<Box<str>, Label>,
}

impl Labels {
    /// The label of `text`, made once.
    pub fn get(&mut self, text: &str) -> Label {
        if let Some(label) = self.known.get(text) {
            return label.clone();
        }
        let label: Label = Arc::from(text);
        self.known.insert(text.into(), label.clone());
        label
    }
}

/// An assignment of a ticket to an agent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Assignment {
    pub agent: Label,
    pub at: DateTime<Utc>,
}

/// A stretch of time during which an agent held an unresolved ticket: from
/// an assignment (or a reopen while assigned) to the next assignment,
/// unassignment, resolution or close. `end` is `None` while it lasts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Holding {
    pub agent: Label,
    pub start: DateTime<Utc>,
    pub end: Option<DateTime<Utc>>,
}

/// What a ticket's audit log says beyond the ticket itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct History {
    /// Agent responses (`responded` events); `None` when unknown: an
    /// imported ticket whose export did not count its replies.
    pub responses: Option<u32>,
    /// Every assignment, oldest first.
    pub assignments: Vec<Assignment>,
    /// Every holding, oldest first.
    pub holdings: Vec<Holding>,
    /// Steps taken in cross-team flows (`flow` events): the flows table
    /// reads the audit logs of these tickets only.
    pub flow_events: u32,
    /// The priority the ticket was created (or imported) with, when it has
    /// changed since (by escalation's `bump_priority` or by hand): the
    /// `from` of its first `priority` event. `None` when it never changed,
    /// and in summaries stored before this was recorded (until `triage
    /// doctor --repair` rewrites them).
    pub created_priority: Option<Priority>,
}

/// The SLA columns of a summary (the ticket's [`crate::model::SlaState`]
/// without the escalation ladder's bookkeeping).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SlaSummary {
    pub policy: Option<Label>,
    pub first_response_due: Option<DateTime<Utc>>,
    pub resolution_due: Option<DateTime<Utc>>,
    pub pauses: Vec<Pause>,
    pub first_response_met: Option<bool>,
    pub resolution_met: Option<bool>,
}

impl SlaSummary {
    /// Total paused time up to `now` (an open pause counts up to `now`).
    pub fn paused_secs(&self, now: DateTime<Utc>) -> i64 {
        crate::model::paused_secs(&self.pauses, now)
    }

    pub fn is_paused(&self) -> bool {
        self.pauses.last().is_some_and(|p| p.end.is_none())
    }
}

/// One ticket as the reports see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub id: TicketId,
    pub status: Status,
    pub priority: Priority,
    pub channel: Label,
    pub category: Option<Label>,
    pub team: Option<Label>,
    pub assignee: Option<Label>,
    /// The customer's tier.
    pub tier: Option<Label>,
    pub created_at: DateTime<Utc>,
    pub assigned_at: Option<DateTime<Utc>>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub sla: SlaSummary,
    pub reassignments: u32,
    pub reopens: u32,
    pub merged_into: Option<TicketId>,
    /// Customer satisfaction, 1..=5.
    pub csat: Option<u8>,
    pub history: History,
    /// Time of the newest audit event folded into `history`; a report at an
    /// earlier clock must fold the log again up to its clock.
    pub last_event_at: Option<DateTime<Utc>>,
}

impl Summary {
    /// The priority the ticket was created (or imported) with, before any
    /// escalation bump or change by hand.
    pub fn created_priority(&self) -> Priority {
        self.history.created_priority.unwrap_or(self.priority)
    }

    /// The summary of a ticket with its whole audit log (any order; events
    /// of other tickets are ignored).
    pub fn of(ticket: &Ticket, events: &[Event]) -> Summary {
        Summary::until(ticket, events, None)
    }

    /// The summary of a ticket whose history counts only the events up to
    /// `until` (inclusive); `None` counts them all.
    pub fn until(ticket: &Ticket, events: &[Event], until: Option<DateTime<Utc>>) -> Summary {
        Summary::build(ticket, events, until, &mut |text| Arc::from(text))
    }

    /// [`Summary::until`], its labels taken from `labels`: a million
    /// summaries built for a report share a few hundred texts.
    pub fn until_sharing(
        ticket: &Ticket,
        events: &[Event],
        until: Option<DateTime<Utc>>,
        labels: &mut Labels,
    ) -> Summary {
        Summary::build(ticket, events, until, &mut |text| labels.get(text))
    }

    fn build(
        ticket: &Ticket,
        events: &[Event],
        until: Option<DateTime<Utc>>,
        label: &mut dyn FnMut(&str) -> Label,
    ) -> Summary {
        let mut own: Vec<&Event> = events
            .iter()
            .filter(|e| e.ticket == ticket.id && until.is_none_or(|u| e.at <= u))
            .collect();
        own.sort_by_key(|e| e.seq);
        let last_event_at = own.iter().map(|e| e.at).max();
        let mut opt = |s: &Option<String>| s.as_deref().map(&mut *label);
        let (category, team, assignee, tier, policy) = (
            opt(&ticket.category),
            opt(&ticket.team),
            opt(&ticket.assignee),
            opt(&ticket.customer.tier),
            opt(&ticket.sla.policy),
        );
        Summary {
            id: ticket.id,
            status: ticket.status,
            priority: ticket.priority,
            channel: label(&ticket.channel),
            category,
            team,
            tier,
            created_at: ticket.created_at,
            assigned_at: ticket.assigned_at,
            first_response_at: ticket.first_response_at,
            resolved_at: ticket.resolved_at,
            closed_at: ticket.closed_at,
            updated_at: ticket.updated_at,
            sla: SlaSummary {
                policy,
                first_response_due: ticket.sla.first_response_due,
                resolution_due: ticket.sla.resolution_due,
                pauses: ticket.sla.pauses.clone(),
                first_response_met: ticket.sla.first_response_met,
                resolution_met: ticket.sla.resolution_met,
            },
            reassignments: ticket.reassignments,
            reopens: ticket.reopens,
            merged_into: ticket.merged_into,
            csat: ticket.csat,
            history: history_of_sorted(&own, assignee.as_ref(), label),
            assignee,
            last_event_at,
        }
    }
}

fn status_of(value: Option<&String>) -> Option<Status> {
    value.and_then(|v| Status::parse(v))
}

fn is_done(status: Status) -> bool {
    !status.is_active()
}

/// The history of one ticket from its events (any order; those after
/// `until` are ignored).
pub fn history(events: &[Event], until: DateTime<Utc>) -> History {
    let mut sorted: Vec<&Event> = events.iter().filter(|e| e.at <= until).collect();
    sorted.sort_by_key(|e| (e.ticket, e.seq));
    history_of_sorted(&sorted, None, &mut |text| Arc::from(text))
}

/// The number of responses a `responded` event stands for when it says
/// (an import writes the count its export gives, see
/// [`crate::model::EventKind::Responded`]); a live response says nothing
/// and is one.
fn responses_counted(event: &Event) -> Option<u32> {
    event.to.as_deref().and_then(|n| n.parse().ok())
}

/// Folds one ticket's events, in sequence order. An agent's label is
/// `current` (the ticket's assignee) when the text is the same, else made
/// by `label`.
pub(crate) fn history_of_sorted(
    events: &[&Event],
    current: Option<&Label>,
    label: &mut dyn FnMut(&str) -> Label,
) -> History {
    let mut out = History {
        responses: Some(0),
        ..History::default()
    };
    let mut assignee: Option<Label> = None;
    let mut done = false;
    let mut open: Option<Holding> = None;
    let close = |open: &mut Option<Holding>, out: &mut History, at| {
        if let Some(mut h) = open.take() {
            h.end = Some(at);
            out.holdings.push(h);
        }
    };
    for e in events {
        match e.kind {
            EventKind::Created => {
                done = status_of(e.to.as_ref()).is_some_and(is_done);
            }
            EventKind::Imported => {
                done = status_of(e.to.as_ref()).is_some_and(is_done);
                // What happened before the import is not in the log: the
                // replies are unknown unless the export counted them.
                out.responses = None;
            }
            EventKind::Responded => {
                out.responses = match responses_counted(e) {
                    Some(n) => Some(out.responses.unwrap_or(0).saturating_add(n)),
                    None => out.responses.map(|n| n + 1),
                };
            }
            EventKind::Flow => out.flow_events += 1,
            EventKind::Priority if out.created_priority.is_none() => {
                out.created_priority = e.from.as_deref().and_then(Priority::parse);
            }
            EventKind::Assigned => {
                let Some(agent) = e.to.as_deref().filter(|a| !a.is_empty()) else {
                    continue;
                };
                let agent: Label = match (&assignee, current) {
                    (Some(same), _) if &**same == agent => same.clone(),
                    (_, Some(same)) if &**same == agent => same.clone(),
                    _ => label(agent),
                };
                close(&mut open, &mut out, e.at);
                out.assignments.push(Assignment {
                    agent: agent.clone(),
                    at: e.at,
                });
                if !done {
                    open = Some(Holding {
                        agent: agent.clone(),
                        start: e.at,
                        end: None,
                    });
                }
                assignee = Some(agent);
            }
            EventKind::Unassigned => {
                close(&mut open, &mut out, e.at);
                assignee = None;
            }
            EventKind::Status => match status_of(e.to.as_ref()) {
                Some(s) if is_done(s) => {
                    close(&mut open, &mut out, e.at);
                    done = true;
                }
                Some(_) if done => {
                    done = false;
                    if let Some(agent) = &assignee {
                        open = Some(Holding {
                            agent: agent.clone(),
                            start: e.at,
                            end: None,
                        });
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    out.holdings.extend(open);
    out
}
