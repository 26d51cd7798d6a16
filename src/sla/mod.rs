//! The SLA engine: business calendars, policy selection, due times and
//! target states. Pure; shared by `create`, `escalate`, `report` and
//! `simulate`.
//!
//! Both clocks start when the ticket is created. Time in a status whose
//! clock effect is `pause` (default: pending) or `stop` (resolved, closed)
//! is recorded as a pause interval on the ticket and does not count, so a
//! ticket reopened after a week in `resolved` resumes where it stopped.
//! A first-response target is met by the first agent response (`respond`),
//! not by a status change; a resolution target by resolving.

pub mod calendar;

use chrono::{DateTime, Utc};

pub use calendar::Calendar;

use crate::duration::Duration;
use crate::model::{EventKind, NewEvent, Pause, Priority, Ticket};
use crate::rules::classify::{matches_subject, Subject};
use crate::rules::{Rules, SlaPolicySpec, TargetKind};

/// The first policy whose `when` holds (a policy without `when` holds for all).
pub fn select_policy<'a>(rules: &'a Rules, ticket: &Ticket) -> Option<&'a SlaPolicySpec> {
    let subject = Subject::new(ticket);
    rules
        .file
        .sla
        .iter()
        .find(|p| p.when.as_ref().is_none_or(|c| matches_subject(c, &subject)))
}

/// A resolved SLA target: how much business time, on which calendar.
#[derive(Clone, Copy, Debug)]
pub struct Target<'a> {
    pub kind: TargetKind,
    pub within: Duration,
    pub calendar: &'a Calendar,
}

/// The target of `kind` for a priority under a named policy, if the policy sets one.
pub fn target<'a>(
    rules: &'a Rules,
    policy: &str,
    kind: TargetKind,
    priority: Priority,
) -> Option<Target<'a>> {
    let spec = rules.file.sla.iter().find(|p| p.name == policy)?;
    let targets = match kind {
        TargetKind::FirstResponse => &spec.first_response,
        TargetKind::Resolution => &spec.resolution,
        TargetKind::Step => return None,
    };
    let t = targets.get(&crate::rules::PriorityKey(priority))?;
    let calendar = rules.calendar_or_always(t.calendar.as_ref().or(spec.calendar.as_ref()));
    Some(Target {
        kind,
        within: t.within,
        calendar,
    })
}

/// Recomputes the policy and both due times from the ticket's creation,
/// its priority and its pauses. Returns audit events for what changed
/// (policy, due times), so a priority bump or a rule change is explained.
pub fn refresh(
    rules: &Rules,
    ticket: &mut Ticket,
    at: DateTime<Utc>,
    actor: &str,
) -> Vec<NewEvent> {
    let mut events = Vec::new();
    let policy = select_policy(rules, ticket).map(|p| p.name.clone());
    if policy != ticket.sla.policy {
        events.push(
            NewEvent::new(at, actor, EventKind::Policy)
                .change(ticket.sla.policy.as_ref(), policy.as_ref()),
        );
        ticket.sla.policy = policy;
    }
    let due_of = |kind| {
        let name = ticket.sla.policy.as_deref()?;
        let t = target(rules, name, kind, ticket.priority)?;
        t.calendar
            .due(ticket.created_at, t.within, &ticket.sla.pauses)
    };
    let first = due_of(TargetKind::FirstResponse);
    let resolution = due_of(TargetKind::Resolution);
    // The current flow step's clock moves with the same pauses.
    crate::flows::refresh_step_due(rules, ticket);
    // Due times move with every pause; only a change of policy or priority is
    // worth an audit line, and a paused clock has no due time at all.
    let explain = !events.is_empty() || !ticket.sla.is_paused();
    if first != ticket.sla.first_response_due {
        if explain && ticket.sla.first_response_due.is_some() {
            events.push(
                NewEvent::new(at, actor, EventKind::Due)
                    .change(
                        ticket.sla.first_response_due.map(|d| d.to_rfc3339()),
                        first.map(|d| d.to_rfc3339()),
                    )
                    .note("first_response"),
            );
        }
        ticket.sla.first_response_due = first;
    }
    if resolution != ticket.sla.resolution_due {
        if explain && ticket.sla.resolution_due.is_some() {
            events.push(
                NewEvent::new(at, actor, EventKind::Due)
                    .change(
                        ticket.sla.resolution_due.map(|d| d.to_rfc3339()),
                        resolution.map(|d| d.to_rfc3339()),
                    )
                    .note("resolution"),
            );
        }
        ticket.sla.resolution_due = resolution;
    }
    events
}

/// Where a running target stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetState {
    Within,
    AtRisk,
    Breached,
    Met,
    Missed,
}

impl TargetState {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetState::Within => "within",
            TargetState::AtRisk => "at_risk",
            TargetState::Breached => "breached",
            TargetState::Met => "met",
            TargetState::Missed => "missed",
        }
    }
}

/// Progress of one target at `now`: elapsed business time and its share
/// of the target.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    pub kind: TargetKind,
    pub elapsed: Duration,
    pub within: Duration,
    pub state: TargetState,
}

impl Progress {
    /// Elapsed as a fraction of the target (1.0 = due now).
    pub fn fraction(&self) -> f64 {
        if self.within.is_zero() {
            return f64::INFINITY;
        }
        self.elapsed.as_secs_f64() / self.within.as_secs_f64()
    }
}

/// Evaluates a ticket's target of `kind` at `now`. `None` when the ticket
/// has no policy or the policy has no such target.
pub fn progress(
    rules: &Rules,
    ticket: &Ticket,
    kind: TargetKind,
    now: DateTime<Utc>,
) -> Option<Progress> {
    let policy = ticket.sla.policy.as_deref()?;
    let t = target(rules, policy, kind, ticket.priority)?;
    let (done_at, met) = match kind {
        TargetKind::FirstResponse => (ticket.first_response_at, ticket.sla.first_response_met),
        TargetKind::Resolution => (
            ticket.resolved_at.filter(|_| !ticket.status.is_active()),
            ticket.sla.resolution_met,
        ),
        TargetKind::Step => return None,
    };
    let end = done_at.unwrap_or(now);
    let pauses: &[Pause] = match kind {
        TargetKind::FirstResponse => {
            first_response_pauses(&ticket.sla.pauses, done_at, resolved_at(ticket))
        }
        _ => &ticket.sla.pauses,
    };
    let elapsed = t.calendar.elapsed(ticket.created_at, end, pauses);
    let state = if done_at.is_some() {
        if met.unwrap_or(elapsed <= t.within) {
            TargetState::Met
        } else {
            TargetState::Missed
        }
    } else if elapsed >= t.within {
        TargetState::Breached
    } else if elapsed.as_secs_f64()
        >= t.within.as_secs_f64() * rules.file.escalation.at_risk.0.fraction()
    {
        TargetState::AtRisk
    } else {
        TargetState::Within
    };
    Some(Progress {
        kind,
        elapsed,
        within: t.within,
        state,
    })
}

/// Whether a target reached at `done_at` was met, judged in business time
/// (so a due time computed before a later pause cannot mislead).
pub fn met_at(
    rules: &Rules,
    ticket: &Ticket,
    kind: TargetKind,
    done_at: DateTime<Utc>,
) -> Option<bool> {
    let policy = ticket.sla.policy.as_deref()?;
    let t = target(rules, policy, kind, ticket.priority)?;
    let pauses: &[Pause] = match kind {
        TargetKind::FirstResponse => {
            first_response_pauses(&ticket.sla.pauses, Some(done_at), resolved_at(ticket))
        }
        _ => &ticket.sla.pauses,
    };
    Some(t.calendar.elapsed(ticket.created_at, done_at, pauses) <= t.within)
}

/// When a ticket that is resolved or closed now was resolved.
fn resolved_at(ticket: &Ticket) -> Option<DateTime<Utc>> {
    ticket.resolved_at.filter(|_| !ticket.status.is_active())
}

/// The pauses (in audit-log order) that count against the first-response
/// target of a ticket first answered at `responded` and resolved at
/// `resolved`. Resolving stops the clock, but a first response recorded
/// after the resolution (imported histories have them: a reply sent after
/// the ticket was closed) is measured as recorded, up to the response:
/// the stop that began at the resolution, and any pause after it, do not
/// count, so the response is late rather than capped at the resolution.
pub fn first_response_pauses(
    pauses: &[Pause],
    responded: Option<DateTime<Utc>>,
    resolved: Option<DateTime<Utc>>,
) -> &[Pause] {
    match (responded, resolved) {
        (Some(responded), Some(resolved)) if responded > resolved => {
            &pauses[..pauses.partition_point(|p| p.start < resolved)]
        }
        _ => pauses,
    }
}
