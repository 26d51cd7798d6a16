//! A full disk: commands fail with a clear message and exit 75 (try again
//! later), nothing half-written; once space is freed every ticket is there
//! and doctor finds nothing wrong. Needs a small tmpfs, so it runs as root
//! where mounting is allowed and says why it is skipped elsewhere.

mod common;
use common::{stderr, Env, SmallDisk};

#[test]
fn a_full_disk_refuses_writes_and_bricks_nothing() {
    let mut env = Env::new();
    let Some(disk) = SmallDisk::mount(&env.dir.path().join("small"), "24m") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root and mount permission)");
        return;
    };
    let db = disk.dir.join("db");
    env.now = "2026-03-02T01:00:00Z".into();
    let with_db = |args: &[&str]| env.cmd().env("TRIAGE_DB", &db).args(args).output().unwrap();
    let csv = env.dir.path().join("t.csv");
    let mut text = String::from("id,title,email\n");
    for i in 0..3000 {
        text.push_str(&format!("T{i},ticket {i},u{i}@example.com\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let out = with_db(&["import", csv.to_str().unwrap(), "--source", "t"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ids = |out: std::process::Output| String::from_utf8(out.stdout).unwrap().lines().count();
    assert_eq!(ids(with_db(&["list", "--format", "ids"])), 3000);

    let filler = disk.fill();
    // sled keeps a little room ahead in its log, so the first writes may
    // still fit; then a write is refused, saying so.
    let mut created = 0;
    let refused = loop {
        let out = with_db(&["create", "--title", "no room", "--no-dedup"]);
        if !out.status.success() {
            break out;
        }
        created += 1;
        assert!(created < 2000, "the disk never filled up");
    };
    assert_eq!(refused.status.code(), Some(75), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("the disk is full")
            && stderr(&refused).contains("free some space"),
        "{}",
        stderr(&refused)
    );
    // A read may or may not need to write (sled rewrites its snapshot on
    // open), but it never damages anything.
    for args in [
        &["list", "--format", "ids"][..],
        &["report"][..],
        &["show", "1"][..],
        &["import", csv.to_str().unwrap(), "--source", "t2"][..],
    ] {
        let out = with_db(args);
        assert!(
            matches!(out.status.code(), Some(0) | Some(75)),
            "{args:?}: {:?} {}",
            out.status.code(),
            stderr(&out)
        );
        if !out.status.success() {
            assert!(
                stderr(&out).contains("the disk is full"),
                "{args:?}: {}",
                stderr(&out)
            );
        }
    }

    std::fs::remove_file(filler).unwrap();
    assert_eq!(ids(with_db(&["list", "--format", "ids"])), 3000 + created);
    let doctor = with_db(&["doctor"]);
    assert!(
        doctor.status.success(),
        "{}",
        String::from_utf8_lossy(&doctor.stdout)
    );
    // Writes work again, and the import that was refused can simply run.
    let out = with_db(&["create", "--title", "room again", "--no-dedup"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("{}\n", 3001 + created)
    );
    let out = with_db(&["import", csv.to_str().unwrap(), "--source", "t2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(ids(with_db(&["list", "--format", "ids"])), 6001 + created);
    assert!(with_db(&["doctor"]).status.success());
}
