//! Crash loop: a burst of writers — parallel `create`s, or an `import` of a
//! CSV in many small transactions — is killed with SIGKILL at a random
//! moment, round after round, on one database. After every kill `triage doctor`
//! must find the database consistent, and re-running the burst to the end
//! must leave exactly the expected tickets: every one once, ids dense from
//! 1, because writers send `--source`/`--external-id` and re-sends upsert.
//!
//! Knobs: `CRASH_ROUNDS` (default 30), `CRASH_SEED` (to replay a run),
//! `CRASH_SECS` (time budget, default 40: rounds stop early rather than
//! overrun CI, and the report says so). Prints the rounds survived.

mod common;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{kill_group, spawn_group, tickets_by_external_id, wait_group_gone, Env};
use rand::{Rng, SeedableRng};

/// Creates auto-assign (two writes and an agent-state update per ticket),
/// and dedup is off so every external id is its own ticket.
const RULES: &str = "\
timezone: UTC
agents:
  - {id: a1, skills: [general], capacity: 100000}
  - {id: a2, skills: [general], capacity: 100000}
routing: {strategy: round_robin, auto_assign: true}
dedup: {action: off}
";

/// Parallel writers per burst and tickets per writer.
const WRITERS: usize = 2;
const PER_WRITER: usize = 2;

/// One kind of burst: a shell script that writes a round's tickets, and
/// the tickets (external id → title) it must leave once it has run to the end.
struct Burst {
    name: &'static str,
    script: fn(bin: &Path, round: usize) -> String,
    expected: fn(round: usize) -> Vec<(String, String)>,
}

/// The bursts rounds take turns with.
const BURSTS: &[Burst] = &[
    Burst {
        name: "create",
        script: create_script,
        expected: create_expected,
    },
    Burst {
        name: "import",
        script: import_script,
        expected: import_expected,
    },
];

/// Rows per import burst and per import transaction (`--batch`): the kill
/// can land between, inside or after any of the batches.
const IMPORT_ROWS: usize = 400;
const IMPORT_BATCH: usize = 10;

fn import_expected(round: usize) -> Vec<(String, String)> {
    (0..IMPORT_ROWS)
        .map(|i| {
            (
                format!("r{round}-i{i}"),
                format!("round {round} import #{i}"),
            )
        })
        .collect()
}

/// Writes the round's rows to a CSV beside the database and imports it.
fn import_script(bin: &Path, round: usize) -> String {
    let mut csv = String::from("id,title,email\n");
    for (ext, title) in import_expected(round) {
        csv.push_str(&format!("{ext},{title},{ext}@example.com\n"));
    }
    format!(
        "set -e\nf=\"$HOME/r{round}.csv\"\nprintf '%s' '{csv}' > \"$f\"\n\
         '{}' import --wait 60s --quiet --source crash --batch {IMPORT_BATCH} \"$f\" >/dev/null\n",
        bin.display()
    )
}

fn create_expected(round: usize) -> Vec<(String, String)> {
    (0..WRITERS)
        .flat_map(|w| {
            (0..PER_WRITER).map(move |i| {
                (
                    format!("r{round}-w{w}-{i}"),
                    format!("round {round} writer {w} #{i}"),
                )
            })
        })
        .collect()
}

fn create_script(bin: &Path, round: usize) -> String {
    let mut script = String::from("set -e\n");
    for w in 0..WRITERS {
        script.push_str("(\n");
        for i in 0..PER_WRITER {
            script.push_str(&format!(
                "'{}' create --wait 60s --source crash --external-id r{round}-w{w}-{i} --title 'round {round} writer {w} #{i}' >/dev/null\n",
                bin.display()
            ));
        }
        script.push_str(") &\n");
    }
    script.push_str("wait\n");
    script
}

fn run_burst_to_end(env: &Env, script: &str) -> Duration {
    let started = Instant::now();
    let out = spawn_group(env, script).wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "rerun failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    started.elapsed()
}

#[test]
fn killed_writers_leave_a_consistent_database_and_reruns_converge() {
    let env = Env::new();
    let rules = env.dir.path().join("rules.yaml");
    std::fs::write(&rules, RULES).unwrap();
    let mut env = env;
    env.rules = Some(rules);
    let bin = assert_cmd::cargo::cargo_bin("triage");

    let rounds: usize = std::env::var("CRASH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let budget = Duration::from_secs(
        std::env::var("CRASH_SECS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(40),
    );
    let seed: u64 = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let started = Instant::now();

    let mut expected: BTreeMap<String, String> = BTreeMap::new();
    // How long a burst takes to finish, learned from the reruns; kills land
    // uniformly inside it (or just after, so "killed after the end" happens too).
    let mut burst_time = vec![Duration::from_millis(800); BURSTS.len()];
    let mut landed = Vec::new();
    let mut survived = 0;
    for round in 0..rounds {
        if started.elapsed() > budget {
            break;
        }
        let kind = round % BURSTS.len();
        let burst = &BURSTS[kind];
        let script = (burst.script)(&bin, round);
        // The previous rerun left exactly the expected tickets.
        let before = expected.len() as u64;

        let child = spawn_group(&env, &script);
        let pgid = child.id();
        let delay = rng.random_range(0..burst_time[kind].as_micros() as u64 * 11 / 10);
        std::thread::sleep(Duration::from_micros(delay));
        kill_group(&child);
        let _ = child.wait_with_output();
        wait_group_gone(pgid);

        let doctor = env
            .cmd()
            .args(["--format", "json", "doctor"])
            .output()
            .unwrap();
        assert!(
            doctor.status.success(),
            "round {round} ({} burst killed after {delay} µs, seed {seed}): doctor found damage:\n{}\n{}",
            burst.name,
            String::from_utf8_lossy(&doctor.stdout),
            String::from_utf8_lossy(&doctor.stderr)
        );
        let report: serde_json::Value = serde_json::from_slice(&doctor.stdout).unwrap();
        let new = report["found"]["tickets"].as_u64().unwrap() - before;
        if burst.name == "import" {
            assert_eq!(
                new % IMPORT_BATCH as u64,
                0,
                "round {round} (seed {seed}): {new} tickets is not whole batches"
            );
        }
        landed.push(new);

        burst_time[kind] = run_burst_to_end(&env, &script);
        expected.extend((burst.expected)(round));
        let got = tickets_by_external_id(&env);
        let want: Vec<(&String, &String)> = expected.iter().collect();
        let have: Vec<(&String, &String)> = got.iter().map(|(k, (_, t))| (k, t)).collect();
        assert_eq!(
            have, want,
            "round {round} (seed {seed}): tickets after the rerun"
        );
        let mut ids: Vec<u64> = got.values().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        assert_eq!(
            ids,
            (1..=expected.len() as u64).collect::<Vec<_>>(),
            "round {round} (seed {seed}): ids not dense"
        );
        survived += 1;
    }
    let per_round = WRITERS * PER_WRITER;
    eprintln!(
        "crash: {survived}/{rounds} rounds survived in {:.1}s (seed {seed}); tickets written before each kill \
         (of {per_round} per create burst, {IMPORT_ROWS} per import burst): {landed:?}",
        started.elapsed().as_secs_f64()
    );
    assert!(
        survived >= rounds.min(6),
        "only {survived} rounds fit the time budget"
    );
    assert!(env.cmd().arg("doctor").output().unwrap().status.success());
}
