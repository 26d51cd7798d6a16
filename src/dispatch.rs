//! Routing stored tickets: the routing module's decisions for a batch of
//! tickets, applied through the lifecycle and saved, with each agent's last
//! assignment recorded (round-robin). Shared by `assign`, `create`
//! (auto-assign), `import --assign`, `flow` and `escalate` (re-route).

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::lifecycle::{self, Act};
use crate::model::{Ticket, TicketId};
use crate::roster::Roster;
use crate::routing::{self, Decision, Explanation, TicketView};
use crate::rules::{Rules, Strategy};
use crate::store::{Change, Store};

/// Tickets per transaction when saving a large batch.
const SAVE_CHUNK: usize = 2_000;

/// How [`route_tickets`] should route.
#[derive(Clone, Debug, Default)]
pub struct RouteOptions {
    pub strategy: Option<Strategy>,
    /// An agent no ticket may go to (the one handing tickets back).
    pub exclude: Option<String>,
    pub dry_run: bool,
    pub explain: bool,
    pub reason: Option<String>,
}

/// What happened to one ticket.
#[derive(Clone, Debug)]
pub struct Routed {
    pub ticket: TicketId,
    pub title: String,
    pub priority: crate::model::Priority,
    pub agent: Option<String>,
    pub previous: Option<String>,
    pub strategy: Strategy,
    pub reason: String,
    pub explanation: Option<Explanation>,
}

/// Routes `tickets` in queue order, updating loads as the batch proceeds,
/// and (unless `dry_run`) saves every assignment with its audit events in
/// one transaction and records each agent's last assignment.
pub fn route_tickets(
    store: &dyn Store,
    rules: &Rules,
    mut tickets: Vec<Ticket>,
    opts: &RouteOptions,
    now: DateTime<Utc>,
    actor: &str,
) -> Result<Vec<Routed>> {
    // Results come back in the order tickets are served, which is what a reader wants to see.
    tickets.sort_by_key(|t| TicketView::of(t).queue_key());
    let roster = Roster::new(rules);
    let mut states = store.agent_states()?;
    let mut loads = store.loads()?;
    if let Some(agent) = &opts.exclude {
        // The departing agent's tickets are leaving them: do not count them twice.
        let leaving = tickets
            .iter()
            .filter(|t| t.assignee.as_deref() == Some(agent))
            .count() as u32;
        if let Some(load) = loads.get_mut(agent) {
            *load = load.saturating_sub(leaving);
        }
    }
    let mut candidates = roster.candidates(&states, &loads, now);
    let mut spec = rules.file.routing.clone();
    if let Some(strategy) = opts.strategy {
        spec.strategy = strategy;
    }
    let views: Vec<TicketView> = tickets
        .iter()
        .map(|t| {
            let mut v = TicketView::of(t);
            v.exclude_agent = opts.exclude.as_deref();
            v
        })
        .collect();
    let decisions: Vec<(Decision, Option<Explanation>)> = if opts.explain {
        routing::assign_batch_explained(&views, &mut candidates, &spec, now)
            .into_iter()
            .map(|(d, e)| (d, Some(e)))
            .collect()
    } else {
        routing::assign_batch(&views, &mut candidates, &spec, now)
            .into_iter()
            .map(|d| (d, None))
            .collect()
    };
    let mut changes = Vec::new();
    let mut routed = Vec::new();
    for ((ticket, view), (decision, explanation)) in tickets.iter().zip(&views).zip(decisions) {
        let mut ticket = ticket.clone();
        let previous = ticket.assignee.clone();
        let (agent, reason) = match decision {
            Decision::Assigned { agent, parts } => {
                let id = candidates[agent].id.to_string();
                let why = match spec.strategy {
                    Strategy::Score => format!(
                        "score {:.2} (skill {:.2} + load {:.2} + urgency {:.2})",
                        parts.total, parts.skill, parts.load, parts.urgency
                    ),
                    Strategy::RoundRobin => "longest since last assignment".to_string(),
                    Strategy::LeastLoaded => {
                        format!("lowest load ({:.0}% free)", parts.headroom * 100.0)
                    }
                    Strategy::Skill => format!(
                        "best skill fit (levels {}, {} surplus skills)",
                        parts.skill_sum, parts.surplus
                    ),
                };
                (Some(id), why)
            }
            Decision::Unroutable(u) => (None, format!("unassigned: {}", u.message(view))),
        };
        if let Some(agent) = &agent {
            if previous.as_deref() != Some(agent) {
                let note = match &opts.reason {
                    Some(r) => format!("{r}; routed by {}: {reason}", spec.strategy.as_str()),
                    None => format!("routed by {}: {reason}", spec.strategy.as_str()),
                };
                let events = lifecycle::assign(
                    rules,
                    &mut ticket,
                    agent,
                    Some(&note),
                    Act { at: now, actor },
                )
                .map_err(Error::Data)?;
                changes.push(Change {
                    ticket: ticket.clone(),
                    events,
                });
            }
        }
        routed.push(Routed {
            ticket: ticket.id,
            title: ticket.title.clone(),
            priority: ticket.priority,
            agent,
            previous,
            strategy: spec.strategy,
            reason,
            explanation,
        });
    }
    if !opts.dry_run && !changes.is_empty() {
        // Each ticket is saved atomically with its events and indexes; a
        // large batch is written in chunks to bound the transaction.
        let mut changes = changes.into_iter();
        loop {
            let chunk: Vec<Change> = changes.by_ref().take(SAVE_CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            store.save(chunk)?;
        }
        for c in &candidates {
            let state = states.entry(c.id.to_string()).or_default();
            if c.last_assigned != state.last_assigned {
                state.last_assigned = c.last_assigned;
                store.set_agent_state(c.id, state)?;
            }
        }
    }
    Ok(routed)
}

/// Auto-assign after `create`, when the rule file says so. Returns the agent.
pub fn auto_assign(
    store: &dyn Store,
    rules: &Rules,
    id: TicketId,
    now: DateTime<Utc>,
    actor: &str,
) -> Result<Option<String>> {
    if !rules.file.routing.auto_assign {
        return Ok(None);
    }
    let Some(ticket) = store.get(id)? else {
        return Ok(None);
    };
    let routed = route_tickets(
        store,
        rules,
        vec![ticket],
        &RouteOptions::default(),
        now,
        actor,
    )?;
    Ok(routed.into_iter().next().and_then(|r| r.agent))
}
