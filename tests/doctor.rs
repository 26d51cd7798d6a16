//! `triage doctor`: finds damage done behind triage's back (through sled
//! directly, as a crash or a bug could), repairs what the tickets imply,
//! and exits 1 while anything is left.

mod common;
use common::{stderr, Env};

/// A database of four tickets with history: 1 (re-sent, source mail/m-1),
/// 2 assigned to ann, 3 resolved, 4 in the trash.
fn database() -> Env {
    let env = Env::with_rules("rules/team.yaml");
    env.ok(&[
        "create",
        "--title",
        "printer",
        "--source",
        "mail",
        "--external-id",
        "m-1",
        "--email",
        "a@example.com",
    ]);
    env.ok(&["create", "--title", "refund please", "--no-dedup"]);
    env.ok(&["create", "--title", "three", "--no-dedup"]);
    env.ok(&["create", "--title", "four", "--no-dedup"]);
    env.ok(&[
        "create",
        "--title",
        "printer",
        "--source",
        "mail",
        "--external-id",
        "m-1",
    ]);
    env.ok(&["update", "2", "--assignee", "ann"]);
    env.ok(&["resolve", "3"]);
    env.ok(&["delete", "4"]);
    env
}

/// Opens the database with sled itself, to damage it.
/// Opens the database with sled directly. A triage process that just ended
/// (or a `Store` just dropped) can leave sled's file lock held by a
/// background thread for a moment, so retry briefly.
fn raw(env: &Env) -> sled::Db {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        match sled::open(env.db()) {
            Ok(db) => return db,
            Err(_) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => panic!("open {}: {e}", env.db().display()),
        }
    }
}

fn event_key(id: u64, seq: u32) -> Vec<u8> {
    let mut k = id.to_be_bytes().to_vec();
    k.extend_from_slice(&seq.to_be_bytes());
    k
}

fn doctor(env: &Env, args: &[&str]) -> (Option<i32>, String, String) {
    let out = env.cmd().arg("doctor").args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr(&out),
    )
}

#[test]
fn a_healthy_database_is_clean() {
    let env = database();
    let (code, out, _) = doctor(&env, &[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("schema: 2"), "{out}");
    assert!(
        out.contains("records: 3 tickets, 1 in the trash, ") && out.contains("next id 5"),
        "{out}"
    );
    assert!(out.ends_with("ok: no problems found\n"), "{out}");
    let json = env.json(&["doctor"]);
    assert_eq!(json["clean"], true);
    assert_eq!(json["found"]["tickets"], 3);
    assert_eq!(json["found"]["problems"].as_array().unwrap().len(), 0);
}

#[test]
fn damaged_indexes_counter_and_history_are_repaired() {
    let env = database();
    // Ticket 3 as the library reads it, to write back damaged below.
    let mut three = {
        let store =
            triage::store::Store::open(&env.db(), std::time::Duration::from_secs(5)).unwrap();
        store.get(3).unwrap().unwrap()
    };
    {
        let db = raw(&env);
        // Ticket 2 loses its active and assignee entries; ticket 1 its external id.
        db.open_tree("ix_active")
            .unwrap()
            .remove(2u64.to_be_bytes())
            .unwrap();
        let mut ann = b"ann\0".to_vec();
        ann.extend_from_slice(&2u64.to_be_bytes());
        db.open_tree("ix_assignee").unwrap().remove(ann).unwrap();
        db.open_tree("ix_external")
            .unwrap()
            .remove(b"mail\0m-1")
            .unwrap();
        // Stale entries: a resolved ticket marked active, a ticket that never existed.
        db.open_tree("ix_active")
            .unwrap()
            .insert(3u64.to_be_bytes(), &[])
            .unwrap();
        db.open_tree("ix_active")
            .unwrap()
            .insert(99u64.to_be_bytes(), &[])
            .unwrap();
        // The counter falls behind.
        db.open_tree("meta")
            .unwrap()
            .insert("next_id", &3u64.to_be_bytes())
            .unwrap();
        // Ticket 3 claims one event more than its log holds (written as a
        // schema-1 JSON record, which the store still reads).
        let tickets = db.open_tree("tickets").unwrap();
        three.history_len += 1;
        tickets
            .insert(3u64.to_be_bytes(), serde_json::to_vec(&three).unwrap())
            .unwrap();
        // Ticket 1 also left a copy in the trash.
        let one = tickets.get(1u64.to_be_bytes()).unwrap().unwrap();
        db.open_tree("trash")
            .unwrap()
            .insert(1u64.to_be_bytes(), one)
            .unwrap();
        db.flush().unwrap();
    }
    let (code, out, err) = doctor(&env, &[]);
    assert_eq!(code, Some(1), "{out}");
    for expected in [
        "problem: index entries missing for stored tickets: 3 [repairable] (e.g. ticket 1: ix_external; ticket 2: ix_active; ticket 2: ix_assignee)",
        "problem: index entries pointing to no ticket or the wrong one: 2 [repairable] (e.g. ix_active ticket 3; ix_active ticket 99)",
        "problem: id counter not above the highest id in use: 1 [repairable] (e.g. next id 3 but id 4 is in use)",
        "problem: tickets whose history_len differs from their audit log: 1 [repairable]",
        "problem: tickets both live and in the trash: 1 [repairable] (e.g. ticket 1)",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    assert!(err.contains("run `triage doctor --repair`"), "{err}");

    let (code, out, _) = doctor(&env, &["--repair"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("repaired: rebuilt the indexes from the tickets"),
        "{out}"
    );
    assert!(out.contains("repaired: set the id counter to 5"), "{out}");
    assert!(out.ends_with("ok: no problems found\n"), "{out}");
    assert_eq!(doctor(&env, &[]).0, Some(0));

    // The rebuilt indexes work: a re-send upserts, loads and lists are right.
    let resend = [
        "create",
        "--title",
        "printer",
        "--source",
        "mail",
        "--external-id",
        "m-1",
    ];
    assert_eq!(env.ok(&resend), "1\n");
    assert_eq!(
        env.ok(&["list", "--status", "active", "--format", "ids"]),
        "1\n2\n"
    );
    assert_eq!(
        env.ok(&["list", "--assignee", "ann", "--format", "ids"]),
        "2\n"
    );
    assert_eq!(env.ok(&["create", "--title", "next", "--no-dedup"]), "5\n");
    assert_eq!(env.ok(&["list", "--trash", "--format", "ids"]), "4\n");
}

#[test]
fn lost_history_is_reported_but_not_invented() {
    let env = database();
    {
        let db = raw(&env);
        let events = db.open_tree("events").unwrap();
        // A hole in ticket 2's audit log, and the log of a ticket that is gone.
        events.remove(event_key(2, 2)).unwrap();
        let ev = serde_json::json!({"ticket": 42, "seq": 1, "at": "2026-03-02T01:00:00Z",
            "actor": "x", "kind": "created"});
        events
            .insert(event_key(42, 1), serde_json::to_vec(&ev).unwrap())
            .unwrap();
        db.open_tree("tickets")
            .unwrap()
            .insert(7u64.to_be_bytes(), &b"{not json"[..])
            .unwrap();
        db.flush().unwrap();
    }
    let (code, out, _) = doctor(&env, &[]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains(
            "problem: gaps in a ticket's audit sequence: 1 (e.g. ticket 2: event 3 follows 1)"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "problem: audit events of tickets that no longer exist: 1 (e.g. ticket 42: 1 events)"
        ),
        "{out}"
    );
    assert!(
        out.contains("problem: records that cannot be read: 1 (e.g. ticket 7: "),
        "{out}"
    );
    let (code, out, err) = doctor(&env, &["--repair"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(err.contains("--repair cannot fix what remains"), "{err}");
    assert!(out.contains("after repair:"), "{out}");
    assert!(out.contains("gaps in a ticket's audit sequence"), "{out}");
}

#[test]
fn an_interrupted_restore_is_refused_until_restored_again() {
    let env = database();
    let backup = env.dir.path().join("b.jsonl");
    env.ok(&["backup", "create", "-o", backup.to_str().unwrap()]);
    let copy = env.dir.path().join("copy");
    let ok = env
        .cmd()
        .env("TRIAGE_DB", &copy)
        .args(["backup", "restore", backup.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(ok.status.success(), "{}", stderr(&ok));
    {
        // As if the restore had been killed half-way.
        let db = sled::open(&copy).unwrap();
        db.open_tree("meta")
            .unwrap()
            .insert("restoring", &[])
            .unwrap();
        db.open_tree("tickets")
            .unwrap()
            .remove(2u64.to_be_bytes())
            .unwrap();
        db.flush().unwrap();
    }
    let list = env
        .cmd()
        .env("TRIAGE_DB", &copy)
        .args(["list"])
        .output()
        .unwrap();
    assert_eq!(list.status.code(), Some(70));
    assert!(
        stderr(&list).contains("a backup restore into this database was interrupted"),
        "{}",
        stderr(&list)
    );
    let doc = env
        .cmd()
        .env("TRIAGE_DB", &copy)
        .args(["doctor", "--repair"])
        .output()
        .unwrap();
    assert_eq!(doc.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&doc.stdout).contains("a backup restore was interrupted"));
    let again = env
        .cmd()
        .env("TRIAGE_DB", &copy)
        .args(["backup", "restore", backup.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(again.status.success(), "{}", stderr(&again));
    let doc = env
        .cmd()
        .env("TRIAGE_DB", &copy)
        .args(["doctor"])
        .output()
        .unwrap();
    assert_eq!(doc.status.code(), Some(0));
    let copy_backup = env
        .cmd()
        .env("TRIAGE_DB", &copy)
        .args(["backup", "create"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(copy_backup.stdout).unwrap(),
        std::fs::read_to_string(&backup).unwrap()
    );
}

#[test]
fn no_database_is_an_error_not_a_new_one() {
    let env = Env::new();
    let (code, _, err) = doctor(&env, &[]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no database at"), "{err}");
    assert!(!env.db().exists());
}
