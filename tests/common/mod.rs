//! Shared test environment: every test runs the real binary with a cleared
//! environment, its own HOME/XDG directories and database, a fixed clock
//! and no colour.
//!
//! The engine is one switch: with `TRIAGE_TEST_POSTGRES` set to the URL of
//! a PostgreSQL server (a role that may create databases, e.g.
//! `postgres:///postgres?host=/tmp/pg&user=postgres`), every environment
//! gets a fresh database of its own on that server, dropped when the test
//! ends, and `TRIAGE_DB` is its URL; unset, it is a sled directory. Tests
//! that look at sled's files skip themselves there ([`sled_only`]).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Output};

use assert_cmd::Command;
use tempfile::TempDir;

pub struct Env {
    pub dir: TempDir,
    pub rules: Option<PathBuf>,
    pub now: String,
    /// The test's own database on the PostgreSQL server, if the suite runs there.
    pub server: Option<ServerDb>,
    /// More databases of this test on the server ([`Env::other_db`]).
    others: std::sync::Mutex<Vec<ServerDb>>,
}

/// The URL of the PostgreSQL server the suite runs against, if any.
pub fn postgres_server() -> Option<String> {
    std::env::var("TRIAGE_TEST_POSTGRES")
        .ok()
        .filter(|v| !v.is_empty())
}

/// Whether the suite runs on PostgreSQL.
pub fn on_postgres() -> bool {
    postgres_server().is_some()
}

/// For tests about sled's own files (locks, damage, upgrades): `true`,
/// after saying so, when the suite runs on PostgreSQL; the caller returns.
pub fn sled_only(why: &str) -> bool {
    if on_postgres() {
        eprintln!("skipped on PostgreSQL: {why}");
        return true;
    }
    false
}

/// `url` with its database name replaced by `name`.
pub fn with_database(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a URL with a scheme");
    let (before_query, query) = match rest.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (rest, None),
    };
    let authority = before_query.split('/').next().unwrap_or("");
    let mut out = format!("{scheme}://{authority}/{name}");
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// A database created for one test on the server, dropped with it.
pub struct ServerDb {
    pub url: String,
    name: String,
    admin: String,
}

impl ServerDb {
    pub fn create(admin: &str) -> ServerDb {
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let name = format!("triage_test_{}_{n}_{nanos}", std::process::id());
        let mut client = postgres::Client::connect(admin, postgres::NoTls)
            .unwrap_or_else(|e| panic!("TRIAGE_TEST_POSTGRES={admin}: cannot connect: {e}"));
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        ServerDb {
            url: with_database(admin, &name),
            name,
            admin: admin.to_string(),
        }
    }

    /// A connection to this test's database, to look behind triage's back.
    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).unwrap()
    }
}

impl Drop for ServerDb {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = client.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

impl Env {
    /// A fresh environment using the embedded default rules.
    pub fn new() -> Env {
        Env {
            dir: TempDir::new().unwrap(),
            rules: None,
            now: "2026-03-02T01:00:00Z".to_string(),
            server: postgres_server().map(|admin| ServerDb::create(&admin)),
            others: Default::default(),
        }
    }

    /// A fresh environment using a rule file from `fixtures/`.
    pub fn with_rules(rel: &str) -> Env {
        let mut env = Env::new();
        env.rules = Some(fixture(rel));
        env
    }

    /// The database: a sled directory, or the URL of this test's database.
    pub fn db(&self) -> PathBuf {
        match &self.server {
            Some(server) => PathBuf::from(&server.url),
            None => self.dir.path().join("db"),
        }
    }

    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// A second, empty database of the same engine (`name` in the test's
    /// directory, or a new database on the server).
    pub fn other_db(&self, name: &str) -> PathBuf {
        match postgres_server() {
            Some(admin) => {
                let db = ServerDb::create(&admin);
                let url = PathBuf::from(&db.url);
                self.others.lock().unwrap().push(db);
                url
            }
            None => self.dir.path().join(name),
        }
    }

    /// The same command as a plain `std::process::Command`, for spawning.
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("triage"));
        cmd.env_clear()
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("TRIAGE_DB", self.db())
            .env("TRIAGE_NOW", &self.now)
            .env("USER", "tester")
            .env("NO_COLOR", "1")
            .env("PATH", std::env::var_os("PATH").unwrap_or_default());
        if let Some(rules) = &self.rules {
            cmd.env("TRIAGE_RULES", rules);
        }
        cmd
    }

    /// Runs `triage ARGS`, asserts success and returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "triage {args:?} failed ({:?}):\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs `triage ARGS` at a given clock.
    pub fn ok_at(&self, now: &str, args: &[&str]) -> String {
        let out = self
            .cmd()
            .env("TRIAGE_NOW", now)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "triage {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs `triage ARGS` expecting failure; returns the output.
    pub fn fails(&self, args: &[&str]) -> Output {
        let out = self.cmd().args(args).output().unwrap();
        assert!(
            !out.status.success(),
            "triage {args:?} unexpectedly succeeded:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        out
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut full = vec!["--format", "json"];
        full.extend_from_slice(args);
        serde_json::from_str(&self.ok(&full)).unwrap()
    }
}

/// Makes `to`'s database a copy of `from`'s: a sled directory copied file
/// by file, or a server database created from the other as its template.
pub fn copy_database(from: &Env, to: &Env) {
    match (&from.server, &to.server) {
        (Some(from), Some(to)) => {
            let mut client = postgres::Client::connect(&to.admin, postgres::NoTls).unwrap();
            client
                .batch_execute(&format!("DROP DATABASE {} WITH (FORCE)", to.name))
                .unwrap();
            client
                .batch_execute(&format!(
                    "CREATE DATABASE {} TEMPLATE {}",
                    to.name, from.name
                ))
                .unwrap();
        }
        _ => copy_dir(&from.db(), &to.db()),
    }
}

/// Copies a directory tree (a database) file by file.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Display width in a terminal: East Asian wide characters take two columns.
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let u = c as u32;
            let wide = (0x1100..=0x115F).contains(&u)
                || (0x2E80..=0xA4CF).contains(&u)
                || (0xAC00..=0xD7A3).contains(&u)
                || (0xF900..=0xFAFF).contains(&u)
                || (0xFE30..=0xFE4F).contains(&u)
                || (0xFF00..=0xFF60).contains(&u)
                || (0xFFE0..=0xFFE6).contains(&u);
            if wide {
                2
            } else {
                1
            }
        })
        .sum()
}

/// A small tmpfs mounted for a test, unmounted when dropped. Mounting needs
/// root and mount permission: `mount` returns `None` where it is not
/// allowed, and the test says it is skipped.
pub struct SmallDisk {
    pub dir: PathBuf,
}

impl SmallDisk {
    /// Mounts a tmpfs of `size` (`24m`, `256k`) at `at`.
    pub fn mount(at: &Path, size: &str) -> Option<SmallDisk> {
        std::fs::create_dir_all(at).ok()?;
        let ok = StdCommand::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .output()
            .ok()?
            .status
            .success();
        ok.then(|| SmallDisk {
            dir: at.to_path_buf(),
        })
    }

    /// Fills what is left of the disk with one file.
    pub fn fill(&self) -> PathBuf {
        use std::io::Write;
        let path = self.dir.join("filler");
        let mut f = std::fs::File::create(&path).unwrap();
        let block = vec![0u8; 1 << 16];
        while f.write_all(&block).is_ok() {}
        // Whatever is left is smaller than a block: take it too.
        for size in [4096, 512, 1] {
            while f.write_all(&block[..size]).is_ok() {}
        }
        path
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = StdCommand::new("umount").arg(&self.dir).status();
    }
}

/// `sh -c script` with the environment's database, rules and clock, in its
/// own process group, so one signal reaches every process it starts.
pub fn spawn_group(env: &Env, script: &str) -> std::process::Child {
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c").arg(script);
    let base = env.std_cmd();
    cmd.env_clear();
    for (k, v) in base.get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
    cmd.process_group(0)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// SIGKILL to a group made by [`spawn_group`].
pub fn kill_group(child: &std::process::Child) {
    // SAFETY: kill(2) on a process group we created; no memory is involved.
    unsafe {
        libc::kill(-(child.id() as libc::pid_t), libc::SIGKILL);
    }
}

/// Waits until no process of the group is left (its writers are the
/// shell's children, so waiting for the shell is not enough).
pub fn wait_group_gone(pgid: u32) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    // SAFETY: kill with signal 0 only checks whether the group exists.
    while unsafe { libc::kill(-(pgid as libc::pid_t), 0) } == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "killed processes did not go away"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// The database's tickets as external id → (id, title), read from a JSON
/// Lines export (`list` does not show external ids).
pub fn tickets_by_external_id(env: &Env) -> std::collections::BTreeMap<String, (u64, String)> {
    let export = env.ok(&["export", "--as", "jsonl"]);
    let mut out = std::collections::BTreeMap::new();
    for line in export.lines() {
        let t: serde_json::Value = serde_json::from_str(line).unwrap();
        if t["type"] != "ticket" {
            continue;
        }
        let ext = t["external_id"].as_str().unwrap_or_default().to_string();
        let entry = (
            t["id"].as_u64().unwrap(),
            t["title"].as_str().unwrap().to_string(),
        );
        assert!(
            out.insert(ext.clone(), entry).is_none(),
            "external id {ext} twice"
        );
    }
    out
}
