//! Turns one row of cells into a [`TicketDraft`] or a [`RowError`], the
//! same way for every source.

use std::sync::Arc;

use calamine::Data;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use csv::StringRecord;

use super::dates::{
    excel_serial, from_components, DateEvidence, DateOrder, DateParser, OrderDecision, Stamp,
};
use super::draft::TicketDraft;
use super::error::{ImportError, RowError};
use super::mapping::{Field, MappingPlan, Target, TimeUnit, ValueMaps, SLOTS};
use crate::model::{Priority, Status};

/// Longest title taken from the first line of a body.
const DERIVED_TITLE_CHARS: usize = 100;

/// Everything needed to read rows of one table: the row mapper every
/// source (CSV, workbook) hands its rows to. Public so fuzzers and property
/// tests can map arbitrary headers and cells without writing a file; the
/// import command goes through [`open`](super::open) instead.
#[derive(Clone)]
pub struct Converter {
    pub file: Arc<str>,
    pub sheet: Option<Arc<str>>,
    pub headers: Vec<String>,
    targets: Vec<Target>,
    nulls: Vec<String>,
    values: ValueMaps,
    defaults: Vec<(Field, String)>,
    zone: Tz,
    dates: DateParser,
    /// Per column: the decided day/month order of a date column.
    orders: Vec<Option<DateOrder>>,
    /// Per column: evidence gathered by the count pass (date columns only).
    evidence: Vec<Option<DateEvidence>>,
    /// Look for U+FFFD in rows (set when decoding replaced bytes).
    pub flag_replacements: bool,
    /// Split tags cells on spaces too (the mapping's `space_separated_tags`).
    pub space_separated_tags: bool,
}

/// The settings a [`Converter`] needs besides the plan: null markers
/// ([`DEFAULT_NULLS`](super::mapping::DEFAULT_NULLS) unless the mapping file
/// says otherwise), value maps, defaults, the zone of naive times and the
/// date parser.
pub struct Settings {
    pub nulls: Vec<String>,
    pub values: ValueMaps,
    pub defaults: Vec<(Field, String)>,
    pub zone: Tz,
    pub dates: DateParser,
}

impl Converter {
    /// A converter for `plan`'s columns. The sources use it in three steps:
    /// [`observe`](Converter::observe) every date column's cells (the count
    /// pass), [`decide_orders`](Converter::decide_orders), then
    /// [`convert`](Converter::convert) each row. `file` and `sheet` only
    /// name the place in row errors.
    pub fn new(
        file: Arc<str>,
        sheet: Option<Arc<str>>,
        plan: &MappingPlan,
        settings: Settings,
    ) -> Converter {
        let targets: Vec<Target> = plan.columns.iter().map(|c| c.target).collect();
        let evidence = targets
            .iter()
            .map(|t| matches!(t, Target::Field(f) if f.is_date()).then(DateEvidence::default))
            .collect();
        Converter {
            file,
            sheet,
            headers: plan.columns.iter().map(|c| c.header.clone()).collect(),
            orders: vec![None; targets.len()],
            targets,
            nulls: settings.nulls,
            values: settings.values,
            defaults: settings.defaults,
            zone: settings.zone,
            dates: settings.dates,
            evidence,
            flag_replacements: false,
            space_separated_tags: false,
        }
    }

    /// Indexes of the date columns, whose values the count pass observes.
    pub fn date_columns(&self) -> Vec<usize> {
        (0..self.evidence.len())
            .filter(|i| self.evidence[*i].is_some())
            .collect()
    }

    fn is_null(&self, text: &str) -> bool {
        text.is_empty() || self.nulls.iter().any(|n| n == text)
    }

    /// `line 12` or `row 12`.
    pub fn place(&self, line: u64) -> String {
        match self.sheet {
            Some(_) => format!("row {line}"),
            None => format!("line {line}"),
        }
    }

    /// Records a date column's value for the day/month decision.
    pub fn observe(&mut self, column: usize, text: &str, line: u64) {
        let text = text.trim();
        if self.is_null(text) {
            return;
        }
        if let Some(Some(evidence)) = self.evidence.get_mut(column) {
            evidence.observe(text, line);
        }
    }

    /// Forgets the evidence of an abandoned count pass.
    pub fn reset_evidence(&mut self) {
        for evidence in self.evidence.iter_mut().flatten() {
            *evidence = DateEvidence::default();
        }
    }

    /// Settles every date column's day/month order from the evidence of the
    /// count pass. A column whose own values prove nothing but need an
    /// order borrows it from the file's other date columns when those agree
    /// (exports write every date the same way). Returns `(column, order,
    /// borrowed)` for each decided column.
    pub fn decide_orders(&mut self) -> Result<Vec<(usize, DateOrder, bool)>, ImportError> {
        let mut decided = Vec::new();
        if let Some(order) = self.dates.format_order() {
            for index in self.date_columns() {
                self.orders[index] = Some(order);
                decided.push((index, order, false));
            }
            return Ok(decided);
        }
        let decisions: Vec<(usize, OrderDecision)> = self
            .evidence
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.as_ref().map(|e| (i, e.decide())))
            .collect();
        let proven: Vec<DateOrder> = decisions
            .iter()
            .filter_map(|(_, d)| match d {
                OrderDecision::Decided(order) => Some(*order),
                _ => None,
            })
            .collect();
        let file_order = proven
            .first()
            .copied()
            .filter(|first| proven.iter().all(|o| o == first));
        for (index, decision) in decisions {
            let evidence = self.evidence[index].as_ref().expect("date column");
            let (order, borrowed) = match decision {
                OrderDecision::NotNeeded => continue,
                OrderDecision::Decided(order) => (order, false),
                // A date format settles it row by row.
                _ if self.dates.is_explicit() => continue,
                OrderDecision::Mixed => {
                    let (d, dl) = evidence.day_first.clone().unwrap_or_default();
                    let (m, ml) = evidence.month_first.clone().unwrap_or_default();
                    return Err(ImportError::MixedDateOrder {
                        file: self.file.to_string(),
                        column: self.headers[index].clone(),
                        day_first: format!("{d} ({})", self.place(dl)),
                        month_first: format!("{m} ({})", self.place(ml)),
                    });
                }
                OrderDecision::Ambiguous => match file_order {
                    Some(order) => (order, true),
                    None => {
                        let (example, line) = evidence.ambiguous.clone().unwrap_or_default();
                        return Err(ImportError::AmbiguousDates {
                            file: self.file.to_string(),
                            column: self.headers[index].clone(),
                            example,
                            place: self.place(line),
                        });
                    }
                },
            };
            self.orders[index] = Some(order);
            decided.push((index, order, borrowed));
        }
        Ok(decided)
    }

    /// Converts one non-blank row. `typed` are the sheet's cells, when the
    /// row comes from a workbook (dates and durations are read from them).
    pub fn convert(
        &self,
        line: u64,
        cells: StringRecord,
        typed: Option<&[Data]>,
    ) -> Result<TicketDraft, RowError> {
        if typed.is_none() && cells.len() < self.headers.len() {
            // Read as it is, every cell after the break would land in the
            // wrong column, and the row's time would be missing.
            return Err(RowError {
                file: self.file.clone(),
                sheet: self.sheet.clone(),
                line,
                column: None,
                value: None,
                reason: format!(
                    "the row has {} cells but the header has {}: a row cut short \
                     (a line break inside an unquoted cell, or a truncated export); \
                     expected {} cells",
                    cells.len(),
                    self.headers.len(),
                    self.headers.len()
                ),
                cells,
            });
        }
        let mut d = TicketDraft::empty(line);
        let mut problems: Vec<(Option<usize>, String)> = Vec::new();
        let mut value_tags: Vec<String> = Vec::new();
        let mut seen = [false; SLOTS];
        let mut durations: [Option<(usize, f64)>; 2] = [None, None];
        let mut extra = 0usize;

        for (i, raw) in cells.iter().enumerate() {
            let text = raw.trim();
            if self.is_null(text) {
                continue;
            }
            let Some(target) = self.targets.get(i) else {
                d.fields
                    .insert(format!("Column {}", i + 1), text.to_string());
                extra += 1;
                continue;
            };
            match *target {
                Target::Keep => {
                    d.fields.insert(self.headers[i].clone(), text.to_string());
                }
                Target::Field(field) => {
                    seen[field.slot()] = true;
                    let cell = typed.and_then(|t| t.get(i));
                    if let Err(reason) = self.apply(
                        &mut d,
                        field,
                        Some(i),
                        text,
                        cell,
                        &mut durations,
                        &mut value_tags,
                    ) {
                        problems.push((Some(i), reason));
                    }
                }
            }
        }
        for (field, value) in &self.defaults {
            if !seen[field.slot()] {
                // Defaults were checked when the mapping file was loaded.
                let _ = self.apply(
                    &mut d,
                    *field,
                    None,
                    value,
                    None,
                    &mut durations,
                    &mut value_tags,
                );
            }
        }
        for tag in value_tags {
            if !d.tags.contains(&tag) {
                d.tags.push(tag);
            }
        }

        for (slot, entry) in durations.into_iter().enumerate() {
            let Some((index, secs)) = entry else { continue };
            let target = if slot == 0 {
                &mut d.first_response_at
            } else {
                &mut d.resolved_at
            };
            match d.created_at {
                Some(created) if target.is_none() => {
                    // parse_duration caps durations, so this cannot overflow.
                    let span = chrono::Duration::milliseconds((secs * 1000.0).round() as i64);
                    *target = created.checked_add_signed(span);
                }
                Some(_) => {}
                None => {
                    let header = &self.headers[index];
                    d.warnings.push(format!(
                        "column {header}: a duration needs a created time; kept in fields"
                    ));
                    d.fields.insert(
                        header.clone(),
                        cells.get(index).unwrap_or("").trim().to_string(),
                    );
                }
            }
        }

        if d.title.is_empty() {
            if d.external_id.is_none() {
                problems.push((None, "row has neither a title nor an id".to_string()));
            } else {
                d.title = derived_title(&d.body);
                d.warnings.push(format!("no title: using {:?}", d.title));
            }
        }

        if !problems.is_empty() {
            let first = problems[0].0;
            return Err(RowError {
                file: self.file.clone(),
                sheet: self.sheet.clone(),
                line,
                column: first.map(|i| self.headers[i].clone()),
                value: first
                    .and_then(|i| cells.get(i))
                    .map(|v| v.trim().to_string()),
                reason: problems
                    .into_iter()
                    .map(|(_, r)| r)
                    .collect::<Vec<_>>()
                    .join("; "),
                cells,
            });
        }

        check_consistency(&mut d);
        let dated = [
            d.created_at,
            d.updated_at,
            d.first_response_at,
            d.resolved_at,
            d.closed_at,
        ]
        .iter()
        .any(Option::is_some);
        if !dated && self.evidence.iter().any(Option::is_some) {
            d.warnings.push(
                "no time in the row (created, updated, first response, resolved, closed): \
                 the ticket is dated by the import"
                    .to_string(),
            );
        }
        if extra > 0 {
            d.warnings.push(format!(
                "{extra} cell(s) beyond the {} header columns kept as Column N",
                self.headers.len()
            ));
        }
        if self.flag_replacements && cells.as_slice().contains('\u{FFFD}') {
            d.warnings
                .push("undecodable bytes replaced with U+FFFD".to_string());
        }
        d.cells = cells;
        Ok(d)
    }

    /// Sets one field from a non-null cell; tags its value translation
    /// adds go to `tags`. `Err` is the row-error reason.
    #[allow(clippy::too_many_arguments)]
    fn apply(
        &self,
        d: &mut TicketDraft,
        field: Field,
        column: Option<usize>,
        text: &str,
        cell: Option<&Data>,
        durations: &mut [Option<(usize, f64)>; 2],
        tags: &mut Vec<String>,
    ) -> Result<(), String> {
        let header = column
            .map(|i| self.headers[i].as_str())
            .unwrap_or("(default)");
        let v = match self.values.lookup(field, text) {
            Some(t) => {
                tags.extend(t.tags.iter().cloned());
                if t.to.is_empty() {
                    text
                } else {
                    t.to.as_str()
                }
            }
            None => text,
        };
        let some = |s: &str| Some(s.to_string());
        match field {
            Field::ExternalId => d.external_id = some(v),
            Field::Title => d.title = v.to_string(),
            Field::Body => {
                // Cells keep the file's line ends; bodies use \n.
                d.body = if v.contains('\r') {
                    v.replace("\r\n", "\n")
                } else {
                    v.to_string()
                }
            }
            Field::CustomerId => d.customer.id = some(v),
            Field::CustomerName => d.customer.name = some(v),
            Field::CustomerEmail => d.customer.email = some(v),
            Field::CustomerPhone => d.customer.phone = some(v),
            Field::CustomerTier => d.customer.tier = some(v),
            Field::Channel => d.channel = Some(normalize_channel(v)),
            Field::Category => d.category = some(v),
            Field::Assignee => d.assignee = some(v),
            Field::Team => d.team = some(v),
            Field::Tags if self.space_separated_tags => {
                d.tags =
                    v.split_whitespace()
                        .flat_map(split_tags)
                        .fold(Vec::new(), |mut all, tag| {
                            if !all.contains(&tag) {
                                all.push(tag);
                            }
                            all
                        })
            }
            Field::Tags => d.tags = split_tags(v),
            Field::Priority => {
                d.priority = Some(Priority::parse(v).ok_or_else(|| {
                    format!(
                        "bad priority {text:?} in column {header}: expected P1..P4, \
                         urgent/high/normal/low, 紧急/高/普通/低, \"1 - Critical\" \
                         or a values.priority entry in the mapping file (or --value \
                         'priority:{text}=P3')"
                    )
                })?)
            }
            Field::Status => {
                d.status = Some(Status::parse(v).ok_or_else(|| {
                    format!(
                        "bad status {text:?} in column {header}: expected new, assigned, \
                         open, pending, resolved, closed (or a synonym such as In Progress, \
                         处理中, 已解决) or a values.status entry in the mapping file (or \
                         --value 'status:{text}=open')"
                    )
                })?)
            }
            Field::Csat => {
                d.csat = Some(parse_csat(v).ok_or_else(|| {
                    format!("bad satisfaction score {text:?} in column {header}: expected 1..5")
                })?)
            }
            Field::CreatedAt
            | Field::UpdatedAt
            | Field::FirstResponseAt
            | Field::ResolvedAt
            | Field::ClosedAt => {
                let at = self
                    .parse_date(column, text, cell)
                    .map_err(|why| format!("bad date {text:?} in column {header}: {why}"))?;
                let slot = match field {
                    Field::CreatedAt => &mut d.created_at,
                    Field::UpdatedAt => &mut d.updated_at,
                    Field::FirstResponseAt => &mut d.first_response_at,
                    Field::ResolvedAt => &mut d.resolved_at,
                    _ => &mut d.closed_at,
                };
                *slot = Some(at);
            }
            Field::FirstResponseAfter(unit) | Field::ResolutionAfter(unit) => {
                let secs = parse_duration(text, unit, cell).ok_or_else(|| {
                    format!(
                        "bad duration {text:?} in column {header}: expected a number of {} \
                         (or H:MM, or 1h30m)",
                        unit_name(unit)
                    )
                })?;
                let slot = usize::from(matches!(field, Field::ResolutionAfter(_)));
                durations[slot] = column.map(|c| (c, secs));
            }
            Field::Replies => {
                d.replies = Some(parse_count(text).ok_or_else(|| {
                    format!("bad reply count {text:?} in column {header}: expected a whole number")
                })?)
            }
        }
        Ok(())
    }

    fn parse_date(
        &self,
        column: Option<usize>,
        text: &str,
        cell: Option<&Data>,
    ) -> Result<DateTime<Utc>, String> {
        let stamp = match cell {
            Some(Data::DateTime(dt)) => from_components(dt.to_ymd_hms_milli())
                .map(Stamp::local)
                .ok_or_else(|| "the date cell is out of range".to_string())?,
            Some(Data::Float(v)) => excel_serial(*v)
                .map(Stamp::local)
                .ok_or_else(|| "expected an Excel serial date between 1970 and 9999".to_string())?,
            _ => {
                let order = column.and_then(|c| self.orders.get(c).copied().flatten());
                self.dates.parse(text, order).map_err(|e| e.expected)?
            }
        };
        stamp.to_utc(self.zone)
    }
}

/// A whole number of things: `3`, or a spreadsheet's `3.0`.
fn parse_count(text: &str) -> Option<u32> {
    let t = text.trim();
    t.parse::<u32>().ok().or_else(|| {
        t.parse::<f64>()
            .ok()
            .filter(|v| v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(v))
            .map(|v| v as u32)
    })
}

fn unit_name(unit: TimeUnit) -> &'static str {
    match unit {
        TimeUnit::Seconds => "seconds",
        TimeUnit::Minutes => "minutes",
        TimeUnit::Hours => "hours",
        TimeUnit::Days => "days",
    }
}

/// Longest duration accepted: ten years.
const MAX_DURATION_SECS: f64 = 10.0 * 366.0 * 86400.0;

/// Seconds in a duration cell: a number in the column's unit, `H:MM[:SS]`,
/// `1h30m`, ISO 8601 `PT1H30M`, or a spreadsheet time/duration cell. Not
/// negative, at most ten years.
fn parse_duration(text: &str, unit: TimeUnit, cell: Option<&Data>) -> Option<f64> {
    parse_duration_any(text, unit, cell).filter(|s| (0.0..=MAX_DURATION_SECS).contains(s))
}

fn parse_duration_any(text: &str, unit: TimeUnit, cell: Option<&Data>) -> Option<f64> {
    if let Some(Data::DateTime(dt)) = cell {
        // Spreadsheet durations and times are fractions of a day.
        return Some(dt.as_f64() * 86400.0).filter(|s| *s >= 0.0);
    }
    let text = text.trim();
    if let Ok(n) = text.parse::<f64>() {
        return (n.is_finite() && n >= 0.0).then(|| n * unit.seconds());
    }
    if let Some(rest) = text.strip_prefix("PT").or_else(|| text.strip_prefix("pt")) {
        let mut secs = 0.0;
        let mut number = String::new();
        for ch in rest.chars() {
            match ch {
                '0'..='9' | '.' => number.push(ch),
                'H' | 'h' | 'M' | 'm' | 'S' | 's' => {
                    let n: f64 = number.parse().ok()?;
                    number.clear();
                    secs += n * match ch.to_ascii_uppercase() {
                        'H' => 3600.0,
                        'M' => 60.0,
                        _ => 1.0,
                    };
                }
                _ => return None,
            }
        }
        return number.is_empty().then_some(secs);
    }
    if text.contains(':') {
        let parts: Vec<&str> = text.split(':').collect();
        if parts.len() < 2 || parts.len() > 3 {
            return None;
        }
        let mut secs = 0.0;
        for (i, part) in parts.iter().enumerate() {
            let n: u32 = part.trim().parse().ok()?;
            if i > 0 && n >= 60 {
                return None;
            }
            secs = secs * 60.0 + f64::from(n);
        }
        if parts.len() == 2 {
            secs *= 60.0;
        }
        return Some(secs);
    }
    crate::duration::Duration::parse(text)
        .ok()
        .map(|d| d.secs() as f64)
}

/// A 1..=5 score from `4`, `4.0`, `4/5`, or the words of common surveys
/// (`very satisfied`/`非常满意` = 5 .. `very dissatisfied`/`非常不满意` = 1;
/// Zendesk's `good` = 5, `bad` = 1).
pub(crate) fn parse_csat(text: &str) -> Option<u8> {
    let t = text.trim();
    let number = t
        .strip_suffix("/5")
        .or_else(|| t.strip_suffix("分"))
        .unwrap_or(t)
        .trim();
    if let Ok(v) = number.parse::<f64>() {
        return (v.fract() == 0.0 && (1.0..=5.0).contains(&v)).then_some(v as u8);
    }
    let score = match t.to_lowercase().as_str() {
        "very satisfied" | "非常满意" | "很满意" | "good" | "excellent" => 5,
        "satisfied" | "满意" | "比较满意" => 4,
        "neutral" | "一般" | "基本满意" => 3,
        "dissatisfied" | "unsatisfied" | "不满意" => 2,
        "very dissatisfied" | "非常不满意" | "很不满意" | "bad" => 1,
        _ => return None,
    };
    Some(score)
}

/// Lower-cases a channel and folds common spellings onto the model's names.
pub(crate) fn normalize_channel(value: &str) -> String {
    let lower = value.trim().to_lowercase();
    let folded = match lower.as_str() {
        "e-mail" | "mail" | "邮件" | "邮箱" | "电子邮件" => "email",
        "telephone" | "call" | "voice" | "tel" | "电话" | "热线" | "来电" | "热线电话" => {
            "phone"
        }
        "live chat" | "livechat" | "im" | "在线客服" | "在线咨询" | "在线" | "聊天" => {
            "chat"
        }
        "web form" | "webform" | "website" | "portal" | "self-service" | "网页" | "网站"
        | "官网" | "网页表单" => "web",
        "weibo" | "twitter" | "facebook" | "微博" | "社交媒体" => "social",
        _ => return lower,
    };
    folded.to_string()
}

/// Splits a tags cell on `,` `;` `|` and their full-width forms and `、`.
pub(crate) fn split_tags(value: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in value.split([',', ';', '|', '，', '；', '、']) {
        let tag = tag.trim();
        if !tag.is_empty() && !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_string());
        }
    }
    tags
}

/// The first non-empty line of the body, shortened, or `(no title)`.
fn derived_title(body: &str) -> String {
    match body.lines().map(str::trim).find(|l| !l.is_empty()) {
        Some(line) if line.chars().count() > DERIVED_TITLE_CHARS => {
            let mut t: String = line.chars().take(DERIVED_TITLE_CHARS - 1).collect();
            t.push('…');
            t
        }
        Some(line) => line.to_string(),
        None => "(no title)".to_string(),
    }
}

/// Warnings for times that contradict each other or the status.
fn check_consistency(d: &mut TicketDraft) {
    let conflicts = d.time_conflicts();
    d.warnings.extend(conflicts);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csat_forms() {
        assert_eq!(parse_csat("4"), Some(4));
        assert_eq!(parse_csat("5.0"), Some(5));
        assert_eq!(parse_csat("3/5"), Some(3));
        assert_eq!(parse_csat("非常满意"), Some(5));
        assert_eq!(parse_csat("Bad"), Some(1));
        assert_eq!(parse_csat("6"), None);
        assert_eq!(parse_csat("4.5"), None);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("35", TimeUnit::Minutes, None), Some(2100.0));
        assert_eq!(parse_duration("1.5", TimeUnit::Hours, None), Some(5400.0));
        assert_eq!(
            parse_duration("1:30", TimeUnit::Minutes, None),
            Some(5400.0)
        );
        assert_eq!(
            parse_duration("PT1H30M", TimeUnit::Minutes, None),
            Some(5400.0)
        );
        assert_eq!(parse_duration("1h30m", TimeUnit::Hours, None), Some(5400.0));
        assert_eq!(parse_duration("-5", TimeUnit::Minutes, None), None);
        assert_eq!(parse_duration("soon", TimeUnit::Minutes, None), None);
        assert_eq!(parse_duration("1e300", TimeUnit::Days, None), None);
        assert_eq!(parse_duration("NaN", TimeUnit::Days, None), None);
    }

    #[test]
    fn channels_tags_titles() {
        assert_eq!(normalize_channel("E-mail"), "email");
        assert_eq!(normalize_channel("电话"), "phone");
        assert_eq!(normalize_channel("在线客服"), "chat");
        assert_eq!(normalize_channel("WeChat"), "wechat");
        assert_eq!(
            split_tags("vip， 退款、vip;login"),
            ["vip", "退款", "login"]
        );
        assert_eq!(derived_title("\n  first line \nsecond"), "first line");
        assert_eq!(derived_title(""), "(no title)");
        assert_eq!(derived_title(&"x".repeat(300)).chars().count(), 100);
    }
}
