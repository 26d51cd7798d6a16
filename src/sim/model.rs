//! The compiled simulation model: what the engine runs. A scenario file is
//! read and checked by [`super::scenario`] and compiled into a [`Model`];
//! the engine only reads it, so one model serves every replication and
//! variant, on every thread.
//!
//! Times are microseconds since the Unix epoch (UTC) in an `i64`: exact,
//! cheap to compare, and fine enough that simultaneous events are rare.

use chrono::{DateTime, Utc};
use rand::Rng;
use rand_distr::{Exp1, StandardNormal};

use crate::model::Priority;
use crate::routing::Candidate;
use crate::rules::{AgentSpec, RoutingSpec, Rules, Strategy};
use crate::sla::{Calendar, Target};

/// Microseconds in a second.
pub const SEC: i64 = 1_000_000;
/// Microseconds in an hour.
pub const HOUR: i64 = 3600 * SEC;

/// Microseconds since the epoch as an instant.
pub fn to_time(us: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(us).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// An instant as microseconds since the epoch.
pub fn to_micros(t: DateTime<Utc>) -> i64 {
    t.timestamp_micros()
}

/// How tickets reach agents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dispatch {
    /// One central queue; a ticket is routed only to an agent with a free
    /// slot, when it arrives or when a slot frees (triage's behaviour).
    #[default]
    Pull,
    /// Every ticket is routed at arrival to an agent's personal queue,
    /// whatever that agent's load (static helpdesk assignment).
    Push,
}

impl Dispatch {
    pub fn as_str(self) -> &'static str {
        match self {
            Dispatch::Pull => "pull",
            Dispatch::Push => "push",
        }
    }
}

/// Who picks the agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chooser {
    /// The production router ([`crate::routing::route`]) with a strategy.
    Routing(Strategy),
    /// A uniformly random eligible agent: a baseline for comparison, not
    /// a triage strategy. Eligibility still comes from the production
    /// filters.
    Random,
}

impl Chooser {
    pub fn parse(text: &str) -> Option<Chooser> {
        if text.trim().eq_ignore_ascii_case("random") {
            return Some(Chooser::Random);
        }
        Strategy::parse(text).map(Chooser::Routing)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Chooser::Routing(s) => s.as_str(),
            Chooser::Random => "random",
        }
    }
}

/// A distribution of a span of time (handle time, patience), sampled in
/// microseconds.
#[derive(Clone, Debug, PartialEq)]
pub enum Dist {
    Exponential {
        mean: f64,
    },
    /// `exp(mu + sigma × Z)` microseconds.
    LogNormal {
        mu: f64,
        sigma: f64,
    },
    Fixed(i64),
    /// Uniform over observed values (shared by the kinds that use them).
    Empirical(std::sync::Arc<[i64]>),
}

/// The standard normal quantile of 0.9, for lognormal p90.
pub const Z90: f64 = 1.281_551_565_544_600_5;

impl Dist {
    /// The lognormal with this mean and 90th percentile (both > 0), or why
    /// there is none.
    pub fn lognormal(mean: f64, p90: f64) -> Result<Dist, String> {
        if mean <= 0.0 || p90 <= 0.0 {
            return Err("mean and p90 must be more than zero".to_string());
        }
        // mean = exp(mu + s²/2), p90 = exp(mu + z s) ⇒ s²/2 − z s + ln(p90/mean) = 0.
        let d = (p90 / mean).ln();
        if d <= 0.0 {
            return Err("p90 must be above the mean (use fixed for a constant time)".to_string());
        }
        let disc = Z90 * Z90 - 2.0 * d;
        if disc < 0.0 {
            return Err(format!(
                "no lognormal has a p90 more than {:.2} times its mean; use empirical or exponential",
                (Z90 * Z90 / 2.0).exp()
            ));
        }
        // The smaller root: the less skewed of the two lognormals that fit.
        let sigma = Z90 - disc.sqrt();
        let mu = mean.ln() - sigma * sigma / 2.0;
        Ok(Dist::LogNormal { mu, sigma })
    }

    /// One draw, in microseconds (never negative).
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> i64 {
        let x = match self {
            Dist::Exponential { mean } => {
                let e: f64 = rng.sample(Exp1);
                e * mean
            }
            Dist::LogNormal { mu, sigma } => {
                let z: f64 = rng.sample(StandardNormal);
                (mu + sigma * z).exp()
            }
            Dist::Fixed(us) => return *us,
            Dist::Empirical(values) => {
                if values.is_empty() {
                    return 0;
                }
                return values[rng.random_range(0..values.len())];
            }
        };
        if x.is_finite() {
            x.round().clamp(0.0, i64::MAX as f64 / 4.0) as i64
        } else {
            i64::MAX / 4
        }
    }

    /// The mean in microseconds.
    pub fn mean(&self) -> f64 {
        match self {
            Dist::Exponential { mean } => *mean,
            Dist::LogNormal { mu, sigma } => (mu + sigma * sigma / 2.0).exp(),
            Dist::Fixed(us) => *us as f64,
            Dist::Empirical(v) if v.is_empty() => 0.0,
            Dist::Empirical(v) => v.iter().map(|&x| x as f64).sum::<f64>() / v.len() as f64,
        }
    }
}

/// Where arrivals come from.
#[derive(Clone, Debug)]
pub enum Arrivals {
    /// A Poisson process whose rate is constant within each slot of
    /// `slot` microseconds starting at `anchor` (a non-homogeneous Poisson
    /// process with a piecewise-constant rate, sampled exactly).
    Poisson {
        anchor: i64,
        slot: i64,
        /// Tickets per microsecond, per slot.
        rates: Vec<f64>,
    },
    /// Recorded arrivals: time and kind, in time order.
    Replay(Vec<(i64, u16)>),
}

/// A kind of ticket: what routing and the SLA see, and how long it takes.
#[derive(Clone, Debug)]
pub struct Kind<'r> {
    pub name: String,
    pub category: Option<String>,
    pub skills: Vec<String>,
    pub team: Option<String>,
    pub tier: Option<String>,
    pub channel: Option<String>,
    /// Cumulative probabilities of the priorities (one entry: fixed).
    pub priorities: Vec<(Priority, f64)>,
    pub handle: Dist,
    pub patience: Option<Dist>,
    /// The routing class (same team and skills ⇒ same eligible agents).
    pub class: u16,
    /// First-response and resolution targets per priority (P1..P4), from
    /// the production SLA policy selection.
    pub targets: [(Option<Target<'r>>, Option<Target<'r>>); 4],
    /// The SLA policy per priority, for display.
    pub policies: [Option<String>; 4],
}

/// Tickets that the same agents may take: same team, same skills.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Class {
    pub skills: Vec<String>,
    pub team: Option<String>,
}

/// One agent of a variant's roster.
#[derive(Clone, Debug)]
pub struct SimAgent {
    pub spec: AgentSpec,
    /// Every team the agent belongs to (the rule file's teams resolved).
    pub teams: Vec<String>,
    /// Working hours, when the agent has a shift.
    pub shift: Option<Calendar>,
}

/// One configuration to compare.
#[derive(Clone, Debug)]
pub struct Variant {
    pub name: String,
    pub dispatch: Dispatch,
    pub chooser: Chooser,
    /// The rule file's routing section with the variant's strategy and
    /// weights; `skip_full` is true for pull and false for push.
    pub spec: RoutingSpec,
    pub agents: Vec<SimAgent>,
}

/// A compiled scenario.
#[derive(Clone, Debug)]
pub struct Model<'r> {
    pub rules: &'r Rules,
    /// Arrivals start here.
    pub start: i64,
    /// Tickets arriving from here on are measured.
    pub warmup_end: i64,
    /// Arrivals stop here; the measurement window is `[warmup_end, end)`.
    pub end: i64,
    pub arrivals: Arrivals,
    /// Cumulative shares of the kinds, for Poisson arrivals.
    pub mix: Vec<f64>,
    pub kinds: Vec<Kind<'r>>,
    pub classes: Vec<Class>,
    pub variants: Vec<Variant>,
    /// Expected number of arrivals over the whole run (warm-up included).
    pub expected_tickets: f64,
}

/// How long after the end of arrivals the engine keeps serving the tickets
/// still in the system before it gives up on them.
pub const DRAIN_LIMIT: i64 = 30 * 24 * HOUR;

impl Model<'_> {
    /// The length of the measurement window in microseconds.
    pub fn window(&self) -> i64 {
        (self.end - self.warmup_end).max(0)
    }
}

/// Candidates for one variant's roster, every agent in its rule-file
/// state (status as written, on shift, no load, never assigned); the
/// engine sets the live fields.
pub fn candidates<'a>(variant: &'a Variant, teams: &'a [Vec<&'a str>]) -> Vec<Candidate<'a>> {
    variant
        .agents
        .iter()
        .zip(teams)
        .map(|(a, t)| Candidate::new(&a.spec, t))
        .collect()
}

/// Borrowed team lists of a variant's agents, for [`candidates`].
pub fn team_refs(variant: &Variant) -> Vec<Vec<&str>> {
    variant
        .agents
        .iter()
        .map(|a| a.teams.iter().map(String::as_str).collect())
        .collect()
}
