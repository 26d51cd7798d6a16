//! Cross-team flows: a ticket moves through the named steps of a flow
//! (after-sales review → warehouse receipt → finance refund), each step
//! owned by a team, with its own SLA clock and the fields that must be
//! filled before it can complete. Pure: functions take a ticket and return
//! the audit events that explain the change (like [`crate::lifecycle`]), or
//! refuse with a message that says why. `src/commands/flow.rs` does the
//! I/O and the routing.
//!
//! # Moves
//!
//! * [`start`] puts a ticket on the first step of a flow. A ticket runs one
//!   flow at a time; a finished flow may be followed by another.
//! * [`advance`] completes the current step and enters the next one, or
//!   completes the flow after its last step. It is refused, naming every
//!   missing field, while a field the step `requires` is empty, and, for a
//!   step with `participants`, until each participant team is named with
//!   `--with AGENT`. There is no way to skip a step.
//! * [`back`] hands the ticket back one step, with a reason (not from the
//!   first step, not once the flow is complete).
//!
//! Entering a step sets the ticket's `team` to the step's team and its
//! required `skills` to the step's skills (so routing looks in the right
//! team), restarts the step clock and clears the `step` rung of
//! `sla.escalation`, so `escalate` fires afresh, once, for every step.
//! **The assignee keeps the ticket** when they are a member of the new
//! step's team and have its skills (continuity: one person may work several
//! steps); otherwise the ticket is unassigned in the same change and the
//! caller routes it through [`crate::dispatch::route_tickets`].
//! Completing the flow keeps team and assignee: whoever finished the last
//! step resolves the ticket as usual. The ticket's own first-response and
//! resolution clocks are untouched by flows and keep running throughout.
//!
//! # Step clock
//!
//! A step's target counts business time on the step's `calendar`, else the
//! calendar of the ticket's SLA policy, else 24x7, from the moment the step
//! was entered, minus the ticket's pauses (time pending on the customer, or
//! resolved). `flow.step_due` is that due time (`None` while paused);
//! [`refresh_step_due`] recomputes it after a pause or resume.
//!
//! # Audit events
//!
//! Every move is one event of kind [`EventKind::Flow`], so the step history
//! can be rebuilt from the audit log alone ([`step_history`]):
//!
//! | move | `from` | `to` | `note` |
//! |---|---|---|---|
//! | start | — | first step | `start FLOW` or `start FLOW: TEXT` |
//! | advance | step left | step entered | `advance`, `advance with A, B`, `advance: TEXT`, `advance with A, B: TEXT` |
//! | complete (advance out of the last step) | last step | — | `complete` (with the same optional parts) |
//! | back | step left | step entered | `back: REASON` |
//!
//! `actor` is who made the move. `with` lists the agents who handled the
//! step jointly (participants), comma-separated; `TEXT` is the free note;
//! `FLOW` is the flow's name (everything before the first `": "`). The flow
//! of an `advance`, `complete` or `back` is that of the latest `start`
//! before it. In the same change, `field` events for the values set with
//! `--set` come just before an `advance`/`complete`, and the events the move
//! causes follow it: `team` and `update` (note `skills`) when the step
//! changes them, `unassigned` (and `status`) when the assignee does not
//! stay. The `assigned` event of the routing follows in a second change.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::duration::Duration;
use crate::lifecycle::{self, Act};
use crate::metrics::percentile_nearest_rank;
use crate::model::{Event, EventKind, FlowState, NewEvent, Ticket, TicketId};
use crate::output::{Cell, Table};
use crate::rules::{FlowSpec, Rules, StepSpec, TargetKind};
use crate::sla::{Calendar, Progress, TargetState};

/// Key of the step clock in `ticket.sla.escalation`.
pub const STEP_TARGET: &str = "step";

fn event(act: Act, kind: EventKind) -> NewEvent {
    NewEvent::new(act.at, act.actor, kind)
}

/// The flow a ticket is running now (started and not complete), with its
/// current step, as the rule file defines them.
pub fn current_step<'r>(rules: &'r Rules, ticket: &Ticket) -> Option<(&'r FlowSpec, &'r StepSpec)> {
    let state = ticket.flow.as_ref().filter(|f| !f.completed)?;
    let flow = rules.flow(&state.name)?;
    Some((flow, flow.steps.get(state.step)?))
}

/// The calendar a step's clock counts on: the step's own, else the one of
/// the ticket's SLA policy, else 24x7.
pub fn step_calendar<'r>(
    rules: &'r Rules,
    step: Option<&StepSpec>,
    ticket: &Ticket,
) -> &'r Calendar {
    let policy = ticket
        .sla
        .policy
        .as_deref()
        .and_then(|name| rules.file.sla.iter().find(|p| p.name == name))
        .and_then(|p| p.calendar.as_ref());
    rules.calendar_or_always(step.and_then(|s| s.calendar.as_ref()).or(policy))
}

/// The current step's due time: its target counted from when the step was
/// entered, minus the ticket's pauses. `None` without a running flow or a
/// target, or while the clock is paused.
pub fn step_due(rules: &Rules, ticket: &Ticket) -> Option<DateTime<Utc>> {
    let (_, step) = current_step(rules, ticket)?;
    let target = step.target?;
    let started = ticket.flow.as_ref()?.step_started_at;
    step_calendar(rules, Some(step), ticket).due(started, target, &ticket.sla.pauses)
}

/// Recomputes `flow.step_due` (after a pause, a resume or a rule change).
/// Returns whether it changed.
pub fn refresh_step_due(rules: &Rules, ticket: &mut Ticket) -> bool {
    let due = step_due(rules, ticket);
    match ticket.flow.as_mut() {
        Some(state) if state.step_due != due => {
            state.step_due = due;
            true
        }
        _ => false,
    }
}

/// Where the current step's clock stands at `now` (kind [`TargetKind::Step`]):
/// business time since the step was entered, minus pauses, against the
/// step's target. `None` when the ticket runs no flow, the step has no
/// target, or the ticket is resolved or closed. For `escalate`: an overdue
/// step is `Breached`, like any target.
pub fn step_progress(rules: &Rules, ticket: &Ticket, now: DateTime<Utc>) -> Option<Progress> {
    if !ticket.status.is_active() {
        return None;
    }
    let (_, step) = current_step(rules, ticket)?;
    let within = step.target?;
    let started = ticket.flow.as_ref()?.step_started_at;
    let elapsed =
        step_calendar(rules, Some(step), ticket).elapsed(started, now, &ticket.sla.pauses);
    let state = if elapsed >= within {
        TargetState::Breached
    } else if elapsed.as_secs_f64()
        >= within.as_secs_f64() * rules.file.escalation.at_risk.0.fraction()
    {
        TargetState::AtRisk
    } else {
        TargetState::Within
    };
    Some(Progress {
        kind: TargetKind::Step,
        elapsed,
        within,
        state,
    })
}

/// The lead of the current step's team: who `escalate` notifies about an
/// overdue step (`notify: team_lead` on a `step` target).
pub fn step_team_lead<'r>(rules: &'r Rules, ticket: &Ticket) -> Option<&'r str> {
    let (_, step) = current_step(rules, ticket)?;
    rules.team_lead(step.team.as_str())
}

fn known_flows(rules: &Rules) -> String {
    let names: Vec<&str> = rules.file.flows.iter().map(|f| f.name.as_str()).collect();
    if names.is_empty() {
        "the rule file declares no flows".to_string()
    } else {
        format!("the rule file declares {}", names.join(", "))
    }
}

fn require_active(ticket: &Ticket) -> Result<(), String> {
    if ticket.status.is_active() {
        Ok(())
    } else {
        Err(format!(
            "ticket {} is {}: reopen it first (triage reopen {})",
            ticket.id, ticket.status, ticket.id
        ))
    }
}

/// The running flow's spec and state, or why there is none.
fn running<'r>(rules: &'r Rules, ticket: &Ticket) -> Result<(&'r FlowSpec, usize), String> {
    let Some(state) = ticket.flow.as_ref() else {
        return Err(format!(
            "ticket {} is not in a flow (start one with triage flow start {} FLOW)",
            ticket.id, ticket.id
        ));
    };
    if state.completed {
        return Err(format!(
            "ticket {} has completed flow {}: there is no step to move",
            ticket.id, state.name
        ));
    }
    let flow = rules.flow(&state.name).ok_or_else(|| {
        format!(
            "ticket {} is in flow {:?}, which the rule file ({}) no longer declares",
            ticket.id, state.name, rules.origin
        )
    })?;
    if state.step >= flow.steps.len() {
        return Err(format!(
            "ticket {} is at step {} of flow {}, which has only {} steps",
            ticket.id,
            state.step + 1,
            flow.name,
            flow.steps.len()
        ));
    }
    Ok((flow, state.step))
}

/// Whether the assignee may keep the ticket at `step`: a member of its team
/// with every skill it requires.
fn assignee_fits(rules: &Rules, agent: &str, step: &StepSpec) -> bool {
    let Some(spec) = rules.agent(agent) else {
        return false;
    };
    let member = rules
        .team_members(step.team.as_str())
        .iter()
        .any(|a| a.id.as_str() == agent);
    member
        && step
            .skills
            .iter()
            .all(|s| spec.skills.iter().any(|k| k.name.eq_ignore_ascii_case(s)))
}

/// Enters step `index`: team, skills, clock, escalation rung, assignee.
fn enter(
    rules: &Rules,
    ticket: &mut Ticket,
    flow: &FlowSpec,
    index: usize,
    act: Act,
) -> Result<Vec<NewEvent>, String> {
    let step = &flow.steps[index];
    let mut events = Vec::new();
    let why = format!("flow {}: step {}", flow.name, step.name);
    if ticket.team.as_deref() != Some(step.team.as_str()) {
        events.push(
            event(act, EventKind::Team)
                .change(ticket.team.as_ref(), Some(step.team.as_str()))
                .note(why.clone()),
        );
        ticket.team = Some(step.team.to_string());
    }
    if ticket.skills != step.skills {
        let list = |skills: &[String]| Some(skills.join(", ")).filter(|s| !s.is_empty());
        events.push(
            event(act, EventKind::Update)
                .change(list(&ticket.skills), list(&step.skills))
                .note("skills"),
        );
        ticket.skills = step.skills.clone();
    }
    ticket.flow = Some(FlowState {
        name: flow.name.to_string(),
        step: index,
        step_started_at: act.at,
        step_due: None,
        completed: false,
    });
    refresh_step_due(rules, ticket);
    ticket.sla.escalation.remove(STEP_TARGET);
    ticket.updated_at = act.at;
    if let Some(agent) = ticket.assignee.clone() {
        if !assignee_fits(rules, &agent, step) {
            let reason = format!("hand-off to team {} ({why})", step.team);
            events.extend(lifecycle::unassign(rules, ticket, Some(&reason), act)?);
        }
    }
    Ok(events)
}

/// Starts `flow` on the ticket at its first step (see the module doc for
/// what entering a step does). `note` goes into the audit event. Refused
/// for an unknown flow, a resolved or closed ticket, or a ticket already
/// running a flow.
pub fn start(
    rules: &Rules,
    ticket: &mut Ticket,
    flow: &str,
    note: Option<&str>,
    act: Act,
) -> Result<Vec<NewEvent>, String> {
    let spec = rules
        .flow(flow)
        .ok_or_else(|| format!("unknown flow {flow:?}: {}", known_flows(rules)))?;
    require_active(ticket)?;
    if let Some(state) = ticket.flow.as_ref().filter(|f| !f.completed) {
        let step = rules
            .flow(&state.name)
            .and_then(|f| f.steps.get(state.step))
            .map(|s| s.name.as_str())
            .unwrap_or("?");
        return Err(format!(
            "ticket {} is already in flow {} (step {step}): finish it first",
            ticket.id, state.name
        ));
    }
    let first = &spec.steps[0];
    let mut events = vec![event(act, EventKind::Flow)
        .change(None::<&str>, Some(&first.name))
        .note(note_text(&format!("start {}", spec.name), &[], note))];
    events.extend(enter(rules, ticket, spec, 0, act)?);
    Ok(events)
}

/// What [`advance`] records besides the move.
#[derive(Clone, Copy, Debug, Default)]
pub struct AdvanceInput<'a> {
    /// Field values to set first (`--set NAME=VALUE`); they count towards
    /// the step's required fields.
    pub set: &'a [(String, String)],
    /// Agents who handled the step jointly (`--with AGENT`): members of the
    /// step's team or of its participant teams.
    pub with: &'a [String],
    /// A free note for the audit event.
    pub note: Option<&'a str>,
}

fn filled(fields: &BTreeMap<String, String>, name: &str) -> bool {
    fields.get(name).is_some_and(|v| !v.trim().is_empty())
}

/// Completes the current step and enters the next one, or completes the
/// flow after the last step. Refused (and nothing changed) while a required
/// field is empty, naming each missing field, or while a participant team
/// of the step has nobody named in `with`.
pub fn advance(
    rules: &Rules,
    ticket: &mut Ticket,
    input: AdvanceInput,
    act: Act,
) -> Result<Vec<NewEvent>, String> {
    require_active(ticket)?;
    let (flow, index) = running(rules, ticket)?;
    let step = &flow.steps[index];

    let mut fields = ticket.fields.clone();
    for (k, v) in input.set {
        fields.insert(k.clone(), v.clone());
    }
    let missing: Vec<&str> = step
        .requires
        .iter()
        .map(|s| s.as_str())
        .filter(|name| !filled(&fields, name))
        .collect();
    if !missing.is_empty() {
        let (what, verb) = if missing.len() == 1 {
            ("field", "is")
        } else {
            ("fields", "are")
        };
        let hint: Vec<String> = missing.iter().map(|m| format!("--set {m}=VALUE")).collect();
        return Err(format!(
            "ticket {}: step {} of flow {} cannot complete: required {what} {} {verb} missing (add {})",
            ticket.id,
            step.name,
            flow.name,
            missing.join(", "),
            hint.join(" ")
        ));
    }

    let mut teams: Vec<&str> = vec![step.team.as_str()];
    teams.extend(step.participants.iter().map(|t| t.as_str()));
    let in_team = |agent: &str, team: &str| {
        rules
            .team_members(team)
            .iter()
            .any(|a| a.id.as_str() == agent)
    };
    for agent in input.with {
        if !teams.iter().any(|team| in_team(agent, team)) {
            return Err(format!(
                "--with {agent}: not a member of {} (the teams handling step {})",
                teams.join(" or "),
                step.name
            ));
        }
    }
    for team in &step.participants {
        if !input.with.iter().any(|a| in_team(a, team.as_str())) {
            let members: Vec<&str> = rules
                .team_members(team.as_str())
                .iter()
                .map(|a| a.id.as_str())
                .collect();
            return Err(format!(
                "ticket {}: step {} of flow {} is handled by {} jointly with {team}: name who took part for {team} with --with AGENT (members: {})",
                ticket.id,
                step.name,
                flow.name,
                step.team,
                if members.is_empty() { "none".to_string() } else { members.join(", ") }
            ));
        }
    }

    let mut events = Vec::new();
    for (k, v) in input.set {
        if ticket.fields.get(k) != Some(v) {
            events.push(
                event(act, EventKind::Field)
                    .change(ticket.fields.get(k), Some(v))
                    .note(k.clone()),
            );
            ticket.fields.insert(k.clone(), v.clone());
        }
    }
    let next = flow.steps.get(index + 1);
    let verb = if next.is_some() {
        "advance"
    } else {
        "complete"
    };
    events.push(
        event(act, EventKind::Flow)
            .change(Some(&step.name), next.map(|s| &s.name))
            .note(note_text(verb, input.with, input.note)),
    );
    match next {
        Some(_) => events.extend(enter(rules, ticket, flow, index + 1, act)?),
        None => {
            let state = ticket.flow.as_mut().expect("running flow checked above");
            state.step = flow.steps.len();
            state.step_due = None;
            state.completed = true;
            ticket.sla.escalation.remove(STEP_TARGET);
            ticket.updated_at = act.at;
        }
    }
    Ok(events)
}

/// Hands the ticket back to the previous step (its team, a fresh step
/// clock), recording `reason`. Refused at the first step, once the flow is
/// complete, or without a reason.
pub fn back(
    rules: &Rules,
    ticket: &mut Ticket,
    reason: &str,
    act: Act,
) -> Result<Vec<NewEvent>, String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err("a hand-back needs a reason (--reason TEXT): it goes in the audit log".into());
    }
    require_active(ticket)?;
    let (flow, index) = running(rules, ticket)?;
    if index == 0 {
        return Err(format!(
            "ticket {} is at the first step ({}) of flow {}: there is no step to hand it back to",
            ticket.id, flow.steps[0].name, flow.name
        ));
    }
    let mut events = vec![event(act, EventKind::Flow)
        .change(
            Some(&flow.steps[index].name),
            Some(&flow.steps[index - 1].name),
        )
        .note(format!("back: {reason}"))];
    events.extend(enter(rules, ticket, flow, index - 1, act)?);
    Ok(events)
}

fn note_text(verb: &str, with: &[String], text: Option<&str>) -> String {
    let mut note = verb.to_string();
    if !with.is_empty() {
        note.push_str(" with ");
        note.push_str(&with.join(", "));
    }
    if let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) {
        note.push_str(": ");
        note.push_str(text);
    }
    note
}

/// The kind of a flow move, as its audit note starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Move {
    Start,
    Advance,
    Complete,
    Back,
}

impl Move {
    pub fn as_str(self) -> &'static str {
        match self {
            Move::Start => "start",
            Move::Advance => "advance",
            Move::Complete => "complete",
            Move::Back => "back",
        }
    }
}

/// A flow event's note, read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowNote {
    pub kind: Move,
    /// The flow's name (`start` only).
    pub flow: Option<String>,
    /// Agents who handled the step jointly (`advance`, `complete`).
    pub with: Vec<String>,
    /// The free note, or the reason of a hand-back.
    pub text: Option<String>,
}

/// Reads a flow event's note (see the module doc). `None` for text that
/// follows no known form.
pub fn parse_note(note: &str) -> Option<FlowNote> {
    let (verb, rest) = match note.find([' ', ':']) {
        Some(i) => note.split_at(i),
        None => (note, ""),
    };
    let kind = match verb {
        "start" => Move::Start,
        "advance" => Move::Advance,
        "complete" => Move::Complete,
        "back" => Move::Back,
        _ => return None,
    };
    let split_text = |s: &str| -> (String, Option<String>) {
        match s.split_once(": ") {
            Some((head, text)) => (head.to_string(), Some(text.to_string())),
            None => (s.trim_end_matches(':').to_string(), None),
        }
    };
    let mut out = FlowNote {
        kind,
        flow: None,
        with: Vec::new(),
        text: None,
    };
    match kind {
        Move::Start => {
            let (flow, text) = split_text(rest.strip_prefix(' ')?);
            out.flow = Some(flow);
            out.text = text;
        }
        Move::Advance | Move::Complete => {
            let (head, text) = split_text(rest);
            out.text = text;
            if let Some(list) = head.strip_prefix(" with ") {
                out.with = list.split(", ").map(str::to_string).collect();
            } else if !head.is_empty() {
                return None;
            }
        }
        Move::Back => {
            out.text = rest
                .strip_prefix(": ")
                .map(str::to_string)
                .filter(|t| !t.is_empty());
        }
    }
    Some(out)
}

/// One stay of a ticket in one step, rebuilt from the audit log. A
/// hand-back makes a second visit of the same step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepVisit {
    pub ticket: TicketId,
    pub flow: String,
    pub step: String,
    pub entered_at: DateTime<Utc>,
    /// Who moved the ticket into the step, and how.
    pub entered_by: String,
    pub entered_via: Move,
    /// When the ticket left the step (`None`: it is still there).
    pub left_at: Option<DateTime<Utc>>,
    pub left_by: Option<String>,
    /// `Advance` or `Complete`: the step was done; `Back`: handed back from it.
    pub left_via: Option<Move>,
    /// The last agent assigned while the ticket was in the step.
    pub assignee: Option<String>,
    /// Agents who handled the step jointly.
    pub with: Vec<String>,
    /// The note of the move out of the step (a hand-back's reason).
    pub note: Option<String>,
}

impl StepVisit {
    /// Done (advanced or completed) rather than handed back or still running.
    pub fn done(&self) -> bool {
        matches!(self.left_via, Some(Move::Advance | Move::Complete))
    }
}

/// Every step visit of one ticket, in order, from its audit events (sorted
/// by `seq`; events of other kinds are read for the assignee only). A new
/// `start` closes nothing: a flow is only started when none is running.
pub fn step_history(events: &[Event]) -> Vec<StepVisit> {
    let mut visits: Vec<StepVisit> = Vec::new();
    let mut open: Option<usize> = None;
    let mut flow: Option<String> = None;
    let mut assignee: Option<String> = None;
    for e in events {
        match e.kind {
            EventKind::Assigned => {
                assignee = e.to.clone();
                if let Some(i) = open {
                    visits[i].assignee = assignee.clone();
                }
            }
            EventKind::Unassigned => assignee = None,
            EventKind::Flow => {
                let Some(note) = e.note.as_deref().and_then(parse_note) else {
                    continue;
                };
                if note.kind == Move::Start {
                    // Only a ticket without a running flow starts one; a
                    // visit left open by an older log ends here.
                    if let Some(i) = open.take() {
                        visits[i].left_at = Some(e.at);
                    }
                    flow = note.flow.clone();
                } else if let Some(i) = open.take() {
                    let v = &mut visits[i];
                    v.left_at = Some(e.at);
                    v.left_by = Some(e.actor.clone());
                    v.left_via = Some(note.kind);
                    v.with = note.with.clone();
                    v.note = note.text.clone();
                }
                let (Some(name), Some(step)) = (&flow, &e.to) else {
                    continue;
                };
                visits.push(StepVisit {
                    ticket: e.ticket,
                    flow: name.clone(),
                    step: step.clone(),
                    entered_at: e.at,
                    entered_by: e.actor.clone(),
                    entered_via: note.kind,
                    left_at: None,
                    left_by: None,
                    left_via: None,
                    assignee: assignee.clone(),
                    with: Vec::new(),
                    note: None,
                });
                open = Some(visits.len() - 1);
            }
            _ => {}
        }
    }
    visits
}

/// Time a visit took (or has taken so far, at `now`) on its step's
/// calendar, minus the ticket's pauses.
pub fn visit_elapsed(
    rules: &Rules,
    ticket: &Ticket,
    visit: &StepVisit,
    now: DateTime<Utc>,
) -> Duration {
    let step = step_spec(rules, &visit.flow, &visit.step);
    let end = visit.left_at.unwrap_or(now).min(now);
    step_calendar(rules, step, ticket).elapsed(visit.entered_at, end, &ticket.sla.pauses)
}

fn step_spec<'r>(rules: &'r Rules, flow: &str, step: &str) -> Option<&'r StepSpec> {
    rules.flow(flow)?.steps.iter().find(|s| s.name == step)
}

/// A visit's SLA verdict at `now`: `Met`/`Missed` once it ended (a
/// hand-back is judged like a completion), `Within`/`AtRisk`/`Breached`
/// while it runs. `None` when the step has no target.
pub fn visit_state(
    rules: &Rules,
    ticket: &Ticket,
    visit: &StepVisit,
    now: DateTime<Utc>,
) -> Option<TargetState> {
    let within = step_spec(rules, &visit.flow, &visit.step)?.target?;
    let elapsed = visit_elapsed(rules, ticket, visit, now);
    let ended = visit.left_at.is_some_and(|t| t <= now);
    Some(if ended {
        if elapsed <= within {
            TargetState::Met
        } else {
            TargetState::Missed
        }
    } else if elapsed >= within {
        TargetState::Breached
    } else if elapsed.as_secs_f64()
        >= within.as_secs_f64() * rules.file.escalation.at_risk.0.fraction()
    {
        TargetState::AtRisk
    } else {
        TargetState::Within
    })
}

/// One row of `triage flow show`: a visit, or a step still to come.
pub fn show_table(rules: &Rules, ticket: &Ticket, events: &[Event], now: DateTime<Utc>) -> Table {
    let mut table = Table::new(
        "flow",
        "",
        &[
            ("step_no", "#"),
            ("step", "Step"),
            ("team", "Team"),
            ("state", "State"),
            ("entered", "Entered"),
            ("left", "Left"),
            ("took_secs", "Took"),
            ("target_secs", "Target"),
            ("sla", "SLA"),
            ("assignee", "Assignee"),
            ("by", "By"),
            ("with", "With"),
            ("note", "Note"),
        ],
    );
    let Some(state) = &ticket.flow else {
        return table;
    };
    let visits: Vec<StepVisit> = step_history(events)
        .into_iter()
        .filter(|v| v.entered_at <= now)
        .collect();
    // Only the visits of the flow the ticket is in now (an earlier, finished
    // flow is in the audit log).
    let first = visits
        .iter()
        .rposition(|v| v.entered_via == Move::Start)
        .unwrap_or(0);
    let spec = rules.flow(&state.name);
    let position = |step: &str| {
        spec.and_then(|f| f.steps.iter().position(|s| s.name == step))
            .map(|i| Cell::Int(i as i64 + 1))
            .unwrap_or(Cell::Empty)
    };
    let team = |s: &StepSpec| {
        let mut text = s.team.to_string();
        for p in &s.participants {
            text.push_str(" + ");
            text.push_str(p.as_str());
        }
        text
    };
    for v in visits[first.min(visits.len())..]
        .iter()
        .filter(|v| v.flow == state.name)
    {
        let s = step_spec(rules, &v.flow, &v.step);
        let what = match v.left_via {
            Some(Move::Advance | Move::Complete) => "done",
            Some(Move::Back) => "handed back",
            _ if v.left_at.is_none() => "current",
            _ => "left",
        };
        table.push(vec![
            position(&v.step),
            Cell::text(v.step.clone()),
            Cell::opt_text(s.map(team)),
            Cell::text(what),
            Cell::Time(v.entered_at),
            Cell::opt_time(v.left_at),
            Cell::Secs(visit_elapsed(rules, ticket, v, now).secs()),
            Cell::opt_secs(s.and_then(|s| s.target).map(|t| t.secs())),
            Cell::opt_text(visit_state(rules, ticket, v, now).map(|s| s.as_str())),
            Cell::opt_text(v.assignee.clone()),
            Cell::opt_text(v.left_by.clone()),
            Cell::text(v.with.join(", ")),
            Cell::opt_text(v.note.clone()),
        ]);
    }
    if let (Some(spec), false) = (spec, state.completed) {
        for (i, s) in spec.steps.iter().enumerate().skip(state.step + 1) {
            table.push(vec![
                Cell::Int(i as i64 + 1),
                Cell::text(s.name.clone()),
                Cell::text(team(s)),
                Cell::text("to do"),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::opt_secs(s.target.map(|t| t.secs())),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::text(if s.requires.is_empty() {
                    String::new()
                } else {
                    format!("requires {}", s.requires.join(", "))
                }),
            ]);
        }
    }
    table
}

/// `triage report flows`: one row per flow and step.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FlowReport {
    pub rows: Vec<FlowStepRow>,
}

/// How one step of one flow performs. Times are business time on the
/// step's calendar minus the tickets' pauses, in seconds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FlowStepRow {
    pub flow: String,
    pub step: String,
    /// 1-based position in the flow; `None` for a step the rule file no
    /// longer declares (it still has history).
    pub position: Option<usize>,
    pub team: Option<String>,
    pub target_secs: Option<i64>,
    /// Distinct tickets that entered the step.
    pub tickets: u64,
    /// Active tickets in the step at `now`.
    pub waiting: u64,
    /// Longest time so far of a ticket still in the step.
    pub oldest_waiting_secs: Option<i64>,
    /// Nearest-rank median and 90th percentile of the time in step of the
    /// visits that ended (done or handed back).
    pub median_secs: Option<i64>,
    pub p90_secs: Option<i64>,
    /// Ended visits within the target, as a share of ended visits plus
    /// visits still running past the target.
    pub met_pct: Option<f64>,
    /// Times a ticket was handed back from this step.
    pub handbacks: u64,
    /// The step of its flow with the longest median time in step (ties: the
    /// longer p90, then the earlier step).
    pub bottleneck: bool,
}

/// Per flow and step: tickets, median and p90 time in step, step SLA met %,
/// hand-backs and the bottleneck step, from the audit log as it stood at
/// `now` (later events are ignored, so `report --as-of` works). `events`
/// may hold every ticket's events in any order; tickets merged into another
/// and events of tickets not in `tickets` are left out. Rows follow the
/// rule file's flows and steps; flows and steps found only in the history
/// come after them.
pub fn flow_report(
    tickets: &[Ticket],
    events: &[Event],
    rules: &Rules,
    now: DateTime<Utc>,
) -> FlowReport {
    let by_id: HashMap<TicketId, &Ticket> = tickets
        .iter()
        .filter(|t| t.merged_into.is_none() && t.created_at <= now)
        .map(|t| (t.id, t))
        .collect();
    let mut per_ticket: HashMap<TicketId, Vec<Event>> = HashMap::new();
    for e in events {
        if e.at <= now && by_id.contains_key(&e.ticket) {
            per_ticket.entry(e.ticket).or_default().push(e.clone());
        }
    }

    #[derive(Default)]
    struct Acc {
        tickets: std::collections::HashSet<TicketId>,
        waiting: Vec<i64>,
        ended: Vec<i64>,
        met: u64,
        decided: u64,
        handbacks: u64,
    }
    let mut order: Vec<(String, String)> = Vec::new();
    for f in &rules.file.flows {
        for s in &f.steps {
            order.push((f.name.to_string(), s.name.clone()));
        }
    }
    let mut acc: HashMap<(String, String), Acc> = HashMap::new();
    let mut ids: Vec<&TicketId> = per_ticket.keys().collect();
    ids.sort();
    for id in ids {
        let mut evs = per_ticket[id].clone();
        evs.sort_by_key(|e| e.seq);
        let ticket = by_id[id];
        for v in step_history(&evs) {
            let key = (v.flow.clone(), v.step.clone());
            if !order.contains(&key) {
                order.push(key.clone());
            }
            let a = acc.entry(key).or_default();
            a.tickets.insert(v.ticket);
            let took = visit_elapsed(rules, ticket, &v, now).secs();
            if v.left_at.is_some() {
                a.ended.push(took);
                if v.left_via == Some(Move::Back) {
                    a.handbacks += 1;
                }
            } else if ticket.status.is_active() {
                a.waiting.push(took);
            }
            match visit_state(rules, ticket, &v, now) {
                Some(TargetState::Met) => {
                    a.met += 1;
                    a.decided += 1;
                }
                Some(TargetState::Missed | TargetState::Breached) => a.decided += 1,
                _ => {}
            }
        }
    }

    let mut rows = Vec::new();
    for (flow, step) in order {
        let spec = rules.flow(&flow);
        let position = spec.and_then(|f| f.steps.iter().position(|s| s.name == step));
        let step_spec = position.and_then(|i| spec.map(|f| &f.steps[i]));
        let a = acc
            .remove(&(flow.clone(), step.clone()))
            .unwrap_or_default();
        let mut ended = a.ended;
        ended.sort_unstable();
        rows.push(FlowStepRow {
            flow,
            step,
            position: position.map(|i| i + 1),
            team: step_spec.map(|s| s.team.to_string()),
            target_secs: step_spec.and_then(|s| s.target).map(|t| t.secs()),
            tickets: a.tickets.len() as u64,
            waiting: a.waiting.len() as u64,
            oldest_waiting_secs: a.waiting.iter().copied().max(),
            median_secs: percentile_nearest_rank(&ended, 50.0),
            p90_secs: percentile_nearest_rank(&ended, 90.0),
            met_pct: (a.decided > 0).then(|| a.met as f64 * 100.0 / a.decided as f64),
            handbacks: a.handbacks,
            bottleneck: false,
        });
    }
    let mut best: HashMap<&str, usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        if row.median_secs.is_none() {
            continue;
        }
        let better = match best.get(row.flow.as_str()) {
            None => true,
            Some(&j) => (row.median_secs, row.p90_secs) > (rows[j].median_secs, rows[j].p90_secs),
        };
        if better {
            best.insert(row.flow.as_str(), i);
        }
    }
    let marked: Vec<usize> = best.into_values().collect();
    for i in marked {
        rows[i].bottleneck = true;
    }
    FlowReport { rows }
}

/// The flow report as a table (`flows`) for [`crate::output::render`].
pub fn flow_report_table(report: &FlowReport) -> Table {
    let mut table = Table::new(
        "flows",
        "Flows: time in step and step SLA",
        &[
            ("flow", "Flow"),
            ("step_no", "#"),
            ("step", "Step"),
            ("team", "Team"),
            ("target_secs", "Target"),
            ("tickets", "Tickets"),
            ("waiting", "Waiting"),
            ("oldest_waiting_secs", "Oldest waiting"),
            ("median_secs", "Median"),
            ("p90_secs", "p90"),
            ("step_met_pct", "Step SLA met"),
            ("handbacks", "Hand-backs"),
            ("bottleneck", "Bottleneck"),
        ],
    );
    for r in &report.rows {
        table.push(vec![
            Cell::text(r.flow.clone()),
            r.position
                .map(|p| Cell::Int(p as i64))
                .unwrap_or(Cell::Empty),
            Cell::text(r.step.clone()),
            Cell::opt_text(r.team.clone()),
            Cell::opt_secs(r.target_secs),
            Cell::count(r.tickets),
            Cell::count(r.waiting),
            Cell::opt_secs(r.oldest_waiting_secs),
            Cell::opt_secs(r.median_secs),
            Cell::opt_secs(r.p90_secs),
            Cell::opt_percent(r.met_pct),
            Cell::count(r.handbacks),
            if r.bottleneck {
                Cell::text("yes")
            } else {
                Cell::Empty
            },
        ]);
    }
    if report.rows.is_empty() {
        table.note = Some("no flows are declared and no ticket has run one".to_string());
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;
    use chrono::TimeZone;

    const RULES: &str = include_str!("../fixtures/flows/rules.yaml");

    fn rules() -> Rules {
        Rules::parse(RULES, "fixtures/flows/rules.yaml").unwrap()
    }

    /// Monday 2 March 2026, UTC.
    fn at(day: u32, h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, h, m, 0).unwrap()
    }

    fn act(at: DateTime<Utc>) -> Act<'static> {
        Act { at, actor: "amy" }
    }

    /// A ticket and its audit log, the way the store numbers events.
    struct Log {
        ticket: Ticket,
        events: Vec<Event>,
    }

    impl Log {
        fn new(rules: &Rules) -> Log {
            let mut ticket = Ticket::new("Return: wrong size", at(2, 9, 0));
            ticket.id = 1;
            crate::sla::refresh(rules, &mut ticket, at(2, 9, 0), "t");
            Log {
                ticket,
                events: Vec::new(),
            }
        }

        fn record(&mut self, events: Vec<NewEvent>) {
            for e in events {
                let seq = self.events.len() as u32 + 1;
                self.events.push(e.into_event(self.ticket.id, seq));
            }
        }

        fn start(&mut self, rules: &Rules, when: DateTime<Utc>) {
            let events = start(rules, &mut self.ticket, "refund", None, act(when)).unwrap();
            self.record(events);
        }

        fn advance(&mut self, rules: &Rules, when: DateTime<Utc>, set: &[(&str, &str)]) {
            let set: Vec<(String, String)> = set
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            // amy (aftersales) joins the one step that has participants.
            let joint =
                current_step(rules, &self.ticket).is_some_and(|(_, s)| !s.participants.is_empty());
            let with = if joint {
                vec!["amy".to_string()]
            } else {
                Vec::new()
            };
            let input = AdvanceInput {
                set: &set,
                with: &with,
                note: None,
            };
            let events = advance(rules, &mut self.ticket, input, act(when)).unwrap();
            self.record(events);
        }

        fn back(&mut self, rules: &Rules, when: DateTime<Utc>, reason: &str) {
            let events = back(rules, &mut self.ticket, reason, act(when)).unwrap();
            self.record(events);
        }

        fn status(&mut self, rules: &Rules, when: DateTime<Utc>, to: Status) {
            let events = lifecycle::set_status(rules, &mut self.ticket, to, act(when)).unwrap();
            self.record(events);
        }
    }

    #[test]
    fn start_puts_the_ticket_on_the_first_step_with_its_team_and_clock() {
        let rules = rules();
        let mut log = Log::new(&rules);
        log.ticket.skills = vec!["billing".into()];
        log.start(&rules, at(2, 9, 0));
        let state = log.ticket.flow.clone().unwrap();
        assert_eq!((state.name.as_str(), state.step), ("refund", 0));
        assert!(!state.completed);
        assert_eq!(log.ticket.team.as_deref(), Some("aftersales"));
        assert!(
            log.ticket.skills.is_empty(),
            "the step's skills replace the ticket's"
        );
        // 4h on the policy's business calendar (09:00-17:00).
        assert_eq!(state.step_due, Some(at(2, 13, 0)));
        let first = &log.events[0];
        assert_eq!(first.kind, EventKind::Flow);
        assert_eq!(
            (first.from.as_deref(), first.to.as_deref()),
            (None, Some("review"))
        );
        assert_eq!(first.note.as_deref(), Some("start refund"));

        let err = start(&rules, &mut log.ticket, "refund", None, act(at(2, 9, 5))).unwrap_err();
        assert!(
            err.contains("already in flow refund (step review)"),
            "{err}"
        );
        let err = start(&rules, &mut log.ticket, "nope", None, act(at(2, 9, 5))).unwrap_err();
        assert_eq!(err, "unknown flow \"nope\": the rule file declares refund");
    }

    #[test]
    fn advance_names_every_missing_field_and_changes_nothing() {
        let rules = rules();
        let mut log = Log::new(&rules);
        log.start(&rules, at(2, 9, 0));
        let before = log.ticket.clone();
        let err = advance(
            &rules,
            &mut log.ticket,
            AdvanceInput::default(),
            act(at(2, 10, 0)),
        )
        .unwrap_err();
        assert_eq!(
            err,
            "ticket 1: step review of flow refund cannot complete: required field order_no is missing (add --set order_no=VALUE)"
        );
        assert_eq!(log.ticket, before);
        // A blank value does not count as filled.
        let set = vec![("order_no".to_string(), "  ".to_string())];
        let input = AdvanceInput {
            set: &set,
            ..AdvanceInput::default()
        };
        assert!(advance(&rules, &mut log.ticket, input, act(at(2, 10, 0))).is_err());
        assert_eq!(log.ticket, before);
    }

    #[test]
    fn a_joint_step_needs_someone_from_each_participant_team() {
        let rules = rules();
        let mut log = Log::new(&rules);
        log.start(&rules, at(2, 9, 0));
        log.advance(&rules, at(2, 10, 0), &[("order_no", "RT-1")]);
        log.advance(&rules, at(2, 11, 0), &[("return_tracking_no", "SF1")]);
        let set = vec![("refund_amount".to_string(), "120".to_string())];
        let nobody = AdvanceInput {
            set: &set,
            ..AdvanceInput::default()
        };
        let err = advance(&rules, &mut log.ticket, nobody, act(at(2, 12, 0))).unwrap_err();
        assert!(
            err.contains("handled by finance jointly with aftersales")
                && err.contains("members: amy, abe, ola"),
            "{err}"
        );
        let stranger = vec!["wes".to_string()];
        let input = AdvanceInput {
            set: &set,
            with: &stranger,
            note: None,
        };
        let err = advance(&rules, &mut log.ticket, input, act(at(2, 12, 0))).unwrap_err();
        assert!(
            err.starts_with("--with wes: not a member of finance or aftersales"),
            "{err}"
        );

        log.advance(&rules, at(2, 12, 0), &[("refund_amount", "120")]);
        let state = log.ticket.flow.clone().unwrap();
        assert!(state.completed);
        assert_eq!((state.step, state.step_due), (3, None));
        let last = log.events.last().unwrap();
        assert_eq!(
            (last.from.as_deref(), last.to.as_deref()),
            (Some("refund"), None)
        );
        assert_eq!(last.note.as_deref(), Some("complete with amy"));
        assert_eq!(
            log.ticket.team.as_deref(),
            Some("finance"),
            "the last team keeps it"
        );
        let err = back(&rules, &mut log.ticket, "oops", act(at(2, 13, 0))).unwrap_err();
        assert!(err.contains("completed flow refund"), "{err}");
    }

    #[test]
    fn back_returns_one_step_with_a_reason_but_not_from_the_first() {
        let rules = rules();
        let mut log = Log::new(&rules);
        log.start(&rules, at(2, 9, 0));
        let err = back(&rules, &mut log.ticket, "why", act(at(2, 9, 30))).unwrap_err();
        assert!(err.contains("at the first step (review)"), "{err}");
        log.advance(&rules, at(2, 10, 0), &[("order_no", "RT-1")]);
        assert!(back(&rules, &mut log.ticket, "  ", act(at(2, 10, 30))).is_err());
        log.back(&rules, at(2, 11, 0), "no order slip");
        let state = log.ticket.flow.clone().unwrap();
        assert_eq!(state.step, 0);
        assert_eq!(state.step_started_at, at(2, 11, 0));
        assert_eq!(log.ticket.team.as_deref(), Some("aftersales"));
        let flow_events: Vec<&Event> = log
            .events
            .iter()
            .filter(|e| e.kind == EventKind::Flow)
            .collect();
        let last = flow_events.last().unwrap();
        assert_eq!(
            (
                last.from.as_deref(),
                last.to.as_deref(),
                last.note.as_deref()
            ),
            (Some("receipt"), Some("review"), Some("back: no order slip"))
        );
    }

    #[test]
    fn the_assignee_stays_when_they_belong_to_the_next_team() {
        let rules = rules();
        let mut log = Log::new(&rules);
        log.start(&rules, at(2, 9, 0));
        let events =
            lifecycle::assign(&rules, &mut log.ticket, "ola", None, act(at(2, 9, 0))).unwrap();
        log.record(events);
        // ola is in aftersales and warehouse and has the customs skill.
        log.advance(&rules, at(2, 10, 0), &[("order_no", "RT-1")]);
        assert_eq!(log.ticket.assignee.as_deref(), Some("ola"));
        // Finance is not ola's team: the hand-off unassigns, the command routes.
        log.advance(&rules, at(2, 11, 0), &[("return_tracking_no", "SF1")]);
        assert_eq!(log.ticket.assignee, None);
        assert_eq!(log.ticket.status, Status::New);
        let unassigned = log.events.last().unwrap();
        assert_eq!(unassigned.kind, EventKind::Status);
        let e = &log.events[log.events.len() - 2];
        assert_eq!(e.kind, EventKind::Unassigned);
        assert_eq!(
            e.note.as_deref(),
            Some("hand-off to team finance (flow refund: step refund)")
        );
    }

    #[test]
    fn the_step_clock_skips_pauses_and_each_step_escalates_afresh() {
        let rules = rules();
        let mut log = Log::new(&rules);
        log.start(&rules, at(2, 9, 0));
        log.advance(&rules, at(2, 10, 0), &[("order_no", "RT-1")]);
        // receipt: 1d on 24x7 from Monday 10:00.
        assert_eq!(
            log.ticket.flow.as_ref().unwrap().step_due,
            Some(at(3, 10, 0))
        );
        log.status(&rules, at(2, 12, 0), Status::Pending);
        assert_eq!(
            step_due(&rules, &log.ticket),
            None,
            "a paused clock has no due time"
        );
        log.status(&rules, at(2, 14, 0), Status::Open);
        // The status change already moved the step due time (through sla::refresh).
        assert!(!refresh_step_due(&rules, &mut log.ticket));
        assert_eq!(
            log.ticket.flow.as_ref().unwrap().step_due,
            Some(at(3, 12, 0))
        );

        let p = step_progress(&rules, &log.ticket, at(3, 11, 0)).unwrap();
        assert_eq!(p.kind, TargetKind::Step);
        assert_eq!(p.elapsed, Duration::from_hours(23));
        assert_eq!(p.state, TargetState::AtRisk);
        let p = step_progress(&rules, &log.ticket, at(3, 12, 0)).unwrap();
        assert_eq!(p.state, TargetState::Breached);
        assert_eq!(step_team_lead(&rules, &log.ticket), Some("wes"));

        // escalate records the rung it fired; the next step starts clean.
        log.ticket.sla.escalation.insert(STEP_TARGET.into(), 1);
        log.ticket.sla.escalation.insert("resolution".into(), 1);
        log.advance(&rules, at(3, 13, 0), &[("return_tracking_no", "SF1")]);
        assert_eq!(log.ticket.sla.escalation.get(STEP_TARGET), None);
        assert_eq!(log.ticket.sla.escalation.get("resolution"), Some(&1));
        assert_eq!(step_team_lead(&rules, &log.ticket), Some("fay"));
        // The ticket's own resolution clock ran on through every step.
        let r = crate::sla::progress(&rules, &log.ticket, TargetKind::Resolution, at(3, 13, 0))
            .unwrap();
        assert_eq!(r.elapsed, Duration::from_hours(10));

        log.advance(&rules, at(3, 14, 0), &[("refund_amount", "1")]);
        assert!(step_progress(&rules, &log.ticket, at(9, 0, 0)).is_none());
        assert_eq!(step_team_lead(&rules, &log.ticket), None);
    }

    #[test]
    fn notes_read_back() {
        for (note, kind, flow, with, text) in [
            ("start refund", Move::Start, Some("refund"), vec![], None),
            (
                "start refund: by classification",
                Move::Start,
                Some("refund"),
                vec![],
                Some("by classification"),
            ),
            ("advance", Move::Advance, None, vec![], None),
            (
                "advance: slip emailed",
                Move::Advance,
                None,
                vec![],
                Some("slip emailed"),
            ),
            (
                "advance with amy, ola: ok: done",
                Move::Advance,
                None,
                vec!["amy", "ola"],
                Some("ok: done"),
            ),
            ("complete with amy", Move::Complete, None, vec!["amy"], None),
            ("back: no slip", Move::Back, None, vec![], Some("no slip")),
        ] {
            let parsed = parse_note(note).unwrap_or_else(|| panic!("{note}"));
            assert_eq!(parsed.kind, kind, "{note}");
            assert_eq!(parsed.flow.as_deref(), flow, "{note}");
            assert_eq!(parsed.with, with, "{note}");
            assert_eq!(parsed.text.as_deref(), text, "{note}");
        }
        for bad in ["", "started", "advance later", "start", "flow refund"] {
            assert_eq!(parse_note(bad), None, "{bad}");
        }
        let with = vec!["amy".to_string(), "ola".to_string()];
        assert_eq!(
            note_text("advance", &with, Some("x")),
            "advance with amy, ola: x"
        );
    }

    #[test]
    fn history_and_report_come_from_the_audit_log() {
        let rules = rules();
        let mut log = Log::new(&rules);
        log.start(&rules, at(2, 9, 0));
        log.advance(&rules, at(2, 10, 0), &[("order_no", "RT-1")]);
        log.back(&rules, at(2, 12, 0), "no slip");
        log.advance(&rules, at(2, 16, 0), &[]);
        let visits = step_history(&log.events);
        let summary: Vec<(&str, Move, Option<Move>)> = visits
            .iter()
            .map(|v| (v.step.as_str(), v.entered_via, v.left_via))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("review", Move::Start, Some(Move::Advance)),
                ("receipt", Move::Advance, Some(Move::Back)),
                ("review", Move::Back, Some(Move::Advance)),
                ("receipt", Move::Advance, None),
            ]
        );
        assert_eq!(visits[1].note.as_deref(), Some("no slip"));
        assert_eq!(visits[1].left_by.as_deref(), Some("amy"));

        let now = at(3, 18, 0);
        let report = flow_report(&[log.ticket.clone()], &log.events, &rules, now);
        let rows: Vec<_> = report
            .rows
            .iter()
            .map(|r| {
                (
                    r.step.as_str(),
                    r.tickets,
                    r.waiting,
                    r.median_secs,
                    r.met_pct,
                    r.handbacks,
                    r.bottleneck,
                )
            })
            .collect();
        // review: 1h, then 4h (business time); receipt: 2h until handed
        // back, then 26h and still running (breached). Receipt's median
        // (2h) beats review's (1h): it is the bottleneck.
        assert_eq!(
            rows,
            vec![
                ("review", 1, 0, Some(3600), Some(100.0), 0, false),
                ("receipt", 1, 1, Some(7200), Some(50.0), 1, true),
                ("refund", 0, 0, None, None, 0, false),
            ]
        );
        assert_eq!(report.rows[1].oldest_waiting_secs, Some(26 * 3600));
        // As of Monday 11:00 only the first visit of review had ended.
        let earlier = flow_report(&[log.ticket.clone()], &log.events, &rules, at(2, 11, 0));
        assert_eq!(earlier.rows[0].median_secs, Some(3600));
        assert_eq!(earlier.rows[1].waiting, 1);
        assert_eq!(earlier.rows[1].handbacks, 0);
        let table = flow_report_table(&report);
        assert_eq!(table.rows.len(), 3);
        assert_eq!(table.rows[1][12], Cell::text("yes"));
    }
}
