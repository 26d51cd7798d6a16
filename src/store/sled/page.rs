//! Pages: the tickets with ids in one block of [`PAGE_IDS`] ids, each with
//! its audit log, in one compressed sled value.
//!
//! Value layout: a format byte, a compression byte (0 none, 1 zstd), the
//! length of the uncompressed body (varint), then the body: the number of
//! entries, then each entry as its id's offset in the block (one byte), a
//! kind byte and
//! - inline (0): the ticket record's length and bytes ([`super::codec`]),
//!   the number of events, and each event record's length and bytes; the
//!   events are the ticket's audit log in sequence order (an event's
//!   sequence number is its position, from 1);
//! - spilled (1): the number of chunks. An entry whose inline form is
//!   longer than [`SPILL_BYTES`] (a ticket with a huge body or a very long
//!   history) is kept in the `spill` tree as zstd-compressed chunks under
//!   id ++ chunk number, so no page grows past a few tens of kilobytes and
//!   sled never moves a node to a blob file.

use super::codec::Reader;

/// Ticket ids per page: pages 64 ids wide hold 10-40 KB before compression,
/// which compresses 3-5x (neighbouring tickets share channels, categories,
/// agents, templates) and keeps a sled leaf of 17 pages far below its blob
/// threshold.
pub const PAGE_IDS: u64 = 32;
/// Entries longer than this are spilled (see the module docs).
pub const SPILL_BYTES: usize = 24 * 1024;
/// Size of one spill chunk.
pub const CHUNK_BYTES: usize = 32 * 1024;
/// Bodies shorter than this are stored uncompressed.
const COMPRESS_FROM: usize = 200;
/// zstd level: 1 is the fastest; higher levels gain a few percent of size
/// for twice the time.
const LEVEL: i32 = 1;

const PAGE_FORMAT: u8 = 1;
const RAW: u8 = 0;
const ZSTD: u8 = 1;
const INLINE: u8 = 0;
const SPILLED: u8 = 1;

/// The first id of the page holding `id`.
pub fn page_start(id: u64) -> u64 {
    id - id % PAGE_IDS
}

pub fn page_key(start: u64) -> [u8; 8] {
    start.to_be_bytes()
}

pub fn key_start(key: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(key.try_into().ok()?))
}

/// The spill tree key of chunk `chunk` of ticket `id`.
pub fn chunk_key(id: u64, chunk: u32) -> [u8; 12] {
    let mut key = [0u8; 12];
    key[..8].copy_from_slice(&id.to_be_bytes());
    key[8..].copy_from_slice(&chunk.to_be_bytes());
    key
}

/// One ticket of a page: its record and its audit log, encoded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    pub id: u64,
    pub ticket: Vec<u8>,
    pub events: Vec<Vec<u8>>,
    /// Chunks this entry had in the spill tree when it was read (0: inline).
    pub spilled_chunks: u32,
}

impl Entry {
    /// Length of the inline form.
    fn inline_len(&self) -> usize {
        self.ticket.len() + 10 + self.events.iter().map(|e| e.len() + 3).sum::<usize>()
    }

    fn write_inline(&self, out: &mut Vec<u8>) {
        put_uint(out, self.ticket.len() as u64);
        out.extend_from_slice(&self.ticket);
        put_uint(out, self.events.len() as u64);
        for e in &self.events {
            put_uint(out, e.len() as u64);
            out.extend_from_slice(e);
        }
    }

    fn read_inline(id: u64, r: &mut Reader<'_>) -> Result<Entry, String> {
        let n = r.len()?;
        let ticket = r.bytes[r.pos..r.pos + n].to_vec();
        r.pos += n;
        let count = r.len()?;
        let mut events = Vec::with_capacity(count);
        for _ in 0..count {
            let n = r.len()?;
            events.push(r.bytes[r.pos..r.pos + n].to_vec());
            r.pos += n;
        }
        Ok(Entry {
            id,
            ticket,
            events,
            spilled_chunks: 0,
        })
    }
}

/// A write to the spill tree: a chunk to store, or to remove (`None`).
pub type SpillWrite = ([u8; 12], Option<Vec<u8>>);

/// The entries of one page, ascending id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page {
    pub start: u64,
    pub entries: Vec<Entry>,
}

impl Page {
    pub fn new(start: u64) -> Page {
        Page {
            start,
            entries: Vec::new(),
        }
    }

    pub fn entry(&self, id: u64) -> Option<&Entry> {
        self.entries
            .binary_search_by_key(&id, |e| e.id)
            .ok()
            .map(|i| &self.entries[i])
    }

    pub fn entry_mut(&mut self, id: u64) -> Option<&mut Entry> {
        match self.entries.binary_search_by_key(&id, |e| e.id) {
            Ok(i) => Some(&mut self.entries[i]),
            Err(_) => None,
        }
    }

    /// Puts `entry` in its place, replacing one with the same id.
    pub fn put(&mut self, entry: Entry) {
        match self.entries.binary_search_by_key(&entry.id, |e| e.id) {
            Ok(i) => {
                let spilled = self.entries[i].spilled_chunks;
                self.entries[i] = Entry {
                    spilled_chunks: spilled,
                    ..entry
                };
            }
            Err(i) => self.entries.insert(i, entry),
        }
    }

    /// Takes the entry out; its spill chunks (if any) are removed by
    /// [`Page::encode`] through `removed`.
    pub fn remove(&mut self, id: u64) -> Option<Entry> {
        match self.entries.binary_search_by_key(&id, |e| e.id) {
            Ok(i) => Some(self.entries.remove(i)),
            Err(_) => None,
        }
    }

    /// Decodes a stored page; spilled entries are read with `chunks`
    /// (ticket id, chunk count → the chunks in order).
    pub fn decode(
        start: u64,
        value: &[u8],
        chunks: &mut dyn FnMut(u64, u32) -> Result<Vec<Vec<u8>>, String>,
    ) -> Result<Page, String> {
        let body = unpack(value, PAGE_FORMAT, "page")?;
        let mut r = Reader::new(&body);
        let n = r.len()?;
        let mut entries = Vec::with_capacity(n);
        let mut last: Option<u64> = None;
        for _ in 0..n {
            let id = start + u64::from(r.byte()?);
            if id - start >= PAGE_IDS || last.is_some_and(|l| l >= id) {
                return Err(format!("page {start}: entry for id {id} out of place"));
            }
            last = Some(id);
            match r.byte()? {
                INLINE => entries.push(Entry::read_inline(id, &mut r)?),
                SPILLED => {
                    let count = r.u32()?;
                    let parts = chunks(id, count)?;
                    let mut packed = Vec::new();
                    for part in parts {
                        packed.extend_from_slice(&part);
                    }
                    let inline = decompress(&packed, "spilled ticket")?;
                    let mut inner = Reader::new(&inline);
                    let mut entry = Entry::read_inline(id, &mut inner)?;
                    inner.end()?;
                    entry.spilled_chunks = count;
                    entries.push(entry);
                }
                other => return Err(format!("page {start}: unknown entry kind {other}")),
            }
        }
        r.end()?;
        Ok(Page { start, entries })
    }

    /// Calls `f(id, ticket record)` for each inline entry of a stored page,
    /// without copying anything; returns the ids of spilled entries, which
    /// need [`Page::decode`].
    pub fn each_ticket(
        start: u64,
        value: &[u8],
        mut f: impl FnMut(u64, &[u8]),
    ) -> Result<Vec<u64>, String> {
        let body = unpack(value, PAGE_FORMAT, "page")?;
        let mut r = Reader::new(&body);
        let n = r.len()?;
        let mut spilled = Vec::new();
        for _ in 0..n {
            let id = start + u64::from(r.byte()?);
            match r.byte()? {
                INLINE => {
                    let len = r.len()?;
                    f(id, &body[r.pos..r.pos + len]);
                    r.pos += len;
                    let count = r.len()?;
                    for _ in 0..count {
                        let len = r.len()?;
                        r.pos += len;
                    }
                }
                SPILLED => {
                    r.u32()?;
                    spilled.push(id);
                }
                other => return Err(format!("page {start}: unknown entry kind {other}")),
            }
        }
        r.end()?;
        Ok(spilled)
    }

    /// The ids of the entries of a stored page, without decoding them
    /// (spilled ones included).
    pub fn ids(start: u64, value: &[u8]) -> Result<Vec<u64>, String> {
        let body = unpack(value, PAGE_FORMAT, "page")?;
        let mut r = Reader::new(&body);
        let n = r.len()?;
        let mut ids = Vec::with_capacity(n);
        for _ in 0..n {
            let id = start + u64::from(r.byte()?);
            match r.byte()? {
                INLINE => {
                    Entry::read_inline(id, &mut r)?;
                }
                SPILLED => {
                    r.u32()?;
                }
                other => return Err(format!("page {start}: unknown entry kind {other}")),
            }
            ids.push(id);
        }
        r.end()?;
        Ok(ids)
    }

    /// Encodes the page; spilled entries go to `spill` (chunks to write,
    /// and stale chunks to remove, for the same transaction). `removed`
    /// are entries taken out of the page since it was read.
    pub fn encode(&self, removed: &[Entry], spill: &mut Vec<SpillWrite>) -> Vec<u8> {
        let mut body =
            Vec::with_capacity(64 + self.entries.iter().map(Entry::inline_len).sum::<usize>());
        put_uint(&mut body, self.entries.len() as u64);
        for entry in &self.entries {
            body.push((entry.id - self.start) as u8);
            let stale_from = if entry.inline_len() > SPILL_BYTES {
                let mut inline = Vec::with_capacity(entry.inline_len());
                entry.write_inline(&mut inline);
                let packed = compress(&inline);
                let count = packed.len().div_ceil(CHUNK_BYTES) as u32;
                for (i, part) in packed.chunks(CHUNK_BYTES).enumerate() {
                    spill.push((chunk_key(entry.id, i as u32), Some(part.to_vec())));
                }
                body.push(SPILLED);
                put_uint(&mut body, u64::from(count));
                count
            } else {
                body.push(INLINE);
                entry.write_inline(&mut body);
                0
            };
            for chunk in stale_from..entry.spilled_chunks {
                spill.push((chunk_key(entry.id, chunk), None));
            }
        }
        for entry in removed {
            for chunk in 0..entry.spilled_chunks {
                spill.push((chunk_key(entry.id, chunk), None));
            }
        }
        pack(PAGE_FORMAT, &body)
    }
}

thread_local! {
    // A zstd context costs a few hundred kilobytes to set up: one per thread,
    // not one per value.
    static COMPRESSOR: std::cell::RefCell<zstd::bulk::Compressor<'static>> =
        std::cell::RefCell::new(zstd::bulk::Compressor::new(LEVEL).expect("a zstd context"));
    static DECOMPRESSOR: std::cell::RefCell<zstd::bulk::Decompressor<'static>> =
        std::cell::RefCell::new(zstd::bulk::Decompressor::new().expect("a zstd context"));
}

fn zstd_compress(body: &[u8]) -> Vec<u8> {
    COMPRESSOR.with(|c| {
        c.borrow_mut()
            .compress(body)
            .expect("zstd compresses any input")
    })
}

fn zstd_decompress(packed: &[u8], len: usize) -> std::io::Result<Vec<u8>> {
    DECOMPRESSOR.with(|d| d.borrow_mut().decompress(packed, len))
}

/// A value: format byte, compression byte, body length, body (compressed
/// when that pays).
pub fn pack(format: u8, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(12 + body.len() / 2);
    out.push(format);
    if body.len() >= COMPRESS_FROM {
        out.push(ZSTD);
        put_uint(&mut out, body.len() as u64);
        let packed = zstd_compress(body);
        if packed.len() < body.len() {
            out.extend_from_slice(&packed);
            return out;
        }
        out.truncate(1);
    }
    out.push(RAW);
    put_uint(&mut out, body.len() as u64);
    out.extend_from_slice(body);
    out
}

/// The body of a value written by [`pack`].
pub fn unpack(value: &[u8], format: u8, what: &str) -> Result<Vec<u8>, String> {
    unpack_any(value, format..=format, what).map(|(_, body)| body)
}

/// The format and body of a value written by [`pack`] in any of `formats`
/// (a reader that still understands the older ones).
pub fn unpack_any(
    value: &[u8],
    formats: std::ops::RangeInclusive<u8>,
    what: &str,
) -> Result<(u8, Vec<u8>), String> {
    let mut r = Reader::new(value);
    let found = r.byte()?;
    if !formats.contains(&found) {
        return Err(format!("unknown {what} format {found}"));
    }
    let codec = r.byte()?;
    let len = r.uint()?;
    let rest = &value[r.pos..];
    match codec {
        RAW if rest.len() as u64 == len => Ok((found, rest.to_vec())),
        RAW => Err(format!(
            "{what} body is {} bytes, header says {len}",
            rest.len()
        )),
        ZSTD => {
            // A damaged length must not make us allocate gigabytes: no body
            // compresses more than ~250x at level 1.
            let len = usize::try_from(len).map_err(|_| format!("{what} length {len} too large"))?;
            if len > rest.len().saturating_mul(300).max(1 << 16) {
                return Err(format!("{what} length {len} is implausible"));
            }
            let body = zstd_decompress(rest, len)
                .map_err(|e| format!("{what} does not decompress: {e}"))?;
            if body.len() != len {
                return Err(format!(
                    "{what} decompresses to {} bytes, header says {len}",
                    body.len()
                ));
            }
            Ok((found, body))
        }
        other => Err(format!("unknown {what} compression {other}")),
    }
}

fn compress(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() / 2 + 16);
    put_uint(&mut out, bytes.len() as u64);
    out.extend_from_slice(&zstd_compress(bytes));
    out
}

fn decompress(bytes: &[u8], what: &str) -> Result<Vec<u8>, String> {
    let mut r = Reader::new(bytes);
    let len = r.uint()?;
    let len = usize::try_from(len).map_err(|_| format!("{what} length {len} too large"))?;
    if len > (bytes.len() - r.pos).saturating_mul(300).max(1 << 16) {
        return Err(format!("{what} length {len} is implausible"));
    }
    zstd_decompress(&bytes[r.pos..], len).map_err(|e| format!("{what} does not decompress: {e}"))
}

pub fn put_uint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: u64, ticket_len: usize, events: usize) -> Entry {
        Entry {
            id,
            ticket: (0..ticket_len)
                .map(|i| (i * 7 + id as usize) as u8)
                .collect(),
            events: (0..events).map(|i| vec![i as u8; 20]).collect(),
            spilled_chunks: 0,
        }
    }

    fn no_chunks(_: u64, _: u32) -> Result<Vec<Vec<u8>>, String> {
        Err("no spill expected".into())
    }

    #[test]
    fn pages_round_trip_and_compress() {
        let last = 128 + PAGE_IDS - 1;
        let mut page = Page::new(128);
        for id in [130, 129, last, 128] {
            page.put(entry(id, 300, 4));
        }
        assert_eq!(
            page.entries.iter().map(|e| e.id).collect::<Vec<_>>(),
            [128, 129, 130, last]
        );
        let mut spill = Vec::new();
        let value = page.encode(&[], &mut spill);
        assert!(spill.is_empty());
        assert!(value.len() < 4 * 300, "{} bytes", value.len());
        assert_eq!(Page::decode(128, &value, &mut no_chunks).unwrap(), page);
        assert_eq!(Page::ids(128, &value).unwrap(), [128, 129, 130, last]);
    }

    #[test]
    fn a_huge_entry_spills_into_chunks_and_comes_back() {
        let mut page = Page::new(0);
        page.put(entry(1, 10, 1));
        // Incompressible bytes, so the chunks are really several.
        let mut x: u64 = 88172645463325252;
        let noise: Vec<u8> = (0..100_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        page.put(Entry {
            id: 2,
            ticket: noise,
            events: vec![vec![1; 10]],
            spilled_chunks: 0,
        });
        let mut spill = Vec::new();
        let value = page.encode(&[], &mut spill);
        assert!(value.len() < 1000, "the page keeps a stub only");
        assert!(spill.len() >= 4, "{} chunks", spill.len());
        let store: std::collections::BTreeMap<[u8; 12], Vec<u8>> = spill
            .iter()
            .map(|(k, v)| (*k, v.clone().unwrap()))
            .collect();
        let mut read = |id: u64, count: u32| {
            (0..count)
                .map(|c| {
                    store
                        .get(&chunk_key(id, c))
                        .cloned()
                        .ok_or("missing".to_string())
                })
                .collect()
        };
        let back = Page::decode(0, &value, &mut read).unwrap();
        assert_eq!(back.entries[1].ticket, page.entries[1].ticket);
        assert_eq!(back.entries[1].spilled_chunks as usize, spill.len());
        assert_eq!(Page::ids(0, &value).unwrap(), [1, 2]);

        // Shrunk back under the limit: every chunk is removed.
        let mut small = back.clone();
        small.entries[1].ticket.truncate(10);
        let mut spill2 = Vec::new();
        small.encode(&[], &mut spill2);
        assert_eq!(spill2.len(), spill.len());
        assert!(spill2.iter().all(|(_, v)| v.is_none()));
    }

    #[test]
    fn damaged_pages_are_errors_not_panics() {
        let mut page = Page::new(0);
        for id in 1..20 {
            page.put(entry(id, 200, 3));
        }
        let value = page.encode(&[], &mut Vec::new());
        for cut in 0..value.len() {
            assert!(
                Page::decode(0, &value[..cut], &mut no_chunks).is_err(),
                "cut at {cut}"
            );
        }
        let mut bad = value.clone();
        bad[2] = 0xff; // an absurd length
        assert!(Page::decode(0, &bad, &mut no_chunks).is_err());
    }
}
