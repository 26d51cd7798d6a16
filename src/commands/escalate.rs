//! `triage escalate`: the cron job. At `--now`, every active ticket has its
//! SLA state brought in line with the rule file and climbs the escalation
//! ladder; pending tickets get their reminder, resolved tickets close
//! themselves, overloaded agents are reported to their leads. With ticket
//! ids and `--reason` it urges those tickets one rung instead (一键催办).
//!
//! Order of work, chosen so that nothing is lost or repeated:
//!
//! 1. Under the database lock: load and screen the tickets on all cores,
//!    evaluate the busy ones in memory ([`crate::escalation`]), save every
//!    changed ticket with its audit events (`escalated`, `notified`,
//!    `priority`, `due`, `assigned`, `tags`, `status`) in one transaction
//!    (in transactions of [`SAVE_CHUNK`] when there are more), save agent
//!    state, flush, close.
//! 2. Without the lock: deliver the notifications (the command may call
//!    `triage` itself).
//! 3. If a notification failed: a second short session appends a
//!    `notify_failed` event to the ticket. The rung was recorded in step 1,
//!    so it is neither lost nor fired again by the next run; the exit
//!    status is 1.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::{load_ticket, Ctx};
use crate::error::{Error, Result};
use crate::escalation::{self, ActionKind, Fired, Outcome, Staff, Trigger};
use crate::lifecycle::Act;
use crate::model::{EventKind, NewEvent, Ticket, TicketId};
use crate::notify::{Message, Notifier};
use crate::output::{self, Cell, Format, Table};
use crate::roster::Roster;
use crate::routing::Candidate;
use crate::rules::Rules;
use crate::store::{AgentState, Change, Store};
use crate::terminal;
use crate::timefmt;

#[derive(clap::Args, Debug)]
pub struct EscalateArgs {
    /// Urge these tickets (一键催办): escalate each one rung now, whatever its clocks say
    #[arg(value_name = "ID", requires = "reason")]
    pub ids: Vec<u64>,
    /// Why the tickets are urged (goes in the audit log and to the notifier)
    #[arg(long, value_name = "TEXT", requires = "ids")]
    pub reason: Option<String>,
    /// Show what would fire; write nothing and notify nobody
    #[arg(long)]
    pub dry_run: bool,
    /// With --format csv, leave out the header row: for a cron job that
    /// appends every run to one log
    #[arg(long)]
    pub no_header: bool,
}

/// One line of the output: one action of one automation.
struct Row {
    ticket: Option<TicketId>,
    event: &'static str,
    target: Option<&'static str>,
    rung: Option<u32>,
    percent: Option<f64>,
    action: &'static str,
    from: Cell,
    to: Cell,
    result: String,
}

/// A notification waiting for the database to be closed.
struct Outgoing {
    row: usize,
    ticket: Option<TicketId>,
    event: &'static str,
    recipient: String,
    /// Built only when a notifier is configured.
    message: Option<Message>,
}

/// Everything one run decided, before anything is written.
#[derive(Default)]
struct Plan {
    rows: Vec<Row>,
    outgoing: Vec<Outgoing>,
    changes: Vec<Change>,
    agent_states: BTreeMap<String, AgentState>,
    checked: usize,
    /// Whether to build notification documents (a notifier is configured).
    messages: bool,
}

fn time_cell(text: Option<&str>) -> Cell {
    match text.map(DateTime::parse_from_rfc3339) {
        Some(Ok(t)) => Cell::Time(t.with_timezone(&Utc)),
        Some(Err(_)) => Cell::opt_text(text),
        None => Cell::Empty,
    }
}

fn person(rules: &Rules, id: &str, role: &str) -> Value {
    let spec = rules.agent(id);
    json!({
        "id": id,
        "name": spec.and_then(|a| a.name.clone()),
        "email": spec.and_then(|a| a.email.clone()),
        "role": role,
    })
}

fn ticket_label(t: &Ticket) -> String {
    format!("Ticket {} ({}, {:?})", t.id, t.priority, t.title)
}

/// The JSON document and `TRIAGE_*` variables of a notification about a ticket.
fn ticket_message(
    rules: &Rules,
    ticket: &Ticket,
    fired: &Fired,
    outcome: &Outcome,
    now: DateTime<Utc>,
    actor: &str,
) -> Message {
    let recipient = outcome.to.clone().unwrap_or_default();
    let role = outcome.role.unwrap_or("agent");
    let event = fired.trigger.event();
    let mut env: Vec<(String, String)> = vec![
        ("TRIAGE_EVENT".into(), event.into()),
        ("TRIAGE_ACTION".into(), "notify".into()),
        ("TRIAGE_AT".into(), now.to_rfc3339()),
        ("TRIAGE_RECIPIENT".into(), recipient.clone()),
        ("TRIAGE_RECIPIENT_ROLE".into(), role.into()),
        ("TRIAGE_TICKET_ID".into(), ticket.id.to_string()),
        ("TRIAGE_TICKET_TITLE".into(), ticket.title.clone()),
        ("TRIAGE_TICKET_PRIORITY".into(), ticket.priority.to_string()),
        ("TRIAGE_TICKET_STATUS".into(), ticket.status.to_string()),
        (
            "TRIAGE_TICKET_TEAM".into(),
            ticket.team.clone().unwrap_or_default(),
        ),
        (
            "TRIAGE_TICKET_ASSIGNEE".into(),
            ticket.assignee.clone().unwrap_or_default(),
        ),
    ];
    if let Some(email) = rules.agent(&recipient).and_then(|a| a.email.clone()) {
        env.push(("TRIAGE_RECIPIENT_EMAIL".into(), email));
    }
    let actions: Vec<Value> = fired
        .outcomes
        .iter()
        .map(|o| {
            json!({
                "action": o.action.as_str(),
                "from": o.from,
                "to": o.to,
                "skipped": o.skipped,
            })
        })
        .collect();
    let mut payload = json!({
        "event": event,
        "action": "notify",
        "at": now,
        "actor": actor,
        "recipient": person(rules, &recipient, role),
    });
    let text = match &fired.trigger {
        Trigger::Rung {
            target,
            rung,
            at,
            clock,
            urged,
        } => {
            let threshold = escalation::threshold_text(*at);
            env.push(("TRIAGE_TARGET".into(), target.as_str().into()));
            env.push(("TRIAGE_RUNG".into(), rung.to_string()));
            env.push(("TRIAGE_THRESHOLD".into(), threshold.clone()));
            let percent = clock.and_then(|c| c.percent());
            if let Some(p) = percent {
                env.push(("TRIAGE_PERCENT".into(), format!("{p:.1}")));
            }
            if let Some(reason) = urged {
                env.push(("TRIAGE_REASON".into(), reason.clone()));
            }
            payload["escalation"] = json!({
                "target": target.as_str(),
                "rung": rung,
                "threshold": threshold,
                "elapsed_secs": clock.map(|c| c.elapsed.secs()),
                "target_secs": clock.map(|c| c.within.secs()),
                "percent": percent.map(|p| (p * 10.0).round() / 10.0),
                "state": clock.map(|c| c.state.as_str()),
                "reason": urged,
            });
            payload["actions"] = Value::Array(actions);
            let describe = escalation::describe(*target, *rung, *at, clock.as_ref());
            match urged {
                Some(reason) => format!(
                    "{} was urged by {actor}: {reason} ({describe})",
                    ticket_label(ticket)
                ),
                None => format!("{} escalated: {describe}", ticket_label(ticket)),
            }
        }
        Trigger::PendingReminder { since } => {
            let waited = (now - *since).num_seconds();
            payload["pending"] = json!({ "since": since, "waited_secs": waited });
            format!(
                "{} has been waiting on the customer for {}",
                ticket_label(ticket),
                crate::duration::human_secs(waited)
            )
        }
        _ => ticket_label(ticket),
    };
    env.push(("TRIAGE_MESSAGE".into(), text.clone()));
    payload["message"] = Value::String(text);
    payload["ticket"] = serde_json::to_value(ticket).unwrap_or(Value::Null);
    Message { payload, env }
}

/// The notification to a lead about an overloaded agent.
fn overload_message(
    rules: &Rules,
    o: &escalation::Overload,
    lead: &str,
    now: DateTime<Utc>,
    actor: &str,
) -> Message {
    let text = format!(
        "Agent {} has {} active tickets, above the overload limit of {}",
        o.agent, o.load, o.limit
    );
    let payload = json!({
        "event": "overload",
        "action": "notify",
        "at": now,
        "actor": actor,
        "recipient": person(rules, lead, "team_lead"),
        "message": text,
        "overload": { "agent": o.agent, "load": o.load, "limit": o.limit },
        "ticket": null,
    });
    let mut env: Vec<(String, String)> = vec![
        ("TRIAGE_EVENT".into(), "overload".into()),
        ("TRIAGE_ACTION".into(), "notify".into()),
        ("TRIAGE_AT".into(), now.to_rfc3339()),
        ("TRIAGE_RECIPIENT".into(), lead.into()),
        ("TRIAGE_RECIPIENT_ROLE".into(), "team_lead".into()),
        ("TRIAGE_AGENT".into(), o.agent.clone()),
        ("TRIAGE_LOAD".into(), o.load.to_string()),
        ("TRIAGE_LIMIT".into(), o.limit.to_string()),
        ("TRIAGE_MESSAGE".into(), text),
    ];
    if let Some(email) = rules.agent(lead).and_then(|a| a.email.clone()) {
        env.push(("TRIAGE_RECIPIENT_EMAIL".into(), email));
    }
    Message { payload, env }
}

impl Plan {
    /// Records what fired on one ticket: output rows, notifications to send
    /// (with the ticket as it stands after the run) and the change to save.
    fn add_ticket(
        &mut self,
        rules: &Rules,
        mut ticket: Ticket,
        fired: Vec<Fired>,
        now: DateTime<Utc>,
        actor: &str,
        dry_run: bool,
    ) {
        let events: Vec<NewEvent> = fired.iter().flat_map(|f| f.events.clone()).collect();
        // The notifier sees the ticket as it will be stored.
        ticket.history_len += events.len() as u32;
        for f in &fired {
            let (target, rung, percent) = match &f.trigger {
                Trigger::Rung {
                    target,
                    rung,
                    clock,
                    ..
                } => (
                    Some(target.as_str()),
                    Some(*rung),
                    clock.and_then(|c| c.percent()),
                ),
                _ => (None, None, None),
            };
            let outcomes: Vec<Option<&Outcome>> = if f.outcomes.is_empty() {
                vec![None]
            } else {
                f.outcomes.iter().map(Some).collect()
            };
            for o in outcomes {
                let Some(o) = o else {
                    self.rows.push(Row {
                        ticket: Some(ticket.id),
                        event: f.trigger.event(),
                        target,
                        rung,
                        percent,
                        action: "none",
                        from: Cell::Empty,
                        to: Cell::Empty,
                        result: "no actions on this rung".into(),
                    });
                    continue;
                };
                let (from, to) = if o.action == ActionKind::Due {
                    (time_cell(o.from.as_deref()), time_cell(o.to.as_deref()))
                } else {
                    (Cell::opt_text(o.from.clone()), Cell::opt_text(o.to.clone()))
                };
                let result = match (&o.skipped, dry_run) {
                    (Some(why), _) => format!("skipped: {why}"),
                    (None, true) => "dry run".into(),
                    (None, false) if o.is_notification() => "pending".into(),
                    (None, false) => "done".into(),
                };
                self.rows.push(Row {
                    ticket: Some(ticket.id),
                    event: f.trigger.event(),
                    target: target.or(o.target.map(|t| t.as_str())),
                    rung,
                    percent,
                    action: o.action.as_str(),
                    from,
                    to,
                    result,
                });
                if o.is_notification() && !dry_run {
                    self.outgoing.push(Outgoing {
                        row: self.rows.len() - 1,
                        ticket: Some(ticket.id),
                        event: f.trigger.event(),
                        recipient: o.to.clone().unwrap_or_default(),
                        message: self
                            .messages
                            .then(|| ticket_message(rules, &ticket, f, o, now, actor)),
                    });
                }
            }
        }
        self.changes.push(Change { ticket, events });
    }

    fn add_overloads(
        &mut self,
        rules: &Rules,
        changes: Vec<escalation::Overload>,
        states: &HashMap<String, AgentState>,
        now: DateTime<Utc>,
        actor: &str,
        dry_run: bool,
    ) {
        for o in changes {
            let state = self
                .agent_states
                .entry(o.agent.clone())
                .or_insert_with(|| states.get(&o.agent).cloned().unwrap_or_default());
            state.overloaded = o.overloaded;
            if !o.overloaded {
                self.rows.push(Row {
                    ticket: None,
                    event: "overload",
                    target: None,
                    rung: None,
                    percent: None,
                    action: "clear",
                    from: Cell::text(format!("{}: {} < {}", o.agent, o.load, o.limit)),
                    to: Cell::Empty,
                    result: if dry_run { "dry run" } else { "done" }.into(),
                });
                continue;
            }
            let from = Cell::text(format!("{}: {} > {}", o.agent, o.load, o.limit));
            if o.leads.is_empty() {
                self.rows.push(Row {
                    ticket: None,
                    event: "overload",
                    target: None,
                    rung: None,
                    percent: None,
                    action: "notify",
                    from,
                    to: Cell::Empty,
                    result: "skipped: no team lead to tell".into(),
                });
                continue;
            }
            for lead in &o.leads {
                self.rows.push(Row {
                    ticket: None,
                    event: "overload",
                    target: None,
                    rung: None,
                    percent: None,
                    action: "notify",
                    from: from.clone(),
                    to: Cell::text(lead.clone()),
                    result: if dry_run { "dry run" } else { "pending" }.into(),
                });
                if !dry_run {
                    self.outgoing.push(Outgoing {
                        row: self.rows.len() - 1,
                        ticket: None,
                        event: "overload",
                        recipient: lead.clone(),
                        message: self
                            .messages
                            .then(|| overload_message(rules, &o, lead, now, actor)),
                    });
                }
            }
        }
    }
}

fn table(rows: &[Row]) -> Table {
    let mut table = Table::new(
        "escalate",
        "",
        &[
            ("ticket", "Ticket"),
            ("event", "Event"),
            ("target", "Target"),
            ("rung", "Rung"),
            ("elapsed_pct", "Elapsed"),
            ("action", "Action"),
            ("from", "From"),
            ("to", "To"),
            ("result", "Result"),
        ],
    );
    for r in rows {
        table.push(vec![
            r.ticket
                .map(|id| Cell::Int(id as i64))
                .unwrap_or(Cell::Empty),
            Cell::text(r.event),
            Cell::opt_text(r.target),
            r.rung.map(|n| Cell::Int(n as i64)).unwrap_or(Cell::Empty),
            Cell::opt_percent(r.percent),
            Cell::text(r.action),
            r.from.clone(),
            r.to.clone(),
            Cell::text(r.result.clone()),
        ]);
    }
    table
}

/// Tickets saved per transaction. A ticket is always written with its
/// events and indexes in one transaction; a run that changes more tickets
/// than this (the first run after an outage or a rule change) writes them in
/// several, because one huge sled transaction costs far more time and
/// memory. A crash between two leaves the later tickets for the next run,
/// which escalates them then: nothing is repeated.
const SAVE_CHUNK: usize = 1000;

/// Loads the tickets a scheduled run looks at and keeps those with
/// something to do, on all cores: reading and decoding the tickets is most
/// of a run's work, and at any minute nearly all of them are quiet.
///
/// The tickets looked at are the active ones, and the resolved ones too
/// when `auto_close_after` is set (found through the report summaries, so
/// closed tickets are never decoded).
///
/// A ticket is quiet when [`escalation::run`] on a copy changes nothing;
/// that does not depend on the roster's state (only *what* a reassignment
/// does does), so the real run, in id order with one shared roster, sees
/// exactly the tickets kept here.
/// Ids read together while screening.
const SCREEN_STEP: usize = 512;

fn screen(
    store: &dyn Store,
    rules: &Rules,
    candidates: &[Candidate<'_>],
    act: Act,
) -> Result<Screened> {
    let auto_close = rules.file.escalation.auto_close_after.is_some();
    let ids: Vec<TicketId> = if auto_close {
        store
            .summaries()?
            .iter()
            .filter(|s| s.status.is_active() || s.status == crate::model::Status::Resolved)
            .map(|s| s.id)
            .collect()
    } else {
        store.active_ids()?
    };
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let per_thread = ids.len().div_ceil(threads).max(1);
    let outcomes: Vec<Result<Screened>> = std::thread::scope(|scope| {
        let handles: Vec<_> = ids
            .chunks(per_thread)
            .map(|chunk| {
                let mut probe_staff = Staff::new(candidates.to_vec());
                scope.spawn(move || -> Result<Screened> {
                    let mut part = Screened::default();
                    // Neighbouring ids share a stored page: read them together.
                    for step in chunk.chunks(SCREEN_STEP) {
                        for ticket in store.get_many(step)? {
                            let wanted = ticket.status.is_active()
                                || (auto_close && ticket.status == crate::model::Status::Resolved);
                            if !wanted {
                                continue;
                            }
                            part.looked += 1;
                            if let (Some(agent), true) =
                                (&ticket.assignee, ticket.status.is_active())
                            {
                                *part.loads.entry(agent.clone()).or_insert(0) += 1;
                            }
                            let mut probe = ticket.clone();
                            if !escalation::run(rules, &mut probe, &mut probe_staff, act).is_empty()
                            {
                                part.busy.push(ticket);
                            }
                        }
                    }
                    Ok(part)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a screening thread panicked"))
            .collect()
    });
    let mut all = Screened::default();
    for outcome in outcomes {
        let part = outcome?;
        all.looked += part.looked;
        all.busy.extend(part.busy);
        for (agent, n) in part.loads {
            *all.loads.entry(agent).or_insert(0) += n;
        }
    }
    Ok(all)
}

/// What screening found.
#[derive(Default)]
struct Screened {
    /// Tickets looked at.
    looked: usize,
    /// Tickets with something to do, in id order.
    busy: Vec<Ticket>,
    /// Active tickets per assignee: the same numbers as the store's index.
    loads: HashMap<String, u32>,
}

/// Evaluates and (unless `--dry-run`) saves, holding the database lock.
fn evaluate(
    store: &dyn Store,
    rules: &Rules,
    args: &EscalateArgs,
    now: DateTime<Utc>,
    actor: &str,
    messages: bool,
) -> Result<Plan> {
    let act = Act { at: now, actor };
    let states = store.agent_states()?;
    let roster = Roster::new(rules);
    let mut plan = Plan {
        messages,
        ..Plan::default()
    };
    let mut staff;
    if args.ids.is_empty() {
        // Screening does not depend on the roster's loads (see `screen`),
        // and it counts them on the way, sparing a pass over the index.
        let probe = roster.candidates(&states, &HashMap::new(), now);
        let screened = screen(store, rules, &probe, act)?;
        staff = Staff::new(roster.candidates(&states, &screened.loads, now));
        plan.checked = screened.looked;
        for mut ticket in screened.busy {
            let fired = escalation::run(rules, &mut ticket, &mut staff, act);
            if !fired.is_empty() {
                plan.add_ticket(rules, ticket, fired, now, actor, args.dry_run);
            }
        }
    } else {
        let reason = args.reason.as_deref().unwrap_or_default().trim();
        if reason.is_empty() {
            return Err(Error::Usage(
                "--reason TEXT is required to urge tickets: it goes in the audit log".into(),
            ));
        }
        staff = Staff::new(roster.candidates(&states, &store.loads()?, now));
        let mut seen = std::collections::HashSet::new();
        // All or nothing: every ticket is checked before anything is saved.
        for &id in args.ids.iter().filter(|id| seen.insert(**id)) {
            let mut ticket = load_ticket(store, id)?;
            let fired = escalation::urge(rules, &mut ticket, &mut staff, reason, act)
                .map_err(Error::Data)?;
            plan.checked += 1;
            plan.add_ticket(rules, ticket, fired, now, actor, args.dry_run);
        }
    }
    let overloads = escalation::overload_watch(rules, &staff.candidates, |agent| {
        states.get(agent).is_some_and(|s| s.overloaded)
    });
    plan.add_overloads(rules, overloads, &states, now, actor, args.dry_run);
    for c in staff.assigned_in_run() {
        let state = plan
            .agent_states
            .entry(c.id.to_string())
            .or_insert_with(|| states.get(c.id).cloned().unwrap_or_default());
        state.last_assigned = c.last_assigned;
    }
    if !args.dry_run {
        let mut changes = std::mem::take(&mut plan.changes).into_iter();
        loop {
            let chunk: Vec<Change> = changes.by_ref().take(SAVE_CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            store.save(chunk)?;
        }
        for (agent, state) in &plan.agent_states {
            store.set_agent_state(agent, state)?;
        }
        store.commit()?;
    }
    Ok(plan)
}

/// Appends `notify_failed` events in a second short session, so the
/// failure is on the ticket's record next to the escalation.
fn record_failures(ctx: &mut Ctx, failed: &[(TicketId, NewEvent)]) -> Result<()> {
    let store = ctx.open_store()?;
    let mut by_ticket: BTreeMap<TicketId, Vec<NewEvent>> = BTreeMap::new();
    for (id, event) in failed {
        by_ticket.entry(*id).or_default().push(event.clone());
    }
    let mut changes = Vec::new();
    for (id, events) in by_ticket {
        // The notifier may have changed the ticket (or trashed it) meanwhile:
        // append to what is stored now.
        match store.get(id)? {
            Some(ticket) => changes.push(Change { ticket, events }),
            None => ctx.say(format!(
                "ticket {id} is gone: its notify_failed event is not recorded"
            )),
        }
    }
    store.save(changes)?;
    store.commit()?;
    Ok(())
}

pub fn run(ctx: &mut Ctx, args: &EscalateArgs) -> Result<()> {
    let now = ctx.now()?;
    let rules = ctx.rules()?.clone();
    let actor = ctx.actor.clone();
    let format = ctx.format_or(Format::Table);
    let rules_path: Option<PathBuf> = ctx
        .rules_file()
        .filter(|p| p.display().to_string() == rules.origin);

    // A notify command may call triage itself: it gets the same database,
    // a server's password apart from its URL, as libpq's PGPASSWORD.
    let mut common = vec![(
        "TRIAGE_DB".to_string(),
        crate::store::display_location(&ctx.db_path),
    )];
    if let Some(password) = crate::store::password_of(&ctx.db_path) {
        common.push(("PGPASSWORD".to_string(), password));
    }
    if let Some(path) = &rules_path {
        common.push(("TRIAGE_RULES".to_string(), path.display().to_string()));
    }
    let notifier = Notifier::new(
        &rules.file.notify,
        rules_path.as_deref().and_then(|p| p.parent()),
        common,
    );

    let store = ctx.open_store()?;
    // A first run over a backlog writes thousands of tickets: seconds.
    let bar = crate::progress::spinner("escalating", ctx.quiet);
    let plan = evaluate(&*store, &rules, args, now, &actor, notifier.is_configured());
    drop(store);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let mut plan = plan?;

    // The database is closed: notifications may call triage.
    let mut total = plan.outgoing.len();
    let mut failed: Vec<(TicketId, NewEvent)> = Vec::new();
    let mut failures = 0;
    if total > 0 {
        if !notifier.is_configured() {
            ctx.say(format!(
                "{total} notifications recorded in the audit log only: the rule file sets no notify.command or notify.jsonl"
            ));
            for o in &plan.outgoing {
                plan.rows[o.row].result = "recorded (no notifier)".into();
            }
        } else {
            let messages: Vec<Message> = plan
                .outgoing
                .iter_mut()
                .filter_map(|o| o.message.take())
                .collect();
            let results = notifier.send_all(&messages);
            for (o, result) in plan.outgoing.iter().zip(results) {
                match result {
                    Ok(()) => plan.rows[o.row].result = "sent".into(),
                    Err(e) => {
                        failures += 1;
                        let subject = o
                            .ticket
                            .map(|id| format!("ticket {id}"))
                            .unwrap_or_else(|| "agent overload".into());
                        // `e` carries the notify command's own stderr.
                        let message = format!(
                            "triage: notification failed ({subject}, {}, to {}): {e}",
                            o.event, o.recipient
                        );
                        eprintln!("{}", terminal::block(&message));
                        plan.rows[o.row].result = format!("failed: {e}");
                        if let Some(id) = o.ticket {
                            failed.push((
                                id,
                                NewEvent::new(now, &actor, EventKind::NotifyFailed)
                                    .change(None::<&str>, Some(&o.recipient))
                                    .note(format!("{}: {e}", o.event)),
                            ));
                        }
                    }
                }
            }
        }
    }

    let zone = rules.zone;
    if plan.rows.is_empty() && matches!(format, Format::Table | Format::Markdown) {
        ctx.say(format!(
            "nothing to escalate at {} ({} tickets checked)",
            timefmt::show(now, zone),
            plan.checked
        ));
    } else if format == Format::Ids {
        let mut ids: Vec<TicketId> = Vec::new();
        for id in plan.rows.iter().filter_map(|r| r.ticket) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        for id in ids {
            writeln!(ctx.out, "{id}")?;
        }
    } else if format == Format::Csv && args.no_header {
        output::render_csv_rows(&mut ctx.out, &table(&plan.rows), zone)?;
    } else {
        output::render(&mut ctx.out, &table(&plan.rows), format, zone)?;
    }
    if args.dry_run {
        total = plan
            .rows
            .iter()
            .filter(|r| matches!(r.action, "notify" | "remind") && r.result == "dry run")
            .count();
    }
    if !plan.rows.is_empty() {
        let tickets = plan
            .rows
            .iter()
            .filter_map(|r| r.ticket)
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        ctx.say(format!(
            "{}{} actions on {tickets} of {} tickets checked; {} notifications{}",
            if args.dry_run { "dry run: " } else { "" },
            plan.rows.len(),
            plan.checked,
            total,
            if failures > 0 {
                format!(", {failures} failed")
            } else {
                String::new()
            }
        ));
    }

    if failures == 0 {
        return Ok(());
    }
    if !failed.is_empty() {
        // Exit 1 all the same: the failure is what the caller must hear about.
        if let Err(e) = record_failures(ctx, &failed) {
            let message = format!("triage: could not record the notify_failed events: {e}");
            eprintln!("{}", terminal::block(&message));
        }
    }
    Err(Error::Partial(format!(
        "{failures} of {total} notifications failed{}",
        if failed.is_empty() {
            String::new()
        } else {
            " (recorded as notify_failed on the tickets; the escalations themselves are saved and will not fire again)".to_string()
        }
    )))
}
