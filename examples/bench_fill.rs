//! Fills a database with N new, unassigned tickets for the benchmarks:
//! `cargo run --release --example bench_fill -- DB N [SKILL,SKILL,...]`.
//! Tickets get a spread of priorities, channels, customers and creation
//! times over the 30 days before 2026-03-02, and one of the given skills.

use std::time::Duration;

use chrono::{TimeZone, Utc};
use triage::model::{Priority, Ticket};
use triage::store::Change;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: bench_fill DB N [SKILLS]");
        std::process::exit(2);
    }
    let n: u64 = args[2].parse().expect("N is a number");
    let skills: Vec<String> = args
        .get(3)
        .map(|s| s.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    let store = triage::store::open_path(std::path::Path::new(&args[1]), Duration::from_secs(30))
        .expect("open database");
    // Written like an import: index entries of the new tickets in one pass at the end.
    store.begin_bulk().expect("bulk");
    let start = Utc.with_ymd_and_hms(2026, 1, 31, 0, 0, 0).unwrap();
    let channels = ["email", "phone", "chat", "web", "api"];
    let mut batch = Vec::with_capacity(1000);
    for i in 0..n {
        let created = start + chrono::Duration::seconds((i * 2_592_000 / n.max(1)) as i64);
        let mut t = Ticket::new(
            format!("Benchmark ticket {i}: cannot access invoice"),
            created,
        );
        t.body = format!("Customer {i} reports a problem with order {}", 100_000 + i);
        t.customer.email = Some(format!("customer{}@example.com", i % 50_000));
        t.channel = channels[(i % 5) as usize].to_string();
        t.priority = Priority::ALL[(i % 4) as usize];
        if !skills.is_empty() {
            t.skills = vec![skills[(i as usize) % skills.len()].clone()];
        }
        batch.push(Change {
            ticket: t,
            events: Vec::new(),
        });
        if batch.len() == 1000 {
            store.save(std::mem::take(&mut batch)).expect("save batch");
        }
    }
    if !batch.is_empty() {
        store.save(batch).expect("save batch");
    }
    store.end_bulk().expect("index entries");
    store.commit().expect("flush");
    eprintln!("filled {} with {n} tickets", args[1]);
}
