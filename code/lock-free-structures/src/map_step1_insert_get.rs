//! Step 1 of the hash map: a fixed-capacity `u64 -> u64` map with open
//! addressing and linear probing, `insert` and `get` only. Every slot is
//! two atomics, a key and a value; `0` in either means "empty". A key slot
//! goes from `0` to a key once, by compare-exchange, and never changes
//! again; the value next to it is then stored and overwritten freely.

use crate::sync::{AtomicU64, Ordering};
use std::fmt;

// ANCHOR: home
/// Mixes `key` into 64 bits whose low *and* high bits depend on every bit
/// of the key: a multiply by 2^64 divided by the golden ratio (Knuth's
/// multiplicative hashing) moves low bits up, and the xor of the top half
/// into the bottom half brings them back down. One multiply, one shift,
/// one xor: cheap, and good enough for a course. It is not a defence
/// against keys chosen by an attacker (SipHash, std's default, is).
pub fn mix(key: u64) -> u64 {
    let product = key.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    product ^ (product >> 32)
}

/// The slot where the probe for `key` starts in a table of `mask + 1`
/// slots (a power of two, so `& mask` is `% capacity`).
pub fn home(key: u64, mask: usize) -> usize {
    // Truncating to usize keeps the low bits, which `mix` has mixed.
    mix(key) as usize & mask
}
// ANCHOR_END: home

/// `insert` found no free slot for a new key: every key slot is claimed.
/// The map has a fixed capacity and does not grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableFull;

impl fmt::Display for TableFull {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the hash map is full: every key slot is claimed")
    }
}

impl std::error::Error for TableFull {}

// ANCHOR: types
/// A slot of the table. `key == 0`: nobody has claimed it. `key != 0`:
/// it belongs to that key for ever; `value == 0` then means the key's
/// first insert has claimed the slot but not yet stored its value.
#[derive(Debug)]
struct Slot {
    key: AtomicU64,
    value: AtomicU64,
}

/// A lock-free map from nonzero `u64` keys to nonzero `u64` values, with a
/// fixed number of slots (a power of two) that never grows.
///
/// Values are published with Release and read with Acquire. The map's own
/// consistency needs only `Relaxed` (every key and value is one atomic);
/// the pair is there for the caller, whose value usually names data
/// written before the insert.
#[derive(Debug)]
pub struct Map {
    slots: Box<[Slot]>,
    mask: usize,
}
// ANCHOR_END: types

impl Map {
    /// A map with room for `capacity` keys.
    ///
    /// # Panics
    ///
    /// If `capacity` is not a power of two (1, 2, 4, ...).
    pub fn new(capacity: usize) -> Self {
        assert!(
            capacity.is_power_of_two(),
            "Map::new: the capacity must be a power of two, not {capacity}"
        );
        let slots = (0..capacity)
            .map(|_| Slot {
                key: AtomicU64::new(0),
                value: AtomicU64::new(0),
            })
            .collect();
        Self {
            slots,
            mask: capacity - 1,
        }
    }

    /// How many keys the map can hold.
    pub fn capacity(&self) -> usize {
        self.mask + 1
    }

    // ANCHOR: insert
    /// Maps `key` to `value` and returns the value it replaced, or
    /// `Err(TableFull)` if `key` is new and every slot is taken.
    ///
    /// Release: whatever this thread wrote before `insert` happens before
    /// whatever a thread does after a `get` (or an `insert`) that returns
    /// this `value`.
    ///
    /// # Panics
    ///
    /// If `key` or `value` is 0 (0 marks an empty slot).
    pub fn insert(
        &self,
        key: u64,
        value: u64,
    ) -> Result<Option<u64>, TableFull> {
        assert_ne!(key, 0, "Map::insert: the key 0 is reserved (empty slot)");
        assert_ne!(value, 0, "Map::insert: the value 0 is reserved (no value)");
        let mut index = home(key, self.mask);
        // At most one visit per slot: a full table ends the loop.
        for _ in 0..self.slots.len() {
            let slot = &self.slots[index];
            // Relaxed: the key is the only thing its claimer wrote, and it
            // is in the slot itself (see `claim`).
            let mut owner = slot.key.load(Ordering::Relaxed);
            if owner == 0 {
                owner = claim(slot, key);
            }
            if owner == key {
                // Release: publishes this thread's earlier writes to the
                // thread that reads `value`. Acquire: the value we replace
                // comes with its inserter's writes, as a `get` would.
                let previous = slot.value.swap(value, Ordering::AcqRel);
                return Ok(if previous == 0 { None } else { Some(previous) });
            }
            // Another key owns this slot for ever: probe the next one.
            index = (index + 1) & self.mask;
        }
        Err(TableFull)
    }
    // ANCHOR_END: insert

    // ANCHOR: get
    /// The value `key` maps to, if any.
    ///
    /// Acquire: the `insert` that stored the returned value happens before
    /// the rest of this thread's work.
    ///
    /// # Panics
    ///
    /// If `key` is 0.
    pub fn get(&self, key: u64) -> Option<u64> {
        assert_ne!(key, 0, "Map::get: the key 0 is reserved (empty slot)");
        let mut index = home(key, self.mask);
        for _ in 0..self.slots.len() {
            let slot = &self.slots[index];
            // Relaxed: see `insert`.
            let owner = slot.key.load(Ordering::Relaxed);
            if owner == key {
                // Acquire: pairs with the Release half of the `swap` in
                // `insert` that stored the value we read. 0: the key is
                // claimed but its first value is not stored yet, which is
                // "not in the map" (the insert has not taken effect).
                let value = slot.value.load(Ordering::Acquire);
                return if value == 0 { None } else { Some(value) };
            }
            if owner == 0 {
                // An insert of `key` would have claimed this slot or one
                // before it: the key is not in the map.
                return None;
            }
            index = (index + 1) & self.mask;
        }
        None
    }
    // ANCHOR_END: get
}

// ANCHOR: claim
/// Tries to claim an empty `slot` for `key`; returns the key that owns the
/// slot afterwards: `key` if we won, the winner's key if we lost.
///
/// Relaxed, success and failure: a key slot is written once, so any
/// nonzero value read from it is its final value, and a compare-exchange
/// always reads the latest value in the slot's modification order. Two
/// inserters of the same key therefore agree on its slot, and no thread
/// needs anything the claimer wrote *before* the claim: the value it
/// publishes has its own Release/Acquire pair.
fn claim(slot: &Slot, key: u64) -> u64 {
    match slot.key.compare_exchange(
        0,
        key,
        Ordering::Relaxed,
        Ordering::Relaxed,
    ) {
        Ok(_) => key,
        // Lost: another thread claimed the slot first, and it made
        // progress. `winner` may be `key` itself (a concurrent insert of
        // the same key), and then the slot is ours to share.
        Err(winner) => winner,
    }
}
// ANCHOR_END: claim
