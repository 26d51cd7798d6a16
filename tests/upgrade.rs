//! A database written by the schema-2 layout (one sled entry per ticket,
//! event and index key; `fixtures/schema2/make.sh` made it with that
//! build) is upgraded when opened: every export is the same before and
//! after, the old files stay aside, and an upgrade that was cut short is
//! finished on the next open.

mod common;
use std::path::{Path, PathBuf};

use common::{copy_dir, fixture, stderr, Env};

const NOW: &str = "2026-03-04T12:00:00Z";

/// A copy of the schema-2 fixture database in a fresh environment.
fn old_database() -> Env {
    let mut env = Env::with_rules("flows/rules.yaml");
    env.now = NOW.to_string();
    copy_dir(&fixture("schema2/db"), &env.db());
    env
}

fn expected(name: &str) -> String {
    std::fs::read_to_string(fixture(&format!("schema2/{name}"))).unwrap()
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_schema_two_database_upgrades_and_exports_the_same() {
    if common::sled_only("upgrades sled's schema-2 files") {
        return;
    }
    let env = old_database();
    let out = env.cmd().args(["export", "--as", "csv"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("upgrading the database in")
            && stderr(&out).contains("from schema 2 to 3 (10 tickets)")
            && stderr(&out).contains("schema-2/ until you delete them"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        expected("export.csv")
    );

    // Once: the next command says nothing and reads the new layout.
    let out = env.cmd().args(["export", "--as", "csv"]).output().unwrap();
    assert_eq!(stderr(&out), "");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        expected("export.csv")
    );

    let all = env.dir.path().join("all.csv");
    env.ok(&[
        "export",
        "--as",
        "csv",
        "--events",
        "--out",
        all.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read_to_string(&all).unwrap(),
        expected("export.all.csv")
    );
    let events = PathBuf::from(format!("{}.events.csv", all.display()));
    let events_name = env.dir.path().join("all.events.csv");
    let events = if events.exists() { events } else { events_name };
    assert_eq!(
        std::fs::read_to_string(events).unwrap(),
        expected("export.all.events.csv")
    );
    // The backup is the old one but for the schema it records.
    assert_eq!(
        env.ok(&["backup", "create"]),
        expected("export.jsonl").replacen("\"schema\":2", "\"schema\":3", 1)
    );

    assert!(env.ok(&["doctor"]).ends_with("ok: no problems found\n"));
    assert_eq!(names(&env.db()), ["data", "schema-2", "triage.lock"]);
    let kept = names(&env.db().join("schema-2"));
    assert!(
        kept.contains(&"conf".to_string()) && kept.contains(&"db".to_string()),
        "{kept:?}"
    );

    // The database works on: a re-send of an imported id upserts, the trash
    // restores, ids go on from 11.
    let resend = [
        "create",
        "--title",
        "申请退款",
        "--source",
        "legacy",
        "--external-id",
        "GD-1001",
    ];
    assert_eq!(env.ok(&resend), "6\n");
    env.ok(&["restore", "3"]);
    assert_eq!(env.ok(&["create", "--title", "new", "--no-dedup"]), "11\n");
    assert!(env.ok(&["doctor"]).ends_with("ok: no problems found\n"));
}

#[test]
fn an_upgrade_cut_short_is_started_again() {
    if common::sled_only("upgrades sled's schema-2 files") {
        return;
    }
    let env = old_database();
    // As if killed while copying: a half-written new database.
    let half = env.db().join("data.upgrading");
    std::fs::create_dir_all(&half).unwrap();
    std::fs::write(half.join("db"), b"half a database").unwrap();
    let out = env.cmd().args(["export", "--as", "csv"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        expected("export.csv")
    );
    assert_eq!(names(&env.db()), ["data", "schema-2", "triage.lock"]);
}

#[test]
fn old_files_left_beside_a_finished_upgrade_are_moved() {
    if common::sled_only("upgrades sled's schema-2 files") {
        return;
    }
    let env = old_database();
    env.ok(&["list"]);
    // As if killed after the new database was in place but before the old
    // files were moved aside.
    for name in names(&env.db().join("schema-2")) {
        std::fs::rename(env.db().join("schema-2").join(&name), env.db().join(&name)).unwrap();
    }
    let out = env.cmd().args(["export", "--as", "csv"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        expected("export.csv")
    );
    assert_eq!(names(&env.db()), ["data", "schema-2", "triage.lock"]);
}
