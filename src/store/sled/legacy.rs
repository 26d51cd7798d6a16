//! Databases of schema 1 and 2, and their upgrade to schema 3.
//!
//! Those layouts kept sled's files in the database directory itself, with
//! one entry per ticket (`tickets`: id → record), per audit event
//! (`events`: id ++ sequence → record) and per index key; schema 1 wrote
//! JSON records, schema 2 the binary ones [`super::codec`] still reads.
//!
//! The upgrade runs when such a directory is opened: it copies everything
//! into a new schema-3 database in `data.upgrading/` through the restore
//! path (so the result is checked like a restored backup), renames that to
//! `data/`, and moves the old files into `schema-N/`, where they stay as a
//! backup until the user deletes them. A kill at any point is safe: an
//! unfinished `data.upgrading/` is started again, and old files left beside
//! a finished `data/` are moved on the next open.

use std::path::{Path, PathBuf};

use super::codec;
use super::{io_error, SledStore};
use crate::model::{Event, Ticket};
use crate::store::{AgentState, RawRecord, RestoreBatch, Result, StoreError};

/// Records per restore batch while upgrading.
const BATCH: usize = 2_000;
/// Trees of the old layout that hold records the upgrade converts.
const OLD_TREES: [&str; 9] = [
    "meta",
    "tickets",
    "events",
    "ix_external",
    "ix_customer",
    "ix_active",
    "ix_assignee",
    "trash",
    "agents",
];
const OLD_META: [&str; 3] = ["schema", "next_id", "restoring"];

/// Whether `dir` holds sled's files of a schema-1 or -2 database.
pub fn present(dir: &Path) -> bool {
    dir.join("conf").is_file() || dir.join("db").is_file()
}

fn legacy_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name == "conf" || name == "db" || name == "blobs" || name.starts_with("snap.") {
            out.push(entry.path());
        }
    }
    Ok(out)
}

fn engine(dir: &Path, e: sled::Error) -> StoreError {
    super::engine_error(dir, e)
}

/// Upgrades the old database in `dir` into `data` (see the module docs).
pub fn upgrade(dir: &Path, data: &Path) -> Result<()> {
    let version = if data.join("conf").is_file() {
        // `data/` is only ever made by a finished upgrade's rename.
        None
    } else {
        Some(convert(dir, data)?)
    };
    let keep = dir.join(format!("schema-{}", version.unwrap_or(2)));
    let keep = if version.is_none() {
        // Finishing an earlier upgrade: reuse the folder it began.
        std::fs::read_dir(dir)
            .ok()
            .and_then(|entries| {
                entries.flatten().map(|e| e.path()).find(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("schema-"))
                })
            })
            .unwrap_or(keep)
    } else {
        keep
    };
    std::fs::create_dir_all(&keep).map_err(|e| io_error(dir, "keeping the old files", e))?;
    for path in legacy_files(dir).map_err(|e| io_error(dir, "listing the old files", e))? {
        let to = keep.join(path.file_name().expect("a file name"));
        std::fs::rename(&path, &to).map_err(|e| io_error(dir, "moving the old files", e))?;
    }
    sync_dir(dir)?;
    Ok(())
}

fn sync_dir(dir: &Path) -> Result<()> {
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| io_error(dir, "syncing the directory", e))
}

/// Copies the old database into a new one at `data`; returns the old
/// schema version.
fn convert(dir: &Path, data: &Path) -> Result<u32> {
    let tmp = dir.join("data.upgrading");
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)
            .map_err(|e| io_error(dir, "removing an unfinished upgrade", e))?;
    }
    let old = sled::Config::new()
        .path(dir)
        .cache_capacity(64 * 1024 * 1024)
        .open()
        .map_err(|e| engine(dir, e))?;
    let tree = |name: &str| old.open_tree(name).map_err(|e| engine(dir, e));
    let meta = tree("meta")?;
    let version = match meta.get("schema").map_err(|e| engine(dir, e))? {
        Some(b) if b.len() == 4 => u32::from_be_bytes(b.as_ref().try_into().expect("4 bytes")),
        _ => 1,
    };
    if meta.contains_key("restoring").map_err(|e| engine(dir, e))? {
        return Err(StoreError::Corrupt {
            location: dir.display().to_string(),
            message: "a backup restore into this database was interrupted, so it is incomplete: \
                      delete the directory and run `triage backup restore FILE` again"
                .into(),
        });
    }
    let next_id = meta
        .get("next_id")
        .map_err(|e| engine(dir, e))?
        .and_then(|b| b.as_ref().try_into().ok().map(u64::from_be_bytes))
        .unwrap_or(1);
    let tickets = tree("tickets")?;
    let events = tree("events")?;
    let trash = tree("trash")?;
    let total = (tickets.len() + trash.len()) as u64;
    eprintln!(
        "triage: upgrading the database in {} from schema {version} to 3 ({total} tickets); \
         the old files are kept in {}/schema-{version}/ until you delete them",
        dir.display(),
        dir.display()
    );
    let bar = crate::progress::counter(total, "tickets", false);

    let new = SledStore::open_data(dir, &tmp, None)?;
    new.start_restore()?;
    let corrupt = |message: String| StoreError::Corrupt {
        location: dir.display().to_string(),
        message: format!("cannot upgrade: {message}"),
    };
    let events_of = |id: u64| -> Result<Vec<Event>> {
        let mut out = Vec::new();
        for item in events.scan_prefix(id.to_be_bytes()) {
            let (key, value) = item.map_err(|e| engine(dir, e))?;
            let seq = key
                .get(8..12)
                .and_then(|b| b.try_into().ok())
                .map(u32::from_be_bytes)
                .unwrap_or(0);
            let event = codec::decode_event(id, seq, &value)
                .map_err(|e| corrupt(format!("event {id}/{seq}: {e}")))?;
            out.push(event);
        }
        // A damaged log (a gap) is renumbered densely in its order.
        for (i, e) in out.iter_mut().enumerate() {
            e.seq = i as u32 + 1;
        }
        Ok(out)
    };
    let write = |batch: &mut RestoreBatch| -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let outcome = new.write_restore_batch(batch)?;
        *batch = RestoreBatch::default();
        outcome.map_err(corrupt)
    };
    let mut batch = RestoreBatch::default();
    for (source, trashed) in [(&tickets, false), (&trash, true)] {
        for item in source.iter() {
            let (_, value) = item.map_err(|e| engine(dir, e))?;
            let mut ticket: Ticket =
                codec::decode_ticket(&value).map_err(|e| corrupt(format!("a ticket: {e}")))?;
            let log = events_of(ticket.id)?;
            ticket.history_len = log.len() as u32;
            if trashed {
                batch.trashed.push(ticket);
            } else {
                batch.tickets.push(ticket);
            }
            batch.events.extend(log);
            if let Some(bar) = &bar {
                bar.inc(1);
            }
            if batch.len() >= BATCH {
                write(&mut batch)?;
            }
        }
    }
    for item in tree("agents")?.iter() {
        let (key, value) = item.map_err(|e| engine(dir, e))?;
        let state: AgentState =
            serde_json::from_slice(&value).map_err(|e| corrupt(format!("agent state: {e}")))?;
        batch
            .agents
            .push((String::from_utf8_lossy(&key).into_owned(), state));
    }
    for item in meta.iter() {
        let (k, v) = item.map_err(|e| engine(dir, e))?;
        if !OLD_META.iter().any(|m| m.as_bytes() == k.as_ref()) {
            batch.raw.push(RawRecord {
                tree: "meta".into(),
                key: k.to_vec(),
                value: v.to_vec(),
            });
        }
    }
    for name in old.tree_names() {
        let name_text = String::from_utf8_lossy(&name).into_owned();
        if OLD_TREES.contains(&name_text.as_str()) {
            continue;
        }
        let t = if name.as_ref() == b"__sled__default" {
            (*old).clone()
        } else {
            tree(&name_text)?
        };
        for item in t.iter() {
            let (k, v) = item.map_err(|e| engine(dir, e))?;
            batch.raw.push(RawRecord {
                tree: name_text.clone(),
                key: k.to_vec(),
                value: v.to_vec(),
            });
        }
    }
    write(&mut batch)?;
    new.set_counter(next_id)?;
    new.complete_restore_pass()?;
    new.end_restore()?;
    drop(new);
    drop(old);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    std::fs::rename(&tmp, data)
        .map_err(|e| io_error(dir, "putting the upgraded database in place", e))?;
    sync_dir(dir)?;
    Ok(version)
}
