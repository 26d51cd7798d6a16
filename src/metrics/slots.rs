//! Group and agent labels as small integers while a pass runs.
//!
//! The summaries share each label's text ([`crate::summary::Label`]), so a
//! label is recognised by its address: one integer hash per ticket instead
//! of hashing (and comparing) its text. Texts reached through different
//! addresses (each decoding worker shares its own copies, and summaries
//! rebuilt for `--as-of` share none) still get one slot per text, so a slot
//! stands for exactly one name.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Addresses already seen, at most this many: beyond it (labels that are
/// not shared) a text is found by its name alone.
const MAX_ADDRESSES: usize = 1 << 12;

/// Hashes an address and length: the multiply-rotate of FxHash, enough
/// for keys that are already unique integers.
#[derive(Default)]
pub(crate) struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

type ByAddress = HashMap<(usize, usize), usize, BuildHasherDefault<AddressHasher>>;

/// Names to slots `0, 1, ...`, one slot per distinct text.
#[derive(Default)]
pub(crate) struct Slots<'a> {
    /// The last address looked up and its slot: a ticket's assignee is
    /// usually also the agent of its assignments and holdings.
    last: Option<((usize, usize), usize)>,
    by_address: ByAddress,
    by_name: HashMap<&'a str, usize>,
    names: Vec<&'a str>,
}

impl<'a> Slots<'a> {
    /// The slot of `name`, new if the text was not seen before.
    pub(crate) fn slot(&mut self, name: &'a str) -> usize {
        let address = (name.as_ptr() as usize, name.len());
        match self.last {
            Some((last, slot)) if last == address => return slot,
            _ => {}
        }
        let slot = self.find(name, address);
        self.last = Some((address, slot));
        slot
    }

    fn find(&mut self, name: &'a str, address: (usize, usize)) -> usize {
        if let Some(&slot) = self.by_address.get(&address) {
            return slot;
        }
        let next = self.names.len();
        let slot = *self.by_name.entry(name).or_insert(next);
        if slot == next {
            self.names.push(name);
        }
        if self.by_address.len() < MAX_ADDRESSES {
            self.by_address.insert(address, slot);
        }
        slot
    }

    pub(crate) fn name(&self, slot: usize) -> &'a str {
        self.names[slot]
    }
}

/// Values indexed by slot, grown on demand.
pub(crate) fn at<T: Default>(values: &mut Vec<T>, slot: usize) -> &mut T {
    if slot >= values.len() {
        values.resize_with(slot + 1, T::default);
    }
    &mut values[slot]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn one_slot_per_text_whatever_the_address() {
        let a: Arc<str> = Arc::from("ann");
        let b: Arc<str> = Arc::from("ann");
        let c: Arc<str> = Arc::from("bob");
        let mut slots = Slots::default();
        assert_eq!(slots.slot(&a), 0);
        assert_eq!(slots.slot(&c), 1);
        assert_eq!(slots.slot(&b), 0, "same text elsewhere in memory");
        assert_eq!(slots.slot(&a), 0);
        assert_eq!(slots.slot("ann"), 0);
        assert_eq!(slots.name(1), "bob");
        // A prefix at the same address is another text.
        assert_eq!(slots.slot(&a[..2]), 2);
    }
}
