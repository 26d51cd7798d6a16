//! The resolution-rate table: per period or per group, how much of the
//! cohort got resolved, and how cleanly.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::evaluate::resolved_at;
use super::pass::Merge;
use super::{group_order, pct, report_of, slots, GroupBy, Period, ReportOptions, Tables};
use crate::rules::Rules;
use crate::summary::Summary;

/// One row of the resolution-rate table.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ResolutionRow {
    /// Period label (`2026-03-02`, `2026-W10`, `2026-03`), group label, or `total`.
    pub key: String,
    /// First day of the period (in the rules' zone), for period rows.
    pub period_start: Option<NaiveDate>,
    /// Cohort tickets created in the period / group.
    pub created: u64,
    /// Of those, resolved or closed at `now`.
    pub resolved: u64,
    /// `resolved / created`, in percent.
    pub resolution_rate_pct: Option<f64>,
    /// Throughput: tickets (of any creation date) whose resolution falls in
    /// the period, or in `[since, until)` for group rows and the total.
    pub resolved_in_period: u64,
    /// Cohort tickets resolved at least once (resolved now, or reopened).
    pub ever_resolved: u64,
    /// Of those, reopened at least once.
    pub reopened: u64,
    /// `reopened / ever_resolved`, in percent.
    pub reopened_pct: Option<f64>,
    /// Mean `reassignments` over the `resolved` tickets.
    pub mean_reassignments: Option<f64>,
    /// Resolved tickets with exactly one agent response and no reopen.
    pub one_touch: u64,
    /// `one_touch` over the resolved tickets whose responses are known (from
    /// the audit log), in percent; `None` when none is known.
    pub one_touch_pct: Option<f64>,
}

/// The resolution-rate table.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ResolutionReport {
    /// `Some` when rows are periods (then `group_by` is `None`).
    pub period: Option<Period>,
    /// `Some` when rows are groups.
    pub group_by: Option<GroupBy>,
    /// Periods in time order, with empty periods between the first and the
    /// last filled in; or groups ordered by label.
    pub rows: Vec<ResolutionRow>,
    /// `None` when there are no rows.
    pub total: Option<ResolutionRow>,
}

/// One period's or group's tally during a pass.
#[derive(Default)]
pub(crate) struct ResolutionAcc {
    created: u64,
    resolved: u64,
    resolved_in_period: u64,
    ever_resolved: u64,
    reopened: u64,
    reassignments: u64,
    one_touch: u64,
    one_touch_known: u64,
}

impl ResolutionAcc {
    fn add_created(&mut self, ticket: &Summary) {
        self.created += 1;
        let resolved = !ticket.status.is_active();
        if resolved || ticket.reopens > 0 {
            self.ever_resolved += 1;
            self.reopened += u64::from(ticket.reopens > 0);
        }
        if resolved {
            self.resolved += 1;
            self.reassignments += u64::from(ticket.reassignments);
            if let Some(responses) = ticket.history.responses {
                self.one_touch_known += 1;
                self.one_touch += u64::from(responses == 1 && ticket.reopens == 0);
            }
        }
    }

    fn add_all(&mut self, o: &ResolutionAcc) {
        self.created += o.created;
        self.resolved += o.resolved;
        self.resolved_in_period += o.resolved_in_period;
        self.ever_resolved += o.ever_resolved;
        self.reopened += o.reopened;
        self.reassignments += o.reassignments;
        self.one_touch += o.one_touch;
        self.one_touch_known += o.one_touch_known;
    }

    fn row(&self, key: String, period_start: Option<NaiveDate>) -> ResolutionRow {
        ResolutionRow {
            key,
            period_start,
            created: self.created,
            resolved: self.resolved,
            resolution_rate_pct: pct(self.resolved, self.created),
            resolved_in_period: self.resolved_in_period,
            ever_resolved: self.ever_resolved,
            reopened: self.reopened,
            reopened_pct: pct(self.reopened, self.ever_resolved),
            mean_reassignments: (self.resolved > 0)
                .then(|| self.reassignments as f64 / self.resolved as f64),
            one_touch: self.one_touch,
            one_touch_pct: pct(self.one_touch, self.one_touch_known),
        }
    }
}

/// First day of the period holding `at`, in `zone`.
pub(crate) fn period_start(period: Period, at: DateTime<Utc>, zone: Tz) -> NaiveDate {
    let day = at.with_timezone(&zone).date_naive();
    match period {
        Period::Day => day,
        Period::Week => day - Days::new(u64::from(day.weekday().num_days_from_monday())),
        Period::Month => day.with_day(1).unwrap_or(day),
    }
}

pub(crate) fn next_period(period: Period, start: NaiveDate) -> Option<NaiveDate> {
    match period {
        Period::Day => start.checked_add_days(Days::new(1)),
        Period::Week => start.checked_add_days(Days::new(7)),
        Period::Month => start.checked_add_months(Months::new(1)),
    }
}

/// `2026-03-02`, `2026-W10` (ISO week-numbering year and week), `2026-03`.
pub(crate) fn period_label(period: Period, start: NaiveDate) -> String {
    match period {
        Period::Day => start.format("%Y-%m-%d").to_string(),
        Period::Week => {
            let week = start.iso_week();
            format!("{}-W{:02}", week.year(), week.week())
        }
        Period::Month => start.format("%Y-%m").to_string(),
    }
}

/// The resolution-rate table over the cohort, per `opts.period` if set,
/// else per `opts.group_by`.
///
/// * created: cohort tickets (created in `[since, until)`), bucketed by
///   creation time in the rules' zone (weeks start on Monday).
/// * resolved / rate: of the created, those resolved or closed at `now`
///   (a reopened ticket that is active again is not resolved); rate =
///   resolved ÷ created, so it stays within 0..100 and a young period
///   catches up as its tickets get resolved.
/// * resolved in period: throughput, by resolution time, whatever the
///   creation time (Zendesk's "solved tickets" over "created tickets").
/// * reopened %: tickets reopened at least once ÷ tickets resolved at least
///   once (Zendesk's reopened-tickets share).
/// * mean reassignments: over the resolved tickets, whose count is final
///   (ServiceNow's reassignment count).
/// * one-touch %: resolved tickets with exactly one agent response and no
///   reopen, ÷ resolved tickets whose response count is known. Stricter
///   than Zendesk's "fewer than two replies": a ticket closed with no
///   response at all was not touched, and a reopen means the one touch did
///   not do. Tickets whose response count is unknown are left out; when
///   none is known `one_touch_pct` is `None`.
pub fn resolution(
    tickets: &[Summary],
    rules: &Rules,
    opts: &ReportOptions,
    now: DateTime<Utc>,
) -> ResolutionReport {
    report_of(&[tickets], rules, opts, now, Tables::RESOLUTION, 1).resolution
}

impl Merge for ResolutionAcc {
    fn merge(&mut self, other: ResolutionAcc) {
        self.add_all(&other);
    }
}

/// The resolution table's tally during a pass: per period (in `zone`), or
/// per group (indexed by slot).
#[derive(Default)]
pub(crate) struct ResolutionTally {
    pub(crate) periods: BTreeMap<NaiveDate, ResolutionAcc>,
    pub(crate) groups: Vec<ResolutionAcc>,
}

impl ResolutionTally {
    /// Counts a ticket that counts at `now` (`group`: its slot, when rows
    /// are groups).
    pub(crate) fn add(
        &mut self,
        ticket: &Summary,
        group: Option<usize>,
        zone: Tz,
        opts: &ReportOptions,
        now: DateTime<Utc>,
    ) {
        let cohort = opts.in_window(ticket.created_at, now);
        let resolved = resolved_at(ticket).filter(|&at| opts.in_window(at, now));
        match (opts.period, group) {
            (Some(period), _) => {
                if cohort {
                    self.periods
                        .entry(period_start(period, ticket.created_at, zone))
                        .or_default()
                        .add_created(ticket);
                }
                if let Some(at) = resolved {
                    self.periods
                        .entry(period_start(period, at, zone))
                        .or_default()
                        .resolved_in_period += 1;
                }
            }
            (None, Some(group)) => {
                if !cohort && resolved.is_none() {
                    return;
                }
                let acc = slots::at(&mut self.groups, group);
                if cohort {
                    acc.add_created(ticket);
                }
                acc.resolved_in_period += u64::from(resolved.is_some());
            }
            (None, None) => {}
        }
    }
}

/// The table from a pass's tally, its groups named.
pub(crate) fn resolution_report(
    periods: BTreeMap<NaiveDate, ResolutionAcc>,
    groups: Vec<(&str, ResolutionAcc)>,
    opts: &ReportOptions,
) -> ResolutionReport {
    match opts.period {
        Some(period) => by_period(periods, period),
        None => by_group(groups, opts.group_by),
    }
}

fn by_period(mut periods: BTreeMap<NaiveDate, ResolutionAcc>, period: Period) -> ResolutionReport {
    let (Some(&first), Some(&last)) = (periods.keys().next(), periods.keys().next_back()) else {
        return ResolutionReport {
            period: Some(period),
            ..ResolutionReport::default()
        };
    };
    let mut total = ResolutionAcc::default();
    let mut rows = Vec::new();
    let mut start = Some(first);
    while let Some(day) = start.filter(|&d| d <= last) {
        let acc = periods.remove(&day).unwrap_or_default();
        total.add_all(&acc);
        rows.push(acc.row(period_label(period, day), Some(day)));
        start = next_period(period, day);
    }
    ResolutionReport {
        period: Some(period),
        group_by: None,
        rows,
        total: Some(total.row("total".to_string(), None)),
    }
}

fn by_group(groups: Vec<(&str, ResolutionAcc)>, group_by: GroupBy) -> ResolutionReport {
    let mut keyed = groups;
    keyed.retain(|(_, acc)| acc.created > 0 || acc.resolved_in_period > 0);
    if keyed.is_empty() {
        return ResolutionReport {
            group_by: Some(group_by),
            ..ResolutionReport::default()
        };
    }
    keyed.sort_by(|a, b| group_order(a.0, b.0));
    let mut total = ResolutionAcc::default();
    let rows = keyed
        .into_iter()
        .map(|(key, acc)| {
            total.add_all(&acc);
            acc.row(key.to_string(), None)
        })
        .collect();
    ResolutionReport {
        period: None,
        group_by: Some(group_by),
        rows,
        total: Some(total.row("total".to_string(), None)),
    }
}
