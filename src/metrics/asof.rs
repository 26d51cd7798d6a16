//! A ticket as it stood at an earlier instant, rebuilt from its audit log
//! ([`ticket_as_of`]). What else the log says (responses, every
//! assignment) is folded into [`crate::summary::History`].

use chrono::{DateTime, Utc};

use crate::model::{Event, EventKind, Priority, Status, Ticket};

fn status_of(value: Option<&String>) -> Option<Status> {
    value.and_then(|v| Status::parse(v))
}

fn is_done(status: Status) -> bool {
    !status.is_active()
}

/// Whether an event is a reopen: a status change from resolved or closed to
/// an active status.
fn is_reopen(e: &Event) -> bool {
    e.kind == EventKind::Status
        && status_of(e.from.as_ref()).is_some_and(is_done)
        && status_of(e.to.as_ref()).is_some_and(Status::is_active)
}

/// Whether an event hands the ticket from one agent to another.
fn is_reassignment(e: &Event) -> bool {
    e.kind == EventKind::Assigned
        && matches!((e.from.as_deref(), e.to.as_deref()), (Some(f), Some(t)) if !f.is_empty() && f != t)
}

/// The ticket as it stood at `at`, rebuilt from its audit events; `None` if
/// it was created after `at`.
///
/// `events` are the ticket's events in any order (events of other tickets
/// are ignored). A field that changes by events (status, assignee,
/// priority, team, category, policy, csat) takes the `from` value of its
/// first change after `at`, or keeps its current value when it did not
/// change after `at`; so tickets imported without a full history still come
/// out right. Then:
/// * `assigned_at`: the last assignment to the as-of assignee by `at`;
///   `first_response_at`: the stored first response if it was by `at`;
///   `resolved_at` / `closed_at`: the last move to resolved / closed by
///   `at`, only if the as-of status is resolved / closed; `updated_at`: the
///   last event by `at`.
/// * `reopens` and `reassignments`: the stored counts minus the reopens and
///   reassignments after `at`.
/// * SLA pauses: those begun by `at`, a pause ending after `at` still open;
///   the recorded met flags only if their target was achieved by `at` (the
///   resolution flag only for that same resolution); the stored due times
///   are dropped if the priority or policy changed after `at` (they belong
///   to the later state; the metrics then use the rules' target for the
///   as-of priority).
/// * Merges after `at` are undone (`merged_into`, `merged`). Escalation
///   levels, tags, fields and flow state are left as they are.
pub fn ticket_as_of(ticket: &Ticket, events: &[Event], at: DateTime<Utc>) -> Option<Ticket> {
    if ticket.created_at > at {
        return None;
    }
    let mut log: Vec<&Event> = events.iter().filter(|e| e.ticket == ticket.id).collect();
    log.sort_by_key(|e| e.seq);
    let (before, after): (Vec<&Event>, Vec<&Event>) = log.into_iter().partition(|e| e.at <= at);
    let first_after = |kinds: &[EventKind]| after.iter().find(|e| kinds.contains(&e.kind));
    let some_text = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());

    let mut t = ticket.clone();
    if let Some(e) = first_after(&[EventKind::Status]) {
        t.status = status_of(e.from.as_ref())
            .or_else(|| {
                before
                    .iter()
                    .rev()
                    .filter(|e| {
                        matches!(
                            e.kind,
                            EventKind::Status | EventKind::Created | EventKind::Imported
                        )
                    })
                    .find_map(|e| status_of(e.to.as_ref()))
            })
            .unwrap_or(Status::New);
    }
    if let Some(e) = first_after(&[EventKind::Assigned, EventKind::Unassigned]) {
        t.assignee = some_text(&e.from);
    }
    if let Some(e) = first_after(&[EventKind::Priority]) {
        if let Some(p) = e.from.as_deref().and_then(Priority::parse) {
            t.priority = p;
        }
    }
    if let Some(e) = first_after(&[EventKind::Team]) {
        t.team = some_text(&e.from);
    }
    if let Some(e) = first_after(&[EventKind::Category]) {
        t.category = some_text(&e.from);
    }
    if let Some(e) = first_after(&[EventKind::Policy]) {
        t.sla.policy = some_text(&e.from);
    }
    if let Some(e) = first_after(&[EventKind::Csat]) {
        t.csat = e.from.as_deref().and_then(|v| v.trim().parse().ok());
    }
    if first_after(&[EventKind::Priority, EventKind::Policy]).is_some() {
        t.sla.first_response_due = None;
        t.sla.resolution_due = None;
    }
    if first_after(&[EventKind::MergedInto]).is_some() {
        t.merged_into = None;
    }
    t.merged.retain(|m| m.at <= at);

    let last_before =
        |pred: &dyn Fn(&Event) -> bool| before.iter().rev().find(|e| pred(e)).map(|e| e.at);
    t.assigned_at = match &t.assignee {
        None => None,
        Some(agent) => {
            last_before(&|e| e.kind == EventKind::Assigned && e.to.as_ref() == Some(agent))
                .or(ticket.assigned_at.filter(|&a| a <= at))
        }
    };
    t.first_response_at = ticket.first_response_at.filter(|&r| r <= at).or_else(|| {
        before
            .iter()
            .find(|e| e.kind == EventKind::Responded)
            .map(|e| e.at)
    });
    let moved_to = |s: Status| {
        last_before(&|e| e.kind == EventKind::Status && status_of(e.to.as_ref()) == Some(s))
    };
    t.resolved_at = if is_done(t.status) {
        moved_to(Status::Resolved)
            .or(ticket.resolved_at.filter(|&r| r <= at))
            .or_else(|| moved_to(Status::Closed))
    } else {
        None
    };
    t.closed_at = if t.status == Status::Closed {
        moved_to(Status::Closed).or(ticket.closed_at.filter(|&c| c <= at))
    } else {
        None
    };
    t.updated_at = before
        .last()
        .map_or(ticket.created_at, |e| e.at)
        .max(ticket.created_at);

    let reopens_after = after.iter().filter(|e| is_reopen(e)).count() as u32;
    t.reopens = ticket.reopens.saturating_sub(reopens_after);
    let reassigned_after = after.iter().filter(|e| is_reassignment(e)).count() as u32;
    t.reassignments = ticket.reassignments.saturating_sub(reassigned_after);

    t.sla.pauses.retain(|p| p.start <= at);
    for p in &mut t.sla.pauses {
        if p.end.is_some_and(|e| e > at) {
            p.end = None;
        }
    }
    if t.first_response_at.is_none() {
        t.sla.first_response_met = None;
    }
    if t.resolved_at.is_none() || t.resolved_at != ticket.resolved_at {
        t.sla.resolution_met = None;
    }
    Some(t)
}
