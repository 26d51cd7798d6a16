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
            "carol works late"
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
    // Handle times come from the first response to the resolution.
    for id in ["1", "2", "3"] {
        env.ok_at("2026-03-02T02:30:00Z", &["respond", id]);
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
fn simulate_runs_right_after_init() {
    let env = Env::new();
    let rules = env.dir.path().join("rules.yaml");
    let rules = rules.to_str().unwrap();
    env.ok(&["init", "--output", rules]);
    let out = env.ok(&[
        "--rules",
        rules,
        "--format",
        "csv",
        "simulate",
        "--replications",
        "2",
    ]);
    let (_, rows) = csv_records(&out);
    assert_eq!(rows.len(), 6, "{out}");
    assert!(rows.iter().any(|r| r[0] == "carol works late"), "{out}");
}

/// A CSV output's section (`# NAME` lines separate the tables).
fn csv_section<'a>(text: &'a str, name: &str) -> &'a str {
    let start = text
        .find(&format!("# {name}\n"))
        .unwrap_or_else(|| panic!("no table {name} in:\n{text}"))
        + name.len()
        + 3;
    let rest = &text[start..];
    rest.find("\n# ").map_or(rest, |end| &rest[..end])
}

/// `(mean, half-width)` of a metric in a JSON row.
fn estimate(row: &Value, key: &str) -> (f64, f64) {
    (
        row[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} in {row}")),
        row[&format!("{key}_ci")]
            .as_f64()
            .unwrap_or_else(|| panic!("{key}_ci in {row}")),
    )
}

/// Issue 16: simulate → export → import → simulate --from-db gives back
/// the generating run's utilisation and waits, within their intervals.
/// Handle times come from the history's first responses (the import dates
/// assignments at creation, which gave 191% utilisation).
#[test]
fn a_replay_of_an_exported_run_reproduces_it() {
    let env = Env::with_rules("sim/mmc-rules.yaml");
    let scenario = env.dir.path().join("desk.yaml");
    std::fs::write(
        &scenario,
        "start: 2026-01-05\nhorizon: 1000h\nwarmup: 20h\narrivals:\n  poisson: {rate: 22/h}\nmix:\n  - {name: ticket, share: 100%, handle: {exponential: 6m}}\n",
    )
    .unwrap();
    let export = env.dir.path().join("history.csv");
    let first = env.json(&[
        "simulate",
        "--scenario",
        scenario.to_str().unwrap(),
        "--replications",
        "5",
        "--export-tickets",
        export.to_str().unwrap(),
    ]);
    let out = env
        .cmd()
        .args(["import", export.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // The replay measures after the same warm-up.
    let warmup = env.dir.path().join("warmup.yaml");
    std::fs::write(&warmup, "warmup: 20h\n").unwrap();
    let replay = env.json(&[
        "simulate",
        "--from-db",
        "--since",
        "2026-01-05",
        "--until",
        "2026-02-15 16:00",
        "--scenario",
        warmup.to_str().unwrap(),
        "--replications",
        "5",
    ]);
    let (generated, replayed) = (&first[0], &replay[0]);
    for key in ["utilisation_mean_pct", "wait_mean_secs", "waited_pct"] {
        let (g, gh) = estimate(generated, key);
        let (r, rh) = estimate(replayed, key);
        eprintln!("{key:<22} generated {g:>10.4} ± {gh:<8.4} replayed {r:>10.4} ± {rh:.4}");
        assert!(
            (g - r).abs() <= gh + rh,
            "{key}: generated {g} ± {gh}, replayed {r} ± {rh}"
        );
    }
    let (u, _) = estimate(replayed, "utilisation_mean_pct");
    assert!((u - 55.0).abs() < 3.0, "utilisation {u}%");
}

/// Issue 16: `--agents +N:SKILL` copies the closest agent, and refuses a
/// skill nobody has instead of making up capacity-10 agents.
#[test]
fn added_agents_copy_the_closest_agent_or_are_refused() {
    let env = Env::new();
    let out = env.fails(&["simulate", "--agents", "+2:astrology"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no agent in the rule file has skill astrology"),
        "{}",
        stderr(&out)
    );
    // Nobody has both: modelled on alice, the first with one of them
    // (capacity 8, not 10).
    let json = env.json(&[
        "simulate",
        "--agents",
        "+1:billing,astrology",
        "--by",
        "agent",
    ]);
    let added: Vec<&Value> = json["agents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["agent"] == "extra-billing-astrology-1")
        .collect();
    assert_eq!(added.len(), 1, "{json}");
    assert_eq!(added[0]["capacity"], 8, "{json}");
}

/// Issue 16: the difference between two variants with an interval paired
/// by replication, in every format.
#[test]
fn differences_between_variants_have_paired_intervals() {
    let env = Env::with_rules("sim/mmc-rules.yaml");
    let scenario = path("sim/mmc.yaml");
    let args = [
        "simulate",
        "--scenario",
        scenario.as_str(),
        "--agents",
        "+1:",
        "--replications",
        "3",
        "--differences",
    ];
    let csv = env.ok(&[&["--format", "csv"][..], &args[..]].concat());
    let (header, rows) = csv_records(csv_section(&csv, "differences"));
    assert_eq!(rows.len(), 1, "{csv}");
    assert_eq!(column(&header, &rows[0], "variant"), "agents +1:");
    assert_eq!(column(&header, &rows[0], "versus"), "baseline");
    let diff: f64 = column(&header, &rows[0], "wait_mean_secs").parse().unwrap();
    let ci: f64 = column(&header, &rows[0], "wait_mean_secs_ci")
        .parse()
        .unwrap();
    assert!(diff < 0.0 && ci > 0.0 && -diff > ci, "{diff} ± {ci}");
    // The same tickets in both: no difference in their number.
    assert_eq!(column(&header, &rows[0], "tickets"), "0");

    let json = env.json(&args);
    let d = &json["differences"][0];
    let (json_diff, json_ci) = estimate(d, "wait_mean_secs");
    // serde_json reads floats to within an ulp, not always exactly.
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(b.abs());
    assert!(close(json_diff, diff) && close(json_ci, ci), "{d}");
    // Paired: the difference of the replications' own values.
    let reps = |i: usize| {
        json["simulate"][i]["replications"]
            .as_array()
            .unwrap()
            .clone()
    };
    let (a, b) = (reps(0), reps(1));
    let mean = (0..3)
        .map(|r| {
            b[r]["wait_mean_secs"].as_f64().unwrap() - a[r]["wait_mean_secs"].as_f64().unwrap()
        })
        .sum::<f64>()
        / 3.0;
    assert!(close(mean, diff), "{mean} vs {diff}");

    let table = env.ok(&args);
    assert!(table.contains("Differences from baseline"), "{table}");
}

/// Issue 16: CSV and JSON carry full precision, JSON has each
/// replication's values, and `-q` prints data only.
#[test]
fn machine_output_is_exact_and_quiet_output_is_data_only() {
    let env = Env::with_rules("sim/mmc-rules.yaml");
    let scenario = path("sim/mmc.yaml");
    let args = [
        "simulate",
        "--scenario",
        scenario.as_str(),
        "--replications",
        "2",
    ];
    let csv = env.ok(&[&["--format", "csv"][..], &args[..]].concat());
    let (header, rows) = csv_records(&csv);
    let ci = column(&header, &rows[0], "wait_mean_secs_ci");
    let decimals = ci.split_once('.').map_or(0, |(_, f)| f.len());
    assert!(decimals > 3, "{ci}");
    let json = env.json(&args);
    let row = &json[0];
    let reps = row["replications"].as_array().unwrap();
    assert_eq!(reps.len(), 2);
    let mean = (reps[0]["wait_mean_secs"].as_f64().unwrap()
        + reps[1]["wait_mean_secs"].as_f64().unwrap())
        / 2.0;
    let wait = row["wait_mean_secs"].as_f64().unwrap();
    // serde_json reads floats to within an ulp, not always exactly.
    assert!((mean - wait).abs() <= 1e-12 * wait, "{mean} vs {wait}");
    assert!(reps[0]["tickets"].is_u64(), "{row}");

    let quiet = env.ok(&[&["-q"][..], &args[..]].concat());
    assert!(!quiet.contains("Simulation"), "{quiet}");
    assert!(!quiet.contains("half-width"), "{quiet}");
    assert!(quiet.contains("Wait mean"), "{quiet}");
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
    for variant in ["baseline", "push round robin", "carol works late"] {
        assert!(
            html.contains(&format!("<th scope=\"row\">{variant}</th>")),
            "{variant}"
        );
    }
}

#[test]
fn from_db_says_what_is_missing_in_a_small_history() {
    let env = Env::new();
    let out = env.fails(&["simulate", "--from-db"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no tickets were created from")
            && stderr(&out).contains("triage import"),
        "{}",
        stderr(&out)
    );
    env.ok_at("2026-03-01T02:00:00Z", &["create", "--title", "only one"]);
    env.ok_at(
        "2026-03-01T02:10:00Z",
        &["update", "1", "--assignee", "alice"],
    );
    env.ok_at("2026-03-01T02:20:00Z", &["respond", "1"]);
    env.ok_at("2026-03-01T02:50:00Z", &["resolve", "1"]);
    let out = env.cmd().args(["simulate", "--from-db"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("only 1 ticket was created"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn out_writes_the_results_in_the_format_of_its_extension() {
    let env = Env::new();
    let csv = env.dir.path().join("what-if.csv");
    let html = env.dir.path().join("what-if.html");
    for file in [&csv, &html] {
        let out = env
            .cmd()
            .args(["simulate", "-n", "2", "-o", file.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "",
            "nothing on stdout"
        );
    }
    let csv = std::fs::read_to_string(&csv).unwrap();
    assert!(
        csv.starts_with("variant,dispatch,strategy,tickets,"),
        "{csv}"
    );
    let html = std::fs::read_to_string(&html).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..100]);
}
