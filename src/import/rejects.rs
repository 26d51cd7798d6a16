//! The rejects file: the rows that could not be imported, as they were,
//! with a `reason` column, ready to be fixed and imported again.

use std::io::{self, Write};
use std::path::Path;

use csv::StringRecord;

use super::csv_safety::escape_formula;
use super::error::RowError;
use super::mapping::unique_headers;
use crate::outfile::OutFile;

/// Writes rejected rows as CSV: the original header plus `reason`, each
/// row's original cells plus where and why it was rejected. Cells are
/// escaped against formula injection ([`escape_formula`]); the file starts
/// with a UTF-8 BOM so Excel (including Chinese-locale Excel) reads it as
/// UTF-8.
pub struct RejectsWriter<W: Write> {
    out: csv::Writer<W>,
    width: usize,
    rows: u64,
}

impl RejectsWriter<OutFile> {
    /// Starts the rejects file `path` through [`OutFile`]: private (0600),
    /// and it appears under its name only when [`OutFile::commit`] is called
    /// on what [`RejectsWriter::finish`] returns.
    pub fn create(path: &Path, headers: &[String]) -> io::Result<RejectsWriter<OutFile>> {
        RejectsWriter::new(OutFile::create(path)?, headers)
    }
}

impl<W: Write> RejectsWriter<W> {
    /// Writes the BOM and the header row.
    pub fn new(mut inner: W, headers: &[String]) -> io::Result<RejectsWriter<W>> {
        inner.write_all("\u{FEFF}".as_bytes())?;
        let mut out = csv::WriterBuilder::new().flexible(true).from_writer(inner);
        let mut names: Vec<&str> = headers.iter().map(String::as_str).collect();
        names.push("reason");
        let unique = unique_headers(names);
        out.write_record(unique.iter().map(|h| escape_formula(h).into_owned()))?;
        Ok(RejectsWriter {
            out,
            width: headers.len(),
            rows: 0,
        })
    }

    /// Writes a rejected row; the reason reads `line 7: bad date ...`.
    pub fn write(&mut self, error: &RowError) -> io::Result<()> {
        let reason = format!("{}: {}", error.place(), error.reason);
        self.write_cells(&error.cells, &reason)
    }

    /// Writes any row with a reason (for drafts the command rejects later,
    /// e.g. under `--strict` or when the store refuses them). Short rows are
    /// padded so `reason` stays in its column; cells beyond the header
    /// follow it.
    pub fn write_cells(&mut self, cells: &StringRecord, reason: &str) -> io::Result<()> {
        let mut row: Vec<String> = Vec::with_capacity(cells.len().max(self.width) + 1);
        for i in 0..self.width {
            row.push(escape_formula(cells.get(i).unwrap_or("")).into_owned());
        }
        row.push(escape_formula(reason).into_owned());
        for extra in cells.iter().skip(self.width) {
            row.push(escape_formula(extra).into_owned());
        }
        self.out.write_record(&row)?;
        self.rows += 1;
        Ok(())
    }

    /// Rows written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Flushes and returns the inner writer.
    pub fn finish(self) -> io::Result<W> {
        self.out
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn rejects_keep_cells_and_escape_formulas() {
        let headers = vec!["id".to_string(), "title".to_string(), "reason".to_string()];
        let mut w = RejectsWriter::new(Vec::new(), &headers).unwrap();
        let error = RowError {
            file: Arc::from("t.csv"),
            sheet: None,
            line: 7,
            column: Some("title".into()),
            value: Some("=cmd".into()),
            reason: "bad thing".into(),
            cells: StringRecord::from(vec!["1", "=cmd|' /C calc'!A0", "x"]),
        };
        w.write(&error).unwrap();
        w.write_cells(&StringRecord::from(vec!["2"]), "short")
            .unwrap();
        assert_eq!(w.rows(), 2);
        let text = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(
            text,
            "\u{FEFF}id,title,reason,reason (2)\n1,'=cmd|' /C calc'!A0,x,line 7: bad thing\n2,,,short\n"
        );
    }
}
