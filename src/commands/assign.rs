//! `triage assign`: route unassigned tickets (or given ones) to agents
//! through the routing module, in queue order, with `--explain`,
//! `--dry-run`, a manual `--to AGENT` and `--from AGENT` to hand back a
//! departing agent's tickets. [`route_tickets`] is also what `create`
//! (auto-assign) and `escalate` (re-route) call.

use std::io::{Read, Write};

use chrono::{DateTime, Utc};

use super::{load_ticket, Ctx};
use crate::error::{Error, Result};
use crate::lifecycle::{self, Act};
use crate::model::{Ticket, TicketId};
use crate::output::{self, Cell, Format, Table};
use crate::roster::Roster;
use crate::routing::{self, Decision, Explanation, TicketView};
use crate::rules::{Rules, Strategy};
use crate::store::{Change, Store};

#[derive(Debug, clap::Args)]
pub struct AssignArgs {
    /// Ticket ids; `-` reads ids from stdin (e.g. from `list --format ids`).
    /// Without ids: every unassigned active ticket.
    pub ids: Vec<String>,
    /// Use this strategy instead of the rule file's
    #[arg(long, value_parser = parse_strategy)]
    pub strategy: Option<Strategy>,
    /// Give the tickets to this agent by hand (warns when skills do not match)
    #[arg(long, value_name = "AGENT", conflicts_with_all = ["from", "strategy"])]
    pub to: Option<String>,
    /// Hand back this agent's active tickets and route them to others
    #[arg(long, value_name = "AGENT")]
    pub from: Option<String>,
    /// Show what would happen without changing anything
    #[arg(long)]
    pub dry_run: bool,
    /// Print every candidate's filter verdicts and score parts
    #[arg(long)]
    pub explain: bool,
    /// Why (recorded in the audit log)
    #[arg(long)]
    pub reason: Option<String>,
}

fn parse_strategy(text: &str) -> std::result::Result<Strategy, String> {
    text.parse()
}

/// Tickets per transaction when saving a large batch.
const SAVE_CHUNK: usize = 250;

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
        // Each ticket is saved atomically with its events and indexes; sled's
        // transactions grow slow past a few hundred tickets, so a large batch
        // is written in chunks.
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

fn read_ids(args: &AssignArgs) -> Result<Vec<TicketId>> {
    let mut words = Vec::new();
    for arg in &args.ids {
        if arg == "-" {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| Error::io("reading ids from stdin", e))?;
            words.extend(text.split_whitespace().map(str::to_string));
        } else {
            words.push(arg.clone());
        }
    }
    words
        .iter()
        .map(|w| {
            w.parse::<TicketId>().map_err(|_| {
                Error::Usage(format!(
                    "{w:?} is not a ticket id (expected a number, or - for ids on stdin)"
                ))
            })
        })
        .collect()
}

/// Hands tickets to one agent by hand, warning about what routing would refuse.
fn assign_to(
    ctx: &mut Ctx,
    store: &dyn Store,
    rules: &Rules,
    tickets: Vec<Ticket>,
    agent: &str,
    args: &AssignArgs,
    now: DateTime<Utc>,
) -> Result<Vec<Routed>> {
    let spec = rules.require_agent(agent).map_err(Error::Data)?;
    let mut states = store.agent_states()?;
    let status = states
        .get(agent)
        .and_then(|s| s.status)
        .unwrap_or(spec.status);
    if status != crate::rules::AgentStatus::Online {
        ctx.say(format!("warning: {agent} is {}", status.as_str()));
    }
    let load = store.loads()?.get(agent).copied().unwrap_or(0);
    if load + tickets.len() as u32 > spec.capacity {
        ctx.say(format!(
            "warning: {agent} will have {} active tickets, over their capacity of {}",
            load + tickets.len() as u32,
            spec.capacity
        ));
    }
    let mut changes = Vec::new();
    let mut routed = Vec::new();
    let actor = ctx.actor.clone();
    for mut ticket in tickets {
        let missing: Vec<&String> = ticket
            .skills
            .iter()
            .filter(|s| !spec.skills.iter().any(|k| k.name.eq_ignore_ascii_case(s)))
            .collect();
        if !missing.is_empty() {
            ctx.say(format!(
                "warning: ticket {} needs {} which {agent} does not have",
                ticket.id,
                missing
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let previous = ticket.assignee.clone();
        if previous.as_deref() == Some(agent) {
            routed.push(Routed {
                ticket: ticket.id,
                title: ticket.title.clone(),
                priority: ticket.priority,
                agent: Some(agent.to_string()),
                previous,
                strategy: rules.file.routing.strategy,
                reason: "already assigned".into(),
                explanation: None,
            });
            continue;
        }
        let note = args
            .reason
            .clone()
            .unwrap_or_else(|| "assigned by hand".to_string());
        let events = lifecycle::assign(
            rules,
            &mut ticket,
            agent,
            Some(&note),
            Act {
                at: now,
                actor: &actor,
            },
        )
        .map_err(Error::Data)?;
        routed.push(Routed {
            ticket: ticket.id,
            title: ticket.title.clone(),
            priority: ticket.priority,
            agent: Some(agent.to_string()),
            previous,
            strategy: rules.file.routing.strategy,
            reason: note,
            explanation: None,
        });
        changes.push(Change { ticket, events });
    }
    if !args.dry_run && !changes.is_empty() {
        store.save(changes)?;
        let state = states.entry(agent.to_string()).or_default();
        state.last_assigned = Some(now);
        store.set_agent_state(agent, state)?;
    }
    Ok(routed)
}

pub fn run(ctx: &mut Ctx, args: &AssignArgs) -> Result<()> {
    let ids = read_ids(args)?;
    let now = ctx.now()?;
    let rules = ctx.rules()?.clone();
    let actor = ctx.actor.clone();
    if let Some(from) = &args.from {
        rules.require_agent(from).map_err(Error::Data)?;
    }
    let store = ctx.open_store()?;
    let mut tickets = Vec::new();
    if let Some(from) = &args.from {
        for id in store.assigned_to(from)? {
            tickets.push(load_ticket(&*store, id)?);
        }
        tickets.retain(|t| ids.is_empty() || ids.contains(&t.id));
    } else if ids.is_empty() {
        tickets = store
            .active_tickets()?
            .into_iter()
            .filter(|t| t.assignee.is_none())
            .collect();
    } else {
        for &id in &ids {
            let t = load_ticket(&*store, id)?;
            if !t.status.is_active() {
                return Err(Error::data(format!(
                    "ticket {id} is {}: only active tickets can be assigned",
                    t.status
                )));
            }
            tickets.push(t);
        }
    }
    let routed = match &args.to {
        Some(agent) => assign_to(ctx, &*store, &rules, tickets, agent, args, now)?,
        None => {
            let opts = RouteOptions {
                strategy: args.strategy,
                exclude: args.from.clone(),
                dry_run: args.dry_run,
                explain: args.explain,
                reason: args
                    .reason
                    .clone()
                    .or_else(|| args.from.as_ref().map(|f| format!("handed back by {f}"))),
            };
            route_tickets(&*store, &rules, tickets, &opts, now, &actor)?
        }
    };
    if !args.dry_run {
        store.commit()?;
    }
    drop(store);
    print_routed(ctx, &rules, &routed, args.dry_run)?;
    Ok(())
}

fn print_routed(ctx: &mut Ctx, rules: &Rules, routed: &[Routed], dry_run: bool) -> Result<()> {
    let zone = rules.zone;
    let format = ctx.format_or(Format::Table);
    let mut table = Table::new(
        "assign",
        "",
        &[
            ("ticket", "Ticket"),
            ("priority", "Pri"),
            ("title", "Title"),
            ("agent", "Agent"),
            ("previous", "Was"),
            ("strategy", "Strategy"),
            ("reason", "Reason"),
        ],
    );
    for r in routed {
        table.push(vec![
            Cell::Int(r.ticket as i64),
            Cell::text(r.priority.as_str()),
            Cell::text(r.title.clone()),
            Cell::opt_text(r.agent.clone()),
            Cell::opt_text(r.previous.clone()),
            Cell::text(r.strategy.as_str()),
            Cell::text(r.reason.clone()),
        ]);
    }
    if routed.is_empty() {
        table.note = Some("no tickets to assign".to_string());
    }
    if format == Format::Ids {
        for r in routed.iter().filter(|r| r.agent.is_some()) {
            writeln!(ctx.out, "{}", r.ticket)?;
        }
    } else {
        output::render(&mut ctx.out, &table, format, zone)?;
    }
    for r in routed {
        if let Some(explanation) = &r.explanation {
            let mut t = Table::new(
                "explain",
                &format!(
                    "Ticket {}: candidates ({}; weights skill {} load {} urgency {})",
                    r.ticket,
                    explanation.strategy.as_str(),
                    explanation.weights.skill,
                    explanation.weights.load,
                    explanation.weights.urgency
                ),
                &[
                    ("agent", "Agent"),
                    ("verdict", "Verdict"),
                    ("skill_fit", "Skill fit"),
                    ("headroom", "Headroom"),
                    ("urgency_fit", "Urgency fit"),
                    ("score", "Score"),
                    ("rank", "Rank"),
                ],
            );
            for v in &explanation.verdicts {
                let agent = rules
                    .file
                    .agents
                    .get(v.agent)
                    .map(|a| a.id.as_str())
                    .unwrap_or("?");
                let verdict = if v.eligible() {
                    "eligible".to_string()
                } else {
                    v.exclusions
                        .iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                t.push(vec![
                    Cell::text(agent),
                    Cell::text(verdict),
                    Cell::Float(v.parts.skill_fit, 2),
                    Cell::Float(v.parts.headroom, 2),
                    Cell::Float(v.parts.urgency_fit, 2),
                    Cell::Float(v.parts.total, 3),
                    v.rank.map(|r| Cell::Int(r as i64)).unwrap_or(Cell::Empty),
                ]);
            }
            if format != Format::Ids {
                writeln!(ctx.out)?;
                output::render(&mut ctx.out, &t, format, zone)?;
            }
        }
    }
    let left = routed.iter().filter(|r| r.agent.is_none()).count();
    let done = routed
        .iter()
        .filter(|r| r.agent.is_some() && r.agent != r.previous)
        .count();
    let verb = if dry_run { "would assign" } else { "assigned" };
    if left > 0 {
        ctx.say(format!(
            "{verb} {done} tickets; {left} left unassigned (see the reasons above)"
        ));
    } else if !routed.is_empty() {
        ctx.say(format!("{verb} {done} tickets"));
    }
    Ok(())
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
    let ticket = load_ticket(store, id)?;
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
