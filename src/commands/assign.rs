//! `triage assign`: route unassigned tickets (or given ones) to agents
//! through [`crate::dispatch`], in queue order, with `--explain`,
//! `--dry-run`, a manual `--to AGENT` and `--from AGENT` to hand back a
//! departing agent's tickets.

use std::io::Write;

use chrono::{DateTime, Utc};

use super::{load_ticket, read_stdin_text, Ctx};
use crate::dispatch::{route_tickets, RouteOptions, Routed};
use crate::error::{Error, Result};
use crate::lifecycle::{self, Act};
use crate::model::{Ticket, TicketId};
use crate::output::{self, Cell, Format, Table};

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

fn read_ids(args: &AssignArgs) -> Result<Vec<TicketId>> {
    let mut words = Vec::new();
    for arg in &args.ids {
        if arg == "-" {
            let text = read_stdin_text("ticket ids")?;
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
