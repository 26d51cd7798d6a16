//! Index runs: a sorted map of byte keys to small byte values kept as runs
//! of consecutive entries, one sled value per run, keyed by the run's first
//! key. One lookup is one sled read (the run whose key is the greatest at or
//! below the wanted key) and a scan of a few kilobytes; a batch of changes
//! rewrites each run it touches once.
//!
//! A run is a format byte, the entry count, then each entry front-coded:
//! the length it shares with the previous key, the rest of the key, and the
//! value (lengths as varints). Index keys that end in a big-endian ticket
//! id share all but a byte or two with their neighbour.

use std::ops::Bound;

use super::codec::Reader;
use super::page::put_uint;

/// Runs are split when they grow past twice this many bytes.
pub const RUN_TARGET: usize = 4096;
const RUN_FORMAT: u8 = 1;

/// Key → value entries of one run, ascending.
pub type Entries = Vec<(Vec<u8>, Vec<u8>)>;

/// A sled write: a key and its new value, or `None` to remove it.
pub type Write = (Vec<u8>, Option<Vec<u8>>);

/// Why a run could not be read or written.
#[derive(Debug)]
pub enum RunError {
    Sled(sled::Error),
    Corrupt(String),
}

impl From<sled::Error> for RunError {
    fn from(e: sled::Error) -> Self {
        RunError::Sled(e)
    }
}

impl From<String> for RunError {
    fn from(e: String) -> Self {
        RunError::Corrupt(e)
    }
}

type Result<T> = std::result::Result<T, RunError>;

pub fn encode(entries: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + entries.len() * 8);
    out.push(RUN_FORMAT);
    put_uint(&mut out, entries.len() as u64);
    let mut prev: &[u8] = &[];
    for (key, value) in entries {
        let shared = prev
            .iter()
            .zip(key.iter())
            .take_while(|(a, b)| a == b)
            .count();
        put_uint(&mut out, shared as u64);
        put_uint(&mut out, (key.len() - shared) as u64);
        out.extend_from_slice(&key[shared..]);
        put_uint(&mut out, value.len() as u64);
        out.extend_from_slice(value);
        prev = key;
    }
    out
}

/// Calls `f(key, value)` for each entry of an encoded run, in order, until
/// `f` returns `false`.
pub fn each(
    bytes: &[u8],
    mut f: impl FnMut(&[u8], &[u8]) -> bool,
) -> std::result::Result<(), String> {
    let mut r = Reader::new(bytes);
    match r.byte()? {
        RUN_FORMAT => {}
        other => return Err(format!("unknown index run format {other}")),
    }
    let n = r.len()?;
    let mut key: Vec<u8> = Vec::with_capacity(64);
    for _ in 0..n {
        let shared = r.uint()? as usize;
        if shared > key.len() {
            return Err(format!(
                "index run entry shares {shared} bytes of a {}-byte key",
                key.len()
            ));
        }
        key.truncate(shared);
        let rest = r.len()?;
        key.extend_from_slice(&r.bytes[r.pos..r.pos + rest]);
        r.pos += rest;
        let vlen = r.len()?;
        let value = &r.bytes[r.pos..r.pos + vlen];
        r.pos += vlen;
        if !f(&key, value) {
            return Ok(());
        }
    }
    r.end()
}

pub fn decode(bytes: &[u8]) -> std::result::Result<Entries, String> {
    let mut out = Vec::new();
    each(bytes, |k, v| {
        out.push((k.to_vec(), v.to_vec()));
        true
    })?;
    Ok(out)
}

/// The run that holds `key` if it is anywhere: the one with the greatest
/// first key at or below it.
fn run_at(tree: &sled::Tree, key: &[u8]) -> Result<Option<(sled::IVec, sled::IVec)>> {
    Ok(tree.range(..=key).next_back().transpose()?)
}

/// The value of `key`.
pub fn get(tree: &sled::Tree, key: &[u8]) -> Result<Option<Vec<u8>>> {
    let Some((_, run)) = run_at(tree, key)? else {
        return Ok(None);
    };
    let mut found = None;
    each(&run, |k, v| match k.cmp(key) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Equal => {
            found = Some(v.to_vec());
            false
        }
        std::cmp::Ordering::Greater => false,
    })?;
    Ok(found)
}

/// The values of many keys: each run that holds some of them is read once.
pub fn get_many(tree: &sled::Tree, keys: &[&[u8]]) -> Result<Vec<Option<Vec<u8>>>> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| keys[a].cmp(keys[b]));
    let mut out = vec![None; keys.len()];
    // The run in hand: its entries and the first key of the run after it.
    let mut entries: Entries = Vec::new();
    let mut covers: Option<(Vec<u8>, Option<Vec<u8>>)> = None;
    for i in order {
        let key = keys[i];
        let inside = covers.as_ref().is_some_and(|(lo, hi)| {
            key >= lo.as_slice() && hi.as_ref().is_none_or(|h| key < h.as_slice())
        });
        if !inside {
            match run_at(tree, key)? {
                None => {
                    entries.clear();
                    covers = None;
                    continue;
                }
                Some((run_key, run)) => {
                    entries = decode(&run)?;
                    let next = tree
                        .range::<&[u8], _>((Bound::Excluded(run_key.as_ref()), Bound::Unbounded))
                        .next()
                        .transpose()?
                        .map(|(k, _)| k.to_vec());
                    covers = Some((run_key.to_vec(), next));
                }
            }
        }
        if let Ok(at) = entries.binary_search_by(|(k, _)| k.as_slice().cmp(key)) {
            out[i] = Some(entries[at].1.clone());
        }
    }
    Ok(out)
}

/// Every entry whose key starts with `prefix`, ascending.
pub fn scan_prefix(tree: &sled::Tree, prefix: &[u8]) -> Result<Entries> {
    let mut out = Vec::new();
    let start: Vec<u8> = match run_at(tree, prefix)? {
        Some((k, _)) => k.to_vec(),
        None => prefix.to_vec(),
    };
    for run in tree.range(start..) {
        let (run_key, run) = run?;
        if run_key.as_ref() > prefix && !run_key.starts_with(prefix) {
            break;
        }
        let mut past = false;
        each(&run, |k, v| {
            if k.starts_with(prefix) {
                out.push((k.to_vec(), v.to_vec()));
            } else if k > prefix {
                past = true;
                return false;
            }
            true
        })?;
        if past {
            break;
        }
    }
    Ok(out)
}

/// Calls `f` with every entry of the tree, ascending.
pub fn for_each(tree: &sled::Tree, mut f: impl FnMut(&[u8], &[u8])) -> Result<()> {
    for run in tree.iter() {
        let (_, run) = run?;
        each(&run, |k, v| {
            f(k, v);
            true
        })?;
    }
    Ok(())
}

/// How [`plan`] treats an insert of a key that is already there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Merge {
    /// The new value replaces it; for a key given twice the last op wins.
    Replace,
    /// The stored value stays; for a key given twice the first op wins.
    KeepExisting,
}

/// The sled writes that apply `ops` (key → `Some(value)` to insert,
/// `None` to remove). Each run the operations touch is read once and
/// written once, split when it has grown past twice [`RUN_TARGET`]; a run
/// left empty is removed.
pub fn plan(
    tree: &sled::Tree,
    mut ops: Vec<(Vec<u8>, Option<Vec<u8>>)>,
    merge: Merge,
) -> Result<Vec<Write>> {
    // Sorted by key; of equal keys the one that wins is kept.
    ops.sort_by(|a, b| a.0.cmp(&b.0));
    match merge {
        Merge::Replace => {
            ops.reverse();
            ops.dedup_by(|later, kept| later.0 == kept.0);
            ops.reverse();
        }
        Merge::KeepExisting => ops.dedup_by(|later, kept| later.0 == kept.0),
    }
    let mut writes: Vec<Write> = Vec::new();
    let mut rest: &mut [(Vec<u8>, Option<Vec<u8>>)] = &mut ops;
    while let Some((first_key, _)) = rest.first() {
        // The run this key falls in, or the first run for a key before
        // every run, or none in an empty tree.
        let (run_key, run) = match run_at(tree, first_key)? {
            Some((k, v)) => (Some(k.to_vec()), Some(v)),
            None => match tree.first()? {
                Some((k, v)) => (Some(k.to_vec()), Some(v)),
                None => (None, None),
            },
        };
        let next_run: Option<Vec<u8>> = match &run_key {
            Some(k) => tree
                .range::<&[u8], _>((Bound::Excluded(k.as_slice()), Bound::Unbounded))
                .next()
                .transpose()?
                .map(|(k, _)| k.to_vec()),
            None => None,
        };
        let take = match &next_run {
            Some(n) => rest.partition_point(|(k, _)| k < n),
            None => rest.len(),
        };
        let (mine, others) = std::mem::take(&mut rest).split_at_mut(take);
        rest = others;
        let stored = match &run {
            Some(bytes) => decode(bytes)?,
            None => Vec::new(),
        };
        let merged = merge_sorted(stored, mine, merge);
        if let Some(k) = run_key {
            writes.push((k, None));
        }
        for piece in split(merged) {
            let key = piece[0].0.clone();
            // The run's own key comes back: overwrite instead of remove + insert.
            if writes.last().is_some_and(|(k, v)| *k == key && v.is_none()) {
                writes.pop();
            }
            writes.push((key, Some(encode(&piece))));
        }
    }
    Ok(writes)
}

/// Merges sorted, deduplicated operations into a run's sorted entries.
fn merge_sorted(stored: Entries, ops: &mut [(Vec<u8>, Option<Vec<u8>>)], merge: Merge) -> Entries {
    let mut out = Vec::with_capacity(stored.len() + ops.len());
    let mut stored = stored.into_iter().peekable();
    for (key, op) in ops.iter_mut() {
        while let Some(entry) = stored.next_if(|(k, _)| k < key) {
            out.push(entry);
        }
        let existing = stored.next_if(|(k, _)| k == key);
        match (existing, op.take(), merge) {
            (Some(old), Some(_), Merge::KeepExisting) => out.push(old),
            (_, Some(value), _) => out.push((std::mem::take(key), value)),
            (_, None, _) => {}
        }
    }
    out.extend(stored);
    out
}

/// Cuts entries into runs of about [`RUN_TARGET`] bytes when they are more
/// than twice that; an empty list gives no run.
fn split(entries: Entries) -> Vec<Entries> {
    let size = |e: &(Vec<u8>, Vec<u8>)| e.0.len() / 4 + e.1.len() + 3;
    let total: usize = entries.iter().map(size).sum();
    if entries.is_empty() {
        return Vec::new();
    }
    if total <= 2 * RUN_TARGET {
        return vec![entries];
    }
    let mut out = Vec::new();
    let mut current = Vec::new();
    let mut bytes = 0;
    for e in entries {
        bytes += size(&e);
        current.push(e);
        if bytes >= RUN_TARGET {
            out.push(std::mem::take(&mut current));
            bytes = 0;
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(tree: &sled::Tree, writes: Vec<Write>) {
        for (k, v) in writes {
            match v {
                Some(v) => tree.insert(k, v).unwrap(),
                None => tree.remove(k).unwrap(),
            };
        }
    }

    fn all(tree: &sled::Tree) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut out = Vec::new();
        for_each(tree, |k, v| out.push((k.to_vec(), v.to_vec()))).unwrap();
        out
    }

    fn key(i: u32) -> Vec<u8> {
        format!("src\0T{i:07}").into_bytes()
    }

    #[test]
    fn runs_round_trip_front_coded() {
        let entries: Entries = (0..100).map(|i| (key(i), vec![i as u8])).collect();
        let bytes = encode(&entries);
        assert!(bytes.len() < 100 * 6, "{} bytes", bytes.len());
        assert_eq!(decode(&bytes).unwrap(), entries);
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
    }

    use std::collections::BTreeMap;

    #[test]
    fn a_map_of_runs_agrees_with_a_btreemap() {
        let db = sled::Config::new().temporary(true).open().unwrap();
        let tree = db.open_tree("ix").unwrap();
        let mut model: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
        let mut x: u64 = 7;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for round in 0..40 {
            let mut ops = Vec::new();
            for _ in 0..(50 + round * 20) {
                let k = key((next() % 3000) as u32);
                if next() % 4 == 0 {
                    model.remove(&k);
                    ops.push((k, None));
                } else {
                    let v = vec![(next() % 256) as u8; (next() % 5) as usize];
                    model.insert(k.clone(), v.clone());
                    ops.push((k, Some(v)));
                }
            }
            apply(&tree, plan(&tree, ops, Merge::Replace).unwrap());
            assert_eq!(all(&tree), model.clone().into_iter().collect::<Vec<_>>());
        }
        for (k, v) in &model {
            assert_eq!(get(&tree, k).unwrap().as_ref(), Some(v));
        }
        assert_eq!(get(&tree, b"a").unwrap(), None);
        let probe: Vec<Vec<u8>> = (0..3100).step_by(7).map(key).collect();
        let refs: Vec<&[u8]> = probe.iter().rev().map(|k| k.as_slice()).collect();
        let many = get_many(&tree, &refs).unwrap();
        for (k, v) in refs.iter().zip(many) {
            assert_eq!(v.as_ref(), model.get(*k), "{k:?}");
        }
        assert_eq!(get(&tree, b"zzz").unwrap(), None);
        let prefix = b"src\0T00001";
        let want: Vec<_> = model
            .iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        assert_eq!(scan_prefix(&tree, prefix).unwrap(), want);
        assert!(tree.len() > 3, "{} runs", tree.len());
        for run in tree.iter() {
            let (_, v) = run.unwrap();
            assert!(v.len() < 4 * RUN_TARGET, "run of {} bytes", v.len());
        }
    }

    #[test]
    fn keep_existing_keeps_the_first_writer() {
        let db = sled::Config::new().temporary(true).open().unwrap();
        let tree = db.open_tree("ix").unwrap();
        let ops = vec![(key(1), Some(vec![1])), (key(1), Some(vec![2]))];
        apply(&tree, plan(&tree, ops, Merge::KeepExisting).unwrap());
        assert_eq!(get(&tree, &key(1)).unwrap(), Some(vec![1]));
        let ops = vec![(key(1), Some(vec![3])), (key(2), Some(vec![4]))];
        apply(&tree, plan(&tree, ops, Merge::KeepExisting).unwrap());
        assert_eq!(get(&tree, &key(1)).unwrap(), Some(vec![1]));
        assert_eq!(get(&tree, &key(2)).unwrap(), Some(vec![4]));
    }

    #[test]
    fn removing_everything_leaves_no_runs() {
        let db = sled::Config::new().temporary(true).open().unwrap();
        let tree = db.open_tree("ix").unwrap();
        let ops: Vec<_> = (0..5000).map(|i| (key(i), Some(vec![]))).collect();
        apply(&tree, plan(&tree, ops, Merge::Replace).unwrap());
        assert!(tree.len() > 1);
        let ops: Vec<_> = (0..5000).map(|i| (key(i), None)).collect();
        apply(&tree, plan(&tree, ops, Merge::Replace).unwrap());
        assert_eq!(tree.len(), 0);
    }
}
