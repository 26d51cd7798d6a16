//! `triage simulate`: what-if simulations of routing strategies and
//! rosters, driving [`crate::sim`]. This file does the I/O: reading the
//! scenario and the database history, the progress bar, the result tables
//! and the `--export-tickets` CSV.

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use chrono::{Datelike, Offset, TimeDelta, Timelike};
use chrono_tz::Tz;

use super::Ctx;
use crate::duration::human_secs;
use crate::error::{Error, Result};
use crate::outfile::OutFile;
use crate::output::{self, escape_formula, Cell, Format, Table};
use crate::sim::model::{to_time, Chooser, Dispatch, Model};
use crate::sim::scenario::{
    self, AgentsFlagError, ArrivalsSpec, History, ReplaySpec, Scenario, Source,
};
use crate::sim::stats::{paired_differences, Estimate, RepStats, Summary, Unit, METRICS};
use crate::sim::synth::{Synth, Text};
use crate::sim::{self, Finished, Observer, Outcome};
use crate::yaml_limits;

/// Options of `triage simulate`.
#[derive(clap::Args, Debug)]
pub struct SimulateArgs {
    /// Scenario file (YAML) [default: the embedded example scenario, or with --from-db a replay]
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Compare these strategies (comma-separated: round_robin, least_loaded, skill, score, random)
    #[arg(long, value_delimiter = ',', value_name = "LIST", value_parser = parse_chooser)]
    pub strategies: Vec<Chooser>,
    /// Replay the database's tickets created between --since and --until
    #[arg(long)]
    pub from_db: bool,
    /// Start of the replayed period [default: 28 days before --until]
    #[arg(long, value_name = "TIME", requires = "from_db")]
    pub since: Option<String>,
    /// End of the replayed period [default: now]
    #[arg(long, value_name = "TIME", requires = "from_db")]
    pub until: Option<String>,
    /// Also simulate a changed roster: +N:SKILL[,SKILL] adds N agents, -ID removes one (repeatable)
    #[arg(long, value_name = "CHANGE", allow_hyphen_values = true)]
    pub agents: Vec<String>,
    /// Dispatch mode for every variant: pull (central queue) or push (personal queues)
    #[arg(long, value_name = "MODE", value_parser = parse_dispatch)]
    pub dispatch: Option<Dispatch>,
    /// Independent replications per variant, run in parallel [default: the scenario's, else 1]
    #[arg(long, short = 'n', value_name = "N")]
    pub replications: Option<u32>,
    /// Random seed: the same seed gives the same output [default: the scenario's, else 1]
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Add a per-agent table
    #[arg(long, value_name = "GROUP", value_parser = ["agent"])]
    pub by: Option<String>,
    /// Write the simulated tickets (first variant, first replication) as CSV for `import`
    #[arg(long, value_name = "FILE")]
    pub export_tickets: Option<PathBuf>,
    /// Add a table of each variant's difference from the first, with 95% intervals paired by replication
    #[arg(long)]
    pub differences: bool,
    /// Threads to use [default: all cores]
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Write the results to FILE instead of stdout (format from its extension without --format: .csv, .json, .jsonl, .md, .html)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
}

fn parse_chooser(text: &str) -> std::result::Result<Chooser, String> {
    Chooser::parse(text).ok_or_else(|| {
        format!(
            "unknown strategy {text:?}: expected round_robin, least_loaded, skill, score or random"
        )
    })
}

fn parse_dispatch(text: &str) -> std::result::Result<Dispatch, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "pull" => Ok(Dispatch::Pull),
        "push" => Ok(Dispatch::Push),
        _ => Err(format!(
            "unknown dispatch mode {text:?}: expected pull or push"
        )),
    }
}

pub fn run(ctx: &mut Ctx, args: &SimulateArgs) -> Result<()> {
    let rules = ctx.rules()?.clone();
    let now = ctx.now()?;
    let zone = rules.zone;

    let source = match &args.scenario {
        Some(path) => Source {
            name: path.display().to_string(),
            text: yaml_limits::read(path, "scenario")
                .map_err(|e| Error::data(e.in_file(&path.display().to_string())))?,
        },
        None if args.from_db => Source {
            name: "--from-db".to_string(),
            text: String::new(),
        },
        None => Source {
            name: "<embedded example scenario>".to_string(),
            text: scenario::EXAMPLE.to_string(),
        },
    };
    let mut sc: Scenario = scenario::parse(&source).map_err(Error::Data)?;
    if args.from_db {
        let until = match &args.until {
            Some(t) => ctx.parse_time("--until", t)?,
            None => now,
        };
        let since = match &args.since {
            Some(t) => ctx.parse_time("--since", t)?,
            None => until - TimeDelta::days(28),
        };
        if until <= since {
            return Err(Error::Usage("--until must be after --since".to_string()));
        }
        sc.arrivals = Some(ArrivalsSpec {
            poisson: None,
            replay: Some(ReplaySpec {
                since: since.to_rfc3339(),
                until: until.to_rfc3339(),
            }),
        });
        sc.start = None;
        sc.horizon = None;
    }
    let quick = !args.strategies.is_empty() || !args.agents.is_empty();
    if quick && !sc.variants.is_empty() {
        ctx.say("note: --strategies and --agents replace the scenario's variants");
        sc.variants.clear();
    }
    let mut changes = Vec::new();
    for a in &args.agents {
        changes.push(scenario::parse_agents_flag(a, &rules).map_err(|e| match e {
            AgentsFlagError::Malformed(m) => Error::Usage(m),
            AgentsFlagError::UnknownAgent(m) | AgentsFlagError::NoModel(m) => Error::Data(m),
        })?);
    }
    sc.add_agent_variants(changes);
    sc.cross_strategies(&args.strategies);
    if let Some(d) = args.dispatch {
        sc.dispatch = Some(d);
        for v in &mut sc.variants {
            v.dispatch = Some(d);
        }
    }

    let history = if sc.needs_history() {
        let window = sc.replay_window(&rules).map_err(Error::Data)?;
        let store = ctx.open_store()?;
        let history = History::collect(store.tickets(), &rules, window)?;
        drop(store);
        if let Some((since, until)) = window {
            let zone = rules.zone;
            let (from, to) = (
                crate::timefmt::show(since, zone),
                crate::timefmt::show(until, zone),
            );
            if history.replay.is_empty() {
                return Err(Error::data(format!(
                    "replay: no tickets were created from {from} to {to} ({zone}): nothing to replay; \
                     import a history (triage import FILE) or widen the window (--since 90d)"
                )));
            }
            let n = history.replay.len();
            if n < SMALL_HISTORY {
                let were = if n == 1 { "ticket was" } else { "tickets were" };
                ctx.say(format!(
                    "note: only {n} {were} created from {from} to {to}: the figures rest on \
                     few arrivals and their intervals are wide; widen the window (--since 90d) \
                     for more"
                ));
            }
        }
        Some(history)
    } else {
        None
    };
    let compiled =
        scenario::compile(&sc, &source, &rules, now, history.as_ref()).map_err(Error::Data)?;
    for note in &compiled.notes {
        ctx.say(format!("note: {note}"));
    }
    let model = compiled.model;
    let seed = args.seed.or(compiled.seed).unwrap_or(1);
    let replications = args.replications.or(compiled.replications).unwrap_or(1);
    if replications == 0 {
        return Err(Error::Usage(
            "--replications: expected at least 1".to_string(),
        ));
    }
    let threads = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);

    let mut export = match &args.export_tickets {
        Some(path) => {
            let file = OutFile::create(path)?;
            Some(ExportWriter::new(file, &model, seed)?)
        }
        None => None,
    };

    let jobs = model.variants.len() as u64 * u64::from(replications);
    let bar = (std::io::stderr().is_terminal() && !ctx.quiet).then(|| {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(jobs * 1000),
            indicatif::ProgressDrawTarget::stderr(),
        );
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "simulating {bar:40} {percent:>3}% {elapsed} (eta {eta})",
        ) {
            bar.set_style(style);
        }
        bar
    });
    let progress = |share: f64| {
        if let Some(bar) = &bar {
            bar.inc((share * 1000.0).round().max(0.0) as u64);
        }
    };
    let started = Instant::now();
    let reps = sim::run_all(
        &model,
        replications,
        seed,
        threads,
        export.as_mut().map(|e| e as &mut (dyn Observer + Send)),
        &progress,
    );
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if let Some(e) = export {
        e.finish()?;
    }
    let elapsed = started.elapsed();

    let summaries: Vec<Summary> = reps.iter().map(|r| Summary::of(r)).collect();
    let format = ctx
        .format
        .or_else(|| args.out.as_deref().and_then(Format::from_extension))
        .unwrap_or(Format::Table);
    let human = format.is_human();
    let per_replication = format.is_json().then_some(reps.as_slice());
    let mut tables = vec![variant_table(&model, &summaries, per_replication, human)];
    if args.by.is_some() {
        tables.push(agent_table(&model, &summaries, human));
    }
    if args.differences {
        tables.push(difference_table(&model, &reps, human));
    }
    if human && replications > 1 {
        tables[0].note = Some(format!(
            "± is the half-width of the 95% confidence interval over {replications} replications (seed {seed})."
        ));
    }
    if ctx.quiet {
        // Data only: no titles, no notes.
        for table in &mut tables {
            table.title.clear();
            table.note = None;
        }
    }
    ctx.say(format!(
        "simulated {} variant(s) × {replications} replication(s), seed {seed}: arrivals {} → {}, measured from {}; {:.2} s",
        model.variants.len(),
        crate::timefmt::show(to_time(model.start), zone),
        crate::timefmt::show(to_time(model.end), zone),
        crate::timefmt::show(to_time(model.warmup_end), zone),
        elapsed.as_secs_f64(),
    ));
    if format == Format::Html {
        let variants: Vec<String> = model.variants.iter().map(|v| v.name.clone()).collect();
        let subtitle = format!(
            "{} variant(s) × {replications} replication(s), seed {seed}; arrivals {} → {}, measured from {} ({zone})",
            model.variants.len(),
            crate::timefmt::show(to_time(model.start), zone),
            crate::timefmt::show(to_time(model.end), zone),
            crate::timefmt::show(to_time(model.warmup_end), zone),
        );
        let page = crate::html::simulation::SimulationPage {
            title: &format!("Simulation: {}", source.name),
            subtitle: &subtitle,
            variants: &variants,
            summaries: &summaries,
            replications,
            tables: &tables,
            zone,
        };
        return write_results(ctx, args.out.as_deref(), |out| {
            crate::html::simulation::write(out, &page)
        });
    }
    write_results(ctx, args.out.as_deref(), |out| {
        output::render_all(out, &tables, format, zone)
    })?;
    Ok(())
}

/// Writes the results to `path` (through [`OutFile`]: whole or not at
/// all) or to stdout.
fn write_results(
    ctx: &mut Ctx,
    path: Option<&std::path::Path>,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<()> {
    let Some(path) = path else {
        write(&mut ctx.out)?;
        return Ok(());
    };
    let mut file = crate::outfile::OutFile::create(path)?;
    write(&mut file).map_err(|e| file.write_error(e))?;
    file.commit()?;
    ctx.say(format!("wrote {}", path.display()));
    Ok(())
}

/// Fewer replayed arrivals than this draw a note: a what-if on a handful
/// of tickets says little.
const SMALL_HISTORY: usize = 50;

/// Seconds for people: `0.4s`, `42s`, `3m 20s`, `2h 5m`.
fn human_duration(secs: f64) -> String {
    if secs.abs() < 10.0 {
        format!("{secs:.1}s")
    } else {
        human_secs(secs.round() as i64)
    }
}

fn human_value(unit: Unit, x: f64) -> String {
    match unit {
        Unit::Count => format!("{}", x.round() as i64),
        Unit::Secs => human_duration(x),
        Unit::Percent => format!("{x:.1}%"),
        Unit::Number => format!("{x:.2}"),
    }
}

/// A value for CSV and JSON: whole counts as integers, everything else in
/// full precision (a narrow interval must not print as 0.000).
fn machine_value(unit: Unit, x: f64) -> Cell {
    match unit {
        Unit::Count if x.fract() == 0.0 && x.abs() < 1e15 => Cell::Int(x as i64),
        Unit::Count | Unit::Number | Unit::Secs | Unit::Percent => Cell::Exact(x),
    }
}

/// The cells of one estimate: one text cell for people (value, then
/// `±half-width` under it), or a value and a half-width cell for machines.
fn estimate_cells(unit: Unit, e: &Estimate, human: bool) -> Vec<Cell> {
    if human {
        let Some(mean) = e.mean else {
            return vec![Cell::Empty];
        };
        let mut text = human_value(unit, mean);
        if let Some(h) = e.half_width {
            let hw = match unit {
                Unit::Count | Unit::Number => format!("{h:.1}"),
                _ => human_value(unit, h),
            };
            text.push_str(&format!("\n±{hw}"));
        }
        vec![Cell::Text(text)]
    } else {
        vec![
            e.mean.map_or(Cell::Empty, |m| machine_value(unit, m)),
            e.half_width.map_or(Cell::Empty, |h| machine_value(unit, h)),
        ]
    }
}

fn columns(
    human: bool,
    lead: &[(&str, &str)],
    metrics: &[(&str, &str, Unit)],
) -> Vec<(String, String)> {
    let mut cols: Vec<(String, String)> = lead
        .iter()
        .map(|(k, h)| (k.to_string(), h.to_string()))
        .collect();
    for (key, header, _) in metrics {
        cols.push((key.to_string(), header.to_string()));
        if !human {
            cols.push((format!("{key}_ci"), format!("{header} ±")));
        }
    }
    cols
}

fn table_of(name: &str, title: &str, cols: &[(String, String)]) -> Table {
    let pairs: Vec<(&str, &str)> = cols.iter().map(|(k, h)| (k.as_str(), h.as_str())).collect();
    Table::new(name, title, &pairs)
}

/// One row per variant. With `per_replication` (JSON), each row also holds
/// its replications' own values, in replication order, under
/// `replications`.
fn variant_table(
    model: &Model<'_>,
    summaries: &[Summary],
    per_replication: Option<&[Vec<RepStats>]>,
    human: bool,
) -> Table {
    let metrics: Vec<(&str, &str, Unit)> =
        METRICS.iter().map(|m| (m.key, m.header, m.unit)).collect();
    let mut cols = columns(
        human,
        &[
            ("variant", "Variant"),
            ("dispatch", "Dispatch"),
            ("strategy", "Strategy"),
        ],
        &metrics,
    );
    if per_replication.is_some() {
        cols.push(("replications".to_string(), "Replications".to_string()));
    }
    let mut table = table_of("simulate", "Simulation: one row per variant", &cols);
    for (i, (v, s)) in model.variants.iter().zip(summaries).enumerate() {
        let mut row = vec![
            Cell::text(v.name.clone()),
            Cell::text(v.dispatch.as_str()),
            Cell::text(v.chooser.as_str()),
        ];
        for (k, def) in METRICS.iter().enumerate() {
            row.extend(estimate_cells(def.unit, &s.metrics[k], human));
        }
        if let Some(reps) = per_replication {
            row.push(Cell::Json(replication_values(&reps[i])));
        }
        table.push(row);
    }
    table
}

/// Each replication's metrics as a JSON object keyed like the columns
/// (`null` where a replication has no value).
fn replication_values(reps: &[RepStats]) -> serde_json::Value {
    reps.iter()
        .map(|r| {
            let mut obj = serde_json::Map::new();
            for (def, value) in METRICS.iter().zip(&r.values) {
                let cell = value.map_or(serde_json::Value::Null, |x| {
                    match machine_value(def.unit, x) {
                        Cell::Int(n) => n.into(),
                        _ => x.into(),
                    }
                });
                obj.insert(def.key.to_string(), cell);
            }
            serde_json::Value::Object(obj)
        })
        .collect()
}

/// One row per variant after the first: every metric's difference from
/// the first variant (this variant minus the first), with its 95%
/// interval over the replications' paired differences.
fn difference_table(model: &Model<'_>, reps: &[Vec<RepStats>], human: bool) -> Table {
    let metrics: Vec<(&str, &str, Unit)> =
        METRICS.iter().map(|m| (m.key, m.header, m.unit)).collect();
    let cols = columns(
        human,
        &[("variant", "Variant"), ("versus", "Versus")],
        &metrics,
    );
    let Some((base, base_reps)) = model.variants.first().zip(reps.first()) else {
        return table_of("differences", "", &cols);
    };
    let mut table = table_of(
        "differences",
        &format!(
            "Differences from {}: this variant minus it, paired by replication",
            base.name
        ),
        &cols,
    );
    for (v, other) in model.variants.iter().zip(reps).skip(1) {
        let mut row = vec![Cell::text(v.name.clone()), Cell::text(base.name.clone())];
        for (def, d) in METRICS.iter().zip(paired_differences(base_reps, other)) {
            row.extend(difference_cells(def.unit, &d, human));
        }
        table.push(row);
    }
    if human {
        table.note = Some(if reps.first().is_some_and(|r| r.len() > 1) {
            "A difference whose ± interval does not contain zero is real at 95% confidence."
                .to_string()
        } else {
            "One replication gives no interval: run --replications 2 or more.".to_string()
        });
    }
    table
}

/// Like [`estimate_cells`], with a `+` written out for people (`+1m 5s`;
/// negative values carry their `-`).
fn difference_cells(unit: Unit, e: &Estimate, human: bool) -> Vec<Cell> {
    let mut cells = estimate_cells(unit, e, human);
    if let (true, Some(mean), Some(Cell::Text(text))) = (human, e.mean, cells.first_mut()) {
        if mean >= 0.0 {
            text.insert(0, '+');
        }
    }
    cells
}

fn agent_table(model: &Model<'_>, summaries: &[Summary], human: bool) -> Table {
    let cols = columns(
        human,
        &[
            ("variant", "Variant"),
            ("agent", "Agent"),
            ("capacity", "Capacity"),
        ],
        &[
            ("tickets", "Tickets", Unit::Count),
            ("utilisation_pct", "Utilisation", Unit::Percent),
        ],
    );
    let mut table = table_of("agents", "Agents: tickets started and utilisation", &cols);
    for (v, s) in model.variants.iter().zip(summaries) {
        for (a, (served, util)) in v.agents.iter().zip(&s.agents) {
            let mut row = vec![
                Cell::text(v.name.clone()),
                Cell::text(a.spec.id.0.clone()),
                Cell::Int(i64::from(a.spec.capacity)),
            ];
            row.extend(estimate_cells(Unit::Count, served, human));
            row.extend(estimate_cells(Unit::Percent, util, human));
            table.push(row);
        }
    }
    table
}

/// Streams simulated tickets to CSV in id order. Tickets finish out of
/// order, so those finished ahead of the next id wait in a buffer that only
/// ever holds the tickets still in the system. Fields are written one by
/// one from reused buffers.
struct ExportWriter<'m, 'r> {
    out: csv::Writer<OutFile>,
    model: &'m Model<'r>,
    synth: Synth,
    zone: Tz,
    next: u64,
    pending: VecDeque<Option<Finished>>,
    error: Option<csv::Error>,
    text: Text,
    scratch: String,
}

const EXPORT_HEADER: [&str; 16] = [
    "id",
    "title",
    "body",
    "customer",
    "email",
    "phone",
    "tier",
    "channel",
    "category",
    "priority",
    "status",
    "assignee",
    "team",
    "created",
    "first_response",
    "resolved",
];

/// ISO 8601 in `zone`: `2026-03-02T09:05:00+08:00` (`Z` for UTC), with the
/// microseconds (`09:05:00.250300`) when the instant is not a whole second,
/// so an import of the file keeps the simulated times exactly. Digits are
/// written by hand: a million rows have three times each.
fn push_time(out: &mut String, us: i64, zone: Tz) {
    fn digits(out: &mut String, n: u32, width: u32) {
        for k in (0..width).rev() {
            out.push(char::from(b'0' + (n / 10u32.pow(k) % 10) as u8));
        }
    }
    let t = to_time(us).with_timezone(&zone);
    let l = t.naive_local();
    digits(out, l.year().clamp(0, 9999) as u32, 4);
    out.push('-');
    digits(out, l.month(), 2);
    out.push('-');
    digits(out, l.day(), 2);
    out.push('T');
    digits(out, l.hour(), 2);
    out.push(':');
    digits(out, l.minute(), 2);
    out.push(':');
    digits(out, l.second(), 2);
    let micros = us.rem_euclid(1_000_000) as u32;
    if micros != 0 {
        out.push('.');
        digits(out, micros, 6);
    }
    let offset = t.offset().fix().local_minus_utc();
    if offset == 0 {
        out.push('Z');
    } else {
        out.push(if offset < 0 { '-' } else { '+' });
        let m = offset.unsigned_abs() / 60;
        digits(out, m / 60, 2);
        out.push(':');
        digits(out, m % 60, 2);
    }
}

impl<'m, 'r> ExportWriter<'m, 'r> {
    fn new(file: OutFile, model: &'m Model<'r>, seed: u64) -> Result<Self> {
        let mut out = csv::WriterBuilder::new()
            .buffer_capacity(1 << 20)
            .from_writer(file);
        out.write_record(EXPORT_HEADER)
            .map_err(|e| Error::io(Self::context(out.get_ref()), e.into()))?;
        Ok(ExportWriter {
            out,
            model,
            synth: Synth::new(seed, model.expected_tickets),
            zone: model.rules.zone,
            next: 1,
            pending: VecDeque::new(),
            error: None,
            text: Text::default(),
            scratch: String::new(),
        })
    }

    fn context(file: &OutFile) -> String {
        format!("writing the ticket export {}", file.path().display())
    }

    fn field(out: &mut csv::Writer<OutFile>, value: &str) -> csv::Result<()> {
        out.write_field(escape_formula(value).as_bytes())
    }

    fn write(&mut self, f: &Finished) {
        if self.error.is_some() {
            return;
        }
        if let Err(e) = self.try_write(f) {
            self.error = Some(e);
        }
    }

    fn try_write(&mut self, f: &Finished) -> csv::Result<()> {
        let kind = &self.model.kinds[f.kind as usize];
        let variant = &self.model.variants[0];
        let agent = f.agent.map(|a| &variant.agents[a as usize]);
        self.synth.text(
            f.id,
            kind.category.as_deref(),
            &kind.name,
            kind.tier.as_deref(),
            kind.channel.as_deref(),
            &mut self.text,
        );
        let status = match f.outcome {
            Outcome::Resolved => "resolved",
            Outcome::InService => "open",
            Outcome::Queued => "assigned",
            Outcome::Waiting | Outcome::Unserved => "new",
            Outcome::Abandoned => "closed",
        };
        let team = kind
            .team
            .as_deref()
            .or_else(|| agent.and_then(|a| a.teams.first().map(String::as_str)))
            .unwrap_or_default();
        let out = &mut self.out;
        let t = &self.text;
        self.scratch.clear();
        let _ = write!(self.scratch, "{}", f.id);
        Self::field(out, &self.scratch)?;
        for value in [
            &t.title,
            &t.body,
            &t.customer,
            &t.email,
            &t.phone,
            &t.tier,
            &t.channel,
        ] {
            Self::field(out, value)?;
        }
        Self::field(out, kind.category.as_deref().unwrap_or_default())?;
        Self::field(out, f.priority.as_str())?;
        Self::field(out, status)?;
        Self::field(out, agent.map_or("", |a| a.spec.id.0.as_str()))?;
        Self::field(out, team)?;
        for at in [Some(f.created), f.first_response, f.resolved] {
            self.scratch.clear();
            if let Some(us) = at {
                push_time(&mut self.scratch, us, self.zone);
            }
            Self::field(out, &self.scratch)?;
        }
        out.write_record(std::iter::empty::<&[u8]>())
    }

    fn finish(mut self) -> Result<()> {
        while let Some(f) = self.pending.pop_front() {
            if let Some(f) = f {
                self.write(&f);
            }
        }
        let context = Self::context(self.out.get_ref());
        if let Some(e) = self.error.take() {
            return Err(Error::io(context, e.into()));
        }
        let file = self
            .out
            .into_inner()
            .map_err(|e| Error::io(context, e.into_error()))?;
        // Only a complete export appears under its name.
        file.commit()?;
        Ok(())
    }
}

impl Observer for ExportWriter<'_, '_> {
    fn ticket(&mut self, f: &Finished) {
        let at = (f.id - self.next) as usize;
        if self.pending.len() <= at {
            self.pending.resize(at + 1, None);
        }
        self.pending[at] = Some(*f);
        while let Some(Some(front)) = self.pending.front().copied() {
            self.pending.pop_front();
            self.next += 1;
            self.write(&front);
        }
    }
}
