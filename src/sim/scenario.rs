//! Scenario files: the YAML a support lead writes to ask "what if", read
//! strictly (unknown keys are errors that name the file, line and column)
//! and compiled with the rule file into a [`Model`].
//!
//! The documented example is `fixtures/sim/example.yaml`; it is also the
//! scenario `triage simulate` runs when given neither `--scenario` nor
//! `--from-db`. `docs/simulation.md` describes every key.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use chrono::{DateTime, Datelike, Duration as ChronoDuration, TimeZone, Timelike, Utc};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::model::{
    to_micros, Arrivals, Chooser, Class, Dispatch, Dist, Kind, Model, SimAgent, Variant, HOUR, SEC,
};
use crate::duration::{Duration, Percent};
use crate::model::{Pause, Priority, Ticket};
use crate::routing::agent_teams;
use crate::rules::schema::parse_scalar;
use crate::rules::{
    AgentSpec, AgentStatus, CalendarRef, CalendarSpec, PriorityKey, PriorityValue, Rules,
    ScoreWeights, SkillSpec, TargetKind, TeamRef,
};
use crate::sla::{self, Calendar};
use crate::timefmt;

/// The documented example scenario, written for the embedded default rules.
pub const EXAMPLE: &str = include_str!("../../fixtures/sim/example.yaml");

/// A scenario file as written.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    #[serde(default)]
    pub name: Option<String>,
    /// First arrival instant (local time in the rules' zone, or RFC 3339).
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub horizon: Option<Duration>,
    #[serde(default)]
    pub warmup: Option<Duration>,
    #[serde(default)]
    pub seed: Option<u64>,
    #[serde(default)]
    pub replications: Option<u32>,
    #[serde(default)]
    pub dispatch: Option<Dispatch>,
    #[serde(default)]
    pub strategy: Option<ChooserValue>,
    #[serde(default)]
    pub weights: Option<ScoreWeights>,
    #[serde(default)]
    pub arrivals: Option<ArrivalsSpec>,
    #[serde(default)]
    pub mix: Vec<MixSpec>,
    #[serde(default)]
    pub patience: Option<DistSpec>,
    #[serde(default)]
    pub roster: RosterChange,
    #[serde(default)]
    pub calendars: BTreeMap<String, CalendarSpec>,
    #[serde(default)]
    pub variants: Vec<VariantSpec>,
}

/// `round_robin`, `least_loaded`, `skill`, `score`, or `random`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChooserValue(pub Chooser);

impl<'de> Deserialize<'de> for ChooserValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        parse_scalar(d, |text| {
            Chooser::parse(text).map(ChooserValue).ok_or_else(|| {
                format!("unknown strategy {text:?}: expected round_robin, least_loaded, skill, score or random")
            })
        })
    }
}

/// Exactly one of `poisson` or `replay`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArrivalsSpec {
    #[serde(default)]
    pub poisson: Option<PoissonSpec>,
    #[serde(default)]
    pub replay: Option<ReplaySpec>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoissonSpec {
    /// Base rate; the profile multiplies it.
    pub rate: Rate,
    /// 24 multipliers, one per local hour (00-01 first).
    #[serde(default)]
    pub by_hour: Option<Vec<f64>>,
    /// Multipliers per weekday (`mon` .. `sun`); missing days count 1.
    #[serde(default)]
    pub by_weekday: BTreeMap<WeekdayKey, f64>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplaySpec {
    pub since: String,
    pub until: String,
}

/// Tickets per hour: `40/h`, `900/d`, `2/m`, `1/s` or a bare number (per hour).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rate(pub f64);

impl Rate {
    pub fn parse(text: &str) -> Result<Rate, String> {
        let t = text.trim();
        let (num, per) = match t.split_once('/') {
            Some((n, unit)) => {
                let per = match unit.trim() {
                    "s" | "sec" | "second" => 3600.0,
                    "m" | "min" | "minute" => 60.0,
                    "h" | "hour" => 1.0,
                    "d" | "day" => 1.0 / 24.0,
                    "w" | "week" => 1.0 / 168.0,
                    other => {
                        return Err(format!(
                        "bad rate {text:?}: unknown unit {other:?}; expected /s, /m, /h, /d or /w"
                    ))
                    }
                };
                (n.trim(), per)
            }
            None => (t, 1.0),
        };
        let value: f64 = num
            .parse()
            .map_err(|_| format!("bad rate {text:?}: expected tickets per time like 40/h"))?;
        if !value.is_finite() || value < 0.0 {
            return Err(format!("bad rate {text:?}: must be zero or more"));
        }
        Ok(Rate(value * per))
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        parse_number_or(d, Rate::parse, |x| Rate::parse(&x.to_string()))
    }
}

/// `mon` .. `sun`, as days from Monday.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct WeekdayKey(pub u32);

impl<'de> Deserialize<'de> for WeekdayKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        parse_scalar(d, |text| {
            text.trim()
                .parse::<chrono::Weekday>()
                .map(|d| WeekdayKey(d.num_days_from_monday()))
                .map_err(|_| {
                    format!("bad weekday {text:?}: expected mon, tue, wed, thu, fri, sat or sun")
                })
        })
    }
}

/// A share of the mix: `30%`, or a plain weight (`0.3`, `3`). Shares are
/// normalised, so they need not add up to 100%.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Share(pub f64);

impl<'de> Deserialize<'de> for Share {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let check = |x: f64| {
            if x.is_finite() && x >= 0.0 {
                Ok(Share(x))
            } else {
                Err(format!("bad share {x}: must be zero or more"))
            }
        };
        parse_number_or(
            d,
            |text| {
                if text.trim_end().ends_with('%') {
                    Percent::parse(text).map(|p| Share(p.fraction()))
                } else {
                    text.trim()
                        .parse::<f64>()
                        .map_err(|_| format!("bad share {text:?}: expected a percentage like 30% or a weight like 0.3"))
                        .and_then(check)
                }
            },
            check,
        )
    }
}

/// Reads a scalar that may be a YAML number or a string.
fn parse_number_or<'de, D, T>(
    d: D,
    text: impl Fn(&str) -> Result<T, String>,
    number: impl Fn(f64) -> Result<T, String>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct V<F, G>(F, G);
    impl<'de, T, F: Fn(&str) -> Result<T, String>, G: Fn(f64) -> Result<T, String>> Visitor<'de>
        for V<F, G>
    {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a number or a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            (self.0)(v).map_err(E::custom)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
            (self.1)(v).map_err(E::custom)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            (self.1)(v as f64).map_err(E::custom)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            (self.1)(v as f64).map_err(E::custom)
        }
    }
    d.deserialize_any(V(text, number))
}

/// One kind of ticket in the mix.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MixSpec {
    pub name: String,
    pub share: Share,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub priority: PriorityMix,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub team: Option<String>,
    /// Customer tier and channel, for SLA policy selection and the export.
    #[serde(default)]
    pub tier: Option<String>,
    #[serde(default)]
    pub channel: Option<String>,
    /// Title the SLA policy's keyword conditions see (default: the name).
    #[serde(default)]
    pub title: Option<String>,
    pub handle: DistSpec,
    #[serde(default)]
    pub patience: Option<DistSpec>,
}

/// `P2`, or shares per priority: `{P1: 10%, P3: 90%}`.
#[derive(Clone, Debug, PartialEq)]
pub struct PriorityMix(pub Vec<(Priority, f64)>);

impl Default for PriorityMix {
    fn default() -> Self {
        PriorityMix(vec![(Priority::P3, 1.0)])
    }
}

impl<'de> Deserialize<'de> for PriorityMix {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = PriorityMix;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a priority like P2, or shares like {P1: 10%, P3: 90%}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PriorityMix, E> {
                v.parse::<Priority>()
                    .map(|p| PriorityMix(vec![(p, 1.0)]))
                    .map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PriorityMix, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<PriorityMix, A::Error> {
                let shares: BTreeMap<PriorityKey, Share> =
                    Deserialize::deserialize(de::value::MapAccessDeserializer::new(map))?;
                if shares.is_empty() || shares.values().all(|s| s.0 == 0.0) {
                    return Err(de::Error::custom(
                        "priority shares: give at least one share above zero",
                    ));
                }
                Ok(PriorityMix(
                    shares.into_iter().map(|(k, s)| (k.0, s.0)).collect(),
                ))
            }
        }
        d.deserialize_any(V)
    }
}

/// A distribution of time: `{exponential: 6m}` (the mean), `{lognormal:
/// {mean: 20m, p90: 45m}}`, `{fixed: 10m}`, `empirical`, or `{empirical:
/// {category: billing, priority: P2}}`.
#[derive(Clone, Debug, PartialEq)]
pub enum DistSpec {
    Exponential(Duration),
    LogNormal { mean: Duration, p90: Duration },
    Fixed(Duration),
    Empirical(EmpiricalFilter),
}

/// Which resolved tickets an empirical distribution draws from. A missing
/// category means the mix entry's own.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmpiricalFilter {
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub priority: Option<PriorityValue>,
}

impl<'de> Deserialize<'de> for DistSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct LogNormal {
            mean: Duration,
            p90: Duration,
        }
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            #[serde(default)]
            exponential: Option<Duration>,
            #[serde(default)]
            lognormal: Option<LogNormal>,
            #[serde(default)]
            fixed: Option<Duration>,
            #[serde(default)]
            empirical: Option<EmpiricalFilter>,
        }
        const EXPECTED: &str = "a distribution: {exponential: MEAN}, {lognormal: {mean: M, p90: P}}, {fixed: D} or empirical";
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DistSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(EXPECTED)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DistSpec, E> {
                if v.trim() == "empirical" {
                    Ok(DistSpec::Empirical(EmpiricalFilter::default()))
                } else {
                    Err(E::custom(format!(
                        "bad distribution {v:?}: expected {EXPECTED}"
                    )))
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<DistSpec, A::Error> {
                let raw = Raw::deserialize(de::value::MapAccessDeserializer::new(map))?;
                let mut found = Vec::new();
                if let Some(mean) = raw.exponential {
                    found.push(DistSpec::Exponential(mean));
                }
                if let Some(l) = raw.lognormal {
                    Dist::lognormal(l.mean.secs() as f64, l.p90.secs() as f64)
                        .map_err(|e| de::Error::custom(format!("lognormal: {e}")))?;
                    found.push(DistSpec::LogNormal {
                        mean: l.mean,
                        p90: l.p90,
                    });
                }
                if let Some(f) = raw.fixed {
                    found.push(DistSpec::Fixed(f));
                }
                if let Some(e) = raw.empirical {
                    found.push(DistSpec::Empirical(e));
                }
                match found.len() {
                    1 => Ok(found.pop().expect("one")),
                    _ => Err(de::Error::custom(format!("expected exactly one of exponential, lognormal, fixed or empirical: {EXPECTED}"))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// Changes to a roster, applied in the order remove, change, add.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RosterChange {
    pub remove: Vec<String>,
    pub change: BTreeMap<String, AgentChange>,
    pub add: Vec<AgentAdd>,
}

impl RosterChange {
    fn is_empty(&self) -> bool {
        self.remove.is_empty() && self.change.is_empty() && self.add.is_empty()
    }
}

/// A new agent; `count: N` adds N of them named `ID-1` .. `ID-N`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentAdd {
    pub id: String,
    #[serde(default)]
    pub count: Option<u32>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub skills: Vec<SkillSpec>,
    #[serde(default)]
    pub teams: Vec<String>,
    #[serde(default)]
    pub capacity: Option<u32>,
    #[serde(default)]
    pub level: Option<u8>,
    #[serde(default)]
    pub status: Option<AgentStatus>,
    /// A calendar name, or `none`.
    #[serde(default)]
    pub shift: Option<String>,
}

/// New values for an existing agent; a shift of `none` removes the shift.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AgentChange {
    pub skills: Option<Vec<SkillSpec>>,
    pub teams: Option<Vec<String>>,
    pub capacity: Option<u32>,
    pub level: Option<u8>,
    pub status: Option<AgentStatus>,
    pub shift: Option<String>,
}

/// A named change to compare against the scenario as written.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantSpec {
    pub name: String,
    #[serde(default)]
    pub dispatch: Option<Dispatch>,
    #[serde(default)]
    pub strategy: Option<ChooserValue>,
    #[serde(default)]
    pub weights: Option<ScoreWeights>,
    #[serde(default)]
    pub roster: RosterChange,
    /// Agent id → calendar name (or `none`).
    #[serde(default)]
    pub shifts: BTreeMap<String, String>,
}

/// Where a scenario came from, for messages.
#[derive(Clone, Debug)]
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    /// `file:line:col: message`, placed at the first occurrence of `needle`.
    fn error_at(&self, needle: &str, message: impl fmt::Display) -> String {
        let place = self.text.lines().enumerate().find_map(|(i, line)| {
            line.find(needle)
                .map(|col| (i + 1, line[..col].chars().count() + 1))
        });
        match place {
            Some((l, c)) => format!("{}:{l}:{c}: {message}", self.name),
            None => format!("{}: {message}", self.name),
        }
    }
}

/// Reads a scenario. Errors name the file, line and column.
pub fn parse(source: &Source) -> Result<Scenario, String> {
    if source.text.trim().is_empty() {
        return Ok(Scenario::default());
    }
    serde_yaml::from_str(&source.text).map_err(|e| {
        let text = e.to_string();
        let message = match text.find(" at line ") {
            Some(i) => text[..i].to_string(),
            None => text,
        };
        match e.location() {
            Some(l) => format!("{}:{}:{}: {message}", source.name, l.line(), l.column()),
            None => format!("{}: {message}", source.name),
        }
    })
}

// ---------------------------------------------------------------------
// Quick-run flags

/// Why an `--agents` value was refused: its form (a usage error) or an
/// agent the rule file does not have (bad data), so each gets its exit code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgentsFlagError {
    Malformed(String),
    UnknownAgent(String),
    /// No agent of the rule file has any of the skills: nobody to model
    /// the new agents on.
    NoModel(String),
}

impl fmt::Display for AgentsFlagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AgentsFlagError::Malformed(m)
            | AgentsFlagError::UnknownAgent(m)
            | AgentsFlagError::NoModel(m) => f.write_str(m),
        }
    }
}

/// `+N:SKILL[,SKILL...]` adds N agents with those skills, modelled on the
/// closest roster agent (teams, capacity, level, shift, and the levels of
/// the skills it has): the first who has them all, else the first of those
/// who have the most of them. When no agent has any of the skills (or the
/// roster is empty) there is nothing to copy and the flag is refused,
/// rather than inventing a capacity, teams and shift. `-ID` removes an
/// agent. Returns the variant's label and change.
pub fn parse_agents_flag(
    text: &str,
    rules: &Rules,
) -> Result<(String, RosterChange), AgentsFlagError> {
    let t = text.trim();
    let mut change = RosterChange::default();
    if let Some(id) = t.strip_prefix('-') {
        if rules.agent(id.trim()).is_none() {
            return Err(AgentsFlagError::UnknownAgent(format!(
                "--agents {text:?}: no agent {:?} in the rule file",
                id.trim()
            )));
        }
        change.remove.push(id.trim().to_string());
        return Ok((t.to_string(), change));
    }
    let rest = t.strip_prefix('+').ok_or_else(|| {
        AgentsFlagError::Malformed(format!(
            "--agents {text:?}: expected +N:SKILL[,SKILL...] to add agents or -ID to remove one"
        ))
    })?;
    let (count, skills) = rest.split_once(':').unwrap_or((rest, ""));
    let count: u32 = count
        .trim()
        .parse()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| {
            AgentsFlagError::Malformed(format!(
                "--agents {text:?}: expected a number of agents after +"
            ))
        })?;
    let skills: Vec<String> = skills
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    let shared = |a: &AgentSpec| {
        skills
            .iter()
            .filter(|s| a.skills.iter().any(|k| k.name.eq_ignore_ascii_case(s)))
            .count()
    };
    // `max_by_key` keeps the last of equals: reverse, so the first wins.
    let model = rules
        .file
        .agents
        .iter()
        .rev()
        .max_by_key(|a| shared(a))
        .filter(|a| skills.is_empty() || shared(a) > 0);
    let Some(model) = model else {
        return Err(AgentsFlagError::NoModel(if skills.is_empty() {
            format!("--agents {text:?}: the rule file has no agents to model the new ones on")
        } else {
            format!(
                "--agents {text:?}: no agent in the rule file has skill {}, so there is no one to model the new agents on (teams, capacity, seniority, shift); add them in a scenario's roster.add with those given",
                skills.join(" or ")
            )
        }));
    };
    let base = if skills.is_empty() {
        "extra".to_string()
    } else {
        format!("extra-{}", skills.join("-"))
    };
    change.add.push(AgentAdd {
        id: base,
        count: Some(count),
        name: None,
        skills: skills
            .iter()
            .map(|s| SkillSpec {
                name: s.clone(),
                level: model
                    .skills
                    .iter()
                    .find(|k| k.name.eq_ignore_ascii_case(s))
                    .map_or(crate::rules::DEFAULT_SKILL_LEVEL, |k| k.level),
            })
            .collect(),
        teams: agent_teams(&rules.file, model)
            .iter()
            .map(|t| t.to_string())
            .collect(),
        capacity: Some(model.capacity),
        level: Some(model.level),
        status: None,
        shift: Some(
            model
                .shift
                .as_ref()
                .map_or("none".to_string(), |s| s.0.clone()),
        ),
    });
    Ok((t.to_string(), change))
}

impl Scenario {
    /// A baseline and one variant per value of `--agents` (the command
    /// clears the scenario's own variants first).
    pub fn add_agent_variants(&mut self, changes: Vec<(String, RosterChange)>) {
        if changes.is_empty() {
            return;
        }
        if self.variants.is_empty() {
            self.variants.push(VariantSpec {
                name: "baseline".to_string(),
                ..VariantSpec::default()
            });
        }
        for (label, roster) in changes {
            self.variants.push(VariantSpec {
                name: format!("agents {label}"),
                roster,
                ..VariantSpec::default()
            });
        }
    }

    /// Crosses every variant with every strategy of `--strategies`.
    pub fn cross_strategies(&mut self, strategies: &[Chooser]) {
        if strategies.is_empty() {
            return;
        }
        let base = if self.variants.is_empty() {
            vec![None]
        } else {
            self.variants.drain(..).map(Some).collect()
        };
        for v in base {
            for &s in strategies {
                let mut spec = v.clone().unwrap_or_default();
                spec.name = match &v {
                    Some(v) => format!("{} / {}", v.name, s.as_str()),
                    None => s.as_str().to_string(),
                };
                spec.strategy = Some(ChooserValue(s));
                self.variants.push(spec);
            }
        }
    }

    /// The replay window, when arrivals are replayed.
    pub fn replay_window(&self, rules: &Rules) -> Result<Option<Window>, String> {
        let Some(r) = self.arrivals.as_ref().and_then(|a| a.replay.as_ref()) else {
            return Ok(None);
        };
        let since = timefmt::parse_time(&r.since, rules.zone)
            .map_err(|e| format!("arrivals.replay.since: {e}"))?;
        let until = timefmt::parse_time(&r.until, rules.zone)
            .map_err(|e| format!("arrivals.replay.until: {e}"))?;
        if until <= since {
            return Err("arrivals.replay: `until` must be after `since`".to_string());
        }
        Ok(Some((since, until)))
    }

    /// Whether compiling needs the database (replay or empirical handle times).
    pub fn needs_history(&self) -> bool {
        let empirical = |d: &DistSpec| matches!(d, DistSpec::Empirical(_));
        self.arrivals.as_ref().is_some_and(|a| a.replay.is_some())
            || self.mix.iter().any(|m| empirical(&m.handle))
    }
}

// ---------------------------------------------------------------------
// History from the database

/// A period of time: `[since, until)`.
pub type Window = (DateTime<Utc>, DateTime<Utc>);

/// A stored ticket as replay needs it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ReplayKey {
    pub category: Option<String>,
    pub priority: Priority,
    pub skills: Vec<String>,
    pub team: Option<String>,
    pub tier: Option<String>,
    pub channel: String,
    pub policy: Option<String>,
}

/// What the simulator reads from the database: the tickets to replay and
/// the handle times of resolved tickets.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// Arrival instant and kind, in time order (then id order).
    pub replay: Vec<(i64, ReplayKey)>,
    /// Per category: (priority, handle time in µs) of resolved tickets.
    pub handles: HashMap<Option<String>, Vec<(Priority, i64)>>,
    /// Resolved tickets whose history dates no start of work (see
    /// [`handle_time`]): left out of `handles`.
    pub undated: u64,
    /// Samples already extracted, per (category, priority), shared by kinds.
    cache: std::cell::RefCell<HashMap<SampleKey, std::sync::Arc<[i64]>>>,
}

type SampleKey = (Option<String>, Option<Priority>);

/// How long an agent worked on a resolved ticket, in microseconds: from
/// the start of work to the resolution, minus the time spent pending in
/// between. Work starts at the first response, which is what the simulator
/// itself records as the moment an agent starts on a ticket; without one,
/// at the assignment if it is dated after the creation (an agent took the
/// ticket then). An assignment stamped at the creation instant is no
/// evidence: `import` stamps it so when the file does not say when the
/// ticket was assigned, and counting from there would add the ticket's wait
/// to its handle time. `None` when the ticket is unresolved, its history
/// dates no start of work, or the span is not positive.
pub fn handle_time(t: &Ticket) -> Option<i64> {
    let end = t.resolved_at?;
    let start = t
        .first_response_at
        .or(t.assigned_at.filter(|&a| a > t.created_at))?;
    let paused: i64 = t
        .sla
        .pauses
        .iter()
        .map(|p: &Pause| {
            let a = p.start.max(start);
            let b = p.end.unwrap_or(end).min(end);
            (to_micros(b) - to_micros(a)).max(0)
        })
        .sum();
    let micros = to_micros(end) - to_micros(start) - paused;
    (micros > 0).then_some(micros)
}

impl History {
    /// Reads the tickets: those created in `window` are replayed (merged
    /// ones left out), every resolved one gives a handle time.
    pub fn collect<E>(
        tickets: impl Iterator<Item = Result<Ticket, E>>,
        rules: &Rules,
        window: Option<Window>,
    ) -> Result<History, E> {
        let mut h = History::default();
        let mut replay: Vec<(i64, u64, ReplayKey)> = Vec::new();
        for t in tickets {
            let t = t?;
            if t.merged_into.is_some() {
                continue;
            }
            match handle_time(&t) {
                Some(micros) => h
                    .handles
                    .entry(t.category.clone())
                    .or_default()
                    .push((t.priority, micros)),
                None if t.resolved_at.is_some() => h.undated += 1,
                None => {}
            }
            if let Some((since, until)) = window {
                if t.created_at >= since && t.created_at < until {
                    let mut skills: Vec<String> = t.skills.clone();
                    skills.sort();
                    let policy = sla::select_policy(rules, &t).map(|p| p.name.clone());
                    replay.push((
                        to_micros(t.created_at),
                        t.id,
                        ReplayKey {
                            category: t.category.clone(),
                            priority: t.priority,
                            skills,
                            team: t.team.clone(),
                            tier: t.customer.tier.clone(),
                            channel: t.channel.clone(),
                            policy,
                        },
                    ));
                }
            }
        }
        replay.sort_by_key(|a| (a.0, a.1));
        h.replay = replay.into_iter().map(|(t, _, k)| (t, k)).collect();
        Ok(h)
    }

    /// Handle times in microseconds of resolved tickets of a category (and
    /// priority), in database order.
    fn samples(&self, category: Option<&str>, priority: Option<Priority>) -> std::sync::Arc<[i64]> {
        let key = (category.map(String::from), priority);
        if let Some(v) = self.cache.borrow().get(&key) {
            return v.clone();
        }
        let v: std::sync::Arc<[i64]> = self
            .handles
            .get(&key.0)
            .map(|v| {
                v.iter()
                    .filter(|(p, _)| priority.is_none_or(|q| q == *p))
                    .map(|&(_, micros)| micros)
                    .collect()
            })
            .unwrap_or_default();
        self.cache.borrow_mut().insert(key, v.clone());
        v
    }
}

// ---------------------------------------------------------------------
// Compilation

/// A compiled scenario with the run settings it carries.
pub struct Compiled<'r> {
    pub model: Model<'r>,
    pub seed: Option<u64>,
    pub replications: Option<u32>,
    /// Things the user should know (e.g. a kind nobody can serve).
    pub notes: Vec<String>,
}

/// Monday 00:00 (in `zone`) of the week containing `now`.
fn week_start(now: DateTime<Utc>, zone: chrono_tz::Tz) -> DateTime<Utc> {
    let local = now.with_timezone(&zone);
    let date =
        local.date_naive() - ChronoDuration::days(local.weekday().num_days_from_monday() as i64);
    let naive = date.and_hms_opt(0, 0, 0).expect("midnight");
    zone.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now)
}

/// Compiles a scenario against the rules. `history` is needed when
/// [`Scenario::needs_history`] says so.
pub fn compile<'r>(
    sc: &Scenario,
    source: &Source,
    rules: &'r Rules,
    now: DateTime<Utc>,
    history: Option<&History>,
) -> Result<Compiled<'r>, String> {
    let zone = rules.zone;
    let mut notes = Vec::new();
    let empty = History::default();
    let history = history.unwrap_or(&empty);
    let arrivals_spec = sc.arrivals.as_ref().ok_or_else(|| {
        source.error_at("", "no `arrivals`: give `arrivals: {poisson: {rate: 40/h}}` or `arrivals: {replay: {since: ..., until: ...}}` (or --from-db)")
    })?;
    if arrivals_spec.poisson.is_some() == arrivals_spec.replay.is_some() {
        return Err(source.error_at(
            "arrivals",
            "arrivals: give exactly one of `poisson` or `replay`",
        ));
    }

    // Calendars for shifts: the scenario's own, then the rule file's.
    let mut calendars: HashMap<String, Calendar> = HashMap::new();
    for (name, spec) in &sc.calendars {
        if rules.calendar(name).is_some() {
            return Err(source.error_at(
                &format!("{name}:"),
                format!("calendars.{name}: the rule file already has a calendar of that name"),
            ));
        }
        let cal = Calendar::from_spec(spec, zone)
            .map_err(|e| source.error_at(&format!("{name}:"), format!("calendars.{name}: {e}")))?;
        calendars.insert(name.clone(), cal);
    }
    let calendar = |name: &str| -> Option<Calendar> {
        calendars
            .get(name)
            .or_else(|| rules.calendar(name))
            .cloned()
    };

    // Kinds and arrivals.
    let mut kinds: Vec<Kind<'r>> = Vec::new();
    let mut classes: Vec<Class> = Vec::new();
    let mut class_of = |skills: &[String], team: &Option<String>| -> u16 {
        let mut key: Vec<String> = skills.iter().map(|s| s.to_ascii_lowercase()).collect();
        key.sort();
        key.dedup();
        let class = Class {
            skills: key,
            team: team.clone(),
        };
        match classes.iter().position(|c| *c == class) {
            Some(i) => i as u16,
            None => {
                classes.push(class);
                (classes.len() - 1) as u16
            }
        }
    };
    let scenario_patience = sc
        .patience
        .as_ref()
        .map(|d| compile_patience(d, source, "patience"))
        .transpose()?;
    let check_team = |team: &Option<String>, at: &str| -> Result<(), String> {
        match team {
            Some(t) if rules.team(t).is_none() => Err(source.error_at(
                at,
                format!("unknown team {t:?}: expected a team from the rule file"),
            )),
            _ => Ok(()),
        }
    };

    let (start, end, arrivals, mix) = if let Some(p) = &arrivals_spec.poisson {
        if sc.mix.is_empty() {
            return Err(
                source.error_at("arrivals", "poisson arrivals need a `mix` of ticket kinds")
            );
        }
        let start = match &sc.start {
            Some(text) => timefmt::parse_time(text, zone)
                .map_err(|e| source.error_at("start", format!("start: {e}")))?,
            None => week_start(now, zone),
        };
        let horizon = sc.horizon.ok_or_else(|| {
            source.error_at(
                "arrivals",
                "poisson arrivals need a `horizon` (e.g. horizon: 4w)",
            )
        })?;
        if horizon.secs() <= 0 || horizon.secs() > 10 * 366 * 86_400 {
            return Err(source.error_at(
                "horizon",
                "horizon: expected more than zero and at most ten years",
            ));
        }
        let start = to_micros(start);
        let end = start + horizon.secs() * SEC;
        let by_hour = match &p.by_hour {
            Some(v) if v.len() != 24 => {
                return Err(source.error_at(
                    "by_hour",
                    format!(
                        "by_hour: expected 24 multipliers (one per hour from 00-01), found {}",
                        v.len()
                    ),
                ))
            }
            Some(v) => v.clone(),
            None => vec![1.0; 24],
        };
        if by_hour
            .iter()
            .chain(p.by_weekday.values())
            .any(|x| !x.is_finite() || *x < 0.0)
        {
            return Err(source.error_at("by_", "rate multipliers must be zero or more"));
        }
        let slot = 15 * 60 * SEC;
        let anchor = start.div_euclid(slot) * slot;
        let n = ((end - anchor) + slot - 1) / slot;
        let per_us = p.rate.0 / HOUR as f64;
        let mut rates = Vec::with_capacity(n as usize);
        let mut expected = 0.0;
        for i in 0..n {
            let t0 = anchor + i * slot;
            let local = super::model::to_time(t0).with_timezone(&zone);
            let day = p
                .by_weekday
                .get(&WeekdayKey(local.weekday().num_days_from_monday()))
                .copied()
                .unwrap_or(1.0);
            let rate = per_us * by_hour[local.hour() as usize] * day;
            let overlap = (t0 + slot).min(end) - t0.max(start);
            expected += rate * overlap.max(0) as f64;
            rates.push(rate);
        }
        let total: f64 = sc.mix.iter().map(|m| m.share.0).sum();
        if total <= 0.0 {
            return Err(source.error_at("mix", "mix: give at least one share above zero"));
        }
        let mut cum = 0.0;
        let mut mix = Vec::new();
        for (i, m) in sc.mix.iter().enumerate() {
            check_team(
                &m.team,
                &format!("team: {}", m.team.as_deref().unwrap_or_default()),
            )?;
            let at = format!("name: {}", m.name);
            let handle = compile_dist(&m.handle, m.category.as_deref(), history, source, &at)?;
            let patience = match &m.patience {
                Some(d) => Some(compile_patience(d, source, &at)?),
                None => scenario_patience.clone(),
            };
            let ptotal: f64 = m.priority.0.iter().map(|p| p.1).sum();
            let mut pc = 0.0;
            let priorities = m
                .priority
                .0
                .iter()
                .map(|&(p, s)| {
                    pc += s / ptotal;
                    (p, pc)
                })
                .collect();
            if kinds.iter().any(|k| k.name == m.name) {
                return Err(source.error_at(&at, format!("mix: two kinds are named {:?}", m.name)));
            }
            let class = class_of(&m.skills, &m.team);
            let title = m.title.clone().unwrap_or_else(|| m.name.clone());
            let (targets, policies) = targets_for(rules, |priority| {
                let mut t = Ticket::new(title.clone(), super::model::to_time(start));
                t.category = m.category.clone();
                t.priority = priority;
                t.skills = m.skills.clone();
                t.team = m.team.clone();
                t.customer.tier = m.tier.clone();
                if let Some(c) = &m.channel {
                    t.channel = c.clone();
                }
                sla::select_policy(rules, &t).map(|p| p.name.clone())
            });
            kinds.push(Kind {
                name: m.name.clone(),
                category: m.category.clone(),
                skills: m.skills.clone(),
                team: m.team.clone(),
                tier: m.tier.clone(),
                channel: m.channel.clone(),
                priorities,
                handle,
                patience,
                class,
                targets,
                policies,
            });
            cum += m.share.0 / total;
            mix.push(if i + 1 == sc.mix.len() { 1.0 } else { cum });
        }
        let arrivals = Arrivals::Poisson {
            anchor,
            slot,
            rates,
        };
        (start, end, (arrivals, expected), mix)
    } else {
        let (since, until) = sc
            .replay_window(rules)
            .map_err(|e| source.error_at("replay", e))?
            .expect("replay");
        let mut index: HashMap<&ReplayKey, u16> = HashMap::new();
        let mut list = Vec::with_capacity(history.replay.len());
        for (t, key) in &history.replay {
            let k = match index.get(key) {
                Some(&k) => k,
                None => {
                    let entry = sc.mix.iter().find(|m| m.category == key.category);
                    let label = key.category.as_deref().unwrap_or("(none)");
                    let handle = match entry {
                        Some(m) => compile_dist(
                            &m.handle,
                            m.category.as_deref(),
                            history,
                            source,
                            &format!("name: {}", m.name),
                        )?,
                        None => {
                            let v = history.samples(key.category.as_deref(), None);
                            if v.is_empty() {
                                return Err(format!(
                                    "replay: no resolved tickets with category {label} and a dated start of work (a first response, or an assignment after creation) to draw handle times from; add a mix entry with `category: {label}` and a `handle` distribution"
                                ));
                            }
                            Dist::Empirical(v)
                        }
                    };
                    let patience = match entry.and_then(|m| m.patience.as_ref()) {
                        Some(d) => Some(compile_patience(d, source, "patience")?),
                        None => scenario_patience.clone(),
                    };
                    let team = key.team.clone().filter(|t| rules.team(t).is_some());
                    let class = class_of(&key.skills, &team);
                    let (targets, policies) = targets_for(rules, |_| key.policy.clone());
                    kinds.push(Kind {
                        name: format!("{label} {}", key.priority),
                        category: key.category.clone(),
                        skills: key.skills.clone(),
                        team,
                        tier: key.tier.clone(),
                        channel: Some(key.channel.clone()),
                        priorities: vec![(key.priority, 1.0)],
                        handle,
                        patience,
                        class,
                        targets,
                        policies,
                    });
                    let k = (kinds.len() - 1) as u16;
                    index.insert(key, k);
                    k
                }
            };
            list.push((*t, k));
        }
        if list.is_empty() {
            notes.push(format!(
                "no tickets were created between {} and {}: nothing to replay",
                timefmt::show(since, zone),
                timefmt::show(until, zone)
            ));
        }
        let expected = list.len() as f64;
        (
            to_micros(since),
            to_micros(until),
            (Arrivals::Replay(list), expected),
            Vec::new(),
        )
    };
    let (arrivals, expected_tickets) = arrivals;

    let horizon = end - start;
    let warmup = match sc.warmup {
        Some(w) => w.secs() * SEC,
        None if matches!(arrivals, Arrivals::Replay(_)) => 0,
        None => horizon / 10,
    };
    if warmup >= horizon {
        return Err(source.error_at("warmup", "warmup: must be shorter than the horizon"));
    }

    // Rosters.
    let base = apply_roster(
        rules,
        &rules.file.agents,
        &sc.roster,
        &BTreeMap::new(),
        source,
    )?;
    let variant_specs = if sc.variants.is_empty() {
        vec![VariantSpec {
            name: "baseline".to_string(),
            ..VariantSpec::default()
        }]
    } else {
        sc.variants.clone()
    };
    let mut variants = Vec::new();
    for v in &variant_specs {
        if variants.iter().any(|x: &Variant| x.name == v.name) {
            return Err(source.error_at(
                &format!("name: {}", v.name),
                format!("variants: two variants are named {:?}", v.name),
            ));
        }
        let specs = if v.roster.is_empty() && v.shifts.is_empty() {
            base.clone()
        } else {
            apply_roster(rules, &base, &v.roster, &v.shifts, source)?
        };
        let mut agents = Vec::with_capacity(specs.len());
        for spec in specs {
            let teams = agent_teams(&rules.file, &spec)
                .iter()
                .map(|t| t.to_string())
                .collect();
            let shift = match &spec.shift {
                Some(name) => Some(calendar(name.as_str()).ok_or_else(|| {
                    source.error_at(name.as_str(), format!("agent {:?}: unknown shift calendar {:?}: expected a calendar of the rule file or the scenario's `calendars`", spec.id.0, name.0))
                })?),
                None => None,
            };
            agents.push(SimAgent { spec, teams, shift });
        }
        let chooser = v
            .strategy
            .or(sc.strategy)
            .map(|c| c.0)
            .unwrap_or(Chooser::Routing(rules.file.routing.strategy));
        let mut spec = rules.file.routing.clone();
        if let Chooser::Routing(s) = chooser {
            spec.strategy = s;
        }
        if let Some(w) = v.weights.or(sc.weights) {
            if [w.skill, w.load, w.urgency]
                .iter()
                .any(|x| !x.is_finite() || *x < 0.0)
            {
                return Err(source.error_at(
                    "weights",
                    "weights: every weight must be a number of zero or more",
                ));
            }
            spec.weights = w;
        }
        let dispatch = v.dispatch.or(sc.dispatch).unwrap_or_default();
        spec.skip_full = dispatch == Dispatch::Pull;
        variants.push(Variant {
            name: v.name.clone(),
            dispatch,
            chooser,
            spec,
            agents,
        });
    }

    if kinds.len() >= u16::MAX as usize || classes.len() >= u16::MAX as usize {
        return Err(format!(
            "{}: too many kinds of ticket ({}); at most {}",
            source.name,
            kinds.len(),
            u16::MAX - 1
        ));
    }
    let model = Model {
        rules,
        start,
        warmup_end: start + warmup,
        end,
        arrivals,
        mix,
        kinds,
        classes,
        variants,
        expected_tickets,
    };
    for v in &model.variants {
        for k in &model.kinds {
            if !v.agents.iter().any(|a| can_ever_serve(&model, a, k)) {
                notes.push(format!(
                    "variant {:?}: no agent can take {:?} tickets (skills {}{}); they count as unserved",
                    v.name,
                    k.name,
                    if k.skills.is_empty() { "none".to_string() } else { k.skills.join(", ") },
                    k.team.as_ref().map(|t| format!(", team {t}")).unwrap_or_default()
                ));
            }
        }
    }
    if history.undated > 0
        && model
            .kinds
            .iter()
            .any(|k| matches!(k.handle, Dist::Empirical(_)))
    {
        notes.push(format!(
            "{} resolved ticket(s) in the database have neither a first response nor an assignment after their creation: their handle times are unknown and left out of the empirical handle times",
            history.undated
        ));
    }
    Ok(Compiled {
        model,
        seed: sc.seed,
        replications: sc.replications,
        notes,
    })
}

fn can_ever_serve(model: &Model<'_>, agent: &SimAgent, kind: &Kind<'_>) -> bool {
    let teams: Vec<&str> = agent.teams.iter().map(String::as_str).collect();
    let mut c = crate::routing::Candidate::new(&agent.spec, &teams);
    c.on_shift = true;
    let _ = model;
    let view = crate::routing::TicketView {
        id: 0,
        priority: Priority::P3,
        skills: &kind.skills,
        team: kind.team.as_deref(),
        due: None,
        created_at: DateTime::<Utc>::MIN_UTC,
        exclude_agent: None,
    };
    let spec = crate::rules::RoutingSpec {
        strategy: crate::rules::Strategy::RoundRobin,
        skip_full: false,
        ..model.rules.file.routing.clone()
    };
    crate::routing::route(&view, std::slice::from_ref(&c), &spec)
        .agent()
        .is_some()
}

type Targets<'r> = (
    [(Option<sla::Target<'r>>, Option<sla::Target<'r>>); 4],
    [Option<String>; 4],
);

/// SLA targets per priority from the policy `policy_of(priority)` names.
fn targets_for<'r>(
    rules: &'r Rules,
    policy_of: impl Fn(Priority) -> Option<String>,
) -> Targets<'r> {
    let mut targets = [(None, None); 4];
    let mut policies: [Option<String>; 4] = Default::default();
    for p in Priority::ALL {
        if let Some(name) = policy_of(p) {
            targets[p as usize] = (
                sla::target(rules, &name, TargetKind::FirstResponse, p),
                sla::target(rules, &name, TargetKind::Resolution, p),
            );
            policies[p as usize] = Some(name);
        }
    }
    (targets, policies)
}

/// A patience distribution: any but empirical.
fn compile_patience(d: &DistSpec, source: &Source, at: &str) -> Result<Dist, String> {
    if matches!(d, DistSpec::Empirical(_)) {
        return Err(source.error_at(
            at,
            "patience: empirical is for handle times; use exponential, lognormal or fixed",
        ));
    }
    compile_dist(d, None, &History::default(), source, at)
}

fn compile_dist(
    d: &DistSpec,
    category: Option<&str>,
    history: &History,
    source: &Source,
    at: &str,
) -> Result<Dist, String> {
    let us = |d: Duration| (d.secs() * SEC) as f64;
    Ok(match d {
        DistSpec::Exponential(mean) => Dist::Exponential { mean: us(*mean) },
        DistSpec::LogNormal { mean, p90 } => Dist::lognormal(us(*mean), us(*p90))
            .map_err(|e| source.error_at(at, format!("lognormal: {e}")))?,
        DistSpec::Fixed(d) => Dist::Fixed(d.secs() * SEC),
        DistSpec::Empirical(f) => {
            let category = f.category.as_deref().or(category);
            let v = history.samples(category, f.priority.map(|p| p.0));
            if v.is_empty() {
                return Err(source.error_at(
                    at,
                    format!(
                        "empirical: no resolved tickets with category {}{} and a dated start of work (a first response, or an assignment after creation) in the database to draw times from",
                        category.unwrap_or("(none)"),
                        f.priority.map(|p| format!(" and priority {}", p.0)).unwrap_or_default()
                    ),
                ));
            }
            Dist::Empirical(v)
        }
    })
}

/// Applies a roster change (and shift overrides) to a list of agents.
fn apply_roster(
    rules: &Rules,
    agents: &[AgentSpec],
    change: &RosterChange,
    shifts: &BTreeMap<String, String>,
    source: &Source,
) -> Result<Vec<AgentSpec>, String> {
    let mut out: Vec<AgentSpec> = agents.to_vec();
    let known = |out: &[AgentSpec]| {
        out.iter()
            .map(|a| a.id.0.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let shift_ref = |name: &str| -> Option<CalendarRef> {
        (!name.trim().eq_ignore_ascii_case("none")).then(|| CalendarRef(name.trim().to_string()))
    };
    let check_teams = |teams: &[String]| -> Result<Vec<TeamRef>, String> {
        teams
            .iter()
            .map(|t| {
                rules.team(t).map(|_| TeamRef(t.clone())).ok_or_else(|| {
                    source.error_at(
                        t,
                        format!("unknown team {t:?}: expected a team from the rule file"),
                    )
                })
            })
            .collect()
    };
    for id in &change.remove {
        let before = out.len();
        out.retain(|a| a.id.0 != *id);
        if out.len() == before {
            return Err(source.error_at(
                id,
                format!("roster.remove: no agent {id:?} (agents: {})", known(&out)),
            ));
        }
    }
    for (id, ch) in &change.change {
        let names = known(&out);
        let a = out.iter_mut().find(|a| a.id.0 == *id).ok_or_else(|| {
            source.error_at(
                &format!("{id}:"),
                format!("roster.change: no agent {id:?} (agents: {names})"),
            )
        })?;
        if let Some(s) = &ch.skills {
            a.skills = s.clone();
        }
        if let Some(t) = &ch.teams {
            a.teams = check_teams(t)?;
        }
        if let Some(c) = ch.capacity {
            a.capacity = c;
        }
        if let Some(l) = ch.level {
            a.level = l;
        }
        if let Some(s) = ch.status {
            a.status = s;
        }
        if let Some(s) = &ch.shift {
            a.shift = shift_ref(s);
        }
    }
    for add in &change.add {
        let ids: Vec<String> = match add.count {
            None => vec![add.id.clone()],
            Some(0) => Vec::new(),
            Some(n) => (1..=n).map(|i| format!("{}-{i}", add.id)).collect(),
        };
        for id in ids {
            if out.iter().any(|a| a.id.0 == id) {
                return Err(
                    source.error_at(&add.id, format!("roster.add: agent {id:?} already exists"))
                );
            }
            out.push(AgentSpec {
                id: crate::rules::AgentId(id),
                name: add.name.clone(),
                skills: add.skills.clone(),
                teams: check_teams(&add.teams)?,
                capacity: add.capacity.unwrap_or(10),
                level: add.level.unwrap_or(1),
                status: add.status.unwrap_or_default(),
                shift: add.shift.as_deref().and_then(shift_ref),
                email: None,
            });
        }
    }
    for (id, shift) in shifts {
        let names = known(&out);
        let a = out.iter_mut().find(|a| a.id.0 == *id).ok_or_else(|| {
            source.error_at(
                &format!("{id}:"),
                format!("shifts: no agent {id:?} (agents: {names})"),
            )
        })?;
        a.shift = shift_ref(shift);
    }
    if let Some(a) = out.iter().find(|a| a.capacity == 0) {
        return Err(source.error_at(
            &a.id.0,
            format!("agent {:?} has capacity 0: expected at least 1", a.id.0),
        ));
    }
    if out.len() >= u16::MAX as usize {
        return Err(format!("{}: at most {} agents", source.name, u16::MAX - 1));
    }
    Ok(out)
}
