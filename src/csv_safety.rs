//! Cells written to CSV that a spreadsheet would run as a formula.
//!
//! Excel, LibreOffice and Google Sheets treat a cell that begins with `=`,
//! `+`, `-` or `@` (and, in some versions, a tab or carriage return) as a
//! formula, so a ticket title such as `=HYPERLINK("http://evil", "click")`
//! would run when a lead opens an export. Every CSV the application writes
//! (rejects, `report --format csv`, `export`) passes its cells through
//! [`escape_formula`]. This is the one implementation; `import::csv_safety`
//! is the same function.

use std::borrow::Cow;

/// Characters that make a spreadsheet read a cell as a formula when they
/// come first.
pub const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `cell` is a plain negative number: a minus, then digits with at
/// most one decimal point (`-3`, `-12.5`, `-.5`). Nothing looser: `--1`
/// and `-1e10` are read by a spreadsheet as formulas (`-(-1)`, a
/// calculation), and `f64` parsing would let them, `-inf` and `-NaN` through.
fn is_plain_negative_number(cell: &str) -> bool {
    let Some(digits) = cell.strip_prefix('-') else {
        return false;
    };
    let mut points = 0;
    let mut figures = 0;
    for c in digits.chars() {
        match c {
            '0'..='9' => figures += 1,
            '.' => points += 1,
            _ => return false,
        }
    }
    figures > 0 && points <= 1
}

/// Returns `cell` unchanged unless it begins with a formula trigger
/// (`=`, `+`, `-`, `@`, tab, carriage return), in which case it is
/// prefixed with a single quote, which spreadsheets show as text and do not
/// evaluate (OWASP's advice). A plain negative number (a minus, then digits
/// with at most one decimal point: `-12.5`) is left alone so it stays a number.
/// Borrowed (no allocation) in the common case.
///
/// The escaping is one-way: a value that really began with one of these
/// characters (a phone number `+86 138...`, a null marker `-`) comes back
/// with a leading `'` if the file is read again as data.
pub fn escape_formula(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('-') if is_plain_negative_number(cell) => Cow::Borrowed(cell),
        Some(first) if FORMULA_TRIGGERS.contains(&first) => {
            let mut escaped = String::with_capacity(cell.len() + 1);
            escaped.push('\'');
            escaped.push_str(cell);
            Cow::Owned(escaped)
        }
        _ => Cow::Borrowed(cell),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_triggers_are_prefixed() {
        assert_eq!(escape_formula("=1+1"), "'=1+1");
        assert_eq!(escape_formula("+86 138 0013 8000"), "'+86 138 0013 8000");
        assert_eq!(escape_formula("-"), "'-");
        assert_eq!(escape_formula("-2+3"), "'-2+3");
        assert_eq!(escape_formula("-cmd"), "'-cmd");
        assert_eq!(escape_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(escape_formula("\tx"), "'\tx");
    }

    #[test]
    fn only_exact_negative_numbers_pass() {
        for cell in [
            "--1", "-1e10", "-1E5", "-1.2.3", "-.", "-inf", "-NaN", "-1 ", "- 1", "-0x1F", "-1,5",
            "-+1",
        ] {
            assert_eq!(escape_formula(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["-3", "-12.5", "-.5", "-7.", "-0"] {
            assert_eq!(escape_formula(cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn plain_cells_are_borrowed() {
        for cell in ["", "hello", "a=b", "登录失败", " =x", "-12.5", "-3"] {
            assert!(matches!(escape_formula(cell), Cow::Borrowed(_)), "{cell:?}");
        }
    }
}
