//! `triage import` through the real binary, over the files in
//! `fixtures/import/` (see its README) and generated ones: counts, field
//! values, timestamps, rejects, re-import, strict, dry run, assignment, and
//! a kill -9 in the middle of a large import.

mod common;

use std::collections::HashSet;
use std::path::Path;
use std::process::Output;
use std::time::Duration;

use common::{fixture, stderr, Env};
use serde_json::Value;
use triage::model::{Event, Ticket};

fn file(name: &str) -> String {
    fixture(&format!("import/{name}")).display().to_string()
}

fn run(env: &Env, args: &[&str]) -> Output {
    env.cmd().args(args).output().unwrap()
}

/// Runs an import that must succeed; returns stderr.
fn import_ok(env: &Env, args: &[&str]) -> String {
    let mut full = vec!["import"];
    full.extend_from_slice(args);
    let out = run(env, &full);
    assert!(
        out.status.success(),
        "triage {full:?} failed ({:?}):\n{}",
        out.status.code(),
        stderr(&out)
    );
    assert!(
        out.stdout.is_empty(),
        "nothing on stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    stderr(&out)
}

/// The counts part of the summary line.
fn counts(err: &str) -> String {
    let line = err
        .lines()
        .find(|l| l.contains(" as source "))
        .unwrap_or_else(|| panic!("no summary in:\n{err}"));
    let start = line.find("read ").unwrap();
    let end = line.find(" in ").unwrap();
    line[start..end].to_string()
}

/// Every stored ticket with its events, ascending id (the binary is not running).
fn dump(env: &Env) -> Vec<(Ticket, Vec<Event>)> {
    let store = triage::store::open_path(&env.db(), Duration::from_secs(5)).unwrap();
    let tickets: Vec<Ticket> = store.tickets().map(|t| t.unwrap()).collect();
    tickets
        .into_iter()
        .map(|t| {
            let events = store.events(t.id).unwrap();
            (t, events)
        })
        .collect()
}

fn show(env: &Env, id: u64) -> Value {
    env.json(&["show", &id.to_string()])
}

fn kinds(shown: &Value) -> Vec<String> {
    shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn english_servicenow_csv() {
    let env = Env::new();
    let err = import_ok(&env, &["--quiet", &file("servicenow.csv")]);
    assert_eq!(err, "", "--quiet prints nothing");
    let err = import_ok(&env, &[&file("servicenow.csv")]);
    assert_eq!(
        counts(&err),
        "read 5, created 0, updated 0, unchanged 5, rejected 0, warnings 0"
    );
    assert!(err.contains("import: delimiter: comma (sniffed)"), "{err}");

    let vpn = show(&env, 1);
    let t = &vpn["ticket"];
    assert_eq!(t["source"], "servicenow", "the file stem");
    assert_eq!(t["external_id"], "INC0010001");
    assert_eq!(t["title"], "Cannot log in to VPN");
    assert_eq!(
        t["body"],
        "User reports VPN client fails with error 809.\nTried reinstalling, same result.\nLaptop: ThinkPad T14"
    );
    assert_eq!(t["customer"]["name"], "Abel Tuter");
    assert_eq!(t["channel"], "phone");
    assert_eq!(
        t["category"], "Network",
        "the file's category beats the rules"
    );
    assert_eq!(t["priority"], "P2");
    assert_eq!(t["status"], "open");
    assert_eq!(t["team"], "Network Support");
    assert_eq!(t["assignee"], "Beth Anglin");
    // Naive times are in the rule file's zone (Asia/Shanghai).
    assert_eq!(t["created_at"], "2025-03-03T01:15:22Z");
    assert_eq!(t["fields"]["u_region"], "EMEA");
    assert_eq!(t["sla"]["policy"], "standard");
    assert_eq!(
        t["sla"]["first_response_due"], "2025-03-03T03:15:22Z",
        "due times from the original creation"
    );
    assert_eq!(kinds(&vpn), ["imported", "assigned"]);
    assert_eq!(vpn["events"][0]["to"], "open");
    assert_eq!(vpn["events"][0]["note"], "servicenow.csv:2");
    assert_eq!(vpn["events"][0]["at"], "2025-03-03T01:15:22Z");

    let email = show(&env, 2);
    let t = &email["ticket"];
    assert_eq!(t["status"], "resolved");
    assert_eq!(t["resolved_at"], "2025-03-03T07:40:10Z");
    assert_eq!(t["sla"]["resolution_met"], true);
    assert_eq!(email["events"][0]["note"], "servicenow.csv:5");
    let printer = &show(&env, 3)["ticket"];
    assert_eq!(printer["status"], "closed");
    assert_eq!(printer["closed_at"], "2025-03-06T01:30:00Z");
    assert_eq!(printer["channel"], "web", "Self-service folded");
    let payroll = &show(&env, 4)["ticket"];
    assert_eq!(payroll["status"], "pending");
    assert_eq!(payroll["priority"], "P1");
    assert!(payroll["assignee"].is_null());
    let monitor = &show(&env, 5)["ticket"];
    assert_eq!(monitor["status"], "new");
    assert_eq!(monitor["customer"]["name"], "Abel Tuter");
}

#[test]
fn mapping_file_source_zone_and_defaults() {
    let env = Env::new();
    let err = import_ok(
        &env,
        &[
            &file("servicenow.csv"),
            "--mapping",
            &file("servicenow_mapping.yaml"),
        ],
    );
    assert!(err.contains("as source \"servicenow\""), "{err}");
    let t = &show(&env, 1)["ticket"];
    assert_eq!(t["source"], "servicenow");
    // 09:15:22 in New York, as the mapping file says.
    assert_eq!(t["created_at"], "2025-03-03T14:15:22Z");
    assert_eq!(show(&env, 5)["ticket"]["team"], "Service Desk", "default");
    // --source beats the mapping file: a second, separate set of tickets.
    let err = import_ok(
        &env,
        &[
            &file("servicenow.csv"),
            "--mapping",
            &file("servicenow_mapping.yaml"),
            "--source",
            "snow2",
        ],
    );
    assert_eq!(
        counts(&err),
        "read 5, created 5, updated 0, unchanged 0, rejected 0, warnings 0"
    );
    assert_eq!(show(&env, 6)["ticket"]["source"], "snow2");
}

#[test]
fn chinese_gbk_csv() {
    let env = Env::new();
    let err = import_ok(&env, &[&file("gbk_tickets.csv")]);
    assert!(err.contains("import: encoding: GB18030"), "{err}");
    assert_eq!(
        counts(&err),
        "read 4, created 4, updated 0, unchanged 0, rejected 0, warnings 0"
    );
    let first = show(&env, 1);
    let t = &first["ticket"];
    assert_eq!(t["external_id"], "GD20250305001");
    assert_eq!(t["title"], "无法登录APP");
    assert_eq!(t["body"], "输入正确密码后提示“账号异常”");
    assert_eq!(t["customer"]["name"], "张伟");
    assert_eq!(t["customer"]["phone"], "13800138000");
    assert_eq!(t["channel"], "phone");
    assert_eq!(t["priority"], "P1");
    assert_eq!(t["status"], "resolved");
    assert_eq!(t["assignee"], "李娜");
    assert_eq!(t["team"], "售后一组");
    // 2025/3/5 14:22 in Shanghai; first response 15 minutes later.
    assert_eq!(t["created_at"], "2025-03-05T06:22:00Z");
    assert_eq!(t["first_response_at"], "2025-03-05T06:37:00Z");
    assert_eq!(t["resolved_at"], "2025-03-05T08:40:00Z");
    assert_eq!(t["csat"], 5);
    assert_eq!(t["fields"]["备注"], "已回访");
    // VIP (24x7, P1: respond in 15 min, resolve in 4 h): both met.
    assert_eq!(t["sla"]["policy"], "vip");
    assert_eq!(t["sla"]["first_response_met"], true);
    assert_eq!(t["sla"]["resolution_met"], true);
    assert_eq!(t["tags"][0], "outage", "classified by the rules");

    let order = &show(&env, 2)["ticket"];
    assert_eq!(order["channel"], "chat");
    assert_eq!(order["status"], "open");
    assert_eq!(order["fields"]["order_no"], "DD889900", "extract rules ran");
    let refund = &show(&env, 3)["ticket"];
    assert_eq!(refund["status"], "pending");
    assert_eq!(refund["body"], "商品有质量问题，\n要求全额退款");
    assert!(refund["customer"]["phone"].is_null(), "\"-\" is null");
    let invoice = &show(&env, 4)["ticket"];
    assert_eq!(invoice["priority"], "P4");
    assert_eq!(invoice["status"], "new");
    assert_eq!(invoice["created_at"], "2025-03-07T09:45:00Z");
}

#[test]
fn xlsx_with_date_cells_and_a_notes_sheet() {
    let env = Env::new();
    let err = import_ok(&env, &[&file("workbook.xlsx")]);
    assert!(
        err.contains("import: sheet \"工单\" (the first whose header maps a title or id column); skipped \"说明\""),
        "{err}"
    );
    assert_eq!(
        counts(&err),
        "read 3, created 3, updated 0, unchanged 0, rejected 0, warnings 0"
    );
    let t = &show(&env, 1)["ticket"];
    assert_eq!(t["source"], "workbook");
    assert_eq!(t["external_id"], "1001");
    assert_eq!(t["title"], "无法登录");
    assert_eq!(t["customer"]["email"], "zhang@example.cn");
    assert_eq!(t["customer"]["phone"], "13800138000");
    assert_eq!(t["created_at"], "2025-03-05T06:22:00Z");
    assert_eq!(t["resolved_at"], "2025-03-05T08:40:00Z");
    assert_eq!(t["fields"]["Note"], "first note");
    assert_eq!(t["fields"]["Note (2)"], "second note");
    assert!(t["tags"].as_array().unwrap().iter().any(|v| v == "登录"));
    assert_eq!(
        show(&env, 1)["events"][0]["note"],
        "workbook.xlsx:3",
        "row 3"
    );
    assert_eq!(
        show(&env, 3)["ticket"]["created_at"],
        "2025-03-08T02:00:00Z"
    );

    // The statistics sheet is not a ticket table.
    let out = run(&env, &["import", &file("workbook.xlsx"), "--sheet", "统计"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no column maps to a ticket title or id (columns: 月份, 数量)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn event_log_rows_become_history() {
    let env = Env::new();
    let err = import_ok(&env, &[&file("event_log.csv")]);
    assert_eq!(
        counts(&err),
        "read 6, created 2, updated 4, unchanged 0, rejected 0, warnings 0"
    );
    let refund = show(&env, 1);
    let t = &refund["ticket"];
    assert_eq!(t["external_id"], "T-100");
    assert_eq!(t["status"], "resolved");
    assert_eq!(t["assignee"], "alice");
    assert_eq!(
        t["created_at"], "2025-03-01T08:00:00Z",
        "the first row's time"
    );
    assert_eq!(
        t["first_response_at"], "2025-03-01T10:15:00Z",
        "moved to open"
    );
    assert_eq!(t["resolved_at"], "2025-03-03T16:45:00Z");
    assert_eq!(t["updated_at"], "2025-03-03T16:45:00Z");
    assert_eq!(
        t["sla"]["pauses"][0]["start"], "2025-03-02T11:00:00Z",
        "pending"
    );
    let events: Vec<(String, String, String, String)> = refund["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or("").to_string();
            (s("kind"), s("at"), s("to"), s("note"))
        })
        .collect();
    let want = [
        ("imported", "2025-03-01T08:00:00Z", "new", "event_log.csv:2"),
        (
            "assigned",
            "2025-03-01T10:15:00Z",
            "alice",
            "event_log.csv:4",
        ),
        ("status", "2025-03-01T10:15:00Z", "open", "event_log.csv:4"),
        (
            "status",
            "2025-03-02T11:00:00Z",
            "pending",
            "event_log.csv:5",
        ),
        (
            "status",
            "2025-03-03T16:45:00Z",
            "resolved",
            "event_log.csv:7",
        ),
    ];
    assert_eq!(
        events,
        want.iter()
            .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
            .collect::<Vec<_>>()
    );
    let crash = &show(&env, 2)["ticket"];
    assert_eq!(crash["external_id"], "T-101");
    assert_eq!(crash["assignee"], "bob");
    assert_eq!(crash["priority"], "P2");
    assert_eq!(crash["status"], "resolved");

    // Re-import: every row is history the tickets already have.
    let before = dump(&env);
    let err = import_ok(&env, &[&file("event_log.csv")]);
    assert_eq!(
        counts(&err),
        "read 6, created 0, updated 0, unchanged 6, rejected 0, warnings 0"
    );
    assert_eq!(dump(&env), before, "tickets and audit logs unchanged");
}

#[test]
fn bad_rows_are_rejected_with_place_and_reason() {
    let env = Env::new();
    let rejects = env.dir.path().join("rejects.csv");
    let out = run(
        &env,
        &[
            "import",
            &file("bad_rows.csv"),
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(
        counts(&err),
        "read 7, created 3, updated 0, unchanged 0, rejected 4, warnings 2"
    );
    let path = file("bad_rows.csv");
    for line in [
        format!("rejected {path}:3: bad date \"2025/13/45\" in column 创建时间: expected Y/m/d H:M"),
        format!("rejected {path}:4: bad priority \"P9\" in column 优先级: expected P1..P4"),
        format!("rejected {path}:5: row has neither a title nor an id"),
        format!("rejected {path}:8: bad priority \"urgent!!\" in column 优先级"),
        format!("warning: {path}:6: resolved (2025-03-01 01:00 UTC) before created (2025-03-05 02:00 UTC)"),
        format!("warning: {path}:7: no title: using \"(no title)\""),
        format!(
            "triage: {path}: 4 rows rejected (written to {}); the other rows were imported",
            rejects.display()
        ),
    ] {
        assert!(err.contains(&line), "missing {line:?} in:\n{err}");
    }
    let text = std::fs::read_to_string(&rejects).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert_eq!(
        lines[0],
        "\u{FEFF}工单编号,标题,优先级,创建时间,解决时间,备注,reason"
    );
    assert_eq!(
        lines[1],
        "2,日期错误,P3,2025/13/45,,,\"line 3: bad date \"\"2025/13/45\"\" in column 创建时间: expected Y/m/d H:M\""
    );
    assert!(lines[2].starts_with("3,优先级错误,P9,2025/3/2 10:00,,,\"line 4: bad priority"));
    assert_eq!(
        lines[3],
        ",,P3,2025/3/2 11:00,,无标题无编号,line 5: row has neither a title nor an id"
    );
    assert!(
        lines[4].starts_with("7,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",urgent!!,"),
        "formula escaped: {}",
        lines[4]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&rejects).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "rejects hold customer data");
    }

    // The good rows are in, the inconsistent one with its times as given.
    let stored = dump(&env);
    let ids: Vec<&str> = stored
        .iter()
        .map(|(t, _)| t.external_id.as_deref().unwrap())
        .collect();
    assert_eq!(ids, ["1", "5", "6"]);
    assert_eq!(
        stored[1].0.status.as_str(),
        "resolved",
        "implied by resolved_at"
    );
    assert_eq!(stored[2].0.title, "(no title)");

    // --strict-times rejects the inconsistent row instead.
    let env = Env::new();
    let out = run(
        &env,
        &[
            "import",
            &file("bad_rows.csv"),
            "--strict-times",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        counts(&err),
        "read 7, created 2, updated 0, unchanged 0, rejected 5, warnings 1"
    );
    assert!(
        err.contains(&format!(
            "rejected {path}:6: resolved (2025-03-01 01:00 UTC) before created (2025-03-05 02:00 UTC) (--strict-times)"
        )),
        "{err}"
    );
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(
        text.contains("5,解决早于创建,P4,2025/3/5 10:00,2025/3/1 9:00,,line 6: resolved (2025-03-01 01:00 UTC) before created (2025-03-05 02:00 UTC) (--strict-times)"),
        "{text}"
    );
}

#[test]
fn utf16_tsv() {
    let env = Env::new();
    let err = import_ok(&env, &[&file("utf16le_bom.tsv")]);
    assert!(err.contains("import: delimiter: tab (sniffed)"), "{err}");
    assert_eq!(
        counts(&err),
        "read 3, created 3, updated 0, unchanged 0, rejected 0, warnings 0"
    );
    let t = &show(&env, 1)["ticket"];
    assert_eq!(t["external_id"], "Z-1");
    assert_eq!(t["customer"]["email"], "ana@example.com");
    assert_eq!(t["channel"], "email");
    assert_eq!(t["created_at"], "2025-03-05T14:22:00Z", "Z is UTC");
    assert_eq!(t["category"], "account", "classified: password");
    let tags = t["tags"].as_array().unwrap();
    assert!(tags.iter().any(|v| v == "login") && tags.iter().any(|v| v == "password"));
    let refund = &show(&env, 2)["ticket"];
    assert_eq!(refund["title"], "退款申请");
    assert_eq!(refund["channel"], "web");
    assert_eq!(
        refund["created_at"], "2025-03-06T00:00:00Z",
        "08:00 in Shanghai"
    );
    assert_eq!(refund["team"], "billing");
}

#[test]
fn reimport_changes_nothing_and_an_edit_updates() {
    let env = Env::new();
    for name in [
        "servicenow.csv",
        "gbk_tickets.csv",
        "workbook.xlsx",
        "utf16le_bom.tsv",
    ] {
        import_ok(&env, &[&file(name)]);
    }
    let before = dump(&env);
    assert_eq!(before.len(), 15);
    for (name, n) in [
        ("servicenow.csv", 5),
        ("gbk_tickets.csv", 4),
        ("workbook.xlsx", 3),
        ("utf16le_bom.tsv", 3),
    ] {
        let err = env
            .cmd()
            .env("TRIAGE_NOW", "2026-04-01T00:00:00Z")
            .args(["import", &file(name)])
            .output()
            .unwrap();
        assert!(err.status.success());
        assert_eq!(
            counts(&stderr(&err)),
            format!("read {n}, created 0, updated 0, unchanged {n}, rejected 0, warnings 0")
        );
    }
    assert_eq!(dump(&env), before, "tickets and audit logs unchanged");

    // A corrected row updates its ticket, with an event per change.
    let dir = env.dir.path();
    let original = std::fs::read_to_string(file("servicenow.csv")).unwrap();
    let edited = original.replace(
        "3 - Moderate,New,,,2025-03-05 11:20:00",
        "2 - High,New,,,2025-03-05 11:20:00",
    );
    assert_ne!(edited, original);
    std::fs::write(dir.join("servicenow.csv"), edited).unwrap();
    let err = import_ok(&env, &[dir.join("servicenow.csv").to_str().unwrap()]);
    assert_eq!(
        counts(&err),
        "read 5, created 0, updated 1, unchanged 4, rejected 0, warnings 0"
    );
    let monitor = show(&env, 5);
    assert_eq!(monitor["ticket"]["priority"], "P2");
    let events: Vec<(String, String, String)> = monitor["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or("").to_string();
            (s("kind"), s("to"), s("note"))
        })
        .collect();
    assert_eq!(events[0].0, "imported");
    assert_eq!(
        events[1],
        (
            "priority".to_string(),
            "P2".to_string(),
            "servicenow.csv:9".to_string()
        )
    );
    // The due times move with the priority, and say so.
    assert_eq!(events[2].0, "due");
    assert_eq!(events.len(), 4);
}

#[test]
fn rows_without_ids_upsert_by_content() {
    let env = Env::new();
    let path = env.dir.path().join("no_ids.csv");
    std::fs::write(
        &path,
        "title,created\nPrinter jammed,2025-03-01 09:00\nPrinter jammed,2025-03-01 09:00\nVPN down,2025-03-02 10:00\n",
    )
    .unwrap();
    let err = import_ok(&env, &[path.to_str().unwrap()]);
    assert_eq!(
        counts(&err),
        "read 3, created 3, updated 0, unchanged 0, rejected 0, warnings 0",
        "identical rows are kept apart"
    );
    let err = import_ok(&env, &[path.to_str().unwrap()]);
    assert_eq!(
        counts(&err),
        "read 3, created 0, updated 0, unchanged 3, rejected 0, warnings 0"
    );
    let ids: Vec<String> = dump(&env)
        .into_iter()
        .map(|(t, _)| t.external_id.unwrap())
        .collect();
    assert!(
        ids[0].starts_with("row-") && ids[1] == format!("{}-2", ids[0]),
        "{ids:?}"
    );
}

#[test]
fn strict_leaves_the_database_unchanged() {
    let env = Env::new();
    import_ok(&env, &[&file("servicenow.csv")]);
    let before = dump(&env);
    let rejects = env.dir.path().join("rejects.csv");
    let out = run(
        &env,
        &[
            "import",
            &file("bad_rows.csv"),
            "--strict",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "triage: {}: 4 of 7 rows rejected; nothing imported (--strict): the rows are in {}",
            file("bad_rows.csv"),
            rejects.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(" as source \"bad_rows\" (--strict: nothing imported): read 7, created 0"),
        "{err}"
    );
    assert_eq!(dump(&env), before, "database unchanged");
    assert_eq!(
        std::fs::read_to_string(&rejects).unwrap().lines().count(),
        5
    );

    // One bad row is enough.
    let path = env.dir.path().join("one_bad.csv");
    std::fs::write(
        &path,
        "id,title,priority\nA-1,Fine,P2\nA-2,Also fine,P3\nA-3,Broken,P9\n",
    )
    .unwrap();
    let out = run(&env, &["import", path.to_str().unwrap(), "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("1 of 3 rows rejected; nothing imported"));
    assert_eq!(dump(&env), before, "database unchanged");

    // All good: imported.
    let err = import_ok(&env, &[&file("utf16le_bom.tsv"), "--strict"]);
    assert_eq!(
        counts(&err),
        "read 3, created 3, updated 0, unchanged 0, rejected 0, warnings 0"
    );
}

#[test]
fn dry_run_writes_nothing() {
    let env = Env::new();
    let err = import_ok(&env, &[&file("event_log.csv"), "--dry-run"]);
    assert!(
        err.contains("dry run of ")
            && err.contains(" as source \"event_log\" (nothing written): read 6"),
        "{err}"
    );
    assert_eq!(
        counts(&err),
        "read 6, created 2, updated 4, unchanged 0, rejected 0, warnings 0"
    );
    assert!(dump(&env).is_empty());
    import_ok(&env, &[&file("event_log.csv")]);
    let err = import_ok(&env, &[&file("event_log.csv"), "--dry-run"]);
    assert_eq!(
        counts(&err),
        "read 6, created 0, updated 0, unchanged 6, rejected 0, warnings 0"
    );
}

#[test]
fn show_mapping_prints_the_plan_only() {
    let env = Env::new();
    let out = run(
        &env,
        &["import", &file("gbk_tickets.csv"), "--show-mapping"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let table = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(table.contains("工单编号"), "{table}");
    assert!(table.contains("→  id"), "{table}");
    assert!(table.contains("首次响应时长(分钟)"), "{table}");
    assert!(
        table.contains("dates year-first") || table.contains("创建时间"),
        "{table}"
    );
    assert!(stderr(&out).contains("4 rows; tickets would be filed under source \"gbk_tickets\""));
    assert!(!env.db().exists(), "the database is not touched");

    // An ambiguous file still shows its plan, then says what to pass.
    let out = run(
        &env,
        &["import", &file("ambiguous_dates.csv"), "--show-mapping"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("created"));
    assert!(
        stderr(&out).contains("pass --date-format"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn json_summary_on_stdout() {
    let env = Env::new();
    let out = run(
        &env,
        &[
            "--format",
            "json",
            "import",
            &file("event_log.csv"),
            "--source",
            "log",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["source"], "log");
    assert_eq!(summary["read"], 6);
    assert_eq!(summary["created"], 2);
    assert_eq!(summary["updated"], 4);
    assert_eq!(summary["unchanged"], 0);
    assert_eq!(summary["rejected"], 0);
    assert_eq!(summary["dry_run"], false);
    assert!(summary["rows_per_sec"].as_f64().unwrap() > 0.0);
}

#[test]
fn assign_routes_imported_open_tickets() {
    let env = Env::new();
    let path = env.dir.path().join("open.csv");
    std::fs::write(
        &path,
        "id,title,status,created\n\
         B-1,Refund not received,new,2026-03-01 10:00\n\
         B-2,Charged twice for my order,open,2026-03-01 11:00\n\
         B-3,Old refund,resolved,2026-02-01 10:00\n",
    )
    .unwrap();
    let err = import_ok(&env, &[path.to_str().unwrap(), "--assign"]);
    assert!(err.contains(", assigned 2 "), "{err}");
    let stored = dump(&env);
    for (t, events) in &stored[..2] {
        let agent = t.assignee.as_deref().unwrap();
        assert!(
            agent == "alice" || agent == "bob",
            "billing agents: {agent}"
        );
        assert!(events.iter().any(|e| e.kind.as_str() == "assigned"));
    }
    assert_eq!(
        stored[2].0.assignee, None,
        "resolved tickets are left alone"
    );
    // Assigned since: the file's older rows do not undo it.
    let err = import_ok(&env, &[path.to_str().unwrap()]);
    assert_eq!(
        counts(&err),
        "read 3, created 0, updated 0, unchanged 3, rejected 0, warnings 0"
    );
}

#[test]
fn out_of_order_event_rows_are_skipped_with_a_warning() {
    let env = Env::new();
    let path = env.dir.path().join("log.csv");
    std::fs::write(
        &path,
        "id,title,status,updated_at\n\
         E-1,Broken,new,2025-03-01T08:00:00Z\n\
         E-1,Broken,resolved,2025-03-02T08:00:00Z\n\
         E-1,Broken,open,2025-03-01T09:00:00Z\n",
    )
    .unwrap();
    let err = import_ok(&env, &[path.to_str().unwrap()]);
    assert_eq!(
        counts(&err),
        "read 3, created 1, updated 1, unchanged 1, rejected 0, warnings 1"
    );
    assert!(
        err.contains(
            "log.csv:4: E-1: row time 2025-03-01T09:00:00+00:00 is older than an earlier row"
        ),
        "{err}"
    );
    assert_eq!(show(&env, 1)["ticket"]["status"], "resolved");
}

#[test]
fn library_errors_exit_1_with_their_message() {
    let env = Env::new();
    let out = run(&env, &["import", &file("ambiguous_dates.csv")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("could be day-first or month-first; pass --date-format"));
    let err = import_ok(
        &env,
        &[&file("ambiguous_dates.csv"), "--date-format", "dmy"],
    );
    assert_eq!(
        counts(&err),
        "read 3, created 3, updated 0, unchanged 0, rejected 0, warnings 0"
    );
    assert_eq!(
        show(&env, 1)["ticket"]["created_at"],
        "2025-05-03T02:00:00Z"
    );

    let out = run(&env, &["import", "no/such/file.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no/such/file.csv: cannot open"),
        "{}",
        stderr(&out)
    );
    let out = run(
        &env,
        &[
            "import",
            &file("servicenow.csv"),
            "--map",
            "number=nonsense",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("unknown field \"nonsense\""),
        "{}",
        stderr(&out)
    );
    let out = run(&env, &["import", &file("servicenow.csv"), "--batch", "0"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Writes `rows` valid ticket rows with ids `K0000000`...
fn generate(path: &Path, rows: usize) {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "id,title,body,email,priority,status,created").unwrap();
    for i in 0..rows {
        writeln!(
            out,
            "K{i:07},Ticket {i} cannot log in,Order number: A-{i} please check,user{}@example.com,{},{},2025-03-{:02} 10:{:02}",
            i % 5000,
            ["P1", "high", "normal", "low"][i % 4],
            ["new", "open", "resolved"][i % 3],
            1 + i % 28,
            i % 60
        )
        .unwrap();
    }
}

/// `kill -9` in the middle of an import, then the same import again: every
/// row becomes exactly one ticket. The file is 20k rows rather than the
/// issue's 200k: a debug build writes about 1k tickets a second to sled, and
/// the rerun must finish within the test's budget (`bench/import.sh` runs
/// the same path on a million rows in release).
#[test]
fn killed_import_reruns_to_the_exact_tickets() {
    let env = Env::new();
    let rows = 20_000;
    let path = env.dir.path().join("big.csv");
    generate(&path, rows);
    // A different kill time each run, 100-800 ms after the database opened.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    let delay = 100 + nanos % 700;
    let mut child = env
        .std_cmd()
        .args(["import", path.to_str().unwrap(), "--batch", "100"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let opened = std::time::Instant::now();
    // (A server database has no lock file to wait for.)
    while env.server.is_none()
        && !env.db().join("triage.lock").exists()
        && opened.elapsed() < Duration::from_secs(30)
    {
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(delay));
    let finished_early = child.try_wait().unwrap().is_some();
    unsafe {
        libc::kill(child.id() as i32, libc::SIGKILL);
    }
    let _ = child.wait();
    let partial = dump(&env).len();
    eprintln!(
        "killed {delay} ms after the database opened, with {partial} tickets stored (finished: {finished_early})"
    );
    assert_eq!(partial % 100, 0, "whole batches only");

    let err = import_ok(&env, &[path.to_str().unwrap(), "--batch", "2000"]);
    assert_eq!(
        counts(&err),
        format!(
            "read {rows}, created {}, updated 0, unchanged {partial}, rejected 0, warnings 0",
            rows - partial
        )
    );

    let store = triage::store::open_path(&env.db(), Duration::from_secs(5)).unwrap();
    assert_eq!(store.ticket_count().unwrap() as usize, rows);
    let mut ids = HashSet::new();
    let mut max_id = 0;
    for t in store.tickets() {
        let t = t.unwrap();
        assert!(
            ids.insert(t.external_id.clone().unwrap()),
            "duplicate {:?}",
            t.external_id
        );
        assert_eq!(t.history_len, 1, "one imported event each");
        max_id = max_id.max(t.id);
    }
    assert_eq!(max_id, rows as u64, "ids stay dense");
    assert_eq!(store.next_id().unwrap(), rows as u64 + 1);
    for i in [0, rows / 2, rows - 1] {
        let id = store.find_external("big", &format!("K{i:07}")).unwrap();
        assert!(id.is_some(), "K{i:07} missing");
    }
}

#[test]
fn demo_imports_its_sample_backlog() {
    let env = Env::new();
    let out = run(&env, &["demo"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("triage import "), "{stdout}");
    assert!(
        stdout.contains("backlog.csv' --source legacy --assign"),
        "{stdout}"
    );
    assert!(
        err.contains("as source \"legacy\": read 5, created 5, updated 0, unchanged 0, rejected 0, warnings 0, assigned 2 in"),
        "{err}"
    );
}

/// Issue 16: a response 0.4 s late is late, and a response recorded after
/// the resolution is flagged and counted as recorded, not capped at the
/// resolution (which made it met).
#[test]
fn sub_second_times_and_responses_after_resolution() {
    let mut env = Env::with_rules("rules/thirty-minutes.yaml");
    env.now = "2025-03-04T00:00:00Z".to_string();
    let path = env.dir.path().join("history.csv");
    std::fs::write(
        &path,
        "id,title,created,first_response,resolved,status,priority\n\
         a1,late,2025-03-03 09:00:00.000,2025-03-03 09:30:00.400,2025-03-03 11:00:00,resolved,P3\n\
         a2,in time,2025-03-03 09:00:00,2025-03-03 09:29:59.600,2025-03-03 11:00:00,resolved,P3\n\
         a3,answered after,2025-03-03 09:00:00,2025-03-03 12:00:00,2025-03-03 09:10:00,resolved,P3\n",
    )
    .unwrap();
    let path = path.display().to_string();
    let err = import_ok(&env, &[&path]);
    assert!(
        err.contains(&format!(
            "warning: {path}:4: first response (2025-03-03 12:00:00 UTC) after resolved (2025-03-03 09:10:00 UTC): counted as recorded"
        )),
        "{err}"
    );
    let met = |ext: &str| {
        let (t, _) = dump(&env)
            .into_iter()
            .find(|(t, _)| t.external_id.as_deref() == Some(ext))
            .unwrap();
        (t.sla.first_response_met, t.first_response_at.unwrap())
    };
    let (late, at) = met("a1");
    assert_eq!(late, Some(false));
    assert_eq!(at.timestamp_subsec_millis(), 400);
    assert_eq!(met("a2").0, Some(true));
    assert_eq!(met("a3").0, Some(false), "3h, not capped at the resolution");
    let report = env.json(&["report", "sla"]);
    let row = &report["sla"][0];
    assert_eq!(row["first_response_met"], 1, "{report}");
    assert_eq!(row["first_response_missed"], 2, "{report}");
    // Measured as recorded: 3h for a3 is the slowest first response.
    assert_eq!(row["first_response_p90_secs"], 3 * 3600, "{report}");
    // Under --strict-times the row is refused like other contradictions.
    let strict = Env::with_rules("rules/thirty-minutes.yaml");
    let out = run(&strict, &["import", "--strict-times", &path]);
    assert!(
        stderr(&out).contains("first response (2025-03-03 12:00:00 UTC) after resolved"),
        "{}",
        stderr(&out)
    );
}
