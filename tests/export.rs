//! `triage export` (CSV safe for Excel, JSON Lines) and `triage backup
//! create|restore`: a restored backup is the same database.

mod common;
use std::path::{Path, PathBuf};

use common::{copy_database, stderr, Env};

/// Runs `triage ARGS` on another database of the same environment.
fn on_db(env: &Env, db: &Path, args: &[&str]) -> std::process::Output {
    env.cmd().env("TRIAGE_DB", db).args(args).output().unwrap()
}

fn ok_on(env: &Env, db: &Path, args: &[&str]) -> String {
    let out = on_db(env, db, args);
    assert!(
        out.status.success(),
        "triage {args:?} on {} failed ({:?}):\n{}",
        db.display(),
        out.status.code(),
        stderr(&out)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A copy of [`build_busy_database`]'s database (built once per run) in a
/// fresh environment.
fn busy_database() -> Env {
    static TEMPLATE: std::sync::OnceLock<Env> = std::sync::OnceLock::new();
    let template = TEMPLATE.get_or_init(build_busy_database);
    let env = Env::with_rules("rules/team.yaml");
    copy_database(template, &env);
    env
}

/// A database that has seen every kind of change: re-sends, dedup merges,
/// assignment, responses, pauses, resolution, reopening, notes, CSAT, tags
/// and fields, a merge, the trash, agent status changes, Chinese text.
fn build_busy_database() -> Env {
    let env = Env::with_rules("rules/team.yaml");
    let t = |now: &str, args: &[&str]| env.ok_at(now, args);
    t(
        "2026-03-02T01:00:00Z",
        &[
            "create",
            "--title",
            "Charged twice",
            "--body",
            "订单号：A1234 please refund",
            "--email",
            "ann@example.com",
            "--tier",
            "vip",
            "--channel",
            "email",
            "--source",
            "mail",
            "--external-id",
            "m-1",
        ],
    );
    t(
        "2026-03-02T01:05:00Z",
        &[
            "create",
            "--title",
            "=2+3 系统宕机",
            "--phone",
            "+86 138 0013 8000",
        ],
    );
    // Same customer within the dedup window: merged into ticket 1.
    t(
        "2026-03-02T01:06:00Z",
        &["create", "--title", "again", "--email", "ann@example.com"],
    );
    // A re-send: counted on ticket 1.
    t(
        "2026-03-02T01:07:00Z",
        &[
            "create",
            "--title",
            "Charged twice (resent)",
            "--source",
            "mail",
            "--external-id",
            "m-1",
        ],
    );
    t(
        "2026-03-02T01:08:00Z",
        &[
            "create",
            "--title",
            "misc",
            "--no-dedup",
            "--field",
            "sku=@X1",
        ],
    );
    t(
        "2026-03-02T01:09:00Z",
        &["create", "--title", "to be deleted", "--no-dedup"],
    );
    t(
        "2026-03-02T01:10:00Z",
        &["create", "--title", "merge me", "--no-dedup"],
    );
    t("2026-03-02T01:20:00Z", &["assign"]);
    t("2026-03-02T01:30:00Z", &["respond", "1", "-m", "on it"]);
    t(
        "2026-03-02T01:40:00Z",
        &["pending", "1", "-m", "asked for receipt"],
    );
    t("2026-03-02T03:00:00Z", &["respond", "2"]);
    t("2026-03-02T04:00:00Z", &["resolve", "2"]);
    t("2026-03-02T04:10:00Z", &["csat", "2", "4"]);
    t("2026-03-02T05:00:00Z", &["reopen", "2", "-m", "still down"]);
    t(
        "2026-03-02T05:10:00Z",
        &["update", "3", "--add-tag", "billing", "--set", "ref=-cmd"],
    );
    t("2026-03-02T05:20:00Z", &["note", "3", "called back"]);
    t("2026-03-02T05:30:00Z", &["merge", "5", "3"]);
    t("2026-03-02T05:40:00Z", &["delete", "4"]);
    t(
        "2026-03-02T05:50:00Z",
        &["agents", "set-status", "ben", "vacation"],
    );
    env
}

#[test]
fn a_restored_backup_is_the_same_database() {
    let env = busy_database();
    let backup = env.dir.path().join("backup.jsonl");
    env.ok(&["backup", "create", "--out", backup.to_str().unwrap()]);
    let copy = env.other_db("copy");
    let out = on_db(
        &env,
        &copy,
        &["backup", "restore", backup.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("restored 5 tickets (1 in the trash)"),
        "{}",
        stderr(&out)
    );

    // Byte for byte the same backup from the copy.
    let again = ok_on(&env, &copy, &["backup", "create"]);
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), again);
    // And the same as commands see it.
    for id in 1..=5 {
        let show = ["--format", "json", "show", &id.to_string()];
        assert_eq!(env.ok(&show), ok_on(&env, &copy, &show), "ticket {id}");
    }
    let list = ["--format", "json", "list"];
    assert_eq!(env.ok(&list), ok_on(&env, &copy, &list));
    let roster = ["--format", "json", "agents"];
    assert_eq!(env.ok(&roster), ok_on(&env, &copy, &roster));
    assert!(ok_on(&env, &copy, &["doctor"]).contains("ok: no problems found"));
    // The counter came along, and the indexes work: a re-send updates.
    let next = ["create", "--title", "after", "--no-dedup"];
    assert_eq!(env.ok(&next), ok_on(&env, &copy, &next));
    let resend = [
        "create",
        "--title",
        "x",
        "--source",
        "mail",
        "--external-id",
        "m-1",
    ];
    assert_eq!(ok_on(&env, &copy, &resend), "1\n");
    // The trash restores from the restored trash.
    ok_on(&env, &copy, &["restore", "4"]);

    // `import` of the same file is the same restore.
    let via_import = env.other_db("via-import");
    let out = on_db(&env, &via_import, &["import", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        ok_on(&env, &via_import, &["backup", "create"]),
        std::fs::read_to_string(&backup).unwrap()
    );
}

#[test]
fn backups_of_the_json_schema_restore_and_newer_ones_are_refused() {
    let env = busy_database();
    let full = env.ok(&["backup", "create"]);
    let (header, rest) = full.split_once('\n').unwrap();
    assert!(header.contains("\"schema\":3"), "{header}");
    let with_schema = |n: u32| {
        let file = env.dir.path().join(format!("schema{n}.jsonl"));
        let header = header.replace("\"schema\":3", &format!("\"schema\":{n}"));
        std::fs::write(&file, format!("{header}\n{rest}")).unwrap();
        file
    };
    // Schemas 1 and 2 stored records differently, but their backups carry
    // the same lines.
    for n in [1, 2] {
        let old = env.other_db(&format!("from-schema-{n}"));
        let file = with_schema(n);
        let out = on_db(&env, &old, &["backup", "restore", file.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(ok_on(&env, &old, &["backup", "create"]), full);
    }

    let newer = env.other_db("from-schema-4");
    let file = with_schema(4);
    let out = on_db(&env, &newer, &["backup", "restore", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "schema4.jsonl line 1: exported from a database of schema 4, \
             this build restores schemas 1 to 3"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(ok_on(&env, &newer, &["list", "--format", "ids"]), "");
}

#[test]
fn restore_needs_an_empty_database() {
    let env = busy_database();
    let backup = env.dir.path().join("b.jsonl");
    env.ok(&["backup", "create", "-o", backup.to_str().unwrap()]);
    let before = env.ok(&["backup", "create"]);
    let out = env.fails(&["backup", "restore", backup.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is not empty (4 tickets, 1 in the trash)")
            && stderr(&out).contains("new directory"),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.ok(&["backup", "create"]), before, "database changed");
}

#[test]
fn a_cut_short_or_broken_backup_restores_nothing() {
    let env = busy_database();
    let full = env.ok(&["backup", "create"]);
    let lines: Vec<&str> = full.lines().collect();
    let copy = env.other_db("copy");
    let write = |name: &str, text: String| -> PathBuf {
        let p = env.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };

    let cut = write("cut.jsonl", lines[..lines.len() - 3].join("\n"));
    let out = on_db(&env, &copy, &["backup", "restore", cut.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("without its end record: the export was cut short"),
        "{}",
        stderr(&out)
    );

    let mut bad = lines.clone();
    bad[3] = "{\"type\":\"ticket\",\"id\":\"three\"}";
    let bad = write("bad.jsonl", bad.join("\n"));
    let out = on_db(&env, &copy, &["backup", "restore", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("bad.jsonl line 4: bad ticket record"),
        "{}",
        stderr(&out)
    );

    // Nothing stayed behind: the copy is empty and a good restore works.
    assert_eq!(ok_on(&env, &copy, &["list", "--format", "ids"]), "");
    assert!(ok_on(&env, &copy, &["doctor"]).contains("ok: no problems found"));
    let good = write("good.jsonl", full.clone());
    ok_on(&env, &copy, &["backup", "restore", good.to_str().unwrap()]);
    assert_eq!(ok_on(&env, &copy, &["backup", "create"]), full);
}

#[test]
fn a_history_gap_in_a_backup_is_refused_with_the_ticket() {
    let env = busy_database();
    let full = env.ok(&["backup", "create"]);
    let mut events = 0;
    let kept: Vec<&str> = full
        .lines()
        .filter(|l| {
            let drop = l.starts_with("{\"type\":\"event\",\"ticket\":2,\"seq\":2,");
            if l.starts_with("{\"type\":\"event\"") && !drop {
                events += 1;
            }
            !drop
        })
        .collect();
    let text = kept
        .iter()
        .map(|l| {
            if l.starts_with("{\"type\":\"end\"") {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                let mut v = v.as_object().unwrap().clone();
                v.insert("events".into(), events.into());
                serde_json::to_string(&v).unwrap()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let file = env.dir.path().join("gap.jsonl");
    std::fs::write(&file, text).unwrap();
    let copy = env.other_db("copy");
    let out = on_db(&env, &copy, &["backup", "restore", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("gap.jsonl lines 2-")
            && stderr(&out).contains("ticket 2's events skip from 1 to 3"),
        "{}",
        stderr(&out)
    );
    assert_eq!(ok_on(&env, &copy, &["list", "--format", "ids"]), "");
}

#[test]
fn an_export_without_events_is_not_a_backup() {
    let env = busy_database();
    let file = env.dir.path().join("t.jsonl");
    env.ok(&["export", "--out", file.to_str().unwrap()]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("{\"type\":\"header\",\"format\":\"triage-export\",\"version\":1,"));
    assert!(!text.contains("\"type\":\"event\""));
    let copy = env.other_db("copy");
    let out = on_db(&env, &copy, &["backup", "restore", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("without --events"),
        "{}",
        stderr(&out)
    );
    let out = on_db(&env, &copy, &["backup", "restore", "/no/such/file.jsonl"]);
    assert_eq!(out.status.code(), Some(1));
    let not = env.dir.path().join("not.jsonl");
    std::fs::write(&not, "id,title\n1,x\n").unwrap();
    let out = on_db(&env, &copy, &["backup", "restore", not.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("line 1: not a triage JSON Lines export"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn csv_escapes_formula_cells_and_gives_each_field_a_column() {
    let env = busy_database();
    let csv = env.ok(&["export", "--as", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    assert!(headers.iter().any(|h| h == "field.sku"));
    assert!(headers.iter().any(|h| h == "field.order_no"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 4, "live tickets only");
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let row = |id: &str| rows.iter().find(|r| &r[0] == id).unwrap();
    assert_eq!(&row("2")[col("title")], "'=2+3 系统宕机");
    assert_eq!(&row("2")[col("customer_phone")], "'+86 138 0013 8000");
    assert_eq!(&row("3")[col("field.sku")], "'@X1");
    assert_eq!(&row("3")[col("field.ref")], "'-cmd");
    assert_eq!(&row("1")[col("field.order_no")], "A1234");
    assert_eq!(&row("1")[col("status")], "pending");
    assert_eq!(&row("1")[col("repeats")], "1");
    assert!(row("1")[col("merged_from")].starts_with("api"));
    assert_eq!(&row("1")[col("created_at")], "2026-03-02T09:00:00+08:00");
    assert_eq!(&row("2")[col("csat")], "4");
    assert_eq!(&row("5")[col("merged_into")], "3");
    // No cell anywhere starts a formula.
    for r in &rows {
        for cell in r.iter() {
            let risky = cell.starts_with(['=', '+', '@'])
                || (cell.starts_with('-') && cell.parse::<f64>().is_err());
            assert!(!risky, "unescaped {cell:?}");
        }
    }
    assert!(!csv.starts_with('\u{feff}'));
    assert!(env
        .ok(&["export", "--as", "csv", "--bom"])
        .starts_with('\u{feff}'));
}

#[test]
fn csv_events_go_to_a_second_file() {
    let env = busy_database();
    let out = env.fails(&["export", "--as", "csv", "--events"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--out"), "{}", stderr(&out));

    let file = env.dir.path().join("tickets.csv");
    let out = env
        .cmd()
        .args(["export", "--events", "--out", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("exported 4 tickets with ")
            && stderr(&out).contains("tickets.events.csv"),
        "{}",
        stderr(&out)
    );
    let events = std::fs::read_to_string(env.dir.path().join("tickets.events.csv")).unwrap();
    assert!(events.starts_with("ticket,seq,at,actor,kind,from,to,note\n"));
    assert!(events.contains("1,1,2026-03-02T09:00:00+08:00,tester,created,,new,"));
    assert!(
        !events.lines().any(|l| l.starts_with("4,")),
        "trashed ticket's events"
    );
    assert!(events.contains("3,") && events.contains("called back"));
}

#[test]
fn format_flags_and_out_files() {
    use std::os::unix::fs::PermissionsExt;
    let env = busy_database();
    let jsonl = env.ok(&["--format", "json", "export"]);
    assert!(jsonl.starts_with("{\"type\":\"header\""));
    assert!(env
        .ok(&["--format", "csv", "export"])
        .starts_with("id,source,"));
    let out = env.fails(&["--format", "table", "export"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--as csv|jsonl"), "{}", stderr(&out));

    let file = env.dir.path().join("all.jsonl");
    env.ok(&["export", "--events", "-o", file.to_str().unwrap()]);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "exports hold personal data");
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("\"type\":\"event\""));
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // A path that cannot be written is a bad flag value (exit 2), not an internal error.
    let out = env.fails(&["export", "-o", "/no/such/dir/x.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/no/such/dir/x.csv: the directory /no/such/dir does not exist"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn backup_create_takes_the_file_as_an_argument_or_with_out() {
    let env = busy_database();
    let streamed = env.ok(&["backup", "create"]);
    let named = env.dir.path().join("named.jsonl");
    let out = env
        .cmd()
        .args(["backup", "create", named.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("backed up 4 tickets (and 1 in the trash) with "),
        "{}",
        stderr(&out)
    );
    let flagged = env.dir.path().join("flagged.jsonl");
    env.ok(&["backup", "create", "-o", flagged.to_str().unwrap()]);
    let named = std::fs::read_to_string(&named).unwrap();
    assert_eq!(named, std::fs::read_to_string(&flagged).unwrap());
    assert_eq!(named, streamed);
    assert_eq!(named, env.ok(&["export", "--as", "jsonl", "--events"]));
    let both = env.fails(&["backup", "create", "a.jsonl", "-o", "b.jsonl"]);
    assert_eq!(both.status.code(), Some(2));
}
