//! Charts as inline SVG, drawn by `plotters` (its SVG backend, no fonts
//! read: the browser lays out the text), from plain specs that say what
//! to show: categories with one or more series as bars, stacked bars or
//! lines (with an optional target line, per-category limits and
//! confidence whiskers), and a heat map.
//!
//! The heat map is a grid of `plotters` rectangles on two category axes,
//! each shaded by its share of the busiest cell (one hue at varying
//! opacity, so it reads on a light and a dark page alike); the counts
//! themselves are in the table under it rather than printed in 168 cells.
//!
//! Axes and text are drawn in [`INK`], grid lines in [`GRID`]: the page's
//! style repaints those two colours for dark mode and print (see
//! [`super::STYLE`]). Text in a chart is escaped by the SVG backend; the
//! page escapes everything else.

use std::fmt::Write as _;

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::prelude::*;

use crate::duration::human_secs;
use crate::output::{thousands, Cell, Table};

/// Axes, tick labels and axis titles.
pub const INK: RGBColor = RGBColor(0x2B, 0x2B, 0x2B);
/// Horizontal grid lines.
pub const GRID: RGBColor = RGBColor(0xD0, 0xD0, 0xD0);
/// Series colours (Tableau 10's first eight): mid-tones that read on white
/// and on near-black.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0x4E, 0x79, 0xA7),
    RGBColor(0xF2, 0x8E, 0x2B),
    RGBColor(0x59, 0xA1, 0x4F),
    RGBColor(0xE1, 0x57, 0x59),
    RGBColor(0x76, 0xB7, 0xB2),
    RGBColor(0xED, 0xC9, 0x48),
    RGBColor(0xB0, 0x7A, 0xA1),
    RGBColor(0xFF, 0x9D, 0xA7),
];
/// The target line and highlighted categories (a flow's bottleneck).
pub const ALERT: RGBColor = RGBColor(0xE1, 0x57, 0x59);

const WIDTH: u32 = 960;
const HEIGHT: u32 = 320;
const FONT: &str = "sans-serif";
/// Characters of a category label on the axis; the table has the whole text.
const LABEL_CHARS: usize = 16;

fn css(color: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", color.0, color.1, color.2)
}

/// What the values of a chart measure, for axis labels and data tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Count,
    Percent,
    Secs,
}

impl Unit {
    fn axis(self, value: f64) -> String {
        match self {
            Unit::Count => thousands(value.round() as i64),
            Unit::Percent => format!("{value:.0}%"),
            Unit::Secs => human_secs(value.round() as i64),
        }
    }

    fn cell(self, value: Option<f64>) -> Cell {
        match (self, value) {
            (_, None) => Cell::Empty,
            (Unit::Count, Some(v)) if v.fract() == 0.0 => Cell::Count(v as i64),
            (Unit::Count, Some(v)) => Cell::Float(v, 1),
            (Unit::Percent, Some(v)) => Cell::Percent(v),
            (Unit::Secs, Some(v)) => Cell::Secs(v.round() as i64),
        }
    }
}

/// One series of values, one per category (`None`: no value there).
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
    /// Half-widths of 95% confidence intervals, drawn as whiskers; empty
    /// when the values have none.
    pub half_widths: Vec<Option<f64>>,
}

impl Series {
    pub fn new(name: &str, values: Vec<Option<f64>>) -> Series {
        Series {
            name: name.to_string(),
            values,
            half_widths: Vec::new(),
        }
    }

    /// Whole counts as values.
    pub fn counts(name: &str, values: impl IntoIterator<Item = u64>) -> Series {
        Series::new(name, values.into_iter().map(|v| Some(v as f64)).collect())
    }
}

/// How the series of a category chart are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marks {
    /// Side by side in each category.
    Bars,
    /// On top of each other.
    Stacked,
    /// Points joined across categories (a gap where a value is missing).
    Lines,
}

/// Values per category: bars, stacked bars or lines.
#[derive(Clone, Debug, PartialEq)]
pub struct CategoryChart {
    pub title: String,
    /// What the chart shows, in a sentence or two (its alt text).
    pub description: String,
    /// Heading of the categories' column in the data table and axis title.
    pub x_label: String,
    pub y_label: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    pub marks: Marks,
    pub unit: Unit,
    /// A horizontal line across the chart: its value and name.
    pub target: Option<(f64, String)>,
    /// A value per category drawn as a bar across it (capacity).
    pub limits: Option<Series>,
    /// Categories drawn in [`ALERT`] instead of their series colour, and
    /// the name of what that means (the bottleneck).
    pub highlight: Option<(Vec<bool>, String)>,
}

/// Counts over a grid of rows × columns, shaded.
#[derive(Clone, Debug, PartialEq)]
pub struct HeatMap {
    pub title: String,
    pub description: String,
    pub row_label: String,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    /// `values[row][column]`.
    pub values: Vec<Vec<u64>>,
}

/// A chart of the HTML page.
#[derive(Clone, Debug, PartialEq)]
pub enum Chart {
    Category(CategoryChart),
    Heat(HeatMap),
}

impl Chart {
    pub fn title(&self) -> &str {
        match self {
            Chart::Category(c) => &c.title,
            Chart::Heat(h) => &h.title,
        }
    }

    pub fn description(&self) -> &str {
        match self {
            Chart::Category(c) => &c.description,
            Chart::Heat(h) => &h.description,
        }
    }

    /// The key shown above the chart: names with their CSS colours.
    pub fn keys(&self) -> Vec<(String, String)> {
        match self {
            Chart::Category(c) => {
                let mut keys: Vec<(String, String)> = c
                    .series
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (s.name.clone(), css(PALETTE[i % PALETTE.len()])))
                    .collect();
                if let Some((_, name)) = &c.highlight {
                    keys.push((name.clone(), css(ALERT)));
                }
                if let Some(limits) = &c.limits {
                    keys.push((limits.name.clone(), "var(--ink)".to_string()));
                }
                if let Some((_, name)) = &c.target {
                    keys.push((name.clone(), css(ALERT)));
                }
                if c.series.iter().any(|s| !s.half_widths.is_empty()) {
                    keys.push((
                        "whiskers: 95% confidence interval".to_string(),
                        "var(--ink)".to_string(),
                    ));
                }
                keys
            }
            Chart::Heat(_) => vec![
                ("few".to_string(), "rgba(78,121,167,0.2)".to_string()),
                ("many".to_string(), css(PALETTE[0])),
            ],
        }
    }

    /// The numbers behind the chart as a table.
    pub fn data_table(&self) -> Table {
        match self {
            Chart::Category(c) => category_table(c),
            Chart::Heat(h) => heat_table(h),
        }
    }

    /// The chart as an inline `<svg>` element labelled by the elements
    /// `{id}-t` (its title) and `{id}-d` (its description).
    pub fn svg(&self, id: &str) -> String {
        let mut svg = String::new();
        let drawn = match self {
            Chart::Category(c) => draw_category(c, &mut svg),
            Chart::Heat(h) => draw_heat(h, &mut svg),
        };
        if let Err(e) = drawn {
            // Drawing into a string fails only on a bug; the page still
            // carries the numbers in its tables.
            return format!(
                "<p class=\"note\">(chart not drawn: {})</p>\n",
                super::escape(&e)
            );
        }
        accessible(&svg, id, self.title())
    }
}

/// Replaces the backend's `<svg ...>` opening (whose namespace attribute
/// inline SVG does not need) with one that names the chart for assistive
/// technology.
fn accessible(svg: &str, id: &str, title: &str) -> String {
    let body = match svg.find('>') {
        Some(end) if svg.starts_with("<svg") => &svg[end + 1..],
        _ => svg,
    };
    let mut out = String::with_capacity(svg.len() + 200);
    let _ = write!(
        out,
        "<svg width=\"{WIDTH}\" height=\"{}\" viewBox=\"0 0 {WIDTH} {}\" role=\"img\" \
         aria-labelledby=\"{id}-t\" aria-describedby=\"{id}-d\"><title>{}</title>",
        height_of(svg),
        height_of(svg),
        super::escape(title)
    );
    out.push_str(body);
    out
}

/// The height the backend gave the SVG.
fn height_of(svg: &str) -> u32 {
    svg.split_once("height=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .and_then(|(h, _)| h.parse().ok())
        .unwrap_or(HEIGHT)
}

fn category_table(c: &CategoryChart) -> Table {
    let mut columns: Vec<(String, String)> = vec![("category".into(), c.x_label.clone())];
    for (i, s) in c.series.iter().enumerate() {
        columns.push((format!("s{i}"), s.name.clone()));
        if !s.half_widths.is_empty() {
            columns.push((format!("s{i}_ci"), format!("{} ± (95% CI)", s.name)));
        }
    }
    if let Some(limits) = &c.limits {
        columns.push(("limit".into(), limits.name.clone()));
    }
    if let Some((_, name)) = &c.highlight {
        columns.push(("highlight".into(), name.clone()));
    }
    let pairs: Vec<(&str, &str)> = columns
        .iter()
        .map(|(k, h)| (k.as_str(), h.as_str()))
        .collect();
    let mut table = Table::new("chart-data", &format!("The numbers: {}", c.title), &pairs);
    for (i, category) in c.categories.iter().enumerate() {
        let mut row = vec![Cell::text(category.clone())];
        for s in &c.series {
            row.push(c.unit.cell(s.values.get(i).copied().flatten()));
            if !s.half_widths.is_empty() {
                row.push(c.unit.cell(s.half_widths.get(i).copied().flatten()));
            }
        }
        if let Some(limits) = &c.limits {
            row.push(c.unit.cell(limits.values.get(i).copied().flatten()));
        }
        if let Some((marked, _)) = &c.highlight {
            row.push(if marked.get(i).copied().unwrap_or(false) {
                Cell::text("yes")
            } else {
                Cell::Empty
            });
        }
        table.push(row);
    }
    if let Some((_, name)) = &c.target {
        table.note = Some(format!("Dashed line: {name}"));
    }
    table
}

fn heat_table(h: &HeatMap) -> Table {
    let mut columns: Vec<(String, String)> = vec![("row".into(), h.row_label.clone())];
    for (i, c) in h.columns.iter().enumerate() {
        columns.push((format!("c{i}"), c.clone()));
    }
    let pairs: Vec<(&str, &str)> = columns
        .iter()
        .map(|(k, h)| (k.as_str(), h.as_str()))
        .collect();
    let mut table = Table::new("chart-data", &format!("The numbers: {}", h.title), &pairs);
    for (name, values) in h.rows.iter().zip(&h.values) {
        let mut row = vec![Cell::text(name.clone())];
        row.extend(values.iter().map(|&n| Cell::count(n)));
        table.push(row);
    }
    table
}

/// A category label short enough for the axis.
fn short(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(LABEL_CHARS - 1).collect();
        s.push('…');
        s
    }
}

/// Tick positions for `n` categories: every one, or every k-th when they
/// would crowd the axis.
fn category_ticks(n: usize, room: usize) -> Vec<f64> {
    let step = n.div_ceil(room.max(1)).max(1);
    (0..n).step_by(step).map(|i| i as f64).collect()
}

/// A linear axis whose ticks are given rather than chosen: categories sit
/// at `0, 1, 2, ...` on `-0.5..n-0.5` and take their labels at their
/// centres. (`plotters`' own key-point binding has no default formatter,
/// which its mesh needs.)
#[derive(Clone)]
struct TickedAxis {
    range: Range<f64>,
    ticks: Vec<f64>,
}

impl TickedAxis {
    fn categories(n: usize, ticks: Vec<f64>) -> TickedAxis {
        TickedAxis {
            range: -0.5..n.max(1) as f64 - 0.5,
            ticks,
        }
    }
}

impl Unit {
    /// A value axis from 0 that holds `max` with a little room, its ticks
    /// at round steps of the unit: 1-2-5 counts, 20 percent, durations of
    /// whole minutes, hours or days.
    fn value_axis(self, max: f64) -> TickedAxis {
        const MINUTE: f64 = 60.0;
        const HOUR: f64 = 3600.0;
        const DAY: f64 = 86_400.0;
        let want = (max * 1.08).max(f64::MIN_POSITIVE);
        let step = match self {
            Unit::Percent => 20.0,
            Unit::Count => {
                let rough = (want / 5.0).max(1.0);
                let magnitude = 10f64.powf(rough.log10().floor());
                [1.0, 2.0, 5.0, 10.0]
                    .into_iter()
                    .map(|m| m * magnitude)
                    .find(|&s| s >= rough)
                    .unwrap_or(10.0 * magnitude)
            }
            Unit::Secs => [
                MINUTE,
                5.0 * MINUTE,
                10.0 * MINUTE,
                15.0 * MINUTE,
                30.0 * MINUTE,
                HOUR,
                2.0 * HOUR,
                4.0 * HOUR,
                6.0 * HOUR,
                12.0 * HOUR,
                DAY,
                2.0 * DAY,
                7.0 * DAY,
                14.0 * DAY,
                30.0 * DAY,
            ]
            .into_iter()
            .find(|&s| want / s <= 6.0)
            .unwrap_or_else(|| (want / 6.0 / (30.0 * DAY)).ceil() * 30.0 * DAY),
        };
        let top = match self {
            // A share tops out at 100%: the axis does too unless a value
            // (a utilisation over 100%) goes past it.
            Unit::Percent if max <= 100.0 => 100.0,
            Unit::Percent => (want / step).ceil() * step,
            _ => ((want / step).ceil() * step).max(step),
        };
        let ticks = (0..)
            .map(|i| f64::from(i) * step)
            .take_while(|&t| t <= top + step / 1e6)
            .collect();
        TickedAxis {
            range: 0.0..top,
            ticks,
        }
    }
}

impl Ranged for TickedAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let span = self.range.end - self.range.start;
        let share = (value - self.range.start) / span;
        limit.0 + (share * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, _hint: Hint) -> Vec<f64> {
        self.ticks.clone()
    }

    fn range(&self) -> Range<f64> {
        self.range.clone()
    }
}

fn text_style(size: u32) -> TextStyle<'static> {
    (FONT, size).into_font().color(&INK)
}

type Drawn = Result<(), String>;

fn draw_category(c: &CategoryChart, svg: &mut String) -> Drawn {
    let n = c.categories.len().max(1);
    let top = |i: usize| -> f64 {
        let values = c.series.iter().map(|s| {
            let v = s.values.get(i).copied().flatten().unwrap_or(0.0);
            let hw = s.half_widths.get(i).copied().flatten().unwrap_or(0.0);
            v + hw
        });
        let limit = c
            .limits
            .as_ref()
            .and_then(|l| l.values.get(i).copied().flatten())
            .unwrap_or(0.0);
        let top = match c.marks {
            Marks::Stacked => values.sum::<f64>(),
            _ => values.fold(0.0, f64::max),
        };
        top.max(limit)
    };
    let mut y_max = (0..n).map(top).fold(0.0, f64::max);
    if let Some((target, _)) = c.target {
        y_max = y_max.max(target);
    }
    let value_axis = c.unit.value_axis(y_max);
    let value_ticks = value_axis.ticks.len();
    let long_labels = c.categories.iter().any(|l| l.chars().count() > 8);
    let ticks = category_ticks(n, if long_labels { 12 } else { 24 });
    let labels: Vec<String> = c.categories.iter().map(|l| short(l)).collect();
    let label_at = |x: &f64| {
        let i = x.round();
        if (x - i).abs() < 1e-6 && i >= 0.0 {
            labels.get(i as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    let unit = c.unit;
    let y_label = |y: &f64| unit.axis(*y);
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(if long_labels { 52 } else { 44 })
        .y_label_area_size(76)
        .build_cartesian_2d(TickedAxis::categories(n, ticks.clone()), value_axis)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(ticks.len())
        .x_label_formatter(&label_at)
        .y_labels(value_ticks)
        .y_label_formatter(&y_label)
        .axis_style(INK)
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .label_style(text_style(15))
        .axis_desc_style(text_style(15))
        .x_desc(c.x_label.as_str())
        .y_desc(c.y_label.as_str())
        .draw()
        .map_err(|e| e.to_string())?;
    let highlighted = |i: usize| {
        c.highlight
            .as_ref()
            .is_some_and(|(marked, _)| marked.get(i).copied().unwrap_or(false))
    };
    let color_of = |series: usize, category: usize| {
        if highlighted(category) {
            ALERT
        } else {
            PALETTE[series % PALETTE.len()]
        }
    };
    match c.marks {
        Marks::Bars => {
            let width = 0.8 / c.series.len().max(1) as f64;
            for (j, s) in c.series.iter().enumerate() {
                let bars = s.values.iter().enumerate().filter_map(|(i, v)| {
                    let x0 = i as f64 - 0.4 + j as f64 * width;
                    v.map(|v| {
                        Rectangle::new(
                            [(x0 + 0.01, 0.0), (x0 + width - 0.01, v)],
                            color_of(j, i).filled(),
                        )
                    })
                });
                chart.draw_series(bars).map_err(|e| e.to_string())?;
                if !s.half_widths.is_empty() {
                    let whiskers = s.values.iter().enumerate().filter_map(|(i, v)| {
                        let hw = s.half_widths.get(i).copied().flatten()?;
                        let v = (*v)?;
                        let x = i as f64 - 0.4 + (j as f64 + 0.5) * width;
                        Some(ErrorBar::new_vertical(
                            x,
                            (v - hw).max(0.0),
                            v,
                            v + hw,
                            INK.stroke_width(2),
                            10,
                        ))
                    });
                    chart.draw_series(whiskers).map_err(|e| e.to_string())?;
                }
            }
        }
        Marks::Stacked => {
            let mut base = vec![0.0f64; n];
            for (j, s) in c.series.iter().enumerate() {
                let mut bars = Vec::new();
                for (i, v) in s.values.iter().enumerate() {
                    let v = v.unwrap_or(0.0);
                    if v > 0.0 && i < n {
                        bars.push(Rectangle::new(
                            [(i as f64 - 0.35, base[i]), (i as f64 + 0.35, base[i] + v)],
                            color_of(j, i).filled(),
                        ));
                        base[i] += v;
                    }
                }
                chart.draw_series(bars).map_err(|e| e.to_string())?;
            }
        }
        Marks::Lines => {
            for (j, s) in c.series.iter().enumerate() {
                let color = PALETTE[j % PALETTE.len()];
                // A missing value breaks the line rather than joining over it.
                let mut run: Vec<(f64, f64)> = Vec::new();
                let mut runs = Vec::new();
                for (i, v) in s.values.iter().enumerate() {
                    match v {
                        Some(v) => run.push((i as f64, *v)),
                        None if !run.is_empty() => runs.push(std::mem::take(&mut run)),
                        None => {}
                    }
                }
                runs.push(run);
                for run in runs.into_iter().filter(|r| !r.is_empty()) {
                    let points = run.clone();
                    chart
                        .draw_series(LineSeries::new(run, color.stroke_width(2)))
                        .map_err(|e| e.to_string())?;
                    chart
                        .draw_series(
                            points
                                .into_iter()
                                .map(|p| Circle::new(p, 3, color.filled())),
                        )
                        .map_err(|e| e.to_string())?;
                }
            }
        }
    }
    if let Some(limits) = &c.limits {
        let marks = limits.values.iter().enumerate().filter_map(|(i, v)| {
            v.map(|v| {
                PathElement::new(
                    vec![(i as f64 - 0.45, v), (i as f64 + 0.45, v)],
                    INK.stroke_width(3),
                )
            })
        });
        chart.draw_series(marks).map_err(|e| e.to_string())?;
    }
    if let Some((target, _)) = c.target {
        chart
            .draw_series(DashedLineSeries::new(
                vec![(-0.5, target), (n as f64 - 0.5, target)],
                8,
                5,
                ALERT.stroke_width(2),
            ))
            .map_err(|e| e.to_string())?;
    }
    root.present().map_err(|e| e.to_string())?;
    Ok(())
}

fn draw_heat(h: &HeatMap, svg: &mut String) -> Drawn {
    let rows = h.rows.len().max(1);
    let cols = h.columns.len().max(1);
    let max = h.values.iter().flatten().copied().max().unwrap_or(0).max(1);
    let height = 60 + 30 * rows as u32;
    let col_ticks = category_ticks(cols, 12);
    let row_ticks: Vec<f64> = (0..rows).map(|i| i as f64).collect();
    // Rows top to bottom: row i sits at y = rows - 1 - i.
    let row_at = |y: &f64| {
        let i = y.round();
        if (y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < rows {
            h.rows
                .get(rows - 1 - i as usize)
                .map(|s| short(s))
                .unwrap_or_default()
        } else {
            String::new()
        }
    };
    let col_at = |x: &f64| {
        let i = x.round();
        if (x - i).abs() < 1e-6 && i >= 0.0 {
            h.columns.get(i as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    let root = SVGBackend::with_string(svg, (WIDTH, height)).into_drawing_area();
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(76)
        .build_cartesian_2d(
            TickedAxis::categories(cols, col_ticks.clone()),
            TickedAxis::categories(rows, row_ticks.clone()),
        )
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .disable_y_mesh()
        .x_labels(col_ticks.len())
        .y_labels(row_ticks.len())
        .x_label_formatter(&col_at)
        .y_label_formatter(&row_at)
        .axis_style(INK)
        .label_style(text_style(15))
        .draw()
        .map_err(|e| e.to_string())?;
    let mut cells = Vec::new();
    for (i, values) in h.values.iter().enumerate() {
        let y = (rows - 1 - i) as f64;
        for (x, &n) in values.iter().enumerate() {
            let x = x as f64;
            let style = if n == 0 {
                GRID.stroke_width(1)
            } else {
                PALETTE[0].mix(0.15 + 0.85 * n as f64 / max as f64).filled()
            };
            cells.push(Rectangle::new(
                [(x - 0.46, y - 0.44), (x + 0.46, y + 0.44)],
                style,
            ));
        }
    }
    chart.draw_series(cells).map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars() -> CategoryChart {
        CategoryChart {
            title: "Created <and> resolved".into(),
            description: "d".into(),
            x_label: "Week".into(),
            y_label: "Tickets".into(),
            categories: vec!["2026-W01".into(), "<script>".into()],
            series: vec![
                Series::counts("Created", [3, 1200]),
                Series::new("Resolved", vec![Some(2.0), None]),
            ],
            marks: Marks::Bars,
            unit: Unit::Count,
            target: None,
            limits: None,
            highlight: None,
        }
    }

    #[test]
    fn a_chart_is_labelled_svg_with_its_text_escaped() {
        let svg = Chart::Category(bars()).svg("c1");
        assert!(svg.starts_with("<svg width=\"960\""), "{svg}");
        assert!(svg.contains("role=\"img\" aria-labelledby=\"c1-t\""));
        assert!(svg.contains("<title>Created &lt;and&gt; resolved</title>"));
        assert!(svg.contains("&lt;script&gt;"), "{svg}");
        assert!(!svg.contains("<script"), "{svg}");
        assert!(!svg.contains("http"), "no namespace or other URL: {svg}");
        assert!(svg.contains("<rect"), "{svg}");
        assert!(svg.contains("1,000"), "axis in thousands: {svg}");
    }

    #[test]
    fn value_axes_tick_at_round_steps() {
        let ticks = |unit: Unit, max: f64| unit.value_axis(max).ticks;
        assert_eq!(ticks(Unit::Count, 1.0), [0.0, 1.0, 2.0]);
        assert_eq!(ticks(Unit::Count, 0.0), [0.0, 1.0]);
        assert_eq!(ticks(Unit::Count, 6642.0).last(), Some(&8000.0));
        assert_eq!(
            ticks(Unit::Percent, 100.0),
            [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(ticks(Unit::Percent, 130.0).last(), Some(&160.0));
        assert_eq!(ticks(Unit::Percent, 50.0).last(), Some(&100.0));
        let secs = ticks(Unit::Secs, 9000.0);
        assert_eq!(secs[1], 1800.0, "{secs:?}");
        assert_eq!(secs.last(), Some(&10_800.0));
    }

    #[test]
    fn every_kind_draws() {
        let mut lines = bars();
        lines.marks = Marks::Lines;
        lines.unit = Unit::Percent;
        lines.target = Some((90.0, "Goal".into()));
        let mut stacked = bars();
        stacked.marks = Marks::Stacked;
        stacked.limits = Some(Series::counts("Capacity", [5, 5]));
        stacked.highlight = Some((vec![false, true], "Bottleneck".into()));
        let mut whiskers = bars();
        whiskers.series[0].half_widths = vec![Some(1.0), None];
        let heat = HeatMap {
            title: "Load".into(),
            description: "d".into(),
            row_label: "Day".into(),
            rows: vec!["Mon".into(), "Tue".into()],
            columns: (0..24).map(|h| format!("{h:02}")).collect(),
            values: vec![vec![1; 24], vec![0; 24]],
        };
        for chart in [
            Chart::Category(lines),
            Chart::Category(stacked),
            Chart::Category(whiskers),
            Chart::Heat(heat),
        ] {
            let svg = chart.svg("c");
            assert!(svg.ends_with("</svg>\n"), "{svg}");
            assert!(!svg.contains("not drawn"), "{svg}");
            let table = chart.data_table();
            assert!(!table.rows.is_empty());
        }
    }
}
