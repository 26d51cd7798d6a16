//! The no-panic properties of triage's parsers and import readers, written
//! once and run two ways: by the cargo-fuzz targets in `fuzz/fuzz_targets/`
//! (which include this module by path) on whatever libFuzzer makes, and by
//! `tests/fuzz_properties.rs` on proptest's generated inputs, so CI runs
//! them too. See docs/fuzzing.md.
//!
//! Each property takes one input, runs the public entry point on it and
//! accepts `Ok` or `Err`; it panics only when the library panics or breaks
//! one of the invariants checked here, each of which the library documents.

// Each fuzz target uses one property; the test file uses them all.
#![allow(dead_code)]

pub mod xlsx;

use std::path::Path;

use chrono::{Datelike, Timelike};
use chrono_tz::Tz;
use csv::StringRecord;
use triage::duration::{Duration, Percent};
use triage::import::convert::{Converter, Settings};
use triage::import::dates::{DateEvidence, DateParser, Stamp};
use triage::import::mapping::{self, Explicit, Origin, ValueMaps, DEFAULT_NULLS};
use triage::import::{
    self, DateOrder, ImportError, ImportOptions, MappingPlan, RejectsWriter, RowResult,
};
use triage::rules::Rules;
use triage::timefmt;

/// Zones the time properties run in: UTC; Berlin and New York, whose
/// clocks skip and repeat an hour; Apia, which skipped a whole day
/// (2011-12-30).
pub const ZONES: [Tz; 4] = [
    chrono_tz::UTC,
    chrono_tz::Europe::Berlin,
    chrono_tz::America::New_York,
    chrono_tz::Pacific::Apia,
];

/// The zone naive import times are read in.
pub const IMPORT_ZONE: Tz = chrono_tz::Europe::Berlin;

const ORDERS: [Option<DateOrder>; 3] =
    [None, Some(DateOrder::DayFirst), Some(DateOrder::MonthFirst)];

/// `triage rules check`: the rule-file parser and validator, then the
/// counts the command prints. `Rules::load` refuses text that is not
/// UTF-8 before parsing, so other bytes stop there.
pub fn rule_file(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    match Rules::parse(text, "fuzz.yaml") {
        Ok(rules) => {
            let _ = rules.summary();
        }
        Err(e) => {
            assert!(!e.message.is_empty(), "an error without a message");
            // Places are 1-based, as editors count them.
            assert!(
                e.line.is_none_or(|l| l >= 1) && e.column.is_none_or(|c| c >= 1),
                "{e}"
            );
        }
    }
}

/// Durations (`1h30m`) and percentages (`75%`) of rule files and flags:
/// whatever parses is non-negative and reads back equal from its
/// canonical form.
pub fn duration(text: &str) {
    if let Ok(d) = Duration::parse(text) {
        assert!(d.secs() >= 0, "{text:?} parsed negative");
        let shown = d.to_string();
        assert_eq!(Duration::parse(&shown), Ok(d), "{text:?} shown as {shown}");
        let _ = d.human();
        let _ = triage::duration::human_secs(-d.secs());
    }
    if let Ok(p) = Percent::parse(text) {
        assert!(p.0.is_finite() && p.0 >= 0.0, "{text:?} parsed as {p}");
        assert_eq!(Percent::parse(&p.to_string()), Ok(p), "{text:?}");
    }
}

/// The instant parser of `--at`, `--since` and friends, in every zone of
/// [`ZONES`], and the import's date-cell parser with every day/month
/// order. If the text has a line break, the first line is also tried as
/// a `--date-format` for the rest.
///
/// Invariants: an instant read back from its RFC 3339 form (when its year
/// has four digits) is the same instant; a cell date read back from its
/// ISO form is the same date and offset.
pub fn date(text: &str) {
    for zone in ZONES {
        if let Ok(t) = timefmt::parse_time(text, zone) {
            let _ = timefmt::show(t, zone);
            let machine = timefmt::machine(t, zone);
            let four_digits = |year: i32| (0..=9999).contains(&year);
            if four_digits(t.year()) && four_digits(t.with_timezone(&zone).year()) {
                assert_eq!(
                    timefmt::parse_time(&machine, chrono_tz::UTC),
                    Ok(t),
                    "{text:?} in {zone} shown as {machine}"
                );
            }
        }
    }
    for format in [None, Some("dmy"), Some("mdy")] {
        let parser = DateParser::new(format).expect("built-in orders");
        cell_date(&parser, text);
    }
    if let Some((format, rest)) = text.split_once('\n') {
        if let Ok(parser) = DateParser::new(Some(format)) {
            cell_date(&parser, rest);
        }
    }
    let mut evidence = DateEvidence::default();
    evidence.observe(text.trim(), 1);
    let _ = evidence.decide();
}

/// One cell through the import's date parser; cells are trimmed and
/// non-empty by the time they get there.
fn cell_date(parser: &DateParser, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    for order in ORDERS {
        match parser.parse(text, order) {
            Ok(stamp) => {
                for zone in ZONES {
                    let _ = stamp.to_utc(zone);
                }
                if let Some(iso) = iso_form(&stamp) {
                    assert_eq!(
                        DateParser::default().parse(&iso, None),
                        Ok(stamp),
                        "{text:?} ({order:?}) shown as {iso}"
                    );
                }
            }
            Err(e) => assert!(!e.expected.is_empty(), "{text:?}: an empty reason"),
        }
    }
}

/// `2025-03-05T14:22:00.5+08:00`, when the importer can read it back:
/// a four-digit year, no leap second, an offset of whole minutes.
pub fn iso_form(stamp: &Stamp) -> Option<String> {
    let naive = stamp.naive;
    if !(0..=9999).contains(&naive.year()) || naive.nanosecond() >= 1_000_000_000 {
        return None;
    }
    let mut iso = naive.format("%Y-%m-%dT%H:%M:%S%.f").to_string();
    if let Some(offset) = stamp.offset {
        if offset.local_minus_utc() % 60 != 0 {
            return None;
        }
        iso.push_str(&offset.to_string());
    }
    Some(iso)
}

/// Row mapping from text: lines `--map COLUMN=FIELD` and `--date-format
/// FORMAT` set those options; of the other lines the first is the header
/// row and the rest are data rows, cells separated by tabs.
pub fn import_rows(text: &str) {
    let mut maps = Vec::new();
    let mut format = None;
    let mut rows: Vec<Vec<String>> = Vec::new();
    for line in text.split('\n') {
        if let Some(arg) = line.strip_prefix("--map ") {
            maps.push(arg.to_string());
        } else if let Some(f) = line.strip_prefix("--date-format ") {
            format = Some(f);
        } else {
            rows.push(line.split('\t').map(str::to_string).collect());
        }
    }
    if let Some((header, rows)) = rows.split_first() {
        map_rows(header, rows, &maps, format);
    }
}

/// What every import source does with a table, without the file: build
/// the column plan from the header and the `--map` flags, gather the date
/// columns' day/month evidence, decide the orders, convert each row.
/// Stops where the command would stop (a bad flag, an unusable plan,
/// ambiguous dates). Each row is checked by [`check_row`], and keeps its
/// line number and cells.
pub fn map_rows(header: &[String], rows: &[Vec<String>], maps: &[String], format: Option<&str>) {
    let headers = mapping::unique_headers(header.iter().map(String::as_str));
    assert_eq!(headers.len(), header.len(), "unique_headers drops a column");
    let mut explicit = Vec::new();
    for arg in maps {
        let Ok((column, target)) = mapping::parse_map_arg(arg) else {
            return;
        };
        explicit.push(Explicit {
            column,
            target,
            origin: Origin::Flag(arg.clone()),
        });
    }
    let Ok(dates) = DateParser::new(format) else {
        return;
    };
    let Ok(plan) = MappingPlan::build("fuzz.csv", &headers, &explicit, false) else {
        return;
    };
    let _ = plan.to_string();
    let settings = Settings {
        nulls: DEFAULT_NULLS.iter().map(|s| s.to_string()).collect(),
        values: ValueMaps::default(),
        defaults: Vec::new(),
        zone: IMPORT_ZONE,
        dates,
    };
    let mut converter = Converter::new("fuzz.csv".into(), None, &plan, settings);
    let line = |i: usize| i as u64 + 2;
    for column in converter.date_columns() {
        for (i, row) in rows.iter().enumerate() {
            if let Some(cell) = row.get(column) {
                converter.observe(column, cell, line(i));
            }
        }
    }
    if converter.decide_orders().is_err() {
        return;
    }
    for (i, row) in rows.iter().enumerate() {
        let cells = StringRecord::from(row.clone());
        let result = converter.convert(line(i), cells.clone(), None);
        check_row(&result);
        match &result {
            Ok(draft) => assert_eq!((draft.line, &draft.cells), (line(i), &cells)),
            Err(e) => assert_eq!((e.line, &e.cells), (line(i), &cells)),
        }
    }
}

/// What the import guarantees of each row: a draft has a title, a
/// satisfaction score in 1..=5, and its time conflicts among its warnings;
/// a rejected row says why.
pub fn check_row(row: &RowResult) {
    match row {
        Ok(draft) => {
            assert!(!draft.title.is_empty(), "a draft without a title");
            assert!(draft.csat.is_none_or(|c| (1..=5).contains(&c)));
            for conflict in draft.time_conflicts() {
                assert!(draft.warnings.contains(&conflict), "{conflict}");
            }
            let _ = draft.fingerprint();
        }
        Err(e) => {
            assert!(!e.reason.is_empty(), "a row error without a reason");
            let _ = (e.to_string(), e.place());
        }
    }
}

/// CSV bytes through `triage import`'s reader.
pub fn csv_source(bytes: &[u8]) {
    import_bytes("fuzz.csv", bytes);
}

/// Workbook bytes through `triage import`'s reader. Bytes that start like
/// a ZIP file are the workbook; bytes that start with `<` are the XML of
/// its one sheet; anything else is rows of tab-separated cells for
/// [`xlsx::sheet_xml`], which gets past the ZIP and XML layers to the
/// cells themselves.
pub fn xlsx_source(bytes: &[u8]) {
    let workbook = if bytes.starts_with(b"PK") {
        bytes.to_vec()
    } else if bytes.starts_with(b"<") {
        xlsx::workbook(bytes)
    } else {
        xlsx::workbook(xlsx::sheet_xml(&String::from_utf8_lossy(bytes)).as_bytes())
    };
    import_bytes("fuzz.xlsx", &workbook);
}

/// Writes `bytes` to a file called `name` in a fresh directory and imports it.
pub fn import_bytes(name: &str, bytes: &[u8]) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("writing the input file");
    import_file(&path);
}

/// An import run as the command does it, and as a user would on a file
/// whose dates need an order: again with `--date-format dmy`.
pub fn import_file(path: &Path) {
    let options = ImportOptions {
        default_zone: IMPORT_ZONE,
        ..ImportOptions::default()
    };
    if let Err(ImportError::AmbiguousDates { .. } | ImportError::MixedDateOrder { .. }) =
        read_all(path, &options)
    {
        let options = ImportOptions {
            date_format: Some("dmy".to_string()),
            ..options
        };
        let _ = read_all(path, &options);
    }
}

/// Open, count, then batches to the end with the rejected rows written
/// out. Every row is checked by [`check_row`], and as many rows come out
/// as the count pass counted.
pub fn read_all(path: &Path, options: &ImportOptions) -> Result<Vec<RowResult>, ImportError> {
    let mut source = import::open(path, options)?;
    let _ = source.plan().to_string();
    let counted = source.count()?;
    assert_eq!(source.info().rows, Some(counted));
    let mut rejects = RejectsWriter::new(Vec::new(), source.headers()).expect("in memory");
    let mut rows = Vec::new();
    let mut batch = Vec::new();
    while source.next_batch(7, &mut batch)? > 0 {
        for row in batch.drain(..) {
            check_row(&row);
            if let Err(e) = &row {
                rejects.write(e).expect("in memory");
            }
            rows.push(row);
        }
    }
    assert_eq!(rows.len(), counted, "rows read differ from rows counted");
    rejects.finish().expect("in memory");
    Ok(rows)
}
