//! `triage simulate --format html`: the variants side by side on the
//! measures a lead compares them by (waiting, SLA attainment,
//! utilisation), each mean with the whiskers of its 95% confidence
//! interval over the replications, above the result tables.

use std::io::{self, Write};

use chrono_tz::Tz;

use super::chart::{CategoryChart, Chart, Marks, Series, Unit};
use super::Page;
use crate::output::Table;
use crate::sim::stats::{Summary, METRICS};

/// The charts: (title, axis title, unit, metric keys drawn side by side).
const CHARTS: [(&str, &str, Unit, &[&str]); 3] = [
    (
        "Waiting time per variant",
        "Wait",
        Unit::Secs,
        &["wait_mean_secs", "wait_p90_secs"],
    ),
    (
        "SLA attainment per variant",
        "Targets met",
        Unit::Percent,
        &["first_response_met_pct", "resolution_met_pct"],
    ),
    (
        "Utilisation per variant",
        "Utilisation",
        Unit::Percent,
        &["utilisation_mean_pct"],
    ),
];

/// What the page is made of.
pub struct SimulationPage<'a> {
    pub title: &'a str,
    pub subtitle: &'a str,
    /// Variant names, in the order of `summaries`.
    pub variants: &'a [String],
    pub summaries: &'a [Summary],
    pub replications: u32,
    /// The result tables as built for people.
    pub tables: &'a [Table],
    pub zone: Tz,
}

/// Writes the whole page.
pub fn write(out: &mut dyn Write, page: &SimulationPage<'_>) -> io::Result<()> {
    let mut html = Page::new(page.title, Some(page.subtitle), page.zone);
    html.section("variants", "Variants compared");
    for chart in charts(page) {
        html.chart(&chart, None);
    }
    html.section("tables", "Results");
    for table in page.tables {
        html.table(table, true);
    }
    html.write(out)
}

/// The comparison charts.
pub fn charts(page: &SimulationPage<'_>) -> Vec<Chart> {
    CHARTS
        .iter()
        .map(|(title, axis, unit, keys)| {
            let series = keys
                .iter()
                .filter_map(|key| {
                    let k = METRICS.iter().position(|m| m.key == *key)?;
                    let estimates = page.summaries.iter().map(|s| s.metrics[k]);
                    Some(Series {
                        name: METRICS[k].header.to_string(),
                        values: estimates.clone().map(|e| e.mean).collect(),
                        half_widths: estimates.map(|e| e.half_width).collect(),
                    })
                })
                .collect();
            let whiskers = if page.replications > 1 {
                format!(
                    "Whiskers: the 95% confidence interval over {} replications.",
                    page.replications
                )
            } else {
                "One replication: no confidence interval (run with -n 2 or more).".to_string()
            };
            Chart::Category(CategoryChart {
                title: title.to_string(),
                description: format!(
                    "Bars per variant ({}): the mean over replications. {whiskers}",
                    page.variants.join(", ")
                ),
                x_label: "Variant".into(),
                y_label: axis.to_string(),
                categories: page.variants.to_vec(),
                series,
                marks: Marks::Bars,
                unit: *unit,
                target: None,
                limits: None,
                highlight: None,
            })
        })
        .collect()
}
