//! `triage rules check` on arbitrary bytes: the rule-file parser and
//! validator return a rule set or an error with its place, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/properties/mod.rs"]
mod properties;

fuzz_target!(|data: &[u8]| properties::rule_file(data));
