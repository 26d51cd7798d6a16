//! `triage export`: every ticket as CSV (safe to open in Excel) or JSON
//! Lines (the backup format, see [`crate::backup`]), optionally with the
//! audit events.
//!
//! - CSV: one row per live ticket, fixed columns then one `field.NAME`
//!   column per custom field in use; lists joined with `;`; times RFC 3339
//!   in the rule file's zone. Every cell that a spreadsheet would run as a
//!   formula is escaped ([`escape_formula`]). With `--events` the audit
//!   events go to a second file, `NAME.events.csv` next to `--out`.
//! - JSON Lines: tickets, the trash, agent states and (with `--events`)
//!   every event; restorable with `triage backup restore`.
//!
//! `--out` files are written through [`OutFile`]: a temporary file renamed
//! into place, so a killed export never leaves a half file under the real
//! name, and only a regular file is ever replaced.

use std::collections::{BTreeSet, HashSet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::Ctx;
use crate::backup::{self, JsonlOptions};
use crate::error::{Error, Result};
use crate::model::Ticket;
use crate::outfile::OutFile;
use crate::output::{escape_formula, Format};
use crate::store::Store;
use crate::timefmt;

/// File formats of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Tickets as CSV, formula cells escaped for Excel
    Csv,
    /// JSON Lines: tickets, trash, agent states (and events): the backup format
    Jsonl,
}

#[derive(Debug, Clone, Default, clap::Args)]
pub struct ExportArgs {
    /// csv or jsonl [default: --format csv/json, else --out's extension (.csv, .jsonl), else csv]
    #[arg(long = "as", value_enum, value_name = "FORMAT")]
    pub as_format: Option<ExportFormat>,
    /// Write to this file (created private, replaced atomically) instead of stdout
    #[arg(long, short = 'o', value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Include the audit events: JSON Lines adds event lines (a full backup); CSV writes them to NAME.events.csv next to --out
    #[arg(long)]
    pub events: bool,
    /// CSV: start with a UTF-8 byte-order mark so Excel shows Chinese text correctly
    #[arg(long)]
    pub bom: bool,
}

/// The ticket columns before the `field.NAME` ones.
const COLUMNS: [&str; 41] = [
    "id",
    "source",
    "external_id",
    "title",
    "body",
    "customer_id",
    "customer_name",
    "customer_email",
    "customer_phone",
    "customer_tier",
    "channel",
    "category",
    "priority",
    "status",
    "team",
    "assignee",
    "skills",
    "tags",
    "kb",
    "created_at",
    "assigned_at",
    "first_response_at",
    "resolved_at",
    "closed_at",
    "updated_at",
    "sla_policy",
    "first_response_due",
    "resolution_due",
    "first_response_met",
    "resolution_met",
    "sla_paused_secs",
    "escalation",
    "reassignments",
    "reopens",
    "repeats",
    "merged_from",
    "merged_into",
    "csat",
    "flow",
    "flow_step",
    "history_len",
];

const EVENT_COLUMNS: [&str; 8] = ["ticket", "seq", "at", "actor", "kind", "from", "to", "note"];

fn choose_format(ctx: &Ctx, args: &ExportArgs) -> Result<ExportFormat> {
    if let Some(f) = args.as_format {
        return Ok(f);
    }
    match ctx.format {
        Some(Format::Csv) => return Ok(ExportFormat::Csv),
        Some(Format::Json | Format::Jsonl) => return Ok(ExportFormat::Jsonl),
        Some(other) => {
            return Err(Error::Usage(format!(
                "export writes csv or jsonl, not {}: use --as csv|jsonl",
                format!("{other:?}").to_lowercase()
            )))
        }
        None => {}
    }
    let ext = args
        .out
        .as_deref()
        .and_then(Path::extension)
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    Ok(match ext.as_deref() {
        Some("jsonl" | "ndjson" | "json") => ExportFormat::Jsonl,
        _ => ExportFormat::Csv,
    })
}

/// The clock for the export header. A broken rule file must not stop a
/// backup, so if the clock cannot be read through the rules, use the system's.
fn clock(ctx: &mut Ctx) -> DateTime<Utc> {
    ctx.now().unwrap_or_else(|_| Utc::now())
}

/// `tickets.csv` → `tickets.events.csv`.
pub fn events_path(out: &Path) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    out.with_file_name(format!("{stem}.events.csv"))
}

pub fn run(ctx: &mut Ctx, args: &ExportArgs) -> Result<()> {
    let format = choose_format(ctx, args)?;
    if format == ExportFormat::Csv && args.events && args.out.is_none() {
        return Err(Error::Usage(
            "CSV cannot hold tickets and events in one stream: give --out FILE (events go to \
             FILE.events.csv) or use --as jsonl"
                .into(),
        ));
    }
    let now = clock(ctx);
    let zone = match format {
        ExportFormat::Csv => ctx.rules()?.zone,
        ExportFormat::Jsonl => chrono_tz::UTC,
    };
    let store = ctx.open_store()?;
    // On a server others write meanwhile: the export is one moment of it.
    store.snapshot()?;
    // Not over data streaming to the same terminal.
    let to_terminal = args.out.is_none() && std::io::stdout().is_terminal();
    let bar = crate::progress::spinner("exporting", ctx.quiet || to_terminal);
    let summary = match (&args.out, format) {
        (_, ExportFormat::Jsonl) => {
            let opts = JsonlOptions {
                events: args.events,
                exported_at: now,
            };
            let counts = backup::write_jsonl_to(&*store, args.out.as_deref(), &mut ctx.out, &opts)?;
            (counts.tickets, counts.trashed, counts.events)
        }
        (None, ExportFormat::Csv) => (write_csv(&*store, &mut ctx.out, args.bom, now, zone)?, 0, 0),
        (Some(path), ExportFormat::Csv) => {
            let mut file = OutFile::create(path)?;
            let tickets =
                write_csv(&*store, &mut file, args.bom, now, zone).map_err(|e| e.in_file(&file))?;
            let mut events = 0;
            let mut events_file = None;
            if args.events {
                let mut ev = OutFile::create(&events_path(path))?;
                events = write_events_csv(&*store, &mut ev, args.bom, zone)
                    .map_err(|e| e.in_file(&ev))?;
                events_file = Some(ev);
            }
            // Both files appear only once both are complete.
            file.commit()?;
            if let Some(ev) = events_file {
                ev.commit()?;
            }
            (tickets, 0, events)
        }
    };
    drop(store);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if let Some(path) = &args.out {
        let (tickets, trashed, events) = summary;
        let mut what = format!("{tickets} tickets");
        if trashed > 0 {
            what.push_str(&format!(" (and {trashed} in the trash)"));
        }
        if args.events {
            what.push_str(&format!(" with {events} events"));
        }
        let extra = if format == ExportFormat::Csv && args.events {
            format!(" (events in {})", events_path(path).display())
        } else {
            String::new()
        };
        ctx.say(format!("exported {what} to {}{extra}", path.display()));
    }
    Ok(())
}

fn csv_err(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::from(io),
        other => Error::Io {
            context: "writing CSV".into(),
            source: std::io::Error::other(format!("{other:?}")),
        },
    }
}

fn time(t: DateTime<Utc>, zone: Tz) -> String {
    timefmt::machine(t, zone)
}

fn opt_time(t: Option<DateTime<Utc>>, zone: Tz) -> String {
    t.map(|t| time(t, zone)).unwrap_or_default()
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(T::to_string).unwrap_or_default()
}

/// One ticket as CSV cells in [`COLUMNS`] order, then its custom fields.
fn ticket_row(t: &Ticket, fields: &BTreeSet<String>, now: DateTime<Utc>, zone: Tz) -> Vec<String> {
    let mut row = vec![
        t.id.to_string(),
        opt(&t.source),
        opt(&t.external_id),
        t.title.clone(),
        t.body.clone(),
        opt(&t.customer.id),
        opt(&t.customer.name),
        opt(&t.customer.email),
        opt(&t.customer.phone),
        opt(&t.customer.tier),
        t.channel.clone(),
        opt(&t.category),
        t.priority.to_string(),
        t.status.to_string(),
        opt(&t.team),
        opt(&t.assignee),
        t.skills.join(";"),
        t.tags.join(";"),
        t.kb.join(";"),
        time(t.created_at, zone),
        opt_time(t.assigned_at, zone),
        opt_time(t.first_response_at, zone),
        opt_time(t.resolved_at, zone),
        opt_time(t.closed_at, zone),
        time(t.updated_at, zone),
        opt(&t.sla.policy),
        opt_time(t.sla.first_response_due, zone),
        opt_time(t.sla.resolution_due, zone),
        opt(&t.sla.first_response_met),
        opt(&t.sla.resolution_met),
        t.sla.paused_secs(now).to_string(),
        t.sla
            .escalation
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(";"),
        t.reassignments.to_string(),
        t.reopens.to_string(),
        t.repeats.to_string(),
        t.merged
            .iter()
            .map(|m| match m.ticket {
                Some(id) => format!("{}#{id}", m.channel),
                None => m.channel.clone(),
            })
            .collect::<Vec<_>>()
            .join(";"),
        opt(&t.merged_into),
        opt(&t.csat),
        t.flow.as_ref().map(|f| f.name.clone()).unwrap_or_default(),
        t.flow
            .as_ref()
            .map(|f| f.step.to_string())
            .unwrap_or_default(),
        t.history_len.to_string(),
    ];
    debug_assert_eq!(row.len(), COLUMNS.len());
    row.extend(
        fields
            .iter()
            .map(|k| t.fields.get(k).cloned().unwrap_or_default()),
    );
    row
}

fn write_escaped<W: Write>(w: &mut csv::Writer<W>, cells: &[String]) -> Result<()> {
    w.write_record(cells.iter().map(|c| escape_formula(c).into_owned()))
        .map_err(csv_err)
}

/// Writes the live tickets as CSV; returns how many.
fn write_csv(
    store: &dyn Store,
    out: &mut dyn Write,
    bom: bool,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<u64> {
    // A first pass finds the custom field names, so each gets a column.
    let mut fields = BTreeSet::new();
    for ticket in store.tickets() {
        fields.extend(ticket?.fields.into_keys());
    }
    if bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut w = csv::Writer::from_writer(out);
    let mut header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    header.extend(fields.iter().map(|f| format!("field.{f}")));
    write_escaped(&mut w, &header)?;
    let mut n = 0;
    for ticket in store.tickets() {
        write_escaped(&mut w, &ticket_row(&ticket?, &fields, now, zone))?;
        n += 1;
    }
    w.flush()?;
    Ok(n)
}

/// Writes the audit events of the live tickets as CSV; returns how many.
fn write_events_csv(store: &dyn Store, out: &mut dyn Write, bom: bool, zone: Tz) -> Result<u64> {
    let trashed: HashSet<u64> = store.trashed_all()?.iter().map(|t| t.id).collect();
    if bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut w = csv::Writer::from_writer(out);
    let header: Vec<String> = EVENT_COLUMNS.iter().map(|c| c.to_string()).collect();
    write_escaped(&mut w, &header)?;
    let mut n = 0;
    for event in store.all_events() {
        let e = event?;
        if trashed.contains(&e.ticket) {
            continue;
        }
        write_escaped(
            &mut w,
            &[
                e.ticket.to_string(),
                e.seq.to_string(),
                time(e.at, zone),
                e.actor,
                e.kind.to_string(),
                e.from.unwrap_or_default(),
                e.to.unwrap_or_default(),
                e.note.unwrap_or_default(),
            ],
        )?;
        n += 1;
    }
    w.flush()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_file_sits_next_to_the_tickets_file() {
        assert_eq!(
            events_path(Path::new("/x/tickets.csv")),
            PathBuf::from("/x/tickets.events.csv")
        );
        assert_eq!(
            events_path(Path::new("dump")),
            PathBuf::from("dump.events.csv")
        );
    }

    #[test]
    fn every_column_has_a_cell() {
        let t = Ticket::new("=cmd", Utc::now());
        let row = ticket_row(
            &t,
            &BTreeSet::from(["x".to_string()]),
            Utc::now(),
            chrono_tz::UTC,
        );
        assert_eq!(row.len(), COLUMNS.len() + 1);
    }
}
