//! `triage report`: SLA, backlog, resolution-rate, agent, fairness, load and
//! CSAT tables. The numbers come from [`crate::metrics`] (pure); this file
//! reads the tickets' summaries (or, for `--as-of` and the flows table,
//! tickets with their audit logs), picks the tables, and renders them:
//! human units in tables, machine units in CSV and JSON (seconds, plain
//! percentages, the counts behind each percentage). `--format html` writes
//! one page with the tables and their charts ([`crate::html::report`]).

use std::io::Write;
use std::ops::Range;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use serde_json::{Map, Value};

use super::Ctx;
use crate::error::{Error, Result};
use crate::metrics::{
    self, AgeBucket, AgentRow, BacklogReport, BacklogRow, Clock, CsatReport, CsatRow,
    FairnessReport, GroupBy, LoadReport, Period, Report, ReportOptions, ResolutionReport,
    ResolutionRow, SlaReport, SlaRow, Tables,
};
use crate::model::{Event, EventKind, Ticket, TicketId};
use crate::outfile::OutFile;
use crate::output::{self, Cell, Format, Table};
use crate::rules::Rules;
use crate::store::{Record, Store};
use crate::summary::{Labels, Summary};
use crate::timefmt;

/// One table of `triage report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportTable {
    /// Targets met, breached and at risk; response and resolution times
    Sla,
    /// Active tickets by status and by group, bucketed by age
    Backlog,
    /// Created vs resolved per period or group; reopens, reassignments, one-touch
    Resolution,
    /// Per agent: load vs capacity, assigned, resolved, handle time, SLA met
    Agents,
    /// Per agent: shares of tickets, work and load against capacity share
    Fairness,
    /// Arrivals by weekday and hour of day (a heat map in table format)
    Load,
    /// Customer satisfaction by group
    Csat,
    /// Cross-team flows per step: time in step, step SLA met, hand-backs, the bottleneck
    Flows,
    /// Every table
    All,
}

impl ReportTable {
    /// The tables `triage report` prints without a table name.
    pub const DEFAULT: [ReportTable; 3] = [
        ReportTable::Sla,
        ReportTable::Backlog,
        ReportTable::Resolution,
    ];
    /// Every table, in the order `all` prints them.
    pub const EVERY: [ReportTable; 8] = [
        ReportTable::Sla,
        ReportTable::Backlog,
        ReportTable::Resolution,
        ReportTable::Agents,
        ReportTable::Fairness,
        ReportTable::Load,
        ReportTable::Csat,
        ReportTable::Flows,
    ];

    fn selection(choice: Option<ReportTable>) -> Vec<ReportTable> {
        match choice {
            None => ReportTable::DEFAULT.to_vec(),
            Some(ReportTable::All) => ReportTable::EVERY.to_vec(),
            Some(one) => vec![one],
        }
    }
}

fn group_parser() -> impl TypedValueParser<Value = GroupBy> {
    PossibleValuesParser::new(GroupBy::ALL.map(|g| {
        let value = PossibleValue::new(g.as_str());
        match g {
            GroupBy::Agent => value.alias("assignee"),
            GroupBy::Policy => value.alias("sla"),
            GroupBy::Priority => value
                .alias("created-priority")
                .help("the priority a ticket was created with (escalation bumps do not move it)"),
            GroupBy::CurrentPriority => value.help("the priority now, after bumps and changes"),
            _ => value,
        }
    }))
    .try_map(|s| s.parse::<GroupBy>())
}

fn period_parser() -> impl TypedValueParser<Value = Period> {
    PossibleValuesParser::new(Period::ALL.map(|p| p.as_str())).try_map(|s| s.parse::<Period>())
}

fn clock_parser() -> impl TypedValueParser<Value = Clock> {
    PossibleValuesParser::new(Clock::ALL.map(|c| c.as_str())).try_map(|s| s.parse::<Clock>())
}

/// `triage report [TABLE]`.
///
/// Cohort tables (sla, resolution, load, csat, and agents' SLA met %) take
/// the tickets created in `[--since, --until)`; the backlog and current
/// loads are a snapshot at `--now` (or `--as-of`); assigned, resolved and
/// work count what happened in the window. Definitions: docs/metrics.md.
#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// The table to print [default: sla, backlog and resolution]
    #[arg(value_enum, value_name = "TABLE")]
    pub table: Option<ReportTable>,
    /// Group the sla, backlog, resolution and csat tables by this field (priority: as created; current-priority: after escalation bumps)
    #[arg(long = "by", value_name = "FIELD", default_value = "priority", value_parser = group_parser())]
    pub by: GroupBy,
    /// One resolution-rate row per calendar period (in the rules' zone) instead of per group
    #[arg(long, value_name = "PERIOD", value_parser = period_parser())]
    pub period: Option<Period>,
    /// Window start (inclusive): cohort tables count tickets created from TIME; the backlog is a snapshot at --now and ignores it
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Window end (exclusive): tickets created before TIME [default: now]
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// The report as it stood at TIME, rebuilt from the audit log
    #[arg(long, value_name = "TIME")]
    pub as_of: Option<String>,
    /// Measure durations in each SLA target's business hours, or in wall-clock time (both minus pending pauses)
    #[arg(long, value_name = "CLOCK", default_value = "business", value_parser = clock_parser())]
    pub clock: Clock,
    /// Write the output to FILE instead of stdout (format from its extension without --format: .csv, .json, .jsonl, .md, .html)
    #[arg(long, short = 'o', value_name = "FILE", conflicts_with = "out_dir")]
    pub out: Option<PathBuf>,
    /// Write one file per table into DIR (`sla.csv`, `backlog.csv`, ...; CSV unless --format says otherwise; --format html adds index.html beside the CSVs)
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Leave out the one-line definition under each table (table, Markdown and HTML output)
    #[arg(long)]
    pub no_legend: bool,
    /// The SLA attainment goal drawn across the HTML report's trend chart
    #[arg(long, value_name = "PERCENT", default_value = "90%", value_parser = parse_goal)]
    pub sla_goal: f64,
}

/// `90`, `90%` or `97.5%`: a percentage from 0 to 100.
fn parse_goal(text: &str) -> std::result::Result<f64, String> {
    let number = text.trim().trim_end_matches('%').trim();
    match number.parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => Ok(p),
        _ => Err(format!(
            "{text:?}: expected a percentage from 0 to 100, such as 95%"
        )),
    }
}

/// What the report was asked for, resolved from the flags.
struct Request {
    tables: Vec<ReportTable>,
    opts: ReportOptions,
    /// The instant the report describes: `--as-of`, else `--now`.
    at: DateTime<Utc>,
    as_of: bool,
    format: Format,
    zone: Tz,
    /// Each table's definition under it, for people.
    legend: bool,
}

impl Request {
    /// Whether a table computed from the summaries is asked for.
    fn wants_summaries(&self) -> bool {
        self.tables.iter().any(|&t| t != ReportTable::Flows)
    }

    /// Whether the flows table, which reads step visits from the audit
    /// log, is asked for.
    fn wants_flows(&self) -> bool {
        self.tables.contains(&ReportTable::Flows)
    }
}

pub fn run(ctx: &mut Ctx, args: &ReportArgs) -> Result<()> {
    let request = request(ctx, args)?;
    let rules = ctx.rules()?.clone();
    let store = ctx.open_store()?;
    // A million tickets take a second or more: say what is happening.
    let bar = crate::progress::spinner("reading tickets", ctx.quiet);
    let numbers = numbers(store, &rules, &request);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let numbers = numbers?;
    let view = View {
        format: request.format,
        zone: request.zone,
        color: request.format == Format::Table
            && args.out.is_none()
            && args.out_dir.is_none()
            && output::use_color(),
    };
    let flows = numbers
        .flows
        .as_ref()
        .map(|input| crate::flows::flow_report(&input.tickets, &input.events, &rules, request.at));
    let tables = all_tables(&numbers, flows.as_ref(), &request, view);
    if request.format == Format::Html {
        return run_html(ctx, args, &numbers, flows.as_ref(), &request, view, &tables);
    }
    let machine = matches!(request.format, Format::Csv | Format::Json | Format::Jsonl);
    if machine || args.out_dir.is_some() {
        for table in &tables {
            if let Some(note) = &table.table.note {
                ctx.say(format!("{}: {note}", table.table.name));
            }
        }
    }
    if let Some(dir) = &args.out_dir {
        return write_dir(ctx, dir, &tables, &request, view, Vec::new());
    }
    match &args.out {
        Some(path) => {
            let mut file = OutFile::create(path)?;
            write_all(&mut file, &tables, &request, view).map_err(|e| file.write_error(e))?;
            file.commit()?;
            ctx.say(format!("wrote {}", path.display()));
        }
        None => write_all(&mut ctx.out, &tables, &request, view)?,
    }
    Ok(())
}

/// Every table asked for, as `view` shows them, the flows table last
/// (the order of [`ReportTable::EVERY`]).
fn all_tables(
    numbers: &Numbers,
    flows: Option<&crate::flows::FlowReport>,
    request: &Request,
    view: View,
) -> Vec<Built> {
    let mut tables = build_tables(&numbers.report, request, numbers.stored, view);
    if let Some(flows) = flows {
        let mut table = crate::flows::flow_report_table(flows);
        if table.rows.is_empty() {
            table.note = Some("no tickets in a flow".to_string());
        }
        if request.legend && view.format.is_human() {
            table.legend = Some(legend_of("flows").to_string());
        }
        tables.push(Built { table, heat: None });
    }
    tables
}

/// `--format html`: the page to stdout or `--out`, or with `--out-dir`
/// `index.html` beside one CSV file per table.
fn run_html(
    ctx: &mut Ctx,
    args: &ReportArgs,
    numbers: &Numbers,
    flows: Option<&crate::flows::FlowReport>,
    request: &Request,
    view: View,
    tables: &[Built],
) -> Result<()> {
    let plain: Vec<Table> = tables.iter().map(|b| b.table.clone()).collect();
    let subtitle = heading(request);
    let no_periods = ResolutionReport::default();
    let page = crate::html::report::ReportPage {
        title: "Support report",
        subtitle: &subtitle,
        tables: &plain,
        report: &numbers.report,
        per_period: numbers.per_period.as_ref().unwrap_or(&no_periods),
        flows,
        sla_goal: args.sla_goal,
        legend: request.legend,
        zone: request.zone,
    };
    if let Some(dir) = &args.out_dir {
        let csv_view = View {
            format: Format::Csv,
            ..view
        };
        let csv_request = Request {
            format: Format::Csv,
            tables: request.tables.clone(),
            opts: request.opts.clone(),
            ..*request
        };
        let csv_tables = all_tables(numbers, flows, &csv_request, csv_view);
        for table in &csv_tables {
            if let Some(note) = &table.table.note {
                ctx.say(format!("{}: {note}", table.table.name));
            }
        }
        let mut index = OutFile::create(&dir_path(dir)?.join("index.html"))?;
        crate::html::report::write(&mut index, &page).map_err(|e| index.write_error(e))?;
        return write_dir(ctx, dir, &csv_tables, &csv_request, csv_view, vec![index]);
    }
    match &args.out {
        Some(path) => {
            let mut file = OutFile::create(path)?;
            crate::html::report::write(&mut file, &page).map_err(|e| file.write_error(e))?;
            file.commit()?;
            ctx.say(format!("wrote {}", path.display()));
        }
        None => crate::html::report::write(&mut ctx.out, &page)?,
    }
    Ok(())
}

/// The output directory, created private if it does not exist.
fn dir_path(dir: &Path) -> Result<&Path> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    Ok(dir)
}

fn request(ctx: &mut Ctx, args: &ReportArgs) -> Result<Request> {
    let format = match (ctx.format, &args.out_dir, &args.out) {
        (Some(f), _, _) => f,
        (None, Some(_), _) => Format::Csv,
        (None, None, Some(path)) => Format::from_extension(path).unwrap_or(Format::Table),
        (None, None, None) => Format::Table,
    };
    if format == Format::Ids {
        return Err(Error::Usage(
            "report: --format ids has no meaning for a report; use table, csv, json or markdown"
                .into(),
        ));
    }
    let now = ctx.now()?;
    let mut time = |flag: &str, text: &Option<String>| {
        text.as_deref().map(|t| ctx.parse_time(flag, t)).transpose()
    };
    let since = time("--since", &args.since)?;
    let until = time("--until", &args.until)?;
    let as_of = time("--as-of", &args.as_of)?;
    if let (Some(s), Some(u)) = (since, until) {
        if s >= u {
            return Err(Error::Usage(format!(
                "--since {} is not before --until {}: the window [since, until) would be empty",
                args.since.as_deref().unwrap_or_default(),
                args.until.as_deref().unwrap_or_default()
            )));
        }
    }
    if as_of.is_some_and(|a| a > now) {
        return Err(Error::Usage(format!(
            "--as-of {} is after the clock (--now): a report cannot look ahead",
            args.as_of.as_deref().unwrap_or_default()
        )));
    }
    // The page is the whole report unless one table is asked for.
    let tables = match (format, args.table) {
        (Format::Html, None) => ReportTable::EVERY.to_vec(),
        (_, choice) => ReportTable::selection(choice),
    };
    Ok(Request {
        tables,
        opts: ReportOptions {
            since,
            until,
            clock: args.clock,
            group_by: args.by,
            period: args.period,
        },
        at: as_of.unwrap_or(now),
        as_of: as_of.is_some(),
        format,
        zone: ctx.rules()?.zone,
        legend: !args.no_legend,
    })
}

/// The tables' numbers, and what the flows table is computed from.
struct Numbers {
    report: Report,
    /// For the HTML page's charts: created and resolved per period (the
    /// `--period`, else one that fits the cohort's span).
    per_period: Option<ResolutionReport>,
    /// For the flows table, when it is asked for.
    flows: Option<FlowInput>,
    /// Tickets in the database now (0: an empty database); not counted
    /// when only the flows table is asked for.
    stored: usize,
}

/// What the flows table reads: the tickets that were ever in a flow (as
/// of `at`) with their flow and assignment events.
#[derive(Default)]
struct FlowInput {
    tickets: Vec<Ticket>,
    events: Vec<Event>,
}

impl FlowInput {
    fn extend(&mut self, other: FlowInput) {
        self.tickets.extend(other.tickets);
        self.events.extend(other.events);
    }
}

/// Ids per unit of parallel work when `--as-of` reads records: a worker
/// holds one unit's tickets and audit events at a time, so memory stays
/// bounded whatever the database size. Smaller units hold less but cost
/// more CPU here: the summaries kept between the store's short-lived
/// allocations fragment the heap (1M tickets: 4096 ids, 0.74 GB and
/// 16 CPU s; 32768 ids, 0.91 GB and 13 CPU s).
const AS_OF_CHUNK: u64 = 32_768;

/// Ids per unit of the flows table's pass, which keeps almost nothing of
/// what it reads: 4096 records with their logs are about 12 MB.
const FLOWS_CHUNK: u64 = 4_096;

/// Reads what the tables need and computes them; the store is closed as
/// soon as nothing more is read. A plain report reads the stored
/// summaries (no ticket or audit event is decoded), except for the few
/// tickets with events after the clock, and computes its tables before
/// the flows table's pass over every record, so that the two never hold
/// memory at once; `--as-of` rebuilds every ticket from its records.
fn numbers(store: Box<dyn Store>, rules: &Rules, request: &Request) -> Result<Numbers> {
    if request.as_of {
        let (parts, flows, stored) = read_as_of(&*store, request)?;
        drop(store);
        let slices: Vec<&[Summary]> = parts.iter().map(Vec::as_slice).collect();
        let (report, per_period) = compute(&slices, rules, request);
        free(parts, false);
        return Ok(Numbers {
            report,
            per_period,
            flows,
            stored,
        });
    }
    let mut summaries = store.summary_chunks()?;
    let stored = summaries.iter().map(Vec::len).sum();
    // Tickets that took a step in a flow, by their whole history (the
    // flows table judges each step against the clock itself).
    let in_flows: Vec<TicketId> = if request.wants_flows() {
        summaries
            .iter()
            .flatten()
            .filter(|s| s.history.flow_events > 0)
            .map(|s| s.id)
            .collect()
    } else {
        Vec::new()
    };
    if request.wants_summaries() {
        fold_until_clock(&*store, &mut summaries, request.at)?;
    } else {
        summaries.clear();
    }
    // Closed here unless the flows table is still to be read.
    let store = request.wants_flows().then_some(store);
    let slices: Vec<&[Summary]> = summaries.iter().map(Vec::as_slice).collect();
    let (report, per_period) = compute(&slices, rules, request);
    drop(slices);
    free(summaries, store.is_some());
    let flows = match store {
        Some(store) => Some(read_flows(&*store, &in_flows)?),
        None => None,
    };
    Ok(Numbers {
        report,
        per_period,
        flows,
        stored,
    })
}

/// The flows table's input: the records of the tickets that were ever in
/// a flow (`ids`, from their summaries).
fn read_flows(store: &dyn Store, ids: &[TicketId]) -> Result<FlowInput> {
    let chunks: Vec<&[TicketId]> = ids.chunks(FLOWS_CHUNK as usize).collect();
    let parts = in_chunks(&chunks, |_: &mut (), ids| {
        let mut part = FlowInput::default();
        for record in store.records_of(ids)? {
            if in_a_flow(&record.events) {
                let mut ticket = record.ticket;
                slim(&mut ticket);
                part.tickets.push(ticket);
                part.events.extend(flow_events(&record.events));
            }
        }
        Ok(part)
    })?;
    let mut all = FlowInput::default();
    parts.into_iter().for_each(|p| all.extend(p));
    Ok(all)
}

/// Frees the summaries. Freeing a million, one allocation at a time,
/// takes about a tenth of a second: unless more is to be read next (and
/// should reuse the memory: `before_reading`), a thread does it while the
/// tables are written, and the process may end first, which frees them
/// all at once.
fn free<T: Send + 'static>(summaries: T, before_reading: bool) {
    if before_reading {
        drop(summaries);
    } else {
        std::thread::spawn(move || drop(summaries));
    }
}

/// A stored summary folds the whole audit log; a report whose clock is
/// earlier than some of its events (`--now` in the past) must not see
/// them. Those few tickets are read again and their history folded up to
/// `at`, as `--as-of` would, but with the ticket as it is now.
fn fold_until_clock(
    store: &dyn Store,
    chunks: &mut [Vec<Summary>],
    at: DateTime<Utc>,
) -> Result<()> {
    // Tickets created after the clock, or merged away, count nowhere.
    let later: Vec<TicketId> = chunks
        .iter()
        .flatten()
        .filter(|s| {
            s.last_event_at.is_some_and(|last| last > at)
                && s.created_at <= at
                && s.merged_into.is_none()
        })
        .map(|s| s.id)
        .collect();
    if later.is_empty() {
        return Ok(());
    }
    // Neighbouring ids share a read; a range is cut where a gap would make
    // the store decode pages of tickets that are not wanted.
    const GAP: TicketId = 64;
    let mut ranges: Vec<Range<TicketId>> = Vec::new();
    for &id in &later {
        match ranges.last_mut() {
            Some(r) if id - r.end < GAP => r.end = id + 1,
            _ => ranges.push(id..id + 1),
        }
    }
    let rebuilt = in_chunks(&ranges, |labels: &mut Labels, ids| {
        let records = store.records(ids)?;
        Ok(records
            .iter()
            .filter(|r| later.binary_search(&r.ticket.id).is_ok())
            .map(|r| Summary::until_sharing(&r.ticket, &r.events, Some(at), labels))
            .collect::<Vec<_>>())
    })?;
    for summary in rebuilt.into_iter().flatten() {
        // Chunks ascend: the one that holds the id is the last that starts at or before it.
        let at = chunks.partition_point(|c| c.first().is_some_and(|s| s.id <= summary.id));
        let Some(chunk) = at.checked_sub(1).map(|i| &mut chunks[i]) else {
            continue;
        };
        if let Ok(i) = chunk.binary_search_by_key(&summary.id, |s| s.id) {
            chunk[i] = summary;
        }
    }
    Ok(())
}

/// `--as-of`: every ticket rebuilt from its records as of `at`, its
/// history folded up to `at` (in chunks of ids, as read); the flows
/// table's input when it is asked for; and the number of tickets stored.
fn read_as_of(
    store: &dyn Store,
    request: &Request,
) -> Result<(Vec<Vec<Summary>>, Option<FlowInput>, usize)> {
    let at = request.at;
    let wants_flows = request.wants_flows();
    // Each worker shares the labels of all the summaries it builds.
    let parts = in_chunks(
        &id_chunks(store, AS_OF_CHUNK)?,
        |labels: &mut Labels, ids| {
            let records = store.records(ids)?;
            let stored = records.len();
            let mut summaries = Vec::with_capacity(records.len());
            let mut flows = FlowInput::default();
            for Record { mut ticket, events } in records {
                slim(&mut ticket);
                let Some(then) = metrics::ticket_as_of(&ticket, &events, at) else {
                    continue;
                };
                summaries.push(Summary::until_sharing(&then, &events, Some(at), labels));
                if wants_flows && in_a_flow(&events) {
                    flows.tickets.push(then);
                    flows.events.extend(flow_events(&events));
                }
            }
            Ok((summaries, flows, stored))
        },
    )?;
    let mut all = Vec::with_capacity(parts.len());
    let mut all_flows = wants_flows.then(FlowInput::default);
    let mut all_stored = 0;
    for (summaries, flows, stored) in parts {
        all.push(summaries);
        if let Some(all_flows) = &mut all_flows {
            all_flows.extend(flows);
        }
        all_stored += stored;
    }
    Ok((all, all_flows, all_stored))
}

/// Every id of the database, cut in chunks of `size`.
fn id_chunks(store: &dyn Store, size: u64) -> Result<Vec<Range<TicketId>>> {
    let end: TicketId = store.next_id()?.max(1);
    Ok((1..end)
        .step_by(size as usize)
        .map(|start| start..start.saturating_add(size).min(end))
        .collect())
}

/// Runs `work` on every range on all cores, workers taking ranges in
/// turn, each with a state of its own (from `Default`); the results come
/// back in the order of `ranges`. The first error stops the others.
fn in_chunks<U: Clone + Sync, T: Send, S: Default>(
    ranges: &[U],
    work: impl Fn(&mut S, U) -> Result<T> + Sync,
) -> Result<Vec<T>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, ranges.len().max(1));
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let outcomes: Vec<Result<Vec<(usize, T)>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut state = S::default();
                    let mut done = Vec::new();
                    while !failed.load(Ordering::Relaxed) {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(range) = ranges.get(i) else { break };
                        match work(&mut state, range.clone()) {
                            Ok(part) => done.push((i, part)),
                            Err(e) => {
                                failed.store(true, Ordering::Relaxed);
                                return Err(e);
                            }
                        }
                    }
                    Ok(done)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut parts = Vec::with_capacity(ranges.len());
    for outcome in outcomes {
        parts.extend(outcome?);
    }
    parts.sort_unstable_by_key(|(i, _)| *i);
    Ok(parts.into_iter().map(|(_, part)| part).collect())
}

/// Whether a ticket's audit log (in sequence order) has a flow move.
fn in_a_flow(events: &[Event]) -> bool {
    events.iter().any(|e| e.kind == EventKind::Flow)
}

/// What the flows table reads of a ticket's events: its flow and
/// assignment events.
fn flow_events(events: &[Event]) -> impl Iterator<Item = Event> + '_ {
    events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::Flow | EventKind::Assigned | EventKind::Unassigned
            )
        })
        .cloned()
}

/// Drops what no table looks at (texts, customer contacts, custom
/// fields) before a ticket is kept or copied as of an earlier time. Kept:
/// the grouping fields (priority, team, assignee, channel, category,
/// policy, customer tier), status, times, SLA state, counters, CSAT and
/// merges.
fn slim(ticket: &mut Ticket) {
    ticket.title = String::new();
    ticket.body = String::new();
    let tier = ticket.customer.tier.take();
    ticket.customer = Default::default();
    ticket.customer.tier = tier;
    ticket.skills = Vec::new();
    ticket.tags = Vec::new();
    ticket.fields = Default::default();
    ticket.kb = Vec::new();
    ticket.flow = None;
    ticket.source = None;
    ticket.external_id = None;
    ticket.sla.escalation = Default::default();
    for merged in &mut ticket.merged {
        merged.title = None;
    }
}

/// The tables asked for, in one pass over the summaries on all cores;
/// the others stay empty. For the HTML page also what its charts need:
/// the time distributions in the same pass, and in a second pass by
/// period the created and resolved counts and the SLA trend.
fn compute(
    summaries: &[&[Summary]],
    rules: &Rules,
    request: &Request,
) -> (Report, Option<ResolutionReport>) {
    let wants = |t| request.tables.contains(&t);
    let html = request.format == Format::Html;
    let tables = Tables {
        sla: wants(ReportTable::Sla),
        backlog: wants(ReportTable::Backlog),
        resolution: wants(ReportTable::Resolution),
        agents: wants(ReportTable::Agents),
        fairness: wants(ReportTable::Fairness),
        load: wants(ReportTable::Load),
        csat: wants(ReportTable::Csat),
        sla_trend: false,
        durations: html && wants(ReportTable::Sla),
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut report =
        metrics::report_of(summaries, rules, &request.opts, request.at, tables, threads);
    if !html || !(wants(ReportTable::Sla) || wants(ReportTable::Resolution)) {
        return (report, None);
    }
    let period = request.opts.period.unwrap_or_else(|| {
        let first = summaries
            .iter()
            .flat_map(|part| part.iter())
            .filter(|s| request.opts.in_cohort(s, request.at))
            .map(|s| s.created_at)
            .min()
            .unwrap_or(request.at);
        let last = request.opts.until.unwrap_or(request.at).min(request.at);
        Period::fitting(last - first)
    });
    let by_period = ReportOptions {
        period: Some(period),
        ..request.opts.clone()
    };
    let trend = Tables {
        resolution: true,
        sla_trend: true,
        ..Tables::default()
    };
    let periods = metrics::report_of(summaries, rules, &by_period, request.at, trend, threads);
    report.sla_trend = periods.sla_trend;
    (report, Some(periods.resolution))
}

// ------------------------------------------------------------------ tables

/// How the tables will be shown.
#[derive(Clone, Copy)]
struct View {
    format: Format,
    zone: Tz,
    /// ANSI colours for the load heat map.
    color: bool,
}

impl View {
    /// CSV and JSON: machine units and the counts behind each percentage.
    fn machine(self) -> bool {
        matches!(self.format, Format::Csv | Format::Json | Format::Jsonl)
    }
}

/// A rendered table, and for the load table the numbers behind its heat map.
struct Built {
    table: Table,
    heat: Option<LoadReport>,
}

/// Columns as `(key, human header)`; a `\n` in a header breaks it over two
/// lines in the terminal table.
struct Columns {
    cols: Vec<(String, String)>,
}

impl Columns {
    fn new() -> Columns {
        Columns { cols: Vec::new() }
    }

    fn add(&mut self, key: &str, header: &str) -> &mut Columns {
        self.cols.push((key.to_string(), header.to_string()));
        self
    }

    fn table(&self, name: &str, title: &str, view: View) -> Table {
        let pairs: Vec<(&str, String)> = self
            .cols
            .iter()
            .map(|(k, h)| {
                let header = if view.format == Format::Table {
                    h.clone()
                } else {
                    h.replace('\n', " ")
                };
                (k.as_str(), header)
            })
            .collect();
        let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, h)| (*k, h.as_str())).collect();
        Table::new(name, title, &refs)
    }
}

/// A count: thousands separators for people.
fn int(n: u64) -> Cell {
    Cell::count(n)
}

/// A ticket id: digits only, so it can be pasted into `triage show`.
fn id(n: u64) -> Cell {
    Cell::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

/// The one-line definition under each table in human output; the full
/// definitions are in docs/metrics.md.
fn legend_of(table: &str) -> &'static str {
    match table {
        "sla" => "Met % = targets met / (met + missed + overdue); running targets wait. Times: median and p90 (nearest rank) of the cohort, minus pending pauses.",
        "backlog" => "Active tickets (new, assigned, open, pending) now, by wall-clock age since creation; a bucket includes its lower bound.",
        "backlog_by_group" => "The same active tickets by group; each row's buckets add up to its total.",
        "resolution" => "Rate = cohort tickets resolved or closed now / created; resolved in period counts resolutions that happened then, whatever the creation date.",
        "agents" => "Load = active tickets held now against capacity; assigned and resolved count what happened in the window; SLA met over the agent's cohort tickets.",
        "fairness" => "Each agent's share of tickets, work and load against their share of capacity; × cap. 1.00 is a fair share, above 1 more than their share.",
        "load" => "Tickets created, by weekday and hour of creation in the rule file's zone: counts over the window, not averages.",
        "csat" => "Responses = tickets with a score (1-5); response rate = responses / tickets; satisfied = scores of 4 or 5 / responses.",
        "flows" => "Per flow step: time in step (median, p90) of ended visits, step SLA met %, hand-backs; the bottleneck is the step with the longest median.",
        _ => "",
    }
}

fn opt_float(value: Option<f64>, decimals: usize) -> Cell {
    value.map_or(Cell::Empty, |v| Cell::Float(v, decimals))
}

/// The heading of the group column.
fn group_header(by: GroupBy) -> String {
    let name = by.title();
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "tickets created between A and B" for notes.
fn window_text(opts: &ReportOptions, zone: Tz) -> String {
    let show = |t| timefmt::show(t, zone);
    match (opts.since, opts.until) {
        (None, None) => "tickets".to_string(),
        (Some(s), None) => format!("tickets created since {}", show(s)),
        (None, Some(u)) => format!("tickets created before {}", show(u)),
        (Some(s), Some(u)) => format!("tickets created from {} to {}", show(s), show(u)),
    }
}

fn build_tables(report: &Report, request: &Request, stored: usize, view: View) -> Vec<Built> {
    let by = request.opts.group_by;
    let zone = request.zone;
    let at = timefmt::show(request.at, zone);
    let empty_db = stored == 0;
    let cohort_note = || {
        if empty_db {
            "no tickets yet".to_string()
        } else {
            format!("no {} by {at}", window_text(&request.opts, zone))
        }
    };
    let mut out = Vec::new();
    for kind in &request.tables {
        let plain = |table| Built { table, heat: None };
        match kind {
            ReportTable::Sla => {
                let mut t = sla_table(&report.sla, by, view);
                if t.rows.is_empty() {
                    t.note = Some(cohort_note());
                }
                out.push(plain(t));
            }
            ReportTable::Backlog => {
                let (mut status, mut group) = backlog_tables(&report.backlog, by, view);
                if status.rows.is_empty() {
                    let note = if empty_db {
                        "no tickets yet".to_string()
                    } else {
                        format!("no active tickets at {at}")
                    };
                    status.note = Some(note.clone());
                    group.note = Some(note);
                }
                out.push(plain(status));
                out.push(plain(group));
            }
            ReportTable::Resolution => {
                let mut t = resolution_table(&report.resolution, by, view);
                if t.rows.is_empty() {
                    t.note = Some(cohort_note());
                }
                out.push(plain(t));
            }
            ReportTable::Agents => {
                let mut t = agents_table(&report.agents, view);
                if t.rows.is_empty() {
                    t.note = Some(if empty_db {
                        "no tickets yet".to_string()
                    } else {
                        format!("no tickets by {at}")
                    });
                }
                out.push(plain(t));
            }
            ReportTable::Fairness => {
                let mut t = fairness_table(&report.fairness, view);
                if t.rows.is_empty() {
                    t.note = Some(if empty_db {
                        "no tickets yet".to_string()
                    } else {
                        format!("no tickets by {at}")
                    });
                }
                out.push(plain(t));
            }
            ReportTable::Load => {
                let mut t = load_table(&report.load, zone, view);
                if t.rows.is_empty() {
                    t.note = Some(cohort_note());
                }
                out.push(Built {
                    table: t,
                    heat: Some(report.load.clone()),
                });
            }
            ReportTable::Csat => {
                let mut t = csat_table(&report.csat, by, view);
                if t.rows.is_empty() {
                    t.note = Some(if empty_db {
                        "no tickets yet".to_string()
                    } else {
                        format!(
                            "no satisfaction scores for {} by {at}",
                            window_text(&request.opts, zone)
                        )
                    });
                }
                out.push(plain(t));
            }
            ReportTable::All | ReportTable::Flows => {}
        }
    }
    if request.legend && view.format.is_human() {
        for built in &mut out {
            let legend = legend_of(&built.table.name);
            if !legend.is_empty() {
                built.table.legend = Some(legend.to_string());
            }
        }
    }
    out
}

fn sla_table(report: &SlaReport, by: GroupBy, view: View) -> Table {
    let mut c = Columns::new();
    c.add("group", &group_header(by))
        .add("tickets", "Tickets")
        .add("first_response_met_pct", "First resp.\nmet")
        .add("resolution_met_pct", "Resolution\nmet")
        .add("breached_now", "Breached\nnow")
        .add("at_risk_now", "At risk\nnow")
        .add("first_response_median_secs", "First resp.\nmedian")
        .add("first_response_p90_secs", "First resp.\np90")
        .add("resolution_median_secs", "Resolution\nmedian")
        .add("resolution_p90_secs", "Resolution\np90");
    if view.machine() {
        for target in ["first_response", "resolution"] {
            for state in ["met", "missed", "overdue", "running", "no_target"] {
                c.add(&format!("{target}_{state}"), "");
            }
        }
    }
    let mut table = c.table("sla", &format!("SLA by {}", by.title()), view);
    for row in report.rows.iter().chain(&report.total) {
        table.push(sla_row(row, view));
    }
    table
}

fn sla_row(row: &SlaRow, view: View) -> Vec<Cell> {
    let mut cells = vec![
        Cell::text(row.group.clone()),
        int(row.tickets),
        Cell::opt_percent(row.first_response.met_pct),
        Cell::opt_percent(row.resolution.met_pct),
        int(row.breached_now),
        int(row.at_risk_now),
        Cell::opt_secs(row.first_response_median_secs),
        Cell::opt_secs(row.first_response_p90_secs),
        Cell::opt_secs(row.resolution_median_secs),
        Cell::opt_secs(row.resolution_p90_secs),
    ];
    if view.machine() {
        for s in [&row.first_response, &row.resolution] {
            cells.extend([s.met, s.missed, s.overdue, s.running, s.no_target].map(int));
        }
    }
    cells
}

fn backlog_tables(report: &BacklogReport, by: GroupBy, view: View) -> (Table, Table) {
    let columns = |key: &str, header: &str| {
        let mut c = Columns::new();
        c.add(key, header);
        for bucket in AgeBucket::ALL {
            c.add(bucket.key(), bucket.label());
        }
        c.add("total", "Total")
            .add("oldest_age_secs", "Oldest\nage")
            .add("oldest_ticket", "Oldest\nticket");
        c
    };
    let row = |r: &BacklogRow| {
        let mut cells = vec![Cell::text(r.key.clone())];
        cells.extend(r.buckets.map(int));
        cells.push(int(r.total));
        cells.push(Cell::opt_secs(r.oldest_age_secs));
        cells.push(r.oldest_ticket.map_or(Cell::Empty, id));
        cells
    };
    let mut status = columns("status", "Status").table(
        "backlog",
        "Backlog by status and age (active tickets now)",
        view,
    );
    for r in report.by_status.iter().chain(&report.total) {
        status.push(row(r));
    }
    let mut group = columns("group", &group_header(by)).table(
        "backlog_by_group",
        &format!("Backlog by {} and age", by.title()),
        view,
    );
    for r in report.by_group.iter().chain(&report.total) {
        group.push(row(r));
    }
    (status, group)
}

fn resolution_table(report: &ResolutionReport, by: GroupBy, view: View) -> Table {
    let mut c = Columns::new();
    let title = match report.period {
        Some(p) => {
            c.add("period", &group_header_period(p));
            if view.machine() {
                c.add("period_start", "");
            }
            format!("Resolution rate by {p}")
        }
        None => {
            c.add("group", &group_header(by));
            format!("Resolution rate by {}", by.title())
        }
    };
    c.add("created", "Created")
        .add("resolved", "Resolved")
        .add("resolution_rate_pct", "Rate")
        .add("resolved_in_period", "Resolved\nin period")
        .add("reopened_pct", "Reopened")
        .add("mean_reassignments", "Mean\nreassign.")
        .add("one_touch_pct", "One-touch");
    if view.machine() {
        c.add("ever_resolved", "")
            .add("reopened", "")
            .add("one_touch", "");
    }
    let mut table = c.table("resolution", &title, view);
    for row in report.rows.iter().chain(&report.total) {
        table.push(resolution_row(row, report.period.is_some(), view));
    }
    table
}

fn group_header_period(period: Period) -> String {
    match period {
        Period::Day => "Day".into(),
        Period::Week => "Week".into(),
        Period::Month => "Month".into(),
    }
}

fn resolution_row(row: &ResolutionRow, periods: bool, view: View) -> Vec<Cell> {
    let mut cells = vec![Cell::text(row.key.clone())];
    if periods && view.machine() {
        cells.push(Cell::opt_text(
            row.period_start.map(|d| d.format("%Y-%m-%d").to_string()),
        ));
    }
    cells.extend([
        int(row.created),
        int(row.resolved),
        Cell::opt_percent(row.resolution_rate_pct),
        int(row.resolved_in_period),
        Cell::opt_percent(row.reopened_pct),
        opt_float(row.mean_reassignments, 2),
        Cell::opt_percent(row.one_touch_pct),
    ]);
    if view.machine() {
        cells.extend([row.ever_resolved, row.reopened, row.one_touch].map(int));
    }
    cells
}

fn agents_table(rows: &[AgentRow], view: View) -> Table {
    let mut c = Columns::new();
    c.add("agent", "Agent")
        .add("name", "Name")
        .add("status", "Status");
    if view.machine() {
        c.add("active_load", "").add("capacity", "");
    } else {
        c.add("load", "Load /\ncapacity");
    }
    c.add("load_pct", "Load %")
        .add("assigned", "Assigned")
        .add("resolved", "Resolved")
        .add("median_handle_secs", "Median\nhandle")
        .add("sla_met_pct", "SLA met");
    if view.machine() {
        c.add("sla_met", "").add("sla_decided", "");
    }
    let mut table = c.table("agents", "Agents", view);
    for r in rows {
        let mut cells = vec![
            Cell::text(r.agent.clone()),
            Cell::opt_text(r.name.clone()),
            Cell::opt_text(r.status.clone()),
        ];
        if view.machine() {
            cells.push(int(r.active_load));
            cells.push(r.capacity.map_or(Cell::Empty, |c| int(u64::from(c))));
        } else {
            cells.push(Cell::text(match r.capacity {
                Some(c) => format!("{} / {c}", r.active_load),
                None => format!("{} / -", r.active_load),
            }));
        }
        cells.extend([
            Cell::opt_percent(r.load_pct),
            int(r.assigned),
            int(r.resolved),
            Cell::opt_secs(r.median_handle_secs),
            Cell::opt_percent(r.sla_met_pct),
        ]);
        if view.machine() {
            cells.extend([int(r.sla_met), int(r.sla_decided)]);
        }
        table.push(cells);
    }
    table
}

fn fairness_table(report: &FairnessReport, view: View) -> Table {
    let mut c = Columns::new();
    c.add("agent", "Agent")
        .add("capacity", "Capacity")
        .add("capacity_share_pct", "Capacity\nshare")
        .add("assigned", "Assigned")
        .add("assigned_share_pct", "Assigned\nshare")
        .add("assigned_ratio", "Assigned\n× cap.")
        .add("work_secs", "Work")
        .add("work_share_pct", "Work\nshare")
        .add("work_ratio", "Work\n× cap.")
        .add("active_load", "Load\nnow")
        .add("load_share_pct", "Load\nshare")
        .add("load_ratio", "Load\n× cap.");
    let mut table = c.table(
        "fairness",
        "Fairness: shares against capacity share (× cap. 1.00 = fair)",
        view,
    );
    for r in &report.rows {
        table.push(vec![
            Cell::text(r.agent.clone()),
            int(u64::from(r.capacity)),
            Cell::opt_percent(r.capacity_share_pct),
            int(r.assigned),
            Cell::opt_percent(r.assigned_share_pct),
            opt_float(r.assigned_ratio, 2),
            Cell::Secs(r.work_secs),
            Cell::opt_percent(r.work_share_pct),
            opt_float(r.work_ratio, 2),
            int(r.active_load),
            Cell::opt_percent(r.load_share_pct),
            opt_float(r.load_ratio, 2),
        ]);
    }
    if !report.rows.is_empty() {
        let full = |n: f64| (n > 0.0).then_some(100.0);
        table.push(vec![
            Cell::text("total"),
            int(report.total_capacity),
            Cell::opt_percent(full(report.total_capacity as f64)),
            int(report.total_assigned),
            Cell::opt_percent(full(report.total_assigned as f64)),
            Cell::Empty,
            Cell::Secs(report.total_work_secs),
            Cell::opt_percent(full(report.total_work_secs as f64)),
            Cell::Empty,
            int(report.total_load),
            Cell::opt_percent(full(report.total_load as f64)),
            Cell::Empty,
        ]);
    }
    table
}

fn load_table(report: &LoadReport, zone: Tz, view: View) -> Table {
    let mut c = Columns::new();
    c.add("weekday", "Day");
    let keys: Vec<(String, String)> = (0..24)
        .map(|h| (format!("h{h:02}"), format!("{h:02}")))
        .collect();
    for (k, h) in &keys {
        c.add(k, h);
    }
    c.add("total", "Total");
    let mut table = c.table(
        "load",
        &format!("Arrivals by weekday and hour ({zone})"),
        view,
    );
    for row in &report.rows {
        let mut cells = vec![Cell::text(row.weekday.clone())];
        cells.extend(row.hours.map(int));
        cells.push(int(row.total));
        table.push(cells);
    }
    if !report.rows.is_empty() {
        let mut cells = vec![Cell::text("total")];
        cells.extend(report.hour_totals.map(int));
        cells.push(int(report.total));
        table.push(cells);
    }
    table
}

fn csat_table(report: &CsatReport, by: GroupBy, view: View) -> Table {
    let mut c = Columns::new();
    c.add("group", &group_header(by))
        .add("tickets", "Tickets")
        .add("rated", "Responses")
        .add("response_rate_pct", "Response\nrate")
        .add("average", "Average\n(1-5)")
        .add("satisfied_pct", "Satisfied\n(4-5)");
    if view.machine() {
        for s in 1..=5 {
            c.add(&format!("score_{s}"), "");
        }
    }
    let mut table = c.table(
        "csat",
        &format!("Customer satisfaction by {}", by.title()),
        view,
    );
    let row = |r: &CsatRow| {
        let mut cells = vec![
            Cell::text(r.group.clone()),
            int(r.tickets),
            int(r.rated),
            Cell::opt_percent(metrics::pct(r.rated, r.tickets)),
            opt_float(r.average, 2),
            Cell::opt_percent(r.satisfied_pct),
        ];
        if view.machine() {
            cells.extend(r.scores.map(int));
        }
        cells
    };
    for r in report.rows.iter().chain(&report.total) {
        table.push(row(r));
    }
    table
}

// ------------------------------------------------------------------ output

/// Writes every table to one stream: tables one after another (with a
/// heading line for people), or one JSON object keyed by table name.
fn write_all(
    out: &mut dyn Write,
    tables: &[Built],
    request: &Request,
    view: View,
) -> std::io::Result<()> {
    match view.format {
        Format::Json => {
            let mut map = Map::new();
            for b in tables {
                map.insert(
                    b.table.name.clone(),
                    output::table_json(&b.table, view.zone),
                );
            }
            serde_json::to_writer_pretty(&mut *out, &Value::Object(map))?;
            writeln!(out)
        }
        format @ (Format::Csv | Format::Jsonl) => {
            let plain: Vec<Table> = tables.iter().map(|b| b.table.clone()).collect();
            output::render_all(out, &plain, format, view.zone)
        }
        _ => {
            writeln!(out, "{}", heading(request))?;
            for b in tables {
                writeln!(out)?;
                write_one(out, b, view)?;
            }
            Ok(())
        }
    }
}

/// One table in the view's format (JSON: the table's rows as an array).
fn write_one(out: &mut dyn Write, built: &Built, view: View) -> std::io::Result<()> {
    match (&built.heat, view.format) {
        (Some(load), Format::Table) if !load.rows.is_empty() => {
            heat_map(out, &built.table.title, load, view.color)?;
            match &built.table.legend {
                Some(legend) => writeln!(out, "{}", crate::terminal::line(legend)),
                None => Ok(()),
            }
        }
        _ => output::render(out, &built.table, view.format, view.zone),
    }
}

/// What the report describes, for people: when, which tickets, which clock.
fn heading(request: &Request) -> String {
    let zone = request.zone;
    let opts = &request.opts;
    let cohort = match (opts.since, opts.until) {
        (None, None) => "all tickets".to_string(),
        _ => window_text(opts, zone),
    };
    format!(
        "Report at {} ({zone}); cohort: {cohort}; {} clock",
        timefmt::show(request.at, zone),
        opts.clock
    )
}

/// One file per table in `dir`, and `extra` files already written (the
/// HTML page), all renamed into place only once every one is written.
fn write_dir(
    ctx: &mut Ctx,
    dir: &Path,
    tables: &[Built],
    request: &Request,
    view: View,
    extra: Vec<OutFile>,
) -> Result<()> {
    dir_path(dir)?;
    let ext = match view.format {
        Format::Csv => "csv",
        Format::Json => "json",
        Format::Jsonl => "jsonl",
        Format::Markdown => "md",
        _ => "txt",
    };
    // Every file is written before any is renamed into place: a refused or
    // failed table leaves the directory as it was.
    let mut files = extra;
    for built in tables {
        let mut file = OutFile::create(&dir.join(format!("{}.{ext}", built.table.name)))?;
        let written = match view.format {
            Format::Table | Format::Markdown => writeln!(file, "{}\n", heading(request))
                .and_then(|()| write_one(&mut file, built, view)),
            _ => write_one(&mut file, built, view),
        };
        written.map_err(|e| file.write_error(e))?;
        files.push(file);
    }
    for file in files {
        let path = file.path().to_path_buf();
        file.commit()?;
        ctx.say(format!("wrote {}", path.display()));
    }
    Ok(())
}

// ------------------------------------------------------------------ heat map

/// Background colours (256-colour palette) from light to dark.
const HEAT_COLORS: [u8; 4] = [229, 221, 208, 196];
/// Block characters from light to dark.
const HEAT_BLOCKS: [char; 4] = ['░', '▒', '▓', '█'];

/// 0 for no arrivals, else 1..=4 by share of the busiest cell.
fn heat_level(count: u64, max: u64) -> usize {
    if count == 0 || max == 0 {
        0
    } else {
        (count * 4).div_ceil(max).clamp(1, 4) as usize
    }
}

/// The load table as a terminal heat map: counts by weekday and hour,
/// shaded by ANSI background colours when `color`, else followed by the
/// same grid in block characters. Either way the counts are there to read.
fn heat_map(
    out: &mut dyn Write,
    title: &str,
    load: &LoadReport,
    color: bool,
) -> std::io::Result<()> {
    let max = load.rows.iter().flat_map(|r| r.hours).max().unwrap_or(0);
    let count = |n: u64| output::thousands(i64::try_from(n).unwrap_or(i64::MAX));
    let width = load
        .hour_totals
        .iter()
        .map(|&n| count(n).len())
        .max()
        .unwrap_or(1)
        .max(2);
    let total_width = count(load.total).len().max(5);
    writeln!(out, "{title}")?;
    let mut line = String::from("     ");
    for h in 0..24 {
        line.push_str(&format!(" {:>width$}", format!("{h:02}")));
    }
    line.push_str(&format!("  {:>total_width$}", "total"));
    writeln!(out, "{}", line.trim_end())?;
    let cell = |n: u64, shade: bool| {
        let text = if n == 0 {
            format!("{:>width$}", "·")
        } else {
            format!("{:>width$}", count(n))
        };
        match heat_level(n, max) {
            level if shade && level > 0 => {
                format!("\x1b[30;48;5;{}m{text}\x1b[0m", HEAT_COLORS[level - 1])
            }
            _ => text,
        }
    };
    for row in &load.rows {
        let mut line = format!("{:<5}", row.weekday);
        for n in row.hours {
            line.push(' ');
            line.push_str(&cell(n, color));
        }
        line.push_str(&format!("  {:>total_width$}", count(row.total)));
        writeln!(out, "{line}")?;
    }
    let mut line = format!("{:<5}", "total");
    for n in load.hour_totals {
        line.push(' ');
        line.push_str(&cell(n, false));
    }
    line.push_str(&format!("  {:>total_width$}", count(load.total)));
    writeln!(out, "{line}")?;
    if color {
        let legend: Vec<String> = HEAT_COLORS
            .iter()
            .zip([25, 50, 75, 100])
            .map(|(c, share)| format!("\x1b[30;48;5;{c}m up to {share}% \x1b[0m"))
            .collect();
        writeln!(
            out,
            "      {} of the busiest hour ({})",
            legend.join(" "),
            count(max)
        )?;
    } else {
        writeln!(out)?;
        let mut axis = String::new();
        for h in (0..24).step_by(6) {
            axis.push_str(&format!("{h:02}{}", " ".repeat(10)));
        }
        writeln!(out, "     {}", axis.trim_end())?;
        for row in &load.rows {
            let shades: String = row
                .hours
                .iter()
                .map(|&n| match heat_level(n, max) {
                    0 => "  ".to_string(),
                    level => HEAT_BLOCKS[level - 1].to_string().repeat(2),
                })
                .collect();
            writeln!(out, "{}", format!("{:<5}{shades}", row.weekday).trim_end())?;
        }
        writeln!(
            out,
            "     ░ ▒ ▓ █: up to 25%, 50%, 75%, 100% of the busiest hour ({})",
            count(max)
        )?;
    }
    let mut busiest: Option<(&str, usize, u64)> = None;
    for row in &load.rows {
        for (hour, &n) in row.hours.iter().enumerate() {
            if n > busiest.map_or(0, |b| b.2) {
                busiest = Some((&row.weekday, hour, n));
            }
        }
    }
    if let Some((day, hour, n)) = busiest {
        writeln!(
            out,
            "busiest hour: {day} {hour:02}:00-{:02}:00, {} arrivals",
            (hour + 1) % 24,
            count(n)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_report() -> LoadReport {
        let mut rows = Vec::new();
        for (i, day) in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
            .iter()
            .enumerate()
        {
            let mut hours = [0u64; 24];
            hours[9] = 8 - i as u64;
            hours[14] = 1;
            rows.push(metrics::LoadRow {
                weekday: day.to_string(),
                hours,
                total: hours.iter().sum(),
            });
        }
        let mut hour_totals = [0u64; 24];
        hour_totals[9] = (2..=8).sum();
        hour_totals[14] = 7;
        LoadReport {
            rows,
            hour_totals,
            total: 42,
        }
    }

    fn heat(color: bool) -> String {
        let mut out = Vec::new();
        heat_map(&mut out, "Arrivals", &load_report(), color).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn heat_levels_split_the_busiest_cell_in_quarters() {
        assert_eq!(heat_level(0, 8), 0);
        assert_eq!(heat_level(1, 8), 1);
        assert_eq!(heat_level(2, 8), 1);
        assert_eq!(heat_level(3, 8), 2);
        assert_eq!(heat_level(6, 8), 3);
        assert_eq!(heat_level(7, 8), 4);
        assert_eq!(heat_level(8, 8), 4);
        assert_eq!(heat_level(5, 0), 0);
    }

    #[test]
    fn heat_map_shades_with_colour_only_when_asked() {
        let plain = heat(false);
        assert!(!plain.contains('\x1b'), "{plain}");
        // Counts are readable, then the same grid in block characters.
        assert!(plain.contains("Mon    ·"), "{plain}");
        assert!(plain.contains("Mon                    ██"), "{plain}");
        assert!(plain.contains("Thu                    ▓▓"), "{plain}");
        assert!(plain.contains("Sun                    ░░"), "{plain}");
        assert!(plain.contains("busiest hour: Mon 09:00-10:00, 8 arrivals"));
        let colored = heat(true);
        assert!(colored.contains("\x1b[30;48;5;196m 8\x1b[0m"), "{colored}");
        assert!(!colored.contains('█'), "{colored}");
        // Colour codes take no room: the columns line up as in plain text.
        let strip = |s: &str| {
            let mut text = String::new();
            let mut escape = false;
            for c in s.chars() {
                match c {
                    '\x1b' => escape = true,
                    'm' if escape => escape = false,
                    _ if !escape => text.push(c),
                    _ => {}
                }
            }
            text
        };
        let plain_lines: Vec<&str> = plain.lines().take(10).collect();
        let colored_text = strip(&colored);
        let colored_lines: Vec<&str> = colored_text.lines().take(10).collect();
        assert_eq!(plain_lines, colored_lines);
    }
}
