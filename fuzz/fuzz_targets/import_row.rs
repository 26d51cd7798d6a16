//! Row mapping: a header line, `--map`/`--date-format` lines and rows of
//! tab-separated cells through the importer's plan and row converter; every
//! row is a draft with a title or a row error with a reason.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/properties/mod.rs"]
mod properties;

fuzz_target!(|data: &[u8]| properties::import_rows(&String::from_utf8_lossy(data)));
