//! Proptest twins of the cargo-fuzz targets in `fuzz/` (docs/fuzzing.md):
//! the same properties, from `tests/properties/`, on arbitrary input and
//! on input built from valid-looking fragments, so every `cargo test` runs
//! them. Case counts keep the file to a few seconds in a debug build.

mod properties;

use chrono::{NaiveDate, TimeZone, Timelike};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use triage::duration::Duration;
use triage::import::dates::DateParser;
use triage::import::{DateOrder, ImportOptions};
use triage::rules::Rules;
use triage::timefmt;

use properties::{xlsx, IMPORT_ZONE};

/// Bytes that matter to every parser here, mixed with arbitrary ones.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    vec(
        prop_oneof![
            3 => any::<u8>(),
            2 => b'0'..=b'9',
            1 => select(b",;\t\n\r\"':-/. {}[]#@~!%".to_vec()),
        ],
        0..400,
    )
}

/// Values a rule-file hole could hold by mistake.
fn junk() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "",
            "0",
            "-1",
            "[",
            "]",
            "{",
            "&a",
            "*a",
            "'",
            "\"",
            ":",
            "~",
            "null",
            "24:00-24:00",
            "09:00-09:00",
            "2026-02-30",
            "99999999999999999999h",
            "1e400%",
            "NaN%",
            "-5%",
            "(unclosed",
            "Mars/Olympus",
            "P9",
            "4294967296",
            "1.5h",
        ])
        .prop_map(str::to_string),
        "\\PC{0,12}",
    ]
}

/// A valid value (`true`) or, one time in five, junk (`false`).
fn hole(valid: impl Strategy<Value = String>) -> impl Strategy<Value = (String, bool)> {
    prop_oneof![
        4 => valid.prop_map(|v| (v, true)),
        1 => junk().prop_map(|v| (v, false)),
    ]
}

fn duration_text() -> impl Strategy<Value = String> {
    vec((1u32..1000, select(vec!["s", "m", "h", "d", "w"])), 1..3)
        .prop_map(|parts| parts.iter().map(|(n, u)| format!("{n}{u}")).collect())
}

fn clock() -> impl Strategy<Value = (u32, u32)> {
    (0u32..24, 0u32..60)
}

/// A rule file in the shape of the embedded default, every value a hole;
/// `true` when every hole got a valid value.
fn rule_file() -> impl Strategy<Value = (String, bool)> {
    let zone = select(vec![
        "UTC",
        "Asia/Shanghai",
        "Europe/Berlin",
        "America/New_York",
        "Pacific/Apia",
    ])
    .prop_map(str::to_string);
    let range = (clock(), clock())
        .prop_filter("an empty range", |(a, b)| a != b)
        .prop_map(|((h1, m1), (h2, m2))| format!("{h1:02}:{m1:02}-{h2:02}:{m2:02}"));
    let holiday =
        (1970i32..2100, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}"));
    let priority = select(vec!["urgent", "high", "normal", "low"]).prop_map(str::to_string);
    let regex = select(vec![
        r"([A-Z0-9]{4,})",
        r"order\s*#?(\d+)",
        r"(?i)ref[: ]+(\w+)",
    ])
    .prop_map(str::to_string);
    (
        (
            hole(zone),
            hole(range),
            hole(holiday),
            hole((1u32..=5).prop_map(|v| v.to_string())),
        ),
        (
            hole((1u32..1000).prop_map(|c| c.to_string())),
            hole("[a-z]{1,10}"),
            hole(priority),
            hole(regex),
        ),
        (
            hole(duration_text()),
            hole(duration_text()),
            hole((0u32..=200).prop_map(|p| format!("{p}%"))),
        ),
    )
        .prop_map(|(a, b, c)| {
            let ((zone, z), (range, r), (holiday, h), (level, l)) = a;
            let ((capacity, cap), (word, w), (priority, p), (regex, x)) = b;
            let ((d1, d1_ok), (d2, d2_ok), (pct, pc)) = c;
            let valid = [z, r, h, l, cap, w, p, x, d1_ok, d2_ok, pc]
                .iter()
                .all(|v| *v);
            let text = format!(
                "timezone: {zone}
calendars:
  work:
    hours:
      weekdays: [\"{range}\"]
    holidays: [{holiday}]
agents:
  - id: ann
    skills: [{{billing: {level}}}, en]
    teams: [desk]
    capacity: {capacity}
    shift: work
  - id: bo
    teams: [desk]
teams:
  - id: desk
    lead: ann
    members: [ann, bo]
classify:
  - name: refund
    when:
      contains: [{word}]
    set: {{category: billing, priority: {priority}, team: desk}}
extract:
  - field: order_no
    regex: '{regex}'
sla:
  - name: standard
    calendar: work
    first_response: {{P1: {d1}, P2: {d2}}}
    resolution: {{P1: {d2}}}
escalation:
  at_risk: {pct}
  auto_close_after: {d1}
"
            );
            (text, valid)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn rule_file_parser_never_panics(bytes in bytes()) {
        properties::rule_file(&bytes);
    }

    #[test]
    fn rule_files_from_fragments((text, valid) in rule_file()) {
        properties::rule_file(text.as_bytes());
        let parsed = Rules::parse(&text, "fragments.yaml");
        if valid {
            let rules = parsed.map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
            let summary = rules.summary();
            prop_assert_eq!((summary["agents"], summary["teams"], summary["sla policies"]), (2, 1, 1));
        }
    }

    #[test]
    fn duration_parser_never_panics(text in "\\PC{0,24}", digits in "[0-9smhdwSMHDW %.+-]{0,24}") {
        properties::duration(&text);
        properties::duration(&digits);
    }

    /// `1h30m`-style text is the sum of its parts, with or without spaces.
    #[test]
    fn durations_add_up(parts in vec((0i64..100_000, select(vec![('s', 1), ('m', 60), ('h', 3600), ('d', 86_400), ('w', 604_800)])), 1..5), spaced in any::<bool>()) {
        let text: Vec<String> = parts.iter().map(|(n, (unit, _))| format!("{n}{unit}")).collect();
        let text = text.join(if spaced { " " } else { "" });
        let secs: i64 = parts.iter().map(|(n, (_, size))| n * size).sum();
        prop_assert_eq!(Duration::parse(&text), Ok(Duration::from_secs(secs)));
        properties::duration(&text);
    }

    #[test]
    fn date_parsers_never_panic(text in "\\PC{0,40}", digits in "[0-9/:. \\-APMapmTZ+年月日]{0,30}") {
        properties::date(&text);
        properties::date(&digits);
    }

    /// Every accepted way of writing a date reads back as that date.
    #[test]
    fn dates_in_accepted_formats_read_back(
        date in (1970i32..=2100, 1u32..=12, 1u32..=28),
        time in (0u32..24, 0u32..60, 0u32..60),
        shape in 0usize..9,
    ) {
        let (y, mo, d) = date;
        let (h, mi, s) = time;
        let at = NaiveDate::from_ymd_opt(y, mo, d).unwrap().and_hms_opt(h, mi, s).unwrap();
        let (text, want, order) = match shape {
            0 => (at.format("%Y-%m-%d %H:%M:%S").to_string(), at, None),
            1 => (format!("{y}/{mo}/{d} {h}:{mi:02}"), at.with_second(0).unwrap(), None),
            2 => (format!("{d:02}/{mo:02}/{y} {h:02}:{mi:02}:{s:02}"), at, Some(DateOrder::DayFirst)),
            3 => (format!("{mo}-{d}-{y} {}:{mi:02} {}", (h + 11) % 12 + 1, if h < 12 { "AM" } else { "PM" }), at.with_second(0).unwrap(), Some(DateOrder::MonthFirst)),
            4 => (at.format("%d-%b-%Y").to_string(), at.date().and_hms_opt(0, 0, 0).unwrap(), None),
            5 => (at.format("%b %-d, %Y %H:%M").to_string(), at.with_second(0).unwrap(), None),
            6 => (format!("{y}年{mo}月{d}日 {h:02}:{mi:02}"), at.with_second(0).unwrap(), None),
            7 => (at.format("%Y%m%d").to_string(), at.date().and_hms_opt(0, 0, 0).unwrap(), None),
            _ => (at.format("%Y-%m-%dT%H:%M:%S").to_string(), at, None),
        };
        let stamp = DateParser::default().parse(&text, order).map_err(|e| TestCaseError::fail(format!("{text}: {}", e.expected)))?;
        prop_assert_eq!(stamp.naive, want, "{}", text);
        properties::date(&text);
        // `--at` reads ISO text in the rules' zone; the instant shows back.
        let zone = chrono_tz::Europe::Berlin;
        let iso = at.format("%Y-%m-%d %H:%M:%S").to_string();
        match zone.from_local_datetime(&at).earliest() {
            Some(t) => prop_assert_eq!(timefmt::parse_time(&iso, zone), Ok(t.to_utc())),
            None => prop_assert!(timefmt::parse_time(&iso, zone).is_err()),
        }
    }

    #[test]
    fn row_mapping_never_panics(text in "\\PC{0,200}") {
        properties::import_rows(&text);
    }

    #[test]
    fn row_mapping_of_ticket_like_rows(
        header in vec(header(), 1..8),
        rows in vec(vec(cell(), 0..9), 0..6),
        maps in vec(map_flag(), 0..2),
        format in prop_oneof![Just(None), select(vec!["dmy", "mdy", "%d/%m/%Y %H:%M", "%Y"]).prop_map(Some)],
    ) {
        properties::map_rows(&header, &rows, &maps, format);
    }
}

/// Headers the importer maps by synonym, and some it does not.
fn header() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(vec![
            "id", "title", "Subject", "created", "创建时间", "updated_at", "resolved", "closed",
            "first_response", "priority", "状态", "csat", "tags", "channel", "body",
            "resolution_hours", "首次响应时长(分钟)", "email", "Note", "Note",
        ]).prop_map(str::to_string),
        1 => "\\PC{0,8}",
    ]
}

/// Cells of the kinds ticket exports hold.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(vec![
            "", "-", "N/A", "T-1", "Printer on fire", "2025-03-05 14:22", "05/03/2025 14:22",
            "13/03/2025", "03/13/2025 2:22 PM", "2025年3月5日 14:22", "45721.598", "20250305",
            "2025-03-05T14:22:00+08:00", "2026-03-29 02:30", "P1", "紧急", "In Progress", "已解决",
            "4", "非常满意", "6", "1:30", "PT1H30M", "1h30m", "1e300", "-5", "vip， 退款", "E-mail",
            "电话", "Wed, 05 Mar 2025 14:22:00 +0000", "99/99/9999",
        ]).prop_map(str::to_string),
        1 => "\\PC{0,16}",
    ]
}

fn map_flag() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "title=title",
            "Note=-",
            "created=created_at",
            "id=id",
            "x=nonsense",
            "=title",
            "Note=resolution_minutes"
        ])
        .prop_map(str::to_string),
        "\\PC{0,10}=\\PC{0,10}",
    ]
}

/// A CSV of ticket-like cells, delimited and encoded as exports are.
fn csv_file() -> impl Strategy<Value = Vec<u8>> {
    (
        vec(header(), 1..7),
        vec(vec(cell(), 0..8), 0..12),
        select(vec![",", ";", "\t", "|"]),
        select(vec!["\n", "\r\n"]),
        0usize..4,
    )
        .prop_map(|(header, rows, delimiter, newline, encoding)| {
            let quote = |c: &String| {
                if c.contains(['"', ',', ';', '\t', '|', '\n', '\r']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            };
            let mut text = String::new();
            for row in std::iter::once(&header).chain(&rows) {
                let cells: Vec<String> = row.iter().map(quote).collect();
                text.push_str(&cells.join(delimiter));
                text.push_str(newline);
            }
            match encoding {
                0 => text.into_bytes(),
                1 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
                2 => encoding_rs::GBK.encode(&text).0.into_owned(),
                _ => {
                    let mut bytes = vec![0xFF, 0xFE];
                    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                    bytes
                }
            }
        })
}

/// Sheet rows for [`xlsx::sheet_xml`]: ticket-like cells, numbers, and
/// date, duration and error cells.
fn sheet_rows() -> impl Strategy<Value = String> {
    let cell = prop_oneof![
        3 => cell(),
        1 => (select(vec!["@", "#", "~", ""]), prop_oneof![
            any::<f64>().prop_map(|v| v.to_string()),
            (0.0f64..3_000_000.0).prop_map(|v| v.to_string()),
            select(vec!["inf", "-inf", "NaN", "1e308", "-1"]).prop_map(str::to_string),
        ]).prop_map(|(mark, v)| format!("{mark}{v}")),
        1 => select(vec!["!#N/A", "!#DIV/0!", "!#VALUE!", "!nonsense"]).prop_map(str::to_string),
    ];
    (vec(header(), 1..7), vec(vec(cell, 0..8), 0..10)).prop_map(|(header, rows)| {
        std::iter::once(header)
            .chain(rows)
            .map(|row| row.join("\t"))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn csv_reader_never_panics(bytes in bytes()) {
        properties::csv_source(&bytes);
    }

    #[test]
    fn csv_reader_on_ticket_like_files(file in csv_file()) {
        properties::csv_source(&file);
    }

    #[test]
    fn xlsx_reader_never_panics(bytes in bytes()) {
        properties::xlsx_source(&bytes);
    }

    #[test]
    fn xlsx_reader_on_ticket_like_sheets(rows in sheet_rows()) {
        properties::xlsx_source(rows.as_bytes());
    }

    /// The committed fixture workbook, damaged: a few bytes changed, or cut short.
    #[test]
    fn xlsx_reader_on_damaged_workbooks(
        edits in vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
        keep in any::<prop::sample::Index>(),
    ) {
        let mut bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/import/workbook.xlsx")).unwrap();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        bytes.truncate(keep.index(bytes.len()) + 1);
        properties::xlsx_source(&bytes);
    }

    /// Date cells in a workbook read back as the times they hold (to the
    /// millisecond, in the import's zone); a local time the clocks skip is
    /// a row error.
    #[test]
    fn xlsx_date_cells_read_back(cells in vec((25_569u32..2_958_465, 0u32..86_400_000), 1..6)) {
        let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap().and_hms_opt(0, 0, 0).unwrap();
        let mut text = String::from("id\ttitle\tcreated");
        for (i, (days, ms)) in cells.iter().enumerate() {
            let serial = f64::from(*days) + f64::from(*ms) / 86_400_000.0;
            text.push_str(&format!("\n{i}\tt\t~{serial}"));
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dates.xlsx");
        std::fs::write(&path, xlsx::workbook(xlsx::sheet_xml(&text).as_bytes())).unwrap();
        let options = ImportOptions { default_zone: IMPORT_ZONE, ..ImportOptions::default() };
        let rows = properties::read_all(&path, &options).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(rows.len(), cells.len());
        for (row, (days, ms)) in rows.iter().zip(&cells) {
            let want = epoch + chrono::Duration::days(i64::from(*days)) + chrono::Duration::milliseconds(i64::from(*ms));
            match (row, IMPORT_ZONE.from_local_datetime(&want).earliest()) {
                (Ok(draft), Some(t)) => prop_assert_eq!(draft.created_at, Some(t.to_utc()), "{} days {} ms", days, ms),
                (Err(_), None) => {}
                (row, t) => prop_assert!(false, "{days} days {ms} ms: {row:?}, expected {t:?}"),
            }
        }
    }
}

/// Inputs the fuzz targets found a bug with, kept as regression cases
/// (docs/fuzzing.md says what each found).
#[test]
fn fuzz_finds_stay_fixed() {
    // `date`: Berlin's local mean time (+00:53:28) in year 25; the RFC 3339
    // export form cut the offset's seconds and named another instant.
    properties::date("025-03-05T14:2");
}
