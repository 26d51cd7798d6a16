//! `triage simulate` through the real binary: the example scenario, quick
//! runs, determinism, Little's law on the printed numbers, the ticket
//! export and replay of the database. The queueing-theory comparisons and
//! the engine-versus-`assign_batch` check run at library level
//! (`src/sim/tests.rs`, `src/sim/engine_tests.rs`), where they are fast
//! enough to use many replications.

mod common;
use common::{fixture, stderr, Env};

use serde_json::Value;

fn path(rel: &str) -> String {
    fixture(rel).display().to_string()
}

fn csv_records(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn column<'a>(header: &[String], row: &'a [String], key: &str) -> &'a str {
    let i = header
        .iter()
        .position(|h| h == key)
        .unwrap_or_else(|| panic!("no column {key} in {header:?}"));
    &row[i]
}

#[test]
fn the_example_compares_every_variant_with_confidence_intervals() {
    let env = Env::new();
    let out = env.ok(&[
        "--format",
        "csv",
        "simulate",
        "--scenario",
        &path("sim/example.yaml"),
        "--replications",
        "3",
    ]);
    let (header, rows) = csv_records(&out);
    let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        names,
        [
            "baseline",
            "round robin",
            "push round robin",
            "skill",
            "one more billing agent",
            "erin works late"
        ]
    );
    for key in [
        "tickets",
        "wait_mean_secs",
        "wait_p50_secs",
        "wait_p90_secs",
        "wait_p99_secs",
        "first_response_met_pct",
        "resolution_met_pct",
        "resolution_mean_secs",
        "utilisation_mean_pct",
        "utilisation_min_pct",
        "utilisation_max_pct",
        "queue_max",
        "abandoned_pct",
    ] {
        for row in &rows {
            assert!(!column(&header, row, key).is_empty(), "{key} in {row:?}");
            assert!(
                !column(&header, row, &format!("{key}_ci")).is_empty(),
                "{key}_ci in {row:?}"
            );
        }
    }
    // Common random numbers: every variant sees the same arrivals.
    let tickets: Vec<&str> = rows.iter().map(|r| column(&header, r, "tickets")).collect();
    assert!(tickets.iter().all(|t| *t == tickets[0]), "{tickets:?}");
    // Push round robin waits longer than pull on the same tickets.
    let wait = |i: usize| {
        column(&header, &rows[i], "wait_mean_secs")
            .parse::<f64>()
            .unwrap()
    };
    assert!(wait(2) > wait(1), "push {} vs pull {}", wait(2), wait(1));
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_does_not() {
    let env = Env::new();
    let run = |seed: &str, jobs: &str| {
        env.ok(&[
            "simulate",
            "--replications",
            "3",
            "--seed",
            seed,
            "--jobs",
            jobs,
            "--by",
            "agent",
        ])
    };
    let a = run("3", "1");
    assert_eq!(a, run("3", "1"));
    assert_eq!(a, run("3", "2"), "the thread count changes nothing");
    assert_ne!(a, run("4", "2"));
    assert!(
        a.contains("± is the half-width of the 95% confidence interval"),
        "{a}"
    );
    assert!(a.contains("Agents: tickets started and utilisation"), "{a}");
}

#[test]
fn littles_law_holds_on_the_output() {
    let env = Env::with_rules("sim/mmc-rules.yaml");
    let json: Value = env.json(&[
        "simulate",
        "--scenario",
        &path("sim/mmc.yaml"),
        "--replications",
        "2",
    ]);
    let row = &json[0];
    let window = (300.0 - 20.0) * 3600.0;
    let lambda = row["tickets"].as_f64().unwrap() / window;
    let w = row["wait_mean_secs"].as_f64().unwrap();
    let l = row["queue_mean"].as_f64().unwrap();
    assert!(
        (l - lambda * w).abs() / l < 0.01,
        "L = {l}, λW = {}",
        lambda * w
    );
    // 80% utilisation, as offered.
    let u = row["utilisation_mean_pct"].as_f64().unwrap();
    assert!((u - 80.0).abs() < 3.0, "{u}");
}

#[test]
fn quick_run_flags_make_variants() {
    let env = Env::with_rules("sim/mmc-rules.yaml");
    let out = env.ok(&[
        "--format",
        "csv",
        "simulate",
        "--scenario",
        &path("sim/mmc.yaml"),
        "--strategies",
        "round_robin,least_loaded",
        "--agents",
        "+1:",
        "--agents",
        "-a4",
    ]);
    let (header, rows) = csv_records(&out);
    let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        names,
        [
            "baseline / round_robin",
            "baseline / least_loaded",
            "agents +1: / round_robin",
            "agents +1: / least_loaded",
            "agents -a4 / round_robin",
            "agents -a4 / least_loaded",
        ]
    );
    let wait = |i: usize| {
        column(&header, &rows[i], "wait_mean_secs")
            .parse::<f64>()
            .unwrap()
    };
    assert!(wait(2) < wait(0) && wait(0) < wait(4), "{out}");
    // One ticket at a time: which free agent takes it does not change waits.
    assert_eq!(wait(0), wait(1));
}

#[test]
fn exported_tickets_stream_in_id_order_in_the_import_layout() {
    let env = Env::new();
    let file = env.dir.path().join("tickets.csv");
    let out = env.json(&[
        "simulate",
        "--export-tickets",
        file.to_str().unwrap(),
        "--seed",
        "9",
    ]);
    let text = std::fs::read_to_string(&file).unwrap();
    let (header, rows) = csv_records(&text);
    assert_eq!(
        header.join(","),
        "id,title,body,customer,email,phone,tier,channel,category,priority,status,assignee,team,created,first_response,resolved"
    );
    assert!(rows.len() > 1000, "{}", rows.len());
    // Measured tickets are the ones after warm-up: fewer than all exported.
    assert!((rows.len() as f64) > out[0]["tickets"].as_f64().unwrap());
    let time = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row[0], (i + 1).to_string());
        let status = column(&header, row, "status");
        assert!(
            ["resolved", "open", "assigned", "new", "closed"].contains(&status),
            "{row:?}"
        );
        let created = time(column(&header, row, "created"));
        if status == "resolved" {
            let first = time(column(&header, row, "first_response"));
            let resolved = time(column(&header, row, "resolved"));
            assert!(created <= first && first <= resolved, "{row:?}");
            assert!(!column(&header, row, "assignee").is_empty());
        }
        assert!(column(&header, row, "email").ends_with("@example.com"));
        assert!(column(&header, row, "priority").starts_with('P'));
    }
    // The same seed writes the same file.
    let again = env.dir.path().join("again.csv");
    env.ok(&[
        "simulate",
        "--export-tickets",
        again.to_str().unwrap(),
        "--seed",
        "9",
    ]);
    assert_eq!(text, std::fs::read_to_string(&again).unwrap());
}

#[test]
fn replays_the_databases_tickets() {
    let env = Env::with_rules("rules/team.yaml");
    // Six refund tickets on Monday morning (Shanghai), three resolved.
    for i in 0..6 {
        let at = format!("2026-03-02T01:{:02}:00Z", 10 * i);
        let email = format!("c{i}@example.com");
        env.ok_at(
            &at,
            &["create", "--title", "Refund please", "--email", &email],
        );
    }
    for id in ["1", "2", "3"] {
        env.ok_at("2026-03-02T03:00:00Z", &["resolve", id]);
    }
    let json = env.json(&[
        "simulate",
        "--from-db",
        "--since",
        "2026-03-02",
        "--until",
        "2026-03-03",
        "--strategies",
        "round_robin,score",
    ]);
    assert_eq!(json.as_array().unwrap().len(), 2);
    for row in json.as_array().unwrap() {
        assert_eq!(row["tickets"], 6, "{row}");
        assert_eq!(row["unserved"], 0, "{row}");
    }
}

#[test]
fn bad_scenarios_and_flags_are_refused_with_their_place() {
    let env = Env::with_rules("sim/mmc-rules.yaml");
    let bad = env.dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "horizon: 10h\narivals:\n  poisson: {rate: 3/h}\nmix: []\n",
    )
    .unwrap();
    let out = env.fails(&["simulate", "--scenario", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("bad.yaml:2:1: unknown field `arivals`"),
        "{err}"
    );

    std::fs::write(
        &bad,
        "horizon: 10h\narrivals:\n  poisson: {rate: 3/h}\nmix:\n  - {name: x, share: 1, handle: {lognormal: {mean: 10m, p90: 1h}}}\n",
    )
    .unwrap();
    let err = stderr(&env.fails(&["simulate", "--scenario", bad.to_str().unwrap()]));
    assert!(err.contains("bad.yaml:5:") && err.contains("p90"), "{err}");

    let out = env.fails(&["simulate", "--strategies", "fastest"]);
    assert_eq!(out.status.code(), Some(2));
    let out = env.fails(&["simulate", "--since", "2026-01-01"]);
    assert_eq!(out.status.code(), Some(2));
    let out = env.fails(&["simulate", "--agents", "two:billing"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn html_compares_the_variants_with_their_confidence_intervals() {
    let env = Env::new();
    let html = env.ok(&[
        "--format",
        "html",
        "simulate",
        "--scenario",
        &path("sim/example.yaml"),
        "--replications",
        "3",
    ]);
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    for reference in ["http:", "https:", "src=", "<script", "<link"] {
        assert!(!html.contains(reference), "{reference}");
    }
    for title in [
        "Waiting time per variant",
        "SLA attainment per variant",
        "Utilisation per variant",
    ] {
        assert!(html.contains(&format!(">{title}</h3>")), "{title}");
        assert!(html.contains(&format!("<title>{title}</title>")), "{title}");
        assert!(
            html.contains(&format!("<caption>The numbers: {title}</caption>")),
            "{title}"
        );
    }
    // Whiskers are drawn and their half-widths tabulated.
    assert!(html.contains("whiskers: 95% confidence interval"));
    assert!(html.contains("± (95% CI)</th>"));
    assert!(html.contains("over 3 replications"));
    // The result table, with every variant.
    assert!(html.contains("<table id=\"simulate\">"));
    for variant in ["baseline", "push round robin", "erin works late"] {
        assert!(
            html.contains(&format!("<th scope=\"row\">{variant}</th>")),
            "{variant}"
        );
    }
}
