//! The rule file: loading, strict validation with file:line:column errors,
//! and the compiled form every command reads (roster, calendars,
//! classification, SLA policies, routing, escalation, flows).

pub mod classify;
pub mod refs;
pub mod schema;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

use chrono_tz::Tz;

pub use refs::{AgentId, AgentRef, CalendarRef, FlowId, FlowRef, TeamId, TeamRef};
pub use schema::*;

use crate::model::Status;
use crate::sla::Calendar;
use crate::yaml_limits;

/// Name of the built-in calendar that counts every hour.
pub const ALWAYS_CALENDAR: &str = "24x7";

/// The rule set used when no rule file exists.
pub const DEFAULT_RULES: &str = include_str!("default.yaml");

/// The commented starter file `triage init` writes.
pub const STARTER_RULES: &str = include_str!("starter.yaml");

/// The zone line of [`STARTER_RULES`], which `triage init` replaces with
/// the machine's zone.
const STARTER_ZONE_LINE: &str = "timezone: Asia/Shanghai\n";

/// [`STARTER_RULES`] with its times shown and counted in `zone`.
pub fn starter_rules_in(zone: Tz) -> String {
    debug_assert!(STARTER_RULES.contains(STARTER_ZONE_LINE));
    STARTER_RULES.replacen(STARTER_ZONE_LINE, &format!("timezone: {zone}\n"), 1)
}

/// A rule file that could not be used, with where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RulesError {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(col)) => {
                write!(f, "{}:{}:{}: {}", self.file, line, col, self.message)
            }
            (Some(line), None) => write!(f, "{}:{}: {}", self.file, line, self.message),
            _ => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for RulesError {}

impl RulesError {
    fn from_yaml(file: &str, err: serde_yaml::Error) -> RulesError {
        let location = err.location();
        // serde_yaml puts " at line L column C" inside its text; we show the place up front instead.
        let text = err.to_string();
        let message = match text.find(" at line ") {
            Some(start) => {
                let rest = &text[start + " at line ".len()..];
                let skip = rest
                    .find(|c: char| {
                        !(c.is_ascii_digit()
                            || c == ' '
                            || c.is_ascii_alphabetic() && "column".contains(c))
                    })
                    .unwrap_or(rest.len());
                format!("{}{}", &text[..start], &rest[skip..])
            }
            None => text,
        };
        RulesError {
            file: file.to_string(),
            line: location.as_ref().map(|l| l.line()),
            column: location.as_ref().map(|l| l.column()),
            message,
        }
    }

    fn limit(file: &str, e: yaml_limits::LimitError) -> RulesError {
        RulesError {
            file: file.to_string(),
            line: e.place.map(|p| p.0),
            column: e.place.map(|p| p.1),
            message: e.message,
        }
    }

    fn at_text(file: &str, text: &str, needle: &str, message: String) -> RulesError {
        let place = find_position(text, needle);
        RulesError {
            file: file.to_string(),
            line: place.map(|p| p.0),
            column: place.map(|p| p.1),
            message,
        }
    }
}

/// Line and column (1-based) of the first occurrence of `needle`.
fn find_position(text: &str, needle: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        line.find(needle)
            .map(|col| (i + 1, line[..col].chars().count() + 1))
    })
}

fn list_or_none(names: &[&str], none: &str) -> String {
    if names.is_empty() {
        none.to_string()
    } else {
        names.join(", ")
    }
}

/// A validated rule set, ready to use.
#[derive(Clone, Debug)]
pub struct Rules {
    pub file: RuleFile,
    /// Where it came from: a path, or `<embedded default>`.
    pub origin: String,
    /// Zone in which times are shown.
    pub zone: Tz,
    calendars: HashMap<String, Calendar>,
    agent_index: HashMap<String, usize>,
    team_index: HashMap<String, usize>,
}

impl Rules {
    /// The embedded default rule set.
    pub fn embedded() -> Rules {
        Rules::parse(DEFAULT_RULES, "<embedded default>")
            .expect("the embedded default rules are valid")
    }

    /// Reads and validates a rule file.
    /// A file over the size or nesting limits of [`crate::yaml_limits`] is
    /// refused before it is parsed.
    pub fn load(path: &Path) -> Result<Rules, RulesError> {
        let name = path.display().to_string();
        let text = yaml_limits::read(path, "rule file").map_err(|e| RulesError::limit(&name, e))?;
        Rules::parse(&text, &name)
    }

    /// Validates rule-file text; `origin` names it in messages.
    pub fn parse(text: &str, origin: &str) -> Result<Rules, RulesError> {
        yaml_limits::check(text, "rule file").map_err(|e| RulesError::limit(origin, e))?;
        if text.trim().is_empty() {
            return Rules::parse("{}", origin);
        }
        let first: RuleFile =
            serde_yaml::from_str(text).map_err(|e| RulesError::from_yaml(origin, e))?;
        let known = refs::Known {
            agents: first.agents.iter().map(|a| a.id.0.clone()).collect(),
            teams: first.teams.iter().map(|t| t.id.0.clone()).collect(),
            calendars: first.calendars.keys().cloned().collect(),
            flows: first.flows.iter().map(|f| f.name.0.clone()).collect(),
            ..Default::default()
        };
        let file: RuleFile = refs::with_known(known, || serde_yaml::from_str(text))
            .map_err(|e| RulesError::from_yaml(origin, e))?;
        Rules::compile(file, text, origin)
    }

    fn compile(file: RuleFile, text: &str, origin: &str) -> Result<Rules, RulesError> {
        let zone = file.timezone.map(|z| z.0).unwrap_or(chrono_tz::UTC);
        if file.calendars.contains_key(ALWAYS_CALENDAR) {
            return Err(RulesError::at_text(
                origin,
                text,
                ALWAYS_CALENDAR,
                format!("calendar name {ALWAYS_CALENDAR:?} is built in and cannot be redefined"),
            ));
        }
        let mut calendars = HashMap::new();
        calendars.insert(ALWAYS_CALENDAR.to_string(), Calendar::always());
        for (name, spec) in &file.calendars {
            let calendar = Calendar::from_spec(spec, zone).map_err(|message| {
                RulesError::at_text(
                    origin,
                    text,
                    &format!("{name}:"),
                    format!("calendars.{name}: {message}"),
                )
            })?;
            calendars.insert(name.clone(), calendar);
        }

        // A policy after the fallback can never match; that is a mistake, not a choice.
        if let Some(pos) = file.sla.iter().position(|p| p.when.is_none()) {
            if let Some(next) = file.sla.get(pos + 1) {
                return Err(RulesError::at_text(
                    origin,
                    text,
                    &format!("name: {}", next.name),
                    format!(
                        "sla policy {:?} can never apply: policy {:?} above it has no `when` and matches every ticket (put the fallback last)",
                        next.name, file.sla[pos].name
                    ),
                ));
            }
        }
        let mut seen_policies = std::collections::HashSet::new();
        for policy in &file.sla {
            if !seen_policies.insert(policy.name.as_str()) {
                return Err(RulesError::at_text(
                    origin,
                    text,
                    &format!("name: {}", policy.name),
                    format!("duplicate sla policy name {:?}", policy.name),
                ));
            }
        }
        for agent in &file.agents {
            if agent.capacity == 0 {
                return Err(RulesError::at_text(
                    origin,
                    text,
                    &format!("id: {}", agent.id),
                    format!("agent {:?} has capacity 0: expected at least 1 (set status: vacation to stop routing to them)", agent.id.0),
                ));
            }
        }
        for team in &file.teams {
            if let Some(lead) = &team.lead {
                let member = team.members.iter().any(|m| m == lead)
                    || file
                        .agents
                        .iter()
                        .any(|a| a.id.0 == lead.0 && a.teams.iter().any(|t| t.0 == team.id.0));
                if !member && !team.members.is_empty() {
                    return Err(RulesError::at_text(
                        origin,
                        text,
                        &format!("lead: {lead}"),
                        format!(
                            "team {:?}: lead {:?} is not one of its members",
                            team.id.0, lead.0
                        ),
                    ));
                }
            }
        }
        let w = file.routing.weights;
        if [w.skill, w.load, w.urgency]
            .iter()
            .any(|v| !v.is_finite() || *v < 0.0)
        {
            return Err(RulesError::at_text(
                origin,
                text,
                "weights",
                "routing.weights: every weight must be a number of zero or more".to_string(),
            ));
        }
        for flow in &file.flows {
            if flow.steps.is_empty() {
                return Err(RulesError::at_text(
                    origin,
                    text,
                    &format!("name: {}", flow.name),
                    format!("flow {:?} has no steps", flow.name.0),
                ));
            }
        }
        if let Some(program) = file.notify.command.first() {
            if program.trim().is_empty() {
                return Err(RulesError::at_text(
                    origin,
                    text,
                    "command",
                    "notify.command: the program name is empty".to_string(),
                ));
            }
        }

        let agent_index = file
            .agents
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.0.clone(), i))
            .collect();
        let team_index = file
            .teams
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.0.clone(), i))
            .collect();
        Ok(Rules {
            file,
            origin: origin.to_string(),
            zone,
            calendars,
            agent_index,
            team_index,
        })
    }

    pub fn agent(&self, id: &str) -> Option<&AgentSpec> {
        self.agent_index.get(id).map(|&i| &self.file.agents[i])
    }

    /// The agent, or a message naming the declared ones.
    pub fn require_agent(&self, id: &str) -> Result<&AgentSpec, String> {
        self.agent(id).ok_or_else(|| {
            let known: Vec<&str> = self.file.agents.iter().map(|a| a.id.as_str()).collect();
            format!(
                "unknown agent {id:?}: the rule file ({}) declares {}",
                self.origin,
                list_or_none(&known, "no agents")
            )
        })
    }

    /// The team, or a message naming the declared ones.
    pub fn require_team(&self, id: &str) -> Result<&TeamSpec, String> {
        self.team(id).ok_or_else(|| {
            let known: Vec<&str> = self.file.teams.iter().map(|t| t.id.as_str()).collect();
            format!(
                "unknown team {id:?}: the rule file ({}) declares {}",
                self.origin,
                list_or_none(&known, "no teams")
            )
        })
    }

    pub fn team(&self, id: &str) -> Option<&TeamSpec> {
        self.team_index.get(id).map(|&i| &self.file.teams[i])
    }

    /// Agents belonging to a team, by the team's `members` or the agents' `teams`.
    pub fn team_members(&self, team: &str) -> Vec<&AgentSpec> {
        let listed: Vec<&str> = self
            .team(team)
            .map(|t| t.members.iter().map(|m| m.as_str()).collect())
            .unwrap_or_default();
        self.file
            .agents
            .iter()
            .filter(|a| {
                listed.contains(&a.id.as_str()) || a.teams.iter().any(|t| t.as_str() == team)
            })
            .collect()
    }

    /// Lead of a team, if it names one.
    pub fn team_lead(&self, team: &str) -> Option<&str> {
        self.team(team)
            .and_then(|t| t.lead.as_ref())
            .map(|l| l.as_str())
    }

    /// A calendar by name; `24x7` always exists.
    /// Whether some agent of the roster has `skill` (names compared
    /// ignoring ASCII case, as routing compares them).
    pub fn has_agent_with_skill(&self, skill: &str) -> bool {
        self.file
            .agents
            .iter()
            .any(|a| a.skills.iter().any(|s| s.name.eq_ignore_ascii_case(skill)))
    }

    pub fn calendar(&self, name: &str) -> Option<&Calendar> {
        self.calendars.get(name)
    }

    /// The calendar named by an optional reference, `24x7` when absent.
    pub fn calendar_or_always(&self, name: Option<&CalendarRef>) -> &Calendar {
        let key = name.map(|c| c.as_str()).unwrap_or(ALWAYS_CALENDAR);
        self.calendars
            .get(key)
            .unwrap_or(&self.calendars[ALWAYS_CALENDAR])
    }

    /// What a status does to the SLA clock (defaults: new/assigned/open run,
    /// pending pauses, resolved/closed stop).
    pub fn clock_effect(&self, status: Status) -> ClockEffect {
        if let Some(effect) = self.file.statuses.get(&StatusKey(status)) {
            return *effect;
        }
        match status {
            Status::New | Status::Assigned | Status::Open => ClockEffect::Run,
            Status::Pending => ClockEffect::Pause,
            Status::Resolved | Status::Closed => ClockEffect::Stop,
        }
    }

    pub fn flow(&self, name: &str) -> Option<&FlowSpec> {
        self.file.flows.iter().find(|f| f.name.as_str() == name)
    }

    /// Counts of what the file declares, for `rules check`.
    pub fn summary(&self) -> BTreeMap<&'static str, usize> {
        BTreeMap::from([
            ("agents", self.file.agents.len()),
            ("teams", self.file.teams.len()),
            ("calendars", self.file.calendars.len()),
            ("classify rules", self.file.classify.len()),
            ("extract rules", self.file.extract.len()),
            ("sla policies", self.file.sla.len()),
            ("escalation rungs", self.file.escalation.ladder.len()),
            ("flows", self.file.flows.len()),
            ("knowledge articles", self.file.knowledge.len()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_default_and_starter_are_valid() {
        let rules = Rules::embedded();
        assert!(rules.file.agents.len() >= 3);
        assert!(rules.file.sla.len() >= 2);
        Rules::parse(STARTER_RULES, "starter").unwrap();
    }

    #[test]
    fn the_starter_takes_the_machine_zone() {
        let text = starter_rules_in(chrono_tz::Europe::Berlin);
        let rules = Rules::parse(&text, "starter").unwrap();
        assert_eq!(rules.zone, chrono_tz::Europe::Berlin);
        assert_eq!(text.matches("timezone:").count(), 1);
        assert!(!text.contains("Asia/Shanghai"));
    }

    fn error_of(text: &str) -> RulesError {
        Rules::parse(text, "r.yaml").unwrap_err()
    }

    #[test]
    fn unknown_key_names_line_and_column() {
        let err = error_of("timezone: UTC\nagentz: []\n");
        assert_eq!((err.line, err.column), (Some(2), Some(1)));
        assert!(err.message.contains("unknown field `agentz`"), "{err}");
    }

    #[test]
    fn bad_duration_names_the_value() {
        let err = error_of("escalation:\n  auto_close_after: 3 days\n");
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("bad duration"), "{err}");
    }

    #[test]
    fn unknown_team_reference_is_located() {
        let text = "agents:\n  - id: ann\n    teams: [billing]\nteams:\n  - id: tech\n";
        let err = error_of(text);
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("unknown team \"billing\""), "{err}");
        assert!(err.message.contains("declared: tech"), "{err}");
    }

    #[test]
    fn duplicate_agent_is_refused() {
        let err = error_of("agents:\n  - id: ann\n  - id: ann\n");
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("duplicate agent id"), "{err}");
    }

    #[test]
    fn bad_regex_and_zone() {
        let err = error_of("extract:\n  - field: order\n    regex: '(unclosed'\n");
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("bad regex"), "{err}");
        let err = error_of("timezone: Mars/Olympus\n");
        assert_eq!(err.line, Some(1));
        assert!(err.message.contains("unknown time zone"), "{err}");
    }

    #[test]
    fn policy_after_fallback_is_an_error() {
        let text =
            "sla:\n  - name: all\n    resolution: {P1: 4h}\n  - name: vip\n    when: {tier: vip}\n";
        let err = error_of(text);
        assert_eq!(err.line, Some(4), "{err}");
        assert!(err.message.contains("can never apply"), "{err}");
    }
}
