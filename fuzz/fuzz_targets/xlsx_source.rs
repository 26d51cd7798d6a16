//! Bytes as an `.xlsx` workbook through `triage import`'s reader: a ZIP
//! as is, `<...` as the sheet's XML, other text as tab-separated cells
//! (see tests/properties/xlsx.rs); never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/properties/mod.rs"]
mod properties;

fuzz_target!(|data: &[u8]| properties::xlsx_source(data));
