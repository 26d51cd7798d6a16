//! The two engines side by side (runs when the suite runs on PostgreSQL,
//! `TRIAGE_TEST_POSTGRES`): the same import gives the same reports byte
//! for byte, and a team moves from sled to the server and back through
//! `backup create` / `backup restore` with identical exports.

mod common;
use std::path::{Path, PathBuf};

use common::{stderr, Env};

/// A helpdesk export of `n` rows: Chinese and English text, status and
/// priority synonyms, assignees, resolution times, re-sent rows.
fn backlog_csv(dir: &Path, n: usize) -> PathBuf {
    let titles = [
        "Cannot log in",
        "Refund not received",
        "无法登录",
        "申请退款",
        "订单未发货",
    ];
    let channels = ["email", "phone", "chat", "电话", "在线客服"];
    let prios = ["P1", "high", "normal", "low", "紧急", "普通"];
    let stats = ["new", "open", "pending", "resolved", "closed", "已解决"];
    let agents = ["ann", "ben", "cai", ""];
    let mut csv = String::from(
        "id,title,description,customer,email,channel,priority,status,assignee,created_at,resolved_at,region\n",
    );
    for i in 0..n {
        let day = 1 + i % 27;
        let hour = i % 24;
        let st = stats[i % 6];
        let resolved = if matches!(st, "resolved" | "closed" | "已解决") {
            format!(
                "2026-02-{day:02} {:02}:{:02}:00",
                (hour + 1 + i % 5) % 24,
                i % 60
            )
        } else {
            String::new()
        };
        csv.push_str(&format!(
            "T{i:05},{} #{i},\"订单号：DD{i} please check\",cust{},user{}@example.com,{},{},{},{},2026-02-{day:02} {hour:02}:{:02}:00,{resolved},{}\n",
            titles[i % 5],
            i % 300,
            i % 300,
            channels[i % 5],
            prios[i % 6],
            st,
            agents[i % 4],
            i % 60,
            ["EMEA", "APAC"][i % 2],
        ));
    }
    let path = dir.join("backlog.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

/// Runs `triage ARGS` on `db` and returns stdout.
fn on(env: &Env, db: &Path, args: &[&str]) -> String {
    let out = env.cmd().env("TRIAGE_DB", db).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "triage {args:?} on {} failed ({:?}):\n{}",
        db.display(),
        out.status.code(),
        stderr(&out)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_same_import_gives_the_same_reports_on_both_engines() {
    let env = Env::with_rules("rules/team.yaml");
    let Some(server) = &env.server else {
        eprintln!("skipped on sled: compares sled with a PostgreSQL server");
        return;
    };
    let pg = PathBuf::from(&server.url);
    let sled = env.dir.path().join("sled-db");
    let csv = backlog_csv(env.dir.path(), 3000);
    let csv = csv.to_str().unwrap();
    for db in [&sled, &pg] {
        on(
            &env,
            db,
            &[
                "import", "--quiet", "--batch", "700", "--source", "legacy", csv,
            ],
        );
        // A re-import changes nothing; routing and a few lifecycle steps follow.
        on(&env, db, &["import", "--quiet", "--source", "legacy", csv]);
        on(&env, db, &["assign", "--quiet"]);
        on(&env, db, &["respond", "2"]);
        on(&env, db, &["resolve", "2"]);
        on(&env, db, &["escalate", "--quiet"]);
    }
    for args in [
        &["report", "all", "--format", "csv"][..],
        &["report", "all", "--format", "csv", "--by", "agent"],
        &[
            "report",
            "resolution",
            "--period",
            "week",
            "--format",
            "csv",
        ],
        &[
            "report",
            "all",
            "--format",
            "csv",
            "--as-of",
            "2026-02-20T00:00:00Z",
        ],
        &["agents", "--format", "csv"],
        &["list", "--format", "csv", "--limit", "5000"],
        &["export", "--as", "jsonl", "--events"],
        &["export"],
    ] {
        let on_sled = on(&env, &sled, args);
        assert!(on_sled.lines().count() > 1, "{args:?} printed nothing");
        assert!(
            on_sled == on(&env, &pg, args),
            "{args:?} differs between the engines"
        );
    }
}

#[test]
fn a_team_moves_from_sled_to_the_server_and_back_with_identical_exports() {
    let env = Env::with_rules("rules/team.yaml");
    let Some(server) = &env.server else {
        eprintln!("skipped on sled: moves a database between sled and a server");
        return;
    };
    let sled = env.dir.path().join("sled-db");
    let csv = backlog_csv(env.dir.path(), 800);
    on(
        &env,
        &sled,
        &[
            "import",
            "--quiet",
            "--source",
            "legacy",
            csv.to_str().unwrap(),
        ],
    );
    on(&env, &sled, &["assign", "--quiet"]);
    on(&env, &sled, &["delete", "5"]);
    on(&env, &sled, &["agents", "set-status", "ben", "vacation"]);
    on(&env, &sled, &["note", "7", "客户来电催促"]);
    let backup = env.dir.path().join("team.jsonl");
    on(
        &env,
        &sled,
        &["backup", "create", "-o", backup.to_str().unwrap()],
    );
    let from_sled = std::fs::read_to_string(&backup).unwrap();

    let pg = PathBuf::from(&server.url);
    on(&env, &pg, &["backup", "restore", backup.to_str().unwrap()]);
    assert_eq!(on(&env, &pg, &["backup", "create"]), from_sled);
    for args in [&["export"][..], &["report", "all", "--format", "csv"]] {
        assert_eq!(on(&env, &pg, args), on(&env, &sled, args), "{args:?}");
    }
    assert!(on(&env, &pg, &["doctor"]).contains("ok: no problems found"));
    // Both go on numbering from the same place.
    let next = ["create", "--title", "after the move", "--no-dedup"];
    assert_eq!(on(&env, &pg, &next), on(&env, &sled, &next));

    // And back: the server's backup restores into a new sled directory.
    let server_backup = env.dir.path().join("server.jsonl");
    on(
        &env,
        &pg,
        &["backup", "create", "-o", server_backup.to_str().unwrap()],
    );
    let back = env.dir.path().join("back-db");
    on(
        &env,
        &back,
        &["backup", "restore", server_backup.to_str().unwrap()],
    );
    assert_eq!(
        on(&env, &back, &["backup", "create"]),
        std::fs::read_to_string(&server_backup).unwrap()
    );
    assert_eq!(
        on(&env, &back, &["backup", "create"]),
        on(&env, &sled, &["backup", "create"])
    );
}

#[test]
fn a_read_only_server_serves_reads_and_refuses_writes_clearly() {
    let env = Env::with_rules("rules/team.yaml");
    let Some(server) = &env.server else {
        return; // a server's read-only mode: nothing to do on sled
    };
    env.ok(&[
        "create",
        "--title",
        "Printer on fire",
        "--email",
        "ann@example.com",
    ]);
    env.ok(&["create", "--title", "Refund please", "--priority", "high"]);
    let before = env.ok(&["--format", "csv", "report", "all"]);
    // What a hot standby is to its clients: every transaction read-only.
    server
        .client()
        .batch_execute(
            "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET default_transaction_read_only = on', \
             current_database()); END $$",
        )
        .unwrap();
    assert_eq!(env.ok(&["--format", "csv", "report", "all"]), before);
    assert!(env.ok(&["show", "1"]).contains("Printer on fire"));
    assert_eq!(env.ok(&["list", "--format", "ids"]), "1\n2\n");
    env.ok(&["export"]);
    let out = env.fails(&["create", "--title", "x"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the server is read-only"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("password"), "{}", stderr(&out));
}
