//! One ticket's SLA outcome at `now`: the state of each target and the
//! measured first-response and resolution times.

use chrono::{DateTime, Utc};
use serde::Serialize;

use std::collections::BTreeMap;

use super::meter::Meter;
use super::Clock;
use crate::duration::Duration;
use crate::model::{Pause, Priority};
use crate::rules::{PriorityKey, Rules, TargetSpec};
use crate::sla::Calendar;
use crate::summary::Summary;

/// Where one SLA target of a ticket stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetState {
    /// No policy, or the policy sets no target for this priority, and no
    /// due time is stored: the ticket counts on neither side.
    NoTarget,
    /// Not achieved yet, within target, below the at-risk share.
    Running,
    /// Not achieved yet, within target, at least the at-risk share elapsed.
    AtRisk,
    /// Not achieved and past due: breached, still running.
    Overdue,
    /// Achieved at or before the due time.
    Met,
    /// Achieved after the due time.
    Missed,
}

impl TargetState {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetState::NoTarget => "no_target",
            TargetState::Running => "running",
            TargetState::AtRisk => "at_risk",
            TargetState::Overdue => "overdue",
            TargetState::Met => "met",
            TargetState::Missed => "missed",
        }
    }

    /// Met, missed or overdue: counts in the met % denominator.
    pub fn is_decided(self) -> bool {
        matches!(
            self,
            TargetState::Met | TargetState::Missed | TargetState::Overdue
        )
    }

    /// Missed or overdue.
    pub fn is_breached(self) -> bool {
        matches!(self, TargetState::Missed | TargetState::Overdue)
    }
}

/// A ticket's SLA outcome at `now`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TicketSla {
    pub first_response: TargetState,
    pub resolution: TargetState,
    /// Creation to first response, in the requested clock minus pauses;
    /// `None` until an agent has responded.
    pub first_response_secs: Option<i64>,
    /// Creation to (final) resolution, in the requested clock minus pauses;
    /// `None` while the ticket is active (including after a reopen).
    pub resolution_secs: Option<i64>,
}

impl TicketSla {
    /// Some target is overdue right now.
    pub fn breached_now(&self) -> bool {
        self.first_response == TargetState::Overdue || self.resolution == TargetState::Overdue
    }

    /// Some target is at risk and none is overdue.
    pub fn at_risk_now(&self) -> bool {
        !self.breached_now()
            && (self.first_response == TargetState::AtRisk
                || self.resolution == TargetState::AtRisk)
    }
}

/// Which of a policy's targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    FirstResponse,
    Resolution,
}

/// One target of a ticket: its spec, if its policy sets one for the
/// ticket's priority, and the calendar it counts in (the target's own
/// calendar, else the policy's, else 24x7) as an index in
/// [`Targets::meters`].
#[derive(Clone, Copy)]
pub(crate) struct TargetOf<'r> {
    pub(crate) spec: Option<&'r TargetSpec>,
    meter: usize,
}

/// The rules' SLA targets, resolved once per report for every policy and
/// priority, so a ticket's targets are a name comparison and an index
/// away rather than map and calendar lookups by name; and a [`Meter`] per
/// calendar they count in.
pub(crate) struct Targets<'r> {
    /// `escalation.at_risk` as a fraction.
    at_risk: f64,
    /// Targets of tickets without a (known) policy.
    none: [TargetOf<'r>; 2],
    /// Per policy in rule-file order: its name, and per priority (P1
    /// first) the first-response and resolution targets.
    policies: Vec<(&'r str, [[TargetOf<'r>; 2]; 4])>,
    /// One per calendar; the first is 24x7.
    meters: Vec<Meter<'r>>,
}

impl<'r> Targets<'r> {
    /// The targets, with meters that ask the calendars for every span.
    pub(crate) fn new(rules: &'r Rules) -> Targets<'r> {
        Targets::build(rules, None)
    }

    /// The targets, with the business time of the span from `from` to
    /// `to` summed ahead (see [`Meter`]).
    pub(crate) fn over(rules: &'r Rules, from: DateTime<Utc>, to: DateTime<Utc>) -> Targets<'r> {
        Targets::build(rules, Some((from.timestamp(), to.timestamp())))
    }

    fn build(rules: &'r Rules, span: Option<(i64, i64)>) -> Targets<'r> {
        let mut meters: Vec<Meter<'r>> = Vec::new();
        let mut meter_of = |calendar: &'r Calendar| {
            if let Some(i) = meters
                .iter()
                .position(|m| std::ptr::eq(m.calendar(), calendar))
            {
                return i;
            }
            meters.push(match span {
                Some((from, to)) => Meter::over(calendar, from, to),
                None => Meter::plain(calendar),
            });
            meters.len() - 1
        };
        let always = rules.calendar_or_always(None);
        let no_target = TargetOf {
            spec: None,
            meter: meter_of(always),
        };
        let mut policies = Vec::with_capacity(rules.file.sla.len());
        for policy in &rules.file.sla {
            let mut of = |priority: Priority, targets: &'r BTreeMap<PriorityKey, TargetSpec>| {
                let spec = targets.get(&PriorityKey(priority));
                let name = spec
                    .and_then(|s| s.calendar.as_ref())
                    .or(policy.calendar.as_ref());
                TargetOf {
                    spec,
                    meter: meter_of(rules.calendar_or_always(name)),
                }
            };
            let per_priority =
                Priority::ALL.map(|p| [of(p, &policy.first_response), of(p, &policy.resolution)]);
            policies.push((policy.name.as_str(), per_priority));
        }
        Targets {
            at_risk: rules.file.escalation.at_risk.0.fraction(),
            none: [no_target; 2],
            policies,
            meters,
        }
    }

    /// The ticket's first-response and resolution targets, by the policy
    /// name stored on it (the first policy of that name).
    pub(crate) fn of(&self, ticket: &Summary) -> &[TargetOf<'r>; 2] {
        let Some(name) = ticket.sla.policy.as_deref() else {
            return &self.none;
        };
        match self.policies.iter().find(|(n, _)| *n == name) {
            Some((_, per_priority)) => &per_priority[ticket.priority as usize],
            None => &self.none,
        }
    }

    fn meter(&self, target: TargetOf<'_>) -> &Meter<'r> {
        &self.meters[target.meter]
    }

    /// The meter durations are reported in: the calendar of the target
    /// (of a ticket's [`Targets::of`]) for [`Clock::Business`], 24x7 for
    /// [`Clock::Calendar`].
    pub(crate) fn measuring(
        &self,
        targets: &[TargetOf<'r>; 2],
        which: Target,
        clock: Clock,
    ) -> &Meter<'r> {
        match clock {
            Clock::Business => self.meter(targets[which as usize]),
            Clock::Calendar => &self.meters[0],
        }
    }
}

/// The ticket's target spec (if its policy sets one for its priority) and
/// the calendar the target counts in: the target's own calendar, else the
/// policy's, else 24x7.
#[cfg(test)]
pub(crate) fn target_spec<'r>(
    rules: &'r Rules,
    ticket: &Summary,
    which: Target,
) -> (Option<&'r TargetSpec>, &'r Calendar) {
    let targets = Targets::new(rules);
    let target = targets.of(ticket)[which as usize];
    (target.spec, targets.meter(target).calendar())
}

/// The calendar durations are reported in: the target's calendar for
/// [`Clock::Business`], `always` for [`Clock::Calendar`].
#[cfg(test)]
pub(crate) fn measuring_calendar<'a>(
    rules: &'a Rules,
    ticket: &Summary,
    which: Target,
    clock: Clock,
    always: &'a Calendar,
) -> &'a Calendar {
    match clock {
        Clock::Business => target_spec(rules, ticket, which).1,
        Clock::Calendar => always,
    }
}

/// The meter's calendar time in `[start, end]` outside `pauses` (an open
/// pause runs to `end`), exact to the nanosecond.
///
/// The pause-free stretches are measured one by one with no pauses passed
/// to the calendar. For a correct calendar this equals
/// `calendar.elapsed(start, end, pauses)`; doing it here keeps the metrics
/// independent of how (and whether) a calendar implementation handles
/// overlapping or unsorted pauses, and lets the meter measure each
/// stretch by lookup.
pub(crate) fn running_time(
    meter: &Meter,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    pauses: &[Pause],
) -> Duration {
    if end <= start {
        return Duration::ZERO;
    }
    let clipped = |p: &Pause| {
        let s = p.start.max(start);
        let e = p.end.unwrap_or(end).min(end);
        (s < e).then_some((s, e))
    };
    if !pauses.iter().any(|p| clipped(p).is_some()) {
        return meter.time(start, end);
    }
    let mut spans: Vec<(DateTime<Utc>, DateTime<Utc>)> =
        pauses.iter().filter_map(clipped).collect();
    spans.sort_unstable();
    let mut total = 0;
    let mut cursor = start;
    for (s, e) in spans {
        if s > cursor {
            total += meter.time(cursor, s).as_nanos();
        }
        cursor = cursor.max(e);
    }
    if end > cursor {
        total += meter.time(cursor, end).as_nanos();
    }
    Duration::from_nanos(total)
}

/// When the ticket's clock last ran: the start of a pause still open at
/// `now`, else `now`. A paused clock cannot pass a due time.
fn clock_stopped_at(ticket: &Summary, now: DateTime<Utc>) -> DateTime<Utc> {
    ticket
        .sla
        .pauses
        .iter()
        .filter(|p| p.start <= now && p.end.is_none_or(|e| e > now))
        .map(|p| p.start)
        .min()
        .unwrap_or(now)
}

/// When the ticket was resolved, if it is resolved or closed now.
pub(crate) fn resolved_at(ticket: &Summary) -> Option<DateTime<Utc>> {
    if ticket.status.is_active() {
        None
    } else {
        ticket.resolved_at.or(ticket.closed_at)
    }
}

struct TargetInput<'a> {
    spec: Option<&'a TargetSpec>,
    meter: &'a Meter<'a>,
    /// The pauses that count against this target.
    pauses: &'a [Pause],
    due: Option<DateTime<Utc>>,
    /// The verdict recorded when the target was achieved.
    recorded: Option<bool>,
    /// When the target was achieved, if it was.
    achieved: Option<DateTime<Utc>>,
}

fn target_state(
    ticket: &Summary,
    x: &TargetInput,
    at_risk: f64,
    now: DateTime<Utc>,
) -> TargetState {
    if let Some(done) = x.achieved {
        let met = match (x.recorded, x.due, x.spec) {
            (Some(met), _, _) => met,
            (None, Some(due), _) => done <= due,
            (None, None, Some(spec)) => {
                running_time(x.meter, ticket.created_at, done, x.pauses) <= spec.within
            }
            (None, None, None) => return TargetState::NoTarget,
        };
        return if met {
            TargetState::Met
        } else {
            TargetState::Missed
        };
    }
    if x.spec.is_none() && x.due.is_none() {
        return TargetState::NoTarget;
    }
    // Business time run so far, when the rules give a target to compare with.
    let elapsed = x
        .spec
        .map(|s| (s, running_time(x.meter, ticket.created_at, now, x.pauses)));
    // The stored due time is authoritative (it is what escalation acted
    // on); the rules' target is the fallback when none is stored, e.g.
    // while a pause is open or after `ticket_as_of` dropped a later one.
    let overdue = match (x.due, elapsed) {
        (Some(due), _) => clock_stopped_at(ticket, now) > due,
        (None, Some((spec, elapsed))) => elapsed > spec.within,
        (None, None) => false,
    };
    if overdue {
        return TargetState::Overdue;
    }
    let risky = match (elapsed, x.due) {
        (Some((spec, elapsed)), _) => elapsed.as_secs_f64() >= at_risk * spec.within.as_secs_f64(),
        // No target in the rules (policy renamed or removed): the share of
        // the wall-clock span from creation to the stored due time.
        (None, Some(due)) => {
            let span = (due - ticket.created_at).num_seconds();
            let run = (clock_stopped_at(ticket, now) - ticket.created_at).num_seconds();
            span > 0 && run as f64 >= at_risk * span as f64
        }
        (None, None) => false,
    };
    if risky {
        TargetState::AtRisk
    } else {
        TargetState::Running
    }
}

/// A ticket's SLA outcome at `now` (see the module documentation for the
/// definitions), with durations measured by `clock`.
pub fn evaluate(ticket: &Summary, rules: &Rules, clock: Clock, now: DateTime<Utc>) -> TicketSla {
    let targets = Targets::new(rules);
    targets.evaluate(ticket, targets.of(ticket), clock, now)
}

impl<'r> Targets<'r> {
    /// [`evaluate`] of a ticket whose targets ([`Targets::of`]) are known.
    pub(crate) fn evaluate(
        &self,
        ticket: &Summary,
        targets: &[TargetOf<'r>; 2],
        clock: Clock,
        now: DateTime<Utc>,
    ) -> TicketSla {
        let pauses = &ticket.sla.pauses;
        let responded = ticket.first_response_at.filter(|&t| t <= now);
        let resolved = resolved_at(ticket).filter(|&t| t <= now);
        let fr = targets[Target::FirstResponse as usize];
        let res = targets[Target::Resolution as usize];
        // A first response recorded after the resolution counts as it was
        // recorded; a verdict stored by an import that stopped its clock at
        // the resolution is not trusted.
        let fr_pauses = crate::sla::first_response_pauses(pauses, responded, resolved);
        let late_response = fr_pauses.len() < pauses.len();

        let first_response = target_state(
            ticket,
            &TargetInput {
                spec: fr.spec,
                meter: self.meter(fr),
                pauses: fr_pauses,
                due: ticket.sla.first_response_due,
                recorded: responded
                    .and(ticket.sla.first_response_met)
                    .filter(|_| !late_response),
                // Resolving without a response ends the wait for one.
                achieved: responded.or(resolved),
            },
            self.at_risk,
            now,
        );
        let resolution = target_state(
            ticket,
            &TargetInput {
                spec: res.spec,
                meter: self.meter(res),
                pauses,
                due: ticket.sla.resolution_due,
                recorded: resolved.and(ticket.sla.resolution_met),
                achieved: resolved,
            },
            self.at_risk,
            now,
        );

        let fr_measure = self.measuring(targets, Target::FirstResponse, clock);
        let res_measure = self.measuring(targets, Target::Resolution, clock);
        TicketSla {
            first_response,
            resolution,
            first_response_secs: responded
                .map(|at| running_time(fr_measure, ticket.created_at, at, fr_pauses).secs()),
            resolution_secs: resolved
                .map(|at| running_time(res_measure, ticket.created_at, at, pauses).secs()),
        }
    }
}
