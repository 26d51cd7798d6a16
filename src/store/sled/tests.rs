//! The engine against a model: random creates, updates, deletes and
//! restores (some of them huge tickets that spill, some in bulk mode), and
//! after each step every query answers what a plain map of tickets says,
//! and `inspect` finds nothing wrong.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration as StdDuration;

use chrono::{TimeZone, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::SledStore;
use crate::model::{EventKind, NewEvent, Status, Ticket, TicketId};
use crate::store::{customer_keys, Change, OpenOptions, Store};
use crate::summary::Summary;

fn open(dir: &std::path::Path) -> SledStore {
    SledStore::open(dir, OpenOptions::new(StdDuration::from_secs(5))).unwrap()
}

fn event(kind: EventKind) -> NewEvent {
    NewEvent::new(
        Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
        "t",
        kind,
    )
}

/// What the store should hold: live tickets with their event counts, and
/// the trash.
#[derive(Default)]
struct Model {
    live: BTreeMap<TicketId, (Ticket, u32)>,
    trash: BTreeSet<TicketId>,
    next: TicketId,
}

fn random_ticket(rng: &mut StdRng, n: u64) -> Ticket {
    let mut t = Ticket::new(
        format!("ticket {n}"),
        Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap() + chrono::Duration::minutes(n as i64),
    );
    if rng.random_bool(0.3) {
        t.source = Some("mail".into());
        t.external_id = Some(format!("m-{}", rng.random_range(0..40)));
    }
    if rng.random_bool(0.5) {
        t.customer.email = Some(format!("C{}@Example.com", rng.random_range(0..10)));
    }
    if rng.random_bool(0.2) {
        t.customer.phone = Some(format!("+86 138 0000 {:04}", rng.random_range(0..10)));
    }
    if rng.random_bool(0.05) {
        // Bigger than a page may hold: it spills into chunks.
        let mut x: u64 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        t.body = (0..60_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                char::from(b'a' + (x % 26) as u8)
            })
            .collect();
    }
    t
}

fn check(store: &SledStore, model: &Model) {
    let inspection = store.check().unwrap();
    assert!(inspection.is_clean(), "{:?}", inspection.problems);
    assert_eq!(store.ticket_count().unwrap(), model.live.len() as u64);
    let ids: Vec<TicketId> = store.tickets().map(|t| t.unwrap().id).collect();
    assert_eq!(ids, model.live.keys().copied().collect::<Vec<_>>());
    let newest: Vec<TicketId> = store
        .tickets_newest_first()
        .map(|t| t.unwrap().id)
        .collect();
    assert_eq!(newest, ids.iter().rev().copied().collect::<Vec<_>>());
    let active: Vec<TicketId> = model
        .live
        .values()
        .filter(|(t, _)| t.status.is_active())
        .map(|(t, _)| t.id)
        .collect();
    assert_eq!(store.active_ids().unwrap(), active);
    let mut loads: BTreeMap<String, u32> = BTreeMap::new();
    for (t, _) in model.live.values() {
        if let (Some(a), true) = (&t.assignee, t.status.is_active()) {
            *loads.entry(a.clone()).or_default() += 1;
        }
    }
    let got: BTreeMap<String, u32> = store.loads().unwrap().into_iter().collect();
    assert_eq!(got, loads);
    for agent in ["ann", "bob"] {
        let want: Vec<TicketId> = model
            .live
            .values()
            .filter(|(t, _)| t.assignee.as_deref() == Some(agent) && t.status.is_active())
            .map(|(t, _)| t.id)
            .collect();
        assert_eq!(store.assigned_to(agent).unwrap(), want, "{agent}");
    }
    for (t, events) in model.live.values() {
        let stored = store.get(t.id).unwrap().unwrap();
        assert_eq!(stored.title, t.title);
        assert_eq!(stored.body, t.body);
        assert_eq!(stored.status, t.status);
        assert_eq!(stored.history_len, *events);
        let log = store.events(t.id).unwrap();
        assert_eq!(log.len() as u32, *events);
        assert!(log.iter().enumerate().all(|(i, e)| e.seq == i as u32 + 1));
        if let (Some(s), Some(e)) = (&t.source, &t.external_id) {
            assert_eq!(store.find_external(s, e).unwrap(), Some(t.id));
        }
        for key in customer_keys(t) {
            assert!(store.customer_tickets(&[key]).unwrap().contains(&t.id));
        }
    }
    let summaries = store.summaries().unwrap();
    assert_eq!(summaries.len(), model.live.len());
    for s in &summaries {
        let ticket = store.get(s.id).unwrap().unwrap();
        assert_eq!(s, &Summary::of(&ticket, &store.events(s.id).unwrap()));
    }
    for &id in &model.trash {
        assert!(store.trashed(id).unwrap().is_some());
        assert!(store.get(id).unwrap().is_none());
    }
}

#[test]
fn random_operations_agree_with_a_model() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let mut rng = StdRng::seed_from_u64(7);
    let mut model = Model {
        next: 1,
        ..Model::default()
    };
    for round in 0..40 {
        let bulk = round % 10 == 3;
        if bulk {
            store.begin_bulk().unwrap();
        }
        let mut changes = Vec::new();
        let mut touched = BTreeSet::new();
        for _ in 0..rng.random_range(1..80) {
            let roll = rng.random_range(0..10);
            if roll < 5 || model.live.is_empty() {
                let t = random_ticket(&mut rng, model.next + changes.len() as u64);
                // One owner per external id, as the commands ensure.
                let taken = t.external_id.as_ref().is_some_and(|e| {
                    model
                        .live
                        .values()
                        .any(|(o, _)| o.external_id.as_ref() == Some(e))
                        || changes
                            .iter()
                            .any(|c: &Change| c.ticket.external_id.as_ref() == Some(e))
                });
                if !taken {
                    changes.push(Change {
                        ticket: t,
                        events: vec![event(EventKind::Created)],
                    });
                }
            } else {
                let ids: Vec<TicketId> = model.live.keys().copied().collect();
                let id = ids[rng.random_range(0..ids.len())];
                if !touched.insert(id) {
                    continue;
                }
                let mut t = model.live[&id].0.clone();
                t.assignee = [None, Some("ann".to_string()), Some("bob".to_string())]
                    [rng.random_range(0..3)]
                .clone();
                t.status = [Status::New, Status::Open, Status::Resolved][rng.random_range(0..3)];
                if rng.random_bool(0.3) {
                    t.customer.email = None;
                }
                changes.push(Change {
                    ticket: t,
                    events: vec![event(EventKind::Note), event(EventKind::Status)],
                });
            }
        }
        let ids = store.save(changes.clone()).unwrap();
        for (id, change) in ids.iter().zip(changes) {
            let mut t = change.ticket;
            t.id = *id;
            let before = model.live.get(id).map_or(0, |(_, n)| *n);
            model.next = model.next.max(id + 1);
            model
                .live
                .insert(*id, (t, before + change.events.len() as u32));
        }
        if rng.random_bool(0.3) {
            let ids: Vec<TicketId> = model.live.keys().copied().collect();
            let id = ids[rng.random_range(0..ids.len())];
            assert!(store.trash(id, event(EventKind::Deleted)).unwrap());
            model.live.remove(&id);
            model.trash.insert(id);
        }
        if rng.random_bool(0.2) && !model.trash.is_empty() {
            let id = *model.trash.iter().next().unwrap();
            let t = store.trashed(id).unwrap().unwrap();
            let clash = t.external_id.as_ref().is_some_and(|e| {
                model
                    .live
                    .values()
                    .any(|(o, _)| o.external_id.as_ref() == Some(e))
            });
            if !clash {
                assert!(store.restore(id, event(EventKind::Restored)).unwrap());
                model.trash.remove(&id);
                model.live.insert(id, (t.clone(), t.history_len + 1));
            }
        }
        if bulk {
            store.end_bulk().unwrap();
        }
        if round % 4 == 3 {
            check(&store, &model);
        }
    }
    store.commit().unwrap();
    drop(store);
    // Everything is still there after a reopen.
    check(&open(dir.path()), &model);
}

#[test]
fn an_import_killed_before_its_index_pass_is_completed_on_open() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = open(dir.path());
        store.begin_bulk().unwrap();
        let mut t = Ticket::new("from the file", Utc::now());
        t.source = Some("file".into());
        t.external_id = Some("r1".into());
        t.customer.email = Some("a@example.com".into());
        store
            .save(vec![Change {
                ticket: t,
                events: vec![event(EventKind::Imported)],
            }])
            .unwrap();
        store.commit().unwrap();
        // The process dies here: no end_bulk.
        assert_eq!(store.find_external("file", "r1").unwrap(), None);
    }
    let store = open(dir.path());
    assert_eq!(store.find_external("file", "r1").unwrap(), Some(1));
    assert_eq!(
        store
            .customer_tickets(&["email:a@example.com".to_string()])
            .unwrap(),
        vec![1]
    );
    assert!(store.check().unwrap().is_clean());
}
