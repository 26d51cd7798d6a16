//! `triage report --format html`: the report's tables, each section with
//! the charts a team lead would rather look at than read — created vs
//! resolved per period, SLA attainment per period against the goal, the
//! first-response and resolution time distributions, the backlog by age
//! and status, agent load against capacity, the arrival heat map and the
//! flows' bottleneck.

use std::io::{self, Write};

use chrono_tz::Tz;

use super::chart::{CategoryChart, Chart, HeatMap, Marks, Series, Unit};
use super::Page;
use crate::flows::FlowReport;
use crate::metrics::{
    AgeBucket, AgentRow, BacklogReport, Durations, LoadReport, Report, ResolutionReport, SlaTrend,
    DURATION_LABELS,
};
use crate::output::{thousands, Table};

/// What the page is made of.
pub struct ReportPage<'a> {
    /// The page's title and the line under it (when, which tickets, which clock).
    pub title: &'a str,
    pub subtitle: &'a str,
    /// The tables as `report all` builds them for people, in order.
    pub tables: &'a [Table],
    /// The numbers the charts are drawn from.
    pub report: &'a Report,
    /// Created and resolved per period, whatever the resolution table is
    /// grouped by.
    pub per_period: &'a ResolutionReport,
    pub flows: Option<&'a FlowReport>,
    /// The SLA attainment goal drawn across the trend chart, in percent.
    pub sla_goal: f64,
    /// Each table's one-line definition under it.
    pub legend: bool,
    pub zone: Tz,
}

/// Sections of the page: a title and the tables (by name) they hold.
const SECTIONS: [(&str, &str, &[&str]); 8] = [
    ("sla", "SLA", &["sla"]),
    ("backlog", "Backlog", &["backlog", "backlog_by_group"]),
    ("resolution", "Resolution rate", &["resolution"]),
    ("agents", "Agents", &["agents"]),
    ("fairness", "Fairness", &["fairness"]),
    ("load", "Load", &["load"]),
    ("csat", "Customer satisfaction", &["csat"]),
    ("flows", "Flows", &["flows"]),
];

/// Writes the whole page.
pub fn write(out: &mut dyn Write, page: &ReportPage<'_>) -> io::Result<()> {
    let mut html = Page::new(page.title, Some(page.subtitle), page.zone);
    for (section, title, names) in SECTIONS {
        let tables: Vec<&Table> = page
            .tables
            .iter()
            .filter(|t| names.contains(&t.name.as_str()))
            .collect();
        if tables.is_empty() {
            continue;
        }
        html.section(section, title);
        for (chart, data) in charts(section, page) {
            html.chart(&chart, data);
        }
        for table in tables {
            html.table(table, page.legend);
        }
    }
    html.write(out)
}

/// The charts of a section, each with the table on the page that holds
/// its numbers (`None`: the chart brings its own).
fn charts(section: &str, page: &ReportPage<'_>) -> Vec<(Chart, Option<&'static str>)> {
    let report = page.report;
    let mut out = Vec::new();
    match section {
        "sla" => {
            out.extend(sla_trend(&report.sla_trend, page.sla_goal).map(|c| (c, None)));
            out.extend(durations(&report.durations).map(|c| (c, None)));
        }
        "backlog" => out.extend(backlog(&report.backlog).map(|c| (c, Some("backlog")))),
        "resolution" => {
            // The resolution table holds these numbers when it is by period.
            let data = report.resolution.period.is_some().then_some("resolution");
            out.extend(created_resolved(page.per_period).map(|c| (c, data)));
        }
        "agents" => out.extend(agent_load(&report.agents).map(|c| (c, Some("agents")))),
        "load" => out.extend(load(&report.load, page.zone).map(|c| (c, Some("load")))),
        "flows" => {
            if let Some(flows) = page.flows {
                out.extend(bottleneck(flows).map(|c| (c, Some("flows"))));
            }
        }
        _ => {}
    }
    out
}

/// `day`, `week` or `month`: the period of a trend (weeks unless said).
fn period_name(period: Option<crate::metrics::Period>) -> &'static str {
    match period {
        Some(crate::metrics::Period::Day) => "day",
        Some(crate::metrics::Period::Month) => "month",
        _ => "week",
    }
}

/// Created vs resolved per period: the cohort's arrivals against the
/// throughput (resolutions that happened in the period).
pub fn created_resolved(report: &ResolutionReport) -> Option<Chart> {
    if report.rows.is_empty() {
        return None;
    }
    let per = period_name(report.period);
    let created: u64 = report.rows.iter().map(|r| r.created).sum();
    let resolved: u64 = report.rows.iter().map(|r| r.resolved_in_period).sum();
    let (first, last) = (&report.rows[0].key, &report.rows[report.rows.len() - 1].key);
    Some(Chart::Category(CategoryChart {
        title: format!("Created vs resolved per {per}"),
        description: format!(
            "Bars per {per} from {first} to {last}: tickets created ({} in all) and tickets \
             resolved in that {per} whatever their creation date ({} in all).",
            thousands(created as i64),
            thousands(resolved as i64)
        ),
        x_label: capitalised(per),
        y_label: "Tickets".into(),
        categories: report.rows.iter().map(|r| r.key.clone()).collect(),
        series: vec![
            Series::counts("Created", report.rows.iter().map(|r| r.created)),
            Series::counts(
                "Resolved in the period",
                report.rows.iter().map(|r| r.resolved_in_period),
            ),
        ],
        marks: Marks::Bars,
        unit: Unit::Count,
        target: None,
        limits: None,
        highlight: None,
    }))
}

/// First-response and resolution met % per period of creation, with the goal.
pub fn sla_trend(trend: &SlaTrend, goal: f64) -> Option<Chart> {
    if trend.rows.iter().all(|r| r.tickets == 0) {
        return None;
    }
    let per = period_name(trend.period);
    let below = trend
        .rows
        .iter()
        .filter(|r| r.resolution.met_pct.is_some_and(|p| p < goal))
        .count();
    Some(Chart::Category(CategoryChart {
        title: format!("SLA attainment per {per}"),
        description: format!(
            "Lines per {per} of ticket creation: the share of decided first-response and \
             resolution targets that were met, against a goal of {goal:.0}% (dashed). \
             Resolution fell below the goal in {below} of {} {per}s; a {per} with no decided \
             target has no point.",
            trend.rows.len()
        ),
        x_label: capitalised(per),
        y_label: "Targets met".into(),
        categories: trend.rows.iter().map(|r| r.key.clone()).collect(),
        series: vec![
            Series::new(
                "First response met",
                trend
                    .rows
                    .iter()
                    .map(|r| r.first_response.met_pct)
                    .collect(),
            ),
            Series::new(
                "Resolution met",
                trend.rows.iter().map(|r| r.resolution.met_pct).collect(),
            ),
        ],
        marks: Marks::Lines,
        unit: Unit::Percent,
        target: Some((goal, format!("Goal ({goal:.0}%)"))),
        limits: None,
        highlight: None,
    }))
}

/// How long the first response and the resolution took, in buckets.
pub fn durations(d: &Durations) -> Option<Chart> {
    let responded: u64 = d.first_response.iter().sum();
    let resolved: u64 = d.resolution.iter().sum();
    if responded + resolved == 0 {
        return None;
    }
    Some(Chart::Category(CategoryChart {
        title: "First-response and resolution times".into(),
        description: format!(
            "Tickets per time bucket: {} first responses and {} resolutions of the cohort, \
             measured as the SLA table measures them (its clock, minus pauses).",
            thousands(responded as i64),
            thousands(resolved as i64)
        ),
        x_label: "Time taken".into(),
        y_label: "Tickets".into(),
        categories: DURATION_LABELS.iter().map(|l| l.to_string()).collect(),
        series: vec![
            Series::counts("First response", d.first_response),
            Series::counts("Resolution", d.resolution),
        ],
        marks: Marks::Bars,
        unit: Unit::Count,
        target: None,
        limits: None,
        highlight: None,
    }))
}

/// Active tickets per age bucket, stacked by status.
pub fn backlog(b: &BacklogReport) -> Option<Chart> {
    let total = b.total.as_ref()?;
    Some(Chart::Category(CategoryChart {
        title: "Backlog by age and status".into(),
        description: format!(
            "Stacked bars: the {} active tickets by age since creation, each bar split by \
             status ({}).",
            thousands(total.total as i64),
            b.by_status
                .iter()
                .map(|r| format!("{} {}", r.key, thousands(r.total as i64)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        x_label: "Age".into(),
        y_label: "Active tickets".into(),
        categories: AgeBucket::ALL
            .iter()
            .map(|a| a.label().to_string())
            .collect(),
        series: b
            .by_status
            .iter()
            .map(|r| Series::counts(&r.key, r.buckets))
            .collect(),
        marks: Marks::Stacked,
        unit: Unit::Count,
        target: None,
        limits: None,
        highlight: None,
    }))
}

/// Each agent's open tickets against their capacity.
pub fn agent_load(agents: &[AgentRow]) -> Option<Chart> {
    if agents.is_empty() {
        return None;
    }
    let over: Vec<&str> = agents
        .iter()
        .filter(|a| a.capacity.is_some_and(|c| a.active_load > u64::from(c)))
        .map(|a| a.agent.as_str())
        .collect();
    Some(Chart::Category(CategoryChart {
        title: "Agent load against capacity".into(),
        description: format!(
            "Bars: each agent's active tickets now; the dark bar across is their capacity. {}",
            if over.is_empty() {
                "No agent is over capacity.".to_string()
            } else {
                format!("Over capacity: {}.", over.join(", "))
            }
        ),
        x_label: "Agent".into(),
        y_label: "Active tickets".into(),
        categories: agents.iter().map(|a| a.agent.clone()).collect(),
        series: vec![Series::counts(
            "Active tickets",
            agents.iter().map(|a| a.active_load),
        )],
        marks: Marks::Bars,
        unit: Unit::Count,
        target: None,
        limits: Some(Series::new(
            "Capacity",
            agents.iter().map(|a| a.capacity.map(f64::from)).collect(),
        )),
        highlight: None,
    }))
}

/// Arrivals by weekday and hour.
pub fn load(l: &LoadReport, zone: Tz) -> Option<Chart> {
    if l.rows.is_empty() {
        return None;
    }
    let mut busiest = ("", 0usize, 0u64);
    for row in &l.rows {
        for (hour, &n) in row.hours.iter().enumerate() {
            if n > busiest.2 {
                busiest = (row.weekday.as_str(), hour, n);
            }
        }
    }
    Some(Chart::Heat(HeatMap {
        title: "Arrivals by weekday and hour".into(),
        description: format!(
            "Heat map of {} tickets by the weekday and hour ({zone}) they were created; a stronger shade \
             is busier. Busiest: {} {:02}:00-{:02}:00 with {}.",
            thousands(l.total as i64),
            busiest.0,
            busiest.1,
            (busiest.1 + 1) % 24,
            thousands(busiest.2 as i64)
        ),
        row_label: "Day".into(),
        rows: l.rows.iter().map(|r| r.weekday.clone()).collect(),
        columns: (0..24).map(|h| format!("{h:02}")).collect(),
        values: l.rows.iter().map(|r| r.hours.to_vec()).collect(),
    }))
}

/// Median time in each flow step, the bottleneck of each flow marked.
pub fn bottleneck(flows: &FlowReport) -> Option<Chart> {
    let rows: Vec<_> = flows
        .rows
        .iter()
        .filter(|r| r.median_secs.is_some())
        .collect();
    if rows.is_empty() {
        return None;
    }
    let marked: Vec<String> = rows
        .iter()
        .filter(|r| r.bottleneck)
        .map(|r| format!("{} / {}", r.flow, r.step))
        .collect();
    Some(Chart::Category(CategoryChart {
        title: "Flows: median time in step".into(),
        description: format!(
            "Bars: the median time tickets spent in each step of each flow; the bottleneck of \
             each flow (its longest median) is highlighted: {}.",
            marked.join(", ")
        ),
        x_label: "Flow / step".into(),
        y_label: "Median time in step".into(),
        categories: rows
            .iter()
            .map(|r| format!("{} / {}", r.flow, r.step))
            .collect(),
        series: vec![Series::new(
            "Median time in step",
            rows.iter()
                .map(|r| r.median_secs.map(|s| s as f64))
                .collect(),
        )],
        marks: Marks::Bars,
        unit: Unit::Secs,
        target: None,
        limits: None,
        highlight: Some((
            rows.iter().map(|r| r.bottleneck).collect(),
            "Bottleneck".into(),
        )),
    }))
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
