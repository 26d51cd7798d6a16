//! The ticket lifecycle commands: `update`, `respond`, `pending`,
//! `resolve`, `close`, `reopen`, `merge`, `note`, `csat`, `delete`,
//! `restore`. Each change goes through [`crate::lifecycle`] and is saved
//! with its audit events in one transaction.

use std::io::Write;

use super::{load_ticket, parse_pair, save_one, Ctx};
use crate::cli::{
    CsatArgs, MergeArgs, NoteArgs, RespondArgs, TransitionArgs, TrashArgs, UpdateArgs,
};
use crate::error::{Error, Result};
use crate::lifecycle::{self, Act};
use crate::model::{EventKind, NewEvent, Priority, Status, TicketId};
use crate::store::Change;

pub fn update(ctx: &mut Ctx, args: &UpdateArgs) -> Result<()> {
    let now = ctx.now()?;
    let rules = ctx.rules()?.clone();
    let actor = ctx.actor.clone();
    let act = Act {
        at: now,
        actor: &actor,
    };
    let priority = args
        .priority
        .as_deref()
        .map(|p| {
            p.parse::<Priority>()
                .map_err(|e| Error::Usage(format!("--priority: {e}")))
        })
        .transpose()?;
    let status = args
        .status
        .as_deref()
        .map(|s| {
            s.parse::<Status>()
                .map_err(|e| Error::Usage(format!("--status: {e}")))
        })
        .transpose()?;
    if let Some(team) = &args.team {
        rules.require_team(team).map_err(Error::Data)?;
    }
    if let Some(agent) = args.assignee.as_deref().filter(|a| *a != "none") {
        rules.require_agent(agent).map_err(Error::Data)?;
    }
    let store = ctx.open_store()?;
    let mut ticket = load_ticket(&*store, args.id)?;
    let mut events = Vec::new();
    let reason = args.reason.as_deref();
    let refuse = |e: String| Error::Data(e);

    if let Some(p) = priority {
        events.extend(lifecycle::set_priority(&rules, &mut ticket, p, reason, act));
    }
    if let Some(team) = &args.team {
        if ticket.team.as_deref() != Some(team) {
            events.push(
                NewEvent::new(now, &actor, EventKind::Team)
                    .change(ticket.team.as_ref(), Some(team)),
            );
            ticket.team = Some(team.clone());
        }
    }
    if let Some(category) = &args.category {
        if ticket.category.as_deref() != Some(category) {
            events.push(
                NewEvent::new(now, &actor, EventKind::Category)
                    .change(ticket.category.as_ref(), Some(category)),
            );
            ticket.category = Some(category.clone());
        }
    }
    match args.assignee.as_deref() {
        None => {}
        Some("none") => {
            events.extend(lifecycle::unassign(&rules, &mut ticket, reason, act).map_err(refuse)?)
        }
        Some(agent) => {
            if ticket.assignee.is_some()
                && ticket.assignee.as_deref() != Some(agent)
                && reason.is_none()
            {
                return Err(Error::Usage(format!(
                    "ticket {} is assigned to {}: a hand-over to {agent} needs --reason TEXT (it goes in the audit log)",
                    ticket.id,
                    ticket.assignee.as_deref().unwrap_or_default()
                )));
            }
            events.extend(
                lifecycle::assign(&rules, &mut ticket, agent, reason, act).map_err(refuse)?,
            );
        }
    }
    let tags_before = ticket.tags.join(",");
    for tag in &args.add_tags {
        ticket.add_tag(tag);
    }
    ticket.tags.retain(|t| !args.remove_tags.contains(t));
    let tags_after = ticket.tags.join(",");
    if tags_before != tags_after {
        events.push(
            NewEvent::new(now, &actor, EventKind::Tags).change(Some(tags_before), Some(tags_after)),
        );
    }
    for pair in &args.set_fields {
        let (k, v) = parse_pair("--set", pair)?;
        if ticket.fields.get(&k) != Some(&v) {
            events.push(
                NewEvent::new(now, &actor, EventKind::Field)
                    .change(ticket.fields.get(&k), Some(&v))
                    .note(k.clone()),
            );
            ticket.fields.insert(k, v);
        }
    }
    for k in &args.unset_fields {
        if let Some(old) = ticket.fields.remove(k) {
            events.push(
                NewEvent::new(now, &actor, EventKind::Field)
                    .change(Some(old), None::<&str>)
                    .note(k.clone()),
            );
        }
    }
    if let Some(s) = status {
        if s != ticket.status {
            events.extend(lifecycle::set_status(&rules, &mut ticket, s, act).map_err(refuse)?);
        }
    }
    if priority.is_none()
        && args.team.is_none()
        && args.category.is_none()
        && args.assignee.is_none()
        && args.add_tags.is_empty()
        && args.remove_tags.is_empty()
        && args.set_fields.is_empty()
        && args.unset_fields.is_empty()
        && status.is_none()
    {
        return Err(Error::Usage("nothing to update: pass --priority, --team, --category, --assignee, --status, --add-tag, --remove-tag, --set or --unset".into()));
    }
    if events.is_empty() {
        ctx.say(format!("ticket {}: nothing changed", ticket.id));
        return Ok(());
    }
    if ticket.updated_at < now {
        ticket.updated_at = now;
    }
    let id = save_one(&*store, ticket, events)?;
    store.commit()?;
    drop(store);
    ctx.say(format!("ticket {id} updated"));
    Ok(())
}

pub fn respond(ctx: &mut Ctx, args: &RespondArgs) -> Result<()> {
    let now = ctx.now()?;
    let rules = ctx.rules()?.clone();
    let actor = ctx.actor.clone();
    let store = ctx.open_store()?;
    let mut ticket = load_ticket(&*store, args.id)?;
    let first = ticket.first_response_at.is_none();
    let events = lifecycle::respond(
        &rules,
        &mut ticket,
        args.message.as_deref(),
        Act {
            at: now,
            actor: &actor,
        },
    )
    .map_err(Error::Data)?;
    let met = ticket.sla.first_response_met;
    save_one(&*store, ticket, events)?;
    store.commit()?;
    drop(store);
    if first {
        let verdict = match met {
            Some(true) => " (first response, within target)",
            Some(false) => " (first response, target missed)",
            None => " (first response)",
        };
        ctx.say(format!("ticket {}: response recorded{verdict}", args.id));
    } else {
        ctx.say(format!("ticket {}: response recorded", args.id));
    }
    Ok(())
}

/// Moves each ticket to `to`. All or nothing: if one ticket cannot move,
/// none is changed and the message names it.
pub fn transition(ctx: &mut Ctx, args: &TransitionArgs, to: Status) -> Result<()> {
    let now = ctx.now()?;
    let rules = ctx.rules()?.clone();
    let actor = ctx.actor.clone();
    let store = ctx.open_store()?;
    let mut changes = Vec::new();
    for &id in &args.ids {
        let mut ticket = load_ticket(&*store, id)?;
        let mut events = lifecycle::set_status(
            &rules,
            &mut ticket,
            to,
            Act {
                at: now,
                actor: &actor,
            },
        )
        .map_err(Error::Data)?;
        if let (Some(note), Some(first)) = (&args.note, events.first_mut()) {
            first.note = Some(note.clone());
        }
        changes.push(Change { ticket, events });
    }
    let ids = store.save(changes)?;
    store.commit()?;
    drop(store);
    for id in ids {
        ctx.say(format!("ticket {id}: {to}"));
    }
    Ok(())
}

pub fn merge(ctx: &mut Ctx, args: &MergeArgs) -> Result<()> {
    let now = ctx.now()?;
    let rules = ctx.rules()?.clone();
    let actor = ctx.actor.clone();
    let store = ctx.open_store()?;
    let mut from = load_ticket(&*store, args.from)?;
    let mut into = load_ticket(&*store, args.into)?;
    let (from_events, into_events) = lifecycle::merge(
        &rules,
        &mut from,
        &mut into,
        Act {
            at: now,
            actor: &actor,
        },
    )
    .map_err(Error::Data)?;
    store.save(vec![
        Change {
            ticket: from,
            events: from_events,
        },
        Change {
            ticket: into,
            events: into_events,
        },
    ])?;
    store.commit()?;
    drop(store);
    ctx.say(format!(
        "ticket {} merged into ticket {}",
        args.from, args.into
    ));
    writeln!(ctx.out, "{}", args.into)?;
    Ok(())
}

pub fn note(ctx: &mut Ctx, args: &NoteArgs) -> Result<()> {
    if args.text.trim().is_empty() {
        return Err(Error::Usage("the note is empty".into()));
    }
    let now = ctx.now()?;
    let actor = ctx.actor.clone();
    let store = ctx.open_store()?;
    let mut ticket = load_ticket(&*store, args.id)?;
    ticket.updated_at = now;
    save_one(
        &*store,
        ticket,
        vec![NewEvent::new(now, &actor, EventKind::Note).note(args.text.clone())],
    )?;
    store.commit()?;
    Ok(())
}

pub fn csat(ctx: &mut Ctx, args: &CsatArgs) -> Result<()> {
    let now = ctx.now()?;
    let actor = ctx.actor.clone();
    let store = ctx.open_store()?;
    let mut ticket = load_ticket(&*store, args.id)?;
    let events = lifecycle::set_csat(
        &mut ticket,
        args.score,
        Act {
            at: now,
            actor: &actor,
        },
    )
    .map_err(Error::Data)?;
    save_one(&*store, ticket, events)?;
    store.commit()?;
    Ok(())
}

pub fn delete(ctx: &mut Ctx, args: &TrashArgs) -> Result<()> {
    trash_or_restore(ctx, &args.ids, true)
}

pub fn restore(ctx: &mut Ctx, args: &TrashArgs) -> Result<()> {
    trash_or_restore(ctx, &args.ids, false)
}

fn trash_or_restore(ctx: &mut Ctx, ids: &[TicketId], to_trash: bool) -> Result<()> {
    let now = ctx.now()?;
    let actor = ctx.actor.clone();
    let store = ctx.open_store()?;
    // Check every id first, so a typo in the list changes nothing.
    for &id in ids {
        let present = if to_trash {
            store.get(id)?.is_some()
        } else {
            store.trashed(id)?.is_some()
        };
        if !present {
            let place = if to_trash {
                "among the tickets"
            } else {
                "in the trash"
            };
            return Err(Error::data(format!("no ticket {id} {place}")));
        }
    }
    for &id in ids {
        if to_trash {
            store.trash(
                id,
                NewEvent::new(now, &actor, EventKind::Deleted).note("moved to the trash"),
            )?;
        } else {
            store.restore(
                id,
                NewEvent::new(now, &actor, EventKind::Restored).note("restored from the trash"),
            )?;
        }
    }
    store.commit()?;
    drop(store);
    let verb = if to_trash {
        "moved to the trash (triage restore ID brings it back)"
    } else {
        "restored"
    };
    for id in ids {
        ctx.say(format!("ticket {id} {verb}"));
    }
    Ok(())
}
