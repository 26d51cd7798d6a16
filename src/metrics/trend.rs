//! What the charts of the HTML report add to the tables: SLA attainment
//! per calendar period of creation, and how first-response and resolution
//! times are distributed. Both come from the same SLA evaluation of the
//! cohort as the SLA table, so a period's counts add up to the SLA table's
//! total and the distributions hold the values its medians are taken from.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::evaluate::TicketSla;
use super::pass::Merge;
use super::resolution::{next_period, period_label};
use super::sla::{SlaAcc, TargetSummary};
use super::Period;

/// SLA attainment of the tickets created in one period.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SlaTrendRow {
    /// Period label, as in the resolution table (`2026-03-02`, `2026-W10`, `2026-03`).
    pub key: String,
    /// First day of the period, in the rules' zone.
    pub period_start: Option<NaiveDate>,
    /// Cohort tickets created in the period.
    pub tickets: u64,
    pub first_response: TargetSummary,
    pub resolution: TargetSummary,
}

/// SLA attainment per period of creation, periods in time order with the
/// empty ones between the first and the last filled in.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SlaTrend {
    pub period: Option<Period>,
    pub rows: Vec<SlaTrendRow>,
}

/// Upper bounds (exclusive, seconds) of the duration buckets; the last
/// bucket has none. Steps that double or so, from a chat reply to a
/// week-old resolution, so both distributions fit one axis.
pub const DURATION_BOUNDS: [i64; 9] = [
    15 * 60,
    30 * 60,
    3600,
    2 * 3600,
    4 * 3600,
    8 * 3600,
    24 * 3600,
    3 * 24 * 3600,
    7 * 24 * 3600,
];

/// Labels of the duration buckets, one more than [`DURATION_BOUNDS`].
pub const DURATION_LABELS: [&str; 10] = [
    "<15m", "15-30m", "30m-1h", "1-2h", "2-4h", "4-8h", "8-24h", "1-3d", "3-7d", ">7d",
];

/// Counts of first-response and resolution times of the cohort per
/// [`DURATION_LABELS`] bucket: over the tickets that have the time (a
/// response; a final resolution), measured as the SLA table measures it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Durations {
    pub first_response: [u64; DURATION_LABELS.len()],
    pub resolution: [u64; DURATION_LABELS.len()],
}

impl Durations {
    /// The bucket of a duration (negative counts as zero).
    pub fn bucket(secs: i64) -> usize {
        DURATION_BOUNDS.partition_point(|&bound| bound <= secs)
    }

    pub(crate) fn add(&mut self, sla: &TicketSla) {
        if let Some(secs) = sla.first_response_secs {
            self.first_response[Durations::bucket(secs)] += 1;
        }
        if let Some(secs) = sla.resolution_secs {
            self.resolution[Durations::bucket(secs)] += 1;
        }
    }
}

impl Merge for Durations {
    fn merge(&mut self, other: Durations) {
        for (a, b) in self.first_response.iter_mut().zip(other.first_response) {
            *a += b;
        }
        for (a, b) in self.resolution.iter_mut().zip(other.resolution) {
            *a += b;
        }
    }
}

/// The trend from the per-period tallies of a pass.
pub(crate) fn sla_trend(mut periods: BTreeMap<NaiveDate, SlaAcc>, period: Period) -> SlaTrend {
    let (Some(&first), Some(&last)) = (periods.keys().next(), periods.keys().next_back()) else {
        return SlaTrend {
            period: Some(period),
            rows: Vec::new(),
        };
    };
    let mut rows = Vec::new();
    let mut start = Some(first);
    while let Some(day) = start.filter(|&d| d <= last) {
        let row = periods.remove(&day).unwrap_or_default().finish("");
        rows.push(SlaTrendRow {
            key: period_label(period, day),
            period_start: Some(day),
            tickets: row.tickets,
            first_response: row.first_response,
            resolution: row.resolution,
        });
        start = next_period(period, day);
    }
    SlaTrend {
        period: Some(period),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_fall_in_the_bucket_whose_lower_bound_they_reach() {
        assert_eq!(Durations::bucket(-5), 0);
        assert_eq!(Durations::bucket(0), 0);
        assert_eq!(Durations::bucket(15 * 60 - 1), 0);
        assert_eq!(Durations::bucket(15 * 60), 1);
        assert_eq!(Durations::bucket(7 * 24 * 3600 - 1), 8);
        assert_eq!(Durations::bucket(7 * 24 * 3600), 9);
        assert_eq!(Durations::bucket(i64::MAX), DURATION_LABELS.len() - 1);
    }
}
