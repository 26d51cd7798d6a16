//! The live roster: the rule file's agents with what the database knows
//! about them now (status overrides, current load, last assignment) and
//! whether they are on shift, as routing candidates.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::routing::{agent_teams, Candidate};
use crate::rules::Rules;
use crate::store::AgentState;

/// The rule file's agents with their resolved team lists.
pub struct Roster<'r> {
    pub rules: &'r Rules,
    teams: Vec<Vec<&'r str>>,
}

impl<'r> Roster<'r> {
    pub fn new(rules: &'r Rules) -> Roster<'r> {
        let teams = rules
            .file
            .agents
            .iter()
            .map(|a| agent_teams(&rules.file, a))
            .collect();
        Roster { rules, teams }
    }

    /// Routing candidates in roster order: stored status overrides win over
    /// the rule file, `on_shift` comes from each agent's shift calendar at `now`.
    pub fn candidates(
        &self,
        states: &HashMap<String, AgentState>,
        loads: &HashMap<String, u32>,
        now: DateTime<Utc>,
    ) -> Vec<Candidate<'_>> {
        self.rules
            .file
            .agents
            .iter()
            .zip(&self.teams)
            .map(|(spec, teams)| {
                let mut c = Candidate::new(spec, teams);
                let state = states.get(spec.id.as_str());
                if let Some(status) = state.and_then(|s| s.status) {
                    c.status = status;
                }
                c.last_assigned = state.and_then(|s| s.last_assigned);
                c.load = loads.get(spec.id.as_str()).copied().unwrap_or(0);
                c.on_shift = spec
                    .shift
                    .as_ref()
                    .map(|cal| self.rules.calendar_or_always(Some(cal)).is_working(now))
                    .unwrap_or(true);
                c
            })
            .collect()
    }
}
