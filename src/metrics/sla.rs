//! The SLA table: per group, how the cohort's targets stand.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::evaluate::{evaluate_all, TargetState, TicketSla};
use super::{group_order, median, pct, percentile_nearest_rank, ReportOptions};
use crate::rules::Rules;
use crate::summary::Summary;

/// How one kind of target (first response or resolution) stands over a
/// set of tickets.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TargetSummary {
    /// Achieved by the due time.
    pub met: u64,
    /// Achieved after the due time.
    pub missed: u64,
    /// Not achieved and past due (breached, still running).
    pub overdue: u64,
    /// Not achieved, within target (including at risk): not yet decided.
    pub running: u64,
    /// Tickets without this target.
    pub no_target: u64,
    /// `met / (met + missed + overdue)`, in percent; `None` when no target
    /// is decided yet.
    pub met_pct: Option<f64>,
}

impl TargetSummary {
    /// Met, missed or overdue: the met % denominator.
    pub fn decided(&self) -> u64 {
        self.met + self.missed + self.overdue
    }

    /// Missed or overdue.
    pub fn breached(&self) -> u64 {
        self.missed + self.overdue
    }

    pub(crate) fn add(&mut self, state: TargetState) {
        match state {
            TargetState::Met => self.met += 1,
            TargetState::Missed => self.missed += 1,
            TargetState::Overdue => self.overdue += 1,
            TargetState::Running | TargetState::AtRisk => self.running += 1,
            TargetState::NoTarget => self.no_target += 1,
        }
    }

    pub(crate) fn finish(&mut self) {
        self.met_pct = pct(self.met, self.decided());
    }
}

/// One row of the SLA table.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SlaRow {
    /// The group's label (`P1`, a team id, ...), or `total`.
    pub group: String,
    /// Cohort tickets in the group.
    pub tickets: u64,
    pub first_response: TargetSummary,
    pub resolution: TargetSummary,
    /// Tickets with a target overdue now.
    pub breached_now: u64,
    /// Tickets with a target at risk now and none overdue.
    pub at_risk_now: u64,
    /// Nearest-rank median / 90th percentile of first-response time over
    /// the responded tickets, in seconds.
    pub first_response_median_secs: Option<i64>,
    pub first_response_p90_secs: Option<i64>,
    /// Nearest-rank median / 90th percentile of resolution time over the
    /// tickets resolved or closed now, in seconds.
    pub resolution_median_secs: Option<i64>,
    pub resolution_p90_secs: Option<i64>,
}

/// The SLA table: one row per group, ordered by label, and the total over
/// the whole cohort (`None` when there are no rows).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SlaReport {
    pub rows: Vec<SlaRow>,
    pub total: Option<SlaRow>,
}

#[derive(Default)]
struct Acc {
    row: SlaRow,
    first_response: Vec<i64>,
    resolution: Vec<i64>,
}

impl Acc {
    fn add(&mut self, sla: &TicketSla) {
        self.row.tickets += 1;
        self.row.first_response.add(sla.first_response);
        self.row.resolution.add(sla.resolution);
        self.row.breached_now += u64::from(sla.breached_now());
        self.row.at_risk_now += u64::from(sla.at_risk_now());
        self.first_response.extend(sla.first_response_secs);
        self.resolution.extend(sla.resolution_secs);
    }

    fn finish(mut self, group: &str) -> SlaRow {
        self.row.group = group.to_string();
        self.row.first_response.finish();
        self.row.resolution.finish();
        self.first_response.sort_unstable();
        self.resolution.sort_unstable();
        self.row.first_response_median_secs = median(&self.first_response);
        self.row.first_response_p90_secs = percentile_nearest_rank(&self.first_response, 90.0);
        self.row.resolution_median_secs = median(&self.resolution);
        self.row.resolution_p90_secs = percentile_nearest_rank(&self.resolution, 90.0);
        self.row
    }
}

/// The SLA table over the cohort (tickets created in `[since, until)`),
/// grouped by `opts.group_by`, as things stand at `now`.
///
/// * `tickets`: cohort tickets in the group.
/// * first-response / resolution met %: met ÷ (met + missed + overdue);
///   running targets wait until they are achieved or overdue.
/// * breached now / at risk now: active tickets with a target overdue /
///   at risk (and none overdue) at `now`.
/// * median and p90 first-response time: over tickets with a response;
///   resolution time: over tickets resolved or closed at `now`, from
///   creation to the last resolution, minus the ticket's pauses: pending,
///   and for a reopened ticket the time it sat resolved, since the SLA
///   clock was stopped then (the same clock that judged the target).
pub fn sla_by_group(
    tickets: &[Summary],
    rules: &Rules,
    opts: &ReportOptions,
    now: DateTime<Utc>,
) -> SlaReport {
    let evals = evaluate_all(tickets, rules, opts, now);
    sla_with(tickets, &evals, opts, now)
}

pub(crate) fn sla_with(
    tickets: &[Summary],
    evals: &[Option<TicketSla>],
    opts: &ReportOptions,
    _now: DateTime<Utc>,
) -> SlaReport {
    let mut groups: HashMap<&str, Acc> = HashMap::new();
    for (ticket, sla) in tickets.iter().zip(evals) {
        if let Some(sla) = sla {
            groups
                .entry(opts.group_by.key(ticket))
                .or_default()
                .add(sla);
        }
    }
    if groups.is_empty() {
        return SlaReport::default();
    }
    let mut total = Acc::default();
    let mut keyed: Vec<(&str, Acc)> = groups.into_iter().collect();
    keyed.sort_by(|a, b| group_order(a.0, b.0));
    let rows = keyed
        .into_iter()
        .map(|(group, acc)| {
            merge(&mut total, &acc);
            acc.finish(group)
        })
        .collect();
    SlaReport {
        rows,
        total: Some(total.finish("total")),
    }
}

fn merge(total: &mut Acc, acc: &Acc) {
    let (t, r) = (&mut total.row, &acc.row);
    t.tickets += r.tickets;
    for (a, b) in [
        (&mut t.first_response, &r.first_response),
        (&mut t.resolution, &r.resolution),
    ] {
        a.met += b.met;
        a.missed += b.missed;
        a.overdue += b.overdue;
        a.running += b.running;
        a.no_target += b.no_target;
    }
    t.breached_now += r.breached_now;
    t.at_risk_now += r.at_risk_now;
    total.first_response.extend_from_slice(&acc.first_response);
    total.resolution.extend_from_slice(&acc.resolution);
}
