//! `triage rules plan NEWFILE`: before a team adopts a changed rule file,
//! which stored open tickets would it treat differently? Nothing is written.
//!
//! Each active ticket is run twice at `--now`: once under the rules in use
//! and once under NEWFILE, and the results are compared field by field, so
//! the plan shows what the *file* changes, not what time alone would do.
//!
//! * `via classification` — category, priority and team as the file's
//!   `classify` rules would set them on the ticket as created (without the
//!   values rules set). Listed only where the stored value is still the one
//!   the current rules give (a human's change is kept). Classification runs
//!   when a ticket arrives: new tickets get the new value, stored tickets
//!   keep theirs.
//! * `via escalate` — SLA policy, due times, and what the escalation ladder
//!   does (rungs reached per target, a bumped priority, a reassignment,
//!   tags). `triage escalate` brings stored open tickets in line with the
//!   rule file, so its next run applies these.

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::Ctx;
use crate::error::Result;
use crate::escalation::{self, Staff};
use crate::lifecycle::Act;
use crate::model::{Priority, Ticket};
use crate::output::{self, Cell, Format, Table};
use crate::roster::Roster;
use crate::rules::classify::classify;
use crate::rules::Rules;

#[derive(clap::Args, Debug)]
pub struct RulesPlanArgs {
    /// The changed rule file to compare with the one in use
    #[arg(value_name = "NEWFILE")]
    pub file: PathBuf,
}

/// The ticket as classification saw it when it arrived: the values rules
/// set are back to their defaults (no category or team, P3).
fn as_created(ticket: &Ticket) -> Ticket {
    let mut base = ticket.clone();
    base.category = None;
    base.priority = Priority::P3;
    base.team = None;
    base
}

fn opt_time(t: Option<DateTime<Utc>>) -> Cell {
    Cell::opt_time(t)
}

/// One row per field that differs.
struct Rows<'a> {
    table: &'a mut Table,
    ticket: &'a Ticket,
    changed: bool,
}

impl Rows<'_> {
    fn push(&mut self, field: &str, old: Cell, new: Cell, via: &str) {
        if old == new {
            return;
        }
        self.changed = true;
        self.table.push(vec![
            Cell::Int(self.ticket.id as i64),
            Cell::text(self.ticket.title.clone()),
            Cell::text(field),
            old,
            new,
            Cell::text(via),
        ]);
    }
}

pub fn run(ctx: &mut Ctx, args: &RulesPlanArgs) -> Result<()> {
    let new = Rules::load(&args.file)?;
    let now = ctx.now()?;
    let old = ctx.rules()?.clone();
    let actor = ctx.actor.clone();
    let act = Act {
        at: now,
        actor: &actor,
    };
    let store = ctx.open_store()?;
    let tickets = store.active_tickets()?;
    let states = store.agent_states()?;
    let loads = store.loads()?;
    drop(store);

    let (old_roster, new_roster) = (Roster::new(&old), Roster::new(&new));
    let mut old_staff = Staff::new(old_roster.candidates(&states, &loads, now));
    let mut new_staff = Staff::new(new_roster.candidates(&states, &loads, now));
    let mut table = Table::new(
        "rules_plan",
        "",
        &[
            ("ticket", "Ticket"),
            ("title", "Title"),
            ("field", "Field"),
            ("old", "Old"),
            ("new", "New"),
            ("via", "Via"),
        ],
    );
    let mut changed = 0;
    for ticket in &tickets {
        let mut rows = Rows {
            table: &mut table,
            ticket,
            changed: false,
        };

        let base = as_created(ticket);
        let (mut by_old, mut by_new) = (base.clone(), base);
        classify(&old, &mut by_old, &[]);
        classify(&new, &mut by_new, &[]);
        if ticket.category == by_old.category {
            rows.push(
                "category",
                Cell::opt_text(by_old.category.clone()),
                Cell::opt_text(by_new.category.clone()),
                "classification",
            );
        }
        if ticket.priority == by_old.priority {
            rows.push(
                "priority",
                Cell::text(by_old.priority.as_str()),
                Cell::text(by_new.priority.as_str()),
                "classification",
            );
        }
        if ticket.team == by_old.team {
            rows.push(
                "team",
                Cell::opt_text(by_old.team.clone()),
                Cell::opt_text(by_new.team.clone()),
                "classification",
            );
        }

        let (mut a, mut b) = (ticket.clone(), ticket.clone());
        escalation::run(&old, &mut a, &mut old_staff, act);
        escalation::run(&new, &mut b, &mut new_staff, act);
        rows.push(
            "policy",
            Cell::opt_text(a.sla.policy.clone()),
            Cell::opt_text(b.sla.policy.clone()),
            "escalate",
        );
        rows.push(
            "first_response_due",
            opt_time(a.sla.first_response_due),
            opt_time(b.sla.first_response_due),
            "escalate",
        );
        rows.push(
            "resolution_due",
            opt_time(a.sla.resolution_due),
            opt_time(b.sla.resolution_due),
            "escalate",
        );
        let keys: BTreeSet<&String> = a
            .sla
            .escalation
            .keys()
            .chain(b.sla.escalation.keys())
            .collect();
        for key in keys {
            let rung = |t: &Ticket| {
                t.sla
                    .escalation
                    .get(key)
                    .map(|n| Cell::Int(*n as i64))
                    .unwrap_or(Cell::Empty)
            };
            rows.push(&format!("escalation.{key}"), rung(&a), rung(&b), "escalate");
        }
        rows.push(
            "priority",
            Cell::text(a.priority.as_str()),
            Cell::text(b.priority.as_str()),
            "escalate",
        );
        rows.push(
            "assignee",
            Cell::opt_text(a.assignee.clone()),
            Cell::opt_text(b.assignee.clone()),
            "escalate",
        );
        rows.push(
            "tags",
            Cell::text(a.tags.join(",")),
            Cell::text(b.tags.join(",")),
            "escalate",
        );
        if rows.changed {
            changed += 1;
        }
    }

    let zone = old.zone;
    let format = ctx.format_or(Format::Table);
    if table.rows.is_empty() && matches!(format, Format::Table | Format::Markdown) {
        ctx.say(format!(
            "{}: no open ticket would change ({} checked)",
            args.file.display(),
            tickets.len()
        ));
        return Ok(());
    }
    output::render(&mut ctx.out, &table, format, zone)?;
    ctx.say(format!(
        "{}: {changed} of {} open tickets would change (nothing written)",
        args.file.display(),
        tickets.len()
    ));
    Ok(())
}
