//! `triage doctor`: finds damage done behind triage's back (through sled
//! directly, or SQL on a PostgreSQL database, as a crash, a bug or a hasty
//! administrator could), repairs what the tickets imply, and exits 1 while
//! anything is left.

mod common;
use common::{stderr, Env};
use triage::store::sled::internals;

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

/// Opens the database's sled files directly, to damage them. A triage
/// process that just ended (or a store just dropped) can leave sled's file
/// lock held by a background thread for a moment, so retry briefly.
fn raw_at(dir: &std::path::Path) -> sled::Db {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        match internals::open_sled(dir) {
            Ok(db) => return db,
            Err(_) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => panic!("open {}: {e}", dir.display()),
        }
    }
}

fn raw(env: &Env) -> sled::Db {
    raw_at(&env.db())
}

/// Edits the index run that holds `key` (or the first run) of `tree`.
fn edit_index(db: &sled::Db, tree: &str, edit: impl FnOnce(&mut Vec<(Vec<u8>, Vec<u8>)>)) {
    let tree = db.open_tree(tree).unwrap();
    let mut all = Vec::new();
    for run in tree.iter() {
        let (k, v) = run.unwrap();
        all.extend(internals::decode_run(&v).unwrap());
        tree.remove(k).unwrap();
    }
    edit(&mut all);
    all.sort();
    if let Some(first) = all.first() {
        tree.insert(first.0.clone(), internals::encode_run(&all))
            .unwrap();
    }
}

/// Reads, edits and writes back the page holding ticket `id`.
fn edit_page(db: &sled::Db, id: u64, edit: impl FnOnce(&mut internals::Page)) {
    let pages = db.open_tree("pages").unwrap();
    let start = internals::page_start(id);
    let value = pages.get(internals::page_key(start)).unwrap().unwrap();
    let mut page =
        internals::Page::decode(start, &value, &mut |_, _| Err("no spill".into())).unwrap();
    edit(&mut page);
    let mut spill = Vec::new();
    pages
        .insert(internals::page_key(start), page.encode(&[], &mut spill))
        .unwrap();
    assert!(spill.is_empty());
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
    let schema = if common::on_postgres() {
        "schema: 1"
    } else {
        "schema: 3"
    };
    assert!(out.contains(schema), "{out}");
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
    if common::sled_only("damages sled's files") {
        return;
    }
    let env = database();
    {
        let db = raw(&env);
        // Ticket 2 loses its active and assignee entries; ticket 1 its external id.
        let mut ann = b"ann\0".to_vec();
        ann.extend_from_slice(&2u64.to_be_bytes());
        edit_index(&db, "ix_active", |all| {
            all.retain(|(k, _)| k.as_slice() != 2u64.to_be_bytes());
            // Stale entries: a resolved ticket marked active, a ticket that never existed.
            all.push((3u64.to_be_bytes().to_vec(), vec![]));
            all.push((99u64.to_be_bytes().to_vec(), vec![]));
        });
        edit_index(&db, "ix_assignee", |all| all.retain(|(k, _)| *k != ann));
        edit_index(&db, "ix_external", |all| {
            all.retain(|(k, _)| k.as_slice() != b"mail\0m-1")
        });
        // The counter falls behind.
        db.open_tree("meta")
            .unwrap()
            .insert("next_id", &3u64.to_be_bytes())
            .unwrap();
        let mut one = None;
        edit_page(&db, 3, |page| {
            // Ticket 3 claims one event more than its log holds.
            let entry = page.entry_mut(3).unwrap();
            let mut three = triage::store::sled::decode_ticket(&entry.ticket).unwrap();
            three.history_len += 1;
            entry.ticket = triage::store::sled::encode_ticket(&three);
            one = page.entry(1).cloned();
        });
        // Ticket 1 also left a copy in the trash.
        let mut trash = internals::Page::new(1);
        trash.entries.push(one.unwrap());
        db.open_tree("trash")
            .unwrap()
            .insert(1u64.to_be_bytes(), trash.encode(&[], &mut Vec::new()))
            .unwrap();
        // The report summaries of the first page are lost.
        db.open_tree("summaries")
            .unwrap()
            .remove(internals::page_key(0))
            .unwrap();
        db.flush().unwrap();
    }
    let (code, out, err) = doctor(&env, &[]);
    assert_eq!(code, Some(1), "{out}");
    for expected in [
        "problem: index entries missing for stored tickets: 3 [repairable] (e.g. ticket 1: ix_external; ticket 2: ix_active; ticket 2: ix_assignee)",
        "problem: index entries pointing to no ticket or the wrong one: 2 [repairable] (e.g. ix_active ticket 3; ix_active ticket 99)",
        "problem: report summaries missing or out of date: 3 [repairable] (e.g. ticket 1: summary missing; ticket 2: summary missing; ticket 3: summary missing)",
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
        out.contains("repaired: rebuilt the indexes (")
            && out.contains("and summaries (3) from the tickets"),
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
fn unreadable_records_are_reported_but_not_invented() {
    if common::sled_only("damages sled's files") {
        return;
    }
    let env = database();
    {
        let db = raw(&env);
        edit_page(&db, 2, |page| {
            // An audit event of ticket 2 that no longer decodes.
            page.entry_mut(2).unwrap().events[1] = vec![1, 2, 3];
        });
        // A page that is not a page at all.
        db.open_tree("pages")
            .unwrap()
            .insert(internals::page_key(640), &b"{not a page"[..])
            .unwrap();
        db.flush().unwrap();
    }
    let (code, out, _) = doctor(&env, &[]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains("problem: records that cannot be read: 2 (e.g. ")
            && out.contains("unreadable event 2 of ticket 2")
            && out.contains("unreadable page 640"),
        "{out}"
    );
    let (code, out, err) = doctor(&env, &["--repair"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(err.contains("--repair cannot fix what remains"), "{err}");
    assert!(out.contains("after repair:"), "{out}");
    assert!(out.contains("records that cannot be read"), "{out}");
    // What can be read still works.
    assert!(env
        .ok(&["show", "1", "--format", "json"])
        .contains("printer"));
}

#[test]
fn an_interrupted_restore_is_refused_until_restored_again() {
    if common::sled_only("damages sled's files") {
        return;
    }
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
        let db = raw_at(&copy);
        db.open_tree("meta")
            .unwrap()
            .insert("restoring", &[])
            .unwrap();
        edit_page(&db, 2, |page| {
            page.remove(2);
        });
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
    if let Some(server) = &env.server {
        // On a server, no database is a database the server does not have.
        let missing = common::with_database(&server.url, "triage_no_such_database");
        let out = env
            .cmd()
            .env("TRIAGE_DB", &missing)
            .arg("doctor")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr(&out).contains("\"triage_no_such_database\" does not exist"),
            "{}",
            stderr(&out)
        );
        return;
    }
    let (code, _, err) = doctor(&env, &[]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no database at"), "{err}");
    assert!(!env.db().exists());
}

#[test]
fn damage_done_with_sql_is_found_and_repaired() {
    let env = database();
    let Some(server) = &env.server else {
        eprintln!("skipped on sled: damages a PostgreSQL database");
        return;
    };
    server
        .client()
        .batch_execute(
            "UPDATE triage.tickets SET assignee = 'bob', active = true WHERE id IN (2, 3);
             DELETE FROM triage.summaries WHERE ticket = 1;
             UPDATE triage.tickets SET history_len = history_len + 1,
                 doc = jsonb_set(doc::jsonb, '{history_len}', to_jsonb(history_len + 1))::json
                 WHERE id = 2;
             UPDATE triage.info SET next_id = 3;",
        )
        .unwrap();
    let (code, out, err) = doctor(&env, &[]);
    assert_eq!(code, Some(1), "{out}");
    for expected in [
        "problem: index entries pointing to no ticket or the wrong one: 3 [repairable] (e.g. ticket 2: column assignee is Some(\"bob\"), its ticket says Some(\"ann\"); ticket 3: column assignee is Some(\"bob\"), its ticket says None; ticket 3: column active is Some(\"true\"), its ticket says Some(\"false\"))",
        "problem: report summaries missing or out of date: 1 [repairable] (e.g. ticket 1: summary missing)",
        "problem: tickets whose history_len differs from their audit log: 1 [repairable] (e.g. ticket 2: history_len 4, 3 events)",
        "problem: id counter not above the highest id in use: 1 [repairable] (e.g. next id 3 but id 4 is in use)",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    assert!(err.contains("run `triage doctor --repair`"), "{err}");
    let (code, out, _) = doctor(&env, &["--repair"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("repaired: set the id counter to 5"), "{out}");
    assert!(out.ends_with("ok: no problems found\n"), "{out}");
    assert_eq!(
        env.ok(&["list", "--assignee", "ann", "--format", "ids"]),
        "2\n"
    );
    assert_eq!(
        env.ok(&["list", "--assignee", "bob", "--format", "ids"]),
        ""
    );
    assert_eq!(env.ok(&["create", "--title", "next", "--no-dedup"]), "5\n");
}
