//! Cells written to CSV that a spreadsheet would run as a formula: the one
//! implementation is [`crate::csv_safety`], used by every CSV triage
//! writes (rejects, `report --format csv`, `export`).

pub use crate::csv_safety::{escape_formula, FORMULA_TRIGGERS};
