//! Backups as JSON Lines: what `triage export --as jsonl` (and `triage
//! backup create`) writes, and what [`restore_jsonl`] reads back into an
//! empty database to give the same database: ids, fields, audit history,
//! trash, agent states and id counter.
//!
//! Format version 1: one JSON object a line, its `type` first, in this order:
//!
//! | type | fields |
//! |---|---|
//! | `header` | `format` (`triage-export`), `version`, `schema`, `next_id`, `exported_at`, `events` (whether event lines follow) |
//! | `ticket` | a ticket as `triage show --format json` prints it |
//! | `trashed` | a ticket in the trash |
//! | `agent` | `id` and the stored agent state (status override, last assignment, history) |
//! | `raw` | `tree`, `key`, `value` (hex): records of trees triage added later, carried byte for byte |
//! | `event` | an audit event (`ticket`, `seq`, `at`, `actor`, `kind`, `from`, `to`, `note`) |
//! | `end` | counts of each record type; a file without it was cut short |
//!
//! A restore accepts only a file with events (a ticket's history cannot be
//! rebuilt), refuses a database that holds anything, writes in batches
//! under a restore mark ([`Store::begin_restore`]), checks the result with
//! the same checks as `triage doctor`, and on any error removes everything
//! it wrote.

use std::io::{BufRead, Write};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::{Event, Ticket, TicketId};
use crate::outfile::OutFile;
use crate::store::{AgentState, Check, RawRecord, RestoreBatch, Store, SCHEMA_VERSION};

/// The `format` of the header line.
pub const FORMAT_NAME: &str = "triage-export";
/// The version of the line format this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// Records written to the database per transaction during a restore.
const BATCH: usize = 1000;

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    format: String,
    version: u32,
    schema: u32,
    next_id: TicketId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    exported_at: Option<DateTime<Utc>>,
    events: bool,
}

#[derive(Debug, Serialize, Deserialize)]
struct AgentLine {
    id: String,
    #[serde(flatten)]
    state: AgentState,
}

#[derive(Debug, Serialize, Deserialize)]
struct RawLine {
    tree: String,
    key: String,
    value: String,
}

/// How many records of each type an export holds (its `end` line).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub tickets: u64,
    pub trashed: u64,
    pub agents: u64,
    pub raw: u64,
    pub events: u64,
}

/// What to put in a JSON Lines export.
#[derive(Clone, Copy, Debug)]
pub struct JsonlOptions {
    /// Include every audit event (needed to restore).
    pub events: bool,
    pub exported_at: DateTime<Utc>,
}

/// What [`restore_jsonl`] wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RestoreSummary {
    pub counts: Counts,
    pub next_id: TicketId,
    pub exported_at: Option<DateTime<Utc>>,
}

impl RestoreSummary {
    /// What the restore did, in one line for the person who ran it.
    pub fn describe(&self, name: &str) -> String {
        let c = &self.counts;
        format!(
            "restored {} tickets ({} in the trash), {} events and {} agent states from {name}; next id {}",
            c.tickets + c.trashed,
            c.trashed,
            c.events,
            c.agents,
            self.next_id
        )
    }
}

/// Restores the backup at `path` (`-`: stdin) into `store`, with a
/// progress bar over the file's bytes unless `quiet` (see [`restore_jsonl`]).
pub fn restore_file(
    store: &dyn Store,
    path: &std::path::Path,
    quiet: bool,
) -> Result<RestoreSummary> {
    let name = path.display().to_string();
    let (input, size): (Box<dyn std::io::Read>, Option<u64>) = if path.as_os_str() == "-" {
        (Box::new(std::io::stdin().lock()), None)
    } else {
        let file = std::fs::File::open(path).map_err(|e| Error::data(format!("{name}: {e}")))?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(file), size)
    };
    let bar = crate::progress::bytes(size, "restoring", quiet);
    let summary = match &bar {
        Some(bar) => restore_jsonl(store, std::io::BufReader::new(bar.wrap_read(input)), &name),
        None => restore_jsonl(store, std::io::BufReader::new(input), &name),
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    summary
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

/// Writes `{"type":KIND,...value's fields}` and a newline.
fn line<T: Serialize>(out: &mut dyn Write, kind: &str, value: &T) -> Result<()> {
    let body = serde_json::to_vec(value).expect("export records serialise to JSON");
    debug_assert!(body.first() == Some(&b'{'));
    write!(out, "{{\"type\":\"{kind}\"")?;
    if body.len() > 2 {
        out.write_all(b",")?;
    }
    out.write_all(&body[1..])?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Writes the JSON Lines export to `path` (through [`OutFile`]: complete
/// or not at all, named in any error) or, without one, to `out`.
pub fn write_jsonl_to(
    store: &dyn Store,
    path: Option<&std::path::Path>,
    out: &mut dyn Write,
    opts: &JsonlOptions,
) -> Result<Counts> {
    let Some(path) = path else {
        return write_jsonl(store, out, opts);
    };
    let mut file = OutFile::create(path)?;
    let counts = write_jsonl(store, &mut file, opts).map_err(|e| e.in_file(&file))?;
    file.commit()?;
    Ok(counts)
}

/// Streams the whole database as JSON Lines (see the module doc).
pub fn write_jsonl(store: &dyn Store, out: &mut dyn Write, opts: &JsonlOptions) -> Result<Counts> {
    let mut counts = Counts::default();
    let header = Header {
        format: FORMAT_NAME.into(),
        version: FORMAT_VERSION,
        schema: store.schema_version()?,
        next_id: store.next_id()?,
        exported_at: Some(opts.exported_at),
        events: opts.events,
    };
    line(out, "header", &header)?;
    for ticket in store.tickets() {
        line(out, "ticket", &ticket?)?;
        counts.tickets += 1;
    }
    for ticket in store.trashed_all()? {
        line(out, "trashed", &ticket)?;
        counts.trashed += 1;
    }
    let mut states: Vec<_> = store.agent_states()?.into_iter().collect();
    states.sort_by(|a, b| a.0.cmp(&b.0));
    for (id, state) in states {
        line(out, "agent", &AgentLine { id, state })?;
        counts.agents += 1;
    }
    for raw in store.raw_records()? {
        let record = RawLine {
            tree: raw.tree,
            key: hex(&raw.key),
            value: hex(&raw.value),
        };
        line(out, "raw", &record)?;
        counts.raw += 1;
    }
    if opts.events {
        for event in store.all_events() {
            line(out, "event", &event?)?;
            counts.events += 1;
        }
    }
    line(out, "end", &counts)?;
    Ok(counts)
}

/// Reads lines one by one, numbering them and skipping blank ones.
struct Lines<R> {
    reader: R,
    number: u64,
    buf: String,
}

impl<R: BufRead> Lines<R> {
    /// The next non-blank line, or `None` at the end.
    fn next(&mut self, name: &str) -> Result<Option<&str>> {
        loop {
            self.buf.clear();
            let read = self.reader.read_line(&mut self.buf).map_err(|e| {
                if e.kind() == std::io::ErrorKind::InvalidData {
                    Error::data(format!("{name} line {}: not UTF-8 text", self.number + 1))
                } else {
                    Error::io(format!("reading {name}"), e)
                }
            })?;
            if read == 0 {
                return Ok(None);
            }
            self.number += 1;
            if !self.buf.trim().is_empty() {
                return Ok(Some(self.buf.trim_end_matches(['\n', '\r'])));
            }
        }
    }
}

/// Parses one line into its type and the rest of its fields.
fn parse_line(text: &str) -> std::result::Result<(String, Value), String> {
    let mut value: Value =
        serde_json::from_str(text).map_err(|e| format!("not a JSON object: {e}"))?;
    let obj = value
        .as_object_mut()
        .ok_or_else(|| "not a JSON object".to_string())?;
    let kind = match obj.remove("type") {
        Some(Value::String(kind)) => kind,
        _ => return Err("no \"type\" field".into()),
    };
    Ok((kind, value))
}

fn field<T: serde::de::DeserializeOwned>(
    kind: &str,
    value: Value,
) -> std::result::Result<T, String> {
    serde_json::from_value(value).map_err(|e| format!("bad {kind} record: {e}"))
}

/// Restores a JSON Lines export with events into `store`, which must be
/// empty (or left by an interrupted restore, which is started over).
/// `name` names the input in messages. On bad input nothing stays written
/// and the error names the line; a database holding anything is refused.
pub fn restore_jsonl(
    store: &dyn Store,
    reader: impl BufRead,
    name: &str,
) -> Result<RestoreSummary> {
    let mut lines = Lines {
        reader,
        number: 0,
        buf: String::new(),
    };
    let at = |n: u64, msg: String| Error::data(format!("{name} line {n}: {msg}"));
    let not_export = "not a triage JSON Lines export: the first line must be the header \
                      that `triage export --as jsonl` writes";
    let Some(first) = lines.next(name)? else {
        return Err(Error::data(format!("{name}: empty file ({not_export})")));
    };
    let header: Header = match parse_line(first) {
        Ok((kind, value)) if kind == "header" => {
            field("header", value).map_err(|e| at(lines.number, e))?
        }
        _ => return Err(at(lines.number, not_export.into())),
    };
    if header.format != FORMAT_NAME {
        return Err(at(lines.number, not_export.into()));
    }
    if header.version > FORMAT_VERSION {
        return Err(at(
            lines.number,
            format!(
                "written by a newer triage (export format {}, this build reads {FORMAT_VERSION}); upgrade triage",
                header.version
            ),
        ));
    }
    // Schemas 1 to 3 differ only in how records are stored, not in what
    // a backup carries, so a backup of any of them restores.

    if header.schema == 0 || header.schema > SCHEMA_VERSION {
        return Err(at(
            lines.number,
            format!(
                "exported from a database of schema {}, this build restores schemas 1 to {SCHEMA_VERSION}; \
                 restore it with the triage that wrote it (or a newer one)",
                header.schema
            ),
        ));
    }
    if !header.events {
        return Err(Error::data(format!(
            "{name} was exported without --events, so it lacks the audit history a restore needs: \
             make backups with `triage backup create` (or `triage export --as jsonl --events`)"
        )));
    }
    if !store.begin_restore()? {
        return Err(Error::data(format!(
            "database {} is not empty ({} tickets, {} in the trash): a backup restores into an \
             empty database only, so ids stay the same; point --db at a new directory",
            store.location(),
            store.ticket_count()?,
            store.trashed_all().map(|t| t.len()).unwrap_or(0)
        )));
    }
    match restore_body(store, &mut lines, name, &header) {
        Ok(summary) => Ok(summary),
        Err(e) => {
            // If the wipe fails too, the restore mark stays and the database
            // is refused until a restore completes: still nothing half-usable.
            let _ = store.abandon_restore();
            Err(e)
        }
    }
}

fn restore_body<R: BufRead>(
    store: &dyn Store,
    lines: &mut Lines<R>,
    name: &str,
    header: &Header,
) -> Result<RestoreSummary> {
    let at = |n: u64, msg: String| Error::data(format!("{name} line {n}: {msg}"));
    let mut counts = Counts::default();
    let mut batch = RestoreBatch::default();
    let mut batch_from = 0u64;
    let mut max_id: TicketId = 0;
    let write = |batch: &mut RestoreBatch, from: u64, to: u64| -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let outcome = store.restore_batch(batch)?;
        *batch = RestoreBatch::default();
        outcome.map_err(|reason| {
            let place = if from == to {
                format!("line {from}")
            } else {
                format!("lines {from}-{to}")
            };
            Error::data(format!("{name} {place}: {reason}"))
        })
    };
    let end: Counts = loop {
        let Some(text) = lines.next(name)? else {
            return Err(Error::data(format!(
                "{name} ends after line {} without its end record: the export was cut short",
                lines.number
            )));
        };
        let parsed = parse_line(text);
        let n = lines.number;
        let (kind, value) = parsed.map_err(|e| at(n, e))?;
        if batch.is_empty() {
            batch_from = n;
        }
        match kind.as_str() {
            "ticket" | "trashed" => {
                let ticket: Ticket = field(&kind, value).map_err(|e| at(n, e))?;
                max_id = max_id.max(ticket.id);
                if kind == "ticket" {
                    counts.tickets += 1;
                    batch.tickets.push(ticket);
                } else {
                    counts.trashed += 1;
                    batch.trashed.push(ticket);
                }
            }
            "event" => {
                let event: Event = field(&kind, value).map_err(|e| at(n, e))?;
                max_id = max_id.max(event.ticket);
                counts.events += 1;
                batch.events.push(event);
            }
            "agent" => {
                let agent: AgentLine = field(&kind, value).map_err(|e| at(n, e))?;
                counts.agents += 1;
                batch.agents.push((agent.id, agent.state));
            }
            "raw" => {
                let raw: RawLine = field(&kind, value).map_err(|e| at(n, e))?;
                let (Some(key), Some(value)) = (unhex(&raw.key), unhex(&raw.value)) else {
                    return Err(at(n, "raw record key and value must be hex".into()));
                };
                counts.raw += 1;
                batch.raw.push(RawRecord {
                    tree: raw.tree,
                    key,
                    value,
                });
            }
            "end" => {
                let end: Counts = field(&kind, value).map_err(|e| at(n, e))?;
                write(&mut batch, batch_from, n.saturating_sub(1))?;
                break end;
            }
            "header" => return Err(at(n, "a second header".into())),
            other => {
                return Err(at(
                    n,
                    format!(
                        "unknown record type {other:?} (expected ticket, trashed, agent, raw, event or end)"
                    ),
                ))
            }
        }
        if batch.len() >= BATCH {
            write(&mut batch, batch_from, n)?;
        }
    };
    let end_line = lines.number;
    if lines.next(name)?.is_some() {
        return Err(at(lines.number, "data after the end record".into()));
    }
    if end != counts {
        return Err(at(
            end_line,
            format!(
                "the end record counts {} tickets, {} trashed, {} agents, {} raw and {} events, \
                 but the file holds {}, {}, {}, {} and {}",
                end.tickets,
                end.trashed,
                end.agents,
                end.raw,
                end.events,
                counts.tickets,
                counts.trashed,
                counts.agents,
                counts.raw,
                counts.events
            ),
        ));
    }
    if header.next_id <= max_id {
        return Err(Error::data(format!(
            "{name}: the header's next_id {} is not above the highest id in the file ({max_id})",
            header.next_id
        )));
    }
    store.restore_counter(header.next_id)?;
    store.complete_restore()?;
    let inspection = store.inspect()?;
    let problems = inspection.without(Check::RestoreIncomplete);
    if !problems.is_empty() {
        let detail: Vec<String> = problems
            .iter()
            .map(|p| {
                format!(
                    "{} ({}: {})",
                    p.check.describe(),
                    p.count,
                    p.examples.join("; ")
                )
            })
            .collect();
        return Err(Error::data(format!(
            "{name} does not describe a consistent database, so nothing was restored: {}",
            detail.join("; ")
        )));
    }
    store.finish_restore()?;
    Ok(RestoreSummary {
        counts,
        next_id: header.next_id,
        exported_at: header.exported_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_refuses_junk() {
        assert_eq!(hex(&[0, 1, 0xab, 0xff]), "0001abff");
        assert_eq!(unhex("0001abff"), Some(vec![0, 1, 0xab, 0xff]));
        assert_eq!(unhex("abc"), None);
        assert_eq!(unhex("zz"), None);
        assert_eq!(unhex("é1"), None);
    }

    #[test]
    fn lines_put_the_type_first() {
        let mut out = Vec::new();
        line(&mut out, "end", &Counts::default()).unwrap();
        line(&mut out, "x", &serde_json::json!({})).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"type\":\"end\",\"tickets\":0,\"trashed\":0,\"agents\":0,\"raw\":0,\"events\":0}\n{\"type\":\"x\"}\n"
        );
    }
}
