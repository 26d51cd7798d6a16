//! One pass over the summaries feeds every table asked for: each ticket is
//! checked, grouped and SLA-evaluated once, however many tables use it.
//! The summaries are cut in chunks that several threads fold at once, each
//! into a tally of its own (groups and agents as slots, see
//! [`super::slots`]); the tallies are then merged by name and finished.
//! Counts and sums are exact and percentiles are taken over every value,
//! so the result does not depend on the number of threads.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, NaiveDate, Utc};

use super::agents::{self, AgentAcc, AgentTally, AgentWants};
use super::backlog::{backlog_report, BacklogAcc};
use super::evaluate::{Target, Targets};
use super::resolution::period_start;
use super::resolution::{resolution_report, ResolutionAcc, ResolutionTally};
use super::sla::{sla_report, SlaAcc};
use super::slots::{self, Slots};
use super::trend::{sla_trend, Durations};
use super::volume::{csat_report, load_report, CsatAcc, LoadAcc};
use super::{counts, BacklogRow, CsatRow, Period, Report, ReportOptions, Tables};
use crate::rules::Rules;
use crate::summary::Summary;

/// Summaries per unit of work a thread takes.
const CHUNK: usize = 16_384;

/// A tally that absorbs another of the same kind.
pub(crate) trait Merge {
    fn merge(&mut self, other: Self);
}

/// Values indexed by slot, paired with their names.
pub(crate) fn named<'a, T>(slots: &Slots<'a>, values: Vec<T>) -> Vec<(&'a str, T)> {
    values
        .into_iter()
        .enumerate()
        .map(|(slot, value)| (slots.name(slot), value))
        .collect()
}

fn pairs<T>(map: HashMap<&str, T>) -> Vec<(&str, T)> {
    map.into_iter().collect()
}

fn merge_named<'a, T: Merge>(into: &mut HashMap<&'a str, T>, from: Vec<(&'a str, T)>) {
    for (name, value) in from {
        match into.entry(name) {
            Entry::Occupied(mut e) => e.get_mut().merge(value),
            Entry::Vacant(e) => {
                e.insert(value);
            }
        }
    }
}

/// What every thread reads.
struct Context<'r> {
    rules: &'r Rules,
    opts: &'r ReportOptions,
    now: DateTime<Utc>,
    tables: Tables,
    targets: Targets<'r>,
    /// Some table asked for has rows per group.
    grouped: bool,
}

impl Context<'_> {
    /// The periods of the SLA trend: the resolution table's, else weeks.
    fn trend_period(&self) -> Period {
        self.opts.period.unwrap_or(Period::Week)
    }
}

/// One thread's tally; groups and agents are slots of its own.
#[derive(Default)]
struct Tally<'a> {
    groups: Slots<'a>,
    sla: Vec<SlaAcc>,
    backlog: BacklogAcc,
    resolution: ResolutionTally,
    agents: AgentTally<'a>,
    load: LoadAcc,
    csat: CsatAcc,
    sla_trend: BTreeMap<NaiveDate, SlaAcc>,
    durations: Durations,
}

impl<'a> Tally<'a> {
    fn add(&mut self, ticket: &'a Summary, cx: &Context<'_>) {
        let (opts, now, wants) = (cx.opts, cx.now, cx.tables);
        if !counts(ticket, now) {
            return;
        }
        let cohort = opts.in_window(ticket.created_at, now);
        let group = cx
            .grouped
            .then(|| self.groups.slot(opts.group_by.key(ticket)));
        let targets = cx.targets.of(ticket);
        let sla = (cohort && (wants.sla || wants.agents || wants.sla_trend || wants.durations))
            .then(|| cx.targets.evaluate(ticket, targets, opts.clock, now));
        if let (true, Some(sla)) = (wants.sla_trend, &sla) {
            let start = period_start(cx.trend_period(), ticket.created_at, cx.rules.zone);
            self.sla_trend.entry(start).or_default().add(sla);
        }
        if let (true, Some(sla)) = (wants.durations, &sla) {
            self.durations.add(sla);
        }
        if let (true, Some(sla), Some(group)) = (wants.sla, &sla, group) {
            slots::at(&mut self.sla, group).add(sla);
        }
        if let (true, Some(group)) = (wants.backlog, group) {
            self.backlog.add(ticket, group, now);
        }
        if wants.resolution {
            self.resolution.add(ticket, group, cx.rules.zone, opts, now);
        }
        if wants.agents || wants.fairness {
            let want = AgentWants {
                meter: cx
                    .targets
                    .measuring(targets, Target::Resolution, opts.clock),
                sla: sla.as_ref().filter(|_| wants.agents),
                handle: wants.agents,
                work: wants.fairness,
            };
            self.agents.add(ticket, want, opts, now);
        }
        if wants.load && cohort {
            self.load.add(ticket, cx.rules.zone);
        }
        if let (true, true, Some(group)) = (wants.csat, cohort, group) {
            self.csat.add(ticket, group);
        }
    }

    fn into_named(mut self) -> Named<'a> {
        let backlog_groups = std::mem::take(&mut self.backlog.by_group);
        let resolution_groups = std::mem::take(&mut self.resolution.groups);
        let csat_groups = std::mem::take(&mut self.csat.groups);
        let agents = self.agents.any.then(|| {
            let mut by_agent = HashMap::new();
            merge_named(&mut by_agent, named(&self.agents.slots, self.agents.agents));
            by_agent
        });
        let mut out = Named {
            backlog: self.backlog,
            resolution_periods: self.resolution.periods,
            agents,
            load: self.load,
            csat: self.csat,
            sla_trend: self.sla_trend,
            durations: self.durations,
            ..Named::default()
        };
        merge_named(&mut out.sla, named(&self.groups, self.sla));
        merge_named(&mut out.backlog_groups, named(&self.groups, backlog_groups));
        merge_named(
            &mut out.resolution_groups,
            named(&self.groups, resolution_groups),
        );
        merge_named(&mut out.csat_groups, named(&self.groups, csat_groups));
        out
    }
}

/// A tally with its groups and agents named, so tallies of different
/// threads can be merged.
#[derive(Default)]
struct Named<'a> {
    sla: HashMap<&'a str, SlaAcc>,
    backlog: BacklogAcc,
    backlog_groups: HashMap<&'a str, BacklogRow>,
    resolution_periods: BTreeMap<NaiveDate, ResolutionAcc>,
    resolution_groups: HashMap<&'a str, ResolutionAcc>,
    /// `None` while no ticket counts.
    agents: Option<HashMap<&'a str, AgentAcc>>,
    load: LoadAcc,
    csat: CsatAcc,
    csat_groups: HashMap<&'a str, CsatRow>,
    sla_trend: BTreeMap<NaiveDate, SlaAcc>,
    durations: Durations,
}

impl<'a> Named<'a> {
    fn merge(&mut self, other: Named<'a>) {
        merge_named(&mut self.sla, pairs(other.sla));
        self.backlog.merge_counts(other.backlog);
        merge_named(&mut self.backlog_groups, pairs(other.backlog_groups));
        for (day, acc) in other.resolution_periods {
            self.resolution_periods.entry(day).or_default().merge(acc);
        }
        merge_named(&mut self.resolution_groups, pairs(other.resolution_groups));
        if let Some(theirs) = other.agents {
            merge_named(self.agents.get_or_insert_with(HashMap::new), pairs(theirs));
        }
        self.load.merge(other.load);
        self.csat.merge_total(other.csat);
        merge_named(&mut self.csat_groups, pairs(other.csat_groups));
        for (day, acc) in other.sla_trend {
            self.sla_trend.entry(day).or_default().merge(acc);
        }
        self.durations.merge(other.durations);
    }

    fn finish(self, cx: &Context<'a>) -> Report {
        let wants = cx.tables;
        let mut report = Report::default();
        if wants.sla {
            report.sla = sla_report(pairs(self.sla));
        }
        if wants.backlog {
            report.backlog = backlog_report(self.backlog, pairs(self.backlog_groups));
        }
        if wants.resolution {
            report.resolution = resolution_report(
                self.resolution_periods,
                pairs(self.resolution_groups),
                cx.opts,
            );
        }
        if wants.fairness {
            report.fairness = agents::fairness_report(self.agents.as_ref(), cx.rules);
        }
        if wants.agents {
            report.agents = agents::agents_report(self.agents, cx.rules);
        }
        if wants.load {
            report.load = load_report(self.load);
        }
        if wants.csat {
            report.csat = csat_report(self.csat, pairs(self.csat_groups));
        }
        if wants.sla_trend {
            report.sla_trend = sla_trend(self.sla_trend, cx.trend_period());
        }
        if wants.durations {
            report.durations = self.durations;
        }
        report
    }
}

/// The tables in `tables` over `tickets`, folded by up to `threads`
/// threads; the other tables are left empty.
pub(crate) fn run(
    tickets: &[&[Summary]],
    rules: &Rules,
    opts: &ReportOptions,
    now: DateTime<Utc>,
    tables: Tables,
    threads: usize,
) -> Report {
    run_in_chunks(tickets, rules, opts, now, tables, threads, CHUNK)
}

/// [`run`] with chunks of at most `chunk` summaries.
pub(crate) fn run_in_chunks(
    tickets: &[&[Summary]],
    rules: &Rules,
    opts: &ReportOptions,
    now: DateTime<Utc>,
    tables: Tables,
    threads: usize,
    chunk: usize,
) -> Report {
    // Every span measured runs from a creation (or a later assignment) to
    // at most `now`. A sample finds where most start (ids follow creation
    // but imports need not); a span that starts earlier is measured by
    // its calendar, to the same second.
    let first = tickets
        .iter()
        .flat_map(|part| part.iter().step_by(64))
        .map(|t| t.created_at)
        .min()
        .unwrap_or(now);
    let cx = Context {
        rules,
        opts,
        now,
        tables,
        targets: Targets::over(rules, first.min(now), now),
        grouped: tables.sla
            || tables.backlog
            || tables.csat
            || (tables.resolution && opts.period.is_none()),
    };
    let chunks: Vec<&[Summary]> = tickets
        .iter()
        .flat_map(|part| part.chunks(chunk.max(1)))
        .collect();
    let threads = threads.clamp(1, chunks.len().max(1));
    let next = AtomicUsize::new(0);
    let fold = || {
        let mut tally = Tally::default();
        while let Some(chunk) = chunks.get(next.fetch_add(1, Ordering::Relaxed)) {
            for ticket in *chunk {
                tally.add(ticket, &cx);
            }
        }
        tally.into_named()
    };
    let mut named = if threads == 1 {
        fold()
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads).map(|_| scope.spawn(fold)).collect();
            let mut all = Named::default();
            for handle in handles {
                let part = handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                all.merge(part);
            }
            all
        })
    };
    if !tables.agents && !tables.fairness {
        named.agents = None;
    }
    named.finish(&cx)
}
