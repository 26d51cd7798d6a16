//! Dates as legacy exports write them.
//!
//! Accepted without configuration:
//!
//! - ISO 8601 / RFC 3339: `2025-03-05`, `2025-03-05 14:22`, `2025-03-05T14:22:00Z`,
//!   `2025-03-05T14:22:00.123+08:00`;
//! - year first with `/`, `.` or Chinese separators: `2025/3/5 14:22`, `2025.03.05`,
//!   `2025年3月5日 14:22`;
//! - day or month first with `/`, `-` or `.`: `05/03/2025 14:22`, `05-03-2025 14:22`,
//!   `3/5/2025 2:22 PM` — which of the two comes first is decided per column
//!   (see [`DateEvidence`]);
//! - month names: `5 Mar 2025`, `05-Mar-2025`, `05-Mar-25`, `Mar 5, 2025 2:22 PM`;
//! - RFC 2822: `Wed, 05 Mar 2025 14:22:00 +0000`;
//! - compact `20250305`;
//! - Excel serial day numbers (`45721.598`) between 1970 and 9999;
//! - times with seconds and fractions, `AM`/`PM`/`上午`/`下午`, and a trailing
//!   `Z`, `UTC`, `GMT` or `±hh:mm` offset.
//!
//! A time without an offset is local time in the import's zone.

use chrono::format::{Item, Parsed, StrftimeItems};
use chrono::{
    DateTime, Datelike, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Utc,
};
use chrono_tz::Tz;

/// Which of the two leading numbers of `05/03/2025` is the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateOrder {
    /// `05/03/2025` is 5 March (Europe, China's `d/m/Y` exports).
    DayFirst,
    /// `05/03/2025` is 3 May (United States).
    MonthFirst,
}

impl DateOrder {
    /// `d/m/Y` or `m/d/Y`, with the separator given.
    pub fn pattern(self, sep: char) -> String {
        match self {
            DateOrder::DayFirst => format!("d{sep}m{sep}Y"),
            DateOrder::MonthFirst => format!("m{sep}d{sep}Y"),
        }
    }
}

/// A date found in a cell: local (naive) or with an explicit offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub naive: NaiveDateTime,
    pub offset: Option<FixedOffset>,
}

impl Stamp {
    pub fn local(naive: NaiveDateTime) -> Stamp {
        Stamp {
            naive,
            offset: None,
        }
    }

    /// The instant, reading a local time in `zone`. A local time that
    /// occurs twice (clocks going back) is the earlier one; one that does
    /// not exist (clocks going forward) is an error.
    pub fn to_utc(self, zone: Tz) -> Result<DateTime<Utc>, String> {
        if let Some(offset) = self.offset {
            return match offset.from_local_datetime(&self.naive) {
                LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
                _ => Err(format!("{} is out of range", self.naive)),
            };
        }
        match zone.from_local_datetime(&self.naive) {
            LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
            LocalResult::Ambiguous(earlier, _) => Ok(earlier.with_timezone(&Utc)),
            LocalResult::None => Err(format!(
                "{} does not exist in {} (the clocks skip it)",
                self.naive.format("%Y-%m-%d %H:%M"),
                zone.name()
            )),
        }
    }
}

/// The date part of a value before the day/month order is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DatePart {
    Ymd(i32, u32, u32),
    /// `a/b/Y`: either `d/m/Y` or `m/d/Y`.
    Pair {
        a: u32,
        b: u32,
        y: i32,
    },
}

/// What a value's date part looks like, for deciding a column's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `a/b/Y` with the two leading numbers.
    Pair(u32, u32),
    /// Anything else (year first, month names, serials, not a date).
    Other,
}

/// A small cursor over ASCII-ish bytes. Non-ASCII input only matters for
/// the Chinese markers `年月日上午下午`, matched as UTF-8 byte strings.
struct Cur<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Cur<'a> {
    fn new(s: &'a str) -> Cur<'a> {
        Cur {
            s: s.as_bytes(),
            i: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn at_end(&self) -> bool {
        self.i >= self.s.len()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn eat_str(&mut self, t: &str) -> bool {
        if self.s[self.i..].starts_with(t.as_bytes()) {
            self.i += t.len();
            true
        } else {
            false
        }
    }

    fn eat_str_ci(&mut self, t: &str) -> bool {
        let rest = &self.s[self.i..];
        if rest.len() >= t.len() && rest[..t.len()].eq_ignore_ascii_case(t.as_bytes()) {
            self.i += t.len();
            true
        } else {
            false
        }
    }

    fn skip_spaces(&mut self) -> bool {
        let start = self.i;
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
        self.i > start
    }

    /// A run of up to `max` digits: (value, digit count).
    fn num(&mut self, max: usize) -> Option<(u32, usize)> {
        let start = self.i;
        let mut v: u32 = 0;
        while let Some(b @ b'0'..=b'9') = self.peek() {
            if self.i - start == max {
                return None;
            }
            v = v * 10 + u32::from(b - b'0');
            self.i += 1;
        }
        let n = self.i - start;
        (n > 0).then_some((v, n))
    }

    fn word(&mut self) -> &'a [u8] {
        let start = self.i;
        while matches!(self.peek(), Some(b'a'..=b'z' | b'A'..=b'Z')) {
            self.i += 1;
        }
        &self.s[start..self.i]
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_from_word(word: &[u8]) -> Option<u32> {
    if word.len() < 3 {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    if lower == b"sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| m.as_bytes().starts_with(&lower))
        .map(|i| i as u32 + 1)
}

fn year_of(value: u32, digits: usize) -> Option<i32> {
    match digits {
        4 => Some(value as i32),
        2 => Some(2000 + value as i32),
        _ => None,
    }
}

/// Parses the date part at the cursor.
fn date_part(c: &mut Cur) -> Option<DatePart> {
    if matches!(c.peek(), Some(b'a'..=b'z' | b'A'..=b'Z')) {
        // "Mar 5, 2025", "March 5 2025"; a leading weekday is RFC 2822's job.
        let m = month_from_word(c.word())?;
        c.eat(b'.');
        if !c.skip_spaces() {
            c.eat(b'-');
        }
        let (d, _) = c.num(2)?;
        c.eat(b',');
        if !c.skip_spaces() {
            c.eat(b'-');
        }
        let (y, n) = c.num(4)?;
        return Some(DatePart::Ymd(year_of(y, n)?, m, d));
    }
    let (n1, k1) = c.num(8)?;
    if k1 == 8 {
        // 20250305
        return Some(DatePart::Ymd((n1 / 10000) as i32, n1 / 100 % 100, n1 % 100));
    }
    if k1 == 4 {
        let chinese = c.eat_str("年");
        let sep = if chinese {
            0
        } else {
            let s = c.peek()?;
            if !matches!(s, b'-' | b'/' | b'.') {
                return None;
            }
            c.i += 1;
            s
        };
        let (m, _) = c.num(2)?;
        if chinese {
            if !c.eat_str("月") {
                return None;
            }
        } else if !c.eat(sep) {
            return None;
        }
        let (d, _) = c.num(2)?;
        if chinese {
            c.eat_str("日");
        }
        return Some(DatePart::Ymd(n1 as i32, m, d));
    }
    if k1 > 2 {
        return None;
    }
    let sep = c.peek()?;
    if !matches!(sep, b'-' | b'/' | b'.' | b' ') {
        return None;
    }
    c.i += 1;
    if matches!(c.peek(), Some(b'a'..=b'z' | b'A'..=b'Z')) {
        // "5 Mar 2025", "05-Mar-2025", "05-Mar-25"
        let m = month_from_word(c.word())?;
        c.eat(b'.');
        if !c.eat(sep) && !c.skip_spaces() {
            return None;
        }
        let (y, n) = c.num(4)?;
        return Some(DatePart::Ymd(year_of(y, n)?, m, n1));
    }
    if sep == b' ' {
        return None;
    }
    let (n2, _) = c.num(2)?;
    if !c.eat(sep) {
        return None;
    }
    let (y, n) = c.num(4)?;
    if n != 4 {
        return None;
    }
    Some(DatePart::Pair {
        a: n1,
        b: n2,
        y: y as i32,
    })
}

/// Time of day, meridiem and offset after the date part.
fn time_part(c: &mut Cur) -> Option<(NaiveTime, Option<FixedOffset>)> {
    let mut pm: Option<bool> = None;
    if c.eat_str("上午") {
        pm = Some(false);
    } else if c.eat_str("下午") || c.eat_str("晚上") {
        pm = Some(true);
    }
    c.skip_spaces();
    let (mut h, _) = c.num(2)?;
    if !c.eat(b':') {
        return None;
    }
    let (mi, mk) = c.num(2)?;
    if mk != 2 {
        return None;
    }
    let mut s = 0;
    let mut nanos = 0;
    if c.eat(b':') {
        let (sv, sk) = c.num(2)?;
        if sk != 2 {
            return None;
        }
        s = sv;
        if c.eat(b'.') || c.eat(b',') {
            let start = c.i;
            let mut frac: u64 = 0;
            let mut digits = 0;
            while let Some(b @ b'0'..=b'9') = c.peek() {
                if digits < 9 {
                    frac = frac * 10 + u64::from(b - b'0');
                    digits += 1;
                }
                c.i += 1;
            }
            if c.i == start {
                return None;
            }
            nanos = (frac * 10u64.pow(9 - digits)) as u32;
        }
    }
    c.skip_spaces();
    if pm.is_none() {
        if c.eat_str_ci("am") || c.eat_str_ci("a.m.") || c.eat_str("上午") {
            pm = Some(false);
        } else if c.eat_str_ci("pm") || c.eat_str_ci("p.m.") || c.eat_str("下午") {
            pm = Some(true);
        }
    }
    if let Some(pm) = pm {
        if !(1..=12).contains(&h) {
            return None;
        }
        h = match (pm, h) {
            (false, 12) => 0,
            (false, h) => h,
            (true, 12) => 12,
            (true, h) => h + 12,
        };
    }
    c.skip_spaces();
    let offset = offset_part(c)?;
    if !c.at_end() {
        return None;
    }
    let time = NaiveTime::from_hms_nano_opt(h, mi, s, nanos)?;
    Some((time, offset))
}

/// `Z`, `UTC`, `GMT`, `+08:00`, `+0800`, `+08`, or nothing.
/// The outer `None` means "malformed".
fn offset_part(c: &mut Cur) -> Option<Option<FixedOffset>> {
    if c.at_end() {
        return Some(None);
    }
    let named = c.eat(b'Z') || c.eat(b'z') || c.eat_str_ci("utc") || c.eat_str_ci("gmt");
    c.skip_spaces();
    let sign = match c.peek() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ if named => return Some(Some(FixedOffset::east_opt(0)?)),
        _ => return None,
    };
    c.i += 1;
    // `+0100` (Zendesk's exports write offsets so), `+01:00`, `+01`, `GMT+8`.
    let (digits, k) = c.num(4)?;
    let (hh, mm) = match k {
        4 => (digits / 100, digits % 100),
        2 => {
            let mm = if c.eat(b':') { c.num(2)?.0 } else { 0 };
            (digits, mm)
        }
        1 if named => (digits, 0),
        _ => return None,
    };
    if hh > 23 || mm > 59 {
        return None;
    }
    Some(Some(FixedOffset::east_opt(
        sign * (hh as i32 * 3600 + mm as i32 * 60),
    )?))
}

/// Classifies a value for the per-column day/month decision.
pub(crate) fn shape(text: &str) -> Shape {
    let mut c = Cur::new(text.trim());
    match date_part(&mut c) {
        Some(DatePart::Pair { a, b, .. }) => Shape::Pair(a, b),
        _ => Shape::Other,
    }
}

/// Converts an Excel serial day number (1900 date system) to a local time.
/// Serials before 1970 or after 9999 are refused: in a date column they are
/// almost certainly not dates.
pub fn excel_serial(serial: f64) -> Option<NaiveDateTime> {
    // 25569 = 1970-01-01; 2958466 = 10000-01-01.
    if !(25569.0..2958466.0).contains(&serial) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    let ms = (serial * 86_400_000.0).round() as i64;
    base.checked_add_signed(chrono::Duration::milliseconds(ms))
}

/// A number written as a cell (`45721`, `45721.598`), if it is one.
fn as_serial(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || !bytes[0].is_ascii_digit() {
        return None;
    }
    if !bytes.iter().all(|b| b.is_ascii_digit() || *b == b'.') {
        return None;
    }
    if bytes.len() == 8 && !text.contains('.') {
        return None; // 20250305 is a compact date, handled by the date part
    }
    text.parse::<f64>().ok()
}

/// How values of one column are read.
#[derive(Clone, Debug, Default)]
pub struct DateParser {
    format: Option<(String, Vec<Item<'static>>)>,
    /// The day/month order `format` implies for `a/b/Y` values that do not
    /// match it.
    format_order: Option<DateOrder>,
}

/// Why a value is not a date; rendered after `bad date "VALUE" in column C: `.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError {
    pub expected: String,
}

impl DateParser {
    /// `format` is a chrono strftime pattern (`%d/%m/%Y %H:%M`), or one of
    /// `dmy`/`day-first`, `mdy`/`month-first`, `ymd` which only fix the
    /// order of day and month.
    pub fn new(format: Option<&str>) -> Result<DateParser, String> {
        let Some(format) = format.map(str::trim).filter(|f| !f.is_empty()) else {
            return Ok(DateParser::default());
        };
        match format.to_ascii_lowercase().as_str() {
            "dmy" | "day-first" | "dayfirst" | "d/m/y" => {
                return Ok(DateParser {
                    format: None,
                    format_order: Some(DateOrder::DayFirst),
                })
            }
            "mdy" | "month-first" | "monthfirst" | "m/d/y" => {
                return Ok(DateParser {
                    format: None,
                    format_order: Some(DateOrder::MonthFirst),
                })
            }
            "ymd" | "iso" => {
                return Ok(DateParser {
                    format: None,
                    format_order: None,
                })
            }
            _ => {}
        }
        let items: Vec<Item<'static>> = StrftimeItems::new(format)
            .parse_to_owned()
            .map_err(|_| format!("bad date format {format:?}: expected a chrono strftime pattern such as \"%d/%m/%Y %H:%M\", or dmy / mdy"))?;
        if !format.contains('%') {
            return Err(format!(
                "bad date format {format:?}: expected a strftime pattern such as \"%d/%m/%Y %H:%M\", or dmy / mdy"
            ));
        }
        let pos = |spec: &str| format.find(spec);
        let day = pos("%d").or(pos("%e"));
        let month = pos("%m").or(pos("%b")).or(pos("%B"));
        let year = pos("%Y").or(pos("%y"));
        let format_order = match (day, month, year) {
            (Some(d), Some(m), Some(y)) if d < y && m < y => Some(if d < m {
                DateOrder::DayFirst
            } else {
                DateOrder::MonthFirst
            }),
            _ => None,
        };
        Ok(DateParser {
            format: Some((format.to_string(), items)),
            format_order,
        })
    }

    /// Whether a date format (or an order) was given, which settles every
    /// column's day/month question.
    pub fn is_explicit(&self) -> bool {
        self.format.is_some() || self.format_order.is_some()
    }

    pub fn format_order(&self) -> Option<DateOrder> {
        self.format_order
    }

    /// Parses `text` (already trimmed, not empty). `order` is the column's
    /// decided day/month order, if any; `serials` allows Excel serial
    /// numbers.
    pub fn parse(&self, text: &str, order: Option<DateOrder>) -> Result<Stamp, DateError> {
        if let Some((_, items)) = &self.format {
            let mut parsed = Parsed::new();
            if chrono::format::parse(&mut parsed, text, items.iter()).is_ok() {
                if let Ok(t) = parsed.to_datetime() {
                    return Ok(Stamp {
                        naive: t.naive_local(),
                        offset: Some(*t.offset()),
                    });
                }
                if let Ok(naive) = parsed.to_naive_datetime_with_offset(0) {
                    return Ok(Stamp::local(naive));
                }
                if let Ok(date) = parsed.to_naive_date() {
                    return Ok(Stamp::local(date.and_time(NaiveTime::MIN)));
                }
            }
        }
        let order = self.format_order.or(order);
        self.parse_auto(text, order)
            .ok_or_else(|| self.expected(text, order))
    }

    fn parse_auto(&self, text: &str, order: Option<DateOrder>) -> Option<Stamp> {
        if let Some(serial) = as_serial(text) {
            return excel_serial(serial).map(Stamp::local);
        }
        let mut c = Cur::new(text);
        let Some(part) = date_part(&mut c) else {
            return DateTime::parse_from_rfc2822(text).ok().map(|t| Stamp {
                naive: t.naive_local(),
                offset: Some(*t.offset()),
            });
        };
        let date = match part {
            DatePart::Ymd(y, m, d) => NaiveDate::from_ymd_opt(y, m, d)?,
            DatePart::Pair { a, b, y } => {
                let order = match order {
                    Some(o) => o,
                    None if a > 12 => DateOrder::DayFirst,
                    None if b > 12 || a == b => DateOrder::MonthFirst,
                    None => return None,
                };
                match order {
                    DateOrder::DayFirst => NaiveDate::from_ymd_opt(y, b, a)?,
                    DateOrder::MonthFirst => NaiveDate::from_ymd_opt(y, a, b)?,
                }
            }
        };
        let had_space = c.skip_spaces();
        if c.at_end() {
            return Some(Stamp::local(date.and_time(NaiveTime::MIN)));
        }
        if !had_space && !c.eat(b'T') && !c.eat(b't') {
            // "2025-03-05Z" or garbage glued to the date.
            let offset = offset_part(&mut c)?;
            return c.at_end().then_some(Stamp {
                naive: date.and_time(NaiveTime::MIN),
                offset,
            });
        }
        let (time, offset) = time_part(&mut c)?;
        Some(Stamp {
            naive: date.and_time(time),
            offset,
        })
    }

    /// The "expected ..." half of a bad-date message, shaped after the value.
    fn expected(&self, text: &str, order: Option<DateOrder>) -> DateError {
        if let Some((format, _)) = &self.format {
            return DateError {
                expected: format!("expected {format}"),
            };
        }
        let bytes = text.as_bytes();
        let lead = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
        let sep = bytes.get(lead).copied().map(char::from);
        // Time is optional in every shape; the message shows the full form.
        let time = " H:M";
        let expected = match (lead, sep) {
            (4, Some(s @ ('/' | '.'))) => format!("expected Y{s}m{s}d{time}"),
            (4, Some('-')) => "expected Y-m-d H:M:S or RFC 3339".to_string(),
            (1 | 2, Some(s @ ('/' | '-' | '.'))) => match order {
                Some(o) => format!("expected {}{time}", o.pattern(s)),
                None => {
                    let (a, b) = match shape(text) {
                        Shape::Pair(a, b) => (a, b),
                        Shape::Other => (0, 0),
                    };
                    if a > 12 && b > 12 {
                        format!("neither day-first nor month-first: expected d{s}m{s}Y{time} or m{s}d{s}Y{time}")
                    } else {
                        format!("day-first or month-first? pass --date-format (e.g. \"%d{s}%m{s}%Y %H:%M\")")
                    }
                }
            },
            _ if as_serial(text).is_some() => {
                "expected an Excel serial date between 1970 and 9999".to_string()
            }
            _ => "expected a date such as 2025-03-05 14:22, 2025/3/5 14:22 or 05/03/2025 14:22"
                .to_string(),
        };
        DateError { expected }
    }
}

/// Evidence about one column's day/month order, gathered from all its
/// values during the count pass.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DateEvidence {
    /// A value whose first number is above 12 (so the first is the day),
    /// and where it was.
    pub day_first: Option<(String, u64)>,
    /// A value whose second number is above 12.
    pub month_first: Option<(String, u64)>,
    /// A value that reads differently either way (`03/05/2025`).
    pub ambiguous: Option<(String, u64)>,
}

/// The decision for one column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrderDecision {
    /// Nothing in the column depends on the order.
    NotNeeded,
    Decided(DateOrder),
    /// Both orders are proven by some value.
    Mixed,
    /// Some values read differently either way and none proves the order.
    Ambiguous,
}

impl DateEvidence {
    /// Records one value (trimmed, not empty) seen at `place`.
    pub fn observe(&mut self, text: &str, place: u64) {
        if let Shape::Pair(a, b) = shape(text) {
            let slot = if a > 12 && b > 12 {
                return; // not a date either way: a row error later
            } else if a > 12 {
                &mut self.day_first
            } else if b > 12 {
                &mut self.month_first
            } else if a != b {
                &mut self.ambiguous
            } else {
                return;
            };
            if slot.is_none() {
                *slot = Some((text.to_string(), place));
            }
        }
    }

    pub fn decide(&self) -> OrderDecision {
        match (&self.day_first, &self.month_first, &self.ambiguous) {
            (Some(_), Some(_), _) => OrderDecision::Mixed,
            (Some(_), None, _) => OrderDecision::Decided(DateOrder::DayFirst),
            (None, Some(_), _) => OrderDecision::Decided(DateOrder::MonthFirst),
            (None, None, Some(_)) => OrderDecision::Ambiguous,
            (None, None, None) => OrderDecision::NotNeeded,
        }
    }
}

/// Converts calamine's date components to a local time.
pub(crate) fn from_components(parts: (u16, u8, u8, u8, u8, u8, u16)) -> Option<NaiveDateTime> {
    let (y, mo, d, h, mi, s, ms) = parts;
    let date = NaiveDate::from_ymd_opt(i32::from(y), u32::from(mo), u32::from(d))?;
    // Refuse calamine's clamped out-of-range values (the epoch, 9999-12-31)
    // only when they cannot be real ticket dates.
    if date.year() < 1900 {
        return None;
    }
    date.and_hms_milli_opt(u32::from(h), u32::from(mi), u32::from(s), u32::from(ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn auto(text: &str) -> Option<NaiveDateTime> {
        DateParser::default()
            .parse(text, None)
            .ok()
            .map(|s| s.naive)
    }

    #[test]
    fn unambiguous_forms() {
        for (text, want) in [
            ("2025-03-05", "2025-03-05 00:00:00"),
            ("2025-03-05 14:22", "2025-03-05 14:22:00"),
            ("2025-03-05 14:22:09", "2025-03-05 14:22:09"),
            ("2025-03-05T14:22:09", "2025-03-05 14:22:09"),
            ("2025/3/5 14:22", "2025-03-05 14:22:00"),
            ("2025/03/05", "2025-03-05 00:00:00"),
            ("2025.3.5 9:05", "2025-03-05 09:05:00"),
            ("2025年3月5日 14:22", "2025-03-05 14:22:00"),
            ("2025年3月5日", "2025-03-05 00:00:00"),
            ("5 Mar 2025", "2025-03-05 00:00:00"),
            ("05-Mar-2025 14:22", "2025-03-05 14:22:00"),
            ("05-Mar-25", "2025-03-05 00:00:00"),
            ("Mar 5, 2025 2:22 PM", "2025-03-05 14:22:00"),
            ("March 5 2025", "2025-03-05 00:00:00"),
            ("20250305", "2025-03-05 00:00:00"),
            ("13/03/2025 14:22", "2025-03-13 14:22:00"),
            ("13-03-2025 14:22", "2025-03-13 14:22:00"),
            ("13.03.2025", "2025-03-13 00:00:00"),
            ("03/13/2025 2:22 PM", "2025-03-13 14:22:00"),
            ("3/13/2025 12:05 AM", "2025-03-13 00:05:00"),
            ("2025/3/5 下午 2:22", "2025-03-05 14:22:00"),
            ("2025/3/5 2:22 下午", "2025-03-05 14:22:00"),
            ("05/05/2025", "2025-05-05 00:00:00"),
            ("45721.5", "2025-03-05 12:00:00"),
            ("45721", "2025-03-05 00:00:00"),
        ] {
            assert_eq!(auto(text), Some(naive(want)), "{text}");
        }
    }

    #[test]
    fn offsets_are_kept() {
        let p = DateParser::default();
        let s = p.parse("2025-03-05T14:22:00Z", None).unwrap();
        assert_eq!(s.offset, FixedOffset::east_opt(0));
        let s = p.parse("2025-03-05T14:22:00.5+08:00", None).unwrap();
        assert_eq!(s.offset, FixedOffset::east_opt(8 * 3600));
        assert_eq!(s.naive.and_utc().timestamp_subsec_millis(), 500);
        let s = p.parse("2025-03-05 14:22 UTC", None).unwrap();
        assert_eq!(s.offset, FixedOffset::east_opt(0));
        let s = p.parse("Wed, 05 Mar 2025 14:22:00 -0500", None).unwrap();
        assert_eq!(s.offset, FixedOffset::west_opt(5 * 3600));
        let utc = s.to_utc(chrono_tz::UTC).unwrap();
        assert_eq!(utc.to_rfc3339(), "2025-03-05T19:22:00+00:00");
        for (text, east) in [
            ("2025-03-05 14:22:00 +0100", 3600),
            ("2025-03-05 14:22:00+0530", 5 * 3600 + 1800),
            ("2025-03-05 14:22 -08", -8 * 3600),
            ("2025-03-05 14:22 GMT+8", 8 * 3600),
        ] {
            let s = p
                .parse(text, None)
                .unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert_eq!(s.offset, FixedOffset::east_opt(east), "{text}");
        }
        assert!(p.parse("2025-03-05 14:22 +010", None).is_err());
    }

    #[test]
    fn ambiguous_pairs_need_an_order() {
        let p = DateParser::default();
        let err = p.parse("03/05/2025 14:22", None).unwrap_err();
        assert!(err.expected.contains("--date-format"), "{err:?}");
        let d = p.parse("03/05/2025", Some(DateOrder::DayFirst)).unwrap();
        assert_eq!(d.naive, naive("2025-05-03 00:00:00"));
        let m = p.parse("03/05/2025", Some(DateOrder::MonthFirst)).unwrap();
        assert_eq!(m.naive, naive("2025-03-05 00:00:00"));
        // The column says day-first: 05/13 cannot be.
        let err = p
            .parse("05/13/2025", Some(DateOrder::DayFirst))
            .unwrap_err();
        assert_eq!(err.expected, "expected d/m/Y H:M");
    }

    #[test]
    fn bad_dates_say_what_was_expected() {
        let p = DateParser::default();
        assert_eq!(
            p.parse("2025/13/45 10:00", None).unwrap_err().expected,
            "expected Y/m/d H:M"
        );
        assert_eq!(
            p.parse("2025-02-30", None).unwrap_err().expected,
            "expected Y-m-d H:M:S or RFC 3339"
        );
        assert!(p.parse("yesterday", None).is_err());
        assert!(p.parse("3", None).is_err(), "serial before 1970");
        assert!(p.parse("2025-03-05 25:00", None).is_err());
        assert!(p.parse("2025-03-05 14:22 junk", None).is_err());
    }

    #[test]
    fn explicit_format_first_then_auto() {
        let p = DateParser::new(Some("%d/%m/%Y %H:%M")).unwrap();
        assert_eq!(p.format_order(), Some(DateOrder::DayFirst));
        let s = p.parse("03/05/2025 14:22", None).unwrap();
        assert_eq!(s.naive, naive("2025-05-03 14:22:00"));
        // Date only falls back to the automatic reader, day first.
        let s = p.parse("03/05/2025", None).unwrap();
        assert_eq!(s.naive, naive("2025-05-03 00:00:00"));
        let s = p.parse("2025-03-05T01:02:03Z", None).unwrap();
        assert_eq!(s.naive, naive("2025-03-05 01:02:03"));
        let e = p.parse("nonsense", None).unwrap_err();
        assert_eq!(e.expected, "expected %d/%m/%Y %H:%M");
        let p = DateParser::new(Some("mdy")).unwrap();
        assert_eq!(
            p.parse("03/05/2025", None).unwrap().naive,
            naive("2025-03-05 00:00:00")
        );
        assert!(DateParser::new(Some("%Q")).is_err());
        assert!(DateParser::new(Some("dd/mm/yyyy")).is_err());
    }

    #[test]
    fn evidence_decides_per_column() {
        let mut e = DateEvidence::default();
        e.observe("03/05/2025", 2);
        assert_eq!(e.decide(), OrderDecision::Ambiguous);
        e.observe("13/05/2025", 3);
        assert_eq!(e.decide(), OrderDecision::Decided(DateOrder::DayFirst));
        e.observe("05/13/2025", 4);
        assert_eq!(e.decide(), OrderDecision::Mixed);
        let mut e = DateEvidence::default();
        e.observe("2025/3/5", 2);
        e.observe("04/04/2025", 3);
        assert_eq!(e.decide(), OrderDecision::NotNeeded);
    }

    #[test]
    fn local_times_in_a_zone() {
        let zone: Tz = "Asia/Shanghai".parse().unwrap();
        let s = Stamp::local(naive("2025-03-05 14:22:00"));
        assert_eq!(
            s.to_utc(zone).unwrap().to_rfc3339(),
            "2025-03-05T06:22:00+00:00"
        );
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let gap = Stamp::local(naive("2025-03-30 02:30:00"));
        assert!(gap.to_utc(berlin).unwrap_err().contains("does not exist"));
        let twice = Stamp::local(naive("2025-10-26 02:30:00"));
        assert_eq!(
            twice.to_utc(berlin).unwrap().to_rfc3339(),
            "2025-10-26T00:30:00+00:00"
        );
    }

    #[test]
    fn serials() {
        assert_eq!(excel_serial(45721.0), Some(naive("2025-03-05 00:00:00")));
        assert_eq!(excel_serial(25569.0), Some(naive("1970-01-01 00:00:00")));
        assert_eq!(excel_serial(100.0), None);
    }
}
