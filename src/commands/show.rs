//! `triage show`: one ticket, its SLA clocks and its audit history.

use super::{load_ticket, Ctx};
use crate::cli::ShowArgs;
use crate::error::{Error, Result};
use crate::output::{self, Cell, Format, Table};
use crate::rules::TargetKind;
use crate::terminal;
use crate::{sla, timefmt};

pub fn run(ctx: &mut Ctx, args: &ShowArgs) -> Result<()> {
    let now = ctx.now()?;
    let rules = ctx.rules()?.clone();
    let zone = rules.zone;
    let store = ctx.open_store()?;
    let ticket = match store.get(args.id)? {
        Some(t) => t,
        None => match store.trashed(args.id)? {
            Some(t) => t,
            None => {
                return Err(load_ticket(&*store, args.id)
                    .err()
                    .unwrap_or_else(|| Error::data("no ticket")))
            }
        },
    };
    let events = store.events(args.id)?;
    let trashed = store.get(args.id)?.is_none();
    drop(store);

    let format = ctx.format_or(Format::Table);
    if format.is_json() {
        let value = serde_json::json!({ "ticket": ticket, "events": events, "trashed": trashed });
        crate::output::write_json(&mut ctx.out, &value, format)?;
        return Ok(());
    }

    let mut history = Table::new(
        "events",
        "History",
        &[
            ("seq", "#"),
            ("at", "At"),
            ("actor", "Actor"),
            ("kind", "Event"),
            ("from", "From"),
            ("to", "To"),
            ("note", "Note"),
        ],
    );
    for e in &events {
        history.push(vec![
            Cell::Int(e.seq as i64),
            Cell::Time(e.at),
            Cell::text(e.actor.clone()),
            Cell::text(e.kind.as_str()),
            Cell::opt_text(e.from.clone()),
            Cell::opt_text(e.to.clone()),
            Cell::opt_text(e.note.clone()),
        ]);
    }
    if format != Format::Table && format != Format::Markdown {
        output::render(&mut ctx.out, &history, format, zone)?;
        return Ok(());
    }

    let t = &ticket;
    let out = &mut ctx.out;
    writeln!(
        out,
        "Ticket {}{}: {}",
        t.id,
        if trashed { " (in trash)" } else { "" },
        terminal::line(&t.title)
    )?;
    // Labels and values may be a customer's or an importer's text: one line each, escaped.
    let line = |label: &str, value: String| {
        format!("  {:<16}{}", terminal::line(label), terminal::line(&value))
    };
    let mut lines = vec![
        line("status", t.status.to_string()),
        line("priority", t.priority.to_string()),
        line("channel", t.channel.clone()),
    ];
    let customer: Vec<String> = [
        &t.customer.name,
        &t.customer.email,
        &t.customer.phone,
        &t.customer.id,
    ]
    .iter()
    .filter_map(|v| (*v).clone())
    .chain(t.customer.tier.as_ref().map(|tier| format!("tier {tier}")))
    .collect();
    if !customer.is_empty() {
        lines.push(line("customer", customer.join(", ")));
    }
    for (label, value) in [
        ("category", &t.category),
        ("team", &t.team),
        ("assignee", &t.assignee),
    ] {
        if let Some(v) = value {
            lines.push(line(label, v.clone()));
        }
    }
    if !t.skills.is_empty() {
        lines.push(line("skills", t.skills.join(", ")));
    }
    if !t.tags.is_empty() {
        lines.push(line("tags", t.tags.join(", ")));
    }
    if let (Some(s), Some(e)) = (&t.source, &t.external_id) {
        lines.push(line("source", format!("{s} / {e}")));
    }
    lines.push(line("created", timefmt::show(t.created_at, zone)));
    for (label, value) in [
        ("assigned", t.assigned_at),
        ("responded", t.first_response_at),
        ("resolved", t.resolved_at),
        ("closed", t.closed_at),
    ] {
        if let Some(v) = value {
            lines.push(line(label, timefmt::show(v, zone)));
        }
    }
    if let Some(policy) = &t.sla.policy {
        lines.push(line("sla policy", policy.clone()));
        for (kind, due) in [
            (TargetKind::FirstResponse, t.sla.first_response_due),
            (TargetKind::Resolution, t.sla.resolution_due),
        ] {
            if let Some(p) = sla::progress(&rules, t, kind, now) {
                let detail = match (p.state, due) {
                    (sla::TargetState::Met | sla::TargetState::Missed, _) => {
                        format!("took {} of {}", p.elapsed.human(), p.within.human())
                    }
                    (_, Some(due)) => format!(
                        "due {}; {} of {} used",
                        timefmt::show(due, zone),
                        p.elapsed.human(),
                        p.within.human()
                    ),
                    (_, None) => format!(
                        "clock paused; {} of {} used",
                        p.elapsed.human(),
                        p.within.human()
                    ),
                };
                lines.push(line(
                    &kind.as_str().replace('_', " "),
                    format!("{} ({detail})", p.state.as_str()),
                ));
            }
        }
    }
    if t.repeats > 0 {
        lines.push(line("repeats", format!("sent {} times", t.repeats + 1)));
    }
    if t.reassignments > 0 || t.reopens > 0 {
        lines.push(line(
            "counters",
            format!("{} reassignments, {} reopens", t.reassignments, t.reopens),
        ));
    }
    for m in &t.merged {
        let what = m
            .ticket
            .map(|id| format!("ticket {id}"))
            .unwrap_or_else(|| "a request".to_string());
        lines.push(line(
            "merged",
            format!("{what} via {} at {}", m.channel, timefmt::show(m.at, zone)),
        ));
    }
    if let Some(into) = t.merged_into {
        lines.push(line("merged into", format!("ticket {into}")));
    }
    if let Some(score) = t.csat {
        lines.push(line("csat", format!("{score}/5")));
    }
    if !t.kb.is_empty() {
        lines.push(line("knowledge", t.kb.join(", ")));
    }
    for (k, v) in &t.fields {
        lines.push(line(k, v.clone()));
    }
    for l in lines {
        writeln!(out, "{l}")?;
    }
    if !t.body.is_empty() {
        writeln!(out)?;
        for l in t.body.lines() {
            writeln!(out, "  {}", terminal::block(l))?;
        }
    }
    writeln!(out)?;
    output::render(out, &history, format, zone)?;
    Ok(())
}

use std::io::Write;
