//! File-level import errors (the whole file cannot be read) and row errors
//! (one row is rejected, the rest go on).

use std::fmt;
use std::sync::Arc;

use csv::StringRecord;

/// An error that stops the import of a file. Every message names the file
/// and, where there is one, the place in it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    #[error("{file}: cannot open: {source}")]
    Open {
        file: String,
        #[source]
        source: std::io::Error,
    },

    #[error("{file}:{line}: cannot read: {source}")]
    Read {
        file: String,
        line: u64,
        #[source]
        source: std::io::Error,
    },

    #[error("unknown encoding label {label:?}: expected a name such as utf-8, gbk, gb18030, utf-16le, utf-16be, big5, shift_jis or windows-1252")]
    UnknownEncoding { label: String },

    /// The bytes are not in any encoding that could be detected.
    #[error("{file}: {message}")]
    Encoding { file: String, message: String },

    /// Not a table we can read: empty, no header, unknown format.
    #[error("{file}: {message}")]
    Format { file: String, message: String },

    #[error("{file}: cannot read workbook: {message}")]
    Workbook { file: String, message: String },

    #[error("{file}: no sheet {wanted:?}; the sheets are: {}", sheets.join(", "))]
    NoSuchSheet {
        file: String,
        wanted: String,
        sheets: Vec<String>,
    },

    #[error("{file}: no sheet looks like a ticket table (a header row with a title or id column); the sheets are: {}; pass --sheet NAME and --map 'COLUMN=title'", sheets.join(", "))]
    NoTicketSheet { file: String, sheets: Vec<String> },

    #[error("{file}: no column maps to a ticket title or id (columns: {}); pass --map 'COLUMN=title' or --map 'COLUMN=id'", headers.join(", "))]
    NoTicketColumns { file: String, headers: Vec<String> },

    /// A date column whose values read differently day-first and
    /// month-first, with nothing to decide between them.
    #[error("{file}: column {column}: dates like {example} ({place}) could be day-first or month-first; pass --date-format (e.g. '%d/%m/%Y %H:%M', or dmy / mdy)")]
    AmbiguousDates {
        file: String,
        column: String,
        example: String,
        place: String,
    },

    /// A date column with values that prove both orders. `day_first` and
    /// `month_first` are examples with their place: `13/05/2025 (line 4)`.
    #[error("{file}: column {column}: {day_first} is day-first but {month_first} is month-first; pass --date-format")]
    MixedDateOrder {
        file: String,
        column: String,
        day_first: String,
        month_first: String,
    },

    /// A mapping file that cannot be used.
    #[error("{}", located(file, *line, *column, message))]
    Mapping {
        file: String,
        line: Option<usize>,
        column: Option<usize>,
        message: String,
    },

    /// A `--map` flag that cannot be used.
    #[error("--map {arg:?}: {message}")]
    MapArg { arg: String, message: String },

    /// A `--value` flag that cannot be used.
    #[error("--value {arg:?}: {message}")]
    ValueArg { arg: String, message: String },

    /// `--from NAME` with a name no layout has.
    #[error("--from {name:?}: no such export layout; the layouts are: {}", known.join(", "))]
    UnknownLayout { name: String, known: Vec<String> },

    /// Options that do not apply to this file (`--sheet` on a CSV, ...).
    #[error("{file}: {message}")]
    Usage { file: String, message: String },
}

fn located(file: &str, line: Option<usize>, column: Option<usize>, message: &str) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!("{file}:{l}:{c}: {message}"),
        (Some(l), None) => format!("{file}:{l}: {message}"),
        _ => format!("{file}: {message}"),
    }
}

/// A rejected row: where it is, which column and value, why, and the
/// original cells for the rejects file.
#[derive(Clone, Debug, PartialEq)]
pub struct RowError {
    pub file: Arc<str>,
    /// The sheet, for workbooks; `None` for CSV.
    pub sheet: Option<Arc<str>>,
    /// Physical line where the row starts (CSV), or row number (sheets).
    pub line: u64,
    /// Header of the first offending column, if the problem is in one.
    pub column: Option<String>,
    /// The offending cell, as written.
    pub value: Option<String>,
    /// Every problem of the row, `; `-separated, each naming its column,
    /// e.g. `bad date "2025/13/45" in column 创建时间: expected Y/m/d H:M`.
    pub reason: String,
    /// The row's cells as read (decoded text; sheet cells rendered).
    pub cells: StringRecord,
}

impl RowError {
    /// `line 12` or `row 12 of sheet 工单`.
    pub fn place(&self) -> String {
        match &self.sheet {
            Some(sheet) => format!("row {} of sheet {sheet}", self.line),
            None => format!("line {}", self.line),
        }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sheet {
            Some(sheet) => write!(
                f,
                "{} [{sheet}] row {}: {}",
                self.file, self.line, self.reason
            ),
            None => write!(f, "{}:{}: {}", self.file, self.line, self.reason),
        }
    }
}

impl std::error::Error for RowError {}
