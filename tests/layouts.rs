//! Issue 15: the exports of the helpdesks teams leave import as they are.
//! Each built-in layout's fixture (made by `fixtures/import/make_layouts.py`
//! with that system's header spelling) is imported with no mapping file and
//! counted: statuses, priorities, satisfaction, first responses and
//! resolutions. Then the first `escalate` after a backlog import (no flood),
//! short rows, `--strict` and `--warnings`, a re-imported event log, and
//! `--value`.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::{fixture, stderr, Env};
use serde_json::Value;
use triage::model::{Event, EventKind, Ticket};

fn file(name: &str) -> String {
    fixture(&format!("import/{name}")).display().to_string()
}

/// Runs `triage import ARGS...`, which must succeed; returns stderr.
fn import(env: &Env, args: &[&str]) -> String {
    let out = env.cmd().arg("import").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "import {args:?} failed ({:?}):\n{}",
        out.status.code(),
        stderr(&out)
    );
    stderr(&out)
}

/// Every stored ticket with its events (the binary is not running).
fn tickets(env: &Env) -> Vec<(Ticket, Vec<Event>)> {
    let store = triage::store::open_path(&env.db(), Duration::from_secs(5)).unwrap();
    let all: Vec<Ticket> = store.tickets().map(|t| t.unwrap()).collect();
    all.into_iter()
        .map(|t| {
            let events = store.events(t.id).unwrap();
            (t, events)
        })
        .collect()
}

fn count<K: Ord>(
    tickets: &[(Ticket, Vec<Event>)],
    key: impl Fn(&Ticket) -> Option<K>,
) -> BTreeMap<K, usize> {
    let mut out = BTreeMap::new();
    for (t, _) in tickets {
        if let Some(k) = key(t) {
            *out.entry(k).or_insert(0) += 1;
        }
    }
    out
}

fn by_ext<'a>(tickets: &'a [(Ticket, Vec<Event>)], ext: &str) -> &'a Ticket {
    &tickets
        .iter()
        .find(|(t, _)| t.external_id.as_deref() == Some(ext))
        .unwrap_or_else(|| panic!("no ticket {ext}"))
        .0
}

fn time(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// What a layout's fixture must come out as.
struct Expect<'a> {
    layout: &'a str,
    file: &'a str,
    statuses: &'a [(&'a str, usize)],
    priorities: &'a [(&'a str, usize)],
    csat: &'a [(u8, usize)],
    tags: &'a [(&'a str, usize)],
    first_responses: usize,
    resolutions: usize,
}

/// Imports the fixture with no mapping file and checks the counts; the
/// tickets, for the caller's own checks.
fn check(e: Expect<'_>) -> Vec<(Ticket, Vec<Event>)> {
    let env = Env::new();
    let err = import(&env, &[&file(e.file)]);
    assert!(
        err.contains(&format!("import: layout: {} (", e.layout)),
        "{} detected:\n{err}",
        e.layout
    );
    assert!(err.contains("rejected 0, warnings 0"), "{err}");
    let all = tickets(&env);
    let as_map = |list: &[(&str, usize)]| -> BTreeMap<String, usize> {
        list.iter().map(|(k, n)| (k.to_string(), *n)).collect()
    };
    assert_eq!(
        count(&all, |t| Some(t.status.to_string())),
        as_map(e.statuses),
        "{}: statuses",
        e.file
    );
    assert_eq!(
        count(&all, |t| Some(t.priority.to_string())),
        as_map(e.priorities),
        "{}: priorities",
        e.file
    );
    assert_eq!(
        count(&all, |t| t.csat),
        e.csat.iter().copied().collect::<BTreeMap<u8, usize>>(),
        "{}: satisfaction",
        e.file
    );
    let tags = count(&all, |_| None::<String>);
    let mut tags = tags;
    for (t, _) in &all {
        for tag in &t.tags {
            *tags.entry(tag.clone()).or_insert(0) += 1;
        }
    }
    for (tag, n) in e.tags {
        assert_eq!(tags.get(*tag), Some(n), "{}: tag {tag} in {tags:?}", e.file);
    }
    let answered = all
        .iter()
        .filter(|(t, _)| t.first_response_at.is_some())
        .count();
    assert_eq!(answered, e.first_responses, "{}: first responses", e.file);
    let resolved = all.iter().filter(|(t, _)| t.resolved_at.is_some()).count();
    assert_eq!(resolved, e.resolutions, "{}: resolutions", e.file);
    all
}

// The fixtures' times are naive, so they are Shanghai time (the default
// rules' zone): row i was created 2025-03-03 09:00 + 3i hours, i.e.
// 01:00Z + 3i h; answered 10 + 5i minutes later; resolved 1 + i hours after
// creation.

#[test]
fn servicenow_incident_table() {
    let all = check(Expect {
        layout: "servicenow",
        file: "servicenow_incidents.csv",
        statuses: &[
            ("closed", 5),
            ("new", 5),
            ("open", 5),
            // On Hold and Awaiting User Info: waiting, not rejected.
            ("pending", 10),
            ("resolved", 5),
        ],
        // 5 - Planning is P4 too.
        priorities: &[("P1", 6), ("P2", 6), ("P3", 6), ("P4", 12)],
        csat: &[],
        tags: &[],
        first_responses: 0,
        resolutions: 10,
    });
    // Row 3: urgency "1 - High", priority "3 - Moderate": the priority column wins.
    let held = by_ext(&all, "INC0010003");
    assert_eq!(held.priority.to_string(), "P3");
    assert_eq!(held.status.to_string(), "pending");
    assert_eq!(held.fields["urgency"], "1 - High");
    assert_eq!(held.channel, "web", "Self-service");
    let resolved = by_ext(&all, "INC0010005");
    assert_eq!(time(Some(resolved.created_at)), "2025-03-03T13:00:00Z");
    assert_eq!(time(resolved.resolved_at), "2025-03-03T18:00:00Z");
}

#[test]
fn servicenow_incident_event_log() {
    let all = check(Expect {
        layout: "servicenow-eventlog",
        file: "servicenow_eventlog.csv",
        statuses: &[
            ("closed", 3),
            ("new", 1),
            ("open", 1),
            ("pending", 3),
            ("resolved", 2),
        ],
        priorities: &[("P1", 2), ("P2", 2), ("P3", 4), ("P4", 2)],
        csat: &[],
        tags: &[],
        // Every incident that left New: the move to Active is the response.
        first_responses: 9,
        resolutions: 5,
    });
    let first = by_ext(&all, "INC0000001");
    assert_eq!(time(Some(first.created_at)), "2025-03-03T01:00:00Z");
    assert_eq!(time(first.first_response_at), "2025-03-03T01:45:00Z");
    assert_eq!(time(first.resolved_at), "2025-03-03T02:30:00Z");
    assert_eq!(time(first.closed_at), "2025-03-03T03:15:00Z");
    assert_eq!(first.title, "Symptom 72");
    let reopened = by_ext(&all, "INC0000008");
    assert_eq!(reopened.reopens, 1);
    assert_eq!(reopened.status.to_string(), "closed");
    let untitled = by_ext(&all, "INC0000002");
    assert_eq!(untitled.title, "(no description in the event log)");
}

#[test]
fn zendesk_ticket_export() {
    let all = check(Expect {
        layout: "zendesk",
        file: "zendesk_tickets.csv",
        statuses: &[
            ("closed", 6),
            ("new", 6),
            ("open", 6),
            // Pending and Hold.
            ("pending", 12),
            ("resolved", 6),
        ],
        // Rows without a priority are classified by the rules.
        priorities: &[("P1", 8), ("P2", 14), ("P3", 7), ("P4", 7)],
        // Good and Bad; Offered and Unoffered are no rating.
        csat: &[(1, 3), (5, 3)],
        // Space-separated, as Zendesk writes them.
        tags: &[("billing", 9), ("vip", 9), ("login", 9)],
        first_responses: 30,
        resolutions: 12,
    });
    let open = by_ext(&all, "1001");
    assert_eq!(time(Some(open.created_at)), "2025-03-03T04:00:00Z");
    assert_eq!(
        time(open.first_response_at),
        "2025-03-03T04:15:00Z",
        "First reply time in minutes"
    );
    assert_eq!(open.customer.email.as_deref(), Some("bud@example.com"));
    let solved = by_ext(&all, "1004");
    assert_eq!(solved.status.to_string(), "resolved");
    assert_eq!(time(solved.resolved_at), "2025-03-03T18:00:00Z");
    assert_eq!(solved.csat, Some(5));
}

#[test]
fn freshdesk_ticket_export() {
    let all = check(Expect {
        layout: "freshdesk",
        file: "freshdesk_tickets.csv",
        // Pending, Waiting on Customer and Waiting on Third Party wait.
        statuses: &[("closed", 5), ("open", 5), ("pending", 15), ("resolved", 5)],
        priorities: &[("P1", 8), ("P2", 8), ("P3", 7), ("P4", 7)],
        // Extremely Happy, Awesome → 5 ... Extremely Unhappy, Not Good → 1.
        csat: &[(1, 2), (2, 2), (3, 2), (4, 2), (5, 2)],
        tags: &[("vip", 8)],
        first_responses: 30,
        resolutions: 10,
    });
    let waiting = by_ext(&all, "203");
    assert_eq!(
        waiting.status.to_string(),
        "pending",
        "Waiting on Third Party"
    );
    let pending = by_ext(&all, "201");
    assert_eq!(
        time(pending.first_response_at),
        "2025-03-03T04:15:00Z",
        "Initial response time"
    );
    let resolved = by_ext(&all, "204");
    assert_eq!(time(resolved.resolved_at), "2025-03-03T18:00:00Z");
    assert_eq!(resolved.csat, Some(1), "Extremely Unhappy");
    assert_eq!(resolved.channel, "web", "Feedback Widget");
}

#[test]
fn jira_service_management_export() {
    let all = check(Expect {
        layout: "jira",
        file: "jira_issues.csv",
        // Escalated is open with a tag; Canceled is closed with one.
        statuses: &[("closed", 8), ("open", 12), ("pending", 8), ("resolved", 4)],
        priorities: &[("P1", 7), ("P2", 7), ("P3", 6), ("P4", 12)],
        csat: &[(1, 3), (2, 3), (3, 2), (4, 2), (5, 2)],
        tags: &[("escalated", 4), ("canceled", 4)],
        first_responses: 28,
        resolutions: 12,
    });
    let waiting = by_ext(&all, "ITSM-102");
    assert_eq!(waiting.status.to_string(), "pending");
    assert_eq!(time(Some(waiting.created_at)), "2025-03-03T04:00:00Z");
    assert_eq!(time(waiting.first_response_at), "2025-03-03T04:15:00Z");
    let resolved = by_ext(&all, "ITSM-106");
    assert_eq!(time(resolved.resolved_at), "2025-03-03T22:00:00Z");
    let escalated = by_ext(&all, "ITSM-105");
    assert_eq!(escalated.status.to_string(), "open");
    assert!(escalated.tags.iter().any(|t| t == "escalated"));
}

#[test]
fn zammad_ticket_export() {
    let all = check(Expect {
        layout: "zammad",
        file: "zammad_tickets.csv",
        statuses: &[("closed", 10), ("new", 5), ("open", 5), ("pending", 10)],
        // 1 low is P4: Zammad counts the other way round.
        priorities: &[("P2", 10), ("P3", 10), ("P4", 10)],
        csat: &[],
        tags: &[("merged", 5), ("printer", 10)],
        first_responses: 25,
        resolutions: 10,
    });
    let closed = by_ext(&all, "31005");
    assert_eq!(time(closed.closed_at), "2025-03-04T18:00:00Z");
    assert_eq!(
        time(closed.resolved_at),
        "2025-03-04T18:00:00Z",
        "closed, so resolved then"
    );
    assert_eq!(closed.assignee.as_deref(), Some("Agent 1"), "Owner");
    assert_eq!(
        by_ext(&all, "31001").assignee,
        None,
        "Owner \"-\" is nobody"
    );
}

#[test]
fn znuny_otrs_ticket_search_csv() {
    let all = check(Expect {
        layout: "otrs",
        file: "otrs_tickets.csv",
        statuses: &[("closed", 12), ("new", 4), ("open", 4), ("pending", 8)],
        priorities: &[("P1", 5), ("P2", 5), ("P3", 6), ("P4", 12)],
        csat: &[],
        tags: &[("unsuccessful", 4), ("merged", 4)],
        first_responses: 24,
        resolutions: 12,
    });
    let open = by_ext(&all, "2025030310000001");
    assert_eq!(time(open.first_response_at), "2025-03-03T04:15:00Z");
    assert_eq!(open.team.as_deref(), Some("Postmaster"), "Queue");
}

#[test]
fn osticket_ticket_export() {
    let all = check(Expect {
        layout: "osticket",
        file: "osticket_tickets.csv",
        statuses: &[("closed", 12), ("open", 12), ("resolved", 6)],
        priorities: &[("P1", 7), ("P2", 7), ("P3", 8), ("P4", 8)],
        csat: &[],
        tags: &[("archived", 6)],
        // The export has no first-response time.
        first_responses: 0,
        resolutions: 18,
    });
    let resolved = by_ext(&all, "100202");
    assert_eq!(
        time(resolved.resolved_at),
        "2025-03-03T10:00:00Z",
        "Last Updated"
    );
    assert_eq!(resolved.category.as_deref(), Some("Feedback"), "Help Topic");
}

#[test]
fn one_touch_counts_the_replies_the_export_gives() {
    let env = Env::new();
    import(&env, &["--quiet", &file("zendesk_tickets.csv")]);
    let report = env.json(&["report", "resolution"]);
    let total = report["resolution"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["group"] == "total")
        .unwrap();
    // 12 solved or closed, 4 of them with one reply.
    assert_eq!(total["resolved"], 12);
    assert_eq!(total["one_touch"], 4);
    let all = tickets(&env);
    let solved = &all
        .iter()
        .find(|(t, _)| t.external_id.as_deref() == Some("1016"))
        .unwrap()
        .1;
    let responses: Vec<&Event> = solved
        .iter()
        .filter(|e| e.kind == EventKind::Responded)
        .collect();
    assert_eq!(responses.len(), 2, "the first reply and one for the rest");
    assert_eq!(responses[1].to.as_deref(), Some("2"));
}

#[test]
fn one_touch_is_blank_when_the_export_does_not_count_replies() {
    let env = Env::new();
    import(&env, &["--quiet", &file("servicenow_incidents.csv")]);
    let report = env.json(&["report", "resolution"]);
    let total = report["resolution"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["group"] == "total")
        .unwrap();
    assert!(total["resolved"].as_u64().unwrap() > 0);
    assert_eq!(total["one_touch"], 0);
    assert!(
        total["one_touch_pct"].is_null(),
        "unknown, not 0%: {}",
        total["one_touch_pct"]
    );
}

#[test]
fn first_escalate_after_a_backlog_import_sends_no_flood() {
    let env = Env::new();
    let at_import = "2026-03-02T03:00:00Z"; // 11:00 in Shanghai, a Monday
    let out = env
        .cmd()
        .env("TRIAGE_NOW", at_import)
        .args(["import", &file("flood_backlog.csv")])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("import: 30 open tickets were already past"),
        "one summary line of what was recorded as passed:\n{err}"
    );
    let out = env
        .cmd()
        .env("TRIAGE_NOW", at_import)
        .args(["escalate"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("; 0 notifications"), "no flood:\n{err}");
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(!table.contains("notify"), "{table}");

    // Half an hour later the two tickets opened just before the import
    // cross their first-response thresholds: those, and only those, notify.
    let out = env
        .cmd()
        .env("TRIAGE_NOW", "2026-03-02T03:30:00Z")
        .args(["--format", "json", "escalate"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    let notified: Vec<&Value> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] == "notify" && r["to"] == "Priya Nair")
        .collect();
    assert_eq!(notified.len(), 2, "{rows:#}");
    assert!(
        stderr(&out).contains("; 2 notifications"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn short_rows_are_rejected_with_their_place() {
    let env = Env::new();
    let rejects = env.dir.path().join("rejects.csv");
    let out = env
        .cmd()
        .args(["import", &file("short_rows.csv"), "--rejects"])
        .arg(&rejects)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "rows rejected: exit 1");
    let err = stderr(&out);
    assert!(
        err.contains("short_rows.csv:4: the row has 4 cells but the header has 7: a row cut short"),
        "{err}"
    );
    assert!(
        err.contains("short_rows.csv:5: the row has 3 cells"),
        "{err}"
    );
    assert!(err.contains("created 3,"), "{err}");
    let stored = tickets(&env);
    assert_eq!(stored.len(), 3);
    assert!(
        stored
            .iter()
            .all(|(t, _)| t.created_at.to_rfc3339().starts_with("2025-03-03")),
        "no ticket dated by the import"
    );
    let written = std::fs::read_to_string(&rejects).unwrap();
    assert_eq!(written.lines().count(), 3, "{written}");
}

/// The warnings count of a run's JSON summary.
fn summary(env: &Env, args: &[&str]) -> (Option<i32>, Value) {
    let out = env
        .cmd()
        .args(["--format", "json", "import"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
    )
}

#[test]
fn strict_counts_warnings_as_a_normal_run_does() {
    let normal = Env::new();
    let (code, plain) = summary(&normal, &["--dry-run", &file("bad_rows.csv")]);
    assert_eq!(code, Some(1));
    let strict = Env::new();
    let (code, checked) = summary(&strict, &["--strict", &file("bad_rows.csv")]);
    assert_eq!(code, Some(1));
    assert_eq!(checked["warnings"], plain["warnings"], "{checked:#}");
    assert_eq!(checked["warnings"], 2);
    assert_eq!(checked["created"], 0);
}

#[test]
fn warnings_file_keeps_all_warnings() {
    let env = Env::new();
    let csv = env.dir.path().join("backwards.csv");
    let mut text = String::from("id,title,created_at,resolved_at\n");
    for i in 0..15 {
        text.push_str(&format!(
            "T{i},Ticket {i},2025-03-05 10:00,2025-03-01 09:{i:02}\n"
        ));
    }
    std::fs::write(&csv, text).unwrap();
    let warnings = env.dir.path().join("warnings.csv");
    let err = import(
        &env,
        &[
            csv.to_str().unwrap(),
            "--warnings",
            warnings.to_str().unwrap(),
        ],
    );
    assert_eq!(err.matches("warning: ").count(), 10, "{err}");
    assert!(
        err.contains("... and 5 more warnings (all of them are in "),
        "{err}"
    );
    let written = std::fs::read_to_string(&warnings).unwrap();
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(lines.len(), 16, "header and 15 warnings:\n{written}");
    assert!(lines[0].ends_with("place,warning"));
    assert!(lines[15].starts_with("line 16,resolved (2025-03-01 01:14 UTC) before created"));
}

#[test]
fn reimporting_an_unchanged_event_log_changes_nothing() {
    let env = Env::new();
    let err = import(&env, &[&file("servicenow_eventlog.csv")]);
    assert!(
        err.contains("read 36, created 10, updated 26, unchanged 0"),
        "{err}"
    );
    let before = tickets(&env);
    // Incident 8 was resolved and closed within one minute: two rows with
    // the same time, which must not be applied again.
    let err = import(&env, &[&file("servicenow_eventlog.csv")]);
    assert!(
        err.contains("read 36, created 0, updated 0, unchanged 36"),
        "{err}"
    );
    assert_eq!(tickets(&env), before);
}

#[test]
fn a_plain_support_dataset_needs_no_flags() {
    // The columns of a public support-ticket dataset: csat_score and
    // resolved_date map themselves, Escalated is open with a tag.
    let env = Env::new();
    let csv = env.dir.path().join("support.csv");
    std::fs::write(
        &csv,
        "ticket_id,subject,status,priority,created_date,resolved_date,csat_score\n\
         1,Cannot pay,Escalated,High,2025-03-03 10:00,,\n\
         2,Refund,Closed,Medium,2025-03-03 11:00,2025-03-03 15:00,4\n\
         3,Login,Open,Critical,2025-03-03 12:00,,\n",
    )
    .unwrap();
    let err = import(&env, &[csv.to_str().unwrap()]);
    assert!(err.contains("rejected 0"), "{err}");
    assert!(!err.contains("layout:"), "no layout fits: {err}");
    let all = tickets(&env);
    let escalated = by_ext(&all, "1");
    assert_eq!(escalated.status.to_string(), "open");
    assert!(escalated.tags.iter().any(|t| t == "escalated"));
    let closed = by_ext(&all, "2");
    assert_eq!(closed.csat, Some(4));
    assert_eq!(time(closed.resolved_at), "2025-03-03T07:00:00Z");

    // --value says what one value means, beating the built-in words.
    let again = Env::new();
    let err = import(
        &again,
        &[
            csv.to_str().unwrap(),
            "--value",
            "status:Escalated=pending +vip",
        ],
    );
    assert!(err.contains("rejected 0"), "{err}");
    let t = tickets(&again);
    let escalated = by_ext(&t, "1");
    assert_eq!(escalated.status.to_string(), "pending");
    assert!(escalated.tags.iter().any(|t| t == "vip"));

    let out = again
        .cmd()
        .args([
            "import",
            csv.to_str().unwrap(),
            "--value",
            "status:Escalated=P9",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--value \"status:Escalated=P9\": \"P9\" is not a status"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_layout_prints_as_a_mapping_file_to_copy() {
    let env = Env::new();
    let yaml = env.ok(&["import", "--from", "freshdesk", "--show-mapping"]);
    assert!(yaml.contains("Survey results: csat"), "{yaml}");
    assert!(yaml.contains("Waiting on Third Party: pending"), "{yaml}");
    assert!(
        yaml.starts_with("# Freshdesk"),
        "says where its columns come from"
    );
    // Copied and adjusted, it is a --mapping file; the file beats the layout.
    let adjusted = env.dir.path().join("freshdesk.yaml");
    std::fs::write(
        &adjusted,
        yaml.replace(
            "Waiting on Third Party: pending",
            "Waiting on Third Party: open",
        ),
    )
    .unwrap();
    import(
        &env,
        &[
            &file("freshdesk_tickets.csv"),
            "--mapping",
            adjusted.to_str().unwrap(),
        ],
    );
    let all = tickets(&env);
    assert_eq!(by_ext(&all, "203").status.to_string(), "open");

    // With a file, the plan says which columns the layout mapped.
    let plan = env.ok(&["import", &file("zendesk_tickets.csv"), "--show-mapping"]);
    assert!(plan.contains("(layout zendesk)"), "{plan}");
    // --from chooses against the detection.
    let out = env
        .cmd()
        .args(["import", "--from", "zammad", "--show-mapping"])
        .arg(file("zendesk_tickets.csv"))
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains("import: layout: zammad"),
        "{}",
        stderr(&out)
    );
    let out = env
        .cmd()
        .args(["import", "--from", "remedy", "--show-mapping"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--from \"remedy\": no such export layout; the layouts are:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_ticket_dated_by_the_import_is_never_silent() {
    let env = Env::new();
    let csv = env.dir.path().join("dates.csv");
    std::fs::write(
        &csv,
        "id,title,created\nA,Has a time,2025-03-03 10:00\nB,Has none,\n",
    )
    .unwrap();
    let err = import(&env, &[csv.to_str().unwrap()]);
    assert!(
        err.contains(
            "dates.csv:3: no time in the row (created, updated, first response, resolved, \
             closed): the ticket is dated by the import"
        ),
        "{err}"
    );
    let undated = env.dir.path().join("undated.csv");
    std::fs::write(&undated, "id,title\nC,No time column\n").unwrap();
    let err = import(&env, &[undated.to_str().unwrap()]);
    assert!(
        err.contains("import: no column gives a time: every ticket is dated by the import"),
        "{err}"
    );
}
