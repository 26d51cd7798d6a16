//! Routing: which agent gets a ticket. Pure (no I/O, no clock reads), shared
//! by `triage assign`, `create` (auto-assign), `escalate` (re-route) and the
//! simulator, so a what-if runs exactly the production decision.
//!
//! # How a ticket is routed
//!
//! Routing runs in two steps over the roster, in roster order (the order of
//! `agents` in the rule file).
//!
//! **1. Filter.** An agent is *eligible* only if every filter passes:
//!
//! | filter | excludes the agent when | switched off by |
//! |---|---|---|
//! | team | the ticket has a team and the agent is not a member (the agent's `teams` or the team's `members`) | — |
//! | skills | the agent lacks one of the ticket's required skills (names compared ignoring ASCII case; any level counts) | — |
//! | excluded | the agent is the one the ticket is being routed away from (re-route on escalation, `assign --from`) | — |
//! | vacation | status `vacation` | never: vacation always excludes |
//! | offline | status `offline` | `routing.skip_offline: false` |
//! | shift | the agent has a shift calendar and `now` is outside it | `routing.respect_shifts: false` |
//! | capacity | active tickets ≥ `capacity` | `routing.skip_full: false` |
//!
//! When nobody is eligible the ticket stays unassigned with one summary
//! reason: the filters are read in the order of the table above (vacation
//! and offline together), and the reason is the filter at which the last
//! remaining agents dropped out — `wrong team` (nobody is in the team),
//! `no skill match`, `only the excluded agent fits`, `all offline or on
//! vacation`, `all off shift`, `all at capacity`. So "3 matching agents, one
//! offline, two full" reports *all at capacity*: the ticket is waiting for
//! capacity, not for skills.
//!
//! **2. Choose** one eligible agent by the rule file's `routing.strategy`.
//! Every strategy breaks its remaining ties by the agent assigned longest ago
//! (never-assigned first), then by roster order, so every choice is
//! deterministic.
//!
//! - `round_robin`: the agent assigned longest ago (never-assigned first).
//!   The last-assignment instant is kept in the store, so successive runs
//!   stay fair; within one run a logical clock advances by 1 µs per
//!   assignment so tickets rotate even when they share the same `now`.
//! - `least_loaded`: the lowest load ratio `load / capacity` (compared
//!   exactly, so 2/4 ties with 1/2).
//! - `skill`: the best skill fit — the highest sum of the agent's levels in
//!   the required skills — then the fewest *surplus* skills (skills the
//!   ticket does not need), so a specialist is kept free for specialist
//!   work and a ticket needing no skill goes to the agent with the fewest
//!   skills; then the lowest load ratio.
//! - `score` (the default): the three-way match of skill fit, load headroom
//!   and urgency, weighted by `routing.weights`; the highest score wins,
//!   then the lowest load ratio.
//!
//! # The `score` formula
//!
//! ```text
//! score = w.skill × skill_fit + w.load × headroom + w.urgency × urgency_fit
//!
//! skill_fit   = mean over the ticket's required skills of (agent's level in it / 5)
//!               (a missing skill counts 0; 1.0 when the ticket requires no skill)
//! headroom    = 1 − load / capacity, clamped to [0, 1]  (0 for capacity 0)
//! urgency_fit = for P1 and P2:  s / L          (seniors take urgent work)
//!               for P3 and P4:  (L + 1 − s) / L (juniors take routine work)
//!   where s = the agent's `level` (seniority; below 1 counts as 1) and
//!         L = the highest seniority among the eligible agents
//! ```
//!
//! Each part lies in [0, 1], so with the default weights (skill 0.5, load
//! 0.3, urgency 0.2) a score lies in [0, 1] too. On a roster where everyone
//! has the same seniority the urgency part is the same for every agent and
//! only skill fit and headroom decide. `--explain` prints every agent's
//! filter verdicts and these parts.
//!
//! # Queue order
//!
//! When several tickets wait ([`assign_batch`], the simulator's central
//! queue) they are served by priority (P1 first), then by the earliest SLA
//! due time (tickets without one last), then by age (`created_at`), then by
//! id. A ticket's SLA due time is the earliest target still open: first
//! response (until responded), resolution (until resolved) and the current
//! flow step.
//!
//! # What the caller provides
//!
//! A [`Candidate`] per agent with the *resolved* team list ([`agent_teams`]),
//! the effective status (stored overrides applied), whether `now` is inside
//! the agent's shift, the current active load and the last-assignment
//! instant; and after assigning, the caller persists each agent's new
//! `last_assigned` (with microsecond precision, so round-robin keeps its
//! rotation across runs).
//!
//! Comparing team and skill names is most of the work of routing one
//! ticket, and its result — the agent's [`Fit`] — depends only on who the
//! agent is and what the ticket needs. A caller routing many tickets over
//! one roster computes the fits once per distinct (team, skills) and calls
//! [`route_fitted`] instead of [`route`]: the same decision, integer work
//! only. [`assign_batch`] does this itself; the simulator keeps a fit per
//! agent and ticket class.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};

use crate::model::{Priority, Ticket, TicketId};
use crate::rules::{
    AgentSpec, AgentStatus, RoutingSpec, RuleFile, ScoreWeights, SkillSpec, Strategy,
};

/// Highest skill level; `skill_fit` divides by it.
pub const MAX_SKILL_LEVEL: u8 = 5;

/// One agent as routing sees it at one instant: the static profile from the
/// rule file plus the live state the caller computed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Candidate<'a> {
    pub id: &'a str,
    pub skills: &'a [SkillSpec],
    /// Every team the agent belongs to: the agent's own `teams` together with
    /// the teams that list the agent in `members` (see [`agent_teams`]).
    pub teams: &'a [&'a str],
    /// Maximum concurrent active tickets.
    pub capacity: u32,
    /// Seniority, 1 (junior) and up.
    pub level: u8,
    /// Effective status: the rule file's, overridden by `triage agents`.
    pub status: AgentStatus,
    /// Whether `now` lies inside the agent's shift calendar (true without one).
    pub on_shift: bool,
    /// Active tickets currently assigned to the agent.
    pub load: u32,
    /// When the agent was last given a ticket, if ever.
    pub last_assigned: Option<DateTime<Utc>>,
}

impl<'a> Candidate<'a> {
    /// A candidate from the rule file's entry: its status, on shift, no load,
    /// never assigned. The caller then sets the live fields.
    pub fn new(spec: &'a AgentSpec, teams: &'a [&'a str]) -> Candidate<'a> {
        Candidate {
            id: spec.id.as_str(),
            skills: &spec.skills,
            teams,
            capacity: spec.capacity,
            level: spec.level,
            status: spec.status,
            on_shift: true,
            load: 0,
            last_assigned: None,
        }
    }

    /// The agent's level in a skill (name compared ignoring ASCII case).
    pub fn skill_level(&self, name: &str) -> Option<u8> {
        self.skills
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
            .map(|s| s.level)
    }

    fn seniority(&self) -> u8 {
        self.level.max(1)
    }
}

/// Every team an agent belongs to: its own `teams`, then the teams whose
/// `members` list it, without repeats.
pub fn agent_teams<'r>(file: &'r RuleFile, agent: &'r AgentSpec) -> Vec<&'r str> {
    let mut teams: Vec<&str> = Vec::with_capacity(agent.teams.len());
    let listed = file
        .teams
        .iter()
        .filter(|team| team.members.iter().any(|m| m.as_str() == agent.id.as_str()));
    for team in agent
        .teams
        .iter()
        .map(|t| t.as_str())
        .chain(listed.map(|t| t.id.as_str()))
    {
        if !teams.contains(&team) {
            teams.push(team);
        }
    }
    teams
}

/// What routing needs to know about a ticket.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TicketView<'a> {
    pub id: TicketId,
    pub priority: Priority,
    /// Required skills: an agent must have all of them.
    pub skills: &'a [String],
    /// Only members of this team may take the ticket.
    pub team: Option<&'a str>,
    /// Earliest open SLA due time, for queue order.
    pub due: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// An agent who must not get the ticket: the current assignee when
    /// escalation re-routes it, the departing agent for `assign --from`.
    pub exclude_agent: Option<&'a str>,
}

impl<'a> TicketView<'a> {
    /// The routing view of a stored ticket (no agent excluded).
    pub fn of(ticket: &'a Ticket) -> TicketView<'a> {
        TicketView {
            id: ticket.id,
            priority: ticket.priority,
            skills: &ticket.skills,
            team: ticket.team.as_deref(),
            due: next_due(ticket),
            created_at: ticket.created_at,
            exclude_agent: None,
        }
    }

    /// The ticket's place in the queue.
    pub fn queue_key(&self) -> QueueKey {
        QueueKey {
            priority: self.priority,
            due: self.due,
            created_at: self.created_at,
            id: self.id,
        }
    }
}

/// The earliest SLA target still open on a ticket: first response until it
/// is given, resolution until resolved, and the current flow step until the
/// flow completes.
pub fn next_due(ticket: &Ticket) -> Option<DateTime<Utc>> {
    let first_response = ticket
        .sla
        .first_response_due
        .filter(|_| ticket.first_response_at.is_none());
    let resolution = ticket
        .sla
        .resolution_due
        .filter(|_| ticket.resolved_at.is_none());
    let step = ticket
        .flow
        .as_ref()
        .filter(|f| !f.completed)
        .and_then(|f| f.step_due);
    [first_response, resolution, step]
        .into_iter()
        .flatten()
        .min()
}

/// A ticket's place in the queue. Orders by priority (P1 first), then SLA
/// due time (earliest first, none last), then `created_at` (oldest first),
/// then id; the smallest key is served first, so a `BinaryHeap` of
/// `Reverse<QueueKey>` pops the next ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct QueueKey {
    pub priority: Priority,
    pub due: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub id: TicketId,
}

impl Ord for QueueKey {
    fn cmp(&self, other: &Self) -> Ordering {
        let due = match (self.due, other.due) {
            (Some(a), Some(b)) => a.cmp(&b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        self.priority
            .cmp(&other.priority)
            .then(due)
            .then(self.created_at.cmp(&other.created_at))
            .then(self.id.cmp(&other.id))
    }
}

impl PartialOrd for QueueKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Queue order of two tickets (`Less`: `a` is served first). See [`QueueKey`].
pub fn queue_order(a: &TicketView<'_>, b: &TicketView<'_>) -> Ordering {
    a.queue_key().cmp(&b.queue_key())
}

/// Sorts tickets into queue order.
pub fn sort_queue(tickets: &mut [TicketView<'_>]) {
    tickets.sort_by_key(TicketView::queue_key);
}

/// The parts of an agent's score for one ticket. They are computed for every
/// strategy (the `--explain` table shows them), but only `score` ranks by
/// `total`. See the module documentation for the formula.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScoreParts {
    /// Mean of level/5 over the required skills, in [0, 1].
    pub skill_fit: f64,
    /// 1 − load/capacity, in [0, 1].
    pub headroom: f64,
    /// Seniority match with the ticket's priority, in (0, 1].
    pub urgency_fit: f64,
    /// `weights.skill × skill_fit`.
    pub skill: f64,
    /// `weights.load × headroom`.
    pub load: f64,
    /// `weights.urgency × urgency_fit`.
    pub urgency: f64,
    /// `skill + load + urgency`.
    pub total: f64,
    /// Sum of the agent's levels in the required skills (the `skill` strategy's fit).
    pub skill_sum: u32,
    /// Skills the agent has that the ticket does not need.
    pub surplus: u32,
}

/// The outcome of routing one ticket. `Copy` and allocation-free.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Decision {
    /// `agent` indexes the candidate slice that was routed over.
    Assigned {
        agent: usize,
        parts: ScoreParts,
    },
    Unroutable(Unroutable),
}

impl Decision {
    /// The chosen candidate's index, if any.
    pub fn agent(&self) -> Option<usize> {
        match self {
            Decision::Assigned { agent, .. } => Some(*agent),
            Decision::Unroutable(_) => None,
        }
    }
}

/// Why no agent could take a ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unroutable {
    pub reason: UnroutableReason,
    /// How many agents passed every filter before the one that stopped them
    /// (for `AtCapacity`: the matching, available agents who are all full).
    pub reached: u32,
}

/// The summary reason of an unroutable ticket: the filter at which the last
/// remaining agents dropped out (filters read in the module's table order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnroutableReason {
    /// The roster is empty.
    NoAgents,
    /// Nobody belongs to the ticket's team.
    WrongTeam,
    /// Nobody (in the team) has all the required skills.
    NoSkillMatch,
    /// Only the excluded agent fits.
    OnlyExcluded,
    /// Every matching agent is offline or on vacation.
    Unavailable,
    /// Every available matching agent is outside their shift.
    OffShift,
    /// Every available matching agent is at capacity.
    AtCapacity,
}

impl UnroutableReason {
    pub fn as_str(self) -> &'static str {
        match self {
            UnroutableReason::NoAgents => "no agents",
            UnroutableReason::WrongTeam => "wrong team",
            UnroutableReason::NoSkillMatch => "no skill match",
            UnroutableReason::OnlyExcluded => "only the excluded agent fits",
            UnroutableReason::Unavailable => "all offline or on vacation",
            UnroutableReason::OffShift => "all off shift",
            UnroutableReason::AtCapacity => "all at capacity",
        }
    }
}

impl fmt::Display for UnroutableReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Unroutable {
    /// A sentence for the user, naming the team and skills involved.
    pub fn message(&self, ticket: &TicketView<'_>) -> String {
        let in_team = ticket
            .team
            .map(|t| format!(" in team {t}"))
            .unwrap_or_default();
        // "all 3 matching agents are ..." or "the only matching agent is ...".
        let (all, agents, are) = if self.reached == 1 {
            ("the only".to_string(), "agent", "is")
        } else {
            (format!("all {}", self.reached), "agents", "are")
        };
        match self.reason {
            UnroutableReason::NoAgents => "no agents in the roster".to_string(),
            UnroutableReason::WrongTeam => format!(
                "no agent belongs to team {}",
                ticket.team.unwrap_or_default()
            ),
            UnroutableReason::NoSkillMatch => {
                let skills = ticket.skills.join(", ");
                if ticket.skills.len() == 1 {
                    format!("no agent{in_team} has skill {skills}")
                } else {
                    format!("no agent{in_team} has all of the skills {skills}")
                }
            }
            UnroutableReason::OnlyExcluded => format!(
                "no agent{in_team} other than {} has the skills",
                ticket.exclude_agent.unwrap_or_default()
            ),
            UnroutableReason::Unavailable => {
                format!("{all} matching {agents} {are} offline or on vacation")
            }
            UnroutableReason::OffShift => {
                format!("{all} available matching {agents} {are} off shift")
            }
            UnroutableReason::AtCapacity => {
                format!("{all} available matching {agents} {are} at capacity")
            }
        }
    }
}

/// Why one agent was filtered out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Exclusion {
    WrongTeam { team: String },
    MissingSkills(Vec<String>),
    Excluded,
    Vacation,
    Offline,
    OffShift,
    AtCapacity { load: u32, capacity: u32 },
}

impl fmt::Display for Exclusion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exclusion::WrongTeam { team } => write!(f, "not in team {team}"),
            Exclusion::MissingSkills(skills) if skills.len() == 1 => {
                write!(f, "missing skill {}", skills[0])
            }
            Exclusion::MissingSkills(skills) => {
                write!(f, "missing skills {}", skills.join(", "))
            }
            Exclusion::Excluded => f.write_str("excluded for this ticket"),
            Exclusion::Vacation => f.write_str("on vacation"),
            Exclusion::Offline => f.write_str("offline"),
            Exclusion::OffShift => f.write_str("off shift"),
            Exclusion::AtCapacity { load, capacity } => {
                write!(f, "at capacity ({load}/{capacity})")
            }
        }
    }
}

/// One agent's row in an explanation.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// Index into the candidate slice.
    pub agent: usize,
    /// Every filter the agent failed, in filter order; empty when eligible.
    pub exclusions: Vec<Exclusion>,
    pub parts: ScoreParts,
    /// Place in the chooser's order among the eligible agents; 1 = chosen.
    pub rank: Option<u32>,
}

impl Verdict {
    pub fn eligible(&self) -> bool {
        self.exclusions.is_empty()
    }
}

/// Everything `--explain` shows for one ticket.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    pub strategy: Strategy,
    pub weights: ScoreWeights,
    /// `L` of the urgency formula: the highest seniority among the eligible
    /// agents (among all agents when none is eligible).
    pub max_level: u8,
    /// One verdict per candidate, in roster order.
    pub verdicts: Vec<Verdict>,
}

// Filter stages as bits, lowest first in the order the summary reads them.
const TEAM: u8 = 1;
const SKILLS: u8 = 1 << 1;
const EXCLUDED: u8 = 1 << 2;
const UNAVAILABLE: u8 = 1 << 3;
const OFF_SHIFT: u8 = 1 << 4;
const FULL: u8 = 1 << 5;

/// How one agent fits one ticket's team and required skills: everything
/// routing learns by comparing names. It depends only on the agent's
/// `teams` and `skills` and the ticket's `team` and `skills`, never on live
/// state, so a caller routing many tickets with the same needs over the
/// same roster computes it once per agent and routes with [`route_fitted`],
/// which then compares no names at all. [`assign_batch`] keeps one list of
/// fits per distinct (team, skills) in its batch; the simulator one per
/// ticket class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fit {
    /// The ticket has no team, or the agent belongs to it.
    pub in_team: bool,
    /// The agent has every required skill (at any level).
    pub has_skills: bool,
    /// Sum of the agent's levels in the required skills, each capped at
    /// [`MAX_SKILL_LEVEL`]; a missing skill counts 0 (the `skill` strategy's fit).
    pub skill_sum: u32,
    /// Skills the agent has that the ticket does not need.
    pub surplus: u32,
}

impl Fit {
    /// The fit by the names: team names compared exactly, skill names
    /// ignoring ASCII case.
    pub fn of(c: &Candidate<'_>, t: &TicketView<'_>) -> Fit {
        let mut has_skills = true;
        let mut skill_sum = 0u32;
        for s in t.skills {
            match c.skill_level(s) {
                Some(level) => skill_sum += u32::from(level.min(MAX_SKILL_LEVEL)),
                None => has_skills = false,
            }
        }
        let surplus = c
            .skills
            .iter()
            .filter(|s| !t.skills.iter().any(|r| r.eq_ignore_ascii_case(&s.name)))
            .count() as u32;
        Fit {
            in_team: t.team.is_none_or(|team| c.teams.contains(&team)),
            has_skills,
            skill_sum,
            surplus,
        }
    }

    /// [`Fit::of`] every candidate, in order: what [`route_fitted`] takes.
    pub fn all(candidates: &[Candidate<'_>], t: &TicketView<'_>) -> Vec<Fit> {
        candidates.iter().map(|c| Fit::of(c, t)).collect()
    }
}

fn unavailable(c: &Candidate<'_>, spec: &RoutingSpec) -> bool {
    match c.status {
        AgentStatus::Online => false,
        AgentStatus::Offline => spec.skip_offline,
        AgentStatus::Vacation => true,
    }
}

fn off_shift(c: &Candidate<'_>, spec: &RoutingSpec) -> bool {
    spec.respect_shifts && !c.on_shift
}

fn full(c: &Candidate<'_>, spec: &RoutingSpec) -> bool {
    spec.skip_full && c.load >= c.capacity
}

fn excluded(c: &Candidate<'_>, t: &TicketView<'_>) -> bool {
    t.exclude_agent == Some(c.id)
}

/// Whether the agent's live state lets it take a ticket now: the status,
/// shift and capacity filters of `spec`, the ones that do not depend on the
/// ticket. Every agent [`route`] assigns passes them.
pub fn passes_state_filters(c: &Candidate<'_>, spec: &RoutingSpec) -> bool {
    !unavailable(c, spec) && !off_shift(c, spec) && !full(c, spec)
}

/// Eligibility with the cheap checks first: the hot path. `fit` is asked
/// only of an agent who passes the others; the fit comes back when the
/// agent is eligible.
fn eligible(
    c: &Candidate<'_>,
    t: &TicketView<'_>,
    spec: &RoutingSpec,
    fit: impl FnOnce() -> Fit,
) -> Option<Fit> {
    if !passes_state_filters(c, spec) || excluded(c, t) {
        return None;
    }
    Some(fit()).filter(|f| f.in_team && f.has_skills)
}

/// Every failed filter as a bit set (no short cut).
fn failed_filters(c: &Candidate<'_>, t: &TicketView<'_>, fit: &Fit, spec: &RoutingSpec) -> u8 {
    let mut bits = 0;
    for (fails, bit) in [
        (!fit.in_team, TEAM),
        (!fit.has_skills, SKILLS),
        (excluded(c, t), EXCLUDED),
        (unavailable(c, spec), UNAVAILABLE),
        (off_shift(c, spec), OFF_SHIFT),
        (full(c, spec), FULL),
    ] {
        if fails {
            bits |= bit;
        }
    }
    bits
}

/// The summary reason when nobody is eligible: the furthest filter any
/// agent reached, with how many reached it.
fn summarise(
    t: &TicketView<'_>,
    candidates: &[Candidate<'_>],
    spec: &RoutingSpec,
    fit: &impl Fn(usize) -> Fit,
) -> Unroutable {
    let mut furthest = 0u8;
    let mut reached = 0u32;
    for (i, c) in candidates.iter().enumerate() {
        let bits = failed_filters(c, t, &fit(i), spec);
        // Nobody is eligible, so at least one bit is set; the lowest set
        // bit is where this agent dropped out.
        let stage = bits & bits.wrapping_neg();
        match stage.cmp(&furthest) {
            Ordering::Greater => {
                furthest = stage;
                reached = 1;
            }
            Ordering::Equal => reached += 1,
            Ordering::Less => {}
        }
    }
    let reason = match furthest {
        0 => UnroutableReason::NoAgents,
        TEAM => UnroutableReason::WrongTeam,
        SKILLS => UnroutableReason::NoSkillMatch,
        EXCLUDED => UnroutableReason::OnlyExcluded,
        UNAVAILABLE => UnroutableReason::Unavailable,
        OFF_SHIFT => UnroutableReason::OffShift,
        _ => UnroutableReason::AtCapacity,
    };
    Unroutable { reason, reached }
}

fn exclusions(
    c: &Candidate<'_>,
    t: &TicketView<'_>,
    fit: &Fit,
    spec: &RoutingSpec,
) -> Vec<Exclusion> {
    let mut out = Vec::new();
    if let Some(team) = t.team.filter(|_| !fit.in_team) {
        out.push(Exclusion::WrongTeam {
            team: team.to_string(),
        });
    }
    if !fit.has_skills {
        let missing = t
            .skills
            .iter()
            .filter(|s| c.skill_level(s).is_none())
            .cloned()
            .collect();
        out.push(Exclusion::MissingSkills(missing));
    }
    if excluded(c, t) {
        out.push(Exclusion::Excluded);
    }
    if unavailable(c, spec) {
        out.push(match c.status {
            AgentStatus::Vacation => Exclusion::Vacation,
            _ => Exclusion::Offline,
        });
    }
    if off_shift(c, spec) {
        out.push(Exclusion::OffShift);
    }
    if full(c, spec) {
        out.push(Exclusion::AtCapacity {
            load: c.load,
            capacity: c.capacity,
        });
    }
    out
}

/// `s / L` for P1/P2, `(L + 1 − s) / L` for P3/P4. An agent more senior than
/// `L` (only possible for an ineligible one in `--explain`) counts as `L = s`.
fn urgency_fit(priority: Priority, level: u8, max_level: u8) -> f64 {
    let s = f64::from(level.max(1));
    let l = f64::from(max_level.max(level).max(1));
    match priority {
        Priority::P1 | Priority::P2 => s / l,
        Priority::P3 | Priority::P4 => (l + 1.0 - s) / l,
    }
}

/// Score parts of one agent for one ticket; `max_level` is `L`.
pub fn score_parts(
    c: &Candidate<'_>,
    t: &TicketView<'_>,
    weights: &ScoreWeights,
    max_level: u8,
) -> ScoreParts {
    parts(c, t, &Fit::of(c, t), weights, max_level)
}

/// [`score_parts`] from the agent's [`Fit`] for the ticket.
fn parts(
    c: &Candidate<'_>,
    t: &TicketView<'_>,
    fit: &Fit,
    weights: &ScoreWeights,
    max_level: u8,
) -> ScoreParts {
    let skill_fit = if t.skills.is_empty() {
        1.0
    } else {
        f64::from(fit.skill_sum) / (f64::from(MAX_SKILL_LEVEL) * t.skills.len() as f64)
    };
    let headroom = if c.capacity == 0 {
        0.0
    } else {
        (1.0 - f64::from(c.load) / f64::from(c.capacity)).clamp(0.0, 1.0)
    };
    let urgency_fit = urgency_fit(t.priority, c.level, max_level);
    let skill = weights.skill * skill_fit;
    let load = weights.load * headroom;
    let urgency = weights.urgency * urgency_fit;
    ScoreParts {
        skill_fit,
        headroom,
        urgency_fit,
        skill,
        load,
        urgency,
        total: skill + load + urgency,
        skill_sum: fit.skill_sum,
        surplus: fit.surplus,
    }
}

/// What a chooser compares; `total` stays zero unless the strategy is `score`.
#[derive(Clone, Copy, Debug)]
struct Key {
    index: usize,
    load: u32,
    capacity: u32,
    last: Option<DateTime<Utc>>,
    skill_sum: u32,
    surplus: u32,
    total: f64,
}

impl Key {
    /// The key of candidate `index`; `parts` (its score parts for the
    /// ticket) is asked only by `score`.
    fn new(
        strategy: Strategy,
        index: usize,
        c: &Candidate<'_>,
        fit: &Fit,
        parts: impl FnOnce() -> ScoreParts,
    ) -> Key {
        Key {
            index,
            load: c.load,
            capacity: c.capacity,
            last: c.last_assigned,
            skill_sum: fit.skill_sum,
            surplus: fit.surplus,
            total: if strategy == Strategy::Score {
                parts().total
            } else {
                0.0
            },
        }
    }
}

/// `load / capacity`, lower first, compared exactly; capacity 0 is the
/// fullest of all.
fn load_ratio_cmp(a: &Key, b: &Key) -> Ordering {
    match (a.capacity, b.capacity) {
        (0, 0) => a.load.cmp(&b.load),
        (0, _) => Ordering::Greater,
        (_, 0) => Ordering::Less,
        (ca, cb) => (u64::from(a.load) * u64::from(cb)).cmp(&(u64::from(b.load) * u64::from(ca))),
    }
}

/// The chooser's order: `Less` means `a` is preferred.
fn chooser_cmp(strategy: Strategy, a: &Key, b: &Key) -> Ordering {
    let main = match strategy {
        Strategy::RoundRobin => Ordering::Equal,
        Strategy::LeastLoaded => load_ratio_cmp(a, b),
        Strategy::Skill => b
            .skill_sum
            .cmp(&a.skill_sum)
            .then(a.surplus.cmp(&b.surplus))
            .then_with(|| load_ratio_cmp(a, b)),
        Strategy::Score => b
            .total
            .total_cmp(&a.total)
            .then_with(|| load_ratio_cmp(a, b)),
    };
    // `None < Some`: never-assigned agents come first.
    main.then_with(|| a.last.cmp(&b.last))
        .then_with(|| a.index.cmp(&b.index))
}

/// Highest seniority among the eligible agents, `None` when nobody is eligible.
fn max_eligible_level(
    t: &TicketView<'_>,
    candidates: &[Candidate<'_>],
    spec: &RoutingSpec,
    fit: &impl Fn(usize) -> Fit,
) -> Option<u8> {
    candidates
        .iter()
        .enumerate()
        .filter(|&(i, c)| eligible(c, t, spec, || fit(i)).is_some())
        .map(|(_, c)| c.seniority())
        .max()
}

/// Routes one ticket over the roster: filters, then the strategy of `spec`
/// chooses. Does not allocate. The caller records the assignment (load + 1,
/// `last_assigned`), or uses [`assign_batch`], which does. Compares the
/// names of every agent it considers; [`route_fitted`] makes the same
/// decision from fits computed beforehand.
pub fn route(t: &TicketView<'_>, candidates: &[Candidate<'_>], spec: &RoutingSpec) -> Decision {
    route_by(t, candidates, spec, |i| Fit::of(&candidates[i], t))
}

/// [`route`] with every candidate's [`Fit`] for this ticket given
/// (`fits[i]` is [`Fit::of`] `candidates[i]` and a ticket with this one's
/// team and skills): the same decision, without comparing names. Does not
/// allocate.
///
/// # Panics
///
/// When `fits` and `candidates` differ in length.
pub fn route_fitted(
    t: &TicketView<'_>,
    candidates: &[Candidate<'_>],
    fits: &[Fit],
    spec: &RoutingSpec,
) -> Decision {
    assert_eq!(fits.len(), candidates.len(), "one fit per candidate");
    route_by(t, candidates, spec, |i| fits[i])
}

/// The router behind [`route`] and [`route_fitted`]: `fit(i)` is the fit
/// of candidate `i`, asked only of agents who pass the state filters.
fn route_by(
    t: &TicketView<'_>,
    candidates: &[Candidate<'_>],
    spec: &RoutingSpec,
    fit: impl Fn(usize) -> Fit,
) -> Decision {
    let strategy = spec.strategy;
    // Only `score` needs `L` before it can rank; the others learn it on the way.
    let known_level = if strategy == Strategy::Score {
        match max_eligible_level(t, candidates, spec, &fit) {
            Some(level) => level,
            None => return Decision::Unroutable(summarise(t, candidates, spec, &fit)),
        }
    } else {
        0
    };
    let mut best: Option<(Key, Fit)> = None;
    let mut max_level = known_level;
    for (index, c) in candidates.iter().enumerate() {
        let Some(f) = eligible(c, t, spec, || fit(index)) else {
            continue;
        };
        max_level = max_level.max(c.seniority());
        let key = Key::new(strategy, index, c, &f, || {
            parts(c, t, &f, &spec.weights, known_level)
        });
        if best
            .as_ref()
            .is_none_or(|(b, _)| chooser_cmp(strategy, &key, b) == Ordering::Less)
        {
            best = Some((key, f));
        }
    }
    match best {
        Some((key, f)) => Decision::Assigned {
            agent: key.index,
            parts: parts(&candidates[key.index], t, &f, &spec.weights, max_level),
        },
        None => Decision::Unroutable(summarise(t, candidates, spec, &fit)),
    }
}

/// Routes one ticket and explains it: every agent's filter verdicts, score
/// parts and rank. The decision is the one [`route`] returns.
pub fn explain(
    t: &TicketView<'_>,
    candidates: &[Candidate<'_>],
    spec: &RoutingSpec,
) -> (Decision, Explanation) {
    let fits = Fit::all(candidates, t);
    let fit = |i: usize| fits[i];
    let decision = route_fitted(t, candidates, &fits, spec);
    let eligible_level = max_eligible_level(t, candidates, spec, &fit);
    let max_level = eligible_level
        .or_else(|| candidates.iter().map(Candidate::seniority).max())
        .unwrap_or(1);
    let mut verdicts: Vec<Verdict> = candidates
        .iter()
        .zip(&fits)
        .enumerate()
        .map(|(agent, (c, f))| Verdict {
            agent,
            exclusions: exclusions(c, t, f, spec),
            parts: parts(c, t, f, &spec.weights, max_level),
            rank: None,
        })
        .collect();
    let mut keys: Vec<Key> = candidates
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let f = eligible(c, t, spec, || fits[i])?;
            Some(Key::new(spec.strategy, i, c, &f, || verdicts[i].parts))
        })
        .collect();
    keys.sort_by(|a, b| chooser_cmp(spec.strategy, a, b));
    for (rank, key) in keys.iter().enumerate() {
        verdicts[key.index].rank = Some(rank as u32 + 1);
    }
    let explanation = Explanation {
        strategy: spec.strategy,
        weights: spec.weights,
        max_level,
        verdicts,
    };
    (decision, explanation)
}

/// Stamps assignments with strictly increasing instants, so round-robin
/// rotates even when many assignments share one `now` (a batch, or
/// simultaneous events in the simulator). A tick is `now`, or 1 µs after
/// the previous tick if that is not earlier than `now`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LogicalClock {
    last: Option<DateTime<Utc>>,
}

impl LogicalClock {
    /// A clock that ticks after every `last_assigned` of the roster.
    pub fn after(candidates: &[Candidate<'_>]) -> LogicalClock {
        LogicalClock {
            last: candidates.iter().filter_map(|c| c.last_assigned).max(),
        }
    }

    /// The next instant: `now`, or just after the previous tick.
    pub fn tick(&mut self, now: DateTime<Utc>) -> DateTime<Utc> {
        let at = match self.last {
            Some(last) if last >= now => last
                .checked_add_signed(TimeDelta::microseconds(1))
                .unwrap_or(last),
            _ => now,
        };
        self.last = Some(at);
        at
    }
}

fn run_batch<'t, T>(
    tickets: &[TicketView<'t>],
    candidates: &mut [Candidate<'_>],
    now: DateTime<Utc>,
    mut route_one: impl FnMut(&TicketView<'t>, &[Candidate<'_>]) -> (Decision, T),
) -> Vec<(Decision, T)> {
    let mut order: Vec<usize> = (0..tickets.len()).collect();
    order.sort_by_key(|&i| tickets[i].queue_key());
    let mut clock = LogicalClock::after(candidates);
    let mut out: Vec<Option<(Decision, T)>> = (0..tickets.len()).map(|_| None).collect();
    for i in order {
        let (decision, extra) = route_one(&tickets[i], candidates);
        if let Decision::Assigned { agent, .. } = decision {
            let c = &mut candidates[agent];
            c.load = c.load.saturating_add(1);
            c.last_assigned = Some(clock.tick(now));
        }
        out[i] = Some((decision, extra));
    }
    out.into_iter().flatten().collect()
}

/// The roster's fits for each distinct (team, skills) a batch has met so
/// far: a batch's tickets mostly share a few, and an agent's fit does not
/// change within a batch (only load and `last_assigned` do).
#[derive(Default)]
struct FitCache<'t> {
    lists: HashMap<(Option<&'t str>, &'t [String]), Vec<Fit>>,
}

impl<'t> FitCache<'t> {
    /// At most this many lists are kept (a few hundred kB for a large
    /// roster), so a batch of all-different tickets does not grow without
    /// bound.
    const LIMIT: usize = 256;

    fn get(&mut self, t: &TicketView<'t>, candidates: &[Candidate<'_>]) -> &[Fit] {
        let needs = (t.team, t.skills);
        if self.lists.len() >= Self::LIMIT && !self.lists.contains_key(&needs) {
            self.lists.clear();
        }
        self.lists
            .entry(needs)
            .or_insert_with(|| Fit::all(candidates, t))
    }
}

/// Assigns tickets in queue order, one at a time, adding each assignment to
/// the chosen agent's `load` and stamping its `last_assigned` from a
/// [`LogicalClock`] started at `now`, so later tickets see the earlier ones.
/// Returns one decision per ticket, in the order of `tickets`. Afterwards
/// the caller persists the candidates' `last_assigned`.
pub fn assign_batch(
    tickets: &[TicketView<'_>],
    candidates: &mut [Candidate<'_>],
    spec: &RoutingSpec,
    now: DateTime<Utc>,
) -> Vec<Decision> {
    let mut fits = FitCache::default();
    run_batch(tickets, candidates, now, |t, c| {
        (route_fitted(t, c, fits.get(t, c), spec), ())
    })
    .into_iter()
    .map(|(d, ())| d)
    .collect()
}

/// [`assign_batch`] with an [`Explanation`] per ticket, taken in the state
/// the roster was in when that ticket's turn came.
pub fn assign_batch_explained(
    tickets: &[TicketView<'_>],
    candidates: &mut [Candidate<'_>],
    spec: &RoutingSpec,
    now: DateTime<Utc>,
) -> Vec<(Decision, Explanation)> {
    run_batch(tickets, candidates, now, |t, c| explain(t, c, spec))
}

/// Counts heap allocations per thread, so a test can prove the hot path
/// allocates nothing. Test builds only; it delegates to the system allocator.
#[cfg(test)]
mod alloc_count {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    thread_local! {
        static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
    }

    fn count() {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
    }

    pub struct Counting;

    // SAFETY: every call is forwarded unchanged to `System`.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            count();
            unsafe { System.alloc(layout) }
        }
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            count();
            unsafe { System.alloc_zeroed(layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            count();
            unsafe { System.realloc(ptr, layout, new_size) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    #[global_allocator]
    static GLOBAL: Counting = Counting;

    /// Allocations made by this thread so far.
    pub fn allocations() -> u64 {
        ALLOCATIONS.with(|n| n.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::{any, prop, prop_assert, prop_assert_eq, proptest, ProptestConfig};

    fn at(minute: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap() + TimeDelta::minutes(minute)
    }

    fn strings(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    /// An owned agent the candidates borrow from.
    #[derive(Clone, Debug)]
    struct Agent {
        id: String,
        skills: Vec<SkillSpec>,
        teams: Vec<&'static str>,
        capacity: u32,
        level: u8,
        status: AgentStatus,
        on_shift: bool,
        load: u32,
        last: Option<DateTime<Utc>>,
    }

    fn agent(id: &str) -> Agent {
        Agent {
            id: id.to_string(),
            skills: Vec::new(),
            teams: Vec::new(),
            capacity: 5,
            level: 1,
            status: AgentStatus::Online,
            on_shift: true,
            load: 0,
            last: None,
        }
    }

    impl Agent {
        fn skill(mut self, name: &str, level: u8) -> Agent {
            self.skills.push(SkillSpec {
                name: name.to_string(),
                level,
            });
            self
        }
        fn team(mut self, team: &'static str) -> Agent {
            self.teams.push(team);
            self
        }
        fn capacity(mut self, capacity: u32) -> Agent {
            self.capacity = capacity;
            self
        }
        fn level(mut self, level: u8) -> Agent {
            self.level = level;
            self
        }
        fn status(mut self, status: AgentStatus) -> Agent {
            self.status = status;
            self
        }
        fn off_shift(mut self) -> Agent {
            self.on_shift = false;
            self
        }
        fn load(mut self, load: u32) -> Agent {
            self.load = load;
            self
        }
        fn last(mut self, minute: i64) -> Agent {
            self.last = Some(at(minute));
            self
        }
    }

    fn candidates(agents: &[Agent]) -> Vec<Candidate<'_>> {
        agents
            .iter()
            .map(|a| Candidate {
                id: &a.id,
                skills: &a.skills,
                teams: &a.teams,
                capacity: a.capacity,
                level: a.level,
                status: a.status,
                on_shift: a.on_shift,
                load: a.load,
                last_assigned: a.last,
            })
            .collect()
    }

    fn ticket(id: TicketId, priority: Priority, skills: &[String]) -> TicketView<'_> {
        TicketView {
            id,
            priority,
            skills,
            team: None,
            due: None,
            created_at: at(0),
            exclude_agent: None,
        }
    }

    fn spec(strategy: Strategy) -> RoutingSpec {
        RoutingSpec {
            strategy,
            ..RoutingSpec::default()
        }
    }

    fn chosen(decision: Decision, cands: &[Candidate<'_>]) -> String {
        match decision {
            Decision::Assigned { agent, .. } => cands[agent].id.to_string(),
            Decision::Unroutable(u) => format!("unroutable: {}", u.reason),
        }
    }

    fn unroutable(decision: Decision) -> Unroutable {
        match decision {
            Decision::Unroutable(u) => u,
            other => panic!("expected unroutable, got {other:?}"),
        }
    }

    // ---- filters ----

    #[test]
    fn each_filter_names_its_reason() {
        let agents = vec![
            agent("no-refund").skill("billing", 3).team("billing"),
            agent("tech-team")
                .skill("billing", 3)
                .skill("refund", 3)
                .team("tech"),
            agent("offline")
                .skill("billing", 3)
                .skill("refund", 3)
                .team("billing")
                .status(AgentStatus::Offline),
            agent("vacation")
                .skill("billing", 3)
                .skill("refund", 3)
                .team("billing")
                .status(AgentStatus::Vacation),
            agent("night")
                .skill("billing", 3)
                .skill("refund", 3)
                .team("billing")
                .off_shift(),
            agent("full")
                .skill("billing", 3)
                .skill("refund", 3)
                .team("billing")
                .capacity(2)
                .load(2),
            agent("bare").team("billing"),
            agent("ok")
                .skill("Billing", 3)
                .skill("refund", 3)
                .team("billing"),
        ];
        let cands = candidates(&agents);
        let skills = strings(&["billing", "refund"]);
        let t = TicketView {
            team: Some("billing"),
            ..ticket(1, Priority::P3, &skills)
        };
        let (decision, why) = explain(&t, &cands, &spec(Strategy::Score));
        assert_eq!(chosen(decision, &cands), "ok");
        let shown: Vec<String> = why
            .verdicts
            .iter()
            .map(|v| {
                v.exclusions
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .collect();
        assert_eq!(
            shown,
            [
                "missing skill refund",
                "not in team billing",
                "offline",
                "on vacation",
                "off shift",
                "at capacity (2/2)",
                "missing skills billing, refund",
                "",
            ]
        );
        assert_eq!(
            why.verdicts[0].exclusions,
            [Exclusion::MissingSkills(strings(&["refund"]))]
        );
        assert_eq!(why.verdicts[7].rank, Some(1));
        assert!(why.verdicts[..7].iter().all(|v| v.rank.is_none()));
    }

    #[test]
    fn an_agent_failing_several_filters_shows_them_all() {
        let agents = vec![agent("a")
            .team("tech")
            .status(AgentStatus::Offline)
            .off_shift()
            .capacity(1)
            .load(1)];
        let cands = candidates(&agents);
        let skills = strings(&["billing"]);
        let t = TicketView {
            team: Some("billing"),
            exclude_agent: Some("a"),
            ..ticket(1, Priority::P3, &skills)
        };
        let (_, why) = explain(&t, &cands, &spec(Strategy::Score));
        assert_eq!(
            why.verdicts[0].exclusions,
            [
                Exclusion::WrongTeam {
                    team: "billing".into()
                },
                Exclusion::MissingSkills(strings(&["billing"])),
                Exclusion::Excluded,
                Exclusion::Offline,
                Exclusion::OffShift,
                Exclusion::AtCapacity {
                    load: 1,
                    capacity: 1
                },
            ]
        );
    }

    #[test]
    fn switched_off_filters_admit_offline_full_and_off_shift_agents_but_never_vacation() {
        let agents = vec![
            agent("vacation").status(AgentStatus::Vacation),
            agent("offline").status(AgentStatus::Offline).last(3),
            agent("full").capacity(1).load(1).last(2),
            agent("night").off_shift().last(1),
        ];
        let cands = candidates(&agents);
        let skills = Vec::new();
        let t = ticket(1, Priority::P3, &skills);
        let strict = spec(Strategy::RoundRobin);
        // "full" is online and on shift, so it got furthest: the ticket waits for capacity.
        assert_eq!(
            unroutable(route(&t, &cands, &strict)).reason,
            UnroutableReason::AtCapacity
        );
        let lax = RoutingSpec {
            skip_offline: false,
            skip_full: false,
            respect_shifts: false,
            ..strict.clone()
        };
        let (_, why) = explain(&t, &cands, &lax);
        let eligible: Vec<bool> = why.verdicts.iter().map(Verdict::eligible).collect();
        assert_eq!(eligible, [false, true, true, true]);
        assert_eq!(why.verdicts[0].exclusions, [Exclusion::Vacation]);
        // Round-robin among the three admitted: "night" was assigned longest ago.
        assert_eq!(chosen(route(&t, &cands, &lax), &cands), "night");
        // Each switch admits only its own kind.
        let only_offline = RoutingSpec {
            skip_offline: false,
            ..strict.clone()
        };
        assert_eq!(chosen(route(&t, &cands, &only_offline), &cands), "offline");
        let only_full = RoutingSpec {
            skip_full: false,
            ..strict.clone()
        };
        assert_eq!(chosen(route(&t, &cands, &only_full), &cands), "full");
        let only_shift = RoutingSpec {
            respect_shifts: false,
            ..strict
        };
        assert_eq!(chosen(route(&t, &cands, &only_shift), &cands), "night");
    }

    #[test]
    fn vacation_is_excluded_whatever_the_switches() {
        let agents = vec![agent("away").status(AgentStatus::Vacation).level(5)];
        let cands = candidates(&agents);
        let skills = Vec::new();
        let t = ticket(1, Priority::P1, &skills);
        for strategy in Strategy::ALL {
            let lax = RoutingSpec {
                strategy,
                skip_offline: false,
                skip_full: false,
                respect_shifts: false,
                ..RoutingSpec::default()
            };
            let u = unroutable(route(&t, &cands, &lax));
            assert_eq!(u.reason, UnroutableReason::Unavailable, "{strategy:?}");
        }
    }

    #[test]
    fn excluded_agent_is_routed_around() {
        let agents = vec![
            agent("current").skill("billing", 5),
            agent("other").skill("billing", 2),
        ];
        let cands = candidates(&agents);
        let skills = strings(&["billing"]);
        let mut t = ticket(1, Priority::P3, &skills);
        assert_eq!(
            chosen(route(&t, &cands, &spec(Strategy::Skill)), &cands),
            "current"
        );
        t.exclude_agent = Some("current");
        assert_eq!(
            chosen(route(&t, &cands, &spec(Strategy::Skill)), &cands),
            "other"
        );
        let only = candidates(&agents[..1]);
        let u = unroutable(route(&t, &only, &spec(Strategy::Skill)));
        assert_eq!(u.reason, UnroutableReason::OnlyExcluded);
        assert_eq!(u.message(&t), "no agent other than current has the skills");
    }

    // ---- unroutable summaries ----

    #[test]
    fn unroutable_summary_reasons() {
        let skills = strings(&["billing"]);
        let in_billing = TicketView {
            team: Some("billing"),
            ..ticket(1, Priority::P2, &skills)
        };
        let no_team = ticket(1, Priority::P2, &skills);
        let s = spec(Strategy::Score);
        let case = |agents: Vec<Agent>, t: &TicketView<'_>| {
            let cands = candidates(&agents);
            let u = unroutable(route(t, &cands, &s));
            (u.reason, u.reached, u.message(t))
        };

        assert_eq!(
            case(vec![], &no_team),
            (
                UnroutableReason::NoAgents,
                0,
                "no agents in the roster".into()
            )
        );
        assert_eq!(
            case(
                vec![agent("a").skill("billing", 3).team("tech")],
                &in_billing
            ),
            (
                UnroutableReason::WrongTeam,
                1,
                "no agent belongs to team billing".into()
            )
        );
        assert_eq!(
            case(
                vec![
                    agent("a").skill("tech", 3).team("billing"),
                    agent("b").skill("billing", 3).team("tech"),
                ],
                &in_billing
            ),
            (
                UnroutableReason::NoSkillMatch,
                1,
                "no agent in team billing has skill billing".into()
            )
        );
        assert_eq!(
            case(
                vec![
                    agent("a").skill("billing", 3).status(AgentStatus::Offline),
                    agent("b").skill("billing", 3).status(AgentStatus::Vacation),
                    agent("c").skill("tech", 3),
                ],
                &no_team
            ),
            (
                UnroutableReason::Unavailable,
                2,
                "all 2 matching agents are offline or on vacation".into()
            )
        );
        assert_eq!(
            case(
                vec![
                    agent("a").skill("billing", 3).off_shift(),
                    agent("b").skill("billing", 3).status(AgentStatus::Offline),
                ],
                &no_team
            ),
            (
                UnroutableReason::OffShift,
                1,
                "the only available matching agent is off shift".into(),
            )
        );
        assert_eq!(
            case(
                vec![
                    agent("a").skill("billing", 3).capacity(2).load(2),
                    agent("b").skill("billing", 3).capacity(1).load(3),
                ],
                &no_team
            ),
            (
                UnroutableReason::AtCapacity,
                2,
                "all 2 available matching agents are at capacity".into()
            )
        );
    }

    #[test]
    fn most_telling_reason_is_the_filter_that_emptied_the_pool() {
        // One matching agent offline, one full, one without the skill: the
        // ticket waits for capacity, not for skills or presence.
        let agents = vec![
            agent("away")
                .skill("billing", 3)
                .status(AgentStatus::Offline),
            agent("busy").skill("billing", 3).capacity(1).load(1),
            agent("wrong").skill("tech", 3),
        ];
        let cands = candidates(&agents);
        let skills = strings(&["billing"]);
        let t = ticket(1, Priority::P3, &skills);
        let u = unroutable(route(&t, &cands, &spec(Strategy::LeastLoaded)));
        assert_eq!((u.reason, u.reached), (UnroutableReason::AtCapacity, 1));
        // Several skills nobody holds together.
        let both = strings(&["billing", "tech"]);
        let t = ticket(1, Priority::P3, &both);
        let u = unroutable(route(&t, &cands, &spec(Strategy::LeastLoaded)));
        assert_eq!(u.reason, UnroutableReason::NoSkillMatch);
        assert_eq!(
            u.message(&t),
            "no agent has all of the skills billing, tech"
        );
    }

    // ---- choosers ----

    #[test]
    fn skill_prefers_the_higher_level_then_the_specialist() {
        let agents = vec![
            agent("generalist")
                .skill("billing", 3)
                .skill("tech", 3)
                .skill("refund", 3),
            agent("junior-specialist").skill("billing", 3),
            agent("senior").skill("billing", 5).skill("tech", 2),
        ];
        let cands = candidates(&agents);
        let skills = strings(&["billing"]);
        let t = ticket(1, Priority::P3, &skills);
        let s = spec(Strategy::Skill);
        // Level 5 beats level 3, whatever the surplus.
        assert_eq!(chosen(route(&t, &cands, &s), &cands), "senior");
        // At equal fit, the one with fewer surplus skills.
        let without_senior = candidates(&agents[..2]);
        assert_eq!(
            chosen(route(&t, &without_senior, &s), &without_senior),
            "junior-specialist"
        );
        let (_, why) = explain(&t, &without_senior, &s);
        assert_eq!(why.verdicts[0].parts.surplus, 2);
        assert_eq!(why.verdicts[1].parts.surplus, 0);
        assert_eq!(why.verdicts[0].rank, Some(2));
        // At equal fit and surplus, the lower load ratio.
        let agents = vec![
            agent("a").skill("billing", 4).capacity(4).load(2),
            agent("b").skill("billing", 4).capacity(4).load(1),
        ];
        let cands = candidates(&agents);
        assert_eq!(chosen(route(&t, &cands, &s), &cands), "b");
    }

    #[test]
    fn score_parts_sum_with_the_weights() {
        let agents = vec![
            agent("a")
                .skill("billing", 4)
                .skill("tech", 2)
                .capacity(4)
                .load(1)
                .level(2),
            agent("b").skill("billing", 5).skill("tech", 5).level(4),
        ];
        let cands = candidates(&agents);
        let skills = strings(&["billing", "tech"]);
        let t = ticket(1, Priority::P1, &skills);
        let s = RoutingSpec {
            weights: ScoreWeights {
                skill: 0.7,
                load: 0.2,
                urgency: 0.1,
            },
            ..spec(Strategy::Score)
        };
        let (decision, why) = explain(&t, &cands, &s);
        assert_eq!(why.max_level, 4);
        let a = why.verdicts[0].parts;
        assert!((a.skill_fit - 0.6).abs() < 1e-12, "{a:?}"); // (4/5 + 2/5) / 2
        assert!((a.headroom - 0.75).abs() < 1e-12);
        assert!((a.urgency_fit - 0.5).abs() < 1e-12); // level 2 of L = 4
        assert!((a.skill - 0.7 * 0.6).abs() < 1e-12);
        assert!((a.load - 0.2 * 0.75).abs() < 1e-12);
        assert!((a.urgency - 0.1 * 0.5).abs() < 1e-12);
        for v in &why.verdicts {
            let p = v.parts;
            let expected = 0.7 * p.skill_fit + 0.2 * p.headroom + 0.1 * p.urgency_fit;
            assert!((p.total - expected).abs() < 1e-12);
            assert!((p.total - (p.skill + p.load + p.urgency)).abs() < 1e-12);
        }
        assert_eq!(chosen(decision, &cands), "b");
        match decision {
            Decision::Assigned { parts, .. } => assert_eq!(parts, why.verdicts[1].parts),
            Decision::Unroutable(_) => unreachable!(),
        }
        // No required skill: full fit for everyone.
        let none = Vec::new();
        let t = ticket(1, Priority::P3, &none);
        let (_, why) = explain(&t, &cands, &s);
        assert!(why.verdicts.iter().all(|v| v.parts.skill_fit == 1.0));
    }

    #[test]
    fn score_sends_urgent_work_to_seniors_and_routine_work_to_juniors() {
        let agents = vec![agent("junior").level(1), agent("senior").level(3)];
        let cands = candidates(&agents);
        let none = Vec::new();
        let s = RoutingSpec {
            weights: ScoreWeights {
                skill: 0.0,
                load: 0.0,
                urgency: 1.0,
            },
            ..spec(Strategy::Score)
        };
        for (priority, want, fit) in [
            (Priority::P1, "senior", 1.0),
            (Priority::P2, "senior", 1.0),
            (Priority::P3, "junior", 1.0),
            (Priority::P4, "junior", 1.0),
        ] {
            let t = ticket(1, priority, &none);
            let (decision, why) = explain(&t, &cands, &s);
            assert_eq!(chosen(decision, &cands), want, "{priority}");
            let winner = why.verdicts.iter().find(|v| v.rank == Some(1)).unwrap();
            assert_eq!(winner.parts.urgency_fit, fit);
        }
        // P4: the senior's juniority is (3 + 1 − 3) / 3.
        let t = ticket(1, Priority::P4, &none);
        let (_, why) = explain(&t, &cands, &s);
        assert!((why.verdicts[1].parts.urgency_fit - 1.0 / 3.0).abs() < 1e-12);
        // L is taken over the eligible agents: with the senior away, the
        // junior is the most senior present.
        let agents = vec![
            agent("junior").level(1),
            agent("senior").level(3).status(AgentStatus::Vacation),
        ];
        let cands = candidates(&agents);
        let t = ticket(1, Priority::P1, &none);
        match route(&t, &cands, &s) {
            Decision::Assigned { agent, parts } => {
                assert_eq!(agent, 0);
                assert_eq!(parts.urgency_fit, 1.0);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn score_ties_go_to_the_lower_load_then_roster_order() {
        // Same parts, different load ratio is impossible with equal
        // capacity; equal everything falls to roster order.
        let agents = vec![agent("a"), agent("b")];
        let cands = candidates(&agents);
        let none = Vec::new();
        let t = ticket(1, Priority::P3, &none);
        assert_eq!(
            chosen(route(&t, &cands, &spec(Strategy::Score)), &cands),
            "a"
        );
        // Load weight 0: headroom cannot separate them, the load ratio does.
        let agents = vec![agent("a").load(2), agent("b").load(1)];
        let cands = candidates(&agents);
        let s = RoutingSpec {
            weights: ScoreWeights {
                skill: 1.0,
                load: 0.0,
                urgency: 0.0,
            },
            ..spec(Strategy::Score)
        };
        assert_eq!(chosen(route(&t, &cands, &s), &cands), "b");
    }

    #[test]
    fn round_robin_prefers_never_assigned_then_longest_ago() {
        let agents = vec![
            agent("recent").last(30),
            agent("old").last(5),
            agent("never-1"),
            agent("never-2"),
        ];
        let cands = candidates(&agents);
        let none = Vec::new();
        let t = ticket(1, Priority::P3, &none);
        let s = spec(Strategy::RoundRobin);
        assert_eq!(chosen(route(&t, &cands, &s), &cands), "never-1");
        let (_, why) = explain(&t, &cands, &s);
        let ranks: Vec<Option<u32>> = why.verdicts.iter().map(|v| v.rank).collect();
        assert_eq!(ranks, [Some(4), Some(3), Some(1), Some(2)]);
    }

    #[test]
    fn round_robin_batch_rotates_within_one_instant() {
        let mut agents = vec![agent("a"), agent("b"), agent("c")];
        // A previous run stamped "c" a little in the future of this `now`.
        agents[2].last = Some(at(10) + TimeDelta::microseconds(2));
        let mut cands = candidates(&agents);
        let none = Vec::new();
        let tickets: Vec<TicketView<'_>> =
            (1..=6).map(|id| ticket(id, Priority::P3, &none)).collect();
        let decisions = assign_batch(&tickets, &mut cands, &spec(Strategy::RoundRobin), at(10));
        let order: Vec<String> = decisions.iter().map(|d| chosen(*d, &cands)).collect();
        assert_eq!(order, ["a", "b", "c", "a", "b", "c"]);
        let stamps: Vec<_> = cands.iter().map(|c| c.last_assigned.unwrap()).collect();
        assert!(stamps[0] < stamps[1] && stamps[1] < stamps[2]);
        assert!(stamps[0] > at(10) + TimeDelta::microseconds(2));
        assert!(cands.iter().all(|c| c.load == 2));
    }

    #[test]
    fn least_loaded_compares_load_ratios() {
        let agents = vec![
            agent("half-of-ten").capacity(10).load(5),
            agent("third-of-three").capacity(3).load(1),
            agent("half-of-two").capacity(2).load(1).last(1),
            agent("half-of-four").capacity(4).load(2),
        ];
        let cands = candidates(&agents);
        let none = Vec::new();
        let t = ticket(1, Priority::P3, &none);
        let s = spec(Strategy::LeastLoaded);
        assert_eq!(chosen(route(&t, &cands, &s), &cands), "third-of-three");
        // Equal ratios 1/2: never-assigned first, then roster order.
        let (_, why) = explain(&t, &cands, &s);
        let ranks: Vec<Option<u32>> = why.verdicts.iter().map(|v| v.rank).collect();
        assert_eq!(ranks, [Some(2), Some(1), Some(4), Some(3)]);
    }

    // ---- queue order and batches ----

    #[test]
    fn queue_order_is_priority_then_due_then_age_then_id() {
        let none = Vec::new();
        let mk = |id, priority, due: Option<i64>, created: i64| TicketView {
            due: due.map(at),
            created_at: at(created),
            ..ticket(id, priority, &none)
        };
        let mut queue = vec![
            mk(1, Priority::P3, None, 0),
            mk(2, Priority::P3, Some(50), 9),
            mk(3, Priority::P1, None, 99),
            mk(4, Priority::P3, Some(40), 10),
            mk(5, Priority::P3, None, -5),
            mk(6, Priority::P3, None, -5),
            mk(7, Priority::P2, Some(500), 0),
        ];
        sort_queue(&mut queue);
        let ids: Vec<TicketId> = queue.iter().map(|t| t.id).collect();
        assert_eq!(ids, [3, 7, 4, 2, 5, 6, 1]);
        assert_eq!(queue_order(&queue[0], &queue[1]), Ordering::Less);
    }

    #[test]
    fn batch_serves_a_late_p1_before_earlier_p4s_when_capacity_is_short() {
        let agents = vec![agent("only").capacity(2)];
        let mut cands = candidates(&agents);
        let none = Vec::new();
        let mut tickets: Vec<TicketView<'_>> = (1..=4)
            .map(|id| TicketView {
                created_at: at(id as i64),
                ..ticket(id, Priority::P4, &none)
            })
            .collect();
        tickets.push(TicketView {
            created_at: at(60),
            ..ticket(5, Priority::P1, &none)
        });
        let decisions = assign_batch(&tickets, &mut cands, &spec(Strategy::Score), at(61));
        let assigned: Vec<bool> = decisions.iter().map(|d| d.agent().is_some()).collect();
        // The P1 and the oldest P4; the rest wait for capacity.
        assert_eq!(assigned, [true, false, false, false, true]);
        assert_eq!(
            unroutable(decisions[1]).reason,
            UnroutableReason::AtCapacity
        );
        assert_eq!(cands[0].load, 2);
    }

    #[test]
    fn explained_batch_matches_the_plain_batch() {
        let agents = vec![
            agent("a").skill("billing", 4).capacity(2),
            agent("b").skill("billing", 2).skill("tech", 3).capacity(2),
            agent("c").skill("tech", 5).capacity(1).level(3),
        ];
        let skills = [strings(&["billing"]), strings(&["tech"]), Vec::new()];
        let tickets: Vec<TicketView<'_>> = (0..9)
            .map(|i| TicketView {
                created_at: at(i as i64),
                ..ticket(
                    i + 1,
                    Priority::ALL[i as usize % 4],
                    &skills[i as usize % 3],
                )
            })
            .collect();
        for strategy in Strategy::ALL {
            let s = spec(strategy);
            let mut plain = candidates(&agents);
            let mut explained = candidates(&agents);
            let a = assign_batch(&tickets, &mut plain, &s, at(100));
            let b = assign_batch_explained(&tickets, &mut explained, &s, at(100));
            let b_decisions: Vec<Decision> = b.iter().map(|(d, _)| *d).collect();
            assert_eq!(a, b_decisions, "{strategy:?}");
            assert_eq!(plain, explained);
        }
    }

    #[test]
    fn routing_a_ticket_does_not_allocate() {
        let agents: Vec<Agent> = (0..50)
            .map(|i| {
                agent(&format!("a{i}"))
                    .skill(["billing", "tech", "refund"][i % 3], 1 + (i % 5) as u8)
                    .skill("chinese", 3)
                    .team(["t1", "t2"][i % 2])
                    .level(1 + (i % 4) as u8)
                    .load((i % 6) as u32)
                    .status(if i % 7 == 0 {
                        AgentStatus::Offline
                    } else {
                        AgentStatus::Online
                    })
            })
            .collect();
        let cands = candidates(&agents);
        let routable = strings(&["billing", "chinese"]);
        let unroutable_skills = strings(&["legal"]);
        let tickets = [
            TicketView {
                team: Some("t1"),
                ..ticket(1, Priority::P1, &routable)
            },
            ticket(2, Priority::P4, &unroutable_skills),
        ];
        let before = alloc_count::allocations();
        let mut assigned = 0;
        for strategy in Strategy::ALL {
            let s = spec(strategy);
            for t in &tickets {
                assigned += usize::from(route(t, &cands, &s).agent().is_some());
            }
        }
        assert_eq!(alloc_count::allocations(), before);
        assert_eq!(assigned, 4);
    }

    // ---- helpers for callers ----

    #[test]
    fn ticket_view_uses_the_earliest_open_target() {
        let mut t = Ticket::new("x", at(0));
        t.id = 9;
        t.sla.first_response_due = Some(at(60));
        t.sla.resolution_due = Some(at(480));
        assert_eq!(TicketView::of(&t).due, Some(at(60)));
        t.first_response_at = Some(at(30));
        assert_eq!(TicketView::of(&t).due, Some(at(480)));
        t.flow = Some(crate::model::FlowState {
            name: "refund".into(),
            step: 0,
            step_started_at: at(0),
            step_due: Some(at(120)),
            completed: false,
        });
        assert_eq!(TicketView::of(&t).due, Some(at(120)));
        t.resolved_at = Some(at(100));
        t.flow.as_mut().unwrap().completed = true;
        assert_eq!(TicketView::of(&t).due, None);
    }

    #[test]
    fn agent_teams_joins_both_sides_of_membership() {
        let text = "agents:\n  - id: ann\n    teams: [billing]\n  - id: bob\nteams:\n  - id: billing\n    members: [ann]\n  - id: tech\n    members: [ann, bob]\n";
        let rules = crate::rules::Rules::parse(text, "r.yaml").unwrap();
        let file = &rules.file;
        assert_eq!(agent_teams(file, &file.agents[0]), ["billing", "tech"]);
        assert_eq!(agent_teams(file, &file.agents[1]), ["tech"]);
        let teams = agent_teams(file, &file.agents[1]);
        let c = Candidate::new(&file.agents[1], &teams);
        assert_eq!((c.id, c.capacity, c.load, c.on_shift), ("bob", 10, 0, true));
    }

    #[test]
    fn logical_clock_is_strictly_increasing() {
        let mut clock = LogicalClock::default();
        let a = clock.tick(at(5));
        let b = clock.tick(at(5));
        let c = clock.tick(at(4));
        let d = clock.tick(at(6));
        assert_eq!(a, at(5));
        assert_eq!(b, at(5) + TimeDelta::microseconds(1));
        assert_eq!(c, at(5) + TimeDelta::microseconds(2));
        assert_eq!(d, at(6));
    }

    // ---- properties ----

    const SKILL_POOL: [&str; 4] = ["billing", "tech", "refund", "chinese"];
    const TEAM_POOL: [&str; 2] = ["t1", "t2"];
    const STATUSES: [AgentStatus; 3] = [
        AgentStatus::Online,
        AgentStatus::Offline,
        AgentStatus::Vacation,
    ];

    fn arb_agent() -> impl proptest::strategy::Strategy<Value = Agent> {
        use proptest::strategy::Strategy as _;
        (
            prop::collection::vec((0..4usize, 1..=5u8), 0..4),
            prop::collection::vec(0..2usize, 0..3),
            1..5u32,
            0..5u8,
            prop::sample::select(STATUSES.to_vec()),
            prop::bool::weighted(0.8),
            0..6u32,
            prop::option::of(0..20i64),
        )
            .prop_map(
                |(skills, teams, capacity, level, status, on_shift, load, last)| {
                    let mut a = agent("");
                    for (s, l) in skills {
                        a = a.skill(SKILL_POOL[s], l);
                    }
                    for t in teams {
                        a = a.team(TEAM_POOL[t]);
                    }
                    Agent {
                        capacity,
                        level,
                        status,
                        on_shift,
                        load,
                        last: last.map(at),
                        ..a
                    }
                },
            )
    }

    fn arb_roster() -> impl proptest::strategy::Strategy<Value = Vec<Agent>> {
        use proptest::strategy::Strategy as _;
        prop::collection::vec(arb_agent(), 0..8).prop_map(|mut agents| {
            for (i, a) in agents.iter_mut().enumerate() {
                a.id = format!("a{i}");
            }
            agents
        })
    }

    /// A ticket as plain data: priority, required skills, team, excluded
    /// agent, due and creation minute.
    type RawTicket = (
        usize,
        Vec<usize>,
        Option<usize>,
        Option<usize>,
        Option<i64>,
        i64,
    );

    fn arb_ticket() -> impl proptest::strategy::Strategy<Value = RawTicket> {
        (
            0..4usize,
            prop::collection::vec(0..4usize, 0..3),
            prop::option::weighted(0.3, 0..2usize),
            prop::option::weighted(0.2, 0..8usize),
            prop::option::of(0..100i64),
            0..100i64,
        )
    }

    fn arb_spec() -> impl proptest::strategy::Strategy<Value = RoutingSpec> {
        use proptest::strategy::Strategy as _;
        (
            prop::sample::select(Strategy::ALL.to_vec()),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            (0.0..1.0f64, 0.0..1.0f64, 0.0..1.0f64),
        )
            .prop_map(
                |(strategy, skip_offline, skip_full, respect_shifts, (skill, load, urgency))| {
                    RoutingSpec {
                        strategy,
                        weights: ScoreWeights {
                            skill,
                            load,
                            urgency,
                        },
                        skip_offline,
                        skip_full,
                        respect_shifts,
                        auto_assign: false,
                    }
                },
            )
    }

    /// Owned skill lists and exclusion names the ticket views borrow.
    struct Tickets {
        skills: Vec<Vec<String>>,
        exclude: Vec<Option<String>>,
        raw: Vec<RawTicket>,
    }

    impl Tickets {
        fn new(raw: Vec<RawTicket>) -> Tickets {
            Tickets {
                skills: raw
                    .iter()
                    .map(|r| r.1.iter().map(|&s| SKILL_POOL[s].to_string()).collect())
                    .collect(),
                exclude: raw.iter().map(|r| r.3.map(|i| format!("a{i}"))).collect(),
                raw,
            }
        }

        fn views(&self) -> Vec<TicketView<'_>> {
            self.raw
                .iter()
                .enumerate()
                .map(|(i, r)| TicketView {
                    id: i as TicketId + 1,
                    priority: Priority::ALL[r.0],
                    skills: &self.skills[i],
                    team: r.2.map(|t| TEAM_POOL[t]),
                    due: r.4.map(at),
                    created_at: at(r.5),
                    exclude_agent: self.exclude[i].as_deref(),
                })
                .collect()
        }
    }

    /// Eligibility written out again from the rules, independently of the module.
    fn reference_eligible(c: &Candidate<'_>, t: &TicketView<'_>, s: &RoutingSpec) -> bool {
        let team = t.team.is_none_or(|team| c.teams.contains(&team));
        let skills = t.skills.iter().all(|need| {
            c.skills
                .iter()
                .any(|have| have.name.to_lowercase() == need.to_lowercase())
        });
        let status = match c.status {
            AgentStatus::Online => true,
            AgentStatus::Offline => !s.skip_offline,
            AgentStatus::Vacation => false,
        };
        let shift = c.on_shift || !s.respect_shifts;
        let capacity = c.load < c.capacity || !s.skip_full;
        let other = t.exclude_agent != Some(c.id);
        team && skills && status && shift && capacity && other
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn never_picks_an_ineligible_agent(
            agents in arb_roster(),
            raw in prop::collection::vec(arb_ticket(), 1..2),
            s in arb_spec(),
        ) {
            let cands = candidates(&agents);
            let tickets = Tickets::new(raw);
            let t = tickets.views()[0];
            let decision = route(&t, &cands, &s);
            let any_eligible = cands.iter().any(|c| reference_eligible(c, &t, &s));
            match decision {
                Decision::Assigned { agent, .. } => {
                    prop_assert!(reference_eligible(&cands[agent], &t, &s));
                }
                Decision::Unroutable(u) => {
                    prop_assert!(!any_eligible);
                    prop_assert_eq!(u.reason == UnroutableReason::NoAgents, cands.is_empty());
                    // A capacity or shift verdict means switching that filter
                    // off would route the ticket.
                    if matches!(u.reason, UnroutableReason::AtCapacity | UnroutableReason::OffShift) {
                        let lax = RoutingSpec { skip_full: false, respect_shifts: false, ..s.clone() };
                        prop_assert!(route(&t, &cands, &lax).agent().is_some());
                    }
                }
            }
            let (explained, why) = explain(&t, &cands, &s);
            prop_assert_eq!(explained, decision);
            prop_assert_eq!(why.verdicts.len(), cands.len());
            for v in &why.verdicts {
                prop_assert_eq!(v.eligible(), reference_eligible(&cands[v.agent], &t, &s));
                prop_assert_eq!(v.rank.is_some(), v.eligible());
                for part in [v.parts.skill_fit, v.parts.headroom, v.parts.urgency_fit] {
                    prop_assert!((0.0..=1.0).contains(&part));
                }
            }
            let first = why.verdicts.iter().find(|v| v.rank == Some(1)).map(|v| v.agent);
            prop_assert_eq!(first, decision.agent());
        }

        #[test]
        fn a_batch_never_exceeds_capacity(
            agents in arb_roster(),
            raw in prop::collection::vec(arb_ticket(), 0..40),
            s in arb_spec(),
        ) {
            let s = RoutingSpec { skip_full: true, ..s };
            let mut cands = candidates(&agents);
            let tickets = Tickets::new(raw);
            let views = tickets.views();
            let decisions = assign_batch(&views, &mut cands, &s, at(200));
            prop_assert_eq!(decisions.len(), views.len());
            let mut given = vec![0u32; agents.len()];
            for d in &decisions {
                if let Some(i) = d.agent() {
                    given[i] += 1;
                }
            }
            for (i, a) in agents.iter().enumerate() {
                prop_assert_eq!(cands[i].load, a.load + given[i]);
                if given[i] > 0 {
                    prop_assert!(cands[i].load <= a.capacity);
                    prop_assert!(cands[i].last_assigned > Some(at(199)));
                } else {
                    prop_assert_eq!(cands[i].last_assigned, a.last);
                }
            }
        }

        #[test]
        fn round_robin_gives_equal_agents_equal_shares(
            n in 1..7usize,
            k in 0..6u32,
            lasts in prop::collection::vec(prop::option::of(0..20i64), 7),
            raw in prop::collection::vec(arb_ticket(), 36),
        ) {
            let agents: Vec<Agent> = (0..n)
                .map(|i| {
                    let mut a = agent(&format!("a{i}")).capacity(k * n as u32 + 1).team("t1").team("t2");
                    for s in SKILL_POOL {
                        a = a.skill(s, 3);
                    }
                    a.last = lasts[i].map(at);
                    a
                })
                .collect();
            let mut cands = candidates(&agents);
            // Random priorities, skills and teams, but nobody excluded.
            let raw: Vec<RawTicket> = raw.into_iter().take(k as usize * n)
                .map(|r| (r.0, r.1, r.2, None, r.4, r.5)).collect();
            let tickets = Tickets::new(raw);
            let views = tickets.views();
            let decisions = assign_batch(&views, &mut cands, &spec(Strategy::RoundRobin), at(10));
            prop_assert!(decisions.iter().all(|d| d.agent().is_some()));
            for c in &cands {
                prop_assert_eq!(c.load, k);
            }
        }

        #[test]
        fn least_loaded_keeps_equal_capacities_within_one(
            n in 1..7usize,
            capacity in 1..6u32,
            extra in 0..6usize,
            fill in 0.0..1.0f64,
            lasts in prop::collection::vec(prop::option::of(0..20i64), 7),
        ) {
            let agents: Vec<Agent> = (0..n)
                .map(|i| {
                    let mut a = agent(&format!("a{i}")).capacity(capacity);
                    a.last = lasts[i].map(at);
                    a
                })
                .collect();
            let mut cands = candidates(&agents);
            let count = ((n as f64 * f64::from(capacity)) * fill) as usize + extra;
            let none = Vec::new();
            let views: Vec<TicketView<'_>> = (0..count)
                .map(|i| ticket(i as TicketId + 1, Priority::ALL[i % 4], &none))
                .collect();
            let decisions = assign_batch(&views, &mut cands, &spec(Strategy::LeastLoaded), at(10));
            let loads: Vec<u32> = cands.iter().map(|c| c.load).collect();
            let max = *loads.iter().max().unwrap();
            let min = *loads.iter().min().unwrap();
            prop_assert!(max - min <= 1, "{:?}", loads);
            let assigned = decisions.iter().filter(|d| d.agent().is_some()).count();
            prop_assert_eq!(assigned, count.min(n * capacity as usize));
        }
    }

    // ---- fits: routing with the names compared beforehand ----

    /// Skill names that differ only in ASCII case (one pair differs in a
    /// non-ASCII letter, which does not fold).
    const CASED_POOL: [&str; 7] = [
        "billing", "Billing", "BILLING", "tech", "TECH", "ärger", "Ärger",
    ];

    /// A roster whose skill names vary in case, with repeats.
    fn arb_cased_roster() -> impl proptest::strategy::Strategy<Value = Vec<Agent>> {
        use proptest::strategy::Strategy as _;
        let skills = prop::collection::vec((0..CASED_POOL.len(), 1..=6u8), 0..4);
        (arb_roster(), prop::collection::vec(skills, 8)).prop_map(|(mut agents, skills)| {
            for (a, skills) in agents.iter_mut().zip(skills) {
                a.skills = skills
                    .into_iter()
                    .map(|(i, level)| SkillSpec {
                        name: CASED_POOL[i].to_string(),
                        level,
                    })
                    .collect();
            }
            agents
        })
    }

    /// Tickets whose required skills come from [`CASED_POOL`].
    fn cased_tickets(raw: Vec<RawTicket>, names: Vec<Vec<usize>>) -> Tickets {
        let mut tickets = Tickets::new(raw);
        for (skills, names) in tickets.skills.iter_mut().zip(names) {
            *skills = names
                .into_iter()
                .map(|i| CASED_POOL[i].to_string())
                .collect();
        }
        tickets
    }

    /// The fit written out again from the module documentation.
    fn reference_fit(c: &Candidate<'_>, t: &TicketView<'_>) -> Fit {
        let fold = |s: &str| -> Vec<u8> { s.bytes().map(|b| b.to_ascii_lowercase()).collect() };
        let same = |a: &str, b: &str| fold(a) == fold(b);
        let level = |name: &str| {
            c.skills
                .iter()
                .find(|h| same(&h.name, name))
                .map(|h| h.level)
        };
        Fit {
            in_team: t.team.is_none_or(|team| c.teams.contains(&team)),
            has_skills: t.skills.iter().all(|s| level(s).is_some()),
            skill_sum: t
                .skills
                .iter()
                .map(|s| u32::from(level(s).unwrap_or(0).min(MAX_SKILL_LEVEL)))
                .sum(),
            surplus: c
                .skills
                .iter()
                .filter(|h| !t.skills.iter().any(|r| same(r, &h.name)))
                .count() as u32,
        }
    }

    #[test]
    fn a_batch_keeps_a_bounded_number_of_fit_lists() {
        let agents = [agent("a0").skill("s3", 2), agent("a1").skill("S300", 4)];
        let cands = candidates(&agents);
        let needs: Vec<Vec<String>> = (0..FitCache::LIMIT + 60)
            .map(|i| vec![format!("s{i}")])
            .collect();
        let mut cache = FitCache::default();
        for skills in needs.iter().chain(&needs) {
            let t = ticket(1, Priority::P3, skills);
            assert_eq!(cache.get(&t, &cands), Fit::all(&cands, &t));
            assert!(cache.lists.len() <= FitCache::LIMIT);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn fits_agree_with_the_documented_name_comparison(
            agents in arb_cased_roster(),
            raw in prop::collection::vec(arb_ticket(), 1..6),
            names in prop::collection::vec(prop::collection::vec(0..CASED_POOL.len(), 0..4), 6),
        ) {
            let cands = candidates(&agents);
            let tickets = cased_tickets(raw, names);
            for t in &tickets.views() {
                for c in &cands {
                    prop_assert_eq!(Fit::of(c, t), reference_fit(c, t), "{:?} / {:?}", c.skills, t.skills);
                }
            }
        }

        #[test]
        fn routing_with_fits_given_decides_as_routing_by_names(
            agents in arb_cased_roster(),
            raw in prop::collection::vec(arb_ticket(), 0..30),
            names in prop::collection::vec(prop::collection::vec(0..CASED_POOL.len(), 0..3), 30),
            s in arb_spec(),
        ) {
            let cands = candidates(&agents);
            let tickets = cased_tickets(raw, names);
            let views = tickets.views();
            for t in &views {
                let fits: Vec<Fit> = cands.iter().map(|c| reference_fit(c, t)).collect();
                prop_assert_eq!(route_fitted(t, &cands, &fits, &s), route(t, &cands, &s));
            }
            // A batch reuses the fits of tickets with the same needs.
            let (mut fast, mut slow) = (cands.clone(), cands.clone());
            let fitted = assign_batch(&views, &mut fast, &s, at(200));
            let by_names: Vec<Decision> = run_batch(&views, &mut slow, at(200), |t, c| (route(t, c, &s), ()))
                .into_iter()
                .map(|(d, ())| d)
                .collect();
            prop_assert_eq!(fitted, by_names);
            prop_assert_eq!(fast, slow);
        }
    }
}
