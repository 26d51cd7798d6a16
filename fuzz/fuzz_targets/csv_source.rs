//! Bytes as a `.csv` file through `triage import`'s reader: open, count,
//! every batch; as many rows come out as were counted, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/properties/mod.rs"]
mod properties;

fuzz_target!(|data: &[u8]| properties::csv_source(data));
