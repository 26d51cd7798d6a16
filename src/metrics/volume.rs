//! Arrival load by hour and weekday, and customer satisfaction by group.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Timelike, Utc, Weekday};
use serde::Serialize;

use super::{group_order, pct, ReportOptions};
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
    let mut grid = [[0u64; 24]; 7];
    let mut total = 0;
    for ticket in tickets.iter().filter(|t| opts.in_cohort(t, now)) {
        let local = ticket.created_at.with_timezone(&rules.zone);
        grid[local.weekday().num_days_from_monday() as usize][local.hour() as usize] += 1;
        total += 1;
    }
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

/// The CSAT table: groups with at least one score, ordered by label.
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
    let mut groups: HashMap<&str, CsatRow> = HashMap::new();
    let mut total = CsatRow::default();
    for ticket in tickets.iter().filter(|t| opts.in_cohort(t, now)) {
        groups
            .entry(opts.group_by.key(ticket))
            .or_default()
            .add(ticket.csat);
        total.add(ticket.csat);
    }
    if total.rated == 0 {
        return CsatReport::default();
    }
    let mut keyed: Vec<(&str, CsatRow)> = groups.into_iter().filter(|(_, r)| r.rated > 0).collect();
    keyed.sort_by(|a, b| group_order(a.0, b.0));
    CsatReport {
        rows: keyed.into_iter().map(|(g, r)| r.finish(g)).collect(),
        total: Some(total.finish("total")),
    }
}
