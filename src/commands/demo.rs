//! `triage demo`: the main job end to end on a temporary database with the
//! embedded rules and a fixed clock, printing each command as it runs.

use std::io::Write;

use clap::Parser;

use super::Ctx;
use crate::cli::{Cli, DemoArgs};
use crate::error::{Error, Result};
use crate::outfile::OutFile;
use crate::rules::Rules;
use crate::timefmt;

/// The demo's steps: the local time (Asia/Shanghai, the embedded rules'
/// zone) and the command line. Each later feature adds its step here.
const STEPS: &[(&str, &str)] = &[
    ("2026-03-02 09:05", "create --title 'Charged twice for order' --body 'Order number: A-1001, please refund' --email ann@example.com --channel email"),
    ("2026-03-02 09:10", "create --title '系统宕机，无法登录' --body '订单号：CN-7788 客户无法登录后台' --customer 王芳 --phone 138-0013-8000 --tier vip --channel phone"),
    ("2026-03-02 09:12", "create --title 'Login still failing' --phone '+86 13800138000' --channel chat"),
    ("2026-03-02 09:15", "create --title 'Forgot my password' --email li@example.com --channel web"),
    ("2026-03-02 09:20", "create --title 'Disk 91% on db-1' --source nagios --external-id db-1/disk --channel cron"),
    ("2026-03-02 09:25", "create --title 'Disk 93% on db-1' --source nagios --external-id db-1/disk --channel cron"),
    ("2026-03-02 09:30", "list"),
    ("2026-03-02 09:35", "assign"),
    ("2026-03-02 09:36", "assign 3 --explain --dry-run"),
    ("2026-03-02 09:38", "agents"),
    ("2026-03-02 09:41", "respond 2 --message 'We are on it: failover in progress'"),
    ("2026-03-02 11:30", "resolve 2 --note 'Failover done'"),
    ("2026-03-02 11:31", "csat 2 5"),
    ("2026-03-02 11:35", "show 2"),
    ("2026-03-02 11:40", "flow start 1 return"),
    ("2026-03-02 11:40", "import '$DEMO/backlog.csv' --source legacy --assign"),
    ("2026-03-02 13:00", "flow advance 1 --note 'Return approved'"),
    ("2026-03-02 13:00", "escalate --dry-run"),
    ("2026-03-02 13:00", "escalate"),
    ("2026-03-02 13:01", "escalate"),
    ("2026-03-02 13:05", "escalate 4 --reason 'Customer called twice'"),
    ("2026-03-02 15:30", "flow advance 1 --set refund_amount=59.90"),
    ("2026-03-02 15:31", "flow show 1"),
    ("2026-03-02 18:00", "report"),
    ("2026-03-05 12:00", "escalate"),
    ("2026-03-05 12:10", "simulate --strategies round_robin,least_loaded,skill,score --replications 3"),
];

/// The legacy backlog the import step reads, written into the demo's
/// directory first (the binary may run anywhere).
const SAMPLE_BACKLOG: &str = include_str!("../../fixtures/import/demo_backlog.csv");

fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut any = false;
    for ch in line.chars() {
        match ch {
            '\'' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    words.push(std::mem::take(&mut current));
                    any = false;
                }
            }
            _ => {
                current.push(ch);
                any = true;
            }
        }
    }
    if any {
        words.push(current);
    }
    words
}

pub fn run(ctx: &mut Ctx, args: &DemoArgs) -> Result<()> {
    let temp;
    let dir = match &args.keep {
        Some(dir) => dir.clone(),
        None => {
            temp = tempdir()?;
            temp.path.clone()
        }
    };
    let rules = Rules::embedded();
    let zone = rules.zone;
    let out = std::mem::replace(&mut ctx.out, Box::new(std::io::sink()));
    let mut demo = Ctx::with(rules, dir.join("db"), chrono::Utc::now(), out);
    demo.quiet = ctx.quiet;
    writeln!(
        demo.out,
        "triage demo: embedded rules (zone {zone}), database {}\n",
        dir.join("db").display()
    )?;
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    let mut backlog = OutFile::create(&dir.join("backlog.csv"))?;
    backlog
        .write_all(SAMPLE_BACKLOG.as_bytes())
        .map_err(|e| backlog.write_error(e))?;
    backlog.commit()?;
    for (time, line) in STEPS {
        let line = &line.replace("$DEMO", &dir.display().to_string());
        let now = timefmt::parse_time(time, zone).map_err(Error::Data)?;
        demo.set_now(now);
        writeln!(demo.out, "$ TRIAGE_NOW='{time}' triage {line}")?;
        demo.out.flush()?;
        let mut argv = vec!["triage".to_string()];
        argv.extend(split_words(line));
        let cli = Cli::try_parse_from(&argv)
            .map_err(|e| Error::Data(format!("demo step {line:?}: {e}")))?;
        super::run(cli.command, &mut demo)?;
        writeln!(demo.out)?;
    }
    writeln!(
        demo.out,
        "Done. Try `triage --help`, or run these commands on your own database."
    )?;
    ctx.out = std::mem::replace(&mut demo.out, Box::new(std::io::sink()));
    Ok(())
}

/// A private temporary directory removed on drop.
struct TempDir {
    path: std::path::PathBuf,
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

fn tempdir() -> Result<TempDir> {
    use std::os::unix::fs::DirBuilderExt;
    let base = std::env::temp_dir();
    for attempt in 0..100u32 {
        let path = base.join(format!("triage-demo-{}-{attempt}", std::process::id()));
        match std::fs::DirBuilder::new().mode(0o700).create(&path) {
            Ok(()) => return Ok(TempDir { path }),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io(format!("creating {}", path.display()), e)),
        }
    }
    Err(Error::data(
        "could not create a temporary directory for the demo",
    ))
}
