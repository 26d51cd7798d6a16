//! A bulk import killed with SIGKILL again and again (kept apart from the
//! crash loop so that nothing else competes with its timing): after every
//! kill the database is consistent and holds whole batches; the last run
//! completes the file exactly. `CRASH_SEED` replays a run.

mod common;
use std::time::{Duration, Instant};

use common::{kill_group, spawn_group, tickets_by_external_id, wait_group_gone, Env};
use rand::{Rng, SeedableRng};

/// Rows of the bulk import that is killed again and again, and its `--batch`.
const BULK_ROWS: usize = 50_000;
const BULK_BATCH: usize = 1_000;

/// A 50k-row import (one transaction per 1000 rows, index entries of the
/// new tickets written at its end) killed at random moments: after each
/// kill the database is consistent and holds whole batches only; the rerun
/// that follows picks up where it stopped, and the last one ends with
/// exactly the file's tickets.
#[test]
fn a_killed_bulk_import_leaves_whole_batches_and_a_rerun_completes_it() {
    let env = Env::new();
    let csv = env.dir.path().join("bulk.csv");
    let mut text = String::from("id,title,email,priority,status\n");
    for i in 0..BULK_ROWS {
        let status = ["new", "open", "resolved"][i % 3];
        text.push_str(&format!(
            "B{i:06},bulk row {i},user{}@example.com,P{},{status}\n",
            i % 997,
            i % 4 + 1
        ));
    }
    std::fs::write(&csv, text).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("triage");
    let script = format!(
        "'{}' import --wait 60s --quiet --source bulk --batch {BULK_BATCH} '{}' >/dev/null\n",
        bin.display(),
        csv.display()
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
    // A first full run on a scratch database tells how long the import takes here.
    let scratch = env.dir.path().join("scratch");
    let started = Instant::now();
    let out = spawn_group(
        &env,
        &script.replace("import", &format!("--db '{}' import", scratch.display())),
    )
    .wait_with_output()
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let full = started.elapsed();

    let mut landed = Vec::new();
    for kill in 0..3 {
        let child = spawn_group(&env, &script);
        let pgid = child.id();
        // Early enough to land inside the import, which a rerun makes no longer.
        let delay =
            rng.random_range(full.as_micros() as u64 / 20..full.as_micros() as u64 * 6 / 10);
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
            "kill {kill} after {delay} µs (seed {seed}): doctor found damage:\n{}\n{}",
            String::from_utf8_lossy(&doctor.stdout),
            String::from_utf8_lossy(&doctor.stderr)
        );
        let report: serde_json::Value = serde_json::from_slice(&doctor.stdout).unwrap();
        let stored = report["found"]["tickets"].as_u64().unwrap() as usize;
        assert_eq!(
            stored % BULK_BATCH,
            0,
            "kill {kill} after {delay} µs (seed {seed}): {stored} tickets is not whole batches"
        );
        landed.push(stored);
    }
    let out = spawn_group(&env, &script).wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        landed.iter().any(|&n| n < BULK_ROWS),
        "seed {seed}: every kill came after the import ended ({landed:?}); nothing was tested"
    );
    let got = tickets_by_external_id(&env);
    assert_eq!(got.len(), BULK_ROWS, "seed {seed}");
    for (i, (ext, (_, title))) in got.iter().enumerate() {
        assert_eq!(ext, &format!("B{i:06}"));
        assert_eq!(title, &format!("bulk row {i}"));
    }
    let mut ids: Vec<u64> = got.values().map(|(id, _)| *id).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        (1..=BULK_ROWS as u64).collect::<Vec<_>>(),
        "seed {seed}: ids not dense"
    );
    // The indexes are whole too: a re-import finds every row unchanged.
    let summary = env
        .cmd()
        .args(["import", "--source", "bulk", csv.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&summary.stderr)
            .contains(&format!("created 0, updated 0, unchanged {BULK_ROWS}")),
        "{}",
        String::from_utf8_lossy(&summary.stderr)
    );
    assert!(env.cmd().arg("doctor").output().unwrap().status.success());
    eprintln!("bulk crash: tickets after each kill {landed:?} of {BULK_ROWS} (seed {seed}); a full run took {full:?}");
}
