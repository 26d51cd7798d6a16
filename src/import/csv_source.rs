//! CSV, TSV, semicolon- and pipe-separated files, streamed.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use csv::{ByteRecord, StringRecord};
use encoding_rs::{GB18030, UTF_8};

use super::convert::Converter;
use super::encoding::{self, Decoding, Input, SAMPLE_LEN};
use super::error::ImportError;
use super::mapping::{unique_headers, MappingPlan};
use super::{
    delimiter_name, ImportOptions, Importer, Prepared, RawRow, SourceInfo, SourceKind,
    HEADER_SEARCH_ROWS,
};

/// A delimited text file, read twice: once to count, once to convert.
pub(crate) struct CsvSource {
    path: PathBuf,
    info: SourceInfo,
    plan: MappingPlan,
    conv: Converter,
    decoding: Decoding,
    /// `--encoding` was given: never switch encodings behind the user's back.
    explicit_encoding: bool,
    /// The detection sample held valid multi-byte UTF-8.
    sample_had_utf8: bool,
    delimiter: u8,
    /// Records before the first data row (title lines, `sep=`, header).
    skip_records: u64,
    counted: Option<usize>,
    reader: Option<csv::Reader<LineEnds<Input>>>,
    done: bool,
    /// Byte length of the last record, to size the next one's buffer.
    last_len: usize,
}

impl CsvSource {
    pub fn open(
        path: &Path,
        options: &ImportOptions,
        mut prepared: Prepared,
    ) -> Result<CsvSource, ImportError> {
        let file = prepared.file.clone();
        if options.sheet.is_some() {
            return Err(ImportError::Usage {
                file,
                message: "--sheet applies to workbooks (xlsx, xls, ods), not to CSV".to_string(),
            });
        }
        let label = match &options.encoding {
            Some(label) => Some(encoding::encoding_for_label(label).ok_or_else(|| {
                ImportError::UnknownEncoding {
                    label: label.clone(),
                }
            })?),
            None => None,
        };
        let sample = read_sample(path, &file)?;
        if sample.is_empty() {
            return Err(ImportError::Format {
                file,
                message: "the file is empty".to_string(),
            });
        }
        let detected =
            encoding::detect(&sample, label).map_err(|message| ImportError::Encoding {
                file: file.clone(),
                message,
            })?;
        let text = match detected.decoding {
            Decoding::Utf8 { bom } => String::from_utf8_lossy(&sample[bom..]).into_owned(),
            Decoding::Decode(enc) => enc.decode_with_bom_removal(&sample).0.into_owned(),
        };
        let complete = sample.len() < SAMPLE_LEN;
        let sample_had_utf8 =
            matches!(detected.decoding, Decoding::Utf8 { .. }) && !sample.is_ascii();

        let mut info = SourceInfo::new(&file, SourceKind::Csv);
        info.encoding = Some(detected.decoding.name());
        if let Some(note) = &detected.note {
            info.notes.push(format!("encoding: {note}"));
        }
        info.encoding_detected = detected.note;
        info.source = prepared.source();

        let sep_line = sep_hint(&text);
        let delimiter = match (options.delimiter, sep_line) {
            (Some(d), _) => d,
            (None, Some(d)) => d,
            (None, None) => {
                let prefer_tab = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    e.eq_ignore_ascii_case("tsv") || e.eq_ignore_ascii_case("tab")
                });
                let d = sniff_delimiter(&text, complete, prefer_tab);
                info.delimiter_sniffed = true;
                info.notes
                    .push(format!("delimiter: {} (sniffed)", delimiter_name(d)));
                d
            }
        };
        info.delimiter = Some(delimiter);

        // Find the header: the first of the leading records that maps a
        // title or id column, else the first non-blank one.
        let mut reader = csv_reader(path, &file, detected.decoding, delimiter)?;
        let mut record = ByteRecord::new();
        let mut index: u64 = 0;
        let mut first: Option<(u64, u64, Vec<String>)> = None;
        let mut chosen: Option<(u64, u64, Vec<String>, MappingPlan)> = None;
        let mut examined = 0;
        if sep_line.is_some() {
            read_byte_record(&mut reader, &mut record, &file)?;
            index += 1;
        }
        while examined < HEADER_SEARCH_ROWS && read_byte_record(&mut reader, &mut record, &file)? {
            index += 1;
            let cells: Vec<String> = record
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            examined += 1;
            let line = start_line(&reader, record.as_slice());
            let headers = unique_headers(cells.iter().map(String::as_str));
            let plan = MappingPlan::build(&file, &headers, &prepared.explicit, true)?;
            if plan.looks_like_tickets() {
                chosen = Some((index, line, headers, plan));
                break;
            }
            if first.is_none() {
                first = Some((index, line, headers));
            }
        }
        let (skip_records, header_line, headers) = match chosen {
            Some((index, line, headers, _)) => (index, line, headers),
            None => match first {
                Some(found) => found,
                None => {
                    return Err(ImportError::Format {
                        file,
                        message: "no header row: the file has no non-blank line".to_string(),
                    })
                }
            },
        };
        prepared.detect_layout(&headers)?;
        info.layout = prepared.layout.map(|(l, _)| l.name);
        info.notes.extend(prepared.layout_note());
        info.source = prepared.source();
        let plan = MappingPlan::build(&file, &headers, &prepared.explicit, false)?;
        prepared.check_plan(&plan)?;
        info.notes.extend(super::undated_note(&plan));
        info.header_line = header_line;
        if header_line > 1 && sep_line.is_none() {
            info.notes.push(format!(
                "header on line {header_line}; the lines before it are skipped"
            ));
        }
        let mut conv = Converter::new(Arc::from(file.as_str()), None, &plan, prepared.settings());
        conv.space_separated_tags = prepared.space_separated_tags();
        Ok(CsvSource {
            path: path.to_path_buf(),
            info,
            plan,
            conv,
            decoding: detected.decoding,
            explicit_encoding: label.is_some(),
            sample_had_utf8,
            delimiter,
            skip_records,
            counted: None,
            reader: None,
            done: false,
            last_len: 256,
        })
    }

    /// A reader positioned at the first data row.
    fn data_reader(&self) -> Result<csv::Reader<LineEnds<Input>>, ImportError> {
        let mut reader = csv_reader(&self.path, &self.info.file, self.decoding, self.delimiter)?;
        let mut record = ByteRecord::new();
        for _ in 0..self.skip_records {
            read_byte_record(&mut reader, &mut record, &self.info.file)?;
        }
        Ok(reader)
    }

    /// One counting pass. `Ok(Err(line, bytes))` reports invalid UTF-8 in
    /// pass-through mode, so the caller can switch decoding and retry.
    fn count_pass(&mut self) -> Result<Result<usize, (u64, Vec<u8>)>, ImportError> {
        let mut reader = self.data_reader()?;
        let date_columns = self.conv.date_columns();
        let mut record = ByteRecord::new();
        let mut rows = 0usize;
        let check_utf8 = matches!(self.decoding, Decoding::Utf8 { .. });
        let file = self.info.file.clone();
        while read_byte_record(&mut reader, &mut record, &file)? {
            let line = start_line(&reader, record.as_slice());
            if check_utf8 && std::str::from_utf8(record.as_slice()).is_err() {
                return Ok(Err((line, record.as_slice().to_vec())));
            }
            let mut blank = true;
            for field in record.iter() {
                if !std::str::from_utf8(field).unwrap_or("x").trim().is_empty() {
                    blank = false;
                    break;
                }
            }
            if blank {
                continue;
            }
            rows += 1;
            for &column in &date_columns {
                if let Some(cell) = record.get(column) {
                    let text = String::from_utf8_lossy(cell);
                    self.conv.observe(column, &text, line);
                }
            }
        }
        self.info.replacements = reader.get_ref().inner.replacements();
        Ok(Ok(rows))
    }
}

impl Importer for CsvSource {
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
        let rows = loop {
            match self.count_pass()? {
                Ok(rows) => break rows,
                Err((line, bytes)) => {
                    // Valid UTF-8 so far, but not here.
                    let (decoding, note) = if self.explicit_encoding || self.sample_had_utf8 {
                        (
                            Decoding::Decode(UTF_8),
                            format!("UTF-8 with undecodable bytes (first on line {line}), replaced with U+FFFD"),
                        )
                    } else if encoding::looks_like_gbk(&bytes) {
                        (
                            Decoding::Decode(GB18030),
                            format!("GB18030 (detected: line {line} is not valid UTF-8 and reads as GBK)"),
                        )
                    } else {
                        return Err(ImportError::Encoding {
                            file: self.info.file.clone(),
                            message: format!(
                                "line {line} is not valid UTF-8, and does not read as GBK either; \
                                 pass --encoding LABEL (e.g. windows-1252, big5, shift_jis)"
                            ),
                        });
                    };
                    self.decoding = decoding;
                    self.info.encoding = Some(decoding.name());
                    self.info.notes.push(format!("encoding: {note}"));
                    self.info.encoding_detected = Some(note);
                    // Evidence gathered so far is gathered again from scratch.
                    self.conv.reset_evidence();
                }
            }
        };
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
        if self.done {
            return Ok(0);
        }
        if self.reader.is_none() {
            self.reader = Some(self.data_reader()?);
        }
        let reader = self.reader.as_mut().expect("reader opened above");
        let mut produced = 0;
        while produced < max {
            let mut record = StringRecord::with_capacity(self.last_len, self.conv.headers.len());
            let more = reader.read_record(&mut record).map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                csv_error(&self.info.file, line, e)
            })?;
            if !more {
                self.done = true;
                break;
            }
            self.last_len = record.as_slice().len().max(16);
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let line = start_line(reader, record.as_slice().as_bytes());
            out.push(RawRow {
                line,
                cells: record,
                typed: None,
            });
            produced += 1;
        }
        Ok(produced)
    }
}

/// After the count pass: decide date orders, note them, and show them on
/// the plan.
pub(crate) fn finish_count(
    conv: &mut Converter,
    plan: &mut MappingPlan,
    info: &mut SourceInfo,
    rows: usize,
) -> Result<(), ImportError> {
    for (column, order, borrowed) in conv.decide_orders()? {
        plan.columns[column].date_order = Some(order);
        info.notes.push(format!(
            "column {}: dates read {}{}",
            plan.columns[column].header,
            match order {
                super::DateOrder::DayFirst => "day-first (d/m/Y)",
                super::DateOrder::MonthFirst => "month-first (m/d/Y)",
            },
            if borrowed {
                ", like the file's other date columns"
            } else {
                ""
            }
        ));
    }
    if info.replacements > 0 {
        conv.flag_replacements = true;
        info.notes.push(format!(
            "{} undecodable byte sequence(s) replaced with U+FFFD; the rows are flagged",
            info.replacements
        ));
    }
    info.rows = Some(rows);
    Ok(())
}

fn read_sample(path: &Path, file: &str) -> Result<Vec<u8>, ImportError> {
    let handle = File::open(path).map_err(|source| ImportError::Open {
        file: file.to_string(),
        source,
    })?;
    let mut sample = Vec::with_capacity(SAMPLE_LEN);
    handle
        .take(SAMPLE_LEN as u64)
        .read_to_end(&mut sample)
        .map_err(|source| ImportError::Read {
            file: file.to_string(),
            line: 1,
            source,
        })?;
    Ok(sample)
}

fn csv_reader(
    path: &Path,
    file: &str,
    decoding: Decoding,
    delimiter: u8,
) -> Result<csv::Reader<LineEnds<Input>>, ImportError> {
    let input = Input::open(path, decoding).map_err(|source| ImportError::Open {
        file: file.to_string(),
        source,
    })?;
    Ok(csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(64 * 1024)
        .from_reader(LineEnds::new(input)))
}

fn read_byte_record(
    reader: &mut csv::Reader<LineEnds<Input>>,
    record: &mut ByteRecord,
    file: &str,
) -> Result<bool, ImportError> {
    reader.read_byte_record(record).map_err(|e| {
        let line = e.position().map_or(0, |p| p.line());
        csv_error(file, line, e)
    })
}

fn csv_error(file: &str, line: u64, e: csv::Error) -> ImportError {
    match e.into_kind() {
        csv::ErrorKind::Io(source) => ImportError::Read {
            file: file.to_string(),
            line,
            source,
        },
        csv::ErrorKind::Utf8 { .. } => ImportError::Encoding {
            file: file.to_string(),
            message: format!(
                "line {line} is not valid UTF-8 (did the file change since it was counted?)"
            ),
        },
        other => ImportError::Format {
            file: file.to_string(),
            message: format!("line {line}: {other:?}"),
        },
    }
}

/// The physical line on which the record just read began.
///
/// csv's own record position is where the reader *started* reading, which
/// is before any blank lines it skipped. With line ends normalised by
/// [`LineEnds`] every record ends with a consumed `\n`, so the start is
/// the reader's line now, minus the newlines inside the record's quoted
/// cells, minus its terminator.
fn start_line<R: Read>(reader: &csv::Reader<R>, record: &[u8]) -> u64 {
    let inner = record.iter().filter(|b| **b == b'\n').count() as u64;
    reader.position().line().saturating_sub(inner + 1).max(1)
}

/// Normalises line ends to `\n` (`\r\n` and a lone `\r` alike) and makes
/// sure the text ends with one, so csv's line counting matches what an
/// editor shows. Cells' own line ends are normalised too.
pub(crate) struct LineEnds<R> {
    pub inner: R,
    after_cr: bool,
    last: u8,
    finished: bool,
}

impl<R: Read> LineEnds<R> {
    pub fn new(inner: R) -> LineEnds<R> {
        LineEnds {
            inner,
            after_cr: false,
            last: b'\n',
            finished: false,
        }
    }
}

impl<R: Read> Read for LineEnds<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            if self.finished {
                return Ok(0);
            }
            let n = self.inner.read(out)?;
            if n == 0 {
                self.finished = true;
                if self.last != b'\n' {
                    self.last = b'\n';
                    out[0] = b'\n';
                    return Ok(1);
                }
                return Ok(0);
            }
            // Compact in place (the output is never longer than the input),
            // moving whole runs between carriage returns.
            let mut r = 0;
            let mut w = 0;
            if self.after_cr && out[0] == b'\n' {
                r = 1; // the LF of a CRLF split across reads
            }
            self.after_cr = false;
            while r < n {
                let run = out[r..n].iter().position(|b| *b == b'\r').unwrap_or(n - r);
                if w != r {
                    out.copy_within(r..r + run, w);
                }
                w += run;
                r += run;
                if r < n {
                    out[w] = b'\n';
                    w += 1;
                    r += 1;
                    if r == n {
                        self.after_cr = true;
                    } else if out[r] == b'\n' {
                        r += 1;
                    }
                }
            }
            if w > 0 {
                self.last = out[w - 1];
                return Ok(w);
            }
        }
    }
}

/// Excel's `sep=;` first line.
fn sep_hint(text: &str) -> Option<u8> {
    let first = text.lines().next()?.trim_end_matches('\r');
    let rest = first.strip_prefix("sep=")?;
    (rest.len() == 1 && rest.is_ascii()).then(|| rest.as_bytes()[0])
}

/// Picks the delimiter among comma, tab, semicolon and pipe: the one that
/// splits the header into the most columns while splitting the most rows
/// into the same number of columns, counting only outside quotes.
pub(crate) fn sniff_delimiter(sample: &str, complete: bool, prefer_tab: bool) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b'\t', b';', b'|'];
    let mut records: Vec<[usize; 4]> = Vec::new();
    let mut counts = [0usize; 4];
    let mut in_quotes = false;
    let mut non_blank = false;
    for b in sample.bytes() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => {
                if non_blank {
                    records.push(counts);
                }
                counts = [0; 4];
                non_blank = false;
                if records.len() >= 50 {
                    break;
                }
            }
            _ if !in_quotes => {
                if let Some(i) = CANDIDATES.iter().position(|c| *c == b) {
                    counts[i] += 1;
                }
                if !b.is_ascii_whitespace() {
                    non_blank = true;
                }
            }
            _ => {}
        }
    }
    // A last line without a newline counts only if the sample is the
    // whole file (otherwise it may be cut off).
    if non_blank && (complete || records.is_empty()) {
        records.push(counts);
    }
    let order: [usize; 4] = if prefer_tab {
        [1, 0, 2, 3]
    } else {
        [0, 1, 2, 3]
    };
    let mut best: Option<(usize, usize, usize)> = None; // (consistent, header count, candidate)
    for &i in &order {
        let Some(header) = records.first().map(|r| r[i]) else {
            break;
        };
        if header == 0 {
            continue;
        }
        let consistent = records.iter().filter(|r| r[i] == header).count();
        let better = match best {
            None => true,
            Some((c, h, _)) => consistent > c || (consistent == c && header > h),
        };
        if better {
            best = Some((consistent, header, i));
        }
    }
    match best {
        Some((_, _, i)) => CANDIDATES[i],
        None if prefer_tab => b'\t',
        None => b',',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n", true, false), b',');
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2;\"x;y\"\n", true, false), b';');
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n", true, false), b'\t');
        assert_eq!(sniff_delimiter("a|b|c\n1|2|3\n", true, false), b'|');
        // Commas inside a quoted multi-line cell do not count.
        assert_eq!(
            sniff_delimiter("id;title\n1;\"a, b,\nc, d\"\n2;x\n", true, false),
            b';'
        );
        assert_eq!(sniff_delimiter("title\nx\n", true, false), b',');
        assert_eq!(sniff_delimiter("title\nx\n", true, true), b'\t');
        assert_eq!(sep_hint("sep=;\r\na;b\n"), Some(b';'));
        assert_eq!(sep_hint("a;b\n"), None);
    }

    #[test]
    fn line_ends_are_normalised_across_reads() {
        for (input, want) in [
            ("a\r\nb\r\n", "a\nb\n"),
            ("a\rb", "a\nb\n"),
            ("a\n\r\n\nb\n", "a\n\n\nb\n"),
            ("", ""),
        ] {
            // A one-byte reader puts every \r and \n in a separate read.
            let inner = io::BufReader::with_capacity(1, input.as_bytes());
            let mut r = LineEnds::new(OneByte(inner));
            let mut out = String::new();
            r.read_to_string(&mut out).unwrap();
            assert_eq!(out, want, "{input:?}");
        }
    }

    struct OneByte<R>(R);
    impl<R: Read> Read for OneByte<R> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let len = out.len().min(1);
            self.0.read(&mut out[..len])
        }
    }
}
