//! Step 2 of the hash map: step 1 plus `remove`. A removed key keeps its
//! key slot; its value slot holds [`TOMBSTONE`] until the key is inserted
//! again. Key slots are never reused, so a table that sees many distinct
//! keys fills up with dead ones and needs a bigger table (growth), which
//! this step does not do.

pub use crate::map_step1_insert_get::TableFull;
use crate::map_step1_insert_get::home;
use crate::sync::{AtomicU64, Ordering};

// ANCHOR: tombstone
/// The value a removed key's value slot holds. Reserved: values must be
/// below it (and nonzero).
pub const TOMBSTONE: u64 = u64::MAX;

/// `0` (the key's first insert has not stored its value yet) and
/// [`TOMBSTONE`] (removed) both mean "not in the map".
fn present(value: u64) -> Option<u64> {
    match value {
        0 | TOMBSTONE => None,
        value => Some(value),
    }
}
// ANCHOR_END: tombstone

/// A slot of the table, as in step 1.
#[derive(Debug)]
struct Slot {
    key: AtomicU64,
    value: AtomicU64,
}

/// A lock-free map from nonzero `u64` keys to `u64` values in
/// `1..u64::MAX`, with a fixed number of slots (a power of two).
#[derive(Debug)]
pub struct Map {
    slots: Box<[Slot]>,
    mask: usize,
}

impl Map {
    /// A map with room for `capacity` distinct keys over its lifetime:
    /// removing a key does not give its slot back.
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

    /// How many distinct keys the map can hold over its lifetime.
    pub fn capacity(&self) -> usize {
        self.mask + 1
    }

    // ANCHOR: insert
    /// Maps `key` to `value` and returns the value it replaced, or
    /// `Err(TableFull)` if `key` has no slot and every slot is taken, by
    /// live keys or dead ones. Orderings as in step 1.
    ///
    /// # Panics
    ///
    /// If `key` is 0, or `value` is 0 or [`TOMBSTONE`].
    pub fn insert(
        &self,
        key: u64,
        value: u64,
    ) -> Result<Option<u64>, TableFull> {
        assert_ne!(key, 0, "Map::insert: the key 0 is reserved (empty slot)");
        assert!(
            value != 0 && value != TOMBSTONE,
            "Map::insert: the values 0 and u64::MAX are reserved \
             (no value, removed); got {value}"
        );
        let mut index = home(key, self.mask);
        for _ in 0..self.slots.len() {
            let slot = &self.slots[index];
            let mut owner = slot.key.load(Ordering::Relaxed);
            if owner == 0 {
                owner = claim(slot, key);
            }
            if owner == key {
                // Also revives a removed key: TOMBSTONE -> value.
                let previous = slot.value.swap(value, Ordering::AcqRel);
                return Ok(present(previous));
            }
            index = (index + 1) & self.mask;
        }
        Err(TableFull)
    }
    // ANCHOR_END: insert

    /// The value `key` maps to, if any. Orderings as in step 1.
    ///
    /// # Panics
    ///
    /// If `key` is 0.
    pub fn get(&self, key: u64) -> Option<u64> {
        assert_ne!(key, 0, "Map::get: the key 0 is reserved (empty slot)");
        let slot = self.find(key)?;
        present(slot.value.load(Ordering::Acquire))
    }

    // ANCHOR: remove
    /// Removes `key` and returns the value it mapped to, if any.
    ///
    /// Acquire: the `insert` that stored the returned value happens before
    /// the rest of this thread's work, as after a `get`.
    ///
    /// # Panics
    ///
    /// If `key` is 0.
    pub fn remove(&self, key: u64) -> Option<u64> {
        assert_ne!(key, 0, "Map::remove: the key 0 is reserved (empty slot)");
        let slot = self.find(key)?;
        // Acquire: pairs with the Release half of the insert's swap, so
        // the caller may use what the returned value stands for. No
        // Release: a TOMBSTONE carries nothing for its reader. Swapping
        // over a 0 (a first insert that has claimed the slot but not
        // stored yet) is harmless: that insert's swap then reads the
        // TOMBSTONE and returns None, as if it came after this remove.
        present(slot.value.swap(TOMBSTONE, Ordering::Acquire))
    }
    // ANCHOR_END: remove

    // ANCHOR: find
    /// The slot `key` owns, or `None` if the probe for it reaches an
    /// unclaimed slot first (or visits every slot).
    fn find(&self, key: u64) -> Option<&Slot> {
        let mut index = home(key, self.mask);
        for _ in 0..self.slots.len() {
            let slot = &self.slots[index];
            // Relaxed: see `claim` in step 1.
            match slot.key.load(Ordering::Relaxed) {
                owner if owner == key => return Some(slot),
                0 => return None,
                _ => index = (index + 1) & self.mask,
            }
        }
        None
    }
    // ANCHOR_END: find
}

/// As `claim` in step 1: Relaxed, because a key slot is written once.
fn claim(slot: &Slot, key: u64) -> u64 {
    match slot.key.compare_exchange(
        0,
        key,
        Ordering::Relaxed,
        Ordering::Relaxed,
    ) {
        Ok(_) => key,
        Err(winner) => winner,
    }
}
