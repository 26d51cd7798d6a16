//! Cross-team flows through the real binary: a cross-border return goes
//! after-sales review → warehouse receipt → finance refund
//! (`fixtures/flows/rules.yaml`, times in UTC, business hours 09:00-17:00).

mod common;
use common::{fixture, stderr, Env};
use serde_json::Value;

/// Monday 2 March 2026 at `hh:mm` UTC (`day` 2 = Monday, 3 = Tuesday).
fn at(day: u32, hh: u32, mm: u32) -> String {
    format!("2026-03-{day:02}T{hh:02}:{mm:02}:00Z")
}

fn env() -> Env {
    Env::with_rules("flows/rules.yaml")
}

fn create_return(env: &Env, when: &str, title: &str, body: &str) -> String {
    env.ok_at(
        when,
        &[
            "create",
            "--title",
            title,
            "--body",
            body,
            "--category",
            "refund",
            "--channel",
            "cross-border",
        ],
    )
    .trim()
    .to_string()
}

fn ticket(env: &Env, id: &str) -> Value {
    env.json(&["show", id])["ticket"].clone()
}

/// The ticket's flow events as (actor, from, to, note).
fn flow_events(env: &Env, id: &str) -> Vec<(String, String, String, String)> {
    let text = |v: &Value| v.as_str().unwrap_or("").to_string();
    env.json(&["show", id])["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "flow")
        .map(|e| {
            (
                text(&e["actor"]),
                text(&e["from"]),
                text(&e["to"]),
                text(&e["note"]),
            )
        })
        .collect()
}

/// Runs `triage ARGS` at `now` expecting exit code 1; returns stderr.
fn refused(env: &Env, now: &str, args: &[&str]) -> String {
    let out = env
        .cmd()
        .env("TRIAGE_NOW", now)
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "triage {args:?}: {}",
        stderr(&out)
    );
    stderr(&out)
}

fn ids(env: &Env, now: &str, args: &[&str]) -> Vec<String> {
    let mut full = vec!["--format", "ids", "list"];
    full.extend_from_slice(args);
    env.ok_at(now, &full).lines().map(str::to_string).collect()
}

#[test]
fn refund_flow_from_classification_to_completion() {
    let env = env();
    // The classify rule (category refund + channel cross-border) starts the flow.
    let id = create_return(
        &env,
        &at(2, 9, 0),
        "Return: wrong size",
        "Customer sent it back",
    );
    assert_eq!(id, "1");
    let t = ticket(&env, "1");
    assert_eq!(t["flow"]["name"], "refund");
    assert_eq!(t["flow"]["step"], 0);
    assert_eq!(t["flow"]["step_due"], at(2, 13, 0), "4h of business time");
    assert_eq!(t["team"], "aftersales");
    assert_eq!(t["assignee"], "abe", "routed to the step's team on create");

    // Review requires the order number, which the body did not give.
    let err = refused(&env, &at(2, 9, 30), &["flow", "advance", "1"]);
    assert!(
        err.contains(
            "step review of flow refund cannot complete: required field order_no is missing (add --set order_no=VALUE)"
        ),
        "{err}"
    );
    assert_eq!(ticket(&env, "1")["flow"]["step"], 0, "nothing changed");

    env.ok_at(
        &at(2, 10, 0),
        &[
            "--actor",
            "abe",
            "flow",
            "advance",
            "1",
            "--set",
            "order_no=RT-1001",
        ],
    );
    let t = ticket(&env, "1");
    assert_eq!(t["fields"]["order_no"], "RT-1001");
    assert_eq!(t["team"], "warehouse");
    assert_eq!(t["skills"], serde_json::json!(["customs"]));
    assert_eq!(
        t["assignee"], "wes",
        "routed: the only warehouse agent with customs on duty"
    );
    assert_eq!(
        ids(
            &env,
            &at(2, 10, 0),
            &["--flow", "refund", "--step", "receipt"]
        ),
        ["1"]
    );
    assert!(ids(
        &env,
        &at(2, 10, 0),
        &["--flow", "refund", "--step", "review"]
    )
    .is_empty());

    // The warehouse cannot confirm receipt without a tracking number...
    let err = refused(&env, &at(2, 10, 30), &["flow", "advance", "1"]);
    assert!(
        err.contains("required field return_tracking_no is missing"),
        "{err}"
    );
    // ...and hands it back: the parcel came without its order slip.
    env.ok_at(
        &at(2, 11, 0),
        &[
            "--actor",
            "wes",
            "flow",
            "back",
            "1",
            "--reason",
            "no order slip in the parcel",
        ],
    );
    let t = ticket(&env, "1");
    assert_eq!(
        (t["flow"]["step"].as_u64(), t["team"].as_str()),
        (Some(0), Some("aftersales"))
    );
    assert_eq!(t["flow"]["step_due"], at(2, 15, 0), "a fresh 4h step clock");

    env.ok_at(
        &at(2, 12, 0),
        &[
            "--actor",
            "abe",
            "flow",
            "advance",
            "1",
            "--note",
            "slip emailed to the warehouse",
        ],
    );
    env.ok_at(
        &at(3, 10, 0),
        &[
            "--actor",
            "wes",
            "flow",
            "advance",
            "1",
            "--set",
            "return_tracking_no=SF123",
        ],
    );
    let t = ticket(&env, "1");
    assert_eq!(
        (t["team"].as_str(), t["assignee"].as_str()),
        (Some("finance"), Some("fin"))
    );

    // The refund is decided with after-sales: someone from there must be named.
    let err = refused(
        &env,
        &at(3, 11, 0),
        &["flow", "advance", "1", "--set", "refund_amount=120"],
    );
    assert!(
        err.contains("handled by finance jointly with aftersales: name who took part for aftersales with --with AGENT"),
        "{err}"
    );
    env.ok_at(
        &at(3, 12, 0),
        &[
            "--actor",
            "fay",
            "flow",
            "advance",
            "1",
            "--set",
            "refund_amount=120",
            "--with",
            "amy",
        ],
    );
    let t = ticket(&env, "1");
    assert_eq!(t["flow"]["completed"], true);
    assert_eq!(
        t["assignee"], "fin",
        "the last step's assignee keeps it to resolve"
    );
    assert_eq!(t["status"], "assigned");
    assert!(ids(
        &env,
        &at(3, 12, 0),
        &["--flow", "refund", "--step", "refund"]
    )
    .is_empty());
    assert_eq!(ids(&env, &at(3, 12, 0), &["--flow", "refund"]), ["1"]);

    let s = |x: &str| x.to_string();
    assert_eq!(
        flow_events(&env, "1"),
        vec![
            (
                s("tester"),
                s(""),
                s("review"),
                s("start refund: by classification")
            ),
            (s("abe"), s("review"), s("receipt"), s("advance")),
            (
                s("wes"),
                s("receipt"),
                s("review"),
                s("back: no order slip in the parcel")
            ),
            (
                s("abe"),
                s("review"),
                s("receipt"),
                s("advance: slip emailed to the warehouse")
            ),
            (s("wes"), s("receipt"), s("refund"), s("advance")),
            (s("fay"), s("refund"), s(""), s("complete with amy")),
        ]
    );

    let show = env.json(&["--now", &at(3, 12, 0), "flow", "show", "1"]);
    let rows: Vec<String> = show
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {} {} took={} target={} {} assignee={} by={} with={} note={}",
                r["step_no"],
                r["step"].as_str().unwrap(),
                r["state"].as_str().unwrap(),
                r["took_secs"],
                r["target_secs"],
                r["sla"].as_str().unwrap_or("-"),
                r["assignee"].as_str().unwrap_or("-"),
                r["by"].as_str().unwrap_or("-"),
                r["with"].as_str().unwrap_or("-"),
                r["note"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            "1 review done took=3600 target=14400 met assignee=abe by=abe with= note=-",
            "2 receipt handed back took=3600 target=86400 met assignee=wes by=wes with= note=no order slip in the parcel",
            "1 review done took=3600 target=14400 met assignee=abe by=abe with= note=slip emailed to the warehouse",
            "2 receipt done took=79200 target=86400 met assignee=wes by=wes with= note=-",
            "3 refund done took=7200 target=28800 met assignee=fin by=fay with=amy note=-",
        ]
    );
    let text = env.ok_at(&at(3, 12, 0), &["flow", "show", "1"]);
    assert!(text.contains("flow            refund (complete)"), "{text}");
    assert!(text.contains("finance + aftersales"), "{text}");
}

#[test]
fn a_flow_started_by_hand_and_what_is_refused() {
    let env = env();
    env.ok_at(
        &at(2, 9, 0),
        &[
            "create",
            "--title",
            "Where is my refund?",
            "--body",
            "order no: RT-77",
        ],
    );
    assert!(ticket(&env, "1")["flow"].is_null());
    let err = refused(&env, &at(2, 9, 5), &["flow", "show", "1"]);
    assert!(err.contains("ticket 1 is not in a flow"), "{err}");
    let err = refused(&env, &at(2, 9, 5), &["flow", "start", "1", "exchange"]);
    assert!(
        err.contains("unknown flow \"exchange\": the rule file declares refund"),
        "{err}"
    );

    env.ok_at(
        &at(2, 9, 10),
        &[
            "--actor",
            "amy",
            "flow",
            "start",
            "1",
            "refund",
            "-m",
            "customer called",
        ],
    );
    let t = ticket(&env, "1");
    assert_eq!(
        (t["team"].as_str(), t["assignee"].as_str()),
        (Some("aftersales"), Some("abe"))
    );
    let err = refused(&env, &at(2, 9, 15), &["flow", "start", "1", "refund"]);
    assert!(
        err.contains("already in flow refund (step review)"),
        "{err}"
    );
    let err = refused(&env, &at(2, 9, 15), &["flow", "back", "1", "--reason", "x"]);
    assert!(err.contains("at the first step (review)"), "{err}");
    // A hand-back without a reason is a usage error.
    let out = env.cmd().args(["flow", "back", "1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    // --step needs --flow, and a step the flow has.
    let out = env
        .cmd()
        .args(["list", "--step", "review"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = env
        .cmd()
        .args(["list", "--flow", "refund", "--step", "packing"])
        .output()
        .unwrap();
    // A name the rule file does not have is bad data (1), as for agents and teams.
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("flow refund has steps review, receipt, refund"),
        "{}",
        stderr(&out)
    );

    // The order number was extracted on create: review can complete at once.
    env.ok_at(&at(2, 9, 20), &["flow", "advance", "1"]);
    // A resolved ticket moves no further.
    env.ok_at(&at(2, 9, 30), &["resolve", "1"]);
    let err = refused(&env, &at(2, 9, 35), &["flow", "advance", "1"]);
    assert!(
        err.contains("ticket 1 is resolved: reopen it first"),
        "{err}"
    );

    assert_eq!(
        flow_events(&env, "1")[0],
        (
            "amy".into(),
            "".into(),
            "review".into(),
            "start refund: customer called".into()
        )
    );
}

#[test]
fn the_step_clock_breaches_on_its_own_target() {
    let env = env();
    create_return(&env, &at(2, 9, 0), "Return", "order no: RT-1");
    env.ok_at(&at(2, 10, 0), &["flow", "advance", "1"]);
    let rules = triage::rules::Rules::load(&fixture("flows/rules.yaml")).unwrap();
    let load = || -> triage::model::Ticket { serde_json::from_value(ticket(&env, "1")).unwrap() };
    let t = load();
    let state = |now: &str| {
        let now = chrono::DateTime::parse_from_rfc3339(now).unwrap().to_utc();
        triage::flows::step_progress(&rules, &t, now).map(|p| p.state.as_str())
    };
    // receipt: 1d on 24x7 from Monday 10:00; at-risk from 75%.
    assert_eq!(state(&at(3, 3, 0)), Some("within"));
    assert_eq!(state(&at(3, 4, 0)), Some("at_risk"));
    assert_eq!(state(&at(3, 10, 0)), Some("breached"));
    assert_eq!(triage::flows::step_team_lead(&rules, &t), Some("wes"));
    let text = env.ok_at(&at(3, 11, 0), &["flow", "show", "1"]);
    assert!(text.contains("step clock      breached"), "{text}");
    assert!(
        text.contains("resolution      within"),
        "the ticket's own clock runs on: {text}"
    );
}

/// `escalate` is wired on merge (it calls `flows::step_progress` and
/// `flows::step_team_lead`); this pins that an overdue step fires its rung
/// once, and the next step escalates afresh.
#[test]
fn escalate_picks_up_a_step_breach_exactly_once() {
    let env = env();
    create_return(&env, &at(2, 9, 0), "Return", "order no: RT-1");
    let events = |env: &Env| env.json(&["show", "1"])["events"].as_array().unwrap().len();
    env.ok_at(&at(2, 12, 0), &["escalate"]);
    assert!(
        ticket(&env, "1")["sla"]["escalation"]["step"].is_null(),
        "3h of 4h: not yet"
    );
    env.ok_at(&at(2, 13, 30), &["escalate"]);
    let t = ticket(&env, "1");
    assert_eq!(t["sla"]["escalation"]["step"], 1);
    assert_eq!(
        t["tags"],
        serde_json::json!(["cross-border", "step-overdue"])
    );
    let after_first = events(&env);
    env.ok_at(&at(2, 14, 0), &["escalate"]);
    assert_eq!(events(&env), after_first, "a second run changes nothing");
    env.ok_at(&at(2, 14, 30), &["flow", "advance", "1"]);
    assert!(
        ticket(&env, "1")["sla"]["escalation"]["step"].is_null(),
        "the new step starts clean"
    );
}

#[test]
fn report_numbers_on_known_step_times() {
    let env = env();
    for n in 1..=3 {
        create_return(
            &env,
            &at(2, 9, 0),
            &format!("Return {n}"),
            &format!("order no: RT-{n}"),
        );
    }
    let run = |now: String, args: &[&str]| {
        env.ok_at(&now, args);
    };
    let refund = [
        "flow",
        "advance",
        "1",
        "--set",
        "refund_amount=10",
        "--with",
        "amy",
    ];
    // Ticket 1: review 1h, receipt 26h (missed), refund 4h.
    run(at(2, 10, 0), &["flow", "advance", "1"]);
    run(
        at(3, 12, 0),
        &["flow", "advance", "1", "--set", "return_tracking_no=T1"],
    );
    run(at(3, 16, 0), &refund);
    // Ticket 2: review 4h, receipt 2h and handed back, review 1h, receipt still running (25h).
    run(at(2, 13, 0), &["flow", "advance", "2"]);
    run(
        at(2, 15, 0),
        &["flow", "back", "2", "--reason", "wrong parcel"],
    );
    run(at(2, 16, 0), &["flow", "advance", "2"]);
    // Ticket 3: review 7h (missed), receipt 18h less a 2h pause, refund running (7h).
    run(at(2, 16, 0), &["flow", "advance", "3"]);
    run(at(2, 20, 0), &["pending", "3"]);
    run(at(2, 22, 0), &["update", "3", "--status", "open"]);
    run(
        at(3, 10, 0),
        &["flow", "advance", "3", "--set", "return_tracking_no=T3"],
    );

    let rules = triage::rules::Rules::load(&fixture("flows/rules.yaml")).unwrap();
    let store = triage::store::open_path(&env.db(), std::time::Duration::from_secs(5)).unwrap();
    let tickets: Vec<_> = store.tickets().map(|t| t.unwrap()).collect();
    let events: Vec<_> = store.all_events().map(|e| e.unwrap()).collect();
    drop(store);
    let now = chrono::DateTime::parse_from_rfc3339(&at(3, 17, 0))
        .unwrap()
        .to_utc();
    let report = triage::flows::flow_report(&tickets, &events, &rules, now);
    let h = |hours: i64| Some(hours * 3600);
    let rows: Vec<_> = report
        .rows
        .iter()
        .map(|r| {
            (
                r.step.as_str(),
                r.tickets,
                r.waiting,
                r.oldest_waiting_secs,
                r.median_secs,
                r.p90_secs,
                r.met_pct,
                r.handbacks,
                r.bottleneck,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            // Ended visits 1h, 4h, 1h, 7h: median 1h, p90 7h; 3 of 4 within 4h.
            ("review", 3, 0, None, h(1), h(7), Some(75.0), 0, false),
            // Ended 26h, 2h, 16h: median 16h, p90 26h; met 2h and 16h, missed
            // 26h, and ticket 2's 25h so far is overdue: 2 of 4.
            ("receipt", 3, 1, h(25), h(16), h(26), Some(50.0), 1, true),
            // Ended 4h (met); ticket 3 has used 7h of 8h and is not judged yet.
            ("refund", 2, 1, h(7), h(4), h(4), Some(100.0), 0, false),
        ]
    );
    let table = triage::flows::flow_report_table(&report);
    assert_eq!(table.name, "flows");
    let keys: Vec<&str> = table.columns.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "flow",
            "step_no",
            "step",
            "team",
            "target_secs",
            "tickets",
            "waiting",
            "oldest_waiting_secs",
            "median_secs",
            "p90_secs",
            "step_met_pct",
            "handbacks",
            "bottleneck"
        ]
    );
    // The same numbers through the command.
    let cli = env.json(&["--now", &at(3, 17, 0), "report", "flows"]);
    let rows = cli
        .as_array()
        .or_else(|| cli["flows"].as_array())
        .unwrap_or_else(|| panic!("{cli}"));
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1]["step"], "receipt");
    assert_eq!(rows[1]["median_secs"], 16 * 3600);
    assert_eq!(rows[1]["p90_secs"], 26 * 3600);
    assert_eq!(rows[1]["step_met_pct"], 50.0);
    assert_eq!(rows[1]["handbacks"], 1);

    // The HTML page charts the median time in step, the bottleneck marked.
    let html = env.ok(&[
        "--now",
        &at(3, 17, 0),
        "--format",
        "html",
        "report",
        "flows",
    ]);
    assert!(html.contains(">Flows: median time in step</h3>"), "{html}");
    assert!(html.contains("highlighted: refund / receipt."), "{html}");
    assert!(html.contains("The numbers are in the table <a href=\"#flows\">"));
    assert!(html.contains("<table id=\"flows\">"));
}
