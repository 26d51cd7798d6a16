//! The SLA table: per group, how the cohort's targets stand.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::evaluate::{TargetState, TicketSla};
use super::pass::Merge;
use super::{group_order, pct, percentiles, report_of, ReportOptions, Tables};
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

/// One group's tally during a pass.
#[derive(Default)]
pub(crate) struct SlaAcc {
    row: SlaRow,
    first_response: Vec<i64>,
    resolution: Vec<i64>,
}

impl SlaAcc {
    pub(crate) fn add(&mut self, sla: &TicketSla) {
        self.row.tickets += 1;
        self.row.first_response.add(sla.first_response);
        self.row.resolution.add(sla.resolution);
        self.row.breached_now += u64::from(sla.breached_now());
        self.row.at_risk_now += u64::from(sla.at_risk_now());
        self.first_response.extend(sla.first_response_secs);
        self.resolution.extend(sla.resolution_secs);
    }

    /// Adds another tally's counts and times to this one.
    fn add_all(&mut self, other: &SlaAcc) {
        let (t, r) = (&mut self.row, &other.row);
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
        self.first_response.extend_from_slice(&other.first_response);
        self.resolution.extend_from_slice(&other.resolution);
    }

    pub(crate) fn finish(mut self, group: &str) -> SlaRow {
        self.row.group = group.to_string();
        self.row.first_response.finish();
        self.row.resolution.finish();
        [
            self.row.first_response_median_secs,
            self.row.first_response_p90_secs,
        ] = percentiles(&mut self.first_response, [50.0, 90.0]);
        [
            self.row.resolution_median_secs,
            self.row.resolution_p90_secs,
        ] = percentiles(&mut self.resolution, [50.0, 90.0]);
        self.row
    }
}

impl Merge for SlaAcc {
    fn merge(&mut self, other: SlaAcc) {
        self.add_all(&other);
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
    report_of(&[tickets], rules, opts, now, Tables::SLA, 1).sla
}

/// The table from each group's tally (groups in any order).
pub(crate) fn sla_report(groups: Vec<(&str, SlaAcc)>) -> SlaReport {
    let mut keyed = groups;
    // Groups seen only through tickets outside the cohort have no row.
    keyed.retain(|(_, acc)| acc.row.tickets > 0);
    if keyed.is_empty() {
        return SlaReport::default();
    }
    keyed.sort_by(|a, b| group_order(a.0, b.0));
    let mut total = SlaAcc::default();
    let rows = keyed
        .into_iter()
        .map(|(group, acc)| {
            total.add_all(&acc);
            acc.finish(group)
        })
        .collect();
    SlaReport {
        rows,
        total: Some(total.finish("total")),
    }
}
