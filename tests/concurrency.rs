//! Many processes on one database: nothing lost, no duplicate id, one
//! ticket for one source + external id, no agent over capacity, and a
//! held lock (sled's file lock, or a row lock on a server) makes others
//! wait, then give up with exit 75.

mod common;
use common::{stderr, Env};

#[test]
fn sixteen_processes_creating_at_once_lose_nothing() {
    let env = Env::with_rules("rules/team.yaml");
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(16));
    let handles: Vec<_> = (0..16)
        .map(|p| {
            let barrier = barrier.clone();
            let db = env.db();
            let rules = common::fixture("rules/team.yaml");
            std::thread::spawn(move || {
                barrier.wait();
                let mut ids = Vec::new();
                for i in 0..25 {
                    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("triage"))
                        .env_clear()
                        .env("TRIAGE_DB", &db)
                        .env("TRIAGE_RULES", &rules)
                        .args([
                            "create",
                            "--title",
                            &format!("p{p} t{i}"),
                            "--no-dedup",
                            "--wait",
                            "60s",
                        ])
                        .output()
                        .unwrap();
                    assert!(
                        out.status.success(),
                        "create failed: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    ids.push(
                        String::from_utf8(out.stdout)
                            .unwrap()
                            .trim()
                            .parse::<u64>()
                            .unwrap(),
                    );
                }
                ids
            })
        })
        .collect();
    let mut ids: Vec<u64> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, (1..=400).collect::<Vec<u64>>());
    let listed = env.ok(&["list", "--format", "ids"]);
    assert_eq!(listed.lines().count(), 400);
    let titles = env.json(&["list"]);
    let mut seen: Vec<&str> = titles
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), 400);
}

#[test]
fn a_held_database_makes_others_exit_75_after_wait() {
    if common::sled_only("holds sled's lock file") {
        return;
    }
    use std::io::Write;
    let env = Env::new();
    env.ok(&["create", "--title", "x"]);
    let mut lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(env.db().join("triage.lock"))
        .unwrap();
    lock.lock().unwrap();
    lock.set_len(0).unwrap();
    write!(lock, "4242").unwrap();
    let started = std::time::Instant::now();
    let out = env.fails(&["create", "--title", "y", "--wait", "1s"]);
    let waited = started.elapsed();
    assert_eq!(out.status.code(), Some(75));
    assert!(
        stderr(&out).contains("database busy (held by pid 4242)"),
        "{}",
        stderr(&out)
    );
    assert!(
        waited >= std::time::Duration::from_millis(900),
        "gave up after {waited:?}"
    );
    let out = env.fails(&["list", "--wait", "0"]);
    assert_eq!(out.status.code(), Some(75));
    lock.unlock().unwrap();
    assert_eq!(env.ok(&["create", "--title", "z", "--no-dedup"]), "2\n");
}

#[test]
fn a_waiting_process_proceeds_once_the_lock_is_released() {
    if common::sled_only("holds sled's lock file") {
        return;
    }
    let env = Env::new();
    env.ok(&["create", "--title", "x"]);
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(env.db().join("triage.lock"))
        .unwrap();
    lock.lock().unwrap();
    let child = env
        .std_cmd()
        .args(["create", "--title", "y", "--no-dedup", "--wait", "20s"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    lock.unlock().unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "2\n");
}

/// Runs `triage ARGS` in `n` processes released at the same moment.
fn at_once(env: &Env, n: usize, args: impl Fn(usize) -> Vec<String>) -> Vec<std::process::Output> {
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(n));
    let handles: Vec<_> = (0..n)
        .map(|i| {
            let barrier = barrier.clone();
            let mut cmd = env.std_cmd();
            cmd.args(args(i));
            std::thread::spawn(move || {
                barrier.wait();
                cmd.output().unwrap()
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

#[test]
fn the_same_alert_sent_from_many_hosts_at_once_is_one_ticket() {
    let env = Env::new();
    let outs = at_once(&env, 12, |i| {
        [
            "create",
            "--title",
            &format!("disk full (host {i})"),
            "--source",
            "nagios",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain([
            "--external-id".into(),
            "disk-7".into(),
            "--wait".into(),
            "60s".into(),
        ])
        .collect()
    });
    for out in &outs {
        assert!(out.status.success(), "{}", stderr(out));
        assert_eq!(String::from_utf8_lossy(&out.stdout), "1\n");
    }
    assert_eq!(env.ok(&["list", "--format", "ids"]), "1\n");
    let shown = env.json(&["show", "1"]);
    assert_eq!(shown["ticket"]["repeats"], 11);
    let repeats = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "repeated")
        .count();
    assert_eq!(repeats, 11);
    assert_eq!(env.ok(&["create", "--title", "next", "--no-dedup"]), "2\n");
}

#[test]
fn two_assign_runs_at_once_keep_every_agent_within_capacity() {
    let env = Env::with_rules("rules/team.yaml");
    // 24 tickets for ann, ben and cai, whose capacities add up to 8.
    for i in 0..24 {
        let title = if i % 2 == 0 {
            "refund please"
        } else {
            "login broken"
        };
        env.ok(&["create", "--title", title, "--no-dedup"]);
    }
    let outs = at_once(&env, 2, |_| {
        vec![
            "assign".into(),
            "--quiet".into(),
            "--wait".into(),
            "60s".into(),
        ]
    });
    for out in &outs {
        assert!(out.status.success(), "{}", stderr(out));
    }
    let capacity = [("ann", 3), ("ben", 3), ("cai", 2)];
    let mut assigned = 0;
    for (agent, cap) in capacity {
        let held = env.ok(&["list", "--assignee", agent, "--format", "ids"]);
        let n = held.lines().count();
        assert!(n <= cap, "{agent} holds {n} tickets, capacity {cap}");
        assigned += n;
    }
    assert!(assigned > 0, "nothing was assigned");
    // Each ticket was given out at most once, by one of the two runs.
    for id in 1..=24 {
        let shown = env.json(&["show", &id.to_string()]);
        let given = shown["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "assigned")
            .count();
        assert!(given <= 1, "ticket {id} assigned {given} times");
    }
}
