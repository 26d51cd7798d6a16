//! The escalation ladder and the time-based automations, as pure
//! functions: given a ticket, the rules and an instant, which rungs are due
//! and what their actions do to the ticket. `triage escalate` loads the
//! tickets, calls [`run`] (or [`urge`]), saves and notifies; nothing here
//! reads the clock, the database or the network.
//!
//! # The ladder
//!
//! `escalation.ladder` is a list of rungs, numbered from 1 in the order
//! written. Each rung has a threshold — a share of an SLA target (`75%`)
//! or elapsed business time on it (`2h`) — the targets it watches
//! (`first_response`, `resolution`, `step`; all when not given) and its
//! actions. For every running target of an active ticket:
//!
//! * The ladder is **climbed in order**: the rungs above the highest one
//!   already fired for that target fire one after the other while their
//!   thresholds are reached; the first applicable rung not yet reached
//!   stops the climb (so a rung is never skipped, even when a later
//!   threshold happens to be lower).
//! * **Each rung fires once per ticket and target.** The highest rung
//!   fired is kept in `ticket.sla.escalation[target]`; a second run at the
//!   same instant, or a run every minute, finds nothing new. A reopened
//!   ticket starts its resolution ladder afresh (see [`crate::lifecycle`]).
//! * **A priority bump tightens the target.** `bump_priority` moves the
//!   due times (retroactively from creation, as every priority change
//!   does), so the ticket is measured against the new, shorter target at
//!   once, and rungs above may fire in the same run. Evaluation repeats
//!   until nothing more is due, which is what makes a second run a no-op.
//! * A target is **running** while it is neither met nor missed: first
//!   response until the first `respond`, resolution until resolved, the
//!   current flow step until the flow completes (the flow commands clear
//!   `sla.escalation["step"]` when a step completes, so every step climbs
//!   afresh). A paused clock (pending) does not advance, so no new rung
//!   fires while the ticket waits.
//!
//! # Actions
//!
//! * `notify: assignee` — the assignee; while the ticket is unassigned, its
//!   team's lead (someone must hear about it). `notify: team_lead` — the
//!   lead of the ticket's team. `notify: AGENT` — that agent. Without a
//!   recipient the action is skipped, and the row says why.
//! * `bump_priority: true` — one level more urgent (P1 stays P1); due
//!   times are recomputed and audited.
//! * `reassign: route` — through the routing module, excluding the current
//!   assignee; `reassign: team_lead`; `reassign: AGENT`. Loads and
//!   round-robin state are updated as the run goes, so several reassigned
//!   tickets spread out.
//! * `tag: NAME` — adds the tag.
//!
//! # Automations
//!
//! * `auto_close_after`: a resolved ticket closes itself that long (calendar
//!   time) after it was resolved.
//! * `pending_reminder_after`: a ticket pending (its SLA clock paused)
//!   longer than this reminds its assignee (or the team lead) once per
//!   pause: `ticket.sla.escalation["pending"]` holds the number of the
//!   pause already reminded.
//! * `overload_limit`: an agent whose active load passes the limit notifies
//!   their team lead(s) once; the flag is cleared when the load drops below
//!   the limit again.

use chrono::{DateTime, Utc};

use crate::duration::Duration;
use crate::lifecycle::{self, Act};
use crate::model::{EventKind, NewEvent, Priority, Status, Ticket};
use crate::routing::{self, agent_teams, Candidate, Decision, LogicalClock, TicketView};
use crate::rules::{Action, ReassignTarget, Recipient, Rules, Rung, TargetKind, Threshold};
use crate::sla::{self, TargetState};

/// Key of `ticket.sla.escalation` holding the number (from 1) of the pause
/// whose pending reminder was sent.
pub const PENDING_KEY: &str = "pending";

/// The SLA targets a rung can watch, in the order they are evaluated.
pub const TARGETS: [TargetKind; 3] = [
    TargetKind::FirstResponse,
    TargetKind::Resolution,
    TargetKind::Step,
];

/// How far one running target has run at an instant.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clock {
    pub target: TargetKind,
    /// Business time counted so far (pauses excluded).
    pub elapsed: Duration,
    /// The target.
    pub within: Duration,
    pub state: TargetState,
}

impl Clock {
    /// Elapsed as a percentage of the target; `None` for a zero target.
    pub fn percent(&self) -> Option<f64> {
        (!self.within.is_zero())
            .then(|| self.elapsed.as_secs_f64() * 100.0 / self.within.as_secs_f64())
    }

    /// Whether the clock has reached a rung's threshold.
    pub fn reached(&self, at: Threshold) -> bool {
        match at {
            // Multiply rather than divide, so 75% of 4h is reached at 3h exactly.
            Threshold::Percent(p) => {
                self.elapsed.as_secs_f64() * 100.0 >= self.within.as_secs_f64() * p.0
            }
            Threshold::Elapsed(d) => self.elapsed >= d,
        }
    }
}

/// `75%` or `2h`, as written in the rule file.
pub fn threshold_text(at: Threshold) -> String {
    match at {
        Threshold::Percent(p) => p.to_string(),
        Threshold::Elapsed(d) => d.to_string(),
    }
}

fn state_of(rules: &Rules, elapsed: Duration, within: Duration) -> TargetState {
    if elapsed >= within {
        TargetState::Breached
    } else if elapsed.as_secs_f64()
        >= within.as_secs_f64() * rules.file.escalation.at_risk.0.fraction()
    {
        TargetState::AtRisk
    } else {
        TargetState::Within
    }
}

/// The clock of the current flow step: elapsed business time since the step
/// started, minus pauses, on the step's calendar, else the calendar of the
/// ticket's SLA policy, else 24x7 (as the flows module counts it).
fn step_clock(rules: &Rules, ticket: &Ticket, now: DateTime<Utc>) -> Option<Clock> {
    let flow = ticket.flow.as_ref().filter(|f| !f.completed)?;
    let step = rules.flow(&flow.name)?.steps.get(flow.step)?;
    let within = step.target?;
    let policy_calendar = ticket
        .sla
        .policy
        .as_deref()
        .and_then(|name| rules.file.sla.iter().find(|p| p.name == name))
        .and_then(|p| p.calendar.as_ref());
    let calendar = rules.calendar_or_always(step.calendar.as_ref().or(policy_calendar));
    let elapsed = calendar.elapsed(flow.step_started_at, now, &ticket.sla.pauses);
    Some(Clock {
        target: TargetKind::Step,
        elapsed,
        within,
        state: state_of(rules, elapsed, within),
    })
}

/// The clock of one target if it is running (not met, missed or absent).
pub fn clock(
    rules: &Rules,
    ticket: &Ticket,
    target: TargetKind,
    now: DateTime<Utc>,
) -> Option<Clock> {
    if !ticket.status.is_active() {
        return None;
    }
    if target == TargetKind::Step {
        return step_clock(rules, ticket, now);
    }
    let p = sla::progress(rules, ticket, target, now)?;
    matches!(
        p.state,
        TargetState::Within | TargetState::AtRisk | TargetState::Breached
    )
    .then_some(Clock {
        target,
        elapsed: p.elapsed,
        within: p.within,
        state: p.state,
    })
}

/// The running clocks of a ticket, in [`TARGETS`] order.
pub fn clocks(rules: &Rules, ticket: &Ticket, now: DateTime<Utc>) -> Vec<Clock> {
    TARGETS
        .iter()
        .filter_map(|&t| clock(rules, ticket, t, now))
        .collect()
}

/// The highest rung fired for a target (0: none).
pub fn level(ticket: &Ticket, target: TargetKind) -> u32 {
    ticket
        .sla
        .escalation
        .get(target.as_str())
        .copied()
        .unwrap_or(0)
}

fn applies(rung: &Rung, target: TargetKind) -> bool {
    rung.targets.is_empty() || rung.targets.contains(&target)
}

/// A rung due to fire on a ticket.
#[derive(Clone, Copy, Debug)]
pub struct Due<'r> {
    pub target: TargetKind,
    /// Position in the ladder, from 1.
    pub rung: u32,
    pub spec: &'r Rung,
    /// The target's clock when the rung was found due (`None` for an urge
    /// on a target the ticket's policy does not set).
    pub clock: Option<Clock>,
}

/// The rungs due on the ticket as it stands at `now`: per running target,
/// the rungs above the highest one fired, in ladder order, while their
/// thresholds are reached. Actions are not applied, so a rung that a bump
/// would make due is not listed (see [`run`]).
pub fn due_rungs<'r>(rules: &'r Rules, ticket: &Ticket, now: DateTime<Utc>) -> Vec<Due<'r>> {
    let mut out = Vec::new();
    if rules.file.escalation.ladder.is_empty() {
        return out;
    }
    for clock in clocks(rules, ticket, now) {
        let fired = level(ticket, clock.target);
        for (index, spec) in rules.file.escalation.ladder.iter().enumerate() {
            let rung = index as u32 + 1;
            if rung <= fired || !applies(spec, clock.target) {
                continue;
            }
            if !clock.reached(spec.at) {
                break;
            }
            out.push(Due {
                target: clock.target,
                rung,
                spec,
                clock: Some(clock),
            });
        }
    }
    out
}

/// The next rung of the ladder for an urge (一键催办): regardless of
/// thresholds, the rung after the highest fired, on the running target
/// that has used the largest share of its time (first response before
/// resolution on a tie; a ticket without an SLA policy takes first
/// response until responded, then resolution). Refuses, saying why, when
/// the ladder is empty or already climbed to the top.
pub fn next_rung<'r>(
    rules: &'r Rules,
    ticket: &Ticket,
    now: DateTime<Utc>,
) -> Result<Due<'r>, String> {
    let ladder = &rules.file.escalation.ladder;
    if ladder.is_empty() {
        return Err(format!(
            "ticket {}: the rule file ({}) has no escalation ladder to climb",
            ticket.id, rules.origin
        ));
    }
    let running = clocks(rules, ticket, now);
    let mut targets: Vec<(TargetKind, Option<Clock>)> =
        running.iter().map(|c| (c.target, Some(*c))).collect();
    if targets.is_empty() {
        let fallback = if ticket.first_response_at.is_none() {
            TargetKind::FirstResponse
        } else {
            TargetKind::Resolution
        };
        targets.push((fallback, None));
    }
    // The most urgent clock first; the sort is stable, so ties keep TARGETS order.
    targets.sort_by(|a, b| {
        let share = |c: &Option<Clock>| c.and_then(|c| c.percent()).unwrap_or(-1.0);
        share(&b.1).total_cmp(&share(&a.1))
    });
    for (target, clock) in &targets {
        let fired = level(ticket, *target);
        let next = ladder
            .iter()
            .enumerate()
            .find(|(i, spec)| *i as u32 + 1 > fired && applies(spec, *target));
        if let Some((index, spec)) = next {
            return Ok(Due {
                target: *target,
                rung: index as u32 + 1,
                spec,
                clock: *clock,
            });
        }
    }
    let (target, _) = targets[0];
    Err(format!(
        "ticket {} is already at the top of its escalation ladder ({} rung {} of {}): nothing left to urge",
        ticket.id,
        target.as_str(),
        level(ticket, target),
        ladder.len()
    ))
}

/// The agents as routing sees them during one run: loads and round-robin
/// state change as tickets are reassigned, so later tickets see earlier
/// reassignments.
pub struct Staff<'a> {
    pub candidates: Vec<Candidate<'a>>,
    clock: LogicalClock,
    touched: Vec<bool>,
}

impl<'a> Staff<'a> {
    pub fn new(candidates: Vec<Candidate<'a>>) -> Staff<'a> {
        let clock = LogicalClock::after(&candidates);
        let touched = vec![false; candidates.len()];
        Staff {
            candidates,
            clock,
            touched,
        }
    }

    /// Candidates given a ticket in this run: their `last_assigned` must be saved.
    pub fn assigned_in_run(&self) -> impl Iterator<Item = &Candidate<'a>> {
        self.candidates
            .iter()
            .zip(&self.touched)
            .filter(|(_, t)| **t)
            .map(|(c, _)| c)
    }

    fn route(&self, rules: &Rules, ticket: &Ticket) -> Result<String, String> {
        let mut view = TicketView::of(ticket);
        view.exclude_agent = ticket.assignee.as_deref();
        match routing::route(&view, &self.candidates, &rules.file.routing) {
            Decision::Assigned { agent, .. } => Ok(self.candidates[agent].id.to_string()),
            Decision::Unroutable(why) => Err(why.message(&view)),
        }
    }

    fn moved(&mut self, from: Option<&str>, to: &str, now: DateTime<Utc>) {
        if let Some(c) = from.and_then(|f| self.candidates.iter_mut().find(|c| c.id == f)) {
            c.load = c.load.saturating_sub(1);
        }
        if let Some(i) = self.candidates.iter().position(|c| c.id == to) {
            let c = &mut self.candidates[i];
            c.load = c.load.saturating_add(1);
            c.last_assigned = Some(self.clock.tick(now));
            self.touched[i] = true;
        }
    }
}

/// What an automation did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    Notify,
    BumpPriority,
    Reassign,
    Tag,
    Close,
    Remind,
    /// The SLA policy changed with the rule file.
    Policy,
    /// A due time moved with the rule file.
    Due,
}

impl ActionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Notify => "notify",
            ActionKind::BumpPriority => "bump_priority",
            ActionKind::Reassign => "reassign",
            ActionKind::Tag => "tag",
            ActionKind::Close => "close",
            ActionKind::Remind => "remind",
            ActionKind::Policy => "policy",
            ActionKind::Due => "due",
        }
    }
}

/// One action's effect on a ticket.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub action: ActionKind,
    pub from: Option<String>,
    /// The new value; for a notification, the recipient.
    pub to: Option<String>,
    /// For a notification: how the recipient was chosen (`assignee`,
    /// `team_lead`, `agent`).
    pub role: Option<&'static str>,
    /// Why the action did nothing (no recipient, already P1, nobody to route to).
    pub skipped: Option<String>,
    /// For a moved due time: which target's.
    pub target: Option<TargetKind>,
}

impl Outcome {
    fn done(action: ActionKind, from: Option<String>, to: Option<String>) -> Outcome {
        Outcome {
            action,
            from,
            to,
            role: None,
            skipped: None,
            target: None,
        }
    }

    fn skipped(action: ActionKind, why: impl Into<String>) -> Outcome {
        Outcome {
            action,
            from: None,
            to: None,
            role: None,
            skipped: Some(why.into()),
            target: None,
        }
    }

    /// A notification to deliver once the run is saved.
    pub fn is_notification(&self) -> bool {
        matches!(self.action, ActionKind::Notify | ActionKind::Remind) && self.skipped.is_none()
    }
}

/// What made an automation fire.
#[derive(Clone, Debug, PartialEq)]
pub enum Trigger {
    /// A ladder rung, reached by its threshold or urged by hand.
    Rung {
        target: TargetKind,
        rung: u32,
        at: Threshold,
        clock: Option<Clock>,
        /// The reason given with `triage escalate ID --reason`.
        urged: Option<String>,
    },
    /// The ticket has been pending since `since`.
    PendingReminder { since: DateTime<Utc> },
    /// The ticket was resolved at `resolved_at`.
    AutoClose { resolved_at: DateTime<Utc> },
    /// The SLA policy or due times no longer matched the rule file.
    Refresh,
}

impl Trigger {
    /// `escalation`, `urge`, `pending_reminder`, `auto_close` or `sla`.
    pub fn event(&self) -> &'static str {
        match self {
            Trigger::Rung { urged: Some(_), .. } => "urge",
            Trigger::Rung { .. } => "escalation",
            Trigger::PendingReminder { .. } => "pending_reminder",
            Trigger::AutoClose { .. } => "auto_close",
            Trigger::Refresh => "sla",
        }
    }
}

/// One automation that fired on a ticket: why, what it did, and the audit
/// events to save with the ticket.
#[derive(Clone, Debug)]
pub struct Fired {
    pub trigger: Trigger,
    pub outcomes: Vec<Outcome>,
    pub events: Vec<NewEvent>,
}

/// Who a notification goes to, and in which role.
fn recipient(
    rules: &Rules,
    ticket: &Ticket,
    who: &Recipient,
) -> Result<(String, &'static str), String> {
    let lead = || ticket.team.as_deref().and_then(|t| rules.team_lead(t));
    match who {
        Recipient::Assignee => match (&ticket.assignee, lead()) {
            (Some(a), _) => Ok((a.clone(), "assignee")),
            (None, Some(l)) => Ok((l.to_string(), "team_lead")),
            (None, None) => Err("unassigned, and no team lead to tell instead".into()),
        },
        Recipient::TeamLead => match (&ticket.team, lead()) {
            (_, Some(l)) => Ok((l.to_string(), "team_lead")),
            (Some(team), None) => Err(format!("team {team} has no lead")),
            (None, None) => Err("no team, so no team lead".into()),
        },
        Recipient::Agent(a) => Ok((a.as_str().to_string(), "agent")),
    }
}

fn notify(
    rules: &Rules,
    ticket: &Ticket,
    who: &Recipient,
    kind: ActionKind,
    why: &str,
    act: Act,
    events: &mut Vec<NewEvent>,
) -> Outcome {
    match recipient(rules, ticket, who) {
        Ok((to, role)) => {
            events.push(
                NewEvent::new(act.at, act.actor, EventKind::Notified)
                    .change(None::<&str>, Some(&to))
                    .note(format!("{role}: {why}")),
            );
            Outcome {
                action: kind,
                from: None,
                to: Some(to),
                role: Some(role),
                skipped: None,
                target: None,
            }
        }
        Err(reason) => Outcome::skipped(kind, reason),
    }
}

/// Applies one rung action to the ticket, appending its audit events.
fn apply(
    rules: &Rules,
    ticket: &mut Ticket,
    action: &Action,
    staff: &mut Staff<'_>,
    why: &str,
    act: Act,
    events: &mut Vec<NewEvent>,
) -> Option<Outcome> {
    let outcome = match action {
        Action::Notify(who) => notify(rules, ticket, who, ActionKind::Notify, why, act, events),
        Action::BumpPriority(false) => return None,
        Action::BumpPriority(true) => {
            let from = ticket.priority;
            if from == Priority::P1 {
                Outcome::skipped(ActionKind::BumpPriority, "already P1")
            } else {
                let to = from.bumped();
                events.extend(lifecycle::set_priority(rules, ticket, to, Some(why), act));
                Outcome::done(
                    ActionKind::BumpPriority,
                    Some(from.to_string()),
                    Some(to.to_string()),
                )
            }
        }
        Action::Reassign(target) => {
            let chosen = match target {
                ReassignTarget::Agent(a) => Ok(a.as_str().to_string()),
                ReassignTarget::TeamLead => match ticket.team.as_deref() {
                    None => Err("no team, so no team lead".to_string()),
                    Some(team) => rules
                        .team_lead(team)
                        .map(str::to_string)
                        .ok_or_else(|| format!("team {team} has no lead")),
                },
                ReassignTarget::Route => staff.route(rules, ticket),
            };
            match chosen {
                Err(why_not) => Outcome::skipped(ActionKind::Reassign, why_not),
                Ok(agent) if ticket.assignee.as_deref() == Some(agent.as_str()) => {
                    Outcome::skipped(ActionKind::Reassign, format!("already with {agent}"))
                }
                Ok(agent) => {
                    let from = ticket.assignee.clone();
                    match lifecycle::assign(rules, ticket, &agent, Some(why), act) {
                        Ok(more) => {
                            events.extend(more);
                            staff.moved(from.as_deref(), &agent, act.at);
                            Outcome::done(ActionKind::Reassign, from, Some(agent))
                        }
                        Err(e) => Outcome::skipped(ActionKind::Reassign, e),
                    }
                }
            }
        }
        Action::Tag(tag) => {
            let before = ticket.tags.join(",");
            if ticket.add_tag(tag) {
                events.push(
                    NewEvent::new(act.at, act.actor, EventKind::Tags)
                        .change(Some(before), Some(ticket.tags.join(",")))
                        .note(why.to_string()),
                );
                Outcome::done(ActionKind::Tag, None, Some(tag.clone()))
            } else {
                Outcome::skipped(ActionKind::Tag, format!("already tagged {tag}"))
            }
        }
    };
    Some(outcome)
}

/// A short description of a rung for audit notes and notifications:
/// `resolution rung 2 (100%): 8h of 8h elapsed`.
pub fn describe(target: TargetKind, rung: u32, at: Threshold, clock: Option<&Clock>) -> String {
    let mut text = format!("{} rung {rung} ({})", target.as_str(), threshold_text(at));
    if let Some(c) = clock {
        text.push_str(&format!(
            ": {} of {} elapsed",
            c.elapsed.human(),
            c.within.human()
        ));
    }
    text
}

/// Fires one rung: records it as the target's highest, then applies its
/// actions in the order written (so `reassign` before `notify: assignee`
/// tells the new assignee).
pub fn fire(
    rules: &Rules,
    ticket: &mut Ticket,
    due: Due<'_>,
    staff: &mut Staff<'_>,
    urged: Option<&str>,
    act: Act,
) -> Fired {
    let previous = ticket
        .sla
        .escalation
        .insert(due.target.as_str().to_string(), due.rung);
    let mut why = describe(due.target, due.rung, due.spec.at, due.clock.as_ref());
    if let Some(reason) = urged {
        why = format!("urged ({reason}); {why}");
    }
    let mut events = vec![NewEvent::new(act.at, act.actor, EventKind::Escalated)
        .change(previous, Some(due.rung))
        .note(why.clone())];
    let outcomes = due
        .spec
        .actions
        .iter()
        .filter_map(|a| apply(rules, ticket, a, staff, &why, act, &mut events))
        .collect();
    ticket.updated_at = ticket.updated_at.max(act.at);
    Fired {
        trigger: Trigger::Rung {
            target: due.target,
            rung: due.rung,
            at: due.spec.at,
            clock: due.clock,
            urged: urged.map(str::to_string),
        },
        outcomes,
        events,
    }
}

/// Climbs the ladder until nothing more is due (see the module docs).
pub fn climb(rules: &Rules, ticket: &mut Ticket, staff: &mut Staff<'_>, act: Act) -> Vec<Fired> {
    let mut fired = Vec::new();
    // Every rung fired raises its target's level, so this ends; the bound
    // is a second guarantee.
    let bound = rules.file.escalation.ladder.len() * TARGETS.len() + 1;
    for _ in 0..bound {
        let Some(due) = due_rungs(rules, ticket, act.at).into_iter().next() else {
            break;
        };
        fired.push(fire(rules, ticket, due, staff, None, act));
    }
    fired
}

/// When a pending ticket's reminder is due: the start of its open pause and
/// the pause's number, if the ticket has been pending longer than
/// `pending_reminder_after` and this pause was not reminded yet.
pub fn pending_reminder_due(
    rules: &Rules,
    ticket: &Ticket,
    now: DateTime<Utc>,
) -> Option<(DateTime<Utc>, u32)> {
    let after = rules.file.escalation.pending_reminder_after?;
    if ticket.status != Status::Pending {
        return None;
    }
    let pause = ticket.sla.pauses.last().filter(|p| p.end.is_none())?;
    let number = ticket.sla.pauses.len() as u32;
    let reminded = ticket.sla.escalation.get(PENDING_KEY).copied().unwrap_or(0);
    (reminded < number && now >= pause.start + after.to_chrono()).then_some((pause.start, number))
}

/// What [`mark_passed`] recorded on a ticket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Passed {
    /// Rungs recorded as passed, over all targets.
    pub rungs: u32,
    /// Whether the pending reminder was recorded as sent.
    pub reminder: bool,
}

impl Passed {
    pub fn any(&self) -> bool {
        self.rungs > 0 || self.reminder
    }
}

/// Records as passed, without running their actions, the rungs whose
/// thresholds a ticket had already reached at `at`, and its pending
/// reminder if it was already due: for a ticket brought in from another
/// system (an imported backlog), whose breaches happened before triage
/// knew it. They are recorded where fired rungs are
/// (`ticket.sla.escalation`), with no audit event (nothing happened in
/// triage). The next `escalate` then notifies only thresholds crossed
/// after `at`.
pub fn mark_passed(rules: &Rules, ticket: &mut Ticket, at: DateTime<Utc>) -> Passed {
    let mut passed = Passed::default();
    if !ticket.status.is_active() {
        return passed;
    }
    let ladder = &rules.file.escalation.ladder;
    for clock in clocks(rules, ticket, at) {
        let fired = level(ticket, clock.target);
        let mut top = fired;
        for (index, spec) in ladder.iter().enumerate() {
            let rung = index as u32 + 1;
            if rung <= fired || !applies(spec, clock.target) {
                continue;
            }
            if !clock.reached(spec.at) {
                break;
            }
            top = rung;
            passed.rungs += 1;
        }
        if top > fired {
            ticket
                .sla
                .escalation
                .insert(clock.target.as_str().to_string(), top);
        }
    }
    if let Some((_, number)) = pending_reminder_due(rules, ticket, at) {
        ticket
            .sla
            .escalation
            .insert(PENDING_KEY.to_string(), number);
        passed.reminder = true;
    }
    passed
}

/// Sends the pending reminder if it is due.
pub fn remind(rules: &Rules, ticket: &mut Ticket, act: Act) -> Option<Fired> {
    let (since, number) = pending_reminder_due(rules, ticket, act.at)?;
    ticket
        .sla
        .escalation
        .insert(PENDING_KEY.to_string(), number);
    let waited = Duration::from_secs((act.at - since).num_seconds());
    let why = format!(
        "pending reminder: waiting on the customer for {}",
        waited.human()
    );
    let mut events = Vec::new();
    let outcome = notify(
        rules,
        ticket,
        &Recipient::Assignee,
        ActionKind::Remind,
        &why,
        act,
        &mut events,
    );
    if outcome.skipped.is_some() {
        // Nobody to remind: still recorded, so the next run does not try again.
        events.push(
            NewEvent::new(act.at, act.actor, EventKind::Note).note(format!(
                "{why}; not sent: {}",
                outcome.skipped.as_deref().unwrap_or_default()
            )),
        );
    }
    ticket.updated_at = ticket.updated_at.max(act.at);
    Some(Fired {
        trigger: Trigger::PendingReminder { since },
        outcomes: vec![outcome],
        events,
    })
}

/// Closes a resolved ticket `auto_close_after` after it was resolved.
pub fn auto_close(rules: &Rules, ticket: &mut Ticket, act: Act) -> Option<Fired> {
    let after = rules.file.escalation.auto_close_after?;
    let resolved_at = ticket.resolved_at?;
    if ticket.status != Status::Resolved || act.at < resolved_at + after.to_chrono() {
        return None;
    }
    let mut events = lifecycle::set_status(rules, ticket, Status::Closed, act).ok()?;
    if let Some(first) = events.first_mut() {
        first.note = Some(format!("auto-closed: resolved for {after}"));
    }
    Some(Fired {
        trigger: Trigger::AutoClose { resolved_at },
        outcomes: vec![Outcome::done(
            ActionKind::Close,
            Some(Status::Resolved.to_string()),
            Some(Status::Closed.to_string()),
        )],
        events,
    })
}

/// Brings the ticket's SLA policy and due times in line with the rules
/// (they change when the rule file does), with audit events.
pub fn refresh(rules: &Rules, ticket: &mut Ticket, act: Act) -> Option<Fired> {
    let before = (
        ticket.sla.policy.clone(),
        ticket.sla.first_response_due,
        ticket.sla.resolution_due,
    );
    let events = sla::refresh(rules, ticket, act.at, act.actor);
    let after = (
        ticket.sla.policy.clone(),
        ticket.sla.first_response_due,
        ticket.sla.resolution_due,
    );
    if before == after {
        return None;
    }
    let mut outcomes = Vec::new();
    if before.0 != after.0 {
        outcomes.push(Outcome::done(ActionKind::Policy, before.0, after.0));
    }
    let time = |t: Option<DateTime<Utc>>| t.map(|t| t.to_rfc3339());
    for (target, old, new) in [
        (TargetKind::FirstResponse, before.1, after.1),
        (TargetKind::Resolution, before.2, after.2),
    ] {
        if old != new {
            let mut o = Outcome::done(ActionKind::Due, time(old), time(new));
            o.target = Some(target);
            outcomes.push(o);
        }
    }
    ticket.updated_at = ticket.updated_at.max(act.at);
    Some(Fired {
        trigger: Trigger::Refresh,
        outcomes,
        events,
    })
}

/// Everything `triage escalate` does to one stored ticket at `act.at`:
/// an active ticket has its SLA state brought in line with the rules, then
/// climbs the ladder and may get a pending reminder; a resolved ticket may
/// close itself. Returns what fired, in order (empty: the ticket is unchanged).
pub fn run(rules: &Rules, ticket: &mut Ticket, staff: &mut Staff<'_>, act: Act) -> Vec<Fired> {
    if ticket.status == Status::Resolved {
        return auto_close(rules, ticket, act).into_iter().collect();
    }
    if !ticket.status.is_active() {
        return Vec::new();
    }
    let mut fired: Vec<Fired> = refresh(rules, ticket, act).into_iter().collect();
    fired.extend(climb(rules, ticket, staff, act));
    fired.extend(remind(rules, ticket, act));
    fired
}

/// Urges an active ticket one rung now (一键催办), whatever its clocks say.
pub fn urge(
    rules: &Rules,
    ticket: &mut Ticket,
    staff: &mut Staff<'_>,
    reason: &str,
    act: Act,
) -> Result<Vec<Fired>, String> {
    if !ticket.status.is_active() {
        return Err(format!(
            "ticket {} is {}: only active tickets can be urged (reopen it first)",
            ticket.id, ticket.status
        ));
    }
    let mut fired: Vec<Fired> = refresh(rules, ticket, act).into_iter().collect();
    let due = next_rung(rules, ticket, act.at)?;
    fired.push(fire(rules, ticket, due, staff, Some(reason), act));
    Ok(fired)
}

/// An agent whose overload flag changes in this run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overload {
    pub agent: String,
    pub load: u32,
    pub limit: u32,
    /// The new flag: `true` when the load just passed the limit (notify the
    /// leads), `false` when it dropped below it again (re-armed, silent).
    pub overloaded: bool,
    /// Leads of the agent's teams, without repeats.
    pub leads: Vec<String>,
}

/// The overload watch over the run's final loads: an agent whose load is
/// above `overload_limit` and not yet flagged is reported (notify once);
/// a flagged agent whose load is below the limit is re-armed. A load equal
/// to the limit changes nothing, so a load wavering at the limit does not
/// notify again and again.
pub fn overload_watch(
    rules: &Rules,
    candidates: &[Candidate<'_>],
    flagged: impl Fn(&str) -> bool,
) -> Vec<Overload> {
    let Some(limit) = rules.file.escalation.overload_limit else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for c in candidates {
        let was = flagged(c.id);
        let overloaded = if c.load > limit {
            true
        } else if c.load < limit {
            false
        } else {
            was
        };
        if overloaded == was {
            continue;
        }
        let mut leads: Vec<String> = Vec::new();
        if let Some(spec) = rules.agent(c.id) {
            for team in agent_teams(&rules.file, spec) {
                if let Some(lead) = rules.team_lead(team) {
                    if !leads.iter().any(|l| l == lead) {
                        leads.push(lead.to_string());
                    }
                }
            }
        }
        out.push(Overload {
            agent: c.id.to_string(),
            load: c.load,
            limit,
            overloaded,
            leads,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::Roster;
    use chrono::TimeZone;
    use std::collections::HashMap;

    const RULES: &str = r#"
agents:
  - {id: ann, teams: [billing], capacity: 5}
  - {id: ben, teams: [billing], capacity: 5}
  - {id: cai, teams: [tech], capacity: 5}
teams:
  - {id: billing, lead: ann, members: [ann, ben]}
  - {id: tech, members: [cai]}
sla:
  - name: std
    first_response: {P1: 30m, P2: 1h, P3: 4h, P4: 8h}
    resolution: {P1: 2h, P2: 8h, P3: 1d, P4: 2d}
escalation:
  ladder:
    - at: 75%
      actions: [{notify: assignee}, {tag: at-risk}]
    - at: 100%
      actions: [{bump_priority: true}, {notify: team_lead}]
    - at: 150%
      targets: [resolution]
      actions: [{reassign: route}, {notify: assignee}]
  auto_close_after: 3d
  pending_reminder_after: 1d
  overload_limit: 2
"#;

    fn rules() -> Rules {
        Rules::parse(RULES, "t").unwrap()
    }

    fn at(h: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap() + chrono::Duration::minutes(h)
    }

    fn ticket(rules: &Rules, priority: Priority) -> Ticket {
        let mut t = Ticket::new("x", at(0));
        t.id = 1;
        t.priority = priority;
        t.team = Some("billing".into());
        sla::refresh(rules, &mut t, at(0), "test");
        t
    }

    fn act(minutes: i64) -> Act<'static> {
        Act {
            at: at(minutes),
            actor: "cron",
        }
    }

    fn with_staff<T>(rules: &Rules, f: impl FnOnce(&mut Staff<'_>) -> T) -> T {
        let roster = Roster::new(rules);
        let mut staff = Staff::new(roster.candidates(&HashMap::new(), &HashMap::new(), at(0)));
        f(&mut staff)
    }

    #[test]
    fn rungs_passed_before_an_import_are_recorded_not_fired() {
        let rules = rules();
        // P3: first response 4h, resolution 1d (24x7 here).
        let mut old = ticket(&rules, Priority::P3);
        let passed = mark_passed(&rules, &mut old, at(60 * 40));
        // First response: 75% and 100%; resolution: 75%, 100%, 150%.
        assert_eq!(passed.rungs, 5);
        assert_eq!(level(&old, TargetKind::FirstResponse), 2);
        assert_eq!(level(&old, TargetKind::Resolution), 3);
        assert_eq!(old.tags, Vec::<String>::new(), "no action ran");
        with_staff(&rules, |staff| {
            assert!(climb(&rules, &mut old, staff, act(60 * 40)).is_empty());
            assert!(climb(&rules, &mut old, staff, act(60 * 48)).is_empty());
        });
        // A ticket within its targets at the import climbs as usual later.
        let mut fresh = ticket(&rules, Priority::P3);
        assert_eq!(mark_passed(&rules, &mut fresh, at(60)), Passed::default());
        with_staff(&rules, |staff| {
            let fired = climb(&rules, &mut fresh, staff, act(60 * 3));
            assert_eq!(fired.len(), 1, "75% of the first response");
        });
        let mut done = ticket(&rules, Priority::P3);
        done.status = Status::Resolved;
        assert!(!mark_passed(&rules, &mut done, at(60 * 30)).any());
    }

    fn summary(fired: &[Fired]) -> Vec<String> {
        fired
            .iter()
            .flat_map(|f| {
                let head = match &f.trigger {
                    Trigger::Rung { target, rung, .. } => format!("{}#{rung}", target.as_str()),
                    other => other.event().to_string(),
                };
                f.outcomes.iter().map(move |o| {
                    format!(
                        "{head} {} {}{}",
                        o.action.as_str(),
                        o.to.clone().unwrap_or_default(),
                        o.skipped
                            .as_ref()
                            .map(|s| format!(" (skipped: {s})"))
                            .unwrap_or_default()
                    )
                })
            })
            .collect()
    }

    #[test]
    fn thresholds_are_reached_exactly() {
        let rules = rules();
        let t = ticket(&rules, Priority::P3);
        // First response 4h: 75% is 3h exactly.
        let c = clock(&rules, &t, TargetKind::FirstResponse, at(179)).unwrap();
        assert!(!c.reached(Threshold::Percent(crate::duration::Percent(75.0))));
        let c = clock(&rules, &t, TargetKind::FirstResponse, at(180)).unwrap();
        assert!(c.reached(Threshold::Percent(crate::duration::Percent(75.0))));
        assert_eq!(c.state, TargetState::AtRisk);
        assert!(c.reached(Threshold::Elapsed(Duration::from_hours(3))));
        assert_eq!(c.percent(), Some(75.0));
    }

    #[test]
    fn each_rung_fires_once() {
        let rules = rules();
        let mut t = ticket(&rules, Priority::P3);
        t.assignee = Some("ben".into());
        with_staff(&rules, |staff| {
            assert!(run(&rules, &mut t, staff, act(179)).is_empty());
            let fired = run(&rules, &mut t, staff, act(180));
            assert_eq!(
                summary(&fired),
                [
                    "first_response#1 notify ben",
                    "first_response#1 tag at-risk"
                ]
            );
            assert!(run(&rules, &mut t, staff, act(180)).is_empty());
            assert!(run(&rules, &mut t, staff, act(181)).is_empty());
            assert_eq!(t.sla.escalation["first_response"], 1);
        });
    }

    #[test]
    fn a_bump_tightens_the_target_and_the_climb_reaches_a_fixed_point() {
        let rules = rules();
        let mut t = ticket(&rules, Priority::P3);
        t.assignee = Some("ben".into());
        with_staff(&rules, |staff| {
            // 4h: first response breached. Rung 1 and 2 fire; the bump to P2
            // makes the resolution target 8h, 4h of which is 50%: nothing more.
            let fired = run(&rules, &mut t, staff, act(240));
            assert_eq!(
                summary(&fired),
                [
                    "first_response#1 notify ben",
                    "first_response#1 tag at-risk",
                    "first_response#2 bump_priority P2",
                    "first_response#2 notify ann",
                ]
            );
            assert_eq!(t.priority, Priority::P2);
            assert_eq!(t.sla.resolution_due, Some(at(8 * 60)));
            let kinds: Vec<EventKind> = fired
                .iter()
                .flat_map(|f| f.events.iter().map(|e| e.kind))
                .collect();
            assert!(kinds.contains(&EventKind::Priority) && kinds.contains(&EventKind::Due));
            // 6h = 75% of 8h: the resolution ladder starts.
            let fired = run(&rules, &mut t, staff, act(360));
            assert_eq!(
                summary(&fired),
                [
                    "resolution#1 notify ben",
                    "resolution#1 tag  (skipped: already tagged at-risk)"
                ]
            );
            // 8h: resolution breached, bump to P1 (2h target): 400% at once,
            // so the 150% rung follows in the same run and re-routes to ann.
            let fired = run(&rules, &mut t, staff, act(480));
            assert_eq!(
                summary(&fired),
                [
                    "resolution#2 bump_priority P1",
                    "resolution#2 notify ann",
                    "resolution#3 reassign ann",
                    "resolution#3 notify ann",
                ]
            );
            assert_eq!(t.assignee.as_deref(), Some("ann"));
            assert_eq!(t.reassignments, 1);
            assert!(run(&rules, &mut t, staff, act(480)).is_empty());
            assert!(run(&rules, &mut t, staff, act(10_000)).is_empty());
            assert_eq!(staff.assigned_in_run().count(), 1);
        });
    }

    #[test]
    fn a_late_run_fires_every_passed_rung_in_order() {
        let rules = rules();
        let mut t = ticket(&rules, Priority::P1);
        with_staff(&rules, |staff| {
            let fired = run(&rules, &mut t, staff, act(24 * 60));
            let rungs: Vec<String> = fired
                .iter()
                .map(|f| match &f.trigger {
                    Trigger::Rung { target, rung, .. } => format!("{}#{rung}", target.as_str()),
                    other => other.event().into(),
                })
                .collect();
            assert_eq!(
                rungs,
                [
                    "first_response#1",
                    "first_response#2",
                    "resolution#1",
                    "resolution#2",
                    "resolution#3"
                ]
            );
            // Unassigned: "notify assignee" goes to the team lead.
            assert_eq!(fired[0].outcomes[0].to.as_deref(), Some("ann"));
            assert_eq!(fired[0].outcomes[0].role, Some("team_lead"));
            assert_eq!(fired[1].outcomes[0].skipped.as_deref(), Some("already P1"));
        });
    }

    #[test]
    fn paused_clocks_do_not_climb_and_pending_reminds_once_per_pause() {
        let rules = rules();
        let mut t = ticket(&rules, Priority::P3);
        t.assignee = Some("ben".into());
        t.status = Status::Open;
        let a = |m| Act {
            at: at(m),
            actor: "x",
        };
        lifecycle::set_status(&rules, &mut t, Status::Pending, a(60)).unwrap();
        with_staff(&rules, |staff| {
            assert!(run(&rules, &mut t, staff, act(60 + 24 * 60 - 1)).is_empty());
            let fired = run(&rules, &mut t, staff, act(60 + 24 * 60));
            assert_eq!(summary(&fired), ["pending_reminder remind ben"]);
            assert!(run(&rules, &mut t, staff, act(60 + 48 * 60)).is_empty());
            // A second pause reminds again.
            lifecycle::set_status(&rules, &mut t, Status::Open, a(60 + 48 * 60)).unwrap();
            lifecycle::set_status(&rules, &mut t, Status::Pending, a(60 + 48 * 60 + 1)).unwrap();
            assert!(run(&rules, &mut t, staff, act(60 + 49 * 60)).is_empty());
            let fired = run(&rules, &mut t, staff, act(60 + 73 * 60));
            assert_eq!(summary(&fired), ["pending_reminder remind ben"]);
            assert_eq!(t.sla.escalation[PENDING_KEY], 2);
        });
    }

    #[test]
    fn resolved_tickets_close_after_the_delay() {
        let rules = rules();
        let mut t = ticket(&rules, Priority::P3);
        lifecycle::set_status(&rules, &mut t, Status::Resolved, act(60)).unwrap();
        with_staff(&rules, |staff| {
            assert!(run(&rules, &mut t, staff, act(60 + 3 * 24 * 60 - 1)).is_empty());
            let fired = run(&rules, &mut t, staff, act(60 + 3 * 24 * 60));
            assert_eq!(summary(&fired), ["auto_close close closed"]);
            assert_eq!(t.status, Status::Closed);
            assert_eq!(
                fired[0].events[0].note.as_deref(),
                Some("auto-closed: resolved for 3d")
            );
            assert!(run(&rules, &mut t, staff, act(10 * 24 * 60)).is_empty());
        });
    }

    #[test]
    fn urge_climbs_one_rung_on_the_most_urgent_clock() {
        let rules = rules();
        let mut t = ticket(&rules, Priority::P3);
        t.first_response_at = Some(at(10));
        t.sla.first_response_met = Some(true);
        with_staff(&rules, |staff| {
            let fired = urge(&rules, &mut t, staff, "customer called", act(20)).unwrap();
            assert_eq!(fired.len(), 1);
            assert_eq!(fired[0].trigger.event(), "urge");
            assert_eq!(t.sla.escalation["resolution"], 1);
            assert!(fired[0].events[0]
                .note
                .as_deref()
                .unwrap()
                .starts_with("urged (customer called); resolution rung 1 (75%)"));
            urge(&rules, &mut t, staff, "again", act(21)).unwrap();
            urge(&rules, &mut t, staff, "again", act(22)).unwrap();
            assert_eq!(t.sla.escalation["resolution"], 3);
            let err = urge(&rules, &mut t, staff, "again", act(23)).unwrap_err();
            assert!(err.contains("top of its escalation ladder"), "{err}");
            // The automatic run does not fire the urged rungs again.
            let fired = run(&rules, &mut t, staff, act(3 * 24 * 60));
            assert!(fired.is_empty(), "{:?}", summary(&fired));
        });
    }

    #[test]
    fn overload_notifies_once_until_the_load_drops_below() {
        let rules = rules();
        let roster = Roster::new(&rules);
        let loads = |n: u32| HashMap::from([("ben".to_string(), n)]);
        let states = HashMap::new();
        let watch = |n: u32, flagged: bool| {
            let cands = roster.candidates(&states, &loads(n), at(0));
            overload_watch(&rules, &cands, |a| flagged && a == "ben")
        };
        assert!(watch(2, false).is_empty());
        let changes = watch(3, false);
        assert_eq!(changes.len(), 1);
        assert!(changes[0].overloaded);
        assert_eq!(changes[0].leads, ["ann"]);
        assert!(watch(3, true).is_empty());
        assert!(watch(2, true).is_empty(), "at the limit: still flagged");
        let changes = watch(1, true);
        assert_eq!(changes.len(), 1);
        assert!(!changes[0].overloaded);
    }

    #[test]
    fn a_flow_step_climbs_its_own_ladder_once_per_step() {
        let text = r#"
teams:
  - {id: desk}
sla:
  - name: std
    first_response: {P3: 1d}
    resolution: {P3: 5d}
escalation:
  ladder:
    - at: 100%
      targets: [step]
      actions: [{tag: step-overdue}]
flows:
  - name: refund
    steps:
      - {name: review, team: desk, target: 4h}
      - {name: pay, team: desk, target: 1h}
"#;
        let rules = Rules::parse(text, "t").unwrap();
        let mut t = ticket(&rules, Priority::P3);
        t.flow = Some(crate::model::FlowState {
            name: "refund".into(),
            step: 0,
            step_started_at: at(60),
            step_due: None,
            completed: false,
        });
        with_staff(&rules, |staff| {
            assert!(run(&rules, &mut t, staff, act(60 + 239)).is_empty());
            let fired = run(&rules, &mut t, staff, act(60 + 240));
            assert_eq!(summary(&fired), ["step#1 tag step-overdue"]);
            assert!(run(&rules, &mut t, staff, act(60 + 300)).is_empty());
            // The flow moves on: the flows module clears the step's level.
            let flow = t.flow.as_mut().unwrap();
            flow.step = 1;
            flow.step_started_at = at(400);
            t.sla.escalation.remove(TargetKind::Step.as_str());
            assert!(run(&rules, &mut t, staff, act(459)).is_empty());
            let fired = run(&rules, &mut t, staff, act(460));
            assert_eq!(
                summary(&fired),
                ["step#1 tag  (skipped: already tagged step-overdue)"]
            );
        });
    }

    #[test]
    fn ladder_is_climbed_in_order_even_when_a_later_threshold_is_lower() {
        let text = RULES.replace("- at: 100%", "- at: 1m");
        let rules = Rules::parse(&text, "t").unwrap();
        let mut t = ticket(&rules, Priority::P3);
        assert!(due_rungs(&rules, &t, at(60)).is_empty());
        t.sla.escalation.insert("first_response".into(), 1);
        let due = due_rungs(&rules, &t, at(60));
        // The 1m rung follows once the 75% rung has fired; resolution is
        // still below its first rung.
        assert_eq!(due.len(), 1);
        assert_eq!((due[0].target, due[0].rung), (TargetKind::FirstResponse, 2));
    }
}
