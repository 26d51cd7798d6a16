//! create → list → show → respond → pending → resolve → close → reopen,
//! through the real binary with a fixed clock.

mod common;
use common::{display_width, fixture, stderr, Env};

#[test]
fn create_prints_only_the_id_and_ids_are_dense() {
    let env = Env::with_rules("rules/team.yaml");
    assert_eq!(env.ok(&["create", "--title", "first"]), "1\n");
    assert_eq!(
        env.ok(&["create", "--title", "second", "--no-dedup"]),
        "2\n"
    );
    let json = env.json(&["create", "--title", "third"]);
    assert_eq!(json["id"], 3);
    assert_eq!(json["status"], "new");
}

#[test]
fn round_trip_through_the_lifecycle() {
    let env = Env::with_rules("rules/team.yaml");
    // 09:00 Shanghai on Monday 2 March 2026.
    let id = env.ok_at(
        "2026-03-02T01:00:00Z",
        &[
            "create",
            "--title",
            "Charged twice",
            "--body",
            "订单号：A1234 please refund",
            "--email",
            "Ann@Example.com",
            "--tier",
            "vip",
            "--channel",
            "email",
        ],
    );
    assert_eq!(id.trim(), "1");
    let t = env.json(&["show", "1"]);
    let ticket = &t["ticket"];
    assert_eq!(ticket["category"], "billing");
    assert_eq!(ticket["priority"], "P2");
    assert_eq!(ticket["team"], "billing");
    assert_eq!(ticket["fields"]["order_no"], "A1234");
    assert_eq!(ticket["sla"]["policy"], "vip");
    assert_eq!(ticket["sla"]["first_response_due"], "2026-03-02T01:30:00Z");
    assert_eq!(ticket["sla"]["resolution_due"], "2026-03-02T09:00:00Z");
    assert_eq!(ticket["kb"][0], "KB-310");

    env.ok_at(
        "2026-03-02T01:10:00Z",
        &["update", "1", "--assignee", "ann"],
    );
    env.ok_at(
        "2026-03-02T01:20:00Z",
        &["respond", "1", "--message", "Looking into it"],
    );
    // Two hours waiting on the customer do not count.
    env.ok_at("2026-03-02T02:00:00Z", &["pending", "1"]);
    env.ok_at("2026-03-02T04:00:00Z", &["update", "1", "--status", "open"]);
    let t = env.json(&["show", "1"]);
    assert_eq!(t["ticket"]["status"], "open");
    assert_eq!(t["ticket"]["sla"]["resolution_due"], "2026-03-02T11:00:00Z");
    assert_eq!(t["ticket"]["sla"]["first_response_met"], true);

    env.ok_at(
        "2026-03-02T05:00:00Z",
        &["resolve", "1", "--note", "refunded"],
    );
    env.ok_at("2026-03-02T05:01:00Z", &["csat", "1", "4"]);
    env.ok_at("2026-03-02T06:00:00Z", &["close", "1"]);
    env.ok_at("2026-03-02T07:00:00Z", &["reopen", "1"]);
    let t = env.json(&["show", "1"]);
    assert_eq!(t["ticket"]["reopens"], 1);
    let kinds: Vec<String> = t["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}:{}",
                e["kind"].as_str().unwrap(),
                e["to"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "created:new",
            "assigned:ann",
            "status:assigned",
            "responded:",
            "status:open",
            "status:pending",
            "status:open",
            "status:resolved",
            "csat:4",
            "status:closed",
            "status:open",
        ]
    );
    let actors: Vec<&str> = t["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["actor"].as_str().unwrap())
        .collect();
    assert!(actors.iter().all(|a| *a == "tester"));

    let table = env.ok(&["show", "1"]);
    assert!(table.contains("Ticket 1: Charged twice"), "{table}");
    assert!(table.contains("sla policy      vip"), "{table}");
    assert!(table.contains("order_no        A1234"), "{table}");
}

#[test]
fn illegal_transitions_are_refused_with_what_is_allowed() {
    let env = Env::with_rules("rules/team.yaml");
    env.ok(&["create", "--title", "x"]);
    env.ok(&["close", "1"]);
    let out = env.fails(&["pending", "1"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "triage: ticket 1 is closed: it cannot move to pending (from closed it can go to: open)\n"
    );
    let out = env.fails(&["respond", "1"]);
    assert!(stderr(&out).contains("reopen it before responding"));
    let out = env.fails(&["csat", "1", "9"]);
    assert!(stderr(&out).contains("expected 1 to 5"), "{}", stderr(&out));
    let out = env.fails(&["show", "42"]);
    assert_eq!(stderr(&out), "triage: no ticket 42\n");
}

#[test]
fn a_batch_transition_is_all_or_nothing() {
    let env = Env::with_rules("rules/team.yaml");
    env.ok(&["create", "--title", "a"]);
    env.ok(&["create", "--title", "b", "--no-dedup"]);
    env.ok(&["close", "2"]);
    let out = env.fails(&["pending", "1", "2"]);
    assert!(stderr(&out).contains("ticket 2 is closed"));
    assert_eq!(env.json(&["show", "1"])["ticket"]["status"], "new");
}

#[test]
fn hand_over_needs_a_reason_and_counts_a_reassignment() {
    let env = Env::with_rules("rules/team.yaml");
    env.ok(&["create", "--title", "x"]);
    env.ok(&["update", "1", "--assignee", "ann"]);
    let out = env.fails(&["update", "1", "--assignee", "ben"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("needs --reason"), "{}", stderr(&out));
    env.ok(&[
        "update",
        "1",
        "--assignee",
        "ben",
        "--reason",
        "ann on leave",
    ]);
    let t = env.json(&["show", "1"]);
    assert_eq!(t["ticket"]["reassignments"], 1);
    assert_eq!(
        t["events"].as_array().unwrap().last().unwrap()["note"],
        "ann on leave"
    );
    let out = env.fails(&["update", "1", "--assignee", "zed"]);
    assert!(
        stderr(&out).contains("unknown agent \"zed\""),
        "{}",
        stderr(&out)
    );
}

#[test]
fn update_fields_tags_priority_and_team() {
    let env = Env::with_rules("rules/team.yaml");
    env.ok(&["create", "--title", "x", "--tier", "vip"]);
    env.ok(&[
        "update",
        "1",
        "--priority",
        "紧急",
        "--team",
        "tech",
        "--add-tag",
        "hot",
        "--set",
        "order=42",
        "--category",
        "incident",
    ]);
    let t = env.json(&["show", "1"]);
    assert_eq!(t["ticket"]["priority"], "P1");
    assert_eq!(t["ticket"]["team"], "tech");
    assert_eq!(t["ticket"]["tags"][0], "hot");
    assert_eq!(t["ticket"]["fields"]["order"], "42");
    // The due time followed the priority: P1 on vip is 15 minutes.
    assert_eq!(
        t["ticket"]["sla"]["first_response_due"],
        "2026-03-02T01:15:00Z"
    );
    env.ok(&["update", "1", "--remove-tag", "hot", "--unset", "order"]);
    let t = env.json(&["show", "1"]);
    assert_eq!(t["ticket"]["tags"].as_array().unwrap().len(), 0);
    assert!(t["ticket"]["fields"].get("order").is_none());
    let out = env.fails(&["update", "1", "--team", "nowhere"]);
    assert!(stderr(&out).contains("unknown team \"nowhere\""));
    let out = env.fails(&["update", "1", "--priority", "whenever"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn list_filters_sorts_and_formats() {
    let env = Env::with_rules("rules/team.yaml");
    env.ok_at(
        "2026-03-02T01:00:00Z",
        &["create", "--title", "refund please", "--email", "a@x.com"],
    );
    env.ok_at(
        "2026-03-02T02:00:00Z",
        &["create", "--title", "outage in EU", "--email", "b@x.com"],
    );
    env.ok_at(
        "2026-03-02T03:00:00Z",
        &[
            "create",
            "--title",
            "hello",
            "--email",
            "c@x.com",
            "--priority",
            "low",
        ],
    );
    assert_eq!(
        env.ok(&[
            "list",
            "--format",
            "ids",
            "--priority",
            "P1",
            "--priority",
            "P2"
        ]),
        "1\n2\n"
    );
    assert_eq!(
        env.ok(&["list", "--format", "ids", "--sort", "priority"]),
        "2\n1\n3\n"
    );
    assert_eq!(
        env.ok(&["list", "--format", "ids", "--text", "OUTAGE"]),
        "2\n"
    );
    assert_eq!(
        env.ok(&["list", "--format", "ids", "--customer", "c@x"]),
        "3\n"
    );
    assert_eq!(
        env.ok(&[
            "list",
            "--format",
            "ids",
            "--since",
            "2026-03-02 10:00",
            "--until",
            "2026-03-02 11:00"
        ]),
        "2\n"
    );
    assert_eq!(
        env.ok(&["list", "--format", "ids", "--team", "billing"]),
        "1\n"
    );
    assert_eq!(
        env.ok(&["list", "--format", "ids", "--limit", "1", "--reverse"]),
        "3\n"
    );
    let csv = env.ok(&["list", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    assert_eq!(reader.records().count(), 3);
    let json = env.json(&["list", "--status", "new"]);
    assert_eq!(json.as_array().unwrap().len(), 3);
    assert_eq!(json[0]["created_at"], "2026-03-02T09:00:00+08:00");
    let out = env.fails(&["list", "--status", "sleeping"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn resend_of_the_same_external_id_updates_one_ticket() {
    let env = Env::with_rules("rules/team.yaml");
    for i in 0..5 {
        let now = format!("2026-03-02T01:0{i}:00Z");
        let id = env.ok_at(
            &now,
            &[
                "create",
                "--title",
                &format!("disk {}% on db-1", 90 + i),
                "--source",
                "nagios",
                "--external-id",
                "db-1/disk",
                "--channel",
                "cron",
            ],
        );
        assert_eq!(id, "1\n");
    }
    let t = env.json(&["show", "1"]);
    assert_eq!(t["ticket"]["repeats"], 4);
    assert_eq!(t["ticket"]["title"], "disk 94% on db-1");
    let sends = t["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "created" || e["kind"] == "repeated")
        .count();
    assert_eq!(sends, 5);
    // A re-send after resolution reopens the ticket instead of making a new one.
    env.ok_at("2026-03-02T02:00:00Z", &["resolve", "1"]);
    let out = env
        .cmd()
        .env("TRIAGE_NOW", "2026-03-02T03:00:00Z")
        .args([
            "create",
            "--title",
            "disk again",
            "--source",
            "nagios",
            "--external-id",
            "db-1/disk",
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "1\n");
    assert!(
        stderr(&out).contains("reopened (was resolved)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.json(&["show", "1"])["ticket"]["status"], "open");
    assert_eq!(env.ok(&["list", "--format", "ids"]), "1\n");
}

#[test]
fn dedup_by_phone_merges_within_the_window_only() {
    let env = Env::with_rules("rules/team.yaml");
    env.ok_at(
        "2026-03-02T01:00:00Z",
        &[
            "create",
            "--title",
            "无法登录",
            "--phone",
            "138-0013-8000",
            "--channel",
            "phone",
        ],
    );
    let out = env
        .cmd()
        .env("TRIAGE_NOW", "2026-03-02T02:00:00Z")
        .args([
            "create",
            "--title",
            "still broken",
            "--phone",
            "+86 138 0013 8000",
            "--channel",
            "chat",
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "1\n");
    assert!(
        stderr(&out).contains("merged into ticket 1"),
        "{}",
        stderr(&out)
    );
    let t = env.json(&["show", "1"]);
    assert_eq!(t["ticket"]["merged"][0]["channel"], "chat");
    // Outside the 24h window a new ticket is opened.
    assert_eq!(
        env.ok_at(
            "2026-03-03T03:00:00Z",
            &["create", "--title", "again", "--phone", "13800138000"]
        ),
        "2\n"
    );
    // --no-dedup always opens a new one.
    assert_eq!(
        env.ok_at(
            "2026-03-03T03:05:00Z",
            &[
                "create",
                "--title",
                "other",
                "--phone",
                "13800138000",
                "--no-dedup"
            ]
        ),
        "3\n"
    );
}

#[test]
fn merge_closes_the_source_and_records_the_channel() {
    let env = Env::with_rules("rules/team.yaml");
    env.ok(&["create", "--title", "a", "--channel", "email"]);
    env.ok(&[
        "create",
        "--title",
        "b",
        "--channel",
        "social",
        "--no-dedup",
    ]);
    assert_eq!(env.ok(&["merge", "2", "1"]), "1\n");
    let from = env.json(&["show", "2"]);
    assert_eq!(from["ticket"]["status"], "closed");
    assert_eq!(from["ticket"]["merged_into"], 1);
    let into = env.json(&["show", "1"]);
    assert_eq!(into["ticket"]["merged"][0]["channel"], "social");
    let out = env.fails(&["merge", "1", "1"]);
    assert!(stderr(&out).contains("into itself"));
}

#[test]
fn delete_moves_to_trash_and_restore_brings_back() {
    let env = Env::with_rules("rules/team.yaml");
    env.ok(&[
        "create",
        "--title",
        "oops",
        "--source",
        "hook",
        "--external-id",
        "abc",
    ]);
    env.ok(&["note", "1", "internal remark"]);
    env.ok(&["delete", "1"]);
    assert_eq!(env.ok(&["list", "--format", "ids"]), "");
    assert_eq!(env.ok(&["list", "--trash", "--format", "ids"]), "1\n");
    let out = env.fails(&["respond", "1"]);
    assert!(stderr(&out).contains("is in the trash"), "{}", stderr(&out));
    env.ok(&["restore", "1"]);
    assert_eq!(env.ok(&["list", "--format", "ids"]), "1\n");
    let t = env.json(&["show", "1"]);
    let kinds: Vec<&str> = t["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["created", "note", "deleted", "restored"]);
    // The external id index came back with it.
    assert_eq!(
        env.ok(&[
            "create",
            "--title",
            "again",
            "--source",
            "hook",
            "--external-id",
            "abc"
        ]),
        "1\n"
    );
}

#[test]
fn json_input_and_bad_json() {
    let env = Env::with_rules("rules/team.yaml");
    let id = env
        .cmd()
        .args(["create", "--json-input"])
        .write_stdin(r#"{"title": "退款申请", "customer": {"name": "王芳", "email": "w@x.cn"}, "priority": "加急", "fields": {"sku": "X1"}}"#)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&id.stdout), "1\n");
    let t = env.json(&["show", "1"]);
    assert_eq!(t["ticket"]["priority"], "P2");
    assert_eq!(t["ticket"]["customer"]["name"], "王芳");
    assert_eq!(t["ticket"]["fields"]["sku"], "X1");
    let out = env
        .cmd()
        .args(["create", "--json-input"])
        .write_stdin("{\"title\": \"x\",\n \"colour\": 1}")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("line 2 column"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("unknown field `colour`"),
        "{}",
        stderr(&out)
    );
    let out = env.fails(&["create"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("needs a title"));
    // A flag value triage cannot read is a usage error, as in list and update.
    let out = env.fails(&["create", "--title", "x", "--priority", "soonish"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--priority: unknown priority \"soonish\""),
        "{}",
        stderr(&out)
    );
}

#[test]
fn chinese_text_end_to_end_with_aligned_table() {
    let env = Env::with_rules("rules/team.yaml");
    env.ok(&[
        "create",
        "--title",
        "系统宕机，客户无法登录",
        "--customer",
        "王芳",
    ]);
    env.ok(&[
        "create",
        "--title",
        "申请退款 订单号：XY9",
        "--customer",
        "李雷",
        "--no-dedup",
    ]);
    env.ok(&["create", "--title", "plain english", "--customer", "Bob"]);
    let t = env.json(&["show", "1"]);
    assert_eq!(t["ticket"]["category"], "incident");
    assert_eq!(t["ticket"]["priority"], "P1");
    assert_eq!(
        env.json(&["show", "2"])["ticket"]["fields"]["order_no"],
        "XY9"
    );
    let table = env.ok(&["list"]);
    let widths: Vec<usize> = table.lines().map(display_width).collect();
    assert!(
        widths.windows(2).all(|w| w[0] == w[1]),
        "misaligned table:\n{table}"
    );
    assert!(table.contains("系统宕机，客户无法登录"));
}

#[test]
fn no_database_needed_beforehand_and_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    if common::sled_only("a server's files are the server's") {
        return;
    }
    let env = Env::new();
    env.ok(&["create", "--title", "hello"]);
    let mode = std::fs::metadata(env.db()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
    for entry in std::fs::read_dir(env.db()).unwrap() {
        let entry = entry.unwrap();
        let meta = entry.metadata().unwrap();
        if meta.is_file() {
            assert_eq!(
                meta.permissions().mode() & 0o077,
                0,
                "{:?} is readable by others",
                entry.path()
            );
        }
    }
}

#[test]
fn init_writes_a_valid_commented_starter() {
    let env = Env::new();
    env.ok(&["init"]);
    let path = env.dir.path().join("config/triage/rules.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with('#'));
    env.ok(&["rules", "check", path.to_str().unwrap()]);
    let out = env.fails(&["init"]);
    assert!(stderr(&out).contains("already exists"));
    // The written file is now the active rule set.
    assert!(env.ok(&["rules", "check"]).contains("rules.yaml: ok"));
}

#[test]
fn init_writes_the_machine_zone_and_says_who_is_on_shift() {
    let env = Env::new();
    let init = |now: &str| {
        let out = env
            .cmd()
            .env("TZ", "Europe/Berlin")
            .env("TRIAGE_NOW", now)
            .args(["init", "--force"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out))
    };
    // Sunday 13:00 in Berlin: every shift is closed.
    let said = init("2026-03-01T12:00:00Z");
    let path = env.dir.path().join("config/triage/rules.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\ntimezone: Europe/Berlin\n"), "{text}");
    assert!(said.contains("time zone Europe/Berlin, from TZ"), "{said}");
    assert!(said.contains("nobody is on shift"), "{said}");
    assert!(said.contains("alice (from Mon 09:00)"), "{said}");
    assert!(said.contains("respect_shifts: false"), "{said}");
    // Monday 10:00 in Berlin: the business shift works, the evening one not yet.
    let said = init("2026-03-02T09:00:00Z");
    assert!(
        said.contains("on shift: alice, bob, carol; off shift: dave (from Mon 14:00)"),
        "{said}"
    );
    assert!(!said.contains("respect_shifts"), "{said}");
}

#[test]
fn closed_pipe_exits_quietly() {
    let env = Env::with_rules("rules/team.yaml");
    for i in 0..30 {
        env.ok(&["create", "--title", &format!("t{i}"), "--no-dedup"]);
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("triage"))
        .env_clear()
        .env("TRIAGE_DB", env.db())
        .env("TRIAGE_RULES", fixture("rules/team.yaml"))
        .env("TRIAGE_NOW", &env.now)
        .args(["list", "--format", "csv"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn newer_schema_is_refused() {
    let env = Env::new();
    env.ok(&["create", "--title", "x"]);
    if let Some(server) = &env.server {
        server
            .client()
            .batch_execute("UPDATE triage.info SET schema_version = 99")
            .unwrap();
    } else {
        // What a newer triage would have written: its schema number.
        let db = triage::store::sled::internals::open_sled(&env.db()).unwrap();
        db.open_tree("meta")
            .unwrap()
            .insert("schema", &99u32.to_be_bytes())
            .unwrap();
        db.flush().unwrap();
    }
    let out = env.fails(&["list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("schema version 99 is newer"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn demo_runs_on_a_fresh_machine() {
    let env = Env::new();
    let out = env.ok(&["demo"]);
    assert!(
        out.contains("merged into ticket") || out.contains("$ TRIAGE_NOW"),
        "{out}"
    );
    assert!(out.contains("系统宕机"));
    assert!(out.contains("Done."));
}

#[test]
fn a_limited_list_is_the_head_of_the_full_one_in_every_order() {
    let env = Env::new();
    let csv = env.dir.path().join("many.csv");
    let mut text = String::from("id,title,priority,status,created_at\n");
    for i in 0..300 {
        let priority = ["P1", "P2", "P3", "P4"][i * 7 % 4];
        let status = ["new", "open", "resolved"][i % 3];
        // Creation times out of id order, with ties.
        let minute = (i * 37) % 120;
        text.push_str(&format!(
            "T{i},ticket {i},{priority},{status},2026-02-20 10:{:02}:00\n",
            minute % 60
        ));
    }
    std::fs::write(&csv, text).unwrap();
    env.ok(&["import", csv.to_str().unwrap(), "--source", "many"]);
    for sort in ["id", "priority", "created", "updated", "due"] {
        for reverse in [false, true] {
            for status in [None, Some("new")] {
                let mut args = vec!["list", "--format", "ids", "--sort", sort];
                if reverse {
                    args.push("--reverse");
                }
                if let Some(s) = status {
                    args.extend(["--status", s]);
                }
                let full = env.ok(&args);
                let head: Vec<&str> = full.lines().take(7).collect();
                args.extend(["--limit", "7"]);
                let limited = env.ok(&args);
                assert_eq!(limited.lines().collect::<Vec<_>>(), head, "{args:?}");
            }
        }
    }
}

#[test]
fn since_and_until_take_relative_times() {
    let env = Env::new();
    // 2026-03-02 is a Monday; the embedded rules' zone is Asia/Shanghai.
    for (at, title) in [
        ("2026-02-20T04:00:00Z", "old"),
        ("2026-03-01T04:00:00Z", "yesterday noon"),
        ("2026-03-02T00:30:00Z", "this morning"),
    ] {
        env.ok_at(at, &["create", "--title", title, "--no-dedup"]);
    }
    let ids = |args: &[&str]| {
        let mut all = vec!["list", "--format", "ids"];
        all.extend_from_slice(args);
        env.ok_at("2026-03-02T04:00:00Z", &all)
    };
    assert_eq!(ids(&["--since", "7d"]), "2\n3\n");
    assert_eq!(ids(&["--since", "yesterday"]), "2\n3\n");
    assert_eq!(ids(&["--since", "today"]), "3\n");
    assert_eq!(ids(&["--until", "2h"]), "1\n2\n3\n");
    assert_eq!(ids(&["--until", "4h"]), "1\n2\n");
    let out = env.fails(&["list", "--since", "soon"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("yesterday"), "{}", stderr(&out));
}

/// `fixtures/rules/thirty-minutes.yaml`: a 24x7 policy with a 30-minute
/// first-response target.
fn thirty_minutes_env() -> Env {
    let mut env = Env::with_rules("rules/thirty-minutes.yaml");
    // Reports look at the day after; every change passes its own time.
    env.now = "2026-03-02T12:00:00Z".to_string();
    env
}

/// The first-response verdict stored on a ticket, and its first-response
/// time as stored.
fn first_response(env: &Env, id: &str) -> (serde_json::Value, chrono::DateTime<chrono::Utc>) {
    let t = env.json(&["show", id]);
    let at = t["ticket"]["first_response_at"].as_str().unwrap();
    (
        t["ticket"]["sla"]["first_response_met"].clone(),
        at.parse().unwrap(),
    )
}

#[test]
fn a_response_four_tenths_of_a_second_late_is_late() {
    let env = thirty_minutes_env();
    // Through TRIAGE_NOW (RFC 3339) and --now (local text with a fraction).
    env.ok_at("2026-03-02T09:00:00Z", &["create", "--title", "late"]);
    env.ok(&["--now", "2026-03-02 09:30:00.400", "respond", "1"]);
    env.ok_at(
        "2026-03-02T09:00:00.000Z",
        &["create", "--title", "in time"],
    );
    env.ok_at("2026-03-02T09:29:59.600Z", &["respond", "2"]);
    let (met, at) = first_response(&env, "1");
    assert_eq!(met, false, "30m 0.4s against 30m");
    // The store keeps the fraction (sled and PostgreSQL alike).
    assert_eq!(at.timestamp_subsec_millis(), 400, "{at}");
    let (met, at) = first_response(&env, "2");
    assert_eq!(met, true, "29m 59.6s against 30m");
    assert_eq!(at.timestamp_subsec_millis(), 600, "{at}");
    // The due time is exact too: created at .250, due at .250.
    env.ok_at("2026-03-02T10:00:00.250Z", &["create", "--title", "due"]);
    let t = env.json(&["show", "3"]);
    let due: chrono::DateTime<chrono::Utc> = t["ticket"]["sla"]["first_response_due"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(due.to_rfc3339(), "2026-03-02T10:30:00.250+00:00");
    // The report counts the verdicts, and shows whole seconds.
    let report = env.json(&["report", "sla"]);
    let row = &report["sla"][0];
    assert_eq!(row["first_response_met"], 1, "{report}");
    assert_eq!(row["first_response_missed"], 1, "{report}");
    // Whole seconds in reports: 30m 0.4s and 29m 59.6s have a median of 1799 s.
    assert!(row["first_response_median_secs"].is_i64(), "{report}");
}

#[test]
fn json_input_tickets_keep_sub_second_times() {
    let env = thirty_minutes_env();
    for (now, title) in [
        ("2026-03-02T09:00:00Z", "late"),
        ("2026-03-02 09:00:00.000", "in time"),
    ] {
        let out = env
            .cmd()
            .env("TRIAGE_NOW", now)
            .args(["create", "--json-input"])
            .write_stdin(format!(r#"{{"title": "{title}"}}"#))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    env.ok_at("2026-03-02T09:30:00.4Z", &["respond", "1"]);
    env.ok_at("2026-03-02 09:29:59.6", &["respond", "2"]);
    assert_eq!(first_response(&env, "1").0, false);
    assert_eq!(first_response(&env, "2").0, true);
}

#[test]
fn tables_fit_columns_and_pipes_get_whole_lines() {
    let env = Env::new();
    let title = "The invoice for order A-1001 was charged twice and the customer, who has written \
                 three times this week about the same order, wants a refund today before noon";
    env.ok(&["create", "--title", title, "--email", "ann@example.com"]);
    let narrow = env
        .cmd()
        .env("COLUMNS", "150")
        .args(["list"])
        .output()
        .unwrap();
    let narrow = String::from_utf8(narrow.stdout).unwrap();
    assert!(
        narrow.lines().all(|l| l.chars().count() <= 150),
        "wider than 150:\n{narrow}"
    );
    assert!(narrow.contains("The invoice for order"), "{narrow}");
    assert!(narrow.contains('…'), "the title is cut:\n{narrow}");
    assert!(
        narrow.contains("ann@example.com"),
        "short columns stay whole:\n{narrow}"
    );
    let piped = env.ok(&["list"]);
    assert!(piped.contains(title), "{piped}");
    let csv = env
        .cmd()
        .env("COLUMNS", "60")
        .args(["--format", "csv", "list"])
        .output()
        .unwrap();
    assert!(String::from_utf8(csv.stdout).unwrap().contains(title));
}

#[test]
fn jsonl_is_one_object_per_line_wherever_json_is_written() {
    let env = Env::new();
    env.ok(&[
        "create",
        "--title",
        "Refund please",
        "--email",
        "ann@example.com",
    ]);
    env.ok(&[
        "create",
        "--title",
        "Printer on fire",
        "--email",
        "bob@example.com",
    ]);
    let parse = |text: &str| -> Vec<serde_json::Value> {
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    };
    let list = parse(&env.ok(&["--format", "jsonl", "list"]));
    assert_eq!(list.len(), 2);
    assert_eq!(list[1]["title"], "Printer on fire");
    let show = parse(&env.ok(&["--format", "jsonl", "show", "1"]));
    assert_eq!(show.len(), 1);
    assert_eq!(show[0]["ticket"]["title"], "Refund please");
    let report = parse(&env.ok(&["--format", "jsonl", "report", "all"]));
    assert!(report.iter().all(|r| r["table"].is_string()), "{report:?}");
    assert!(report.iter().any(|r| r["table"] == "sla"), "{report:?}");
    let export = env.ok(&["--format", "jsonl", "export"]);
    assert!(export.starts_with("{\"type\":\"header\""), "{export}");
    let file = env.dir.path().join("report.jsonl");
    env.ok(&["report", "sla", "-o", file.to_str().unwrap()]);
    let written = parse(&std::fs::read_to_string(&file).unwrap());
    assert!(
        !written.is_empty() && written[0]["group"].is_string(),
        "{written:?}"
    );
}
