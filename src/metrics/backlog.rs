//! The backlog: active tickets at `now`, by status and by group, bucketed
//! by age.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::pass::{named, Merge};
use super::slots::{self, Slots};
use super::{counts, group_order, ReportOptions};
use crate::model::{Status, TicketId};
use crate::summary::Summary;

/// Age buckets of the backlog, youngest first. Ages are wall-clock time
/// since creation; a bucket includes its lower bound. The buckets past a
/// week exist because imported backlogs sit there: a month counts as 30
/// days, so "2 to 4 weeks" runs to 30 days and "1 to 3 months" to 90.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeBucket {
    /// Under 4 hours.
    Under4h,
    /// 4 to 24 hours.
    From4hTo24h,
    /// 1 to 3 days.
    From1dTo3d,
    /// 3 to 7 days.
    From3dTo7d,
    /// 1 to 2 weeks (7 to 14 days).
    From1wTo2w,
    /// 2 to 4 weeks (14 to 30 days).
    From2wTo4w,
    /// 1 to 3 months (30 to 90 days).
    From1moTo3mo,
    /// 90 days and more.
    Over3mo,
}

impl AgeBucket {
    /// In column order; `BacklogRow::buckets[i]` counts `ALL[i]`.
    pub const ALL: [AgeBucket; 8] = [
        AgeBucket::Under4h,
        AgeBucket::From4hTo24h,
        AgeBucket::From1dTo3d,
        AgeBucket::From3dTo7d,
        AgeBucket::From1wTo2w,
        AgeBucket::From2wTo4w,
        AgeBucket::From1moTo3mo,
        AgeBucket::Over3mo,
    ];

    /// Column heading.
    pub fn label(self) -> &'static str {
        match self {
            AgeBucket::Under4h => "<4h",
            AgeBucket::From4hTo24h => "4-24h",
            AgeBucket::From1dTo3d => "1-3d",
            AgeBucket::From3dTo7d => "3-7d",
            AgeBucket::From1wTo2w => "1-2w",
            AgeBucket::From2wTo4w => "2-4w",
            AgeBucket::From1moTo3mo => "1-3mo",
            AgeBucket::Over3mo => ">3mo",
        }
    }

    /// The CSV and JSON column key, with its bounds in the key's units.
    pub fn key(self) -> &'static str {
        match self {
            AgeBucket::Under4h => "age_lt_4h",
            AgeBucket::From4hTo24h => "age_4h_24h",
            AgeBucket::From1dTo3d => "age_1d_3d",
            AgeBucket::From3dTo7d => "age_3d_7d",
            AgeBucket::From1wTo2w => "age_7d_14d",
            AgeBucket::From2wTo4w => "age_14d_30d",
            AgeBucket::From1moTo3mo => "age_30d_90d",
            AgeBucket::Over3mo => "age_gt_90d",
        }
    }

    /// The bucket of an age in seconds (negative ages count as zero).
    pub fn of_secs(age: i64) -> AgeBucket {
        const HOUR: i64 = 3600;
        const DAY: i64 = 24 * HOUR;
        match age {
            a if a < 4 * HOUR => AgeBucket::Under4h,
            a if a < DAY => AgeBucket::From4hTo24h,
            a if a < 3 * DAY => AgeBucket::From1dTo3d,
            a if a < 7 * DAY => AgeBucket::From3dTo7d,
            a if a < 14 * DAY => AgeBucket::From1wTo2w,
            a if a < 30 * DAY => AgeBucket::From2wTo4w,
            a if a < 90 * DAY => AgeBucket::From1moTo3mo,
            _ => AgeBucket::Over3mo,
        }
    }
}

/// Active tickets of one status or group.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct BacklogRow {
    /// Status name, group label, or `total`.
    pub key: String,
    /// Counts per [`AgeBucket::ALL`] bucket.
    pub buckets: [u64; AgeBucket::ALL.len()],
    pub total: u64,
    /// Age of the oldest ticket, in wall-clock seconds.
    pub oldest_age_secs: Option<i64>,
    /// The oldest ticket (the lowest id among equally old ones).
    pub oldest_ticket: Option<TicketId>,
}

impl BacklogRow {
    fn add(&mut self, id: TicketId, age: i64) {
        self.buckets[AgeBucket::of_secs(age) as usize] += 1;
        self.total += 1;
        self.consider_oldest(id, age);
    }

    /// Keeps the oldest ticket: the greatest age, the lowest id among
    /// equally old ones.
    fn consider_oldest(&mut self, id: TicketId, age: i64) {
        let older = match (self.oldest_age_secs, self.oldest_ticket) {
            (Some(a), Some(t)) => age > a || (age == a && id < t),
            _ => true,
        };
        if older {
            self.oldest_age_secs = Some(age);
            self.oldest_ticket = Some(id);
        }
    }
}

/// The backlog at `now`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct BacklogReport {
    /// One row per active status that has tickets, in lifecycle order
    /// (new, assigned, open, pending).
    pub by_status: Vec<BacklogRow>,
    /// One row per group (`opts.group_by`), ordered by label.
    pub by_group: Vec<BacklogRow>,
    /// All active tickets; `None` when there are none.
    pub total: Option<BacklogRow>,
}

/// The backlog: every ticket active at `now` (status new, assigned, open or
/// pending; created by `now`; not merged away), whatever its creation date
/// (`since`/`until` do not apply: a backlog is a snapshot). Age is wall-clock
/// time since creation, not reset by a reopen or paused while pending, as
/// ServiceNow's and Zendesk's ticket age are.
pub fn backlog(tickets: &[Summary], opts: &ReportOptions, now: DateTime<Utc>) -> BacklogReport {
    let mut groups = Slots::default();
    let mut acc = BacklogAcc::default();
    for ticket in tickets.iter().filter(|t| counts(t, now)) {
        acc.add(ticket, groups.slot(opts.group_by.key(ticket)), now);
    }
    let by_group = std::mem::take(&mut acc.by_group);
    backlog_report(acc, named(&groups, by_group))
}

/// The backlog's tally during a pass; groups are indexed by slot.
#[derive(Default)]
pub(crate) struct BacklogAcc {
    by_status: [BacklogRow; 6],
    pub(crate) by_group: Vec<BacklogRow>,
    total: BacklogRow,
}

impl BacklogAcc {
    /// Counts a ticket of group `group` that counts at `now`, if it is active.
    pub(crate) fn add(&mut self, ticket: &Summary, group: usize, now: DateTime<Utc>) {
        if !ticket.status.is_active() {
            return;
        }
        let age = (now - ticket.created_at).num_seconds().max(0);
        self.by_status[ticket.status as usize].add(ticket.id, age);
        slots::at(&mut self.by_group, group).add(ticket.id, age);
        self.total.add(ticket.id, age);
    }

    /// Adds another tally whose groups are already merged by name.
    pub(crate) fn merge_counts(&mut self, other: BacklogAcc) {
        for (a, b) in self.by_status.iter_mut().zip(other.by_status) {
            a.merge(b);
        }
        self.total.merge(other.total);
    }
}

impl Merge for BacklogRow {
    fn merge(&mut self, other: BacklogRow) {
        for (a, b) in self.buckets.iter_mut().zip(other.buckets) {
            *a += b;
        }
        self.total += other.total;
        if let (Some(age), Some(id)) = (other.oldest_age_secs, other.oldest_ticket) {
            self.consider_oldest(id, age);
        }
    }
}

/// The report from a pass's tally, its groups named.
pub(crate) fn backlog_report(acc: BacklogAcc, groups: Vec<(&str, BacklogRow)>) -> BacklogReport {
    let BacklogAcc {
        by_status,
        mut total,
        ..
    } = acc;
    if total.total == 0 {
        return BacklogReport::default();
    }
    let by_status = Status::ALL
        .into_iter()
        .zip(by_status)
        .filter(|(_, row)| row.total > 0)
        .map(|(status, mut row)| {
            row.key = status.as_str().to_string();
            row
        })
        .collect();
    let mut groups = groups;
    groups.retain(|(_, row)| row.total > 0);
    groups.sort_by(|a, b| group_order(a.0, b.0));
    total.key = "total".to_string();
    BacklogReport {
        by_status,
        by_group: groups
            .into_iter()
            .map(|(key, mut row)| {
                row.key = key.to_string();
                row
            })
            .collect(),
        total: Some(total),
    }
}
