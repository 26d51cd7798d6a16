//! The rule file as written: every section, strictly typed. Values that can
//! be wrong on their own (durations, zones, regexes, times of day) check
//! themselves while they are read, so the YAML parser reports the line and
//! column; references between sections (agents, teams, calendars) are
//! checked by [`super::refs`] in a second pass with the same locations.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Deserializer};

use super::refs::{AgentRef, CalendarRef, FlowRef, TeamRef};
use crate::duration::{Duration, Percent};
use crate::model::{Priority, Status};

/// Reads a string and converts it inside the YAML parser's scalar visit, so
/// a conversion error carries the line and column of the value itself.
pub(crate) fn parse_scalar<'de, D, T>(
    d: D,
    convert: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct Visit<F>(F);
    impl<'de, T, F: FnOnce(&str) -> Result<T, String>> serde::de::Visitor<'de> for Visit<F> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            (self.0)(v).map_err(E::custom)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<T, E> {
            (self.0)(&v.to_string()).map_err(E::custom)
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<T, E> {
            (self.0)(&v.to_string()).map_err(E::custom)
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<T, E> {
            (self.0)(&v.to_string()).map_err(E::custom)
        }
        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<T, E> {
            (self.0)(&v.to_string()).map_err(E::custom)
        }
    }
    d.deserialize_str(Visit(convert))
}

/// The whole rule file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RuleFile {
    /// IANA zone in which times are shown and calendars count, e.g. `Asia/Shanghai`.
    pub timezone: Option<Zone>,
    pub calendars: BTreeMap<String, CalendarSpec>,
    /// How each status treats the SLA clock; unspecified statuses keep the defaults.
    pub statuses: BTreeMap<StatusKey, ClockEffect>,
    pub agents: Vec<AgentSpec>,
    pub teams: Vec<TeamSpec>,
    pub classify: Vec<ClassifyRule>,
    pub extract: Vec<ExtractRule>,
    pub sla: Vec<SlaPolicySpec>,
    pub routing: RoutingSpec,
    pub escalation: EscalationSpec,
    pub flows: Vec<FlowSpec>,
    pub dedup: DedupSpec,
    pub knowledge: Vec<KnowledgeRule>,
    pub notify: NotifySpec,
}

/// A status name used as a map key (`pending: pause`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct StatusKey(pub Status);

impl<'de> Deserialize<'de> for StatusKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        parse_scalar(d, |text| {
            Status::parse(text).map(StatusKey).ok_or_else(|| {
                format!("unknown status {text:?}: expected new, assigned, open, pending, resolved or closed")
            })
        })
    }
}

/// What a status does to the SLA clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockEffect {
    Run,
    Pause,
    Stop,
}

/// An IANA time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Zone(pub chrono_tz::Tz);

impl<'de> Deserialize<'de> for Zone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        parse_scalar(d, |text| {
            text.parse::<chrono_tz::Tz>().map(Zone).map_err(|_| {
                format!("unknown time zone {text:?}: expected an IANA zone name such as Asia/Shanghai, Europe/Berlin or UTC")
            })
        })
    }
}

/// Business hours of one calendar.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CalendarSpec {
    /// Zone of this calendar; defaults to the file's `timezone`.
    pub timezone: Option<Zone>,
    pub hours: WeekHours,
    pub holidays: Vec<Holiday>,
}

/// Working intervals per weekday. `weekdays` fills Monday to Friday and
/// `weekend` Saturday and Sunday; a named day overrides both.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WeekHours {
    pub weekdays: Option<Vec<TimeRange>>,
    pub weekend: Option<Vec<TimeRange>>,
    pub mon: Option<Vec<TimeRange>>,
    pub tue: Option<Vec<TimeRange>>,
    pub wed: Option<Vec<TimeRange>>,
    pub thu: Option<Vec<TimeRange>>,
    pub fri: Option<Vec<TimeRange>>,
    pub sat: Option<Vec<TimeRange>>,
    pub sun: Option<Vec<TimeRange>>,
}

impl WeekHours {
    /// Intervals for each weekday, Monday first.
    pub fn by_weekday(&self) -> [Vec<TimeRange>; 7] {
        let weekday = self.weekdays.clone().unwrap_or_default();
        let weekend = self.weekend.clone().unwrap_or_default();
        let pick = |day: &Option<Vec<TimeRange>>, fallback: &Vec<TimeRange>| {
            day.clone().unwrap_or_else(|| fallback.clone())
        };
        [
            pick(&self.mon, &weekday),
            pick(&self.tue, &weekday),
            pick(&self.wed, &weekday),
            pick(&self.thu, &weekday),
            pick(&self.fri, &weekday),
            pick(&self.sat, &weekend),
            pick(&self.sun, &weekend),
        ]
    }
}

/// `09:00-18:00`; an end at or before the start runs past midnight
/// (`22:00-06:00`), and `00:00-24:00` is the whole day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeRange {
    pub start: NaiveTime,
    /// `None` means 24:00, the end of the day.
    pub end: Option<NaiveTime>,
}

impl TimeRange {
    pub fn parse(text: &str) -> Result<TimeRange, String> {
        let expected = "expected a time range like 09:00-18:00 (22:00-06:00 runs past midnight)";
        let (a, b) = text
            .split_once('-')
            .ok_or_else(|| format!("bad time range {text:?}: {expected}"))?;
        let start = NaiveTime::parse_from_str(a.trim(), "%H:%M")
            .map_err(|_| format!("bad start time {:?} in {text:?}: {expected}", a.trim()))?;
        let end = match b.trim() {
            "24:00" => None,
            other => Some(
                NaiveTime::parse_from_str(other, "%H:%M")
                    .map_err(|_| format!("bad end time {other:?} in {text:?}: {expected}"))?,
            ),
        };
        if end == Some(start) {
            return Err(format!("empty time range {text:?}: start and end are equal; use 00:00-24:00 for a whole day"));
        }
        Ok(TimeRange { start, end })
    }

    /// True when the range runs past midnight into the next day.
    pub fn is_overnight(&self) -> bool {
        matches!(self.end, Some(end) if end < self.start)
    }
}

impl<'de> Deserialize<'de> for TimeRange {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        parse_scalar(d, TimeRange::parse)
    }
}

/// A holiday date, `2026-10-01`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Holiday(pub NaiveDate);

impl<'de> Deserialize<'de> for Holiday {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        parse_scalar(d, |text| {
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                .map(Holiday)
                .map_err(|_| format!("bad holiday date {text:?}: expected YYYY-MM-DD"))
        })
    }
}

/// An agent of the roster.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentSpec {
    pub id: super::refs::AgentId,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub skills: Vec<SkillSpec>,
    #[serde(default)]
    pub teams: Vec<TeamRef>,
    /// Maximum concurrent active tickets.
    #[serde(default = "default_capacity")]
    pub capacity: u32,
    /// Seniority, 1 (junior) and up; preferred for urgent work by `score`.
    #[serde(default = "default_level")]
    pub level: u8,
    #[serde(default)]
    pub status: AgentStatus,
    /// Name of a calendar giving this agent's working hours.
    #[serde(default)]
    pub shift: Option<CalendarRef>,
    #[serde(default)]
    pub email: Option<String>,
}

fn default_capacity() -> u32 {
    10
}

fn default_level() -> u8 {
    1
}

/// A skill, with an optional proficiency level (1..=5, default 3):
/// `billing` or `{billing: 4}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkillSpec {
    pub name: String,
    pub level: u8,
}

pub const DEFAULT_SKILL_LEVEL: u8 = 3;

impl<'de> Deserialize<'de> for SkillSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Name(String),
            Level(BTreeMap<String, u8>),
        }
        let raw = Raw::deserialize(d).map_err(|_| {
            serde::de::Error::custom("bad skill: expected a skill name like `billing` or `{billing: 4}` with a level from 1 to 5")
        })?;
        match raw {
            Raw::Name(name) => Ok(SkillSpec {
                name,
                level: DEFAULT_SKILL_LEVEL,
            }),
            Raw::Level(map) if map.len() == 1 => {
                let (name, level) = map.into_iter().next().expect("one entry");
                if !(1..=5).contains(&level) {
                    return Err(serde::de::Error::custom(format!(
                        "skill {name:?} has level {level}: expected a level from 1 to 5"
                    )));
                }
                Ok(SkillSpec { name, level })
            }
            Raw::Level(_) => Err(serde::de::Error::custom(
                "bad skill: write one skill per list entry, like `- billing: 4`",
            )),
        }
    }
}

/// Whether an agent takes work.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum AgentStatus {
    #[default]
    Online,
    Offline,
    Vacation,
}

impl AgentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AgentStatus::Online => "online",
            AgentStatus::Offline => "offline",
            AgentStatus::Vacation => "vacation",
        }
    }

    pub fn parse(text: &str) -> Option<AgentStatus> {
        match text.trim().to_lowercase().as_str() {
            "online" | "on" | "available" | "在线" => Some(AgentStatus::Online),
            "offline" | "off" | "away" | "离线" => Some(AgentStatus::Offline),
            "vacation" | "leave" | "holiday" | "休假" => Some(AgentStatus::Vacation),
            _ => None,
        }
    }
}

/// A team: a lead and members.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamSpec {
    pub id: super::refs::TeamId,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub lead: Option<AgentRef>,
    #[serde(default)]
    pub members: Vec<AgentRef>,
}

/// A condition on a ticket. Every key given must hold (they are ANDed);
/// `all`, `any` and `not` combine conditions.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Condition {
    pub all: Option<Vec<Condition>>,
    pub any: Option<Vec<Condition>>,
    pub not: Option<Box<Condition>>,
    /// The field `equals`, `in`, `contains` and `regex` look at (default:
    /// title and body): title, body, text, category, channel, tier,
    /// priority, team, source, assignee, status, tags, customer.name,
    /// customer.email, customer.phone, customer.id, or fields.NAME.
    pub field: Option<FieldName>,
    pub equals: Option<String>,
    #[serde(rename = "in")]
    pub one_of: Option<Vec<String>>,
    /// Keywords: any of them, case-insensitive, as substrings (so Chinese
    /// keywords work without word boundaries).
    pub contains: Option<OneOrMany>,
    pub regex: Option<Pattern>,
    pub tier: Option<OneOrMany>,
    pub channel: Option<OneOrMany>,
    pub category: Option<OneOrMany>,
    pub priority: Option<Vec<PriorityValue>>,
    pub source: Option<OneOrMany>,
}

/// A single string or a list of strings, with their lower-case forms, which conditions compare against (once per rule file, not once
/// per ticket).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OneOrMany(pub Vec<String>, pub Vec<String>);

impl OneOrMany {
    pub fn new(values: Vec<String>) -> OneOrMany {
        let lower = values.iter().map(|v| v.to_lowercase()).collect();
        OneOrMany(values, lower)
    }
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            One(String),
            Many(Vec<String>),
        }
        match Raw::deserialize(d) {
            Ok(Raw::One(s)) => Ok(OneOrMany::new(vec![s])),
            Ok(Raw::Many(v)) => Ok(OneOrMany::new(v)),
            Err(_) => Err(serde::de::Error::custom(
                "expected a string or a list of strings",
            )),
        }
    }
}

/// A ticket field a condition can test.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldName {
    Title,
    Body,
    Text,
    Category,
    Channel,
    Tier,
    Priority,
    Team,
    Source,
    Assignee,
    Status,
    Tags,
    CustomerName,
    CustomerEmail,
    CustomerPhone,
    CustomerId,
    Custom(String),
}

impl<'de> Deserialize<'de> for FieldName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        parse_scalar(d, |text| {
            let field = match text {
            "title" => FieldName::Title,
            "body" => FieldName::Body,
            "text" => FieldName::Text,
            "category" => FieldName::Category,
            "channel" => FieldName::Channel,
            "tier" | "customer.tier" => FieldName::Tier,
            "priority" => FieldName::Priority,
            "team" => FieldName::Team,
            "source" => FieldName::Source,
            "assignee" => FieldName::Assignee,
            "status" => FieldName::Status,
            "tags" => FieldName::Tags,
            "customer" | "customer.name" => FieldName::CustomerName,
            "customer.email" | "email" => FieldName::CustomerEmail,
            "customer.phone" | "phone" => FieldName::CustomerPhone,
            "customer.id" => FieldName::CustomerId,
            other => match other.strip_prefix("fields.") {
                Some(name) if !name.is_empty() => FieldName::Custom(name.to_string()),
                _ => {
                    return Err(format!(
                        "unknown field {text:?}: expected title, body, text, category, channel, tier, priority, team, source, assignee, status, tags, customer.name, customer.email, customer.phone, customer.id or fields.NAME"
                    ))
                }
            },
        };
            Ok(field)
        })
    }
}

/// A compiled regular expression.
#[derive(Clone, Debug)]
pub struct Pattern(pub regex::Regex);

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        parse_scalar(d, |text| {
            regex::RegexBuilder::new(text)
                .case_insensitive(true)
                .size_limit(1 << 20)
                .build()
                .map(Pattern)
                .map_err(|e| {
                    // The regex crate's message spans several lines; keep its last line, the reason.
                    let reason = e
                        .to_string()
                        .lines()
                        .last()
                        .unwrap_or("invalid")
                        .trim()
                        .to_string();
                    format!("bad regex {text:?}: {reason}")
                })
        })
    }
}

/// A priority written with any synonym.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PriorityValue(pub Priority);

impl<'de> Deserialize<'de> for PriorityValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        parse_scalar(d, |text| text.parse::<Priority>().map(PriorityValue))
    }
}

/// One classification rule: when the condition holds, set these values.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassifyRule {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub when: Condition,
    pub set: ClassifySet,
    /// Keep evaluating later rules after this one matched (default: the
    /// first matching rule wins).
    #[serde(default, rename = "continue")]
    pub keep_going: bool,
}

/// What a matching classification rule sets.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ClassifySet {
    pub category: Option<String>,
    pub priority: Option<PriorityValue>,
    pub skills: Vec<String>,
    pub team: Option<TeamRef>,
    pub tags: Vec<String>,
    /// Start this flow on the ticket.
    pub flow: Option<FlowRef>,
}

/// Copies a regex capture into a custom field.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractRule {
    pub field: String,
    pub regex: Pattern,
    /// Capture group to keep; default 1 (or the whole match if the regex has no group).
    #[serde(default)]
    pub group: Option<usize>,
}

/// An SLA policy. The first policy whose `when` holds applies; a policy
/// without `when` matches every ticket (the fallback).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaPolicySpec {
    pub name: String,
    #[serde(default)]
    pub when: Option<Condition>,
    /// Calendar the targets count in unless a target names its own;
    /// `24x7` (the default) counts calendar hours.
    #[serde(default)]
    pub calendar: Option<CalendarRef>,
    #[serde(default)]
    pub first_response: BTreeMap<PriorityKey, TargetSpec>,
    #[serde(default)]
    pub resolution: BTreeMap<PriorityKey, TargetSpec>,
}

/// A priority used as a map key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PriorityKey(pub Priority);

impl<'de> Deserialize<'de> for PriorityKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        PriorityValue::deserialize(d).map(|p| PriorityKey(p.0))
    }
}

/// An SLA target: `4h`, or `{within: 4h, calendar: 24x7}`.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetSpec {
    pub within: Duration,
    pub calendar: Option<CalendarRef>,
}

impl<'de> Deserialize<'de> for TargetSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            within: Duration,
            #[serde(default)]
            calendar: Option<CalendarRef>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Short(String),
            Full(Full),
        }
        // Untagged enums hide the inner error, so parse the short form here
        // to keep its message.
        match Raw::deserialize(d) {
            Ok(Raw::Short(text)) => Duration::parse(&text)
                .map(|within| TargetSpec {
                    within,
                    calendar: None,
                })
                .map_err(serde::de::Error::custom),
            Ok(Raw::Full(full)) => Ok(TargetSpec {
                within: full.within,
                calendar: full.calendar,
            }),
            Err(_) => Err(serde::de::Error::custom(
                "bad SLA target: expected a duration like 4h, or {within: 4h, calendar: NAME}",
            )),
        }
    }
}

/// How tickets are given to agents.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RoutingSpec {
    pub strategy: Strategy,
    pub weights: ScoreWeights,
    /// Leave out agents who are offline or on vacation (default true).
    pub skip_offline: bool,
    /// Leave out agents at capacity (default true).
    pub skip_full: bool,
    /// Leave out agents outside their shift (default true).
    pub respect_shifts: bool,
    /// `create` assigns the ticket at once.
    pub auto_assign: bool,
}

impl Default for RoutingSpec {
    fn default() -> Self {
        RoutingSpec {
            strategy: Strategy::Score,
            weights: ScoreWeights::default(),
            skip_offline: true,
            skip_full: true,
            respect_shifts: true,
            auto_assign: false,
        }
    }
}

/// A routing strategy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    RoundRobin,
    LeastLoaded,
    Skill,
    #[default]
    Score,
}

impl Strategy {
    pub const ALL: [Strategy; 4] = [
        Strategy::RoundRobin,
        Strategy::LeastLoaded,
        Strategy::Skill,
        Strategy::Score,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::RoundRobin => "round_robin",
            Strategy::LeastLoaded => "least_loaded",
            Strategy::Skill => "skill",
            Strategy::Score => "score",
        }
    }

    pub fn parse(text: &str) -> Option<Strategy> {
        match text.trim().to_lowercase().replace('-', "_").as_str() {
            "round_robin" | "rr" => Some(Strategy::RoundRobin),
            "least_loaded" => Some(Strategy::LeastLoaded),
            "skill" => Some(Strategy::Skill),
            "score" => Some(Strategy::Score),
            _ => None,
        }
    }
}

impl std::str::FromStr for Strategy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Strategy::parse(s).ok_or_else(|| {
            format!("unknown strategy {s:?}: expected round_robin, least_loaded, skill or score")
        })
    }
}

/// Weights of the `score` strategy's three parts.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScoreWeights {
    pub skill: f64,
    pub load: f64,
    pub urgency: f64,
}

impl Default for ScoreWeights {
    fn default() -> Self {
        ScoreWeights {
            skill: 0.5,
            load: 0.3,
            urgency: 0.2,
        }
    }
}

/// The escalation ladder and time-based automations.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EscalationSpec {
    /// Share of a target after which a ticket counts as "at risk" (default 75%).
    pub at_risk: PercentValue,
    pub ladder: Vec<Rung>,
    /// Resolved tickets close themselves after this long.
    pub auto_close_after: Option<Duration>,
    /// Tickets pending longer than this remind their assignee (once per pause).
    pub pending_reminder_after: Option<Duration>,
    /// An agent whose active load passes this notifies the team lead.
    pub overload_limit: Option<u32>,
}

impl Default for EscalationSpec {
    fn default() -> Self {
        EscalationSpec {
            at_risk: PercentValue(Percent(75.0)),
            ladder: Vec::new(),
            auto_close_after: None,
            pending_reminder_after: None,
            overload_limit: None,
        }
    }
}

/// `75%`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PercentValue(pub Percent);

impl<'de> Deserialize<'de> for PercentValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        parse_scalar(d, |text| Percent::parse(text).map(PercentValue))
    }
}

/// One rung of the ladder: when a target has run this far, do these things.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rung {
    pub at: Threshold,
    /// Targets the rung applies to (default: all of them).
    #[serde(default)]
    pub targets: Vec<TargetKind>,
    pub actions: Vec<Action>,
}

/// A threshold: a share of the target (`75%`) or elapsed time (`2h`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Threshold {
    Percent(Percent),
    Elapsed(Duration),
}

impl<'de> Deserialize<'de> for Threshold {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        parse_scalar(d, |text| {
            if text.trim_end().ends_with('%') {
                Percent::parse(text).map(Threshold::Percent)
            } else {
                Duration::parse(text).map(Threshold::Elapsed).map_err(|_| {
                    format!("bad threshold {text:?}: expected a percentage of the target like 75% or elapsed time like 2h")
                })
            }
        })
    }
}

/// Which SLA clock a rung watches.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    FirstResponse,
    Resolution,
    /// The current step of a cross-team flow.
    Step,
}

impl TargetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::FirstResponse => "first_response",
            TargetKind::Resolution => "resolution",
            TargetKind::Step => "step",
        }
    }
}

/// What a rung does.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Notify someone: `assignee`, `team_lead`, or an agent id.
    Notify(Recipient),
    /// Raise the priority one level (P1 stays P1).
    BumpPriority(bool),
    /// Reassign: `team_lead`, `route` (through routing), or an agent id.
    Reassign(ReassignTarget),
    /// Add a tag.
    Tag(String),
}

impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        const EXPECTED: &str =
            "an action: {notify: WHO}, {bump_priority: true}, {reassign: TARGET} or {tag: NAME}";
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Action;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(EXPECTED)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Action, A::Error> {
                use serde::de::Error;
                let key: String = map.next_key()?.ok_or_else(|| {
                    A::Error::custom(format!("empty action: expected {EXPECTED}"))
                })?;
                let action = match key.as_str() {
                    "notify" => Action::Notify(map.next_value()?),
                    "bump_priority" => Action::BumpPriority(map.next_value()?),
                    "reassign" => Action::Reassign(map.next_value()?),
                    "tag" => Action::Tag(map.next_value()?),
                    other => {
                        return Err(A::Error::custom(format!(
                        "unknown action `{other}`: expected notify, bump_priority, reassign or tag"
                    )))
                    }
                };
                if map.next_key::<String>()?.is_some() {
                    return Err(A::Error::custom("one action per list entry: write `- notify: assignee` and `- tag: x` as two entries"));
                }
                Ok(action)
            }
        }
        d.deserialize_map(Visit)
    }
}

/// Who a notification goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recipient {
    Assignee,
    TeamLead,
    Agent(AgentRef),
}

impl<'de> Deserialize<'de> for Recipient {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        parse_scalar(d, |text| match text {
            "assignee" => Ok(Recipient::Assignee),
            "team_lead" | "lead" => Ok(Recipient::TeamLead),
            other => AgentRef::checked(
                other.to_string(),
                "expected assignee, team_lead or an agent id",
            )
            .map(Recipient::Agent),
        })
    }
}

/// Where a reassignment sends the ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReassignTarget {
    TeamLead,
    Route,
    Agent(AgentRef),
}

impl<'de> Deserialize<'de> for ReassignTarget {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        parse_scalar(d, |text| match text {
            "team_lead" | "lead" => Ok(ReassignTarget::TeamLead),
            "route" | "reroute" => Ok(ReassignTarget::Route),
            other => AgentRef::checked(
                other.to_string(),
                "expected team_lead, route or an agent id",
            )
            .map(ReassignTarget::Agent),
        })
    }
}

/// A cross-team flow: ordered steps.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowSpec {
    pub name: super::refs::FlowId,
    pub steps: Vec<StepSpec>,
}

/// One step of a flow.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepSpec {
    pub name: String,
    pub team: TeamRef,
    #[serde(default)]
    pub skills: Vec<String>,
    /// Step SLA target, counted on `calendar` (default: the ticket's SLA policy calendar, else 24x7).
    #[serde(default)]
    pub target: Option<Duration>,
    #[serde(default)]
    pub calendar: Option<CalendarRef>,
    /// Fields that must be filled before the step can complete.
    #[serde(default)]
    pub requires: Vec<String>,
    /// Teams that handle the step jointly with `team`.
    #[serde(default)]
    pub participants: Vec<TeamRef>,
}

/// Live-intake duplicate detection.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DedupSpec {
    pub window: Duration,
    pub keys: Vec<DedupKey>,
    pub action: DedupAction,
}

impl Default for DedupSpec {
    fn default() -> Self {
        DedupSpec {
            window: Duration::from_hours(24),
            keys: vec![DedupKey::Email, DedupKey::Phone, DedupKey::CustomerId],
            action: DedupAction::Merge,
        }
    }
}

/// A customer key that identifies the same person across channels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DedupKey {
    Email,
    Phone,
    CustomerId,
}

/// What dedup does with a repeat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DedupAction {
    /// Fold the new request into the customer's active ticket.
    Merge,
    /// Only tag both tickets `possible-duplicate`.
    Tag,
    /// No dedup.
    Off,
}

/// Knowledge-base suggestion: keywords → article.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnowledgeRule {
    pub keywords: Vec<String>,
    pub article: String,
    #[serde(default)]
    pub title: Option<String>,
}

/// Where notifications go.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NotifySpec {
    /// argv list; the event arrives as JSON on stdin and as TRIAGE_* variables.
    pub command: Vec<String>,
    /// A JSON Lines file each event is appended to.
    pub jsonl: Option<String>,
    /// How long the command may run (default 10s).
    pub timeout: Duration,
}

impl Default for NotifySpec {
    fn default() -> Self {
        NotifySpec {
            command: Vec::new(),
            jsonl: None,
            timeout: Duration::from_secs(10),
        }
    }
}
