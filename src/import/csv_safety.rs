//! Cells written to CSV that a spreadsheet would run as a formula.
//!
//! Excel, LibreOffice and Google Sheets treat a cell that begins with `=`,
//! `+`, `-` or `@` (and, in some versions, a tab or carriage return) as a
//! formula, so a ticket title such as `=HYPERLINK("http://evil", "click")`
//! would run when a lead opens an export. Every CSV the application writes
//! (rejects, `report --format csv`, `export`) passes its cells through
//! [`escape_formula`].

use std::borrow::Cow;

/// Characters that make a spreadsheet read a cell as a formula when they
/// come first.
pub const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Returns `cell` unchanged unless it begins with a formula trigger
/// (`=`, `+`, `-`, `@`, tab, carriage return), in which case it is
/// prefixed with a single quote, which spreadsheets show as text and do not
/// evaluate (OWASP's advice). A plain negative number (`-12.5`) is left
/// alone so it stays a number. Borrowed (no allocation) in the common case.
///
/// The escaping is one-way: a value that really began with one of these
/// characters (a phone number `+86 138...`, a null marker `-`) comes back
/// with a leading `'` if the file is read again as data.
pub fn escape_formula(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('-') if cell.len() > 1 && cell[1..].parse::<f64>().is_ok() => Cow::Borrowed(cell),
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
    fn plain_cells_are_borrowed() {
        for cell in ["", "hello", "a=b", "登录失败", " =x", "-12.5", "-3"] {
            assert!(matches!(escape_formula(cell), Cow::Borrowed(_)), "{cell:?}");
        }
    }
}
