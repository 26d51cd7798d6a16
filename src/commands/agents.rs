//! `triage agents`: the roster with live load, capacity, status and shift;
//! `triage agents set-status AGENT online|offline|vacation` stores an
//! override of the rule file's status (audited on the agent).

use chrono::{DateTime, Utc};

use super::Ctx;
use crate::error::{Error, Result};
use crate::output::{self, Cell, Format, Table};
use crate::roster::Roster;
use crate::rules::AgentStatus;
use crate::store::AgentStatusChange;

#[derive(Debug, clap::Args)]
pub struct AgentsArgs {
    #[command(subcommand)]
    pub action: Option<AgentsAction>,
}

#[derive(Debug, clap::Subcommand)]
pub enum AgentsAction {
    /// The roster (the default)
    List,
    /// Set an agent's status; it overrides the rule file until set again
    SetStatus(SetStatusArgs),
}

#[derive(Debug, clap::Args)]
pub struct SetStatusArgs {
    /// Agent id, as in the rule file
    pub agent: String,
    /// online, offline or vacation (agents on vacation receive nothing)
    #[arg(value_parser = parse_status)]
    pub status: AgentStatus,
    /// Why (kept in the agent's history)
    #[arg(long)]
    pub reason: Option<String>,
}

fn parse_status(text: &str) -> std::result::Result<AgentStatus, String> {
    AgentStatus::parse(text)
        .ok_or_else(|| format!("unknown status {text:?}: expected online, offline or vacation"))
}

pub fn run(ctx: &mut Ctx, args: &AgentsArgs) -> Result<()> {
    match &args.action {
        None | Some(AgentsAction::List) => list(ctx),
        Some(AgentsAction::SetStatus(a)) => set_status(ctx, a),
    }
}

fn start_of_day(now: DateTime<Utc>, zone: chrono_tz::Tz) -> DateTime<Utc> {
    let local = now
        .with_timezone(&zone)
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists");
    crate::timefmt::parse_time(&local.format("%Y-%m-%d %H:%M").to_string(), zone).unwrap_or(now)
}

fn list(ctx: &mut Ctx) -> Result<()> {
    let now = ctx.now()?;
    let rules = ctx.rules()?.clone();
    let store = ctx.open_store()?;
    let states = store.agent_states()?;
    let loads = store.loads()?;
    let today = start_of_day(now, rules.zone);
    let mut assigned_today = std::collections::HashMap::<String, i64>::new();
    // The report summaries carry assignee and assignment time: no ticket
    // needs decoding.
    for t in store.summaries()? {
        if let (Some(agent), Some(at)) = (&t.assignee, t.assigned_at) {
            if at >= today && at <= now {
                *assigned_today.entry(agent.to_string()).or_default() += 1;
            }
        }
    }
    drop(store);
    let roster = Roster::new(&rules);
    let candidates = roster.candidates(&states, &loads, now);
    let mut table = Table::new(
        "agents",
        "",
        &[
            ("agent", "Agent"),
            ("name", "Name"),
            ("status", "Status"),
            ("on_shift", "On shift"),
            ("load", "Load"),
            ("capacity", "Capacity"),
            ("assigned_today", "Today"),
            ("level", "Level"),
            ("teams", "Teams"),
            ("skills", "Skills"),
        ],
    );
    for (spec, c) in rules.file.agents.iter().zip(&candidates) {
        let overridden = states
            .get(spec.id.as_str())
            .and_then(|s| s.status)
            .is_some();
        let skills: Vec<String> = spec
            .skills
            .iter()
            .map(|s| format!("{}:{}", s.name, s.level))
            .collect();
        table.push(vec![
            Cell::text(spec.id.as_str()),
            Cell::opt_text(spec.name.clone()),
            Cell::text(format!(
                "{}{}",
                c.status.as_str(),
                if overridden { " (set)" } else { "" }
            )),
            Cell::text(if c.on_shift { "yes" } else { "no" }),
            Cell::Int(c.load as i64),
            Cell::Int(c.capacity as i64),
            Cell::Int(assigned_today.get(spec.id.as_str()).copied().unwrap_or(0)),
            Cell::Int(spec.level as i64),
            Cell::text(c.teams.join(", ")),
            Cell::text(skills.join(", ")),
        ]);
    }
    if rules.file.agents.is_empty() {
        table.note = Some(format!("no agents in {}", rules.origin));
    }
    let format = ctx.format_or(Format::Table);
    output::render(&mut ctx.out, &table, format, rules.zone)?;
    Ok(())
}

fn set_status(ctx: &mut Ctx, args: &SetStatusArgs) -> Result<()> {
    let now = ctx.now()?;
    let rules = ctx.rules()?.clone();
    let spec = rules.require_agent(&args.agent).map_err(Error::Data)?;
    let store = ctx.open_store()?;
    let mut states = store.agent_states()?;
    let state = states.entry(args.agent.clone()).or_default();
    let from = state.status.unwrap_or(spec.status);
    state.history.push(AgentStatusChange {
        at: now,
        actor: ctx.actor.clone(),
        from,
        to: args.status,
        reason: args.reason.clone(),
    });
    state.status = Some(args.status);
    store.set_agent_state(&args.agent, state)?;
    let active = store.assigned_to(&args.agent)?.len();
    store.commit()?;
    drop(store);
    ctx.say(format!(
        "{} is now {} (was {})",
        args.agent,
        args.status.as_str(),
        from.as_str()
    ));
    if args.status != AgentStatus::Online && active > 0 {
        ctx.say(format!(
            "{} still holds {active} active tickets: `triage assign --from {}` hands them to others",
            args.agent, args.agent
        ));
    }
    Ok(())
}
