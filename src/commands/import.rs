//! `triage import FILE`: a legacy backlog (CSV/TSV, XLSX/XLS/ODS) into
//! stored tickets.
//!
//! Order of work: open the file (encoding, delimiter, sheet, header
//! mapping: `src/import/`) → count its rows (progress bar length, date
//! orders) → with `--strict`, check every row first → open the database →
//! a reader thread reads batches of drafts (and, on an empty database,
//! builds the new tickets) while this thread applies them to stored tickets
//! and writes each batch in one store transaction → with `--assign`, route
//! the source's open unassigned tickets → summary.
//!
//! Semantics (`docs/import.md` is the user's version):
//!
//! - A ticket is identified by `--source` (default: the mapping file's
//!   `source:`, else the file stem) and the row's external id; a row
//!   without one gets `row-<fingerprint of its cells>`. Re-importing finds
//!   the ticket and updates it, so a re-import of the same file changes
//!   nothing, and a killed import re-run completes exactly (each batch is
//!   written whole or not at all).
//! - Rows with the same id are one ticket: the first creates it (an
//!   `imported` event), later rows update it and each change becomes a
//!   history event at the row's time (event-log exports). A row older than
//!   the ticket's last update is history the ticket already has: it changes
//!   nothing. An empty cell never clears a value.
//! - Import never merges rows with different ids (customer dedup is for
//!   live intake). Rules run on new tickets (extract, classify, SLA policy
//!   and due times from the original creation time, knowledge links).
//! - Legacy rows carry no pause history: an imported ticket's SLA is judged
//!   without pauses, except pauses an event log shows (a move to pending
//!   and back).

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use chrono::{DateTime, Utc};
use indicatif::ProgressBar;
use serde::Serialize;

use super::Ctx;
use crate::dispatch::{route_tickets, RouteOptions};
use crate::error::{Error, Result};
use crate::escalation::{self, Passed};
use crate::import::{
    self, ImportError, ImportOptions, Importer, RawRow, RejectsWriter, RowError, RowResult,
    TicketDraft,
};
use crate::intake::{self, into_ticket, Request};
use crate::model::{EventKind, NewEvent, Pause, Status, Ticket, TicketId};
use crate::outfile::OutFile;
use crate::rules::{ClockEffect, Rules, TargetKind};
use crate::sla;
use crate::store::{Change, Store};

/// Rows per batch (one store transaction each) unless `--batch` says otherwise.
pub const DEFAULT_BATCH: usize = 2_000;
/// Rejected rows and warnings echoed on stderr; the rest are counted.
const SHOWN: usize = 10;
/// Tickets a dry run remembers to tell an update from a creation when an
/// id comes back later in the file.
const DRY_RUN_MEMORY: usize = 20_000;
/// Tickets routed per `--assign` pass.
const ASSIGN_CHUNK: usize = 5_000;

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Rows are upserted by --source + external id: re-importing a file changes nothing, and a killed \
import can simply be run again. Rows sharing an id are one ticket; later rows update it and become \
history events. Bad rows are skipped (exit status 1 after the import) and written to --rejects; \
with --strict nothing is written unless every row is good. The exports of ServiceNow, Zendesk, \
Freshdesk, Jira Service Management, Zammad, Znuny/OTRS and osTicket are recognised from their header \
row (--from NAME chooses; --from NAME --show-mapping prints the layout). Escalation thresholds an \
imported ticket had already passed are recorded, not notified. See docs/import.md.")]
pub struct ImportArgs {
    /// CSV/TSV/TXT, or a workbook (XLSX, XLSM, XLSB, XLS, ODS)
    #[arg(required_unless_present_all = ["from", "show_mapping"])]
    pub file: Option<PathBuf>,
    /// Read the file as this system's export: servicenow, servicenow-eventlog, zendesk, freshdesk, jira, zammad, otrs (znuny), osticket [default: detected from the header row]
    #[arg(long = "from", value_name = "NAME")]
    pub from: Option<String>,
    /// Name the tickets are filed under with their external ids [default: the mapping file's source, else the file stem]
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// Workbook sheet by name or 1-based index [default: the first that looks like tickets]
    #[arg(long, value_name = "NAME|INDEX")]
    pub sheet: Option<String>,
    /// CSV delimiter: one character, or tab, comma, semicolon, pipe [default: sniffed]
    #[arg(long, value_name = "C", value_parser = import::parse_delimiter)]
    pub delimiter: Option<u8>,
    /// Text encoding (utf-8, gbk, gb18030, utf-16le, big5, ...) [default: detected]
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// Map a column to a field, e.g. 'Sev=priority' or 'Region=-' (repeatable; beats --mapping)
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    pub maps: Vec<String>,
    /// Translate one value, e.g. 'status:Escalated=open' or 'status:Escalated=open +escalated' (repeatable; beats --mapping and the layout)
    #[arg(long = "value", value_name = "FIELD:VALUE=NEW")]
    pub values: Vec<String>,
    /// Mapping file: columns, value maps, date format, time zone, null markers, defaults, source
    #[arg(long, value_name = "FILE.yaml")]
    pub mapping: Option<PathBuf>,
    /// Date format for every date column: strftime ('%d/%m/%Y %H:%M') or dmy / mdy
    #[arg(long, value_name = "FMT")]
    pub date_format: Option<String>,
    /// Print the column → field table and stop
    #[arg(long)]
    pub show_mapping: bool,
    /// Write rejected rows here: the original cells plus a reason column
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// Write every warning here (CSV: place, warning); stderr shows the first 10
    #[arg(long, value_name = "FILE")]
    pub warnings: Option<PathBuf>,
    /// Import nothing unless every row is good
    #[arg(long)]
    pub strict: bool,
    /// Reject rows whose times contradict each other (resolved before created, ...) instead of warning
    #[arg(long)]
    pub strict_times: bool,
    /// Do everything but write to the database
    #[arg(long)]
    pub dry_run: bool,
    /// Route the imported open, unassigned tickets to agents
    #[arg(long)]
    pub assign: bool,
    /// Rows per database transaction
    #[arg(long, value_name = "N", default_value_t = DEFAULT_BATCH, value_parser = parse_batch)]
    pub batch: usize,
}

fn parse_batch(text: &str) -> std::result::Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=100_000).contains(&n) => Ok(n),
        _ => Err(format!("{text:?}: expected a number from 1 to 100000")),
    }
}

/// What an import did, row by row: `read` = `created` + `updated` +
/// `unchanged` + `rejected`.
#[derive(Debug, Default, Serialize)]
struct Summary {
    file: String,
    source: String,
    dry_run: bool,
    read: u64,
    created: u64,
    updated: u64,
    unchanged: u64,
    rejected: u64,
    warnings: u64,
    /// Imported open tickets already past escalation thresholds, and the
    /// rungs recorded as passed on them (not fired).
    passed_tickets: u64,
    passed_rungs: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    layout: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    assigned: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rejects_file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    warnings_file: Option<String>,
    elapsed_secs: f64,
    rows_per_sec: f64,
}

impl Summary {
    fn line(&self) -> String {
        let mut text = format!(
            "read {}, created {}, updated {}, unchanged {}, rejected {}, warnings {}",
            self.read, self.created, self.updated, self.unchanged, self.rejected, self.warnings
        );
        if let Some(n) = self.assigned {
            text.push_str(&format!(", assigned {n}"));
        }
        text.push_str(&format!(
            " in {:.2} s ({:.0} rows/s)",
            self.elapsed_secs, self.rows_per_sec
        ));
        text
    }
}

/// Diagnostics on stderr that do not tear the progress bar.
struct Diag {
    quiet: bool,
    bar: Option<ProgressBar>,
}

impl Diag {
    fn say(&self, message: &str) {
        if self.quiet {
            return;
        }
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{}", crate::terminal::block(message))),
            None => eprintln!("{}", crate::terminal::block(message)),
        }
    }
}

/// The rejects file (if asked for) and the count of what was rejected.
struct Rejects {
    writer: Option<RejectsWriter<OutFile>>,
    path: Option<PathBuf>,
    shown: u64,
}

impl Rejects {
    fn create(path: Option<&Path>, headers: &[String]) -> Result<Rejects> {
        let writer =
            match path {
                Some(p) => {
                    let file = OutFile::create(p)?;
                    Some(RejectsWriter::new(file, headers).map_err(|e| {
                        Error::io(format!("writing rejects file {}", p.display()), e)
                    })?)
                }
                None => None,
            };
        Ok(Rejects {
            writer,
            path: path.map(Path::to_path_buf),
            shown: 0,
        })
    }

    fn io_error(&self, e: std::io::Error) -> Error {
        let name = self
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        Error::io(format!("writing rejects file {name}"), e)
    }

    /// A row the importer refused.
    fn row(&mut self, diag: &Diag, error: &RowError) -> Result<()> {
        if let Some(w) = &mut self.writer {
            w.write(error).map_err(|e| self.io_error(e))?;
        }
        self.show(diag, &format!("rejected {error}"));
        Ok(())
    }

    /// A draft the command refused (`--strict-times`).
    fn draft(
        &mut self,
        diag: &Diag,
        place: &Place,
        draft: &TicketDraft,
        reason: &str,
    ) -> Result<()> {
        if let Some(w) = &mut self.writer {
            w.write_cells(
                &draft.cells,
                &format!("{}: {reason}", place.short(draft.line)),
            )
            .map_err(|e| self.io_error(e))?;
        }
        self.show(
            diag,
            &format!("rejected {}: {reason}", place.long(draft.line)),
        );
        Ok(())
    }

    fn show(&mut self, diag: &Diag, message: &str) {
        self.shown += 1;
        if self.shown <= SHOWN as u64 {
            diag.say(message);
        }
    }

    /// Puts the complete rejects file in place.
    fn finish(mut self) -> Result<()> {
        if let Some(w) = self.writer.take() {
            let file = w.finish().map_err(|e| self.io_error(e))?;
            file.commit()?;
        }
        Ok(())
    }
}

/// Warnings: counted, the first ten shown, all of them written to
/// `--warnings FILE` when asked.
struct Warnings {
    file: Option<(csv::Writer<OutFile>, PathBuf)>,
    count: u64,
}

impl Warnings {
    fn create(path: Option<&Path>) -> Result<Warnings> {
        let file = match path {
            Some(p) => {
                let io = |e: std::io::Error| {
                    Error::io(format!("writing warnings file {}", p.display()), e)
                };
                let mut out = OutFile::create(p)?;
                // A BOM, so Excel reads the file as UTF-8 (as the rejects file).
                out.write_all("\u{FEFF}".as_bytes()).map_err(io)?;
                let mut writer = csv::Writer::from_writer(out);
                writer
                    .write_record(["place", "warning"])
                    .map_err(|e| io(e.into()))?;
                Some((writer, p.to_path_buf()))
            }
            None => None,
        };
        Ok(Warnings { file, count: 0 })
    }

    fn add(&mut self, diag: &Diag, place: &Place, line: u64, message: &str) -> Result<()> {
        self.count += 1;
        if self.count <= SHOWN as u64 {
            diag.say(&format!("warning: {}: {message}", place.long(line)));
        }
        if let Some((writer, path)) = &mut self.file {
            writer
                .write_record([
                    import::escape_formula(&place.short(line)).as_ref(),
                    import::escape_formula(message).as_ref(),
                ])
                .map_err(|e| {
                    Error::io(
                        format!("writing warnings file {}", path.display()),
                        e.into(),
                    )
                })?;
        }
        Ok(())
    }

    /// Says how many were not shown, and puts the file in place.
    fn finish(self, diag: &Diag) -> Result<()> {
        if self.count > SHOWN as u64 {
            let more = self.count - SHOWN as u64;
            let hint = match &self.file {
                Some((_, path)) => format!("all of them are in {}", path.display()),
                None => "pass --warnings FILE to keep them all".to_string(),
            };
            diag.say(&format!("... and {more} more warnings ({hint})"));
        }
        if let Some((writer, path)) = self.file {
            let file = writer.into_inner().map_err(|e| {
                Error::io(
                    format!("writing warnings file {}", path.display()),
                    e.into_error(),
                )
            })?;
            file.commit()?;
        }
        Ok(())
    }
}

/// How a row's place is written: `line 7` in a CSV, `row 7 of sheet 工单`
/// in a workbook, as the importer's own messages do.
struct Place {
    file: String,
    sheet: Option<String>,
}

impl Place {
    fn short(&self, line: u64) -> String {
        match &self.sheet {
            Some(sheet) => format!("row {line} of sheet {sheet}"),
            None => format!("line {line}"),
        }
    }

    fn long(&self, line: u64) -> String {
        match &self.sheet {
            Some(sheet) => format!("{} [{sheet}] row {line}", self.file),
            None => format!("{}:{line}", self.file),
        }
    }
}

/// A `u64` that is already a hash, used as its own hash.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type HashedMap<V> = HashMap<u64, V, BuildHasherDefault<PassThrough>>;

/// FNV-1a: stable and fast for short ids.
fn hash_id(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The time a row describes the ticket at: its `updated_at`, else the
/// latest of its other times.
fn row_time(d: &TicketDraft) -> Option<DateTime<Utc>> {
    d.updated_at.or_else(|| {
        [
            d.created_at,
            d.first_response_at,
            d.resolved_at,
            d.closed_at,
        ]
        .into_iter()
        .flatten()
        .max()
    })
}

/// The status a row implies when it has no status column.
fn implied_status(d: &TicketDraft) -> Status {
    if d.closed_at.is_some() {
        Status::Closed
    } else if d.resolved_at.is_some() {
        Status::Resolved
    } else if d.first_response_at.is_some() {
        Status::Open
    } else if d.assignee.is_some() {
        Status::Assigned
    } else {
        Status::New
    }
}

/// Whether the importer made the title up (the row had none).
fn derived_title(d: &TicketDraft) -> bool {
    d.warnings.iter().any(|w| w.starts_with("no title:"))
}

/// Tickets a dry run would have written, so a later row with the same id
/// is compared as it would be after a real write. Two generations keep it
/// bounded: when the young one fills, the old one is dropped.
#[derive(Default)]
struct Overlay {
    young: HashMap<String, Ticket>,
    old: HashMap<String, Ticket>,
}

impl Overlay {
    fn get(&self, ext: &str) -> Option<&Ticket> {
        self.young.get(ext).or_else(|| self.old.get(ext))
    }

    fn put(&mut self, ext: String, ticket: Ticket) {
        if self.young.len() >= DRY_RUN_MEMORY / 2 {
            self.old = std::mem::take(&mut self.young);
        }
        self.young.insert(ext, ticket);
    }
}

/// What a run remembers of an external id it has seen.
#[derive(Clone, Copy)]
struct Seen {
    /// The latest row time seen for it (µs, `i64::MIN` if none), to spot
    /// out-of-order event rows.
    latest: i64,
    /// The stored ticket (0 until written, and in a dry run). The store
    /// writes the index entries of an import's new tickets at its end, so
    /// a later row of the same id finds its ticket here, not in the index.
    id: TicketId,
}

/// What the store (or a dry run's memory) knows about an id.
enum Found {
    New,
    Existing(Box<Ticket>),
    /// A dry run saw the id earlier but has forgotten the ticket.
    Forgotten,
}

/// Turns drafts into tickets: pure, shared by the reader thread (which
/// builds new tickets ahead) and the writer (which updates stored ones).
struct Builder<'a> {
    rules: &'a Rules,
    source: String,
    /// The file's name, for event notes (`backlog.csv:12`).
    label: String,
    actor: String,
    now: DateTime<Utc>,
}

/// A row after the reader thread looked at it.
enum Item {
    Rejected(RowError),
    /// Times that contradict each other, under `--strict-times`.
    Conflict(Box<TicketDraft>, String),
    Row(Box<Row>),
}

struct Row {
    draft: TicketDraft,
    ext: String,
    /// Digest of the row's cells and of how they are read (the mapping):
    /// equal to a ticket's [`Ticket::import_digest`] when that ticket was
    /// last imported from this very row.
    digest: u64,
    /// The row's cells' fingerprint (ids of id-less rows are made from it).
    fingerprint: u64,
    /// The ticket this row makes if its id is new, built ahead.
    built: Option<(Ticket, Vec<NewEvent>, Passed)>,
}

/// How a builder thread turns a row as read into an [`Item`].
struct Rows {
    strict_times: bool,
    /// Digest of the mapping and options every row is read with.
    reading: u64,
}

impl Rows {
    fn item(&self, row: RowResult) -> Item {
        let draft = match row {
            Ok(d) => d,
            Err(e) => return Item::Rejected(e),
        };
        if self.strict_times {
            let conflicts = draft.time_conflicts();
            if !conflicts.is_empty() {
                let reason = format!("{} (--strict-times)", conflicts.join("; "));
                return Item::Conflict(Box::new(draft), reason);
            }
        }
        let fingerprint = draft.fingerprint();
        let ext = match &draft.external_id {
            Some(id) => id.clone(),
            None => format!("row-{fingerprint:016x}"),
        };
        Item::Row(Box::new(Row {
            draft,
            ext,
            digest: self.reading ^ fingerprint.rotate_left(17),
            fingerprint,
            built: None,
        }))
    }
}

/// Ids for id-less rows, given in file order so every run gives the same:
/// `row-<fingerprint>`, then `-2`, `-3`, ... for identical rows.
#[derive(Default)]
struct Anonymous {
    seen: HashedMap<u32>,
}

impl Anonymous {
    fn number(&mut self, items: &mut [Item]) {
        for item in items {
            let Item::Row(row) = item else { continue };
            if row.draft.external_id.is_some() {
                continue;
            }
            let n = self.seen.entry(row.fingerprint).or_insert(0);
            *n += 1;
            if *n > 1 {
                row.ext = format!("row-{:016x}-{n}", row.fingerprint);
                if let Some((ticket, _, _)) = &mut row.built {
                    ticket.external_id = Some(row.ext.clone());
                }
            }
        }
    }
}

/// One import run over the database: the writer's side.
struct Run<'a> {
    builder: &'a Builder<'a>,
    store: &'a dyn Store,
    place: Place,
    dry_run: bool,
    /// The database had no tickets when the import began, so an id not
    /// seen earlier in this run is new without asking the store.
    fresh: bool,
    /// Hash of every id seen in this run → what the run knows of it.
    seen: HashedMap<Seen>,
    overlay: Overlay,
    summary: Summary,
    rejects: Rejects,
    warnings: Warnings,
    diag: Diag,
}

impl Run<'_> {
    fn warn(&mut self, line: u64, message: &str) -> Result<()> {
        self.summary.warnings += 1;
        self.warnings.add(&self.diag, &self.place, line, message)
    }

    /// What is known of `ext`: `prior` is what this run remembers, `stored`
    /// what the batch's lookup found in the store.
    fn find(
        &self,
        ext: &str,
        prior: Option<Seen>,
        stored: &mut HashMap<String, Ticket>,
    ) -> Result<Found> {
        if self.dry_run {
            if let Some(t) = self.overlay.get(ext) {
                return Ok(Found::Existing(Box::new(t.clone())));
            }
        }
        if let Some(id) = prior.map(|p| p.id).filter(|&id| id != 0) {
            if let Some(t) = self.store.get(id)? {
                return Ok(Found::Existing(Box::new(t)));
            }
        }
        if let Some(t) = stored.remove(ext) {
            return Ok(Found::Existing(Box::new(t)));
        }
        if self.dry_run && prior.is_some() {
            return Ok(Found::Forgotten);
        }
        Ok(Found::New)
    }

    /// The stored tickets of the ids a batch needs from the store: those
    /// this run has not written itself (none on a database that was empty).
    /// A lone row identical to the one its ticket was last imported from is
    /// known unchanged from the index alone: its ticket is not read, and
    /// its id is in the second map.
    fn lookup(
        &self,
        groups: &[(String, Vec<Row>)],
    ) -> Result<(HashMap<String, Ticket>, HashMap<String, TicketId>)> {
        if self.fresh {
            return Ok((HashMap::new(), HashMap::new()));
        }
        let wanted: Vec<&(String, Vec<Row>)> = groups
            .iter()
            .filter(|(ext, _)| self.seen.get(&hash_id(ext)).is_none_or(|s| s.id == 0))
            .collect();
        if wanted.is_empty() {
            return Ok((HashMap::new(), HashMap::new()));
        }
        let exts: Vec<&str> = wanted.iter().map(|(ext, _)| ext.as_str()).collect();
        let found = self.store.find_externals(&self.builder.source, &exts)?;
        let mut unchanged = HashMap::new();
        let mut read = Vec::new();
        for ((ext, rows), found) in wanted.iter().zip(&found) {
            match found {
                Some((id, Some(digest))) if rows.len() == 1 && rows[0].digest == *digest => {
                    unchanged.insert(ext.clone(), *id);
                }
                Some((id, _)) => read.push((ext.as_str(), *id)),
                None => {}
            }
        }
        let ids: Vec<TicketId> = read.iter().map(|(_, id)| *id).collect();
        let mut tickets: HashMap<TicketId, Ticket> = self
            .store
            .get_many(&ids)?
            .into_iter()
            .map(|t| (t.id, t))
            .collect();
        let mut out = HashMap::with_capacity(read.len());
        for (ext, id) in read {
            if let Some(t) = tickets.remove(&id) {
                out.insert(ext.to_string(), t);
            }
        }
        Ok((out, unchanged))
    }

    /// One batch of rows: rejects out, rows grouped by id in file order,
    /// each group applied to its ticket, every changed ticket written in
    /// one transaction.
    fn batch(&mut self, items: Vec<Item>) -> Result<()> {
        let mut groups: Vec<(String, Vec<Row>)> = Vec::new();
        // Ids hashed once: a batch groups its rows without copying ids.
        let mut index: HashedMap<usize> = HashedMap::default();
        for item in items {
            self.summary.read += 1;
            let mut row = match item {
                Item::Row(row) => *row,
                Item::Rejected(e) => {
                    self.summary.rejected += 1;
                    self.rejects.row(&self.diag, &e)?;
                    continue;
                }
                Item::Conflict(draft, reason) => {
                    self.summary.rejected += 1;
                    self.rejects
                        .draft(&self.diag, &self.place, &draft, &reason)?;
                    continue;
                }
            };
            for w in &row.draft.warnings {
                self.warn(row.draft.line, w)?;
            }
            match index.entry(hash_id(&row.ext)) {
                std::collections::hash_map::Entry::Occupied(o) if groups[*o.get()].0 == row.ext => {
                    groups[*o.get()].1.push(row)
                }
                // Two ids with one hash (never seen, but possible): apart.
                std::collections::hash_map::Entry::Occupied(_) => {
                    let ext = std::mem::take(&mut row.ext);
                    groups.push((ext, vec![row]));
                }
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(groups.len());
                    let ext = std::mem::take(&mut row.ext);
                    groups.push((ext, vec![row]));
                }
            }
        }

        let (mut stored, unchanged) = self.lookup(&groups)?;
        let mut changes = Vec::new();
        let mut keys = Vec::new();
        for (ext, rows) in groups {
            let key = hash_id(&ext);
            if let Some(&id) = unchanged.get(&ext) {
                let micros = row_time(&rows[0].draft).map_or(i64::MIN, |t| t.timestamp_micros());
                self.seen.insert(key, Seen { latest: micros, id });
                self.summary.unchanged += 1;
                continue;
            }
            if let Some(change) = self.group(ext, rows, &mut stored)? {
                changes.push(change);
                keys.push(key);
            }
        }
        if !self.dry_run && !changes.is_empty() {
            let ids = self.store.save(changes)?;
            for (key, id) in keys.into_iter().zip(ids) {
                if let Some(seen) = self.seen.get_mut(&key) {
                    seen.id = id;
                }
            }
        }
        Ok(())
    }

    /// Applies one id's rows of a batch to its ticket; the change to write,
    /// if anything changed.
    fn group(
        &mut self,
        ext: String,
        rows: Vec<Row>,
        stored: &mut HashMap<String, Ticket>,
    ) -> Result<Option<Change>> {
        let key = hash_id(&ext);
        let prior = self.seen.get(&key).copied();
        let mut latest = prior.map_or(i64::MIN, |p| p.latest);
        let (mut current, stored) = match self.find(&ext, prior, stored)? {
            Found::New => (None, None),
            Found::Existing(t) => (Some(*t.clone()), Some(*t)),
            Found::Forgotten => {
                // A dry run cannot compare what it no longer holds: count the rows as updates.
                self.summary.updated += rows.len() as u64;
                return Ok(None);
            }
        };
        let mut events = Vec::new();
        // The row a ticket was last made or compared from; rows skipped as
        // older history leave it.
        let mut digest = current.as_ref().and_then(|t| t.import_digest);
        let mut updated = false;
        let mut passed = Passed::default();
        // A ticket imported before, seen for the first time in this run:
        // the rows up to the one it was last imported from are history it
        // has, even those with the same time as that row (an event log
        // dated to the minute has several).
        let known_until = match (&stored, prior) {
            (Some(t), None) => t
                .import_digest
                .and_then(|d| rows.iter().rposition(|r| r.digest == d)),
            _ => None,
        };
        for (index, row) in rows.into_iter().enumerate() {
            if known_until.is_some_and(|k| index <= k) {
                let micros = row_time(&row.draft).map_or(i64::MIN, |t| t.timestamp_micros());
                latest = latest.max(micros);
                self.summary.unchanged += 1;
                continue;
            }
            let d = row.draft;
            let at = row_time(&d);
            let micros = at.map(|t| t.timestamp_micros()).unwrap_or(i64::MIN);
            let Some(ticket) = current.as_mut() else {
                let (ticket, first, marked) = match row.built {
                    Some(built) => built,
                    None => self.builder.build(&ext, &d),
                };
                events.extend(first);
                passed = marked;
                current = Some(ticket);
                digest = Some(row.digest);
                self.summary.created += 1;
                latest = latest.max(micros);
                continue;
            };
            if let Some(at) = at {
                if micros < latest {
                    self.warn(
                        d.line,
                        &format!(
                            "{ext}: row time {} is older than an earlier row of the same ticket; skipped (sort event logs by time)",
                            at.to_rfc3339()
                        ),
                    )?;
                    self.summary.unchanged += 1;
                    continue;
                }
                latest = micros;
                if at < ticket.updated_at {
                    // The ticket has moved on since: history it already has.
                    self.summary.unchanged += 1;
                    continue;
                }
            }
            digest = Some(row.digest);
            let before = ticket.clone();
            let more = self.builder.update(ticket, &d, at);
            let mut same = ticket.clone();
            same.updated_at = before.updated_at;
            if same == before {
                *ticket = before;
                self.summary.unchanged += 1;
            } else {
                events.extend(more);
                self.summary.updated += 1;
                updated = true;
            }
        }
        let mut ticket = current.expect("every group has a row");
        if updated {
            // Later rows moved the ticket on (a reopen, a new target):
            // what they left breached is history too.
            let more = escalation::mark_passed(self.builder.rules, &mut ticket, self.builder.now);
            passed.rungs += more.rungs;
            passed.reminder |= more.reminder;
        }
        // A ticket later rows resolved is past nothing that can fire.
        if passed.any() && ticket.status.is_active() {
            self.summary.passed_tickets += 1;
            self.summary.passed_rungs += u64::from(passed.rungs);
        }
        ticket.import_digest = digest;
        self.seen.insert(
            key,
            Seen {
                latest,
                id: prior
                    .map_or(0, |p| p.id)
                    .max(stored.as_ref().map_or(0, |t| t.id)),
            },
        );
        if stored.as_ref() == Some(&ticket) {
            return Ok(None);
        }
        if self.dry_run {
            self.overlay.put(ext, ticket);
            return Ok(None);
        }
        Ok(Some(Change { ticket, events }))
    }
}

impl Builder<'_> {
    fn note(&self, line: u64) -> String {
        format!("{}:{line}", self.label)
    }

    /// A new ticket from the first row of its id: rules applied as of its
    /// creation time, then the row's status and times on top. Escalation
    /// rungs already due at the import are recorded as passed.
    fn build(&self, ext: &str, d: &TicketDraft) -> (Ticket, Vec<NewEvent>, Passed) {
        let created = d
            .created_at
            .or(d.updated_at)
            .or_else(|| {
                [d.first_response_at, d.resolved_at, d.closed_at]
                    .into_iter()
                    .flatten()
                    .min()
            })
            .unwrap_or(self.now);
        let request = Request {
            title: d.title.clone(),
            body: d.body.clone(),
            customer: d.customer.clone(),
            channel: Some(d.channel.clone().unwrap_or_else(|| "import".to_string())),
            category: d.category.clone(),
            priority: d.priority,
            tags: d.tags.clone(),
            skills: Vec::new(),
            team: d.team.clone(),
            fields: d.fields.clone(),
            source: Some(self.source.clone()),
            external_id: Some(ext.to_string()),
            no_dedup: true,
        };
        let (mut ticket, explicit) = into_ticket(request, created);
        intake::prepare(self.rules, &mut ticket, &explicit, created, &self.actor);
        let status = d.status.unwrap_or_else(|| implied_status(d));
        let at = row_time(d).unwrap_or(created).max(created);
        ticket.status = status;
        ticket.csat = d.csat;
        ticket.first_response_at = d.first_response_at;
        ticket.resolved_at = d.resolved_at;
        ticket.closed_at = d.closed_at;
        if !status.is_active() && ticket.resolved_at.is_none() {
            ticket.resolved_at = Some(d.closed_at.unwrap_or(at));
        }
        if status == Status::Closed && ticket.closed_at.is_none() {
            ticket.closed_at = Some(at);
        }
        let note = self.note(d.line);
        let note_for_responses = note.clone();
        let mut events = vec![NewEvent::new(created, &self.actor, EventKind::Imported)
            .change(None::<&str>, Some(status))
            .note(note.clone())];
        if let Some(agent) = &d.assignee {
            // The file does not say when it was assigned: at creation, as the metrics assume.
            ticket.assignee = Some(agent.clone());
            ticket.assigned_at = Some(created);
            events.push(
                NewEvent::new(created, &self.actor, EventKind::Assigned)
                    .change(None::<&str>, Some(agent))
                    .note(note),
            );
        }
        ticket.updated_at = at;
        if self.rules.clock_effect(status) != ClockEffect::Run {
            // As if the lifecycle had moved it there: the clock stopped at the
            // resolution, or (pending) at the row's time, so a later reopen
            // resumes it rather than counting the time in between.
            let start = match status {
                Status::Resolved | Status::Closed => ticket.resolved_at.unwrap_or(at),
                _ => d.updated_at.unwrap_or(at),
            };
            ticket.sla.pauses.push(Pause {
                start: start.max(created),
                end: None,
            });
            let _ = sla::refresh(self.rules, &mut ticket, created, &self.actor);
        }
        self.judge_sla(&mut ticket);
        if let Some(first) = ticket.first_response_at {
            events.extend(self.responses(&ticket, d, first, &note_for_responses));
        }
        let passed = escalation::mark_passed(self.rules, &mut ticket, self.now);
        (ticket, events, passed)
    }

    /// The agent responses a row proves: the first at its first-response
    /// time, and, when the export counts replies (Zendesk's `Replies`,
    /// Freshdesk's `Agent interactions`) and there were more, one event for
    /// the rest at the last time the row knows (their own times are not in
    /// the export). So one-touch counts a ticket the export says had one
    /// reply, and not one it says had three; without a count the
    /// ticket's responses stay unknown (see [`crate::summary::History`]).
    fn responses(
        &self,
        ticket: &Ticket,
        d: &TicketDraft,
        first: DateTime<Utc>,
        note: &str,
    ) -> Vec<NewEvent> {
        let who = d.assignee.as_deref().unwrap_or(&self.actor);
        let mut events = vec![NewEvent::new(first, who, EventKind::Responded)
            .change(None::<&str>, d.replies.map(|_| "1"))
            .note(format!("first response, from {note}"))];
        if let Some(more) = d.replies.filter(|n| *n > 1).map(|n| n - 1) {
            let last = [ticket.resolved_at, d.updated_at, Some(first)]
                .into_iter()
                .flatten()
                .max()
                .unwrap_or(first);
            events.push(
                NewEvent::new(last, who, EventKind::Responded)
                    .change(None::<&str>, Some(more))
                    .note(format!(
                        "{more} later replies, counted by the export but not dated; {note}"
                    )),
            );
        }
        events
    }

    /// A later row of the same id: every value it has replaces the
    /// ticket's, each change an event at the row's time.
    fn update(
        &self,
        ticket: &mut Ticket,
        d: &TicketDraft,
        at: Option<DateTime<Utc>>,
    ) -> Vec<NewEvent> {
        let when = at.unwrap_or(ticket.updated_at);
        let note = self.note(d.line);
        let event = |kind: EventKind| NewEvent::new(when, &self.actor, kind);
        let mut events = Vec::new();

        let mut update = |what: &str, from: Option<String>, to: Option<String>| {
            events.push(
                event(EventKind::Update)
                    .change(from, to)
                    .note(format!("{what}; {note}")),
            );
        };
        if !derived_title(d) && d.title != ticket.title {
            update("title", Some(ticket.title.clone()), Some(d.title.clone()));
            ticket.title = d.title.clone();
        }
        if !d.body.is_empty() && d.body != ticket.body {
            update("body", None, None);
            ticket.body = d.body.clone();
        }
        let c = &mut ticket.customer;
        let mut customer_changed = false;
        for (mine, theirs) in [
            (&mut c.id, &d.customer.id),
            (&mut c.name, &d.customer.name),
            (&mut c.email, &d.customer.email),
            (&mut c.phone, &d.customer.phone),
            (&mut c.tier, &d.customer.tier),
        ] {
            if theirs.is_some() && mine != theirs {
                mine.clone_from(theirs);
                customer_changed = true;
            }
        }
        if customer_changed {
            update("customer", None, Some(ticket.customer.label().to_string()));
        }
        if let Some(channel) = d.channel.as_ref().filter(|c| **c != ticket.channel) {
            update(
                "channel",
                Some(ticket.channel.clone()),
                Some(channel.clone()),
            );
            ticket.channel = channel.clone();
        }
        if let Some(first) = d
            .first_response_at
            .filter(|f| Some(*f) != ticket.first_response_at)
        {
            let newly = ticket.first_response_at.is_none();
            update(
                "first_response_at",
                ticket.first_response_at.map(|t| t.to_rfc3339()),
                Some(first.to_rfc3339()),
            );
            ticket.first_response_at = Some(first);
            if newly {
                events.extend(self.responses(ticket, d, first, &note));
            }
        }

        let note_event = |kind: EventKind, from: Option<String>, to: Option<String>| {
            NewEvent::new(when, &self.actor, kind)
                .change(from, to)
                .note(note.clone())
        };
        if let Some(category) = d
            .category
            .as_ref()
            .filter(|v| ticket.category.as_ref() != Some(*v))
        {
            events.push(note_event(
                EventKind::Category,
                ticket.category.clone(),
                Some(category.clone()),
            ));
            ticket.category = Some(category.clone());
        }
        if let Some(team) = d.team.as_ref().filter(|v| ticket.team.as_ref() != Some(*v)) {
            events.push(note_event(
                EventKind::Team,
                ticket.team.clone(),
                Some(team.clone()),
            ));
            ticket.team = Some(team.clone());
        }
        if let Some(priority) = d.priority.filter(|p| *p != ticket.priority) {
            events.push(note_event(
                EventKind::Priority,
                Some(ticket.priority.to_string()),
                Some(priority.to_string()),
            ));
            ticket.priority = priority;
        }
        let added: Vec<&String> = d.tags.iter().filter(|t| !ticket.tags.contains(t)).collect();
        if !added.is_empty() {
            let list: Vec<&str> = added.iter().map(|s| s.as_str()).collect();
            events.push(note_event(EventKind::Tags, None, Some(list.join(", "))));
            for tag in added {
                ticket.add_tag(tag);
            }
        }
        for (key, value) in &d.fields {
            if ticket.fields.get(key) != Some(value) {
                events.push(
                    NewEvent::new(when, &self.actor, EventKind::Field)
                        .change(ticket.fields.get(key), Some(value))
                        .note(format!("{key}; {note}")),
                );
                ticket.fields.insert(key.clone(), value.clone());
            }
        }
        if let Some(csat) = d.csat.filter(|s| Some(*s) != ticket.csat) {
            events.push(note_event(
                EventKind::Csat,
                ticket.csat.map(|s| s.to_string()),
                Some(csat.to_string()),
            ));
            ticket.csat = Some(csat);
        }
        if let Some(agent) = d
            .assignee
            .as_ref()
            .filter(|a| ticket.assignee.as_ref() != Some(*a))
        {
            events.push(note_event(
                EventKind::Assigned,
                ticket.assignee.clone(),
                Some(agent.clone()),
            ));
            if ticket.assignee.is_some() {
                ticket.reassignments += 1;
            }
            ticket.assignee = Some(agent.clone());
            ticket.assigned_at = Some(when);
        }
        if let Some(to) = d.status.filter(|s| *s != ticket.status) {
            events.push(note_event(
                EventKind::Status,
                Some(ticket.status.to_string()),
                Some(to.to_string()),
            ));
            self.move_status(ticket, to, d, when);
        } else if !ticket.status.is_active() {
            // Same status, perhaps corrected times.
            if let Some(r) = d.resolved_at.filter(|r| Some(*r) != ticket.resolved_at) {
                events.push(note_event(
                    EventKind::Update,
                    ticket.resolved_at.map(|t| t.to_rfc3339()),
                    Some(r.to_rfc3339()),
                ));
                ticket.resolved_at = Some(r);
            }
            if ticket.status == Status::Closed {
                if let Some(c) = d.closed_at.filter(|c| Some(*c) != ticket.closed_at) {
                    events.push(note_event(
                        EventKind::Update,
                        ticket.closed_at.map(|t| t.to_rfc3339()),
                        Some(c.to_rfc3339()),
                    ));
                    ticket.closed_at = Some(c);
                }
            }
        }
        events.extend(sla::refresh(self.rules, ticket, when, &self.actor));
        self.judge_sla(ticket);
        if let Some(at) = at {
            ticket.updated_at = ticket.updated_at.max(at);
        }
        events
    }

    /// A status change seen in an event log, at `at`: the SLA clock pauses
    /// and resumes as the rule file says for the two statuses (as the
    /// lifecycle does), resolution and reopen are recorded, and a first
    /// move out of new/assigned to open or pending is the first response
    /// when the file has no first-response column.
    fn move_status(&self, ticket: &mut Ticket, to: Status, d: &TicketDraft, at: DateTime<Utc>) {
        let from = ticket.status;
        let running_before = self.rules.clock_effect(from) == ClockEffect::Run;
        let running_after = self.rules.clock_effect(to) == ClockEffect::Run;
        if running_before && !running_after {
            ticket.sla.pauses.push(Pause {
                start: at,
                end: None,
            });
        } else if !running_before && running_after {
            if let Some(last) = ticket.sla.pauses.last_mut().filter(|p| p.end.is_none()) {
                last.end = Some(at.max(last.start));
            }
        }
        ticket.status = to;
        match to {
            Status::Resolved | Status::Closed => {
                if let Some(r) = d.resolved_at {
                    ticket.resolved_at = Some(r);
                } else if ticket.resolved_at.is_none() {
                    ticket.resolved_at = Some(d.closed_at.unwrap_or(at));
                }
                if to == Status::Closed {
                    ticket.closed_at = Some(d.closed_at.unwrap_or(at));
                }
            }
            _ => {
                if !from.is_active() {
                    ticket.reopens += 1;
                    ticket.resolved_at = None;
                    ticket.closed_at = None;
                    ticket
                        .sla
                        .escalation
                        .remove(TargetKind::Resolution.as_str());
                }
                if matches!(from, Status::New | Status::Assigned)
                    && matches!(to, Status::Open | Status::Pending)
                    && ticket.first_response_at.is_none()
                {
                    ticket.first_response_at = Some(at);
                }
            }
        }
    }

    /// Met or missed, from the ticket's own first-response and resolution
    /// times in the policy's business time.
    fn judge_sla(&self, ticket: &mut Ticket) {
        ticket.sla.first_response_met = ticket
            .first_response_at
            .and_then(|at| sla::met_at(self.rules, ticket, TargetKind::FirstResponse, at));
        ticket.sla.resolution_met = match ticket.resolved_at {
            Some(at) if !ticket.status.is_active() => {
                sla::met_at(self.rules, ticket, TargetKind::Resolution, at)
            }
            _ => None,
        };
    }
}

fn import_error(e: ImportError) -> Error {
    Error::Data(e.to_string())
}

fn progress_bar(quiet: bool) -> Option<ProgressBar> {
    crate::progress::spinner("counting rows", quiet)
}

/// The source name: `--source`, else the mapping file's, else the file stem.
fn source_name(args: &ImportArgs, file: &Path, from_mapping: Option<&str>) -> Result<String> {
    let name = match (&args.source, from_mapping) {
        (Some(s), _) => s.trim().to_string(),
        (None, Some(s)) => s.to_string(),
        (None, None) => file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    if name.is_empty() || name.contains('\0') {
        return Err(Error::Usage(format!(
            "--source {name:?}: expected a non-empty name without NUL characters"
        )));
    }
    Ok(name)
}

/// Reads every row once and rejects what is bad, writing nothing to the
/// database (`--strict`). Returns the rows read and rejected.
fn check_all(
    source: &mut (dyn Importer + Send),
    batch: usize,
    strict_times: bool,
    rejects: &mut Rejects,
    warnings: &mut Warnings,
    place: &Place,
    diag: &Diag,
) -> Result<(u64, u64)> {
    let (mut read, mut rejected) = (0u64, 0u64);
    let mut rows = Vec::with_capacity(batch);
    // Counted and kept, not shown: the real pass shows them if it runs.
    let silent = Diag {
        quiet: true,
        bar: None,
    };
    while source.next_batch(batch, &mut rows).map_err(import_error)? > 0 {
        for row in rows.drain(..) {
            read += 1;
            if let Ok(d) = &row {
                for w in &d.warnings {
                    warnings.add(&silent, place, d.line, w)?;
                }
            }
            match row {
                Err(e) => {
                    rejected += 1;
                    rejects.row(diag, &e)?;
                }
                Ok(d) if strict_times => {
                    let conflicts = d.time_conflicts();
                    if !conflicts.is_empty() {
                        rejected += 1;
                        let reason = format!("{} (--strict-times)", conflicts.join("; "));
                        rejects.draft(diag, place, &d, &reason)?;
                    }
                }
                Ok(_) => {}
            }
        }
        if let Some(bar) = &diag.bar {
            bar.set_position(read);
        }
    }
    Ok((read, rejected))
}

pub fn run(ctx: &mut Ctx, args: &ImportArgs) -> Result<()> {
    let Some(file) = args.file.as_deref() else {
        // clap lets FILE be missing only with --from NAME --show-mapping:
        // the layout itself, to copy and adjust.
        let name = args.from.as_deref().unwrap_or_default();
        let layout = import::layouts::find(name).map_err(import_error)?;
        write!(ctx.out, "{}", layout.text)?;
        return Ok(());
    };
    // A JSON Lines file is a triage backup (`triage backup create` / `export
    // --as jsonl --events`): restoring it gives back the same ids and history.
    if file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"))
    {
        let store = ctx.open_store_for_repair()?;
        let summary = crate::backup::restore_file(&*store, file, ctx.quiet)?;
        drop(store);
        ctx.say(summary.describe(&file.display().to_string()));
        return Ok(());
    }
    let started = Instant::now();
    let rules = ctx.rules()?.clone();
    let now = ctx.now()?;
    let options = ImportOptions {
        delimiter: args.delimiter,
        sheet: args.sheet.clone(),
        encoding: args.encoding.clone(),
        maps: args.maps.clone(),
        mapping_file: args.mapping.clone(),
        date_format: args.date_format.clone(),
        layout: args.from.clone(),
        values: args.values.clone(),
        default_zone: rules.zone,
    };
    let quiet = ctx.quiet;
    let plain = |message: &str| {
        if !quiet {
            eprintln!("{}", crate::terminal::block(message));
        }
    };
    let mut source = import::open(file, &options).map_err(import_error)?;
    let name = source_name(args, file, source.info().source.as_deref())?;

    if args.show_mapping {
        let counted = source.count();
        for note in &source.info().notes {
            plain(&format!("import: {note}"));
        }
        write!(ctx.out, "{}", source.plan())?;
        let rows = counted.map_err(import_error)?;
        plain(&format!(
            "import: {rows} rows; tickets would be filed under source {name:?}"
        ));
        return Ok(());
    }

    let mut diag = Diag {
        quiet,
        bar: progress_bar(quiet),
    };
    let total = source.count().map_err(import_error)?;
    for note in &source.info().notes {
        diag.say(&format!("import: {note}"));
    }
    if let Some(bar) = &diag.bar {
        bar.set_length(total as u64);
        bar.set_position(0);
        bar.set_style(crate::progress::count_style("rows"));
    }
    let info = source.info().clone();
    let place = Place {
        file: info.file.clone(),
        sheet: info.sheet.clone(),
    };
    let headers = source.headers().to_vec();
    let label = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| info.file.clone());

    let mut summary = Summary {
        file: info.file.clone(),
        source: name.clone(),
        dry_run: args.dry_run,
        rejects_file: args.rejects.as_ref().map(|p| p.display().to_string()),
        warnings_file: args.warnings.as_ref().map(|p| p.display().to_string()),
        layout: info.layout.map(str::to_string),
        ..Summary::default()
    };

    if args.strict {
        let mut rejects = Rejects::create(args.rejects.as_deref(), &headers)?;
        let mut warnings = Warnings::create(args.warnings.as_deref())?;
        let (read, rejected) = check_all(
            source.as_mut(),
            args.batch,
            args.strict_times,
            &mut rejects,
            &mut warnings,
            &place,
            &diag,
        )?;
        if rejected > 0 {
            rejects.finish()?;
            if let Some(bar) = diag.bar.take() {
                bar.finish_and_clear();
            }
            summary.read = read;
            summary.rejected = rejected;
            summary.warnings = warnings.count;
            if warnings.count > 0 {
                diag.say(&format!(
                    "import: {} warnings in the rows{}",
                    warnings.count,
                    match &args.warnings {
                        Some(p) => format!(" (written to {})", p.display()),
                        None => " (pass --warnings FILE to see them)".to_string(),
                    }
                ));
            }
            warnings.finish(&Diag {
                quiet: true,
                bar: None,
            })?;
            finish_summary(
                ctx,
                &mut summary,
                started,
                ("checked", " (--strict: nothing imported)"),
            )?;
            let hint = match &args.rejects {
                Some(p) => format!("the rows are in {}", p.display()),
                None => "pass --rejects FILE to collect them".to_string(),
            };
            return Err(Error::data(format!(
                "{}: {rejected} of {read} rows rejected; nothing imported (--strict): {hint}",
                info.file
            )));
        }
        // Every row is good: read the file again, this time for real.
        source = import::open(file, &options).map_err(import_error)?;
        if let Some(bar) = &diag.bar {
            bar.set_position(0);
        }
    }

    let store = ctx.open_store()?;
    let rejects = Rejects::create(
        if args.strict {
            None
        } else {
            args.rejects.as_deref()
        },
        &headers,
    )?;
    let builder = Builder {
        rules: &rules,
        source: name.clone(),
        label,
        actor: ctx.actor.clone(),
        now,
    };
    let fresh = store.ticket_count()? == 0;
    let rows = Rows {
        strict_times: args.strict_times,
        reading: reading_digest(&options, &source.plan().to_string()),
    };
    let mut run = Run {
        builder: &builder,
        store: &*store,
        place,
        dry_run: args.dry_run,
        fresh,
        seen: HashedMap::default(),
        overlay: Overlay::default(),
        summary,
        rejects,
        warnings: Warnings::create(args.warnings.as_deref())?,
        diag,
    };

    if !args.dry_run {
        store.begin_bulk()?;
    }
    stream(source.as_mut(), args.batch, &rows, &mut run)?;
    if !args.dry_run {
        store.end_bulk()?;
    }

    if run.rejects.shown > SHOWN as u64 {
        let more = run.rejects.shown - SHOWN as u64;
        run.diag.say(&format!("... and {more} more rejected rows"));
    }
    let replaced = source.info().replacements;
    if replaced > 0 {
        run.diag.say(&format!(
            "import: {replaced} undecodable byte sequences replaced with U+FFFD (wrong --encoding?)"
        ));
    }

    if args.assign {
        if args.dry_run {
            run.diag
                .say("import: --assign skipped in a dry run (nothing was stored to route)");
        } else {
            let assigned = assign_source(&*store, &rules, &name, now, &ctx.actor)?;
            run.summary.assigned = Some(assigned);
        }
    }
    if let Some(bar) = run.diag.bar.take() {
        bar.finish_and_clear();
    }
    let Run {
        mut summary,
        rejects,
        warnings,
        diag,
        ..
    } = run;
    if !args.dry_run {
        store.commit()?;
    }
    drop(store);
    rejects.finish()?;
    warnings.finish(&diag)?;
    if summary.passed_tickets > 0 {
        diag.say(&format!(
            "import: {} open tickets were already past {} escalation thresholds before the import: \
             recorded as passed, not notified (escalate notifies only thresholds crossed from now on)",
            summary.passed_tickets, summary.passed_rungs
        ));
    }
    let verdict = if args.dry_run {
        ("dry run of", " (nothing written)")
    } else {
        ("imported", "")
    };
    finish_summary(ctx, &mut summary, started, verdict)?;
    if summary.rejected > 0 {
        let place = match &args.rejects {
            Some(p) => format!("written to {}", p.display()),
            None => "pass --rejects FILE to keep them".to_string(),
        };
        return Err(Error::Partial(format!(
            "{}: {} rows rejected ({place}); the other rows were {}",
            summary.file,
            summary.rejected,
            if args.dry_run { "checked" } else { "imported" }
        )));
    }
    Ok(())
}

/// The pipeline: a reader thread reads batches of rows, builder threads
/// map them to drafts and (while most rows are new: on a database that
/// was empty, or once a run has created more than it updated) build the
/// new tickets, and this thread applies the batches in file order and
/// writes them. A few batches are in flight at most, so memory stays
/// bounded.
fn stream(
    source: &mut (dyn Importer + Send),
    batch: usize,
    rows: &Rows,
    run: &mut Run,
) -> Result<()> {
    type Done = (u64, std::result::Result<Vec<Item>, ImportError>);
    let builders = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    let prebuild = AtomicBool::new(run.fresh && !run.dry_run);
    let converter = source.converter().clone();
    let (job_tx, job_rx) = std::sync::mpsc::sync_channel::<(u64, Vec<RawRow>)>(builders + 1);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = std::sync::mpsc::sync_channel::<Done>(builders + 1);
    let builder = run.builder;
    let mut anonymous = Anonymous::default();
    std::thread::scope(|scope| {
        let failed = done_tx.clone();
        scope.spawn(move || {
            for seq in 0.. {
                let mut raw = Vec::with_capacity(batch);
                let sent = match source.next_raw(batch, &mut raw) {
                    Ok(0) => break,
                    Ok(_) => job_tx.send((seq, raw)).is_ok(),
                    Err(e) => {
                        let _ = failed.send((seq, Err(e)));
                        false
                    }
                };
                if !sent {
                    // The writer stopped (an error) or the file did: stop reading.
                    break;
                }
            }
        });
        for _ in 0..builders {
            let done = done_tx.clone();
            let (job_rx, prebuild, converter) = (&job_rx, &prebuild, &converter);
            scope.spawn(move || loop {
                let job = job_rx.lock().expect("job queue lock").recv();
                let Ok((seq, raw)) = job else { break };
                let mut items: Vec<Item> = raw
                    .into_iter()
                    .map(|r| rows.item(r.convert(converter)))
                    .collect();
                if prebuild.load(Ordering::Relaxed) {
                    for item in &mut items {
                        if let Item::Row(row) = item {
                            row.built = Some(builder.build(&row.ext, &row.draft));
                        }
                    }
                }
                if done.send((seq, Ok(items))).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);
        let mut next = 0u64;
        let mut waiting: BTreeMap<u64, std::result::Result<Vec<Item>, ImportError>> =
            BTreeMap::new();
        for (seq, items) in done_rx {
            waiting.insert(seq, items);
            while let Some(items) = waiting.remove(&next) {
                let mut items = items.map_err(import_error)?;
                anonymous.number(&mut items);
                let n = items.len() as u64;
                run.batch(items)?;
                if let Some(bar) = &run.diag.bar {
                    bar.inc(n);
                }
                next += 1;
                let s = &run.summary;
                if !run.dry_run && s.created > s.updated + s.unchanged {
                    prebuild.store(true, Ordering::Relaxed);
                }
            }
        }
        Ok(())
    })
}

/// Digest of everything that decides how a row's cells become a ticket's
/// values: the column plan and the reading options (a mapping file by its
/// content), so a row read differently is never taken for unchanged.
fn reading_digest(options: &ImportOptions, plan: &str) -> u64 {
    let mapping = options
        .mapping_file
        .as_ref()
        .and_then(|p| std::fs::read(p).ok())
        .unwrap_or_default();
    let text = format!(
        "{plan}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{}",
        options.layout,
        options.values,
        options.maps,
        options.date_format,
        options.encoding,
        options.delimiter,
        options.sheet,
        options.default_zone
    );
    hash_id(&text) ^ hash_id(&String::from_utf8_lossy(&mapping)).rotate_left(29)
}

/// Routes the source's active, unassigned tickets; returns how many got an agent.
fn assign_source(
    store: &dyn Store,
    rules: &Rules,
    source: &str,
    now: DateTime<Utc>,
    actor: &str,
) -> Result<u64> {
    let mut assigned = 0u64;
    let mut chunk = Vec::new();
    let ids = store.active_ids()?;
    for step in ids.chunks(ASSIGN_CHUNK) {
        for ticket in store.get_many(step)? {
            if ticket.source.as_deref() == Some(source) && ticket.assignee.is_none() {
                chunk.push(ticket);
            }
        }
        if chunk.len() >= ASSIGN_CHUNK {
            assigned += route_chunk(store, rules, std::mem::take(&mut chunk), now, actor)?;
        }
    }
    if !chunk.is_empty() {
        assigned += route_chunk(store, rules, chunk, now, actor)?;
    }
    Ok(assigned)
}

fn route_chunk(
    store: &dyn Store,
    rules: &Rules,
    tickets: Vec<Ticket>,
    now: DateTime<Utc>,
    actor: &str,
) -> Result<u64> {
    let routed = route_tickets(store, rules, tickets, &RouteOptions::default(), now, actor)?;
    Ok(routed.iter().filter(|r| r.agent.is_some()).count() as u64)
}

/// Prints the summary: JSON on stdout with `--format json`, else one line
/// on stderr (`imported FILE as source "NAME": read ...`).
fn finish_summary(
    ctx: &mut Ctx,
    summary: &mut Summary,
    started: Instant,
    (verb, aside): (&str, &str),
) -> Result<()> {
    summary.elapsed_secs = started.elapsed().as_secs_f64();
    summary.rows_per_sec = if summary.elapsed_secs > 0.0 {
        summary.read as f64 / summary.elapsed_secs
    } else {
        0.0
    };
    if let Some(format) = ctx.format.filter(|f| f.is_json()) {
        crate::output::write_json(&mut ctx.out, &summary, format)?;
    } else {
        let line = format!(
            "{verb} {} as source {:?}{aside}: {}",
            summary.file,
            summary.source,
            summary.line()
        );
        ctx.say(line);
    }
    Ok(())
}
