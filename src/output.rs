//! Rendering tabular results as a terminal table, CSV, JSON, Markdown,
//! HTML or bare ids. Tables are for people (durations like `3h 20m`, local
//! times, percentages with one decimal, counts with thousands separators,
//! a one-line definition under each table); CSV and JSON are for machines
//! (seconds, RFC 3339, plain numbers) with stable column names. Tables and
//! Markdown escape control characters in text ([`crate::terminal`]), HTML
//! escapes markup ([`crate::html`]); CSV and JSON keep it exact (CSV cells
//! formula-safe).

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use comfy_table::{presets, Cell as TableCell, CellAlignment, ContentArrangement, Table as Grid};
use serde_json::{json, Map, Value};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::duration::human_secs;
use crate::terminal::{self, Layout};
use crate::timefmt;

/// Output formats for tabular data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    // JSON Lines: one compact JSON object per row (or per document).
    Jsonl,
    Markdown,
    // One self-contained page (inline CSS, no external references). A
    // plain comment: a doc comment would give every command's --format a
    // long help of its own.
    Html,
    Ids,
}

impl Format {
    /// The format a file name's extension implies, for `--out FILE`
    /// without `--format`: `.csv`, `.json`, `.md`, `.html`/`.htm`.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }

    /// JSON of either kind: what scripts read.
    pub fn is_json(self) -> bool {
        matches!(self, Format::Json | Format::Jsonl)
    }

    /// Formats read by people: units, separators and definitions for them.
    pub fn is_human(self) -> bool {
        matches!(self, Format::Table | Format::Markdown | Format::Html)
    }
}

/// One value of a table, kept typed so each format can show it its own way.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// An identifier or code: digits only, in every format.
    Int(i64),
    /// A quantity: `12,345` for people, `12345` for machines.
    Count(i64),
    /// A number shown with the given decimals.
    Float(f64, usize),
    /// A percentage 0..100, one decimal in tables.
    Percent(f64),
    /// A measured number given in full precision everywhere (the shortest
    /// text that reads back as the same `f64`): estimates and their
    /// intervals, which rounding to a fixed number of decimals would show
    /// as 0.000.
    Exact(f64),
    /// Structured detail for JSON (per-replication values); compact JSON
    /// text in other formats.
    Json(Value),
    /// A span of seconds: `3h 20m` in tables, seconds elsewhere.
    Secs(i64),
    Time(DateTime<Utc>),
}

impl Cell {
    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    pub fn opt_text(value: Option<impl Into<String>>) -> Cell {
        value.map(|v| Cell::Text(v.into())).unwrap_or(Cell::Empty)
    }

    pub fn opt_time(value: Option<DateTime<Utc>>) -> Cell {
        value.map(Cell::Time).unwrap_or(Cell::Empty)
    }

    pub fn opt_percent(value: Option<f64>) -> Cell {
        value.map(Cell::Percent).unwrap_or(Cell::Empty)
    }

    pub fn opt_secs(value: Option<i64>) -> Cell {
        value.map(Cell::Secs).unwrap_or(Cell::Empty)
    }

    /// A count cell from an unsigned count.
    pub fn count(n: u64) -> Cell {
        Cell::Count(i64::try_from(n).unwrap_or(i64::MAX))
    }

    /// The cell as people read it (tables, Markdown, HTML).
    pub fn human(&self, zone: Tz) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Count(n) => thousands(*n),
            Cell::Float(f, d) => format!("{f:.d$}", d = *d),
            Cell::Percent(p) => format!("{p:.1}%"),
            Cell::Exact(x) => x.to_string(),
            Cell::Json(v) => v.to_string(),
            Cell::Secs(s) => human_secs(*s),
            Cell::Time(t) => timefmt::show(*t, zone),
        }
    }

    fn machine_text(&self, zone: Tz) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(n) | Cell::Count(n) => n.to_string(),
            Cell::Float(f, d) => format!("{f:.d$}", d = (*d).max(3)),
            Cell::Percent(p) => format!("{p:.3}"),
            Cell::Exact(x) => x.to_string(),
            Cell::Json(v) => v.to_string(),
            Cell::Secs(s) => s.to_string(),
            Cell::Time(t) => timefmt::machine(*t, zone),
        }
    }

    fn json(&self, zone: Tz) -> Value {
        match self {
            Cell::Empty => Value::Null,
            Cell::Text(s) => Value::String(s.clone()),
            Cell::Int(n) | Cell::Count(n) => json!(n),
            Cell::Float(f, _) | Cell::Percent(f) => {
                // Round to what CSV shows so the two agree to the decimal.
                let rounded = (f * 1000.0).round() / 1000.0;
                json!(rounded)
            }
            Cell::Exact(x) => json!(x),
            Cell::Json(v) => v.clone(),
            Cell::Secs(s) => json!(s),
            Cell::Time(t) => Value::String(timefmt::machine(*t, zone)),
        }
    }

    /// Numbers are right-aligned for people.
    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            Cell::Int(_)
                | Cell::Count(_)
                | Cell::Float(..)
                | Cell::Percent(_)
                | Cell::Exact(_)
                | Cell::Secs(_)
        )
    }
}

/// `n` with a comma between groups of three digits (`-1,234,567`): the
/// separator of the English locale the rest of the output speaks.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A column: a machine key (CSV/JSON header, with its unit) and a human header.
#[derive(Clone, Debug)]
pub struct Column {
    pub key: String,
    pub header: String,
}

/// A titled table of typed cells.
#[derive(Clone, Debug)]
pub struct Table {
    /// Machine name (`sla`, `backlog`), used for file names and JSON keys.
    pub name: String,
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Shown under the table (e.g. "no tickets in this period").
    pub note: Option<String>,
    /// What the table counts, in one line, shown under it for people
    /// (tables, Markdown, HTML) unless they asked for none.
    pub legend: Option<String>,
}

impl Table {
    /// `columns` as `(key, header)` pairs.
    pub fn new(name: &str, title: &str, columns: &[(&str, &str)]) -> Table {
        Table {
            name: name.to_string(),
            title: title.to_string(),
            columns: columns
                .iter()
                .map(|(k, h)| Column {
                    key: k.to_string(),
                    header: h.to_string(),
                })
                .collect(),
            rows: Vec::new(),
            note: None,
            legend: None,
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(
            row.len(),
            self.columns.len(),
            "row width of table {}",
            self.name
        );
        self.rows.push(row);
    }
}

pub use crate::csv_safety::escape_formula;

/// Whether to draw colours and styled borders: a terminal, and `NO_COLOR` unset.
pub fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && io::IsTerminal::is_terminal(&io::stdout())
}

/// Writes one table in `format`.
pub fn render(out: &mut dyn Write, table: &Table, format: Format, zone: Tz) -> io::Result<()> {
    match format {
        Format::Table => render_grid(out, table, zone, false),
        Format::Markdown => render_grid(out, table, zone, true),
        Format::Html => {
            crate::html::tables_page(out, &table.title, None, std::slice::from_ref(table), zone)
        }
        Format::Csv => render_csv(out, table, zone),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &table_json(table, zone))?;
            writeln!(out)
        }
        Format::Jsonl => render_jsonl(out, table, None, zone),
        Format::Ids => {
            for row in &table.rows {
                if let Some(first) = row.first() {
                    writeln!(out, "{}", first.machine_text(zone))?;
                }
            }
            Ok(())
        }
    }
}

/// Writes several tables: one after the other, or one JSON object keyed by table name.
pub fn render_all(
    out: &mut dyn Write,
    tables: &[Table],
    format: Format,
    zone: Tz,
) -> io::Result<()> {
    if format == Format::Html {
        let title = tables.first().map_or("triage", |t| t.title.as_str());
        return crate::html::tables_page(out, title, None, tables, zone);
    }
    if format == Format::Jsonl {
        // Rows of several tables say which table they belong to.
        for table in tables {
            let name = (tables.len() > 1).then_some(table.name.as_str());
            render_jsonl(out, table, name, zone)?;
        }
        return Ok(());
    }
    if format == Format::Json && tables.len() > 1 {
        let mut map = Map::new();
        for t in tables {
            map.insert(t.name.clone(), table_json(t, zone));
        }
        serde_json::to_writer_pretty(&mut *out, &Value::Object(map))?;
        return writeln!(out);
    }
    for (i, table) in tables.iter().enumerate() {
        if i > 0 && format != Format::Ids {
            writeln!(out)?;
        }
        if format == Format::Csv && tables.len() > 1 {
            writeln!(out, "# {}", table.name)?;
        }
        render(out, table, format, zone)?;
    }
    Ok(())
}

/// A table's rows as JSON Lines, each with a `"table"` key when `name`
/// is given.
pub fn render_jsonl(
    out: &mut dyn Write,
    table: &Table,
    name: Option<&str>,
    zone: Tz,
) -> io::Result<()> {
    for row in &table.rows {
        let mut obj = Map::new();
        if let Some(name) = name {
            obj.insert("table".into(), Value::String(name.into()));
        }
        for (col, cell) in table.columns.iter().zip(row) {
            obj.insert(col.key.clone(), cell.json(zone));
        }
        serde_json::to_writer(&mut *out, &Value::Object(obj))?;
        writeln!(out)?;
    }
    Ok(())
}

/// One JSON document: indented for `--format json`, on one line for
/// `--format jsonl`.
pub fn write_json<T: serde::Serialize>(
    out: &mut dyn Write,
    value: &T,
    format: Format,
) -> io::Result<()> {
    if format == Format::Jsonl {
        serde_json::to_writer(&mut *out, value)?;
    } else {
        serde_json::to_writer_pretty(&mut *out, value)?;
    }
    writeln!(out)
}

/// The rows of a table as JSON objects keyed by column key.
pub fn table_json(table: &Table, zone: Tz) -> Value {
    Value::Array(
        table
            .rows
            .iter()
            .map(|row| {
                let mut obj = Map::new();
                for (col, cell) in table.columns.iter().zip(row) {
                    obj.insert(col.key.clone(), cell.json(zone));
                }
                Value::Object(obj)
            })
            .collect(),
    )
}

fn render_csv(out: &mut dyn Write, table: &Table, zone: Tz) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(table.columns.iter().map(|c| c.key.as_str()))?;
    csv_rows(writer, table, zone)
}

/// A table's CSV rows without the header, for output appended to a log.
pub fn render_csv_rows(out: &mut dyn Write, table: &Table, zone: Tz) -> io::Result<()> {
    csv_rows(csv::Writer::from_writer(out), table, zone)
}

fn csv_rows(mut writer: csv::Writer<&mut dyn Write>, table: &Table, zone: Tz) -> io::Result<()> {
    for row in &table.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| escape_formula(&c.machine_text(zone)).into_owned())
            .collect();
        writer.write_record(&cells)?;
    }
    writer.flush()?;
    Ok(())
}

fn render_grid(out: &mut dyn Write, table: &Table, zone: Tz, markdown: bool) -> io::Result<()> {
    if !table.title.is_empty() {
        let title = terminal::line(&table.title);
        if markdown {
            writeln!(out, "### {title}\n")?;
        } else {
            writeln!(out, "{title}")?;
        }
    }
    let mut grid = Grid::new();
    grid.load_preset(if markdown {
        presets::ASCII_MARKDOWN
    } else {
        presets::UTF8_FULL_CONDENSED
    });
    grid.set_content_arrangement(ContentArrangement::Disabled);
    if !use_color() {
        grid.force_no_tty();
    }
    // Markdown is for documents, where a renderer lays the table out.
    let limits = table_width()
        .filter(|_| !markdown)
        .map(|width| column_limits(table, zone, width))
        .unwrap_or_default();
    grid.set_header(table.columns.iter().map(|c| TableCell::new(&c.header)));
    for row in &table.rows {
        grid.add_row(row.iter().enumerate().map(|(i, c)| {
            let mut text = c.human(zone);
            if let Some(&Some(limit)) = limits.get(i) {
                text = cut_to_width(&text, limit);
            }
            let cell = TableCell::new(if markdown {
                markdown_cell(&text)
            } else {
                terminal::escape(&text, Layout::Cell).into_owned()
            });
            if c.is_numeric() {
                cell.set_alignment(CellAlignment::Right)
            } else {
                cell
            }
        }));
    }
    if !table.rows.is_empty() || table.note.is_none() {
        writeln!(out, "{grid}")?;
    }
    if let Some(note) = &table.note {
        writeln!(out, "{}", terminal::block(note))?;
    }
    if let Some(legend) = table.legend.as_ref().filter(|_| !table.rows.is_empty()) {
        let legend = terminal::line(legend);
        if markdown {
            writeln!(out, "\n_{legend}_")?;
        } else {
            writeln!(out, "{legend}")?;
        }
    }
    Ok(())
}

/// How wide each column of `table` may be to fit `width` terminal columns:
/// `None` for a column shown whole. Short values (ids, statuses, times,
/// numbers) are never cut; the longest text columns (titles, customers,
/// notes) give way first, down to [`MIN_CUT`], their cells ending in `…`.
/// A table whose short columns alone are wider than `width` still shows
/// them whole.
fn column_limits(table: &Table, zone: Tz, width: u16) -> Vec<Option<usize>> {
    const MIN_CUT: usize = 20;
    let mut widths: Vec<usize> = table
        .columns
        .iter()
        .map(|c| UnicodeWidthStr::width(c.header.as_str()))
        .collect();
    for row in &table.rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            let longest = cell.human(zone).lines().map(UnicodeWidthStr::width).max();
            *w = (*w).max(longest.unwrap_or(0));
        }
    }
    // UTF8_FULL_CONDENSED: a border and a space either side per column.
    let overhead = 3 * widths.len() + 1;
    let mut limits = vec![None; widths.len()];
    let mut total: usize = widths.iter().sum::<usize>() + overhead;
    while total > usize::from(width) {
        let Some((i, &w)) = widths
            .iter()
            .enumerate()
            .filter(|&(_, &w)| w > MIN_CUT)
            .max_by_key(|&(_, &w)| w)
        else {
            break;
        };
        let cut = (total - usize::from(width)).min(w - MIN_CUT);
        widths[i] = w - cut;
        limits[i] = Some(widths[i]);
        total -= cut;
    }
    limits
}

/// `text` in at most `limit` terminal columns: its first line, cut with
/// `…` when it is longer (or when more lines follow).
fn cut_to_width(text: &str, limit: usize) -> String {
    let first = text.lines().next().unwrap_or("");
    let more_lines = text.lines().nth(1).is_some();
    if !more_lines && UnicodeWidthStr::width(first) <= limit {
        return first.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in first.chars() {
        let w = UnicodeWidthChar::width(ch).unwrap_or(0);
        if used + w + 1 > limit {
            break;
        }
        out.push(ch);
        used += w;
    }
    out.push('…');
    out
}

/// The width a table is fitted to, cutting its longest columns: `COLUMNS`
/// when set, else the terminal's when stdout is one. A pipe without
/// `COLUMNS` gets whole lines, which is what `grep` and `less -S` want;
/// csv and json are never fitted.
fn table_width() -> Option<u16> {
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<u16>().ok())
        .filter(|w| *w > 0);
    from_env.or_else(terminal_columns)
}

/// The columns of the terminal on stdout, if it is one.
fn terminal_columns() -> Option<u16> {
    let mut size = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ fills the winsize we pass and touches nothing else.
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) } == 0;
    (ok && size.ws_col > 0).then_some(size.ws_col)
}

/// A Markdown table cell on one line: `|` escaped, a line break as `<br>`
/// (the table convention), other control characters escaped.
fn markdown_cell(text: &str) -> String {
    text.split('\n')
        .map(|line| terminal::line(line.strip_suffix('\r').unwrap_or(line)).replace('|', "\\|"))
        .collect::<Vec<_>>()
        .join("<br>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_uses_machine_units() {
        let mut t = Table::new(
            "t",
            "T",
            &[("id", "ID"), ("wait_secs", "Wait"), ("met_pct", "Met")],
        );
        t.push(vec![
            Cell::Int(1),
            Cell::Secs(12_000),
            Cell::Percent(66.66666),
        ]);
        let mut buf = Vec::new();
        render(&mut buf, &t, Format::Csv, chrono_tz::UTC).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "id,wait_secs,met_pct\n1,12000,66.667\n"
        );
        let mut buf = Vec::new();
        render(&mut buf, &t, Format::Table, chrono_tz::UTC).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert!(text.contains("3h 20m") && text.contains("66.7%"), "{text}");
    }

    #[test]
    fn exact_cells_keep_every_digit() {
        let mut t = Table::new("t", "T", &[("ci", "CI"), ("mean", "Mean")]);
        t.push(vec![Cell::Exact(0.000_123_456_789), Cell::Exact(69.672_9)]);
        let mut buf = Vec::new();
        render(&mut buf, &t, Format::Csv, chrono_tz::UTC).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "ci,mean\n0.000123456789,69.6729\n"
        );
        let json = table_json(&t, chrono_tz::UTC);
        assert_eq!(json[0]["ci"].as_f64(), Some(0.000_123_456_789));
    }

    #[test]
    fn counts_get_thousands_separators_for_people_only() {
        for (n, text) in [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (-12_345, "-12,345"),
            (1_234_567, "1,234,567"),
            (i64::MIN, "-9,223,372,036,854,775,808"),
        ] {
            assert_eq!(thousands(n), text);
        }
        let mut t = Table::new("t", "T", &[("id", "ID"), ("tickets", "Tickets")]);
        t.push(vec![Cell::Int(12_345), Cell::Count(12_345)]);
        t.legend = Some("Tickets: how many".into());
        let show = |format| {
            let mut buf = Vec::new();
            render(&mut buf, &t, format, chrono_tz::UTC).unwrap();
            String::from_utf8(buf).unwrap()
        };
        let table = show(Format::Table);
        assert!(
            table.contains(" 12345 ┆") && table.contains(" 12,345 │"),
            "{table}"
        );
        assert!(table.ends_with("Tickets: how many\n"), "{table}");
        let markdown = show(Format::Markdown);
        assert!(
            markdown.contains("| 12345 |") && markdown.contains(" 12,345 |"),
            "{markdown}"
        );
        assert_eq!(show(Format::Csv), "id,tickets\n12345,12345\n");
        assert!(show(Format::Json).contains("\"tickets\": 12345"));
    }
}
