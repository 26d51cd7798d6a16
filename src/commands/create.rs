//! `triage create`: one ticket from flags or a JSON object on stdin.
//!
//! Order of work: build the ticket → extract → classify → a re-send of the
//! same source + external id updates the earlier ticket (reopening it if it
//! was resolved) → customer dedup merges into the customer's active ticket
//! within the window → SLA policy and due times → knowledge links → the
//! flow a classify rule asks for starts on its first step → save.
//! The re-send check comes before dedup so a repeating alert always lands
//! on its own ticket. Only the id is printed on stdout.

use std::io::Write;

use chrono::{DateTime, Utc};

use super::{load_ticket, parse_pair, read_stdin_text, save_one, Ctx};
use crate::cli::CreateArgs;
use crate::error::{Error, Result};
use crate::intake::{self, build_ticket, parse_priority, request_from_json, Request};
use crate::lifecycle::{self, Act};
use crate::model::{EventKind, MergedFrom, NewEvent, Status, Ticket, TicketId};
use crate::output::Format;
use crate::rules::{DedupAction, DedupKey, Rules};
use crate::store::{customer_keys, Store};

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn request_from_args(args: &CreateArgs) -> Result<Request> {
    let mut request = if args.json_input {
        let text = read_stdin_text("JSON ticket")?;
        request_from_json(&text).map_err(Error::Data)?
    } else {
        Request::default()
    };
    if let Some(title) = &args.title {
        request.title = title.clone();
    }
    if let Some(body) = &args.body {
        request.body = body.clone();
    }
    if let Some(path) = &args.body_file {
        request.body = if path.as_os_str() == "-" {
            read_stdin_text("ticket body")?
        } else {
            std::fs::read_to_string(path)
                .map_err(|e| Error::data(format!("--body-file {}: {e}", path.display())))?
        };
    }
    let c = &mut request.customer;
    c.name = non_empty(args.customer.clone()).or(c.name.take());
    c.email = non_empty(args.email.clone()).or(c.email.take());
    c.phone = non_empty(args.phone.clone()).or(c.phone.take());
    c.tier = non_empty(args.tier.clone()).or(c.tier.take());
    c.id = non_empty(args.customer_id.clone()).or(c.id.take());
    request.channel = non_empty(args.channel.clone()).or(request.channel);
    request.category = non_empty(args.category.clone()).or(request.category);
    if let Some(p) = &args.priority {
        request.priority = Some(parse_priority(p, "--priority").map_err(Error::Usage)?);
    }
    request.tags.extend(args.tags.iter().cloned());
    request.skills.extend(args.skills.iter().cloned());
    request.team = non_empty(args.team.clone()).or(request.team);
    for pair in &args.fields {
        let (k, v) = parse_pair("--field", pair)?;
        request.fields.insert(k, v);
    }
    request.source = non_empty(args.source.clone()).or(request.source);
    request.external_id = non_empty(args.external_id.clone()).or(request.external_id);
    request.no_dedup = args.no_dedup;
    if request.title.trim().is_empty() {
        return Err(Error::Usage(
            "a ticket needs a title: pass --title TEXT, or a JSON object with \"title\" on stdin with --json-input".into(),
        ));
    }
    if request.external_id.is_some() && request.source.is_none() {
        return Err(Error::Usage(
            "--external-id needs --source: the pair identifies a re-sent ticket".into(),
        ));
    }
    Ok(request)
}

/// Checks references the rule file can judge (a team that does not exist).
fn check_request(rules: &Rules, request: &Request) -> Result<()> {
    if let Some(team) = &request.team {
        if !rules.file.teams.is_empty() {
            rules.require_team(team).map_err(Error::Data)?;
        }
    }
    Ok(())
}

/// What `create` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created(TicketId),
    /// The same source + external id was sent again.
    Repeated(TicketId),
    /// Merged into the customer's active ticket.
    Merged(TicketId),
}

impl Outcome {
    pub fn id(self) -> TicketId {
        match self {
            Outcome::Created(id) | Outcome::Repeated(id) | Outcome::Merged(id) => id,
        }
    }
}

/// Stores a request: re-send, dedup or a new ticket. Returns what happened.
pub fn create_ticket(
    store: &dyn Store,
    rules: &Rules,
    request: &Request,
    now: DateTime<Utc>,
    actor: &str,
) -> Result<(Outcome, String)> {
    check_request(rules, request)?;
    let (mut ticket, explicit) = build_ticket(request, now);
    let classification = intake::prepare(rules, &mut ticket, &explicit, now, actor);
    let act = Act { at: now, actor };

    if let (Some(source), Some(ext)) = (&request.source, &request.external_id) {
        if let Some(id) = store.find_external(source, ext)? {
            return resend(store, rules, id, &ticket, act).map(|msg| (Outcome::Repeated(id), msg));
        }
    }

    if !request.no_dedup && rules.file.dedup.action != DedupAction::Off {
        if let Some((id, key)) = dedup_target(store, rules, &ticket, now)? {
            let mut existing = load_ticket(store, id)?;
            if rules.file.dedup.action == DedupAction::Merge {
                existing.merged.push(MergedFrom {
                    at: now,
                    channel: ticket.channel.clone(),
                    ticket: None,
                    title: Some(ticket.title.clone()),
                });
                existing.updated_at = now;
                let mut note = format!("{} via {}: {}", key, ticket.channel, ticket.title);
                if !ticket.body.is_empty() {
                    note.push('\n');
                    note.push_str(&ticket.body);
                }
                let event = NewEvent::new(now, actor, EventKind::Merged)
                    .change(None::<&str>, Some(&ticket.channel))
                    .note(note);
                save_one(store, existing, vec![event])?;
                let message = format!(
                    "merged into ticket {id}: same customer ({key}) within {} (use --no-dedup for a separate ticket)",
                    rules.file.dedup.window
                );
                return Ok((Outcome::Merged(id), message));
            }
            ticket.add_tag("possible-duplicate");
            ticket
                .fields
                .insert("possible_duplicate_of".into(), id.to_string());
        }
    }

    let mut note = format!("via {}", ticket.channel);
    if !classification.matched.is_empty() {
        note.push_str(&format!("; rules: {}", classification.matched.join(", ")));
    }
    let mut events = vec![NewEvent::new(now, actor, EventKind::Created)
        .change(None::<&str>, Some(Status::New))
        .note(note)];
    let mut message = String::new();
    if let Some(flow) = &classification.flow {
        // Before the save, so the ticket is stored already on the flow's first step.
        events.extend(
            crate::flows::start(rules, &mut ticket, flow, Some("by classification"), act)
                .map_err(Error::Data)?,
        );
        message = format!(
            "started flow {flow} at step {} (team {})",
            crate::flows::current_step(rules, &ticket).map_or("?", |(_, s)| s.name.as_str()),
            ticket.team.as_deref().unwrap_or("-")
        );
    }
    let id = save_one(store, ticket, std::mem::take(&mut events))?;
    if let Some(agent) = crate::dispatch::auto_assign(store, rules, id, now, actor)? {
        if !message.is_empty() {
            message.push('\n');
        }
        message.push_str(&format!("assigned to {agent}"));
    }
    Ok((Outcome::Created(id), message))
}

/// The customer's most recent active ticket created within the dedup
/// window, and the key that matched.
fn dedup_target(
    store: &dyn Store,
    rules: &Rules,
    ticket: &Ticket,
    now: DateTime<Utc>,
) -> Result<Option<(TicketId, String)>> {
    let spec = &rules.file.dedup;
    let wanted: Vec<String> = customer_keys(ticket)
        .into_iter()
        .filter(|k| {
            let kind = k.split(':').next().unwrap_or("");
            spec.keys.iter().any(|key| match key {
                DedupKey::Email => kind == "email",
                DedupKey::Phone => kind == "phone",
                DedupKey::CustomerId => kind == "id",
            })
        })
        .collect();
    let since = now - spec.window.to_chrono();
    let mut best: Option<(Ticket, String)> = None;
    for key in &wanted {
        for id in store.customer_tickets(std::slice::from_ref(key))? {
            let Some(t) = store.get(id)? else { continue };
            if t.status.is_active()
                && t.created_at >= since
                && t.merged_into.is_none()
                && best
                    .as_ref()
                    .is_none_or(|(b, _)| t.created_at > b.created_at)
            {
                best = Some((t, key.clone()));
            }
        }
    }
    Ok(best.map(|(t, key)| (t.id, key)))
}

/// A second send of the same source + external id: count it, take the new
/// text, and reopen the ticket if it was resolved or closed.
fn resend(
    store: &dyn Store,
    rules: &Rules,
    id: TicketId,
    fresh: &Ticket,
    act: Act,
) -> Result<String> {
    let mut ticket = load_ticket(store, id)?;
    ticket.repeats += 1;
    ticket.updated_at = act.at;
    let mut events = vec![NewEvent::new(act.at, act.actor, EventKind::Repeated)
        .change(None::<&str>, Some(ticket.repeats + 1))
        .note(format!("sent again via {}", fresh.channel))];
    if fresh.title != ticket.title {
        events.push(
            NewEvent::new(act.at, act.actor, EventKind::Update)
                .change(Some(&ticket.title), Some(&fresh.title))
                .note("title"),
        );
        ticket.title = fresh.title.clone();
    }
    if !fresh.body.is_empty() && fresh.body != ticket.body {
        events.push(
            NewEvent::new(act.at, act.actor, EventKind::Update)
                .note("body replaced by the re-sent text"),
        );
        ticket.body = fresh.body.clone();
    }
    for (k, v) in &fresh.fields {
        if ticket.fields.get(k) != Some(v) {
            events.push(
                NewEvent::new(act.at, act.actor, EventKind::Field)
                    .change(ticket.fields.get(k), Some(v))
                    .note(k.clone()),
            );
            ticket.fields.insert(k.clone(), v.clone());
        }
    }
    let mut message = format!(
        "ticket {id} already exists for this source and external id: repeat {} recorded",
        ticket.repeats + 1
    );
    if !ticket.status.is_active() {
        let was = ticket.status;
        events.extend(
            lifecycle::set_status(rules, &mut ticket, Status::Open, act).map_err(Error::Data)?,
        );
        message.push_str(&format!("; reopened (was {was})"));
    }
    save_one(store, ticket, events)?;
    Ok(message)
}

pub fn run(ctx: &mut Ctx, args: &CreateArgs) -> Result<()> {
    let request = request_from_args(args)?;
    let now = ctx.now()?;
    let actor = ctx.actor.clone();
    let store = ctx.open_store()?;
    let rules = ctx.rules()?.clone();
    let (outcome, message) = create_ticket(&*store, &rules, &request, now, &actor)?;
    let ticket = load_ticket(&*store, outcome.id())?;
    store.commit()?;
    drop(store);
    if !message.is_empty() {
        ctx.say(message);
    }
    // A typo in --skill (or a skill nobody has yet) would leave the ticket
    // unroutable without a word: say so while the sender is still there.
    for skill in ticket
        .skills
        .iter()
        .filter(|s| !rules.has_agent_with_skill(s))
    {
        ctx.say(format!(
            "warning: no agent has skill \"{skill}\": ticket {} waits unassigned until one does (see `triage agents`)",
            ticket.id
        ));
    }
    match ctx.format_or(Format::Ids) {
        format @ (Format::Json | Format::Jsonl) => {
            crate::output::write_json(&mut ctx.out, &ticket, format)?;
        }
        _ => writeln!(ctx.out, "{}", outcome.id())?,
    }
    Ok(())
}
