//! `triage backup create|restore`: full backups as JSON Lines.
//!
//! `create` writes what `triage export --as jsonl --events` writes (both
//! through [`crate::backup::write_jsonl_to`]); `restore` reads such a
//! file into an empty database ([`crate::backup::restore_jsonl`]) and gives
//! back the same ids, fields, audit history, trash and agent states. A
//! database that holds anything is refused (exit 1): merging a backup into
//! live data could not keep its ids. An interrupted restore is started over.
//!
//! `triage import FILE.jsonl` restores through the same
//! [`crate::backup::restore_file`].

use std::path::PathBuf;

use super::Ctx;
use crate::backup;
use crate::error::Result;

#[derive(Debug, clap::Subcommand)]
pub enum BackupCommand {
    /// Write a full backup: JSON Lines with every ticket, the trash, agent states and all audit events
    Create(BackupCreateArgs),
    /// Restore a backup (or `export --as jsonl --events`) into an empty database
    Restore(BackupRestoreArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct BackupCreateArgs {
    /// Write to this file (created private, replaced atomically) instead of stdout
    #[arg(value_name = "FILE", conflicts_with = "out")]
    pub file: Option<PathBuf>,
    /// The same as FILE
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct BackupRestoreArgs {
    /// The backup file (JSON Lines), or `-` for stdin
    pub file: PathBuf,
}

pub fn run(ctx: &mut Ctx, command: &BackupCommand) -> Result<()> {
    match command {
        BackupCommand::Create(args) => create(ctx, args),
        BackupCommand::Restore(args) => restore(ctx, args),
    }
}

/// Writes every ticket, the trash, agent states and every event as JSON
/// Lines: what [`restore`] reads back.
fn create(ctx: &mut Ctx, args: &BackupCreateArgs) -> Result<()> {
    // A broken rule file must not stop a backup: the header's clock falls
    // back to the system's.
    let now = ctx.now().unwrap_or_else(|_| chrono::Utc::now());
    let path = args.file.as_deref().or(args.out.as_deref());
    let store = ctx.open_store()?;
    // On a server others write meanwhile: the backup is one moment of it.
    store.snapshot()?;
    let opts = backup::JsonlOptions {
        events: true,
        exported_at: now,
    };
    let counts = backup::write_jsonl_to(&*store, path, &mut ctx.out, &opts)?;
    drop(store);
    if let Some(path) = path {
        let mut what = format!("{} tickets", counts.tickets);
        if counts.trashed > 0 {
            what.push_str(&format!(" (and {} in the trash)", counts.trashed));
        }
        ctx.say(format!(
            "backed up {what} with {} events to {}",
            counts.events,
            path.display()
        ));
    }
    Ok(())
}

/// Restores a JSON Lines backup into an empty database.
fn restore(ctx: &mut Ctx, args: &BackupRestoreArgs) -> Result<()> {
    let store = ctx.open_store_for_repair()?;
    let summary = backup::restore_file(&*store, &args.file, ctx.quiet)?;
    drop(store);
    ctx.say(summary.describe(&args.file.display().to_string()));
    Ok(())
}
