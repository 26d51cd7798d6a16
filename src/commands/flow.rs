//! `triage flow start|advance|back|show`: move a ticket through the steps
//! of a cross-team flow. The moves themselves are [`crate::flows`]; this
//! file loads and saves the ticket and routes it to the new step's team
//! through [`crate::dispatch::route_tickets`] when its assignee did not stay.

use std::io::Write;

use chrono::{DateTime, Utc};

use super::{load_ticket, parse_pair, save_one, Ctx};
use crate::dispatch::{route_tickets, RouteOptions};
use crate::error::{Error, Result};
use crate::flows::{self, AdvanceInput};
use crate::lifecycle::Act;
use crate::model::{NewEvent, Ticket};
use crate::output::{self, Format};
use crate::rules::Rules;
use crate::store::Store;
use crate::terminal;
use crate::{sla, timefmt};

#[derive(Debug, clap::Subcommand)]
pub enum FlowCommand {
    /// Put a ticket on the first step of a flow and route it to that step's team
    Start(FlowStartArgs),
    /// Complete the current step and hand the ticket to the next step's team
    Advance(FlowAdvanceArgs),
    /// Hand the ticket back to the previous step, with a reason
    Back(FlowBackArgs),
    /// The flow's steps: who did each and how long each took against its target
    Show(FlowShowArgs),
}

#[derive(Debug, clap::Args)]
pub struct FlowStartArgs {
    /// Ticket id
    pub id: u64,
    /// The flow's name from the rule file
    pub flow: String,
    /// A note for the audit log
    #[arg(long, short = 'm')]
    pub note: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct FlowAdvanceArgs {
    /// Ticket id
    pub id: u64,
    /// Set a field first, e.g. a field the step requires (repeatable)
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set: Vec<String>,
    /// An agent who handled the step jointly, for a step with participant teams (repeatable)
    #[arg(long = "with", value_name = "AGENT")]
    pub with: Vec<String>,
    /// A note for the audit log
    #[arg(long, short = 'm')]
    pub note: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct FlowBackArgs {
    /// Ticket id
    pub id: u64,
    /// Why the step goes back (recorded in the audit log)
    #[arg(long, required = true)]
    pub reason: String,
}

#[derive(Debug, clap::Args)]
pub struct FlowShowArgs {
    /// Ticket id
    pub id: u64,
}

pub fn run(ctx: &mut Ctx, cmd: &FlowCommand) -> Result<()> {
    match cmd {
        FlowCommand::Start(args) => {
            let flow = args.flow.clone();
            let note = args.note.clone();
            change(ctx, args.id, |rules, ticket, act| {
                flows::start(rules, ticket, &flow, note.as_deref(), act)
            })
        }
        FlowCommand::Advance(args) => {
            let set = args
                .set
                .iter()
                .map(|pair| parse_pair("--set", pair))
                .collect::<Result<Vec<_>>>()?;
            change(ctx, args.id, |rules, ticket, act| {
                let input = AdvanceInput {
                    set: &set,
                    with: &args.with,
                    note: args.note.as_deref(),
                };
                flows::advance(rules, ticket, input, act)
            })
        }
        FlowCommand::Back(args) => change(ctx, args.id, |rules, ticket, act| {
            flows::back(rules, ticket, &args.reason, act)
        }),
        FlowCommand::Show(args) => show(ctx, args),
    }
}

/// Loads the ticket, applies one move, saves it with its events, routes it
/// if it lost its assignee, and says where it went.
fn change(
    ctx: &mut Ctx,
    id: u64,
    apply: impl FnOnce(&Rules, &mut Ticket, Act) -> std::result::Result<Vec<NewEvent>, String>,
) -> Result<()> {
    let now = ctx.now()?;
    let rules = ctx.rules()?.clone();
    let actor = ctx.actor.clone();
    let store = ctx.open_store()?;
    let mut ticket = load_ticket(&*store, id)?;
    let events = apply(
        &rules,
        &mut ticket,
        Act {
            at: now,
            actor: &actor,
        },
    )
    .map_err(Error::Data)?;
    save_one(&*store, ticket, events)?;
    let routed = route_if_unassigned(&*store, &rules, id, now, &actor)?;
    let ticket = load_ticket(&*store, id)?;
    store.commit()?;
    drop(store);
    ctx.say(where_it_is(&rules, &ticket, routed));
    Ok(())
}

/// Routes a ticket that is on a step without an assignee. Returns the
/// routing's reason when it stays unassigned.
fn route_if_unassigned(
    store: &dyn Store,
    rules: &Rules,
    id: u64,
    now: DateTime<Utc>,
    actor: &str,
) -> Result<Option<String>> {
    let ticket = load_ticket(store, id)?;
    let on_step = ticket.flow.as_ref().is_some_and(|f| !f.completed);
    if !on_step || ticket.assignee.is_some() || !ticket.status.is_active() {
        return Ok(None);
    }
    let reason = flows::current_step(rules, &ticket)
        .map(|(flow, step)| format!("flow {}: step {}", flow.name, step.name));
    let opts = RouteOptions {
        reason,
        ..RouteOptions::default()
    };
    let routed = route_tickets(store, rules, vec![ticket], &opts, now, actor)?;
    Ok(routed
        .into_iter()
        .next()
        .filter(|r| r.agent.is_none())
        .map(|r| r.reason))
}

fn where_it_is(rules: &Rules, ticket: &Ticket, unrouted: Option<String>) -> String {
    let Some(state) = &ticket.flow else {
        return format!("ticket {} is in no flow", ticket.id);
    };
    if state.completed {
        return format!(
            "ticket {}: flow {} complete; {} keeps it to resolve",
            ticket.id,
            state.name,
            ticket.assignee.as_deref().unwrap_or("its team")
        );
    }
    let total = rules.flow(&state.name).map(|f| f.steps.len()).unwrap_or(0);
    let step = flows::current_step(rules, ticket)
        .map(|(_, s)| s.name.as_str())
        .unwrap_or("?");
    let mut text = format!(
        "ticket {}: flow {} step {} of {total} ({step}), team {}",
        ticket.id,
        state.name,
        state.step + 1,
        ticket.team.as_deref().unwrap_or("-")
    );
    match (&ticket.assignee, unrouted) {
        (Some(agent), _) => text.push_str(&format!(", assigned to {agent}")),
        (None, Some(reason)) => text.push_str(&format!(", {reason}")),
        (None, None) => text.push_str(", unassigned"),
    }
    if let Some(due) = flows::step_due(rules, ticket) {
        text.push_str(&format!("; step due {}", timefmt::show(due, rules.zone)));
    }
    text
}

fn show(ctx: &mut Ctx, args: &FlowShowArgs) -> Result<()> {
    let now = ctx.now()?;
    let rules = ctx.rules()?.clone();
    let zone = rules.zone;
    let store = ctx.open_store()?;
    let ticket = load_ticket(&*store, args.id)?;
    let events = store.events(args.id)?;
    drop(store);
    let Some(state) = &ticket.flow else {
        return Err(Error::data(format!(
            "ticket {} is not in a flow (start one with triage flow start {} FLOW)",
            ticket.id, ticket.id
        )));
    };
    let table = flows::show_table(&rules, &ticket, &events, now);
    let format = ctx.format_or(Format::Table);
    if !matches!(format, Format::Table | Format::Markdown) {
        output::render(&mut ctx.out, &table, format, zone)?;
        return Ok(());
    }
    let out = &mut ctx.out;
    let total = rules.flow(&state.name).map(|f| f.steps.len());
    match (state.completed, flows::current_step(&rules, &ticket)) {
        (true, _) => writeln!(
            out,
            "Ticket {}: {}\n  flow            {} (complete)",
            ticket.id,
            terminal::line(&ticket.title),
            state.name
        )?,
        (false, Some((_, step))) => writeln!(
            out,
            "Ticket {}: {}\n  flow            {}, step {} of {} ({}), team {}",
            ticket.id,
            terminal::line(&ticket.title),
            state.name,
            state.step + 1,
            total.unwrap_or(0),
            step.name,
            step.team
        )?,
        (false, None) => writeln!(
            out,
            "Ticket {}: {}\n  flow            {} (not in the rule file), step {}",
            ticket.id,
            terminal::line(&ticket.title),
            state.name,
            state.step + 1
        )?,
    }
    writeln!(
        out,
        "  assignee        {}",
        terminal::line(ticket.assignee.as_deref().unwrap_or("(unassigned)"))
    )?;
    if let Some(p) = flows::step_progress(&rules, &ticket, now) {
        let due = flows::step_due(&rules, &ticket)
            .map(|d| format!("due {}; ", timefmt::show(d, zone)))
            .unwrap_or_else(|| "clock paused; ".to_string());
        writeln!(
            out,
            "  step clock      {} ({due}{} of {} used)",
            p.state.as_str(),
            p.elapsed.human(),
            p.within.human()
        )?;
    }
    if let Some(p) = sla::progress(&rules, &ticket, crate::rules::TargetKind::Resolution, now) {
        writeln!(
            out,
            "  resolution      {} ({} of {} used)",
            p.state.as_str(),
            p.elapsed.human(),
            p.within.human()
        )?;
    }
    writeln!(out)?;
    output::render(out, &table, format, zone)?;
    Ok(())
}
