//! `triage doctor`: checks the database and, with `--repair`, rebuilds what
//! can be derived from the tickets.
//!
//! Checks (see [`crate::store::Check`]): schema version; an interrupted
//! backup restore; unreadable records; every index entry points to a ticket
//! that should have it and every ticket has all its entries; no two tickets
//! share a source + external id; the id counter is above every id in use;
//! each audit log is numbered 1..n without gaps and `history_len == n`; no
//! events without a ticket; no ticket both live and in the trash.
//!
//! `--repair` rebuilds the indexes, raises the counter, fixes `history_len`
//! and drops trash copies of live tickets, then checks again. Exit 0 when
//! the database is (now) consistent, 1 when a problem remains.

use std::io::Write;

use serde_json::json;

use super::Ctx;
use crate::error::{Error, Result};
use crate::store::{Inspection, Repair};
use crate::terminal;

#[derive(Debug, Clone, Default, clap::Args)]
pub struct DoctorArgs {
    /// Rebuild the indexes from the tickets, fix the id counter and history counts, then check again
    #[arg(long)]
    pub repair: bool,
}

pub fn run(ctx: &mut Ctx, args: &DoctorArgs) -> Result<()> {
    let path = ctx.db_path.clone();
    if !crate::store::is_server(&path) && !path.exists() {
        return Err(Error::data(format!(
            "no database at {} (nothing to check)",
            path.display()
        )));
    }
    let store = ctx.open_store_for_repair()?;
    let shown = store.location().to_string();
    if !args.repair {
        // Others may write meanwhile (a server): check one moment of it.
        store.snapshot()?;
    }
    let bar = crate::progress::spinner(&format!("checking {shown}"), ctx.quiet);
    let before = store.inspect()?;
    let repaired = if args.repair && before.problems.iter().any(|p| p.repairable) {
        if let Some(bar) = &bar {
            bar.set_message(format!("repairing {shown}"));
        }
        let repair = store.repair(&before)?;
        Some((repair, store.inspect()?))
    } else {
        None
    };
    drop(store);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }

    let after = repaired.as_ref().map(|(_, a)| a).unwrap_or(&before);
    if let Some(format) = ctx.format.filter(|f| f.is_json()) {
        let value = json!({
            "database": shown,
            "found": before,
            "repaired": repaired.as_ref().map(|(r, _)| &r.actions),
            "after": repaired.as_ref().map(|(_, a)| a),
            "clean": after.is_clean(),
        });
        crate::output::write_json(&mut ctx.out, &value, format)?;
    } else {
        writeln!(ctx.out, "database: {shown}")?;
        write_summary(&mut ctx.out, &before)?;
        write_problems(&mut ctx.out, &before)?;
        if let Some((repair, after)) = &repaired {
            write_repair(&mut ctx.out, repair)?;
            writeln!(ctx.out, "after repair:")?;
            write_summary(&mut ctx.out, after)?;
            write_problems(&mut ctx.out, after)?;
        }
        if after.is_clean() {
            writeln!(ctx.out, "ok: no problems found")?;
        }
    }

    if after.is_clean() {
        return Ok(());
    }
    let total: u64 = after.problems.iter().map(|p| p.count).sum();
    let fixable = after.problems.iter().any(|p| p.repairable);
    let hint = if repaired.is_some() || !fixable {
        "--repair cannot fix what remains; see the problems above".to_string()
    } else {
        "run `triage doctor --repair` to fix the repairable ones".to_string()
    };
    Err(Error::data(format!(
        "database {shown}: {total} problem(s); {hint}"
    )))
}

fn write_summary(out: &mut dyn Write, i: &Inspection) -> Result<()> {
    writeln!(out, "schema: {}", i.schema)?;
    writeln!(
        out,
        "records: {} tickets, {} in the trash, {} events, {} index entries, {} agent states; next id {}",
        i.tickets, i.trashed, i.events, i.index_entries, i.agents, i.next_id
    )?;
    Ok(())
}

fn write_problems(out: &mut dyn Write, i: &Inspection) -> Result<()> {
    for p in &i.problems {
        let tag = if p.repairable { " [repairable]" } else { "" };
        writeln!(
            out,
            "problem: {}: {}{tag} (e.g. {})",
            p.check.describe(),
            p.count,
            // Examples quote stored values (external ids, agent names).
            terminal::line(&p.examples.join("; "))
        )?;
    }
    Ok(())
}

fn write_repair(out: &mut dyn Write, r: &Repair) -> Result<()> {
    for action in &r.actions {
        writeln!(out, "repaired: {action}")?;
    }
    Ok(())
}
