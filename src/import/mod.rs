//! Reading legacy ticket exports: CSV/TSV and workbooks (XLSX, XLSM, XLSB,
//! XLS, ODS) in, validated [`TicketDraft`]s and [`RowError`]s out.
//!
//! This is the I/O half of `triage import`; the command classifies and
//! upserts what comes out. Every source sits behind one [`Importer`]
//! trait, in the shape of atuin's importers:
//!
//! ```no_run
//! use triage::import::{self, ImportOptions, RejectsWriter};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let options = ImportOptions {
//!     default_zone: chrono_tz::Asia::Shanghai, // the rule file's zone
//!     maps: vec!["Sev=priority".into()],
//!     ..ImportOptions::default()
//! };
//! let mut source = import::open("backlog.csv".as_ref(), &options)?;
//! for note in &source.info().notes {
//!     eprintln!("import: {note}"); // encoding detected, sheet chosen, ...
//! }
//! let total = source.count()?; // pre-pass: progress bar length, date orders
//! let mut rejects = RejectsWriter::create("rejects.csv".as_ref(), source.headers())?;
//! let mut batch = Vec::with_capacity(1000);
//! while source.next_batch(1000, &mut batch)? > 0 {
//!     for row in batch.drain(..) {
//!         match row {
//!             Ok(_draft) => { /* classify, upsert by source + external_id */ }
//!             Err(rejected) => rejects.write(&rejected)?,
//!         }
//!     }
//! }
//! rejects.finish()?.commit()?; // the file appears only now, whole
//! # let _ = total; Ok(()) }
//! ```
//!
//! CSV is streamed (bounded memory whatever the size: the file is read
//! twice, once by [`Importer::count`] and once by the batches). Workbooks
//! are loaded one sheet at a time by calamine, so their memory grows with
//! the chosen sheet.

pub mod convert;
pub mod csv_safety;
pub mod dates;
pub mod encoding;
pub mod layouts;
pub mod mapping;

mod csv_source;
mod draft;
mod error;
mod rejects;
mod sheet_source;

#[cfg(test)]
mod tests;

use std::io::Read;
use std::path::Path;

use chrono_tz::Tz;

use convert::Converter;

pub use csv_safety::escape_formula;
pub use dates::DateOrder;
pub use draft::TicketDraft;
pub use error::{ImportError, RowError};
pub use mapping::{Field, MappingFile, MappingPlan, Target};
pub use rejects::RejectsWriter;

use convert::Settings;
use dates::DateParser;
use mapping::{Explicit, Origin, DEFAULT_NULLS};

pub use layouts::Layout;

/// One row's outcome.
pub type RowResult = Result<TicketDraft, RowError>;

/// What the command passes in from its flags and rule file.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// `--delimiter`; `None` sniffs it.
    pub delimiter: Option<u8>,
    /// `--sheet NAME|INDEX`: a sheet's exact name, else a 1-based index.
    /// `None` takes the first sheet that looks like tickets.
    pub sheet: Option<String>,
    /// `--encoding LABEL`; `None` detects.
    pub encoding: Option<String>,
    /// `--map 'Column=field'` flags, in order (they beat the mapping file).
    pub maps: Vec<String>,
    /// `--mapping FILE.yaml`.
    pub mapping_file: Option<std::path::PathBuf>,
    /// `--date-format`: beats the mapping file's `date_format`.
    pub date_format: Option<String>,
    /// `--from NAME`: a built-in export layout. `None` detects one from
    /// the header row, if any matches.
    pub layout: Option<String>,
    /// `--value 'field:From=To'` flags, in order (they beat the mapping
    /// file's and the layout's value maps).
    pub values: Vec<String>,
    /// Zone of naive times when the mapping file has no `timezone`: the
    /// rule file's zone.
    pub default_zone: Tz,
}

impl Default for ImportOptions {
    fn default() -> ImportOptions {
        ImportOptions {
            delimiter: None,
            sheet: None,
            encoding: None,
            maps: Vec::new(),
            mapping_file: None,
            date_format: None,
            layout: None,
            values: Vec::new(),
            default_zone: chrono_tz::UTC,
        }
    }
}

/// CSV or workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    Csv,
    Workbook,
}

/// What was decided about a file while opening and counting it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceInfo {
    /// The path as given, for messages.
    pub file: String,
    pub kind: SourceKind,
    /// CSV: the encoding read (`UTF-8`, `GB18030`, `UTF-16LE`, ...).
    pub encoding: Option<&'static str>,
    /// Set when the encoding was detected rather than given or announced
    /// by a BOM; the command should say it on stderr.
    pub encoding_detected: Option<String>,
    /// CSV: the delimiter used.
    pub delimiter: Option<u8>,
    /// Whether the delimiter was sniffed (not given, no `sep=` line).
    pub delimiter_sniffed: bool,
    /// Workbook: the sheet read.
    pub sheet: Option<String>,
    /// Whether the sheet was chosen automatically.
    pub sheet_auto: bool,
    /// Workbook: sheets passed over by the automatic choice.
    pub skipped_sheets: Vec<String>,
    /// Line (CSV) or row (sheet) of the header.
    pub header_line: u64,
    /// Data rows (blank rows not counted), once [`Importer::count`] ran.
    pub rows: Option<usize>,
    /// Malformed byte sequences replaced with U+FFFD (after counting).
    pub replacements: u64,
    /// The mapping file's `source:`, if any; the command chooses otherwise.
    pub source: Option<String>,
    /// The export layout read with (`--from`, or detected from the header).
    pub layout: Option<&'static str>,
    /// One-line messages for stderr: detected encoding, sniffed delimiter,
    /// chosen sheet, header not on the first line, date orders, ...
    pub notes: Vec<String>,
}

impl SourceInfo {
    fn new(file: &str, kind: SourceKind) -> SourceInfo {
        SourceInfo {
            file: file.to_string(),
            kind,
            encoding: None,
            encoding_detected: None,
            delimiter: None,
            delimiter_sniffed: false,
            sheet: None,
            sheet_auto: false,
            skipped_sheets: Vec::new(),
            header_line: 1,
            rows: None,
            replacements: 0,
            source: None,
            layout: None,
            notes: Vec::new(),
        }
    }
}

/// A file being imported: open it with [`open`], then [`count`] (the
/// pre-pass), then call [`next_batch`] until it returns 0.
///
/// [`count`]: Importer::count
/// [`next_batch`]: Importer::next_batch
pub trait Importer {
    /// Encoding, delimiter, sheet and notes; row count after [`Importer::count`].
    fn info(&self) -> &SourceInfo;

    /// The column → field plan (`import --show-mapping`). After counting it
    /// also shows each date column's day/month order.
    fn plan(&self) -> &MappingPlan;

    /// Header names, made unique (`Note`, `Note (2)`), for the rejects file.
    fn headers(&self) -> &[String];

    /// The pre-pass: reads every row once, counts the non-blank ones and
    /// gathers each date column's day/month evidence. Fails if a date
    /// column is ambiguous or mixed and no date format was given. Cached:
    /// a second call returns the same number without reading again.
    fn count(&mut self) -> Result<usize, ImportError>;

    /// Appends up to `max` rows as read (not yet mapped) to `out` and
    /// returns how many; 0 means the end. Runs [`Importer::count`] first if
    /// it has not run. Blank rows are skipped silently. Each row becomes a
    /// draft with [`Converter::convert`] (see [`Importer::converter`]), on
    /// any thread.
    fn next_raw(&mut self, max: usize, out: &mut Vec<RawRow>) -> Result<usize, ImportError>;

    /// What turns this source's rows into drafts; complete once
    /// [`Importer::count`] has run.
    fn converter(&self) -> &Converter;

    /// Appends up to `max` row outcomes to `out` and returns how many; 0
    /// means the end. [`Importer::next_raw`] and the conversion in one.
    fn next_batch(&mut self, max: usize, out: &mut Vec<RowResult>) -> Result<usize, ImportError> {
        let mut raw = Vec::with_capacity(max);
        let n = self.next_raw(max, &mut raw)?;
        let conv = self.converter();
        out.extend(raw.into_iter().map(|r| r.convert(conv)));
        Ok(n)
    }
}

/// A row as a source read it: its line (or sheet row) number, its cells as
/// text and, from a workbook, as typed values.
pub struct RawRow {
    pub line: u64,
    pub cells: csv::StringRecord,
    pub typed: Option<Vec<calamine::Data>>,
}

impl RawRow {
    pub fn convert(self, conv: &Converter) -> RowResult {
        conv.convert(self.line, self.cells, self.typed.as_deref())
    }
}

/// The settings shared by every source, from options, layout and mapping
/// file.
pub(crate) struct Prepared {
    pub file: String,
    /// Every explicit column instruction, lowest precedence first: the
    /// layout's, the mapping file's, then `--map` flags.
    pub explicit: Vec<Explicit>,
    /// The common vocabulary, the layout and the mapping file, laid over
    /// one another, with the `--value` flags on top.
    pub mapping: Option<MappingFile>,
    pub date_format: Option<String>,
    pub zone: Tz,
    /// The layout in use, and whether it was detected (not `--from`).
    pub layout: Option<(&'static Layout, bool)>,
    user_mapping: Option<MappingFile>,
    map_args: Vec<String>,
    value_args: Vec<(mapping::Field, String, String)>,
    cli_date_format: Option<String>,
    default_zone: Tz,
}

impl Prepared {
    fn new(path: &Path, options: &ImportOptions) -> Result<Prepared, ImportError> {
        let user_mapping = match &options.mapping_file {
            Some(p) => Some(MappingFile::load(p)?),
            None => None,
        };
        let layout = match &options.layout {
            Some(name) => Some((layouts::find(name)?, false)),
            None => None,
        };
        let mut value_args = Vec::new();
        for arg in &options.values {
            value_args.push(mapping::parse_value_arg(arg)?);
        }
        for arg in &options.maps {
            mapping::parse_map_arg(arg)?;
        }
        if let Some(format) = &options.date_format {
            DateParser::new(Some(format)).map_err(|message| ImportError::Usage {
                file: path.display().to_string(),
                message: format!("--date-format: {message}"),
            })?;
        }
        let mut prepared = Prepared {
            file: path.display().to_string(),
            explicit: Vec::new(),
            mapping: None,
            date_format: None,
            zone: options.default_zone,
            layout,
            user_mapping,
            map_args: options.maps.clone(),
            value_args,
            cli_date_format: options.date_format.clone(),
            default_zone: options.default_zone,
        };
        prepared.compose()?;
        Ok(prepared)
    }

    /// Lays common vocabulary, layout, mapping file and flags over one
    /// another (see [`layouts`]).
    fn compose(&mut self) -> Result<(), ImportError> {
        let mut merged = layouts::common();
        if let Some((layout, _)) = self.layout {
            merged = merged.overlay(&layout.mapping());
        }
        if let Some(user) = &self.user_mapping {
            merged = merged.overlay(user);
        }
        for (field, from, to) in &self.value_args {
            merged.values.insert(*field, from, to);
        }
        let mut explicit = merged.columns.clone();
        for arg in &self.map_args {
            let (column, target) = mapping::parse_map_arg(arg)?;
            explicit.push(Explicit {
                column,
                target,
                origin: Origin::Flag(arg.clone()),
            });
        }
        self.explicit = explicit;
        self.date_format = self
            .cli_date_format
            .clone()
            .or_else(|| merged.date_format.clone());
        self.zone = merged.timezone.unwrap_or(self.default_zone);
        self.mapping = Some(merged);
        Ok(())
    }

    /// Without `--from`, takes the first layout whose headers the header
    /// row has; returns it when one was taken.
    fn detect_layout(
        &mut self,
        headers: &[String],
    ) -> Result<Option<&'static Layout>, ImportError> {
        if self.layout.is_some() {
            return Ok(None);
        }
        let Some(layout) = layouts::detect(headers) else {
            return Ok(None);
        };
        self.layout = Some((layout, true));
        self.compose()?;
        Ok(Some(layout))
    }

    /// The note that says which layout reads the file.
    fn layout_note(&self) -> Option<String> {
        self.layout.map(|(layout, detected)| {
            if detected {
                format!(
                    "layout: {} ({}), detected from the header row; --from NAME chooses another, \
                     --from {} --show-mapping prints it",
                    layout.name, layout.title, layout.name
                )
            } else {
                format!("layout: {} ({})", layout.name, layout.title)
            }
        })
    }

    fn settings(&self) -> Settings {
        let nulls = match self.mapping.as_ref().and_then(|m| m.nulls.clone()) {
            Some(nulls) => nulls,
            None => DEFAULT_NULLS.iter().map(|s| s.to_string()).collect(),
        };
        Settings {
            nulls,
            values: self
                .mapping
                .as_ref()
                .map(|m| m.values.clone())
                .unwrap_or_default(),
            defaults: self
                .mapping
                .as_ref()
                .map(|m| m.defaults.clone())
                .unwrap_or_default(),
            zone: self.zone,
            dates: DateParser::new(self.date_format.as_deref())
                .expect("date format checked when the options were prepared"),
        }
    }

    fn space_separated_tags(&self) -> bool {
        self.mapping
            .as_ref()
            .and_then(|m| m.space_separated_tags)
            .unwrap_or(false)
    }

    fn source(&self) -> Option<String> {
        self.mapping.as_ref().and_then(|m| m.source.clone())
    }

    /// Refuses plans the rows cannot work with.
    fn check_plan(&self, plan: &MappingPlan) -> Result<(), ImportError> {
        if !plan.looks_like_tickets() {
            return Err(ImportError::NoTicketColumns {
                file: self.file.clone(),
                headers: plan.headers().map(str::to_string).collect(),
            });
        }
        if plan.column_of(Field::CreatedAt).is_none() {
            for field in [
                Field::FirstResponseAfter(mapping::TimeUnit::Minutes),
                Field::ResolutionAfter(mapping::TimeUnit::Minutes),
            ] {
                if let Some(c) = plan.column_of(field) {
                    return Err(ImportError::Format {
                        file: self.file.clone(),
                        message: format!(
                            "column {} is a duration from creation, but no column maps to \
                             created_at; pass --map 'COLUMN=created_at'",
                            c.header
                        ),
                    });
                }
            }
        }
        Ok(())
    }
}

/// The note for a file whose plan has no time column: every ticket is
/// dated by the import, which a user should hear once.
pub(crate) fn undated_note(plan: &MappingPlan) -> Option<String> {
    let dated = plan
        .columns
        .iter()
        .any(|c| matches!(c.target, mapping::Target::Field(f) if f.is_date()));
    (!dated).then(|| {
        "no column gives a time: every ticket is dated by the import \
         (pass --map 'COLUMN=created_at' if one has the creation time)"
            .to_string()
    })
}

/// Rows examined when looking for the header row (a title line such as
/// "工单导出 2025年3月" may come first).
pub(crate) const HEADER_SEARCH_ROWS: usize = 10;

const WORKBOOK_EXTENSIONS: [&str; 6] = ["xlsx", "xlsm", "xlsb", "xls", "xla", "ods"];

/// Opens a file for import: CSV/TSV by extension or content, workbooks by
/// extension or magic bytes. Reads the header (and, for CSV, a sample to
/// detect the encoding and delimiter), and builds the mapping plan.
///
/// The source is `Send`, so the command may parse on one thread while it
/// writes batches on another.
pub fn open(path: &Path, options: &ImportOptions) -> Result<Box<dyn Importer + Send>, ImportError> {
    let prepared = Prepared::new(path, options)?;
    if is_workbook(path)? {
        Ok(Box::new(sheet_source::SheetSource::open(
            path, options, prepared,
        )?))
    } else {
        Ok(Box::new(csv_source::CsvSource::open(
            path, options, prepared,
        )?))
    }
}

/// The column → field plan of a file, without reading its rows
/// (`import --show-mapping`). Date orders are not decided (that needs the
/// count pass); call [`Importer::count`] on an opened source for them.
pub fn show_mapping(
    path: &Path,
    options: &ImportOptions,
) -> Result<(SourceInfo, MappingPlan), ImportError> {
    let source = open(path, options)?;
    Ok((source.info().clone(), source.plan().clone()))
}

fn is_workbook(path: &Path) -> Result<bool, ImportError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some(e) if WORKBOOK_EXTENSIONS.contains(&e) => return Ok(true),
        Some("csv" | "tsv" | "tab" | "txt" | "psv" | "dat") => return Ok(false),
        _ => {}
    }
    let mut magic = [0u8; 4];
    let mut file = std::fs::File::open(path).map_err(|source| ImportError::Open {
        file: path.display().to_string(),
        source,
    })?;
    let n = file.read(&mut magic).unwrap_or(0);
    // ZIP (xlsx, ods) or OLE compound file (xls).
    Ok(n == 4 && (magic == *b"PK\x03\x04" || magic == [0xD0, 0xCF, 0x11, 0xE0]))
}

/// Parses `--delimiter`: one ASCII character, or `\t`, `tab`, `comma`,
/// `semicolon`, `pipe`, `space`.
pub fn parse_delimiter(text: &str) -> Result<u8, String> {
    let byte = match text {
        "\\t" | "tab" | "TAB" | "\t" => b'\t',
        "comma" => b',',
        "semicolon" => b';',
        "pipe" => b'|',
        "space" => b' ',
        _ if text.len() == 1 && text.is_ascii() => text.as_bytes()[0],
        _ => {
            return Err(format!(
            "bad delimiter {text:?}: expected one ASCII character, or tab, comma, semicolon, pipe"
        ))
        }
    };
    if byte == b'"' || byte == b'\n' || byte == b'\r' {
        return Err(format!(
            "bad delimiter {text:?}: cannot be a quote or a line break"
        ));
    }
    Ok(byte)
}

/// How a delimiter is shown in notes.
pub(crate) fn delimiter_name(d: u8) -> String {
    match d {
        b'\t' => "tab".to_string(),
        b',' => "comma".to_string(),
        b';' => "semicolon".to_string(),
        b'|' => "pipe".to_string(),
        other => format!("{:?}", char::from(other)),
    }
}
