//! `triage escalate` and `triage rules plan` through the real binary, on
//! fixtures/escalate/rules.yaml (24x7, UTC: every threshold is computed by
//! hand in the comments). Times are minutes after Monday 2026-03-02 00:00 UTC.
//! The notifier is fixtures/escalate/notify.sh, which appends the JSON it
//! receives to $NOTIFY_OUT.

mod common;

use std::path::PathBuf;
use std::process::Output;

use assert_cmd::Command;
use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;

use common::{fixture, stderr, Env};

fn at(minutes: i64) -> String {
    let t0: DateTime<Utc> = Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap();
    (t0 + chrono::Duration::minutes(minutes))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

struct Esc {
    env: Env,
}

impl Esc {
    /// A fresh database with the fixture rules and notifier copied into the
    /// test's directory.
    fn new() -> Esc {
        let mut env = Env::new();
        for name in ["rules.yaml", "notify.sh", "rules-new.yaml"] {
            std::fs::copy(
                fixture(&format!("escalate/{name}")),
                env.dir.path().join(name),
            )
            .unwrap();
        }
        env.rules = Some(env.dir.path().join("rules.yaml"));
        Esc { env }
    }

    fn notify_out(&self) -> PathBuf {
        self.env.dir.path().join("notified.json")
    }

    fn cmd(&self, minute: i64) -> Command {
        let mut cmd = self.env.cmd();
        cmd.env("TRIAGE_NOW", at(minute))
            .env("NOTIFY_OUT", self.notify_out())
            .env("TRIAGE_BIN", assert_cmd::cargo::cargo_bin("triage"));
        cmd
    }

    fn run(&self, minute: i64, args: &[&str]) -> Output {
        self.cmd(minute).args(args).output().unwrap()
    }

    fn ok(&self, minute: i64, args: &[&str]) -> String {
        let out = self.run(minute, args);
        assert!(
            out.status.success(),
            "triage {args:?} at {} failed ({:?}):\n{}",
            at(minute),
            out.status.code(),
            stderr(&out)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// `escalate` (with extra arguments) at `minute`, rows as JSON.
    fn escalate_json(&self, minute: i64, args: &[&str]) -> Vec<Value> {
        let mut full = vec!["--format", "json", "escalate"];
        full.extend_from_slice(args);
        let text = self.ok(minute, &full);
        serde_json::from_str::<Value>(&text)
            .unwrap()
            .as_array()
            .cloned()
            .unwrap()
    }

    /// `escalate` at `minute`, each row as `ticket event target rung action from to result`.
    fn escalate(&self, minute: i64, args: &[&str]) -> Vec<String> {
        self.escalate_json(minute, args).iter().map(row).collect()
    }

    fn show(&self, id: u64) -> Value {
        let text = self.ok(0, &["--format", "json", "show", &id.to_string()]);
        serde_json::from_str(&text).unwrap()
    }

    fn event_kinds(&self, id: u64) -> Vec<String> {
        self.show(id)["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_string())
            .collect()
    }

    /// The JSON documents the notify command received, in order.
    fn notified(&self) -> Vec<Value> {
        std::fs::read_to_string(self.notify_out())
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// The TRIAGE_* summary lines the notify command wrote.
    fn notified_env(&self) -> Vec<String> {
        let path = format!("{}.env", self.notify_out().display());
        std::fs::read_to_string(path)
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => "-".to_string(),
        Value::String(s) if s.is_empty() => "-".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn row(r: &Value) -> String {
    [
        "ticket", "event", "target", "rung", "action", "from", "to", "result",
    ]
    .iter()
    .map(|k| cell(&r[*k]))
    .collect::<Vec<_>>()
    .join(" ")
}

#[test]
fn the_ladder_fires_each_rung_once_at_its_threshold() {
    let e = Esc::new();
    // 1: refund → P2 (first response 1h, resolution 8h), with ben from 00:05.
    e.ok(0, &["create", "--title", "Refund please"]);
    e.ok(5, &["update", "1", "--assignee", "ben"]);
    // 2: P3 (4h, 1d), team billing, unassigned.
    e.ok(0, &["create", "--title", "Question", "--team", "billing"]);
    // 3: P4, answered at 00:10, so only its 2d resolution clock runs.
    e.ok(0, &["create", "--title", "Slow page", "--priority", "low"]);
    e.ok(10, &["respond", "3"]);

    // 44m of 1h is 73%: below the first rung.
    assert!(e.escalate(44, &[]).is_empty());
    // 45m = 75% of ticket 1's first response.
    assert_eq!(
        e.escalate(45, &[]),
        [
            "1 escalation first_response 1 notify - ben sent",
            "1 escalation first_response 1 tag - at-risk done",
        ]
    );
    // 1h: breached. Bump to P1, whose first response (30m) has no rung 3
    // (rung 3 watches resolution only) and whose resolution (4h) is at 25%.
    assert_eq!(
        e.escalate(60, &[]),
        [
            "1 escalation first_response 2 bump_priority P2 P1 done",
            "1 escalation first_response 2 notify - ann sent",
        ]
    );
    // 3h: ticket 1 at 75% of 4h; ticket 2 at 75% of 4h, unassigned, so the
    // team lead hears about it.
    assert_eq!(
        e.escalate(180, &[]),
        [
            "1 escalation resolution 1 notify - ben sent",
            "1 escalation resolution 1 tag - - skipped: already tagged at-risk",
            "2 escalation first_response 1 notify - ann sent",
            "2 escalation first_response 1 tag - at-risk done",
        ]
    );
    // 4h: ticket 1 breached (already P1); ticket 2's first response breached:
    // P3 → P2, after which its resolution (8h) is at 50%: nothing more.
    assert_eq!(
        e.escalate(240, &[]),
        [
            "1 escalation resolution 2 bump_priority - - skipped: already P1",
            "1 escalation resolution 2 notify - ann sent",
            "2 escalation first_response 2 bump_priority P3 P2 done",
            "2 escalation first_response 2 notify - ann sent",
        ]
    );
    // 6h: ticket 1 at 150%: re-routed away from ben to the least loaded
    // (ann and cai have none; roster order picks ann), who is told.
    // Ticket 2 at 75% of 8h.
    assert_eq!(
        e.escalate(360, &[]),
        [
            "1 escalation resolution 3 reassign ben ann done",
            "1 escalation resolution 3 notify - ann sent",
            "2 escalation resolution 1 notify - ann sent",
            "2 escalation resolution 1 tag - - skipped: already tagged at-risk",
        ]
    );
    // Twice at the same instant, and a minute later: nothing repeats.
    assert!(e.escalate(360, &[]).is_empty());
    assert!(e.escalate(361, &[]).is_empty());

    assert_eq!(e.notified().len(), 8);
    let jsonl = std::fs::read_to_string(e.env.dir.path().join("notify.jsonl")).unwrap();
    assert_eq!(
        jsonl.lines().count(),
        8,
        "notify.jsonl next to the rule file"
    );
    let t1 = &e.show(1)["ticket"];
    assert_eq!(t1["assignee"], "ann");
    assert_eq!(t1["reassignments"], 1);
    assert_eq!(t1["sla"]["escalation"]["first_response"], 2);
    assert_eq!(t1["sla"]["escalation"]["resolution"], 3);
    let kinds = e.event_kinds(1);
    assert_eq!(kinds.iter().filter(|k| *k == "escalated").count(), 5);
    assert_eq!(kinds.iter().filter(|k| *k == "notified").count(), 5);
}

#[test]
fn the_notify_command_gets_the_event_as_json_and_may_call_triage() {
    let e = Esc::new();
    e.ok(0, &["create", "--title", "Refund please"]);
    e.ok(5, &["update", "1", "--assignee", "ben"]);
    let out = e
        .cmd(45)
        .env("NOTIFY_CALL_TRIAGE", "1")
        .args(["escalate"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    let got = e.notified();
    assert_eq!(got.len(), 1);
    let n = &got[0];
    assert_eq!(n["event"], "escalation");
    assert_eq!(n["action"], "notify");
    assert_eq!(n["at"], "2026-03-02T00:45:00Z");
    assert_eq!(n["actor"], "tester");
    assert_eq!(
        n["recipient"],
        serde_json::json!({"id": "ben", "name": "Ben", "email": "ben@example.com", "role": "assignee"})
    );
    assert_eq!(
        n["escalation"],
        serde_json::json!({
            "target": "first_response", "rung": 1, "threshold": "75%",
            "elapsed_secs": 2700, "target_secs": 3600, "percent": 75.0,
            "state": "at_risk", "reason": null
        })
    );
    assert_eq!(n["actions"][0]["action"], "notify");
    assert_eq!(n["actions"][1]["to"], "at-risk");
    // The ticket as saved by this run.
    assert_eq!(n["ticket"]["id"], 1);
    assert_eq!(n["ticket"]["title"], "Refund please");
    assert_eq!(n["ticket"]["sla"]["escalation"]["first_response"], 1);
    assert!(n["ticket"]["tags"]
        .as_array()
        .unwrap()
        .contains(&Value::from("at-risk")));
    assert_eq!(
        n["message"],
        "Ticket 1 (P2, \"Refund please\") escalated: first_response rung 1 (75%): 45m of 1h elapsed"
    );
    assert_eq!(
        e.notified_env(),
        ["escalation ticket=1 to=ben role=assignee email=ben@example.com target=first_response rung=1 priority=P2 agent="]
    );
    // The JSON Lines file holds the same document.
    let jsonl = std::fs::read_to_string(e.env.dir.path().join("notify.jsonl")).unwrap();
    let line: Value = serde_json::from_str(jsonl.trim()).unwrap();
    assert_eq!(&line, n);
    // The notifier wrote a note through triage: the database was closed.
    let events = e.show(1)["events"].as_array().unwrap().clone();
    let last = events.last().unwrap();
    assert_eq!(last["kind"], "note");
    assert_eq!(last["note"], "paged ben");
}

#[test]
fn a_failed_notification_exits_1_and_is_recorded_once() {
    let e = Esc::new();
    e.ok(0, &["create", "--title", "Refund please"]);
    e.ok(5, &["update", "1", "--assignee", "ben"]);
    let out = e
        .cmd(45)
        .env("NOTIFY_FAIL", "1")
        .args(["--format", "csv", "escalate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("notification failed (ticket 1, escalation, to ben)")
            && err.contains("exit status 3: pager down"),
        "{err}"
    );
    assert!(err.contains("1 of 1 notifications failed"), "{err}");
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.contains("failed: notify command"), "{csv}");
    assert_eq!(
        &e.event_kinds(1)[3..],
        ["escalated", "notified", "tags", "notify_failed"]
    );
    let last = e.show(1)["events"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["to"], "ben");
    assert!(last["note"]
        .as_str()
        .unwrap()
        .starts_with("escalation: notify command"));

    // The rung was saved before the notifier ran: the next run neither
    // loses nor repeats it.
    assert!(e.escalate(45, &[]).is_empty());
    assert!(e.escalate(50, &[]).is_empty());
    assert!(e.notified().is_empty());
    let kinds = e.event_kinds(1);
    assert_eq!(kinds.iter().filter(|k| *k == "escalated").count(), 1);
    assert_eq!(kinds.iter().filter(|k| *k == "notify_failed").count(), 1);
}

#[test]
fn a_priority_bump_recomputes_the_due_times_with_audit_events() {
    let e = Esc::new();
    e.ok(0, &["create", "--title", "Refund please"]);
    let t = &e.show(1)["ticket"];
    assert_eq!(t["sla"]["first_response_due"], "2026-03-02T01:00:00Z");
    assert_eq!(t["sla"]["resolution_due"], "2026-03-02T08:00:00Z");
    e.escalate(60, &[]);
    let shown = e.show(1);
    let t = &shown["ticket"];
    assert_eq!(t["priority"], "P1");
    assert_eq!(t["sla"]["first_response_due"], "2026-03-02T00:30:00Z");
    assert_eq!(t["sla"]["resolution_due"], "2026-03-02T04:00:00Z");
    let changes: Vec<String> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "priority" || e["kind"] == "due")
        .map(|e| {
            format!(
                "{} {} → {} ({})",
                e["kind"].as_str().unwrap(),
                e["from"].as_str().unwrap(),
                e["to"].as_str().unwrap(),
                e["note"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            "priority P2 → P1 (first_response rung 2 (100%): 1h of 1h elapsed)",
            "due 2026-03-02T01:00:00+00:00 → 2026-03-02T00:30:00+00:00 (first_response)",
            "due 2026-03-02T08:00:00+00:00 → 2026-03-02T04:00:00+00:00 (resolution)",
        ]
    );
}

#[test]
fn resolved_tickets_close_after_auto_close_after() {
    let e = Esc::new();
    e.ok(0, &["create", "--title", "Thanks"]);
    e.ok(60, &["resolve", "1"]);
    let three_days = 3 * 24 * 60;
    assert!(e.escalate(60 + three_days - 1, &[]).is_empty());
    assert_eq!(
        e.escalate(60 + three_days, &[]),
        ["1 auto_close - - close resolved closed done"]
    );
    let shown = e.show(1);
    assert_eq!(shown["ticket"]["status"], "closed");
    let last = shown["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "status");
    assert_eq!(last["note"], "auto-closed: resolved for 3d");
    assert!(e.escalate(60 + three_days, &[]).is_empty());
    assert!(e.escalate(60 + 2 * three_days, &[]).is_empty());
}

#[test]
fn a_pending_ticket_reminds_once_per_pause() {
    let e = Esc::new();
    e.ok(0, &["create", "--title", "Need your logs"]);
    e.ok(1, &["update", "1", "--assignee", "ben"]);
    e.ok(10, &["respond", "1"]);
    e.ok(60, &["pending", "1"]);
    let day = 24 * 60;
    assert!(e.escalate(60 + day - 1, &[]).is_empty());
    assert_eq!(
        e.escalate(60 + day, &[]),
        ["1 pending_reminder - - remind - ben sent"]
    );
    assert!(e.escalate(60 + 2 * day, &[]).is_empty());
    let n = e.notified();
    assert_eq!(n[0]["event"], "pending_reminder");
    assert_eq!(n[0]["pending"]["waited_secs"], 86_400);
    assert_eq!(n[0]["pending"]["since"], "2026-03-02T01:00:00Z");

    // The customer answers, the agent asks again: a new pause, a new reminder.
    e.ok(3000, &["update", "1", "--status", "open"]);
    e.ok(3001, &["pending", "1"]);
    assert!(e.escalate(3001 + day - 1, &[]).is_empty());
    assert_eq!(
        e.escalate(3001 + day, &[]),
        ["1 pending_reminder - - remind - ben sent"]
    );
    assert_eq!(e.show(1)["ticket"]["sla"]["escalation"]["pending"], 2);
}

#[test]
fn urge_escalates_the_given_tickets_one_rung_now() {
    let e = Esc::new();
    // P3, first response 4h; 10 minutes in, far below any threshold.
    e.ok(0, &["create", "--title", "Question", "--team", "billing"]);
    let out = e.run(10, &["escalate", "1"]);
    assert_eq!(out.status.code(), Some(2), "--reason is required");

    assert_eq!(
        e.escalate(10, &["1", "--reason", "customer called twice"]),
        [
            "1 urge first_response 1 notify - ann sent",
            "1 urge first_response 1 tag - at-risk done",
        ]
    );
    let n = &e.notified()[0];
    assert_eq!(n["event"], "urge");
    assert_eq!(n["escalation"]["reason"], "customer called twice");
    assert_eq!(n["recipient"]["role"], "team_lead");
    let escalated = e.show(1)["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "escalated")
        .unwrap()
        .clone();
    assert_eq!(escalated["actor"], "tester");
    assert!(escalated["note"]
        .as_str()
        .unwrap()
        .starts_with("urged (customer called twice); first_response rung 1 (75%)"));

    // The scheduled run does not fire the urged rung again.
    assert!(e.escalate(10, &[]).is_empty());
    // Next rung on the same clock: the bump.
    assert_eq!(
        e.escalate(11, &["1", "--reason", "still waiting"]),
        [
            "1 urge first_response 2 bump_priority P3 P2 done",
            "1 urge first_response 2 notify - ann sent",
        ]
    );
    // First response has no rung left (rung 3 is resolution only): the
    // resolution ladder is next.
    assert_eq!(
        e.escalate(12, &["1", "--reason", "VIP now"]),
        [
            "1 urge resolution 1 notify - ann sent",
            "1 urge resolution 1 tag - - skipped: already tagged at-risk",
        ]
    );

    // All or nothing: an unknown ticket in the list changes nothing.
    e.ok(12, &["create", "--title", "Other", "--team", "billing"]);
    let out = e.run(13, &["escalate", "2", "99", "--reason", "x"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no ticket 99"), "{}", stderr(&out));
    assert!(e.show(2)["ticket"]["sla"]["escalation"]
        .as_object()
        .is_none_or(|m| m.is_empty()));
    // A closed ticket cannot be urged.
    e.ok(14, &["close", "2"]);
    let out = e.run(15, &["escalate", "2", "--reason", "x"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("only active tickets can be urged"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_overloaded_agent_is_reported_once_until_the_load_drops_below_the_limit() {
    let e = Esc::new();
    let assign = |minute: i64, title: &str| {
        let id = e.ok(minute, &["create", "--title", title]);
        e.ok(minute, &["update", id.trim(), "--assignee", "ben"]);
    };
    for title in ["a", "b", "c"] {
        assign(0, title);
    }
    // Limit 2, load 3.
    assert_eq!(
        e.escalate(2, &[]),
        ["- overload - - notify ben: 3 > 2 ann sent"]
    );
    assert_eq!(
        e.notified_env(),
        ["overload ticket= to=ann role=team_lead email=ann@example.com target= rung= priority= agent=ben"]
    );
    assert_eq!(e.notified()[0]["overload"]["load"], 3);
    assert!(e.escalate(3, &[]).is_empty());
    // At the limit: still flagged, nothing said.
    e.ok(4, &["resolve", "1"]);
    assert!(e.escalate(5, &[]).is_empty());
    // Over again without having dropped below: still once.
    assign(6, "d");
    assert!(e.escalate(7, &[]).is_empty());
    // Below the limit: re-armed.
    e.ok(8, &["resolve", "2", "3"]);
    assert_eq!(
        e.escalate(9, &[]),
        ["- overload - - clear ben: 1 < 2 - done"]
    );
    assign(10, "e");
    assign(10, "f");
    assert_eq!(
        e.escalate(11, &[]),
        ["- overload - - notify ben: 3 > 2 ann sent"]
    );
    assert_eq!(e.notified().len(), 2);
}

#[test]
fn dry_run_shows_what_would_fire_and_writes_nothing() {
    let e = Esc::new();
    e.ok(0, &["create", "--title", "Refund please"]);
    e.ok(5, &["update", "1", "--assignee", "ben"]);
    let before = e.event_kinds(1);
    assert_eq!(
        e.escalate(45, &["--dry-run"]),
        [
            "1 escalation first_response 1 notify - ben dry run",
            "1 escalation first_response 1 tag - at-risk dry run",
        ]
    );
    assert_eq!(e.event_kinds(1), before);
    assert!(e.notified().is_empty());
    assert_eq!(e.escalate(45, &[]).len(), 2);
}

#[test]
fn output_formats() {
    let e = Esc::new();
    e.ok(0, &["create", "--title", "Refund please"]);
    e.ok(0, &["create", "--title", "Other refund"]);
    let csv = e.ok(45, &["--format", "csv", "escalate", "--dry-run"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("ticket,event,target,rung,elapsed_pct,action,from,to,result")
    );
    assert_eq!(
        lines.next(),
        Some("1,escalation,first_response,1,75.000,notify,,ann,dry run")
    );
    assert_eq!(
        e.ok(45, &["--format", "ids", "escalate", "--dry-run"]),
        "1\n2\n"
    );
    let table = e.ok(45, &["escalate", "--dry-run"]);
    assert!(
        table.contains("75.0%") && table.contains("first_response"),
        "{table}"
    );
}

#[test]
fn a_cron_log_gets_rows_without_a_header_every_minute() {
    let e = Esc::new();
    e.ok(0, &["create", "--title", "Refund please"]);
    let quiet_minute = e.ok(1, &["--format", "csv", "escalate", "--no-header"]);
    assert_eq!(quiet_minute, "", "nothing happened: nothing logged");
    let busy_minute = e.ok(45, &["--format", "csv", "escalate", "--no-header"]);
    let lines: Vec<&str> = busy_minute.lines().collect();
    assert_eq!(lines.len(), 2, "{busy_minute}");
    assert!(
        lines.iter().all(|l| l.starts_with("1,escalation,")),
        "{busy_minute}"
    );
}

#[test]
fn rules_plan_lists_what_a_changed_rule_file_would_change() {
    let e = Esc::new();
    // 1: refund → P2 by classification, answered: resolution 8h.
    e.ok(0, &["create", "--title", "Refund please"]);
    e.ok(1, &["update", "1", "--assignee", "ben"]);
    e.ok(2, &["respond", "1"]);
    // 2: P4 given by hand, answered: resolution 2d, 12h under the new file.
    e.ok(0, &["create", "--title", "Slow page", "--priority", "low"]);
    e.ok(2, &["respond", "2"]);
    let before = e.show(2);

    let new = e.env.dir.path().join("rules-new.yaml");
    let text = e.ok(
        600,
        &["--format", "json", "rules", "plan", new.to_str().unwrap()],
    );
    let rows: Vec<String> = serde_json::from_str::<Value>(&text)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            ["ticket", "field", "old", "new", "via"]
                .iter()
                .map(|k| cell(&r[*k]))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    // Ticket 1 runs the same ladder under both files (only its
    // classification differs); at 10h ticket 2 is at 83% of the new 12h.
    assert_eq!(
        rows,
        [
            "1 priority P2 P1 classification",
            "2 resolution_due 2026-03-04T00:00:00+00:00 2026-03-02T12:00:00+00:00 escalate",
            "2 escalation.resolution - 1 escalate",
            "2 tags - at-risk escalate",
        ]
    );
    // Nothing written.
    assert_eq!(e.show(2), before);
    assert!(e.notified().is_empty());

    let csv = e.ok(
        600,
        &["--format", "csv", "rules", "plan", new.to_str().unwrap()],
    );
    assert!(
        csv.starts_with(
            "ticket,title,field,old,new,via\n1,Refund please,priority,P2,P1,classification\n"
        ),
        "{csv}"
    );
    // Adopting the file: the next escalate applies what the plan said.
    let out = e
        .cmd(600)
        .env("TRIAGE_RULES", &new)
        .args(["--format", "json", "escalate"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let applied: Vec<String> = serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ticket"] == 2)
        .map(row)
        .collect();
    assert_eq!(
        applied,
        [
            "2 sla resolution - due 2026-03-04T00:00:00+00:00 2026-03-02T12:00:00+00:00 done",
            "2 escalation resolution 1 notify - - skipped: unassigned, and no team lead to tell instead",
            "2 escalation resolution 1 tag - at-risk done",
        ]
    );
    let t2 = &e.show(2)["ticket"];
    assert_eq!(t2["sla"]["resolution_due"], "2026-03-02T12:00:00Z");
    assert_eq!(t2["sla"]["escalation"]["resolution"], 1);
    assert_eq!(t2["tags"][0], "at-risk");

    // The file in use against itself: nothing.
    let same = e.env.dir.path().join("rules.yaml");
    let out = e.run(600, &["rules", "plan", same.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains("no open ticket would change"),
        "{}",
        stderr(&out)
    );
}
