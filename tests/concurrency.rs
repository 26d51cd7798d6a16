//! Many processes on one database: nothing lost, no duplicate id, and a
//! held lock makes others wait, then give up with exit 75.

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
