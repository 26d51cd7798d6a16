//! Limits on the YAML files triage reads: the rule file (which every
//! command loads), `rules test` cases, simulation scenarios and import
//! mapping files.
//!
//! The YAML parser under serde_yaml (libyaml) takes time quadratic in the
//! nesting of flow collections: 100,000 nested brackets (200 KB) took 56 s
//! to reject, and a 50 MB file took 2 GB to parse. These files are written
//! by hand, so a file over [`MAX_BYTES`] or nested deeper than
//! [`MAX_DEPTH`] is refused up front, in milliseconds, with a message that
//! says which limit and where.
//!
//! Nesting is measured by libyaml's own scanner, so it counts exactly what
//! the parser would see (brackets inside quotes, comments and block scalars
//! do not count), and the scan stops as soon as the limit is passed.

use std::io::Read;
use std::mem::MaybeUninit;
use std::path::Path;

use unsafe_libyaml as unsafe_yaml;

/// The largest YAML file read: far above any hand-written rule file (the
/// starter file is 10 KB), far below what would strain memory.
pub const MAX_BYTES: u64 = 1024 * 1024;

/// The deepest nesting of mappings and lists accepted. A rule file needs
/// about a dozen levels (`classify` → rule → `when` → `all` → `any` → ...);
/// serde_yaml itself gives up at 128.
pub const MAX_DEPTH: usize = 64;

/// A limit a YAML file went over, or a file that could not be read as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LimitError {
    /// 1-based line and column, when the problem has a place.
    pub place: Option<(usize, usize)>,
    pub message: String,
}

impl LimitError {
    /// `FILE:LINE:COLUMN: message` (or `FILE: message`), as triage's other
    /// file errors read.
    pub fn in_file(&self, file: &str) -> String {
        match self.place {
            Some((line, column)) => format!("{file}:{line}:{column}: {}", self.message),
            None => format!("{file}: {}", self.message),
        }
    }

    fn whole_file(message: String) -> LimitError {
        LimitError {
            place: None,
            message,
        }
    }
}

fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

fn too_large(what: &str, bytes: u64, at_least: bool) -> LimitError {
    LimitError::whole_file(format!(
        "{what} too large: {}{}; the limit is {} (such files are written by hand; data belongs \
         in the database)",
        if at_least { "over " } else { "" },
        size_text(bytes),
        size_text(MAX_BYTES)
    ))
}

/// Reads a YAML file as UTF-8 text, reading no more than [`MAX_BYTES`]
/// (plus one byte, to know it is over), and checks its nesting. `what`
/// names the file in messages (`rule file`, `scenario`).
pub fn read(path: &Path, what: &str) -> Result<String, LimitError> {
    let cannot_read =
        |e: std::io::Error| LimitError::whole_file(format!("cannot read {what}: {e}"));
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    if let Ok(meta) = file.metadata() {
        if meta.is_file() && meta.len() > MAX_BYTES {
            return Err(too_large(what, meta.len(), false));
        }
    }
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_large(what, MAX_BYTES, true));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        let column = at
            - bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1)
            + 1;
        LimitError {
            place: Some((line, column)),
            message: format!("{what} is not UTF-8 text (save it as UTF-8)"),
        }
    })?;
    check(&text, what)?;
    Ok(text)
}

/// Checks text already in memory: its size and its nesting.
pub fn check(text: &str, what: &str) -> Result<(), LimitError> {
    if text.len() as u64 > MAX_BYTES {
        return Err(too_large(what, text.len() as u64, false));
    }
    match deepest_place(text, MAX_DEPTH) {
        None => Ok(()),
        Some((line, column)) => Err(LimitError {
            place: Some((line, column)),
            message: format!(
                "{what} nested too deeply: more than {MAX_DEPTH} levels of lists and mappings \
                 inside each other (a rule file needs a dozen at most)"
            ),
        }),
    }
}

/// The place (1-based line, column) where the nesting of collections first
/// goes deeper than `limit`, or `None` if it never does. A file libyaml
/// cannot scan is left for the real parse to report, with its own message.
fn deepest_place(text: &str, limit: usize) -> Option<(usize, usize)> {
    let mut parser = MaybeUninit::<unsafe_yaml::yaml_parser_t>::uninit();
    // SAFETY: libyaml's documented use: initialise the parser, give it the
    // input (which outlives it: `text` is borrowed for this whole function),
    // take tokens one at a time and free each one, then free the parser.
    // Nothing is read from a token after it was deleted.
    unsafe {
        if unsafe_yaml::yaml_parser_initialize(parser.as_mut_ptr()).fail {
            return None;
        }
        let parser = parser.as_mut_ptr();
        unsafe_yaml::yaml_parser_set_input_string(parser, text.as_ptr(), text.len() as _);
        let mut depth = 0usize;
        let mut found = None;
        loop {
            let mut token = MaybeUninit::<unsafe_yaml::yaml_token_t>::uninit();
            if unsafe_yaml::yaml_parser_scan(parser, token.as_mut_ptr()).fail {
                break;
            }
            let token = token.as_mut_ptr();
            let kind = (*token).type_;
            let mark = (*token).start_mark;
            unsafe_yaml::yaml_token_delete(token);
            match kind {
                unsafe_yaml::YAML_FLOW_SEQUENCE_START_TOKEN
                | unsafe_yaml::YAML_FLOW_MAPPING_START_TOKEN
                | unsafe_yaml::YAML_BLOCK_SEQUENCE_START_TOKEN
                | unsafe_yaml::YAML_BLOCK_MAPPING_START_TOKEN => {
                    depth += 1;
                    if depth > limit {
                        found = Some((mark.line as usize + 1, mark.column as usize + 1));
                        break;
                    }
                }
                unsafe_yaml::YAML_FLOW_SEQUENCE_END_TOKEN
                | unsafe_yaml::YAML_FLOW_MAPPING_END_TOKEN
                | unsafe_yaml::YAML_BLOCK_END_TOKEN => depth = depth.saturating_sub(1),
                unsafe_yaml::YAML_STREAM_END_TOKEN | unsafe_yaml::YAML_NO_TOKEN => break,
                _ => {}
            }
        }
        unsafe_yaml::yaml_parser_delete(parser);
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_measured_as_the_parser_sees_it() {
        // `x:` is the first level, so the 64th bracket (column 3 + 64) goes over.
        let deep = format!("x: {}{}", "[".repeat(70), "]".repeat(70));
        assert_eq!(deepest_place(&deep, MAX_DEPTH), Some((1, 3 + MAX_DEPTH)));
        let fine = format!("x: {}{}", "[".repeat(30), "]".repeat(30));
        assert_eq!(deepest_place(&fine, MAX_DEPTH), None);
        // Brackets in quotes, comments and block scalars are text.
        let quoted = format!(
            "a: '{0}'\nb: \"{0}\" # {0}\nc: |\n  {0}\nd: 订单号[:：]?\\s*(\\w+)\n",
            "[".repeat(100)
        );
        assert_eq!(deepest_place(&quoted, MAX_DEPTH), None);
        // Block nesting counts too.
        let block: String = (0..70).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        assert!(deepest_place(&block, MAX_DEPTH).is_some());
    }

    #[test]
    fn a_deep_file_is_refused_quickly() {
        let text = format!("agents: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        let started = std::time::Instant::now();
        let err = check(&text, "rule file").unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        // `agents:` is the first level; the 64th bracket is column 8 + 64.
        assert_eq!(err.place, Some((1, 8 + MAX_DEPTH)));
        assert!(
            err.message
                .starts_with("rule file nested too deeply: more than 64 levels"),
            "{}",
            err.message
        );
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(10 * 1024), "10 KiB");
        assert_eq!(size_text(50 * 1024 * 1024), "50.0 MiB");
    }
}
