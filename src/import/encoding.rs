//! Text encodings of CSV files: detection and a streaming decoder.
//!
//! UTF-8 (with or without BOM) is read as it is, byte for byte. UTF-16 with
//! a BOM, UTF-16 without one (recognised by its NUL bytes), GBK/GB18030
//! (recognised when the bytes are not UTF-8 but read as GB2312-range
//! Chinese) and any encoding named with `--encoding` are decoded to UTF-8
//! in fixed-size chunks by [`DecodeReader`], so memory stays bounded
//! whatever the file size.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use encoding_rs::{Decoder, DecoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// Bytes inspected to detect the encoding and sniff the delimiter.
pub(crate) const SAMPLE_LEN: usize = 64 * 1024;

/// How the bytes of a file become UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decoding {
    /// Valid UTF-8: passed through, after skipping a BOM of `bom` bytes.
    Utf8 { bom: usize },
    /// Decoded by encoding_rs; malformed sequences become U+FFFD and are
    /// counted. `Decode(UTF_8)` is lossy UTF-8.
    Decode(&'static Encoding),
}

impl Decoding {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Decoding::Utf8 { .. } => "UTF-8",
            Decoding::Decode(enc) => enc.name(),
        }
    }
}

/// The outcome of detection: how to decode, and what to tell the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Detected {
    pub decoding: Decoding,
    /// Set when the encoding was guessed from the bytes rather than given
    /// or announced by a BOM, e.g. "GB18030 (detected: not valid UTF-8)".
    pub note: Option<String>,
}

/// Looks up an encoding label (`gbk`, `utf-16le`, `windows-1252`, `big5`,
/// ... any WHATWG label encoding_rs knows).
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Chooses the decoding from the first bytes of a file.
///
/// `label` is `--encoding`, which wins over everything but a byte order
/// mark. `Err` carries the message for an undecidable file.
pub(crate) fn detect(sample: &[u8], label: Option<&'static Encoding>) -> Result<Detected, String> {
    // A byte order mark is unambiguous, so it wins even over --encoding.
    if let Some((enc, bom)) = Encoding::for_bom(sample) {
        let decoding = if enc == UTF_8 {
            Decoding::Utf8 { bom }
        } else {
            Decoding::Decode(enc)
        };
        let note = label.filter(|l| *l != enc).map(|l| {
            format!(
                "{} (the file's byte order mark wins over --encoding {})",
                enc.name(),
                l.name()
            )
        });
        return Ok(Detected { decoding, note });
    }
    if let Some(enc) = label {
        let decoding = if enc == UTF_8 {
            Decoding::Utf8 { bom: 0 }
        } else {
            Decoding::Decode(enc)
        };
        return Ok(Detected {
            decoding,
            note: None,
        });
    }
    if let Some(enc) = utf16_without_bom(sample) {
        return Ok(Detected {
            decoding: Decoding::Decode(enc),
            note: Some(format!(
                "{} (detected: no BOM, but every other byte is NUL)",
                enc.name()
            )),
        });
    }
    match std::str::from_utf8(sample) {
        Ok(_) => Ok(Detected {
            decoding: Decoding::Utf8 { bom: 0 },
            note: None,
        }),
        // The sample may end in the middle of a character.
        Err(e) if e.error_len().is_none() => Ok(Detected {
            decoding: Decoding::Utf8 { bom: 0 },
            note: None,
        }),
        Err(e) => {
            let line = 1 + sample[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            if looks_like_gbk(sample) {
                Ok(Detected {
                    decoding: Decoding::Decode(GB18030),
                    note: Some(format!(
                        "GB18030 (detected: line {line} is not valid UTF-8 and reads as GBK)"
                    )),
                })
            } else {
                Err(format!(
                    "line {line} is not valid UTF-8, and the file does not read as GBK either; \
                     pass --encoding LABEL (e.g. windows-1252, big5, shift_jis)"
                ))
            }
        }
    }
}

/// UTF-16 without BOM: ASCII-heavy text has a NUL in every other byte.
fn utf16_without_bom(sample: &[u8]) -> Option<&'static Encoding> {
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    if odd * 10 >= pairs * 7 && even * 10 < pairs {
        Some(UTF_16LE)
    } else if even * 10 >= pairs * 7 && odd * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Whether non-UTF-8 bytes read as GBK-encoded Chinese: every non-ASCII
/// byte starts a valid GB18030 sequence, and most two-byte characters lie
/// in the GB2312 area (both bytes 0xA1..=0xFE), which common Chinese text
/// does and Latin-1/Windows-1252 text (an accented letter followed by
/// ASCII) does not.
pub(crate) fn looks_like_gbk(bytes: &[u8]) -> bool {
    let (mut gb2312, mut other) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        if !(0x81..=0xFE).contains(&b) {
            return false;
        }
        let Some(&t) = bytes.get(i + 1) else {
            break; // cut off at the end of the sample
        };
        if t.is_ascii_digit() {
            // Four-byte GB18030 sequence.
            i += 4;
            other += 1;
            continue;
        }
        if !(0x40..=0xFE).contains(&t) || t == 0x7F {
            return false;
        }
        if b >= 0xA1 && t >= 0xA1 {
            gb2312 += 1;
        } else {
            other += 1;
        }
        i += 2;
    }
    gb2312 > 0 && gb2312 * 10 >= (gb2312 + other) * 7
}

/// A `Read` that decodes its inner reader to UTF-8 chunk by chunk.
///
/// Malformed input becomes U+FFFD; [`DecodeReader::replacements`] counts
/// them, so the caller can warn rather than silently lose text.
pub struct DecodeReader<R> {
    inner: R,
    decoder: Decoder,
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
    eof: bool,
    replacements: u64,
}

const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();

impl<R: BufRead> DecodeReader<R> {
    /// Decodes `inner` as `encoding`, dropping that encoding's BOM if the
    /// input starts with one.
    pub fn new(inner: R, encoding: &'static Encoding) -> DecodeReader<R> {
        DecodeReader {
            inner,
            decoder: encoding.new_decoder_with_bom_removal(),
            buf: vec![0; 32 * 1024].into_boxed_slice(),
            pos: 0,
            len: 0,
            eof: false,
            replacements: 0,
        }
    }

    /// Malformed byte sequences replaced with U+FFFD so far.
    pub fn replacements(&self) -> u64 {
        self.replacements
    }

    fn fill(&mut self) -> io::Result<()> {
        let src = self.inner.fill_buf()?;
        let last = src.is_empty();
        let mut read = 0;
        let mut written = 0;
        // Keep room for one U+FFFD after a malformed sequence.
        let cap = self.buf.len() - REPLACEMENT.len();
        loop {
            let (result, r, w) = self.decoder.decode_to_utf8_without_replacement(
                &src[read..],
                &mut self.buf[written..cap],
                last,
            );
            read += r;
            written += w;
            match result {
                DecoderResult::InputEmpty => {
                    self.eof = last;
                    break;
                }
                DecoderResult::OutputFull => break,
                DecoderResult::Malformed(_, _) => {
                    self.buf[written..written + REPLACEMENT.len()].copy_from_slice(REPLACEMENT);
                    written += REPLACEMENT.len();
                    self.replacements += 1;
                    if written + 8 > cap {
                        break;
                    }
                }
            }
        }
        self.inner.consume(read);
        self.pos = 0;
        self.len = written;
        Ok(())
    }
}

impl<R: BufRead> Read for DecodeReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.pos < self.len {
                let n = out.len().min(self.len - self.pos);
                out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
                self.pos += n;
                return Ok(n);
            }
            if self.eof || out.is_empty() {
                return Ok(0);
            }
            self.fill()?;
        }
    }
}

/// A file opened for reading as UTF-8, by either route.
pub(crate) enum Input {
    Raw(BufReader<File>),
    Decoded(DecodeReader<BufReader<File>>),
}

impl Input {
    pub(crate) fn open(path: &Path, decoding: Decoding) -> io::Result<Input> {
        let file = File::open(path)?;
        let mut reader = BufReader::with_capacity(64 * 1024, file);
        Ok(match decoding {
            Decoding::Utf8 { bom } => {
                io::copy(&mut (&mut reader).take(bom as u64), &mut io::sink())?;
                Input::Raw(reader)
            }
            Decoding::Decode(enc) => Input::Decoded(DecodeReader::new(reader, enc)),
        })
    }

    pub(crate) fn replacements(&self) -> u64 {
        match self {
            Input::Raw(_) => 0,
            Input::Decoded(d) => d.replacements(),
        }
    }
}

impl Read for Input {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        match self {
            Input::Raw(r) => r.read(out),
            Input::Decoded(d) => d.read(out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8], enc: &'static Encoding, chunk: usize) -> (String, u64) {
        // A tiny BufReader capacity forces characters to straddle chunks.
        let inner = BufReader::with_capacity(chunk, bytes);
        let mut r = DecodeReader::new(inner, enc);
        let mut out = String::new();
        r.read_to_string(&mut out).unwrap();
        (out, r.replacements())
    }

    #[test]
    fn gbk_decodes_across_chunk_boundaries() {
        let text = "工单编号,标题\n1001,无法登录\n";
        let (bytes, _, _) = GB18030.encode(text);
        for chunk in [1, 2, 3, 7, 4096] {
            assert_eq!(decode_all(&bytes, GB18030, chunk), (text.to_string(), 0));
        }
    }

    #[test]
    fn utf16_bom_is_removed_and_malformed_input_counted() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "a\tb\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode_all(&bytes, UTF_16LE, 3), ("a\tb\n".to_string(), 0));
        let (text, bad) = decode_all(b"ok \xFF\xFF end", UTF_8, 2);
        assert_eq!(text, "ok \u{FFFD}\u{FFFD} end");
        assert_eq!(bad, 2);
    }

    #[test]
    fn detection() {
        let d = detect("标题,id\n".as_bytes(), None).unwrap();
        assert_eq!(d.decoding, Decoding::Utf8 { bom: 0 });
        let d = detect(b"\xEF\xBB\xBFa,b", None).unwrap();
        assert_eq!(d.decoding, Decoding::Utf8 { bom: 3 });
        let d = detect(b"\xFF\xFEa\0", None).unwrap();
        assert_eq!(d.decoding, Decoding::Decode(UTF_16LE));
        let (gbk, _, _) = GB18030.encode("工单编号,标题,问题描述\n1,无法登录,密码错误\n");
        let d = detect(&gbk, None).unwrap();
        assert_eq!(d.decoding, Decoding::Decode(GB18030));
        assert!(d.note.unwrap().contains("GB18030"));
        // Windows-1252 "Müller, José" is neither UTF-8 nor GBK.
        let err = detect(b"name\nM\xFCller, Jos\xE9\n", None).unwrap_err();
        assert!(err.contains("--encoding"), "{err}");
        assert!(err.contains("line 2"), "{err}");
        let le: Vec<u8> = "id\ttitle\n1\tx\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(
            detect(&le, None).unwrap().decoding,
            Decoding::Decode(UTF_16LE)
        );
        // A label wins, but not over a BOM.
        let d = detect(b"\xEF\xBB\xBFa", encoding_for_label("utf8")).unwrap();
        assert_eq!((d.decoding, d.note), (Decoding::Utf8 { bom: 3 }, None));
        let d = detect(b"\xEF\xBB\xBFa", encoding_for_label("gbk")).unwrap();
        assert_eq!(d.decoding, Decoding::Utf8 { bom: 3 });
        assert!(d.note.unwrap().contains("wins over --encoding GBK"));
        let d = detect(b"\xC4\xE3", encoding_for_label("gbk")).unwrap();
        assert_eq!(d.decoding, Decoding::Decode(encoding_rs::GBK));
        assert!(encoding_for_label("no-such-thing").is_none());
        assert_eq!(encoding_for_label("GBK").unwrap().name(), "GBK");
    }
}
