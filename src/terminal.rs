//! Text bound for a person's terminal, made harmless.
//!
//! Ticket titles, bodies, notes, customer fields and imported cells come
//! from strangers. Printed raw, an escape sequence in them clears the
//! screen, retitles the window or writes the clipboard (OSC 52), and a
//! bidirectional override makes a line read differently from what it holds.
//! Every human-facing output (tables, Markdown, `show`, messages on stderr)
//! passes such text through [`escape`]; JSON and CSV keep the data exact.
//!
//! An escaped character is written as Rust's `{:?}` would write it (`\t`,
//! `\n`, `\r`, `\u{1b}`), so messages that quote a value with `{:?}` and
//! plain text agree.

use std::borrow::Cow;
use std::fmt::Write as _;

/// How much layout the text may carry where it is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One line (a title after `Ticket 7:`, a field value): tabs and line
    /// breaks are escaped too, so a value cannot forge the next line.
    Line,
    /// A table cell: it may span lines, but a tab would break the column
    /// widths.
    Cell,
    /// A block of text (a ticket body, a message): tabs and line breaks
    /// stay; a carriage return stays only before a line break (CRLF text).
    Block,
}

/// Bidirectional embeddings, overrides and isolates (LRE, RLE, PDF, LRO,
/// RLO, LRI, RLI, FSI, PDI): they reorder what follows them on the line.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// C0 controls, DEL and C1 controls: a terminal acts on these.
fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
}

fn needs_escape(c: char, next: Option<char>, layout: Layout) -> bool {
    match (c, layout) {
        ('\n', Layout::Cell | Layout::Block) => false,
        ('\t', Layout::Block) => false,
        ('\r', Layout::Block) => next != Some('\n'),
        _ => is_control(c) || is_bidi_control(c),
    }
}

/// `text` with every control character the layout does not allow written
/// as a visible escape (`\u{1b}`); borrowed when nothing needed escaping,
/// which is nearly always.
pub fn escape(text: &str, layout: Layout) -> Cow<'_, str> {
    let mut chars = text.char_indices().peekable();
    let first = loop {
        let Some((at, c)) = chars.next() else {
            return Cow::Borrowed(text);
        };
        let next = chars.peek().map(|&(_, n)| n);
        if needs_escape(c, next, layout) {
            break at;
        }
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    let mut rest = text[first..].chars().peekable();
    while let Some(c) = rest.next() {
        if needs_escape(c, rest.peek().copied(), layout) {
            match c {
                '\t' => out.push_str("\\t"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                _ => {
                    let _ = write!(out, "\\u{{{:x}}}", c as u32);
                }
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`escape`] for one line.
pub fn line(text: &str) -> Cow<'_, str> {
    escape(text, Layout::Line)
}

/// [`escape`] for a block of text: a message, a body.
pub fn block(text: &str) -> Cow<'_, str> {
    escape(text, Layout::Block)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_act_on() {
        let attack = "\u{1b}[2J\u{1b}]52;c;ZWNobyBoaQ==\u{7}\u{9b}31m\u{7f}\u{202e}gpj.exe";
        assert_eq!(
            line(attack),
            "\\u{1b}[2J\\u{1b}]52;c;ZWNobyBoaQ==\\u{7}\\u{9b}31m\\u{7f}\\u{202e}gpj.exe"
        );
        assert_eq!(format!("{:?}", attack), format!("\"{}\"", line(attack)));
    }

    #[test]
    fn layouts_keep_what_they_can_show() {
        let text = "a\tb\nc\r\nd\re";
        assert_eq!(line(text), "a\\tb\\nc\\r\\nd\\re");
        assert_eq!(escape(text, Layout::Cell), "a\\tb\nc\\r\nd\\re");
        assert_eq!(block(text), "a\tb\nc\r\nd\\re");
        assert_eq!(block("ends with\r"), "ends with\\r");
    }

    #[test]
    fn plain_text_is_borrowed() {
        for text in [
            "",
            "hello",
            "登录失败 订单号：A1234",
            "שלום",
            "emoji 🎫",
            "C:\\path",
        ] {
            assert!(matches!(line(text), Cow::Borrowed(_)), "{text:?}");
        }
        assert!(matches!(block("a\tb\nc"), Cow::Borrowed(_)));
    }
}
