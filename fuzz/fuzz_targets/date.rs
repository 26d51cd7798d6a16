//! Instants for `--at`/`--since` in four zones, and import date cells with
//! every day/month order (a first line is also tried as `--date-format`):
//! parsed or refused, never a panic; what parses reads back from ISO text.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/properties/mod.rs"]
mod properties;

fuzz_target!(|data: &[u8]| properties::date(&String::from_utf8_lossy(data)));
