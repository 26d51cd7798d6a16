//! Ticket lifecycle transitions as pure functions: each changes a ticket
//! and returns the audit events that explain the change, or refuses with a
//! message saying why. Commands, import, escalation and flows all go
//! through here, so the SLA clock and counters are kept the same way
//! everywhere.

use chrono::{DateTime, Utc};

use crate::model::{EventKind, NewEvent, Pause, Priority, Status, Ticket};
use crate::rules::{ClockEffect, Rules, TargetKind};
use crate::sla;

/// Who does a change, and when.
#[derive(Clone, Copy, Debug)]
pub struct Act<'a> {
    pub at: DateTime<Utc>,
    pub actor: &'a str,
}

impl Act<'_> {
    fn event(&self, kind: EventKind) -> NewEvent {
        NewEvent::new(self.at, self.actor, kind)
    }
}

fn allowed_from(from: Status) -> String {
    let list: Vec<&str> = Status::ALL
        .iter()
        .filter(|s| from.can_move_to(**s))
        .map(|s| s.as_str())
        .collect();
    list.join(", ")
}

/// Moves a ticket to `to`, pausing or resuming the SLA clock as the rule
/// file says for the two statuses, and recording resolution and reopen.
pub fn set_status(
    rules: &Rules,
    ticket: &mut Ticket,
    to: Status,
    act: Act,
) -> Result<Vec<NewEvent>, String> {
    let from = ticket.status;
    if from == to {
        return Err(format!("ticket {} is already {to}", ticket.id));
    }
    if !from.can_move_to(to) {
        return Err(format!(
            "ticket {} is {from}: it cannot move to {to} (from {from} it can go to: {})",
            ticket.id,
            allowed_from(from)
        ));
    }
    let running_before = rules.clock_effect(from) == ClockEffect::Run;
    let running_after = rules.clock_effect(to) == ClockEffect::Run;
    if running_before && !running_after {
        ticket.sla.pauses.push(Pause {
            start: act.at,
            end: None,
        });
    } else if !running_before && running_after {
        if let Some(last) = ticket.sla.pauses.last_mut().filter(|p| p.end.is_none()) {
            last.end = Some(act.at.max(last.start));
        }
    }
    let mut events = vec![act.event(EventKind::Status).change(Some(from), Some(to))];
    ticket.status = to;
    ticket.updated_at = act.at;
    match to {
        Status::Resolved | Status::Closed => {
            if ticket.resolved_at.is_none() {
                ticket.resolved_at = Some(act.at);
                ticket.sla.resolution_met =
                    sla::met_at(rules, ticket, TargetKind::Resolution, act.at);
            }
            if to == Status::Closed {
                ticket.closed_at = Some(act.at);
            }
        }
        Status::Open if matches!(from, Status::Resolved | Status::Closed) => {
            ticket.reopens += 1;
            ticket.resolved_at = None;
            ticket.closed_at = None;
            ticket.sla.resolution_met = None;
            // A reopened ticket escalates afresh on its resolution clock.
            ticket
                .sla
                .escalation
                .remove(TargetKind::Resolution.as_str());
        }
        _ => {}
    }
    events.extend(sla::refresh(rules, ticket, act.at, act.actor));
    Ok(events)
}

/// Records an agent response. The first one sets the first-response time
/// and decides whether its target was met; a new or assigned ticket becomes
/// open.
pub fn respond(
    rules: &Rules,
    ticket: &mut Ticket,
    message: Option<&str>,
    act: Act,
) -> Result<Vec<NewEvent>, String> {
    if !ticket.status.is_active() {
        return Err(format!(
            "ticket {} is {}: reopen it before responding (triage reopen {})",
            ticket.id, ticket.status, ticket.id
        ));
    }
    let mut event = act.event(EventKind::Responded);
    if let Some(text) = message {
        event = event.note(text);
    }
    let mut events = vec![event];
    if ticket.first_response_at.is_none() {
        ticket.first_response_at = Some(act.at);
        ticket.sla.first_response_met =
            sla::met_at(rules, ticket, TargetKind::FirstResponse, act.at);
    }
    ticket.updated_at = act.at;
    if matches!(ticket.status, Status::New | Status::Assigned) {
        events.extend(set_status(rules, ticket, Status::Open, act)?);
    }
    Ok(events)
}

/// Gives the ticket to `agent`. A change of assignee counts as a
/// reassignment; a new ticket becomes assigned.
pub fn assign(
    rules: &Rules,
    ticket: &mut Ticket,
    agent: &str,
    reason: Option<&str>,
    act: Act,
) -> Result<Vec<NewEvent>, String> {
    if !ticket.status.is_active() {
        return Err(format!(
            "ticket {} is {}: only active tickets can be assigned",
            ticket.id, ticket.status
        ));
    }
    if ticket.assignee.as_deref() == Some(agent) {
        return Err(format!(
            "ticket {} is already assigned to {agent}",
            ticket.id
        ));
    }
    let previous = ticket.assignee.replace(agent.to_string());
    if previous.is_some() {
        ticket.reassignments += 1;
    }
    ticket.assigned_at = Some(act.at);
    ticket.updated_at = act.at;
    let mut event = act
        .event(EventKind::Assigned)
        .change(previous.as_ref(), Some(agent));
    if let Some(reason) = reason {
        event = event.note(reason);
    }
    let mut events = vec![event];
    if ticket.status == Status::New {
        events.extend(set_status(rules, ticket, Status::Assigned, act)?);
    }
    Ok(events)
}

/// Takes the ticket away from its assignee; an assigned ticket goes back to new.
pub fn unassign(
    rules: &Rules,
    ticket: &mut Ticket,
    reason: Option<&str>,
    act: Act,
) -> Result<Vec<NewEvent>, String> {
    let Some(previous) = ticket.assignee.take() else {
        return Err(format!("ticket {} has no assignee", ticket.id));
    };
    ticket.updated_at = act.at;
    let mut event = act
        .event(EventKind::Unassigned)
        .change(Some(&previous), None::<&str>);
    if let Some(reason) = reason {
        event = event.note(reason);
    }
    let mut events = vec![event];
    if ticket.status == Status::Assigned {
        events.extend(set_status(rules, ticket, Status::New, act)?);
    }
    Ok(events)
}

/// Changes the priority and moves the due times with it.
pub fn set_priority(
    rules: &Rules,
    ticket: &mut Ticket,
    priority: Priority,
    note: Option<&str>,
    act: Act,
) -> Vec<NewEvent> {
    if ticket.priority == priority {
        return Vec::new();
    }
    let mut event = act
        .event(EventKind::Priority)
        .change(Some(ticket.priority), Some(priority));
    if let Some(note) = note {
        event = event.note(note);
    }
    ticket.priority = priority;
    ticket.updated_at = act.at;
    let mut events = vec![event];
    events.extend(sla::refresh(rules, ticket, act.at, act.actor));
    events
}

/// Folds `from` into `into`: `into` records the extra channel, `from` is
/// closed with a pointer to `into`.
pub fn merge(
    rules: &Rules,
    from: &mut Ticket,
    into: &mut Ticket,
    act: Act,
) -> Result<(Vec<NewEvent>, Vec<NewEvent>), String> {
    if from.id == into.id {
        return Err(format!("cannot merge ticket {} into itself", from.id));
    }
    if let Some(other) = from.merged_into {
        return Err(format!(
            "ticket {} was already merged into ticket {other}",
            from.id
        ));
    }
    if !into.status.is_active() {
        return Err(format!(
            "ticket {} is {}: merge into an active ticket, or reopen it first",
            into.id, into.status
        ));
    }
    into.merged.push(crate::model::MergedFrom {
        at: act.at,
        channel: from.channel.clone(),
        ticket: Some(from.id),
        title: Some(from.title.clone()),
    });
    into.updated_at = act.at;
    let into_events = vec![act
        .event(EventKind::Merged)
        .change(None::<&str>, Some(from.id))
        .note(format!(
            "ticket {} ({}) merged in: {}",
            from.id, from.channel, from.title
        ))];
    from.merged_into = Some(into.id);
    let mut from_events = vec![act
        .event(EventKind::MergedInto)
        .change(None::<&str>, Some(into.id))];
    if from.status != Status::Closed {
        from_events.extend(set_status(rules, from, Status::Closed, act)?);
    }
    Ok((from_events, into_events))
}

/// Records a customer satisfaction score (1–5) on a resolved or closed ticket.
pub fn set_csat(ticket: &mut Ticket, score: u8, act: Act) -> Result<Vec<NewEvent>, String> {
    if !(1..=5).contains(&score) {
        return Err(format!(
            "satisfaction score {score} is out of range: expected 1 to 5"
        ));
    }
    if ticket.status.is_active() {
        return Err(format!(
            "ticket {} is {}: satisfaction is recorded once it is resolved or closed",
            ticket.id, ticket.status
        ));
    }
    let previous = ticket.csat.replace(score);
    ticket.updated_at = act.at;
    Ok(vec![act
        .event(EventKind::Csat)
        .change(previous, Some(score))])
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn rules() -> Rules {
        Rules::parse(
            "sla:\n  - name: std\n    first_response: {P3: 4h}\n    resolution: {P3: 1d}\n",
            "t",
        )
        .unwrap()
    }

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, h, m, 0).unwrap()
    }

    fn new_ticket(rules: &Rules) -> Ticket {
        let mut t = Ticket::new("x", at(8, 0));
        t.id = 7;
        sla::refresh(rules, &mut t, at(8, 0), "test");
        t
    }

    #[test]
    fn pending_pauses_the_clock_and_moves_the_due_time() {
        let rules = rules();
        let mut t = new_ticket(&rules);
        assert_eq!(
            t.sla.resolution_due,
            Some(Utc.with_ymd_and_hms(2026, 3, 3, 8, 0, 0).unwrap())
        );
        respond(
            &rules,
            &mut t,
            Some("hi"),
            Act {
                at: at(9, 0),
                actor: "a",
            },
        )
        .unwrap();
        assert_eq!(t.status, Status::Open);
        assert_eq!(t.sla.first_response_met, Some(true));
        set_status(
            &rules,
            &mut t,
            Status::Pending,
            Act {
                at: at(10, 0),
                actor: "a",
            },
        )
        .unwrap();
        assert_eq!(t.sla.resolution_due, None, "a paused clock has no due time");
        set_status(
            &rules,
            &mut t,
            Status::Open,
            Act {
                at: at(12, 0),
                actor: "a",
            },
        )
        .unwrap();
        assert_eq!(
            t.sla.resolution_due,
            Some(Utc.with_ymd_and_hms(2026, 3, 3, 10, 0, 0).unwrap())
        );
    }

    #[test]
    fn illegal_transition_says_what_is_allowed() {
        let rules = rules();
        let mut t = new_ticket(&rules);
        set_status(
            &rules,
            &mut t,
            Status::Closed,
            Act {
                at: at(9, 0),
                actor: "a",
            },
        )
        .unwrap();
        let err = set_status(
            &rules,
            &mut t,
            Status::Pending,
            Act {
                at: at(9, 5),
                actor: "a",
            },
        )
        .unwrap_err();
        assert_eq!(
            err,
            "ticket 7 is closed: it cannot move to pending (from closed it can go to: open)"
        );
    }

    #[test]
    fn reopen_counts_and_resumes_the_resolution_clock() {
        let rules = rules();
        let mut t = new_ticket(&rules);
        set_status(
            &rules,
            &mut t,
            Status::Resolved,
            Act {
                at: at(10, 0),
                actor: "a",
            },
        )
        .unwrap();
        assert_eq!(t.sla.resolution_met, Some(true));
        set_status(
            &rules,
            &mut t,
            Status::Open,
            Act {
                at: at(20, 0),
                actor: "a",
            },
        )
        .unwrap();
        assert_eq!(t.reopens, 1);
        assert_eq!(t.resolved_at, None);
        // Ten hours in resolved did not count: due moves from 08:00 to 18:00 next day.
        assert_eq!(
            t.sla.resolution_due,
            Some(Utc.with_ymd_and_hms(2026, 3, 3, 18, 0, 0).unwrap())
        );
    }

    #[test]
    fn reassignment_counts() {
        let rules = rules();
        let mut t = new_ticket(&rules);
        assign(
            &rules,
            &mut t,
            "ann",
            None,
            Act {
                at: at(9, 0),
                actor: "a",
            },
        )
        .unwrap();
        assert_eq!((t.status, t.reassignments), (Status::Assigned, 0));
        assign(
            &rules,
            &mut t,
            "bob",
            Some("ann is away"),
            Act {
                at: at(9, 5),
                actor: "a",
            },
        )
        .unwrap();
        assert_eq!(t.reassignments, 1);
        assert!(assign(
            &rules,
            &mut t,
            "bob",
            None,
            Act {
                at: at(9, 6),
                actor: "a"
            }
        )
        .is_err());
    }
}
