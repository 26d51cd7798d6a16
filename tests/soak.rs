//! Concurrency soak: N processes at a time mixing commands on one database
//! for a bounded time. Afterwards no ticket is lost or duplicated (every
//! successful create is there once, under the id it printed, ids dense),
//! `triage doctor` is clean, and no command failed except with exit 75
//! when it ran with `--wait 0`.
//!
//! Knobs: `SOAK_PROCS` (default 8) and `SOAK_SECS` (default 10); the full
//! run is `SOAK_PROCS=32 SOAK_SECS=60 cargo test --test soak -- --nocapture`
//! (results in docs/reliability.md). Add commands to [`MIX`].

mod common;
use std::collections::BTreeMap;
use std::process::Output;
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use common::{stderr, Env};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const RULES: &str = "\
timezone: UTC
agents:
  - {id: a1, skills: [general], capacity: 100000}
  - {id: a2, skills: [general], capacity: 100000}
  - {id: a3, skills: [general], capacity: 100000}
routing: {strategy: round_robin}
dedup: {action: off}
";

/// One process's view while choosing its next command.
struct Worker {
    proc: usize,
    step: usize,
    rng: StdRng,
    /// Ids this process created, for `show` and friends.
    mine: Vec<u64>,
}

/// A command of the mix: how often it is picked and its arguments (or
/// `None` to skip it this time, e.g. `show` before any ticket exists).
struct Op {
    name: &'static str,
    weight: u32,
    args: fn(&mut Worker) -> Option<Vec<String>>,
}

fn strings(args: &[&str]) -> Option<Vec<String>> {
    Some(args.iter().map(|s| s.to_string()).collect())
}

fn some_ticket(w: &mut Worker) -> Option<String> {
    if w.mine.is_empty() {
        return None;
    }
    let i = w.rng.random_range(0..w.mine.len());
    Some(w.mine[i].to_string())
}

/// The commands the soak runs.
const MIX: &[Op] = &[
    Op {
        name: "create",
        weight: 5,
        args: |w| {
            let ext = format!("p{}-{}", w.proc, w.step);
            Some(vec![
                "create".into(),
                "--source".into(),
                "soak".into(),
                "--external-id".into(),
                ext.clone(),
                "--title".into(),
                format!("soak {ext}"),
            ])
        },
    },
    Op {
        name: "assign",
        weight: 2,
        args: |_| strings(&["assign", "--quiet"]),
    },
    Op {
        name: "list",
        weight: 2,
        args: |_| strings(&["list", "--status", "active", "--format", "ids"]),
    },
    Op {
        name: "show",
        weight: 2,
        args: |w| some_ticket(w).map(|id| vec!["show".into(), id]),
    },
    Op {
        name: "note",
        weight: 1,
        args: |w| some_ticket(w).map(|id| vec!["note".into(), id, "soak".into()]),
    },
    Op {
        name: "export",
        weight: 1,
        args: |_| strings(&["export", "--as", "jsonl"]),
    },
    Op {
        name: "report",
        weight: 1,
        args: |_| strings(&["report", "all"]),
    },
    Op {
        name: "escalate",
        weight: 1,
        args: |_| strings(&["escalate"]),
    },
];

/// What happened to one command.
struct Run {
    op: &'static str,
    nowait: bool,
    millis: u64,
    code: Option<i32>,
    /// The external id and printed id of a successful create.
    created: Option<(String, u64)>,
    error: Option<String>,
}

fn pick(w: &mut Worker) -> (&'static Op, Vec<String>) {
    let total: u32 = MIX.iter().map(|o| o.weight).sum();
    loop {
        let mut roll = w.rng.random_range(0..total);
        for op in MIX {
            if roll < op.weight {
                if let Some(args) = (op.args)(w) {
                    return (op, args);
                }
                break;
            }
            roll -= op.weight;
        }
    }
}

fn worker(env: &Env, proc: usize, seed: u64, until: Instant, barrier: &Barrier) -> Vec<Run> {
    let mut w = Worker {
        proc,
        step: 0,
        rng: StdRng::seed_from_u64(seed ^ (proc as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)),
        mine: Vec::new(),
    };
    let mut runs = Vec::new();
    barrier.wait();
    while Instant::now() < until {
        w.step += 1;
        let (op, args) = pick(&mut w);
        // One command in five may not wait for the lock: it must either
        // succeed or exit 75, nothing else.
        let nowait = w.rng.random_ratio(1, 5);
        let wait = if nowait { "0" } else { "120s" };
        let started = Instant::now();
        let out: Output = env
            .cmd()
            .args(["--wait", wait])
            .args(&args)
            .output()
            .unwrap();
        let millis = started.elapsed().as_millis() as u64;
        let code = out.status.code();
        let mut run = Run {
            op: op.name,
            nowait,
            millis,
            code,
            created: None,
            error: None,
        };
        let allowed = code == Some(0) || (nowait && code == Some(75));
        if !allowed {
            run.error = Some(format!(
                "process {proc} `triage {}` exited {code:?}: {}",
                args.join(" "),
                stderr(&out)
            ));
        } else if code == Some(0) && op.name == "create" {
            let id: u64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
            w.mine.push(id);
            run.created = Some((args[4].clone(), id));
        }
        runs.push(run);
    }
    runs
}

fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted[rank.min(sorted.len()) - 1]
}

#[test]
fn many_processes_mixing_commands_lose_nothing() {
    let procs: usize = std::env::var("SOAK_PROCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    let secs: u64 = std::env::var("SOAK_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let seed: u64 = std::env::var("SOAK_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    let mut env = Env::new();
    let rules = env.dir.path().join("rules.yaml");
    std::fs::write(&rules, RULES).unwrap();
    env.rules = Some(rules);
    // The database exists before the clock starts.
    env.ok(&["agents"]);
    let env = Arc::new(env);

    let barrier = Arc::new(Barrier::new(procs));
    let results = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let until = started + Duration::from_secs(secs);
    let handles: Vec<_> = (0..procs)
        .map(|p| {
            let (env, barrier, results) = (env.clone(), barrier.clone(), results.clone());
            std::thread::spawn(move || {
                let runs = worker(&env, p, seed, until, &barrier);
                results.lock().unwrap().extend(runs);
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let elapsed = started.elapsed();
    let runs = std::mem::take(&mut *results.lock().unwrap());

    // Per command: runs, ok, busy (75 under --wait 0), failed, latency.
    let mut report = String::new();
    report.push_str(&format!(
        "soak: {procs} processes for {:.1}s (seed {seed}), {} commands\n",
        elapsed.as_secs_f64(),
        runs.len()
    ));
    report.push_str("command   runs    ok  busy  failed  p50 ms  p99 ms  max ms\n");
    let mut by_op: BTreeMap<&str, Vec<&Run>> = BTreeMap::new();
    for r in &runs {
        by_op.entry(r.op).or_default().push(r);
    }
    for (op, rs) in &by_op {
        let mut ms: Vec<u64> = rs
            .iter()
            .filter(|r| r.code == Some(0))
            .map(|r| r.millis)
            .collect();
        ms.sort_unstable();
        report.push_str(&format!(
            "{op:<8} {:>5} {:>5} {:>5} {:>7} {:>7} {:>7} {:>7}\n",
            rs.len(),
            rs.iter().filter(|r| r.code == Some(0)).count(),
            rs.iter().filter(|r| r.nowait && r.code == Some(75)).count(),
            rs.iter().filter(|r| r.error.is_some()).count(),
            percentile(&ms, 50.0),
            percentile(&ms, 99.0),
            ms.last().copied().unwrap_or(0),
        ));
    }
    let errors: Vec<&String> = runs.iter().filter_map(|r| r.error.as_ref()).collect();
    let created: BTreeMap<String, u64> = runs.iter().filter_map(|r| r.created.clone()).collect();
    report.push_str(&format!(
        "created {} tickets; {} failures\n",
        created.len(),
        errors.len()
    ));
    eprint!("{report}");
    assert!(errors.is_empty(), "failures:\n{errors:#?}");

    // Every successful create is stored once, under the id it printed.
    let export = env.ok(&["export", "--as", "jsonl"]);
    let mut stored: BTreeMap<String, u64> = BTreeMap::new();
    for line in export.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if v["type"] == "ticket" {
            let ext = v["external_id"].as_str().unwrap().to_string();
            assert!(
                stored
                    .insert(ext.clone(), v["id"].as_u64().unwrap())
                    .is_none(),
                "{ext} stored twice"
            );
        }
    }
    assert_eq!(
        stored, created,
        "stored tickets differ from the creates that succeeded"
    );
    let mut ids: Vec<u64> = created.values().copied().collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        (1..=created.len() as u64).collect::<Vec<_>>(),
        "ids not dense"
    );
    let doctor = env.cmd().arg("doctor").output().unwrap();
    assert!(
        doctor.status.success(),
        "{}",
        String::from_utf8_lossy(&doctor.stdout)
    );
    assert!(!created.is_empty(), "no create got through in {secs}s");
}
