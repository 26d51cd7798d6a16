//! Durations (`1h30m`) and percentages (`75%`): parsed or refused, never a
//! panic; what parses reads back equal from its canonical form.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/properties/mod.rs"]
mod properties;

fuzz_target!(|data: &[u8]| properties::duration(&String::from_utf8_lossy(data)));
