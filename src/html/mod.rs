//! HTML output: one self-contained page (inline CSS and SVG, no script, no
//! external reference of any kind) that opens from a mail attachment,
//! follows the reader's light or dark mode, prints cleanly, and that a
//! screen reader can follow (each chart has a title, a description and
//! the numbers behind it in a table).
//!
//! Every text that comes from data (ticket fields, group labels, agent
//! names, file names) goes through [`escape`]: markup characters become
//! entities, and control characters a terminal or a bidirectional
//! override would act on are shown escaped as they are in the terminal
//! tables ([`crate::terminal`]).
//!
//! [`Page`] assembles sections of tables and charts; [`chart`] draws the
//! charts (with `plotters`' SVG backend); [`report`] and [`simulation`]
//! turn the report's and the simulator's numbers into chart specs.

pub mod chart;
pub mod report;
pub mod simulation;

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

use chrono_tz::Tz;

use crate::output::{Cell, Table};
use crate::terminal::{self, Layout};

pub use chart::Chart;

/// `text` safe inside HTML element content and quoted attribute values:
/// `& < > " '` as entities, control and bidi characters shown escaped.
pub fn escape(text: &str) -> Cow<'_, str> {
    let visible = terminal::escape(text, Layout::Cell);
    if !visible.contains(['&', '<', '>', '"', '\'']) {
        return visible;
    }
    let mut out = String::with_capacity(visible.len() + 16);
    for c in visible.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// An `id` attribute value made from a machine name (`[a-z0-9_-]` kept,
/// anything else `-`), so it never needs escaping.
pub fn id_of(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '_' | '-' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => '-',
        })
        .collect()
}

/// The page's style: colours as variables switched by the reader's colour
/// scheme and for print. The charts draw their axes and text in [`chart::INK`]
/// and grid lines in [`chart::GRID`]; the rules at the end repaint exactly
/// those colours, so a chart follows the page's mode (CSS outranks SVG's
/// presentation attributes). Series colours are mid-tones that read on
/// both backgrounds.
const STYLE: &str = r##"
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e;
  --line: #d0d7de; --stripe: #f6f8fa; --ink: #2b2b2b; --grid: #d0d0d0; --accent: #0969da; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d;
    --stripe: #151b23; --ink: #e6edf3; --grid: #3d444d; --accent: #4493f8; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1160px; padding: 24px; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 0 0 12px; padding-top: 8px; border-top: 1px solid var(--line); }
h3 { font-size: 15px; margin: 16px 0 6px; }
.sub { color: var(--muted); margin: 0 0 16px; }
nav ul { list-style: none; padding: 0; margin: 0 0 20px; display: flex; flex-wrap: wrap; gap: 4px 14px; }
a { color: var(--accent); }
section { margin: 0 0 28px; }
figure { margin: 8px 0 12px; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 13px; }
.keys { list-style: none; padding: 0; margin: 2px 0 4px; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 13px; }
.keys span { display: inline-block; width: 12px; height: 12px; margin-right: 5px; vertical-align: -1px; border-radius: 2px; }
.scroll { overflow-x: auto; }
.chart-data { max-height: 15em; overflow-y: auto; display: inline-block; padding-right: 4px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 4px 0; font-size: 13px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 3px 8px; vertical-align: top; }
th { background: var(--stripe); text-align: left; font-weight: 600; }
td.n { text-align: right; white-space: nowrap; }
tr.total td { font-weight: 600; }
td { white-space: pre-wrap; }
.definition { color: var(--muted); font-size: 13px; margin: 4px 0 0; }
.note { font-style: italic; }
svg [stroke="#2B2B2B"] { stroke: var(--ink); }
svg [fill="#2B2B2B"] { fill: var(--ink); }
svg [stroke="#D0D0D0"] { stroke: var(--grid); }
@media print {
  :root { --bg: #ffffff; --fg: #000000; --muted: #333333; --line: #999999; --stripe: #eeeeee;
    --ink: #2b2b2b; --grid: #d0d0d0; }
  body { max-width: none; padding: 0; font-size: 11px; }
  nav { display: none; }
  section, figure, table { break-inside: avoid; }
  .chart-data { max-height: none; overflow: visible; }
  h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"##;

/// A page being assembled: sections of headings, charts, tables and
/// definitions, written whole by [`Page::write`].
pub struct Page {
    title: String,
    subtitle: Option<String>,
    /// Section ids and titles, for the contents list.
    toc: Vec<(String, String)>,
    body: String,
    zone: Tz,
    charts: usize,
}

impl Page {
    /// A page titled `title` (data text: escaped), times shown in `zone`.
    pub fn new(title: &str, subtitle: Option<&str>, zone: Tz) -> Page {
        Page {
            title: title.to_string(),
            subtitle: subtitle.map(str::to_string),
            toc: Vec::new(),
            body: String::new(),
            zone,
            charts: 0,
        }
    }

    /// Starts a section (closing the previous one).
    pub fn section(&mut self, name: &str, title: &str) {
        self.close_section();
        let id = id_of(name);
        let _ = write!(
            self.body,
            "<section id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">{}</h2>\n",
            escape(title)
        );
        self.toc.push((id, title.to_string()));
    }

    fn close_section(&mut self) {
        if !self.toc.is_empty() {
            self.body.push_str("</section>\n");
        }
    }

    /// A chart with its title, key, description, and the numbers behind it:
    /// its own data table, or (`data_table`) the id of a table on the page
    /// that holds them.
    pub fn chart(&mut self, chart: &Chart, data_table: Option<&str>) {
        self.charts += 1;
        let id = format!("chart-{}", self.charts);
        let svg = chart.svg(&id);
        let _ = write!(
            self.body,
            "<figure aria-labelledby=\"{id}-t\">\n<h3 id=\"{id}-t\">{}</h3>\n",
            escape(chart.title())
        );
        let keys = chart.keys();
        if !keys.is_empty() {
            self.body
                .push_str("<ul class=\"keys\" aria-hidden=\"true\">");
            for (name, color) in keys {
                let _ = write!(
                    self.body,
                    "<li><span style=\"background:{color}\"></span>{}</li>",
                    escape(&name)
                );
            }
            self.body.push_str("</ul>\n");
        }
        self.body.push_str(&svg);
        let _ = write!(
            self.body,
            "<figcaption id=\"{id}-d\">{}",
            escape(chart.description())
        );
        match data_table {
            Some(table) => {
                let _ = write!(
                    self.body,
                    " The numbers are in the table <a href=\"#{}\">below</a>.</figcaption>\n</figure>\n",
                    id_of(table)
                );
            }
            None => {
                self.body.push_str("</figcaption>\n</figure>\n");
                let mut data = chart.data_table();
                data.name = format!("{id}-data");
                // Long on screen (a month of days): a box of its own that
                // scrolls; printed whole.
                self.body.push_str("<div class=\"chart-data\">\n");
                self.table_html(&data, false);
                self.body.push_str("</div>\n");
            }
        }
    }

    /// A table with its note and (`legend`) its one-line definition.
    pub fn table(&mut self, table: &Table, legend: bool) {
        self.table_html(table, legend);
    }

    fn table_html(&mut self, table: &Table, legend: bool) {
        let id = id_of(&table.name);
        if table.rows.is_empty() {
            let _ = writeln!(self.body, "<h3 id=\"{id}\">{}</h3>", escape(&table.title));
        } else {
            let _ = write!(
                self.body,
                "<div class=\"scroll\"><table id=\"{id}\">\n<caption>{}</caption>\n<thead><tr>",
                escape(&table.title)
            );
            for column in &table.columns {
                let _ = write!(
                    self.body,
                    "<th scope=\"col\">{}</th>",
                    escape(&column.header)
                );
            }
            self.body.push_str("</tr></thead>\n<tbody>\n");
            for row in &table.rows {
                let total = matches!(row.first(), Some(Cell::Text(t)) if t == "total");
                self.body.push_str(if total {
                    "<tr class=\"total\">"
                } else {
                    "<tr>"
                });
                for (i, cell) in row.iter().enumerate() {
                    let text = cell.human(self.zone);
                    let (open, close) = match (i, cell.is_numeric()) {
                        (0, _) => ("<th scope=\"row\">", "</th>"),
                        (_, true) => ("<td class=\"n\">", "</td>"),
                        _ => ("<td>", "</td>"),
                    };
                    let _ = write!(self.body, "{open}{}{close}", escape(&text));
                }
                self.body.push_str("</tr>\n");
            }
            self.body.push_str("</tbody>\n</table></div>\n");
        }
        if let Some(note) = &table.note {
            let _ = writeln!(
                self.body,
                "<p class=\"definition note\">{}</p>",
                escape(note)
            );
        }
        if let Some(definition) = table
            .legend
            .as_ref()
            .filter(|_| legend && !table.rows.is_empty())
        {
            let _ = writeln!(
                self.body,
                "<p class=\"definition\">{}</p>",
                escape(definition)
            );
        }
    }

    /// A paragraph of text (data text: escaped).
    pub fn paragraph(&mut self, text: &str) {
        let _ = writeln!(self.body, "<p>{}</p>", escape(text));
    }

    /// Writes the whole document.
    pub fn write(mut self, out: &mut dyn Write) -> io::Result<()> {
        self.close_section();
        let title = escape(&self.title);
        write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"color-scheme\" content=\"light dark\">\n\
             <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{title}</h1>\n"
        )?;
        if let Some(subtitle) = &self.subtitle {
            writeln!(out, "<p class=\"sub\">{}</p>", escape(subtitle))?;
        }
        writeln!(out, "</header>")?;
        if self.toc.len() > 1 {
            write!(out, "<nav aria-label=\"Contents\"><ul>")?;
            for (id, title) in &self.toc {
                write!(out, "<li><a href=\"#{id}\">{}</a></li>", escape(title))?;
            }
            writeln!(out, "</ul></nav>")?;
        }
        writeln!(out, "<main>\n{}</main>\n</body>\n</html>", self.body)
    }
}

/// Tables alone as a page: `--format html` of a command without charts.
pub fn tables_page(
    out: &mut dyn Write,
    title: &str,
    subtitle: Option<&str>,
    tables: &[Table],
    zone: Tz,
) -> io::Result<()> {
    let mut page = Page::new(title, subtitle, zone);
    for table in tables {
        page.table(table, true);
    }
    page.write(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_controls_are_escaped() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(escape("\u{1b}[2J\u{202e}"), "\\u{1b}[2J\\u{202e}");
        assert!(matches!(escape("plain 文字"), Cow::Borrowed(_)));
        assert_eq!(id_of("backlog_by group/x"), "backlog_by-group-x");
    }

    #[test]
    fn a_tables_page_is_one_document_with_escaped_cells() {
        let mut t = Table::new("t", "Title <b>", &[("k", "Key"), ("n", "Count")]);
        t.push(vec![
            Cell::text("<img src=x onerror=alert(1)>"),
            Cell::Count(1234),
        ]);
        t.legend = Some("Counts & more".into());
        let mut out = Vec::new();
        tables_page(&mut out, "Page", None, &[t], chrono_tz::UTC).unwrap();
        let html = String::from_utf8(out).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("<td class=\"n\">1,234</td>"), "{html}");
        assert!(html.contains("Counts &amp; more"));
        assert!(html.contains("<caption>Title &lt;b&gt;</caption>"));
    }
}
