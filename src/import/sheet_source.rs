//! Workbooks (XLSX, XLSM, XLSB, XLS, ODS) through calamine.
//!
//! calamine loads a whole sheet into memory, so a workbook's memory grows
//! with its chosen sheet (at most 1,048,576 rows in Excel); only that
//! sheet is kept.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use calamine::{open_workbook_auto, Data, Range, Reader};
use csv::StringRecord;

use super::convert::Converter;
use super::csv_source::finish_count;
use super::dates::from_components;
use super::error::ImportError;
use super::mapping::{unique_headers, Explicit, MappingPlan};
use super::{
    ImportOptions, Importer, Prepared, RawRow, SourceInfo, SourceKind, HEADER_SEARCH_ROWS,
};

pub(crate) struct SheetSource {
    info: SourceInfo,
    plan: MappingPlan,
    conv: Converter,
    range: Range<Data>,
    /// Index (within the range) of the first data row.
    first_data: usize,
    /// Sheet row number (1-based) of the range's first row.
    row_base: u64,
    next: usize,
    counted: Option<usize>,
}

/// The header row found in a sheet.
struct Header {
    index: usize,
    headers: Vec<String>,
    plan: MappingPlan,
}

impl SheetSource {
    pub fn open(
        path: &Path,
        options: &ImportOptions,
        mut prepared: Prepared,
    ) -> Result<SheetSource, ImportError> {
        let file = prepared.file.clone();
        for (given, flag) in [
            (options.delimiter.is_some(), "--delimiter"),
            (options.encoding.is_some(), "--encoding"),
        ] {
            if given {
                return Err(ImportError::Usage {
                    file,
                    message: format!("{flag} applies to CSV files, not to workbooks"),
                });
            }
        }
        let mut workbook = open_workbook_auto(path).map_err(|e| ImportError::Workbook {
            file: file.clone(),
            message: e.to_string(),
        })?;
        let names = workbook.sheet_names();
        let load = |workbook: &mut calamine::Sheets<_>, name: &str| {
            workbook
                .worksheet_range(name)
                .map_err(|e| ImportError::Workbook {
                    file: file.clone(),
                    message: format!("sheet {name}: {e}"),
                })
        };

        let mut info = SourceInfo::new(&file, SourceKind::Workbook);
        info.source = prepared.source();
        let (name, range, header) = match &options.sheet {
            Some(wanted) => {
                let name = names
                    .iter()
                    .find(|n| *n == wanted)
                    .or_else(|| {
                        wanted
                            .trim()
                            .parse::<usize>()
                            .ok()
                            .filter(|i| *i >= 1)
                            .and_then(|i| names.get(i - 1))
                    })
                    .cloned()
                    .ok_or_else(|| ImportError::NoSuchSheet {
                        file: file.clone(),
                        wanted: wanted.clone(),
                        sheets: names.clone(),
                    })?;
                let range = load(&mut workbook, &name)?;
                let header = find_header(&file, &range, &prepared.explicit, false)?;
                let header = match header {
                    Some(h) => h,
                    None => {
                        return Err(ImportError::Format {
                            file,
                            message: format!("sheet {name} is empty"),
                        })
                    }
                };
                (name, range, header)
            }
            None => {
                let mut found = None;
                for name in &names {
                    let range = load(&mut workbook, name)?;
                    match find_header(&file, &range, &prepared.explicit, true)? {
                        Some(header) if header.plan.looks_like_tickets() => {
                            found = Some((name.clone(), range, header));
                            break;
                        }
                        _ => info.skipped_sheets.push(name.clone()),
                    }
                }
                let Some(found) = found else {
                    return Err(ImportError::NoTicketSheet {
                        file,
                        sheets: names,
                    });
                };
                info.sheet_auto = true;
                let mut note = format!(
                    "sheet {:?} (the first whose header maps a title or id column)",
                    found.0
                );
                if !info.skipped_sheets.is_empty() {
                    let skipped: Vec<String> = info
                        .skipped_sheets
                        .iter()
                        .map(|s| format!("{s:?}"))
                        .collect();
                    let _ = write!(note, "; skipped {}", skipped.join(", "));
                }
                info.notes.push(note);
                found
            }
        };
        // Strict now: explicit columns must exist in the chosen sheet.
        prepared.detect_layout(&header.headers)?;
        info.layout = prepared.layout.map(|(l, _)| l.name);
        info.notes.extend(prepared.layout_note());
        info.source = prepared.source();
        let plan = MappingPlan::build(&file, &header.headers, &prepared.explicit, false)?;
        prepared.check_plan(&plan)?;
        info.notes.extend(super::undated_note(&plan));
        let row_base = u64::from(range.start().map_or(0, |(r, _)| r)) + 1;
        info.header_line = row_base + header.index as u64;
        if info.header_line > 1 {
            info.notes.push(format!(
                "header on row {}; the rows before it are skipped",
                info.header_line
            ));
        }
        info.sheet = Some(name.clone());
        let mut conv = Converter::new(
            Arc::from(file.as_str()),
            Some(Arc::from(name.as_str())),
            &plan,
            prepared.settings(),
        );
        conv.space_separated_tags = prepared.space_separated_tags();
        Ok(SheetSource {
            info,
            plan,
            conv,
            first_data: header.index + 1,
            next: header.index + 1,
            row_base,
            range,
            counted: None,
        })
    }
}

/// The header row: the first of the leading non-blank rows that maps a
/// title or id column, else the first non-blank row. `None` for an empty
/// sheet.
fn find_header(
    file: &str,
    range: &Range<Data>,
    explicit: &[Explicit],
    lenient: bool,
) -> Result<Option<Header>, ImportError> {
    let mut first: Option<Header> = None;
    let mut buf = String::new();
    for (index, row) in range.rows().enumerate() {
        if is_blank(row) {
            continue;
        }
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                render(c, &mut buf);
                buf.clone()
            })
            .collect();
        let headers = unique_headers(cells.iter().map(String::as_str));
        let plan = MappingPlan::build(file, &headers, explicit, true)?;
        if plan.looks_like_tickets() {
            if !lenient {
                MappingPlan::build(file, &headers, explicit, false)?;
            }
            return Ok(Some(Header {
                index,
                headers,
                plan,
            }));
        }
        if first.is_none() {
            first = Some(Header {
                index,
                headers,
                plan,
            });
        }
        if index >= HEADER_SEARCH_ROWS {
            break;
        }
    }
    Ok(first)
}

fn is_blank(row: &[Data]) -> bool {
    row.iter().all(|c| match c {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    })
}

/// Writes a cell as text: integral floats without `.0` (ids, phone
/// numbers), dates as `YYYY-MM-DD HH:MM:SS`, durations as `H:MM:SS`.
pub(crate) fn render(cell: &Data, buf: &mut String) {
    buf.clear();
    match cell {
        Data::Empty => {}
        Data::String(s) => buf.push_str(s),
        Data::Int(i) => {
            let _ = write!(buf, "{i}");
        }
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                let _ = write!(buf, "{}", *f as i64);
            } else {
                let _ = write!(buf, "{f}");
            }
        }
        Data::Bool(b) => {
            let _ = write!(buf, "{b}");
        }
        Data::DateTime(dt) => {
            if dt.is_duration() {
                let secs = (dt.as_f64() * 86400.0).round() as i64;
                let _ = write!(
                    buf,
                    "{}:{:02}:{:02}",
                    secs / 3600,
                    secs / 60 % 60,
                    secs % 60
                );
            } else {
                match from_components(dt.to_ymd_hms_milli()) {
                    Some(t) if t.time() == chrono::NaiveTime::MIN => {
                        let _ = write!(buf, "{}", t.format("%Y-%m-%d"));
                    }
                    Some(t) => {
                        let _ = write!(buf, "{}", t.format("%Y-%m-%d %H:%M:%S"));
                    }
                    None => {
                        let _ = write!(buf, "{}", dt.as_f64());
                    }
                }
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => buf.push_str(s),
        Data::Error(e) => {
            let _ = write!(buf, "{e}");
        }
    }
}

impl Importer for SheetSource {
    fn info(&self) -> &SourceInfo {
        &self.info
    }

    fn plan(&self) -> &MappingPlan {
        &self.plan
    }

    fn headers(&self) -> &[String] {
        &self.conv.headers
    }

    fn count(&mut self) -> Result<usize, ImportError> {
        if let Some(rows) = self.counted {
            return Ok(rows);
        }
        let date_columns = self.conv.date_columns();
        let mut rows = 0;
        let mut buf = String::new();
        for (offset, row) in self.range.rows().skip(self.first_data).enumerate() {
            if is_blank(row) {
                continue;
            }
            rows += 1;
            let line = self.row_base + (self.first_data + offset) as u64;
            for &column in &date_columns {
                if let Some(cell @ Data::String(_)) = row.get(column) {
                    render(cell, &mut buf);
                    self.conv.observe(column, &buf, line);
                }
            }
        }
        finish_count(&mut self.conv, &mut self.plan, &mut self.info, rows)?;
        self.counted = Some(rows);
        Ok(rows)
    }

    fn converter(&self) -> &Converter {
        &self.conv
    }

    fn next_raw(&mut self, max: usize, out: &mut Vec<RawRow>) -> Result<usize, ImportError> {
        if self.counted.is_none() {
            self.count()?;
        }
        let mut produced = 0;
        let mut buf = String::new();
        let height = self.range.height();
        while produced < max && self.next < height {
            let index = self.next;
            self.next += 1;
            let row = &self.range[index];
            if is_blank(row) {
                continue;
            }
            let mut record = StringRecord::with_capacity(64, row.len());
            for cell in row {
                render(cell, &mut buf);
                record.push_field(&buf);
            }
            let line = self.row_base + index as u64;
            out.push(RawRow {
                line,
                cells: record,
                typed: Some(row.to_vec()),
            });
            produced += 1;
        }
        Ok(produced)
    }
}
