//! Fills a triage database with N generated tickets for benchmarks.
//!
//! ```text
//! cargo run --release --example fill_db -- DB N [RULES]
//! ```
//!
//! Tickets are written straight through `triage::store::Store::save` in
//! batches, each with the audit events the real commands would record
//! (they go through the same `intake` and `lifecycle` functions), so
//! reports, `--as-of`, escalation and routing see realistic data:
//!
//! * arrivals over the 90 days before the clock (`TRIAGE_NOW`, default
//!   2026-03-02 18:00 in the rules' zone), weighted to weekday business hours;
//! * titles that trigger the rule file's classification, a mix of channels,
//!   priorities and tiers (1 in 10 VIP);
//! * assignment to an agent of the ticket's team (else anyone), some
//!   reassignments, a first response, waits on the customer, resolution
//!   after a log-normal handle time, closes, reopens and CSAT scores; older
//!   tickets are mostly resolved, recent ones are the backlog.
//!
//! The agents and SLA policies come from RULES (a rule file such as
//! `fixtures/rules/team.yaml`), else the embedded rules. Generation is
//! seeded by N, so the same N gives the same database.

use std::path::PathBuf;
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Exp, LogNormal};

use triage::intake;
use triage::lifecycle::{self, Act};
use triage::model::EventKind;
use triage::model::{NewEvent, Priority, Status, Ticket};
use triage::rules::Rules;
use triage::store::Change;
use triage::timefmt;

/// Tickets per `Store::save` transaction (env `FILL_BATCH`).
const BATCH: usize = 1_000;

fn batch_size() -> usize {
    std::env::var("FILL_BATCH")
        .ok()
        .and_then(|b| b.parse().ok())
        .filter(|&b| b > 0)
        .unwrap_or(BATCH)
}
const DAYS: i64 = 90;

const TITLES: &[&str] = &[
    "Charged twice for my order",
    "Please refund order",
    "退款申请",
    "Service outage: cannot login",
    "系统宕机，无法登录",
    "Invoice missing",
    "Forgot my password",
    "How do I change my address?",
    "Package arrived damaged",
    "Question about my plan",
    "App crashes on start",
    "Where is my delivery?",
];
const CHANNELS: &[&str] = &[
    "email", "email", "email", "web", "chat", "chat", "phone", "social", "api",
];
const ACTOR: &str = "fill_db";

fn usage() -> ! {
    eprintln!("usage: fill_db DB N [RULES]   (clock: TRIAGE_NOW, default 2026-03-02 18:00)");
    std::process::exit(2);
}

/// Relative arrival weight of a local hour and weekday (0 = Monday).
fn arrival_weight(weekday: u32, hour: u32) -> f64 {
    let day = if weekday < 5 { 1.0 } else { 0.35 };
    let hour = match hour {
        0..=6 => 0.1,
        7..=8 => 0.5,
        9..=11 => 1.0,
        12..=13 => 0.7,
        14..=17 => 0.9,
        18..=21 => 0.4,
        _ => 0.2,
    };
    day * hour
}

fn arrival(rng: &mut StdRng, start: DateTime<Utc>, span_secs: i64, rules: &Rules) -> DateTime<Utc> {
    use chrono::{Datelike, Timelike};
    loop {
        let at = start + Duration::seconds(rng.random_range(0..span_secs));
        let local = at.with_timezone(&rules.zone);
        let w = arrival_weight(local.weekday().num_days_from_monday(), local.hour());
        if rng.random::<f64>() < w {
            return at;
        }
    }
}

fn minutes(rng: &mut StdRng, mean_minutes: f64) -> Duration {
    let exp = Exp::new(1.0 / mean_minutes).expect("positive mean");
    Duration::seconds((exp.sample(rng) * 60.0).round().max(1.0) as i64)
}

/// One ticket's life up to `now`, through the same functions the commands use.
fn life(rng: &mut StdRng, rules: &Rules, created: DateTime<Utc>, now: DateTime<Utc>) -> Change {
    let mut ticket = Ticket::new(TITLES[rng.random_range(0..TITLES.len())], created);
    ticket.channel = CHANNELS[rng.random_range(0..CHANNELS.len())].to_string();
    let customer = rng.random_range(0..200_000u32);
    ticket.customer.email = Some(format!("customer{customer}@example.com"));
    ticket.customer.name = Some(format!("Customer {customer}"));
    if customer % 10 == 0 {
        ticket.customer.tier = Some("vip".to_string());
    }
    let mut explicit = Vec::new();
    if rng.random::<f64>() < 0.3 {
        ticket.priority = Priority::ALL[rng.random_range(0..4)];
        explicit.push("priority");
    }
    intake::prepare(rules, &mut ticket, &explicit, created, ACTOR);
    let mut events = vec![NewEvent::new(created, ACTOR, EventKind::Created)
        .change(None::<&str>, Some(Status::New))
        .note(format!("via {}", ticket.channel))];

    let agents: Vec<&str> = {
        let team: Vec<&str> = ticket
            .team
            .as_deref()
            .map(|t| {
                rules
                    .team_members(t)
                    .iter()
                    .map(|a| a.id.as_str())
                    .collect()
            })
            .unwrap_or_default();
        if team.is_empty() {
            rules.file.agents.iter().map(|a| a.id.as_str()).collect()
        } else {
            team
        }
    };
    let mut t = created;
    let step = |rng: &mut StdRng, mean: f64, t: &mut DateTime<Utc>| {
        *t += minutes(rng, mean);
        *t <= now
    };
    macro_rules! apply {
        ($result:expr) => {
            match $result {
                Ok(evs) => events.extend(evs),
                Err(_) => return Change { ticket, events },
            }
        };
    }
    // About 1 in 100 tickets is never picked up and 1 in 25 stalls after
    // the first response: the old end of the backlog.
    if agents.is_empty() || rng.random::<f64>() < 0.01 || !step(rng, 25.0, &mut t) {
        return Change { ticket, events };
    }
    let agent = agents[rng.random_range(0..agents.len())];
    apply!(lifecycle::assign(
        rules,
        &mut ticket,
        agent,
        None,
        Act {
            at: t,
            actor: ACTOR
        }
    ));
    if rng.random::<f64>() < 0.04 && step(rng, 60.0, &mut t) {
        let other = rules.file.agents[rng.random_range(0..rules.file.agents.len())]
            .id
            .as_str();
        if other != agent {
            apply!(lifecycle::assign(
                rules,
                &mut ticket,
                other,
                Some("hand-over"),
                Act {
                    at: t,
                    actor: ACTOR
                }
            ));
        }
    }
    if !step(rng, 50.0, &mut t) {
        return Change { ticket, events };
    }
    apply!(lifecycle::respond(
        rules,
        &mut ticket,
        None,
        Act {
            at: t,
            actor: ACTOR
        }
    ));
    if rng.random::<f64>() < 0.04 {
        return Change { ticket, events };
    }
    if rng.random::<f64>() < 0.15 {
        if !step(rng, 30.0, &mut t) {
            return Change { ticket, events };
        }
        apply!(lifecycle::set_status(
            rules,
            &mut ticket,
            Status::Pending,
            Act {
                at: t,
                actor: ACTOR
            }
        ));
        if !step(rng, 300.0, &mut t) {
            return Change { ticket, events };
        }
        apply!(lifecycle::set_status(
            rules,
            &mut ticket,
            Status::Open,
            Act {
                at: t,
                actor: ACTOR
            }
        ));
    }
    if rng.random::<f64>() < 0.25 && step(rng, 120.0, &mut t) {
        apply!(lifecycle::respond(
            rules,
            &mut ticket,
            None,
            Act {
                at: t,
                actor: ACTOR
            }
        ));
    }
    let handle: LogNormal<f64> = LogNormal::new(5.5, 1.0).expect("valid log-normal");
    t += Duration::minutes(handle.sample(rng).min(60.0 * 24.0 * 20.0) as i64 + 1);
    if t > now {
        return Change { ticket, events };
    }
    apply!(lifecycle::set_status(
        rules,
        &mut ticket,
        Status::Resolved,
        Act {
            at: t,
            actor: ACTOR
        }
    ));
    if rng.random::<f64>() < 0.3 && step(rng, 240.0, &mut t) {
        apply!(lifecycle::set_csat(
            &mut ticket,
            rng.random_range(1..=5u8).max(rng.random_range(2..=5)),
            Act {
                at: t,
                actor: ACTOR
            }
        ));
    }
    if rng.random::<f64>() < 0.05 {
        if !step(rng, 600.0, &mut t) {
            return Change { ticket, events };
        }
        apply!(lifecycle::set_status(
            rules,
            &mut ticket,
            Status::Open,
            Act {
                at: t,
                actor: ACTOR
            }
        ));
        if !step(rng, 240.0, &mut t) {
            return Change { ticket, events };
        }
        apply!(lifecycle::set_status(
            rules,
            &mut ticket,
            Status::Resolved,
            Act {
                at: t,
                actor: ACTOR
            }
        ));
    }
    let close_at = t + Duration::days(3);
    if close_at <= now && rng.random::<f64>() < 0.6 {
        apply!(lifecycle::set_status(
            rules,
            &mut ticket,
            Status::Closed,
            Act {
                at: close_at,
                actor: ACTOR
            }
        ));
    }
    Change { ticket, events }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 || args.len() > 3 {
        usage();
    }
    let db = PathBuf::from(&args[0]);
    let n: u64 = args[1].replace('_', "").parse().unwrap_or_else(|_| usage());
    let rules = match args.get(2) {
        Some(path) => Rules::load(path.as_ref()).unwrap_or_else(|e| {
            eprintln!("fill_db: {e}");
            std::process::exit(1)
        }),
        None => Rules::embedded(),
    };
    let now_text = std::env::var("TRIAGE_NOW").unwrap_or_else(|_| "2026-03-02 18:00".to_string());
    let now = timefmt::parse_time(&now_text, rules.zone).unwrap_or_else(|e| {
        eprintln!("fill_db: TRIAGE_NOW: {e}");
        std::process::exit(2)
    });
    let start = now - Duration::days(DAYS);
    let store = triage::store::open_path(&db, StdDuration::from_secs(30)).unwrap_or_else(|e| {
        eprintln!("fill_db: {e}");
        std::process::exit(1)
    });
    // Written like an import: index entries of the new tickets in one pass at the end.
    store.begin_bulk().expect("bulk");
    let mut rng = StdRng::seed_from_u64(n);
    // Arrival times in order, so ids ascend with creation as in real use.
    let mut created: Vec<DateTime<Utc>> = (0..n)
        .map(|_| arrival(&mut rng, start, DAYS * 86_400, &rules))
        .collect();
    created.sort_unstable();
    let began = Instant::now();
    let batch_len = batch_size();
    let mut batch = Vec::with_capacity(batch_len);
    let mut events = 0usize;
    for (i, at) in created.into_iter().enumerate() {
        let change = life(&mut rng, &rules, at, now);
        events += change.events.len();
        batch.push(change);
        if batch.len() == batch_len {
            store.save(std::mem::take(&mut batch)).unwrap_or_else(|e| {
                eprintln!("fill_db: {e}");
                std::process::exit(1)
            });
            if (i + 1) % 100_000 == 0 {
                eprintln!(
                    "fill_db: {} tickets, {:.1}s",
                    i + 1,
                    began.elapsed().as_secs_f64()
                );
            }
        }
    }
    if !batch.is_empty() {
        store.save(batch).unwrap_or_else(|e| {
            eprintln!("fill_db: {e}");
            std::process::exit(1)
        });
    }
    store.end_bulk().expect("index entries");
    store.commit().unwrap_or_else(|e| {
        eprintln!("fill_db: {e}");
        std::process::exit(1)
    });
    eprintln!(
        "fill_db: {n} tickets, {events} events in {} at clock {} ({:.1}s)",
        db.display(),
        timefmt::show(now, rules.zone),
        began.elapsed().as_secs_f64()
    );
}
