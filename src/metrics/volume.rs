//! Arrival load by hour and weekday, and customer satisfaction by group.

use chrono::{DateTime, Offset, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::Serialize;

use super::pass::{named, Merge};
use super::slots::{self, Slots};
use super::{group_order, pct, report_of, ReportOptions, Tables};
use crate::rules::Rules;
use crate::summary::Summary;

/// Arrivals on one weekday.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LoadRow {
    /// `Mon` .. `Sun`.
    pub weekday: String,
    /// Tickets created in each hour of the day (`hours[9]`: 09:00-09:59).
    pub hours: [u64; 24],
    pub total: u64,
}

/// The arrival heat map: when tickets come in, in the rules' zone.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LoadReport {
    /// Monday to Sunday, all seven when there are any arrivals; else none.
    pub rows: Vec<LoadRow>,
    /// Arrivals per hour of day over all weekdays.
    pub hour_totals: [u64; 24],
    pub total: u64,
}

/// Arrivals of the cohort (tickets created in `[since, until)`) by weekday
/// (Monday first) and hour of day of their creation, in the rules' zone.
/// These are arrival counts, not averages per day: divide by the number of
/// weeks in the window for a per-week rate.
pub fn load(
    tickets: &[Summary],
    rules: &Rules,
    opts: &ReportOptions,
    now: DateTime<Utc>,
) -> LoadReport {
    report_of(&[tickets], rules, opts, now, Tables::LOAD, 1).load
}

/// The load table's tally during a pass: arrivals by weekday and hour.
#[derive(Default)]
pub(crate) struct LoadAcc {
    grid: [[u64; 24]; 7],
    total: u64,
}

impl LoadAcc {
    /// Counts a cohort ticket.
    pub(crate) fn add(&mut self, ticket: &Summary, zone: Tz) {
        // The local time's weekday and hour by arithmetic on the offset:
        // what `with_timezone` gives, without building a local date.
        const DAY: i64 = 86_400;
        let at = ticket.created_at;
        let offset = zone.offset_from_utc_datetime(&at.naive_utc()).fix();
        let local = at.timestamp() + i64::from(offset.local_minus_utc());
        // 1 January 1970 was a Thursday: day 3 counting from Monday.
        let weekday = (local.div_euclid(DAY) + 3).rem_euclid(7) as usize;
        let hour = (local.rem_euclid(DAY) / 3600) as usize;
        self.grid[weekday][hour] += 1;
        self.total += 1;
    }
}

impl Merge for LoadAcc {
    fn merge(&mut self, other: LoadAcc) {
        for (a, b) in self.grid.iter_mut().zip(other.grid) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        self.total += other.total;
    }
}

/// The table from a pass's tally.
pub(crate) fn load_report(acc: LoadAcc) -> LoadReport {
    let LoadAcc { grid, total } = acc;
    if total == 0 {
        return LoadReport::default();
    }
    let mut hour_totals = [0u64; 24];
    let mut weekday = Weekday::Mon;
    let mut rows = Vec::with_capacity(7);
    for hours in grid {
        for (sum, n) in hour_totals.iter_mut().zip(hours) {
            *sum += n;
        }
        rows.push(LoadRow {
            weekday: weekday.to_string(),
            hours,
            total: hours.iter().sum(),
        });
        weekday = weekday.succ();
    }
    LoadReport {
        rows,
        hour_totals,
        total,
    }
}

/// Satisfaction of one group.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CsatRow {
    /// Group label, or `total`.
    pub group: String,
    /// Cohort tickets in the group (rated or not).
    pub tickets: u64,
    /// Tickets with a score (1..=5).
    pub rated: u64,
    /// Mean score, 1.0 to 5.0.
    pub average: Option<f64>,
    /// Share of scores of 4 or 5, in percent (the usual CSAT %).
    pub satisfied_pct: Option<f64>,
    /// Number of scores 1, 2, 3, 4, 5.
    pub scores: [u64; 5],
}

/// The CSAT table: every group with cohort tickets, ordered by label, as
/// soon as any ticket has a score; the rows add up to the total (a group
/// without a score shows its tickets with a response rate of 0%).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CsatReport {
    pub rows: Vec<CsatRow>,
    /// `None` when no ticket has a score.
    pub total: Option<CsatRow>,
}

impl CsatRow {
    fn add(&mut self, score: Option<u8>) {
        self.tickets += 1;
        if let Some(s @ 1..=5) = score {
            self.scores[usize::from(s) - 1] += 1;
            self.rated += 1;
        }
    }

    fn finish(mut self, group: &str) -> CsatRow {
        self.group = group.to_string();
        let sum: u64 = self.scores.iter().zip(1..).map(|(n, s)| n * s).sum();
        self.average = (self.rated > 0).then(|| sum as f64 / self.rated as f64);
        self.satisfied_pct = pct(self.scores[3] + self.scores[4], self.rated);
        self
    }
}

/// Customer satisfaction of the cohort by `opts.group_by`: count of scores
/// and their mean, over the tickets that have one (scores outside 1..=5 are
/// ignored); unrated tickets are counted in `tickets` only, so
/// `rated / tickets` is the survey response rate.
pub fn csat(tickets: &[Summary], opts: &ReportOptions, now: DateTime<Utc>) -> CsatReport {
    let mut groups = Slots::default();
    let mut acc = CsatAcc::default();
    for ticket in tickets.iter().filter(|t| opts.in_cohort(t, now)) {
        acc.add(ticket, groups.slot(opts.group_by.key(ticket)));
    }
    let by_group = std::mem::take(&mut acc.groups);
    csat_report(acc, named(&groups, by_group))
}

/// The CSAT table's tally during a pass; groups are indexed by slot.
#[derive(Default)]
pub(crate) struct CsatAcc {
    pub(crate) groups: Vec<CsatRow>,
    total: CsatRow,
}

impl CsatAcc {
    /// Counts a cohort ticket of group `group`.
    pub(crate) fn add(&mut self, ticket: &Summary, group: usize) {
        slots::at(&mut self.groups, group).add(ticket.csat);
        self.total.add(ticket.csat);
    }

    /// Adds another tally whose groups are already merged by name.
    pub(crate) fn merge_total(&mut self, other: CsatAcc) {
        self.total.merge(other.total);
    }
}

impl Merge for CsatRow {
    fn merge(&mut self, other: CsatRow) {
        self.tickets += other.tickets;
        self.rated += other.rated;
        for (a, b) in self.scores.iter_mut().zip(other.scores) {
            *a += b;
        }
    }
}

/// The table from a pass's tally, its groups named.
pub(crate) fn csat_report(acc: CsatAcc, groups: Vec<(&str, CsatRow)>) -> CsatReport {
    let total = acc.total;
    if total.rated == 0 {
        return CsatReport::default();
    }
    // Every group with tickets, rated or not: dropping the unrated ones
    // left their tickets in the total only, so the rows did not add up.
    let mut keyed: Vec<(&str, CsatRow)> =
        groups.into_iter().filter(|(_, r)| r.tickets > 0).collect();
    keyed.sort_by(|a, b| group_order(a.0, b.0));
    CsatReport {
        rows: keyed.into_iter().map(|(g, r)| r.finish(g)).collect(),
        total: Some(total.finish("total")),
    }
}
