//! Issue 17: triage attacked as a careful user or a malicious neighbour
//! would. One test per finding, each reproducing the attack: links and
//! devices planted where output files go, escape sequences in every field,
//! formula-shaped cells, every exit code of the README table, rule files
//! built to be expensive, and the small ones.

mod common;

use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use common::{stderr, Env, SmallDisk};

fn run(env: &Env, args: &[&str]) -> Output {
    env.cmd().args(args).output().unwrap()
}

fn code(out: &Output) -> Option<i32> {
    out.status.code()
}

/// A database holding two tickets with customer data.
fn with_tickets() -> Env {
    let env = Env::new();
    env.ok(&[
        "create",
        "--title",
        "refund please",
        "--email",
        "ann@example.com",
    ]);
    env.ok(&[
        "create",
        "--title",
        "login fails",
        "--email",
        "bob@example.com",
    ]);
    env
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// The pid of a process that has exited (and been reaped).
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

// ---------------------------------------------------------------- 1. output files

#[test]
fn links_planted_at_the_old_temporary_names_receive_nothing() {
    if common::sled_only("holds sled's lock file to make the writers wait") {
        return;
    }
    let env = with_tickets();
    let out_dir = env.dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let victim = env.dir.path().join("victim");
    std::fs::write(&victim, "precious").unwrap();
    // Hold the database, so the export and the backup wait before they
    // create anything: time to plant a link at the name each would have used.
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(env.db().join("triage.lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut children = Vec::new();
    for (args, name) in [
        (&["export", "--out"][..], "tickets.csv"),
        (&["backup", "create", "--out"][..], "backup.jsonl"),
    ] {
        let target = out_dir.join(name);
        let child = env
            .std_cmd()
            .args(args)
            .arg(&target)
            .args(["--wait", "30s"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let planted = out_dir.join(format!(".{name}.tmp-{}", child.id()));
        std::os::unix::fs::symlink(&victim, planted).unwrap();
        children.push((child, target));
    }
    std::thread::sleep(Duration::from_millis(300));
    lock.unlock().unwrap();
    for (child, target) in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let written = std::fs::read_to_string(&target).unwrap();
        assert!(written.contains("ann@example.com"), "{written}");
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
}

#[test]
fn output_paths_that_are_not_regular_files_are_refused() {
    let env = with_tickets();
    let dir = env.dir.path();
    let victim = dir.join("victim");
    std::fs::write(&victim, "precious").unwrap();
    let link = dir.join("link.csv");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let fifo = dir.join("fifo.csv");
    let fifo_c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo_c.as_ptr(), 0o600) }, 0);
    let subdir = dir.join("a-directory.csv");
    std::fs::create_dir(&subdir).unwrap();

    let cases = [
        (&link, "is a symbolic link"),
        // Before: opened for writing, which blocks until someone reads.
        (&fifo, "is a FIFO"),
        (&subdir, "is a directory"),
    ];
    for (target, what) in cases {
        for command in [&["export", "--out"][..], &["backup", "create", "--out"][..]] {
            let started = Instant::now();
            let out = env
                .cmd()
                .args(command)
                .arg(target)
                .timeout(Duration::from_secs(20))
                .output()
                .unwrap();
            assert_eq!(
                code(&out),
                Some(2),
                "{command:?} {target:?}: {}",
                stderr(&out)
            );
            assert!(
                stderr(&out).contains(&format!("{}: {what}", target.display())),
                "{}",
                stderr(&out)
            );
            assert!(started.elapsed() < Duration::from_secs(10));
        }
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());

    let missing = dir.join("no-such-dir").join("tickets.csv");
    let out = run(&env, &["export", "--out", missing.to_str().unwrap()]);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));

    // Only what was there before: nothing written, no temporary file left.
    assert_eq!(
        names_in(dir)
            .into_iter()
            .filter(|n| n.contains(".tmp-"))
            .collect::<Vec<_>>(),
        Vec::<String>::new()
    );
}

#[test]
fn a_device_node_at_the_output_path_is_left_alone() {
    let env = with_tickets();
    let device = env.dir.path().join("full");
    let path = std::ffi::CString::new(device.to_str().unwrap()).unwrap();
    // /dev/full's numbers; creating a device node needs root (CAP_MKNOD).
    let made = unsafe { libc::mknod(path.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 7)) };
    if made != 0 {
        eprintln!(
            "skipped: cannot create a device node here ({}); the FIFO case covers the same check",
            std::io::Error::last_os_error()
        );
        return;
    }
    for command in [&["export", "--out"][..], &["backup", "create", "--out"][..]] {
        let out = env.cmd().args(command).arg(&device).output().unwrap();
        assert_eq!(code(&out), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("is a character device; triage only replaces regular files"),
            "{}",
            stderr(&out)
        );
        let kind = std::fs::symlink_metadata(&device).unwrap().file_type();
        assert!(kind.is_char_device(), "the device node was replaced");
    }
}

#[test]
fn a_killed_exports_temporary_file_is_removed_by_the_next_run() {
    let env = with_tickets();
    let dir = env.dir.path().join("out");
    std::fs::create_dir(&dir).unwrap();
    let dead = dead_pid();
    // What `kill -9` during an export leaves: a private temporary file
    // (both the current name shape and the older `.NAME.tmp-PID`).
    let left = [
        format!(".tickets.csv.tmp-{dead}-00000000deadbeef"),
        format!(".tickets.csv.tmp-{dead}"),
    ];
    for name in &left {
        std::fs::write(dir.join(name), "half an export").unwrap();
    }
    // One of a process that is still running is not touched.
    let live = format!(".tickets.csv.tmp-{}-00000000cafef00d", std::process::id());
    std::fs::write(dir.join(&live), "being written").unwrap();
    // Nor is another target's.
    let other = format!(".other.csv.tmp-{dead}-0000000000000001");
    std::fs::write(dir.join(&other), "not ours").unwrap();

    let target = dir.join("tickets.csv");
    env.ok(&["export", "--out", target.to_str().unwrap()]);
    assert_eq!(
        names_in(&dir),
        vec![other.clone(), live.clone(), "tickets.csv".to_string()]
    );
}

#[test]
fn an_export_to_a_full_disk_names_the_file_and_leaves_nothing() {
    let env = with_tickets();
    let Some(disk) = SmallDisk::mount(&env.dir.path().join("small"), "256k") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root and mount permission)");
        return;
    };
    let filler = disk.fill();
    let target = disk.dir.join("tickets.csv");
    let out = run(&env, &["export", "--out", target.to_str().unwrap()]);
    assert_eq!(code(&out), Some(75), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("writing {}: the disk is full", target.display()))
            && stderr(&out).contains("free some space"),
        "{}",
        stderr(&out)
    );
    assert_eq!(names_in(&disk.dir), vec!["filler".to_string()]);
    std::fs::remove_file(filler).unwrap();
    env.ok(&["export", "--out", target.to_str().unwrap()]);
    assert_eq!(names_in(&disk.dir), vec!["tickets.csv".to_string()]);
}

#[test]

fn report_and_rejects_files_refuse_planted_links() {
    let env = with_tickets();
    let dir = env.dir.path();
    let victim = dir.join("victim");
    std::fs::write(&victim, "precious").unwrap();
    let reports = dir.join("reports");
    std::fs::create_dir(&reports).unwrap();
    std::os::unix::fs::symlink(&victim, reports.join("sla.csv")).unwrap();
    let out = run(&env, &["report", "--out-dir", reports.to_str().unwrap()]);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("sla.csv: is a symbolic link"),
        "{}",
        stderr(&out)
    );

    let link = dir.join("report.txt");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let out = run(&env, &["report", "--out", link.to_str().unwrap()]);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));

    let csv = dir.join("in.csv");
    std::fs::write(
        &csv,
        "id,title,created\nA1,fine,2026-01-01\nA2,bad,not a date\n",
    )
    .unwrap();
    let rejects = dir.join("rejects.csv");
    std::os::unix::fs::symlink(&victim, &rejects).unwrap();
    let out = run(
        &env,
        &[
            "import",
            csv.to_str().unwrap(),
            "--source",
            "old",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
}

// ---------------------------------------------------------------- 2. terminal injection

/// Clear screen, set the window title, write the clipboard (OSC 52), a C1
/// CSI, DEL and a right-to-left override.
const ATTACK: &str =
    "\u{1b}[2J\u{1b}]0;pwned\u{7}\u{1b}]52;c;ZWNobyBoaQ==\u{7}\u{9b}31m\u{7f}\u{202e}txt.exe";

/// Characters a terminal acts on, found raw in `text` (a line break is layout).
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c < ' ' && c != '\n')
                || ('\u{7f}'..='\u{9f}').contains(&c)
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
        })
        .collect()
}

#[test]
fn escape_sequences_in_any_field_reach_no_terminal() {
    let env = Env::new();
    let field = format!("order{ATTACK}=A1{ATTACK}");
    env.ok(&[
        "create",
        "--title",
        &format!("refund {ATTACK}"),
        "--body",
        &format!("first line\n{ATTACK}\nlast line"),
        "--customer",
        &format!("Ann {ATTACK}"),
        "--email",
        &format!("ann{ATTACK}@example.com"),
        "--phone",
        &format!("+86{ATTACK}"),
        "--tier",
        &format!("vip{ATTACK}"),
        "--category",
        &format!("billing{ATTACK}"),
        "--tag",
        &format!("tag{ATTACK}"),
        "--field",
        &field,
    ]);
    env.ok(&["note", "1", &format!("called back {ATTACK}")]);
    env.ok(&["respond", "1", "-m", &format!("sorry {ATTACK}")]);
    let csv = env.dir.path().join("legacy.csv");
    std::fs::write(
        &csv,
        format!("id,title,email,notes\nL1,{ATTACK} imported,l1@example.com,{ATTACK}\n"),
    )
    .unwrap();
    env.ok(&["import", csv.to_str().unwrap(), "--source", "legacy"]);

    for args in [
        &["list"][..],
        &["--format", "markdown", "list"][..],
        &["list", "--reverse"][..],
        &["show", "1"][..],
        &["--format", "markdown", "show", "1"][..],
        &["show", "2"][..],
        &["report", "--by", "category"][..],
    ] {
        let out = run(&env, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let text = String::from_utf8(out.stdout.clone()).unwrap();
        assert_eq!(raw_controls(&text), Vec::<char>::new(), "{args:?}:\n{text}");
        assert_eq!(raw_controls(&stderr(&out)), Vec::<char>::new(), "{args:?}");
        assert!(
            text.contains("\\u{1b}]52;c;ZWNobyBoaQ==\\u{7}"),
            "{args:?}: the escaped text is shown:\n{text}"
        );
    }
    let shown = env.ok(&["show", "1"]);
    assert!(shown.contains("Ticket 1: refund \\u{1b}[2J"), "{shown}");
    assert!(shown.contains("\n  first line\n  \\u{1b}[2J"), "{shown}");
    // An error quoting the value is escaped too.
    let out = run(&env, &["update", "1", "--team", ATTACK]);
    assert_eq!(
        raw_controls(&stderr(&out)),
        Vec::<char>::new(),
        "{}",
        stderr(&out)
    );

    // Machines get the data exactly.
    let json = env.json(&["show", "1"]);
    assert_eq!(json["ticket"]["title"], format!("refund {ATTACK}"));
    assert_eq!(
        json["ticket"]["customer"]["email"],
        format!("ann{ATTACK}@example.com")
    );
    let exported = env.ok(&["export"]);
    assert!(exported.contains(&format!("refund {ATTACK}")), "{exported}");
    assert!(
        exported.contains(&format!("{ATTACK} imported")),
        "{exported}"
    );
}

// ---------------------------------------------------------------- 3. formula cells

#[test]
fn only_plain_negative_numbers_escape_the_formula_guard() {
    let env = Env::new();
    let titles = ["--1", "-1e10", "-1E5", "-2+3", "-12.5", "-3", "-.5", "=1+1"];
    for title in titles {
        env.ok(&["create", &format!("--title={title}"), "--no-dedup"]);
    }
    let exported = env.ok(&["export"]);
    let mut reader = csv::Reader::from_reader(exported.as_bytes());
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "title")
        .unwrap();
    let cells: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[column].to_string())
        .collect();
    assert_eq!(
        cells,
        ["'--1", "'-1e10", "'-1E5", "'-2+3", "-12.5", "-3", "-.5", "'=1+1"]
    );
    let csv = env.ok(&["--format", "csv", "list"]);
    assert!(csv.contains(",'--1,") && csv.contains(",-12.5,"), "{csv}");
}

// ---------------------------------------------------------------- 4. exit codes

/// The rows of the README's exit code table.
fn readme_exit_codes() -> Vec<u8> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let table = readme.split("\n## Exit codes\n").nth(1).unwrap();
    table
        .lines()
        .skip_while(|l| !l.starts_with("| code"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            l.trim_start_matches('|')
                .split('|')
                .next()
                .unwrap()
                .trim()
                .parse()
                .unwrap()
        })
        .collect()
}

#[test]
fn every_exit_code_of_the_readme_table() {
    let env = with_tickets();
    let mut seen = std::collections::BTreeSet::new();
    let mut check = |expected: u8, out: Output, says: &str| {
        assert_eq!(code(&out), Some(i32::from(expected)), "{}", stderr(&out));
        assert!(
            stderr(&out).contains(says),
            "expected {says:?} in {}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
        seen.insert(expected);
    };

    // 0, also when the reader of stdout is gone before anything is written.
    for args in [&["completions", "bash"][..], &["list"][..], &["man"][..]] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = env
            .std_cmd()
            .args(args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        check(0, out, "");
    }

    // 1: bad data.
    let bad_utf8 = env
        .cmd()
        .args(["create", "--json-input"])
        .write_stdin(b"{\"title\": \"caf\xe9\"}".to_vec())
        .output()
        .unwrap();
    check(
        1,
        bad_utf8,
        "stdin (JSON ticket): not UTF-8 text (invalid byte at offset 14)",
    );
    let body = env
        .cmd()
        .args(["create", "--title", "t", "--body-file", "-"])
        .write_stdin(b"\xff\xfe".to_vec())
        .output()
        .unwrap();
    check(1, body, "stdin (ticket body): not UTF-8 text");
    check(1, run(&env, &["show", "99"]), "no ticket 99");
    check(
        1,
        run(&env, &["list", "--flow", "nope", "--step", "x"]),
        "declares no such flow",
    );
    let rules = env.dir.path().join("bad.yaml");
    std::fs::write(&rules, "routing:\n  strategy: fastest\n").unwrap();
    check(
        1,
        run(&env, &["--rules", rules.to_str().unwrap(), "list"]),
        "bad.yaml:2:",
    );

    // 2: usage, including a flag value triage cannot use.
    check(
        2,
        run(&env, &["create", "--title", "t", "--priority", "P7"]),
        "--priority",
    );
    check(2, run(&env, &["list", "--priority", "P7"]), "--priority");
    check(
        2,
        run(&env, &["update", "1", "--priority", "P7"]),
        "--priority",
    );
    check(2, run(&env, &["list", "--status", "sleeping"]), "--status");
    check(
        2,
        run(&env, &["list", "--since", "yesterday-ish"]),
        "--since",
    );
    check(
        2,
        run(&env, &["--wait", "500ms", "list"]),
        "unknown unit \"ms\"",
    );
    check(2, run(&env, &["list", "--no-such-flag"]), "--no-such-flag");
    check(2, run(&env, &["simulate", "--agents", "3"]), "--agents");
    let dir = env.dir.path().to_str().unwrap().to_string();
    check(2, run(&env, &["export", "--out", &dir]), "is a directory");

    // 75: the database stayed busy longer than --wait.
    if let Some(server) = &env.server {
        // On a server: another session holds the ticket.
        let mut holder = server.client();
        let mut tx = holder.transaction().unwrap();
        tx.execute("SELECT 1 FROM triage.tickets WHERE id = 1 FOR UPDATE", &[])
            .unwrap();
        check(
            75,
            run(&env, &["--wait", "0", "resolve", "1"]),
            "database busy",
        );
        tx.rollback().unwrap();
    } else {
        let lock = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(env.db().join("triage.lock"))
            .unwrap();
        lock.lock().unwrap();
        check(75, run(&env, &["--wait", "0", "list"]), "database busy");
        lock.unlock().unwrap();
    }

    // 70: a database that cannot be opened (here: --db names a file).
    let file = env.dir.path().join("not-a-db");
    std::fs::write(&file, "x").unwrap();
    check(
        70,
        run(&env, &["--db", file.to_str().unwrap(), "list"]),
        "this is a file, not a database directory",
    );

    let documented: std::collections::BTreeSet<u8> = readme_exit_codes().into_iter().collect();
    assert_eq!(seen, documented, "README table vs what the tests exercise");
    let help = env.ok(&["--help"]);
    for code in &documented {
        assert!(
            help.contains(&format!("\n  {code} ")),
            "--help lacks exit code {code}:\n{help}"
        );
    }
}

#[test]

fn create_on_a_database_whose_counter_is_behind_overwrites_nothing() {
    let env = Env::new();
    for title in ["one", "two", "three"] {
        env.ok(&["create", "--title", title, "--no-dedup"]);
    }
    std::thread::sleep(Duration::from_millis(200));
    if let Some(server) = &env.server {
        server
            .client()
            .batch_execute("UPDATE triage.info SET next_id = 1")
            .unwrap();
    } else {
        let db = triage::store::sled::internals::open_sled(&env.db()).unwrap();
        db.open_tree("meta")
            .unwrap()
            .insert("next_id", &1u64.to_be_bytes())
            .unwrap();
        db.flush().unwrap();
    }
    std::thread::sleep(Duration::from_millis(200));
    let out = run(&env, &["create", "--title", "new", "--no-dedup"]);
    assert_eq!(code(&out), Some(70), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("triage doctor --repair"),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.json(&["show", "1"])["ticket"]["title"], "one");
}

// ---------------------------------------------------------------- 5. rule-file cost

#[test]
fn nested_and_oversized_rule_files_are_refused_within_a_second() {
    let env = Env::new();
    let nested = env.dir.path().join("nested.yaml");
    std::fs::write(
        &nested,
        format!("agents: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
    )
    .unwrap();
    let huge = env.dir.path().join("huge.yaml");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(50 * 1024 * 1024)
        .unwrap();
    for (file, says) in [
        (
            &nested,
            ":1:72: rule file nested too deeply: more than 64 levels",
        ),
        (
            &huge,
            ": rule file too large: 50.0 MiB; the limit is 1.0 MiB",
        ),
    ] {
        let name = file.to_str().unwrap();
        for args in [
            &["rules", "check", name][..],
            &["--rules", name, "list"][..],
        ] {
            let started = Instant::now();
            let out = run(&env, args);
            let took = started.elapsed();
            assert_eq!(code(&out), Some(1), "{}", stderr(&out));
            assert!(
                stderr(&out).contains(&format!("{name}{says}")),
                "{}",
                stderr(&out)
            );
            assert!(took < Duration::from_secs(1), "{args:?} took {took:?}");
        }
    }
    let scenario = env.dir.path().join("scenario.yaml");
    std::fs::write(&scenario, format!("arrivals: {}", "{a: ".repeat(5000))).unwrap();
    let out = run(
        &env,
        &["simulate", "--scenario", scenario.to_str().unwrap()],
    );
    assert_eq!(code(&out), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("scenario nested too deeply"),
        "{}",
        stderr(&out)
    );
}

// ---------------------------------------------------------------- 6. small ones

#[test]
fn milliseconds_and_a_database_path_that_is_a_file_get_clear_messages() {
    let env = Env::new();
    let out = run(&env, &["--wait", "500ms", "list"]);
    assert_eq!(code(&out), Some(2));
    assert!(
        stderr(&out).contains(
            "--wait: bad duration \"500ms\": unknown unit \"ms\" (the units are s, m, h, d and w"
        ),
        "{}",
        stderr(&out)
    );
    let file = env.dir.path().join("db-file");
    std::fs::write(&file, "").unwrap();
    let out = run(
        &env,
        &["--db", file.to_str().unwrap(), "create", "--title", "x"],
    );
    assert_eq!(code(&out), Some(70));
    assert_eq!(
        stderr(&out),
        format!(
            "triage: database {}: this is a file, not a database directory (--db names a directory)\n",
            file.display()
        )
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"");
}
