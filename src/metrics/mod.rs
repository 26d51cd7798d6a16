//! Report metrics: pure functions from ticket summaries
//! ([`crate::summary::Summary`]: a ticket's report columns with its audit
//! history folded in) to plain tables of numbers. No I/O, no clock reads:
//! `now` is always a parameter, so `report --as-of`, tests and the
//! simulator get the same answers from the same inputs.
//!
//! Every table has a function of its own ([`sla_by_group`], [`backlog`],
//! [`resolution`], [`agents`], [`fairness`], [`load`], [`csat`]) and
//! [`report`] computes all of them with one SLA evaluation per ticket.
//! Durations are whole seconds (`i64`), percentages are `f64` in `0..=100`
//! and are `None` when their denominator is zero. With no tickets every
//! table has no rows (and no total).
//!
//! # Which tickets count
//!
//! * Tickets merged into another ticket (`merged_into` set) are duplicates
//!   and count nowhere.
//! * **Cohort** tables ([`sla_by_group`], [`resolution`], [`load`], [`csat`],
//!   and the SLA column of [`agents`]) take the tickets *created* in
//!   `[since, until)` and not after `now`, and describe how those tickets
//!   stand at `now` (the usual creation-date filter of Zendesk Explore).
//! * **Snapshot** figures ([`backlog`], active load in [`agents`] and
//!   [`fairness`]) look at every ticket active at `now`; `since`/`until` do
//!   not apply.
//! * **Activity** figures (assigned, resolved and work in [`agents`] and
//!   [`fairness`], `resolved_in_period` in [`resolution`]) count the
//!   assignments and resolutions that *happened* in `[since, until)`.
//!
//! # SLA outcome of a target ([`evaluate`])
//!
//! Each ticket has up to two targets, first response and resolution, whose
//! due times the SLA engine stored on the ticket. A target is
//! * **met** / **missed** once achieved (first response given; ticket
//!   resolved or closed) at / after its due time. The verdict recorded when
//!   it was achieved (`sla.first_response_met`, `sla.resolution_met`) wins;
//!   without one, the achieved time is compared with the due time.
//! * **overdue** while still running past its due time: it already counts
//!   as breached, like Zendesk's and ServiceNow's breach, which never goes
//!   back. A clock paused (pending) before the due time is not overdue.
//! * **at risk** while running, not overdue, with at least
//!   `escalation.at_risk` (default 75%) of the target elapsed.
//! * **running** otherwise. Running and at-risk targets are in no met %
//!   denominator yet: met % = met / (met + missed + overdue).
//!
//! A ticket resolved without any response stops its first-response clock at
//! the resolution: met if resolved by the first-response due time. A
//! reopened ticket's resolution target runs on from where it stopped: the
//! lifecycle records the time it sat resolved (a status whose clock effect
//! is `stop`) as a pause, and the SLA engine moves the due time by it, so
//! the reopen breaches once the clock time since creation, minus pending
//! and resolved stretches, passes the target. Tickets without a policy or
//! target contribute to neither side.
//!
//! # Clocks
//!
//! SLA verdicts always use each target's own calendar (the target's
//! `calendar`, else its policy's, else 24x7). Reported durations (first
//! response time, resolution time, handle time, work) use that same calendar
//! with [`Clock::Business`], or wall time with [`Clock::Calendar`]; both
//! subtract the ticket's SLA pauses (time pending on the customer).
//!
//! Percentiles are nearest-rank ([`percentile_nearest_rank`]); the median is
//! the 50th percentile, so it is always a value some ticket really had.
//!
//! # Calling it
//!
//! * Plain report: the store's summaries (`Store::summaries`), each with
//!   the history of its whole audit log, and [`report`] (or one table
//!   function) at `now`. A summary whose `last_event_at` is after `now`
//!   knows events the report must not see: rebuild it with
//!   `Summary::until(&ticket, &events, Some(now))` first.
//! * `--as-of T`: for each ticket, `ticket_as_of(&ticket, &its_events, T)`
//!   (skip `None`), then `Summary::until(&that, &its_events, Some(T))`, and
//!   [`report`] with `now = T`.
//!
//! A summary's history is what one-touch % (responses), assigned counts
//! (every assignment) and work (every holding) are computed from; a summary
//! whose response count is unknown (`None`) is left out of the one-touch
//! denominator.
//!
//! # How it is computed
//!
//! [`report_of`] makes one pass over the summaries: each ticket is
//! checked, grouped and SLA-evaluated once and feeds every table asked
//! for. On several threads each folds chunks of summaries into a tally of
//! its own, and the tallies are merged by group and agent name; counts and
//! sums are exact and percentiles are taken over every value (by
//! selection, not sorting), so the numbers do not depend on the threads.
//! Within a pass, a group or agent is a small integer found by its label's
//! address, not by hashing its text; each ticket's SLA targets come from
//! a table built once from the rules; business time is measured by lookup
//! in each calendar's cumulative sums over the report's span, to the
//! second the calendar itself would give.

mod agents;
mod asof;
mod backlog;
mod evaluate;
mod meter;
mod pass;
mod resolution;
mod sla;
mod slots;
mod trend;
mod volume;

#[cfg(test)]
mod tests;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::rules::Rules;
use crate::summary::Summary;

pub use agents::{agents, fairness, AgentRow, FairnessReport, FairnessRow};
pub use asof::ticket_as_of;
pub use backlog::{backlog, AgeBucket, BacklogReport, BacklogRow};
pub use evaluate::{evaluate, TargetState, TicketSla};
pub use resolution::{resolution, ResolutionReport, ResolutionRow};
pub use sla::{sla_by_group, SlaReport, SlaRow, TargetSummary};
pub use trend::{Durations, SlaTrend, SlaTrendRow, DURATION_BOUNDS, DURATION_LABELS};
pub use volume::{csat, load, CsatReport, CsatRow, LoadReport, LoadRow};

/// Group label for tickets without a value for the grouping field.
pub const NONE_LABEL: &str = "(none)";
/// Group label for tickets without an assignee when grouping by agent.
pub const UNASSIGNED_LABEL: &str = "(unassigned)";

/// How durations are measured in the reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    /// Business time of the calendar of the ticket's SLA target (24x7 when
    /// the ticket has no policy), minus pauses.
    #[default]
    Business,
    /// Wall-clock time, minus pauses.
    Calendar,
}

impl Clock {
    pub const ALL: [Clock; 2] = [Clock::Business, Clock::Calendar];

    pub fn as_str(self) -> &'static str {
        match self {
            Clock::Business => "business",
            Clock::Calendar => "calendar",
        }
    }

    pub fn parse(text: &str) -> Option<Clock> {
        match text.trim().to_lowercase().as_str() {
            "business" | "business-hours" | "business_hours" => Some(Clock::Business),
            "calendar" | "wall" | "24x7" => Some(Clock::Calendar),
            _ => None,
        }
    }
}

/// The field tickets are grouped by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// The priority the ticket was created (or imported) with: an
    /// escalation bump or a later change does not move it to another group.
    #[default]
    Priority,
    /// The priority now, after escalation bumps and changes by hand.
    CurrentPriority,
    Team,
    /// The current assignee.
    Agent,
    Channel,
    Category,
    /// The SLA policy name.
    Policy,
    /// The customer's tier.
    Tier,
}

impl GroupBy {
    pub const ALL: [GroupBy; 8] = [
        GroupBy::Priority,
        GroupBy::CurrentPriority,
        GroupBy::Team,
        GroupBy::Agent,
        GroupBy::Channel,
        GroupBy::Category,
        GroupBy::Policy,
        GroupBy::Tier,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::Priority => "priority",
            GroupBy::CurrentPriority => "current-priority",
            GroupBy::Team => "team",
            GroupBy::Agent => "agent",
            GroupBy::Channel => "channel",
            GroupBy::Category => "category",
            GroupBy::Policy => "policy",
            GroupBy::Tier => "tier",
        }
    }

    pub fn parse(text: &str) -> Option<GroupBy> {
        let text = text.trim().to_lowercase();
        GroupBy::ALL
            .into_iter()
            .find(|g| g.as_str() == text)
            .or(match text.as_str() {
                "assignee" => Some(GroupBy::Agent),
                "current_priority" | "current" => Some(GroupBy::CurrentPriority),
                "created-priority" | "created_priority" => Some(GroupBy::Priority),
                "sla" => Some(GroupBy::Policy),
                _ => None,
            })
    }

    /// The field's name in a title: `SLA by current priority`.
    pub fn title(self) -> String {
        self.as_str().replace('-', " ")
    }

    /// The group a ticket belongs to: its value for the field, or
    /// [`NONE_LABEL`] / [`UNASSIGNED_LABEL`] when it has none.
    pub fn key(self, ticket: &Summary) -> &str {
        match self {
            GroupBy::Priority => ticket.created_priority().as_str(),
            GroupBy::CurrentPriority => ticket.priority.as_str(),
            GroupBy::Team => ticket.team.as_deref().unwrap_or(NONE_LABEL),
            GroupBy::Agent => ticket.assignee.as_deref().unwrap_or(UNASSIGNED_LABEL),
            GroupBy::Channel => &ticket.channel,
            GroupBy::Category => ticket.category.as_deref().unwrap_or(NONE_LABEL),
            GroupBy::Policy => ticket.sla.policy.as_deref().unwrap_or(NONE_LABEL),
            GroupBy::Tier => ticket.tier.as_deref().unwrap_or(NONE_LABEL),
        }
    }
}

/// Calendar periods of the resolution-rate table, in the rule file's zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Day,
    /// ISO week, Monday to Sunday, labelled `2026-W03`.
    Week,
    Month,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::Day, Period::Week, Period::Month];

    pub fn as_str(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }

    /// The period that cuts a span into a readable number of bars: days
    /// up to about six weeks, weeks up to about half a year, else months.
    pub fn fitting(span: chrono::TimeDelta) -> Period {
        match span.num_days() {
            ..=45 => Period::Day,
            46..=190 => Period::Week,
            _ => Period::Month,
        }
    }

    pub fn parse(text: &str) -> Option<Period> {
        match text.trim().to_lowercase().as_str() {
            "day" | "daily" | "d" => Some(Period::Day),
            "week" | "weekly" | "w" => Some(Period::Week),
            "month" | "monthly" | "m" => Some(Period::Month),
            _ => None,
        }
    }
}

macro_rules! text_enum {
    ($name:ident, $expected:literal) => {
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::parse(s).ok_or_else(|| {
                    format!(
                        "unknown {} {s:?}: expected {}",
                        stringify!($name).to_lowercase(),
                        $expected
                    )
                })
            }
        }
    };
}

text_enum!(Clock, "business or calendar");
text_enum!(
    GroupBy,
    "priority, current-priority, team, agent, channel, category, policy or tier"
);
text_enum!(Period, "day, week or month");

/// What the `report` command passes in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportOptions {
    /// Cohort and activity window start (inclusive); `None`: from the start.
    pub since: Option<DateTime<Utc>>,
    /// Window end (exclusive); `None`: up to `now`.
    pub until: Option<DateTime<Utc>>,
    pub clock: Clock,
    /// Grouping of the SLA, backlog, resolution (without `period`) and CSAT tables.
    pub group_by: GroupBy,
    /// `Some`: the resolution table has one row per period instead of per group.
    pub period: Option<Period>,
}

impl ReportOptions {
    /// Whether `at` is inside `[since, until)` and not after `now`.
    pub fn in_window(&self, at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        at <= now && self.since.is_none_or(|s| at >= s) && self.until.is_none_or(|u| at < u)
    }

    /// Whether a ticket belongs to the cohort: created in the window, not
    /// merged into another ticket.
    pub fn in_cohort(&self, ticket: &Summary, now: DateTime<Utc>) -> bool {
        counts(ticket, now) && self.in_window(ticket.created_at, now)
    }
}

/// Whether a ticket counts at all at `now`: it exists by then and is not a
/// duplicate merged into another ticket.
pub(crate) fn counts(ticket: &Summary, now: DateTime<Utc>) -> bool {
    ticket.merged_into.is_none() && ticket.created_at <= now
}

/// The value at percentile `p` (0..=100) of ascending `sorted` values, by
/// the nearest-rank definition: the smallest value such that at least `p`%
/// of the values are less than or equal to it, i.e. the value of rank
/// `ceil(p / 100 × n)` (rank 1 for `p = 0`). Always one of the values, never
/// an interpolation. `None` for no values or a NaN `p`; `p` outside 0..=100
/// is clamped.
pub fn percentile_nearest_rank(sorted: &[i64], p: f64) -> Option<i64> {
    debug_assert!(
        sorted.windows(2).all(|w| w[0] <= w[1]),
        "percentile_nearest_rank needs ascending values"
    );
    nearest_rank(sorted.len(), p).map(|rank| sorted[rank - 1])
}

/// The nearest rank (1-based) of percentile `p` among `n` values; `None`
/// for no values or a NaN `p`.
fn nearest_rank(n: usize, p: f64) -> Option<usize> {
    if n == 0 || p.is_nan() {
        return None;
    }
    let p = p.clamp(0.0, 100.0);
    // p × n first, then / 100: exact for whole percentages, so p90 of ten
    // values is rank 9, not 10 through a rounding error. The epsilon absorbs
    // the error of fractional percentages such as 99.9.
    let rank = ((p * n as f64) / 100.0 - 1e-9).ceil();
    Some((rank.max(1.0) as usize).min(n))
}

/// [`percentile_nearest_rank`] of `values` in any order, for ascending
/// percentiles `ps`. The values are reordered: each percentile is found by
/// selection (linear time) rather than by sorting them all.
pub(crate) fn percentiles<const N: usize>(values: &mut [i64], ps: [f64; N]) -> [Option<i64>; N] {
    debug_assert!(ps.windows(2).all(|w| w[0] <= w[1]), "ascending percentiles");
    let mut done = 0;
    ps.map(|p| {
        let index = nearest_rank(values.len(), p)? - 1;
        // Everything before `done` is at most the value found there, so a
        // later (higher) rank lies in the rest.
        let index = index.max(done);
        let (_, &mut value, _) = values[done..].select_nth_unstable(index - done);
        done = index;
        Some(value)
    })
}

/// The nearest-rank median (50th percentile): for an even count, the lower
/// of the two middle values.
pub fn median(sorted: &[i64]) -> Option<i64> {
    percentile_nearest_rank(sorted, 50.0)
}

/// `num / den` as a percentage, `None` when `den` is zero.
pub(crate) fn pct(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 * 100.0 / den as f64)
}

/// Orders group labels alphabetically, with the "no value" groups last.
pub(crate) fn group_order(a: &str, b: &str) -> std::cmp::Ordering {
    let none = |k: &str| k == NONE_LABEL || k == UNASSIGNED_LABEL;
    (none(a), a).cmp(&(none(b), b))
}

/// Every table, computed in one go.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    pub sla: SlaReport,
    pub backlog: BacklogReport,
    pub resolution: ResolutionReport,
    pub agents: Vec<AgentRow>,
    pub fairness: FairnessReport,
    pub load: LoadReport,
    pub csat: CsatReport,
    /// SLA attainment per period of creation (`opts.period`, else weeks).
    pub sla_trend: SlaTrend,
    /// First-response and resolution time distributions of the cohort.
    pub durations: Durations,
}

/// Which tables [`report_of`] computes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tables {
    pub sla: bool,
    pub backlog: bool,
    pub resolution: bool,
    pub agents: bool,
    pub fairness: bool,
    pub load: bool,
    pub csat: bool,
    pub sla_trend: bool,
    pub durations: bool,
}

impl Tables {
    pub const ALL: Tables = Tables {
        sla: true,
        backlog: true,
        resolution: true,
        agents: true,
        fairness: true,
        load: true,
        csat: true,
        sla_trend: true,
        durations: true,
    };
    const NONE: Tables = Tables {
        sla: false,
        backlog: false,
        resolution: false,
        agents: false,
        fairness: false,
        load: false,
        csat: false,
        sla_trend: false,
        durations: false,
    };
    pub const SLA: Tables = Tables {
        sla: true,
        ..Tables::NONE
    };
    pub const BACKLOG: Tables = Tables {
        backlog: true,
        ..Tables::NONE
    };
    pub const RESOLUTION: Tables = Tables {
        resolution: true,
        ..Tables::NONE
    };
    pub const AGENTS: Tables = Tables {
        agents: true,
        ..Tables::NONE
    };
    pub const FAIRNESS: Tables = Tables {
        fairness: true,
        ..Tables::NONE
    };
    pub const LOAD: Tables = Tables {
        load: true,
        ..Tables::NONE
    };
    pub const CSAT: Tables = Tables {
        csat: true,
        ..Tables::NONE
    };
}

/// All tables over the same tickets, evaluating each ticket's SLA once.
pub fn report(
    tickets: &[Summary],
    rules: &Rules,
    opts: &ReportOptions,
    now: DateTime<Utc>,
) -> Report {
    report_of(&[tickets], rules, opts, now, Tables::ALL, 1)
}

/// The tables in `tables` (the others are left empty) in one pass over
/// the tickets, given in one or more slices (as they were read), on up to
/// `threads` threads; the numbers depend on neither.
pub fn report_of(
    tickets: &[&[Summary]],
    rules: &Rules,
    opts: &ReportOptions,
    now: DateTime<Utc>,
    tables: Tables,
    threads: usize,
) -> Report {
    pass::run(tickets, rules, opts, now, tables, threads)
}
