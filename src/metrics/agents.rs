//! Per-agent tables: workload and performance ([`agents`]) and how work is
//! shared against capacity ([`fairness`]).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::evaluate::{resolved_at, running_time, TargetState, TicketSla};
use super::meter::Meter;
use super::pass::Merge;
use super::slots::{self, Slots};
use super::{pct, percentiles, report_of, ReportOptions, Tables};
use crate::rules::Rules;
use crate::summary::Summary;

/// One agent's row of the agents table.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AgentRow {
    pub agent: String,
    /// Display name from the roster.
    pub name: Option<String>,
    /// Declared in the rule file (an assignee who is not, e.g. one who
    /// left, still gets a row but has no capacity).
    pub in_roster: bool,
    /// Roster status (`online`, `offline`, `vacation`).
    pub status: Option<String>,
    /// Tickets assigned to the agent and active at `now`.
    pub active_load: u64,
    pub capacity: Option<u32>,
    /// `active_load / capacity`, in percent (over 100 when overloaded).
    pub load_pct: Option<f64>,
    /// Tickets assigned to the agent in `[since, until)` (each ticket once
    /// per agent, however often it came back).
    pub assigned: u64,
    /// Tickets resolved in `[since, until)` while assigned to the agent.
    pub resolved: u64,
    /// Nearest-rank median handle time of those: from the (last) assignment
    /// to the resolution, in the requested clock minus pauses, in seconds.
    pub median_handle_secs: Option<i64>,
    /// SLA targets met, over the cohort tickets assigned to the agent now.
    pub sla_met: u64,
    /// Targets decided (met, missed or overdue) over those tickets.
    pub sla_decided: u64,
    /// `sla_met / sla_decided`, in percent.
    pub sla_met_pct: Option<f64>,
}

/// One agent's row of the fairness table.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FairnessRow {
    pub agent: String,
    pub in_roster: bool,
    /// From the roster; 0 for agents who are not in it.
    pub capacity: u32,
    /// `capacity / total roster capacity`, in percent.
    pub capacity_share_pct: Option<f64>,
    /// Tickets assigned in the window, as in [`AgentRow::assigned`].
    pub assigned: u64,
    pub assigned_share_pct: Option<f64>,
    /// `assigned_share / capacity_share`: 1.0 is fair, above 1 more than
    /// the agent's share. `None` without a capacity share.
    pub assigned_ratio: Option<f64>,
    /// Work: time the agent held unresolved tickets within the window, in
    /// the requested clock minus pauses (the time-integral of active load).
    pub work_secs: i64,
    pub work_share_pct: Option<f64>,
    pub work_ratio: Option<f64>,
    /// Tickets active and assigned to the agent at `now`.
    pub active_load: u64,
    pub load_share_pct: Option<f64>,
    pub load_ratio: Option<f64>,
}

/// The fairness table, with the totals the shares divide by.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FairnessReport {
    pub rows: Vec<FairnessRow>,
    pub total_capacity: u64,
    pub total_assigned: u64,
    pub total_work_secs: i64,
    pub total_load: u64,
}

/// One agent's tally during a pass.
#[derive(Default)]
pub(crate) struct AgentAcc {
    active_load: u64,
    assigned: u64,
    resolved: u64,
    handle: Vec<i64>,
    sla_met: u64,
    sla_decided: u64,
    work_secs: i64,
    /// The agent is the assignee of a ticket or was assigned one in the
    /// window: a row in the agents table.
    listed: bool,
    /// The agent held a ticket within the window: a row in the fairness table.
    worked: bool,
}

impl Merge for AgentAcc {
    fn merge(&mut self, o: AgentAcc) {
        self.active_load += o.active_load;
        self.assigned += o.assigned;
        self.resolved += o.resolved;
        self.handle.extend(o.handle);
        self.sla_met += o.sla_met;
        self.sla_decided += o.sla_decided;
        self.work_secs += o.work_secs;
        self.listed |= o.listed;
        self.worked |= o.worked;
    }
}

/// The agent tables' tally during a pass: agents indexed by slot.
#[derive(Default)]
pub(crate) struct AgentTally<'a> {
    pub(crate) slots: Slots<'a>,
    pub(crate) agents: Vec<AgentAcc>,
    /// Agents of the ticket being counted, so it counts once per agent.
    seen: Vec<usize>,
    /// Some ticket counts at `now` (else both tables are empty).
    pub(crate) any: bool,
}

/// What the agent tables need of a ticket besides the counts.
pub(crate) struct AgentWants<'t, 'r> {
    /// Handle time and work are measured like the ticket's resolution.
    pub(crate) meter: &'t Meter<'r>,
    /// The ticket's SLA outcome, for the agents table's SLA met %.
    pub(crate) sla: Option<&'t TicketSla>,
    /// Handle times (agents table).
    pub(crate) handle: bool,
    /// Work (fairness table).
    pub(crate) work: bool,
}

impl<'a> AgentTally<'a> {
    /// Counts a ticket that counts at `now`.
    pub(crate) fn add(
        &mut self,
        ticket: &'a Summary,
        want: AgentWants,
        opts: &ReportOptions,
        now: DateTime<Utc>,
    ) {
        self.any = true;
        if let Some(agent) = ticket.assignee.as_deref() {
            let slot = self.slots.slot(agent);
            let acc = slots::at(&mut self.agents, slot);
            acc.listed = true;
            if ticket.status.is_active() {
                acc.active_load += 1;
            }
            if let Some(done) = resolved_at(ticket).filter(|&d| opts.in_window(d, now)) {
                acc.resolved += 1;
                if want.handle {
                    if let Some(start) = ticket.assigned_at.filter(|&s| s <= done) {
                        acc.handle
                            .push(running_time(want.meter, start, done, &ticket.sla.pauses).secs());
                    }
                }
            }
            if let Some(sla) = want.sla {
                for state in [sla.first_response, sla.resolution] {
                    acc.sla_decided += u64::from(state.is_decided());
                    acc.sla_met += u64::from(state == TargetState::Met);
                }
            }
        }
        self.seen.clear();
        for a in &ticket.history.assignments {
            if !opts.in_window(a.at, now) {
                continue;
            }
            let slot = self.slots.slot(&a.agent);
            if !self.seen.contains(&slot) {
                self.seen.push(slot);
                let acc = slots::at(&mut self.agents, slot);
                acc.assigned += 1;
                acc.listed = true;
            }
        }
        if want.work {
            for h in &ticket.history.holdings {
                let from = opts.since.map_or(h.start, |s| s.max(h.start));
                let to = [h.end, opts.until, Some(now)]
                    .into_iter()
                    .flatten()
                    .min()
                    .unwrap_or(now);
                if to > from {
                    let acc = slots::at(&mut self.agents, self.slots.slot(&h.agent));
                    acc.work_secs += running_time(want.meter, from, to, &ticket.sla.pauses).secs();
                    acc.worked = true;
                }
            }
        }
    }
}

/// The rows of an agent table: roster agents first in rule-file order,
/// then the other agents of `by_agent` that `keep` accepts, by id.
fn row_ids<'a>(
    by_agent: &HashMap<&'a str, AgentAcc>,
    rules: &'a Rules,
    keep: impl Fn(&AgentAcc) -> bool,
) -> Vec<&'a str> {
    let mut ids: Vec<&str> = rules.file.agents.iter().map(|a| a.id.as_str()).collect();
    let mut others: Vec<&str> = by_agent
        .iter()
        .filter(|(id, acc)| rules.agent(id).is_none() && keep(acc))
        .map(|(id, _)| *id)
        .collect();
    others.sort_unstable();
    ids.extend(others);
    ids
}

/// The agents table: one row per roster agent (in rule-file order) and per
/// other assignee; empty when there are no tickets.
///
/// * active load: tickets active and assigned to the agent at `now`,
///   against the roster capacity (max concurrent active tickets).
/// * assigned: tickets assigned to the agent in `[since, until)`; every
///   assignment in the ticket's history counts.
/// * resolved / median handle time: tickets resolved in `[since, until)`
///   and assigned to the agent (the resolver); handle time runs from the
///   last assignment to the resolution, minus pending pauses, in the
///   resolution target's business calendar or wall time.
/// * SLA met %: the cohort's tickets now assigned to the agent, both
///   targets together: met ÷ (met + missed + overdue), as in the SLA table
///   grouped by agent.
pub fn agents(
    tickets: &[Summary],
    rules: &Rules,
    opts: &ReportOptions,
    now: DateTime<Utc>,
) -> Vec<AgentRow> {
    report_of(&[tickets], rules, opts, now, Tables::AGENTS, 1).agents
}

/// The agents table from a pass's tally (`None`: no ticket counts), its
/// agents named.
pub(crate) fn agents_report<'a>(
    by_agent: Option<HashMap<&'a str, AgentAcc>>,
    rules: &'a Rules,
) -> Vec<AgentRow> {
    let Some(mut by_agent) = by_agent else {
        return Vec::new();
    };
    row_ids(&by_agent, rules, |a| a.listed)
        .into_iter()
        .map(|id| {
            let mut acc = by_agent.remove(id).unwrap_or_default();
            let spec = rules.agent(id);
            let capacity = spec.map(|s| s.capacity);
            let [median_handle_secs] = percentiles(&mut acc.handle, [50.0]);
            AgentRow {
                agent: id.to_string(),
                name: spec.and_then(|s| s.name.clone()),
                in_roster: spec.is_some(),
                status: spec.map(|s| s.status.as_str().to_string()),
                active_load: acc.active_load,
                capacity,
                load_pct: capacity.and_then(|c| pct(acc.active_load, u64::from(c))),
                assigned: acc.assigned,
                resolved: acc.resolved,
                median_handle_secs,
                sla_met: acc.sla_met,
                sla_decided: acc.sla_decided,
                sla_met_pct: pct(acc.sla_met, acc.sla_decided),
            }
        })
        .collect()
}

fn ratio(share: Option<f64>, capacity_share: Option<f64>) -> Option<f64> {
    match (share, capacity_share) {
        (Some(s), Some(c)) if c > 0.0 => Some(s / c),
        _ => None,
    }
}

fn share_secs(part: i64, total: i64) -> Option<f64> {
    (total > 0).then(|| part as f64 * 100.0 / total as f64)
}

/// The fairness table: per agent, shares of the team's tickets and work
/// against their share of its capacity, so a lead can see whether routing
/// overloads anyone. Empty when there are no tickets.
///
/// * capacity share: the agent's roster capacity ÷ the whole roster's
///   (every declared agent, whatever their current status: status is not
///   kept over time). Assignees not in the roster have none.
/// * assigned share: tickets assigned to the agent in the window (as in
///   [`agents`]) ÷ all such assignments.
/// * work share: the agent's work ÷ everyone's. Work is the time the agent
///   held unresolved tickets within `[since, until)` (up to `now`), minus
///   pending pauses, in the requested clock: the time-integral of their
///   active load, which is what capacity limits. Every holding in the
///   ticket's history counts.
/// * load share: active tickets assigned at `now` ÷ all assigned active tickets.
/// * ratio = share ÷ capacity share: 1.0 is fair, 1.5 means half again as
///   much as the agent's capacity share.
pub fn fairness(
    tickets: &[Summary],
    rules: &Rules,
    opts: &ReportOptions,
    now: DateTime<Utc>,
) -> FairnessReport {
    report_of(&[tickets], rules, opts, now, Tables::FAIRNESS, 1).fairness
}

/// The fairness table from a pass's tally (`None`: no ticket counts), its
/// agents named.
pub(crate) fn fairness_report<'a>(
    by_agent: Option<&HashMap<&'a str, AgentAcc>>,
    rules: &'a Rules,
) -> FairnessReport {
    let Some(by_agent) = by_agent else {
        return FairnessReport::default();
    };
    let nobody = AgentAcc::default();
    let accs: Vec<(&str, &AgentAcc)> = row_ids(by_agent, rules, |a| a.listed || a.worked)
        .into_iter()
        .map(|id| (id, by_agent.get(id).unwrap_or(&nobody)))
        .collect();
    let total_capacity: u64 = rules
        .file
        .agents
        .iter()
        .map(|a| u64::from(a.capacity))
        .sum();
    let total_assigned: u64 = accs.iter().map(|(_, a)| a.assigned).sum();
    let total_work_secs: i64 = accs.iter().map(|(_, a)| a.work_secs).sum();
    let total_load: u64 = accs.iter().map(|(_, a)| a.active_load).sum();
    let rows = accs
        .into_iter()
        .map(|(id, acc)| {
            let spec = rules.agent(id);
            let capacity = spec.map_or(0, |s| s.capacity);
            let capacity_share = pct(u64::from(capacity), total_capacity);
            let assigned_share = pct(acc.assigned, total_assigned);
            let work_share = share_secs(acc.work_secs, total_work_secs);
            let load_share = pct(acc.active_load, total_load);
            FairnessRow {
                agent: id.to_string(),
                in_roster: spec.is_some(),
                capacity,
                capacity_share_pct: capacity_share,
                assigned: acc.assigned,
                assigned_share_pct: assigned_share,
                assigned_ratio: ratio(assigned_share, capacity_share),
                work_secs: acc.work_secs,
                work_share_pct: work_share,
                work_ratio: ratio(work_share, capacity_share),
                active_load: acc.active_load,
                load_share_pct: load_share,
                load_ratio: ratio(load_share, capacity_share),
            }
        })
        .collect();
    FairnessReport {
        rows,
        total_capacity,
        total_assigned,
        total_work_secs,
        total_load,
    }
}
