//! Step 3 of the hash map: step 2 plus growth. A table that is too full
//! gets a `next` table twice its size; every slot of the old table is then
//! *frozen* (its value gets the [`FROZEN`] bit, after which no write to it
//! succeeds) and its live value copied into the next table. Threads that
//! meet a frozen slot copy it themselves before they go on to the next
//! table, and writers also help with the rest of the copy, chunk by chunk.
//! Old tables are kept until the map is dropped.

use crate::map_step1_insert_get::home;
use crate::sync::{AtomicPtr, AtomicU64, AtomicUsize, Ordering, spin_hint};
use std::ptr;

// ANCHOR: states
/// The bit a copy sets in a value slot: "this slot is closed; the key's
/// value now lives in the next table". Set once, never cleared.
pub const FROZEN: u64 = 1 << 63;

/// A removed key's value, as in step 2 but below [`FROZEN`]. Values must
/// be in `1..TOMBSTONE`, so that `value | FROZEN` never loses a bit.
pub const TOMBSTONE: u64 = FROZEN - 1;

/// The value a slot holds for its key, with the [`FROZEN`] bit cleared:
/// `0` (not stored yet) and [`TOMBSTONE`] mean "not in the map".
fn present(value: u64) -> Option<u64> {
    match value & !FROZEN {
        0 | TOMBSTONE => None,
        value => Some(value),
    }
}
// ANCHOR_END: states

/// Slots per chunk of a copy. One slot under loom, so that the models'
/// tiny tables have several chunks for two threads to share.
const CHUNK: usize = if cfg!(loom) { 1 } else { 32 };

#[derive(Debug)]
struct Slot {
    key: AtomicU64,
    value: AtomicU64,
}

// ANCHOR: table
/// One table of the chain. Only atomics: shared by reference between
/// threads, it is `Sync` because every field is.
#[derive(Debug)]
struct Table {
    slots: Box<[Slot]>,
    mask: usize,
    /// Claims of new keys taken so far (some may have lost their slot to
    /// another key). At half the slots the table is full: see `reserve`.
    reserved: AtomicUsize,
    /// The next, twice as large table; null until this one is full.
    next: AtomicPtr<Table>,
    /// The next chunk of slots to copy (a ticket counter).
    cursor: AtomicUsize,
    /// Chunks whose every slot is frozen and copied.
    copied: AtomicUsize,
}

/// A lock-free map from nonzero `u64` keys to `u64` values in
/// `1..TOMBSTONE`, which grows when it fills up.
#[derive(Debug)]
pub struct Map {
    /// Where operations start: the newest table whose predecessors are
    /// all copied, or an older one (it lags behind; the chain is right).
    current: AtomicPtr<Table>,
    /// The first table, where `Drop` starts. Never changes.
    first: AtomicPtr<Table>,
}
// ANCHOR_END: table

/// An operation met a frozen slot, or a full table with a successor: it
/// is to be done again in the next table.
struct Moved;

impl Table {
    fn allocate(capacity: usize) -> *mut Table {
        let slots = (0..capacity)
            .map(|_| Slot {
                key: AtomicU64::new(0),
                value: AtomicU64::new(0),
            })
            .collect();
        Box::into_raw(Box::new(Table {
            slots,
            mask: capacity - 1,
            reserved: AtomicUsize::new(0),
            next: AtomicPtr::new(ptr::null_mut()),
            cursor: AtomicUsize::new(0),
            copied: AtomicUsize::new(0),
        }))
    }

    fn chunks(&self) -> usize {
        self.slots.len().div_ceil(CHUNK)
    }

    /// Takes the right to claim a slot for a new key, or `false` if half
    /// the slots are taken. Relaxed: a counter handed out by one RMW,
    /// which publishes nothing; the claim and the value do that.
    fn reserve(&self) -> bool {
        self.reserved.fetch_add(1, Ordering::Relaxed) < self.slots.len() / 2
    }

    // ANCHOR: grow
    /// The next table, if one is installed.
    fn next(&self) -> Option<&Table> {
        // Acquire: pairs with the Release of the compare-exchange in
        // `grow` that installed it, so its initialisation happens before
        // our reads of it.
        let next = self.next.load(Ordering::Acquire);
        // SAFETY: a non-null `next` points to a table allocated by `grow`
        // and freed only in `Map::drop`, which cannot run while `self`
        // (borrowed from the map) is borrowed.
        unsafe { next.as_ref() }
    }

    /// The next table, installed now if there is none yet.
    fn grow(&self) -> &Table {
        if let Some(next) = self.next() {
            return next;
        }
        let new = Table::allocate(self.slots.len() * 2);
        // Release: publishes the new table's initialisation to every
        // thread that loads `next` (Acquire). Acquire on failure: we use
        // the winner's table, so its initialisation must come first.
        match self.next.compare_exchange(
            ptr::null_mut(),
            new,
            Ordering::Release,
            Ordering::Acquire,
        ) {
            // SAFETY: `new` is ours and now in the chain; as in `next`.
            Ok(_) => unsafe { &*new },
            Err(winner) => {
                // SAFETY: we lost, so no other thread ever saw `new`.
                drop(unsafe { Box::from_raw(new) });
                // SAFETY: as in `next`.
                unsafe { &*winner }
            }
        }
    }
    // ANCHOR_END: grow
}

impl Map {
    /// A map whose first table has `capacity` slots; it grows when half of
    /// them are taken.
    ///
    /// # Panics
    ///
    /// If `capacity` is not a power of two (1, 2, 4, ...).
    pub fn new(capacity: usize) -> Self {
        assert!(
            capacity.is_power_of_two(),
            "Map::new: the capacity must be a power of two, not {capacity}"
        );
        let table = Table::allocate(capacity);
        Self {
            current: AtomicPtr::new(table),
            first: AtomicPtr::new(table),
        }
    }

    /// The number of slots in the newest table (which grows).
    pub fn capacity(&self) -> usize {
        let mut table = self.current();
        while let Some(next) = table.next() {
            table = next;
        }
        table.slots.len()
    }

    fn current(&self) -> &Table {
        // Acquire: pairs with the Release compare-exchange in `move_on`:
        // every copy into this table happens before our reads of it.
        let table = self.current.load(Ordering::Acquire);
        // SAFETY: `current` always points to a table of the chain, and
        // tables are freed only when the map is dropped.
        unsafe { &*table }
    }

    // ANCHOR: insert
    /// Maps `key` to `value` and returns the value it replaced.
    ///
    /// # Panics
    ///
    /// If `key` is 0, or `value` is 0 or not below [`TOMBSTONE`].
    pub fn insert(&self, key: u64, value: u64) -> Option<u64> {
        assert_ne!(key, 0, "Map::insert: the key 0 is reserved (empty slot)");
        assert!(
            value != 0 && value < TOMBSTONE,
            "Map::insert: values must be in 1..2^63-1 (0, 2^63-1 and the \
             top bit are reserved); got {value}"
        );
        let mut table = self.current();
        loop {
            match self.insert_in(table, key, value) {
                Ok(previous) => return previous,
                Err(Moved) => {
                    self.help_copy(table);
                    table = self.move_on(table);
                }
            }
        }
    }

    fn insert_in(
        &self,
        table: &Table,
        key: u64,
        value: u64,
    ) -> Result<Option<u64>, Moved> {
        let mut index = home(key, table.mask);
        for _ in 0..table.slots.len() {
            let slot = &table.slots[index];
            // Relaxed: as in step 1.
            let mut owner = slot.key.load(Ordering::Relaxed);
            if owner == 0 {
                if table.reserve() {
                    owner = claim(slot, key);
                } else {
                    // Full. Close this slot first, so that a probe for
                    // `key` that stops here moves on too; then look again
                    // (a copy may have claimed it for another key).
                    table.grow();
                    self.freeze(table, slot);
                    owner = slot.key.load(Ordering::Relaxed);
                    if owner == 0 {
                        return Err(Moved);
                    }
                }
            }
            if owner == key {
                return self.write(table, slot, key, |seen| {
                    // Release: publishes this thread's writes to whoever
                    // reads `value`. Acquire: the value replaced comes with
                    // its inserter's writes (as step 2's swap). Relaxed on
                    // failure: see `write`.
                    slot.value.compare_exchange(
                        seen,
                        value,
                        Ordering::AcqRel,
                        Ordering::Relaxed,
                    )
                });
            }
            index = (index + 1) & table.mask;
        }
        // Every slot holds another key: as full as a table gets.
        table.grow();
        Err(Moved)
    }
    // ANCHOR_END: insert

    // ANCHOR: write
    /// Replaces the value in `key`'s `slot` by `replace`, a
    /// compare-exchange from the value seen, unless the slot is frozen:
    /// then copies it on (the copy must be in the next table before we
    /// work there) and reports `Moved`. A compare-exchange, not step 2's
    /// swap: it must fail on a frozen value, or a write could land in the
    /// old table after the copy, and be lost.
    fn write(
        &self,
        table: &Table,
        slot: &Slot,
        key: u64,
        replace: impl Fn(u64) -> Result<u64, u64>,
    ) -> Result<Option<u64>, Moved> {
        // Relaxed (here and in the failure ordering of `replace`): only a
        // guess for the compare-exchange, whose success carries the edges.
        let mut seen = slot.value.load(Ordering::Relaxed);
        loop {
            if seen & FROZEN != 0 {
                // Acquire: the copy must come after the value's inserter
                // (for the caller's data) and after the freezer's `next`.
                // A frozen value is final, so this load reads it again.
                let frozen = slot.value.load(Ordering::Acquire);
                self.copy_on(table, key, frozen);
                return Err(Moved);
            }
            match replace(seen) {
                Ok(previous) => return Ok(present(previous)),
                Err(now) => {
                    seen = now;
                    spin_hint();
                }
            }
        }
    }
    // ANCHOR_END: write

    // ANCHOR: get
    /// The value `key` maps to, if any.
    ///
    /// # Panics
    ///
    /// If `key` is 0.
    pub fn get(&self, key: u64) -> Option<u64> {
        assert_ne!(key, 0, "Map::get: the key 0 is reserved (empty slot)");
        let mut table = self.current();
        loop {
            match self.find(table, key) {
                Ok(None) => return None,
                Ok(Some(slot)) => {
                    // Acquire: pairs with the Release of the write (or of
                    // the copy) that stored the value we read.
                    let value = slot.value.load(Ordering::Acquire);
                    if value & FROZEN == 0 {
                        return present(value);
                    }
                    self.copy_on(table, key, value);
                }
                Err(Moved) => {}
            }
            table = self.move_on(table);
        }
    }
    // ANCHOR_END: get

    /// Removes `key` and returns the value it mapped to, if any.
    ///
    /// # Panics
    ///
    /// If `key` is 0.
    pub fn remove(&self, key: u64) -> Option<u64> {
        assert_ne!(key, 0, "Map::remove: the key 0 is reserved (empty slot)");
        let mut table = self.current();
        loop {
            let result = match self.find(table, key) {
                Ok(None) => return None,
                Ok(Some(slot)) => self.write(table, slot, key, |seen| {
                    // Acquire: the returned value comes with its
                    // inserter's writes; a TOMBSTONE carries nothing (as in
                    // step 2). Relaxed on failure: see `write`.
                    slot.value.compare_exchange(
                        seen,
                        TOMBSTONE,
                        Ordering::Acquire,
                        Ordering::Relaxed,
                    )
                }),
                Err(moved) => Err(moved),
            };
            match result {
                Ok(previous) => return previous,
                Err(Moved) => {
                    self.help_copy(table);
                    table = self.move_on(table);
                }
            }
        }
    }

    // ANCHOR: find
    /// `key`'s slot in `table`; `Ok(None)` if the key is not in the map;
    /// `Moved` if the probe stops at a frozen empty slot, or at the end
    /// of a full table that has a successor.
    fn find<'t>(
        &self,
        table: &'t Table,
        key: u64,
    ) -> Result<Option<&'t Slot>, Moved> {
        let mut index = home(key, table.mask);
        for _ in 0..table.slots.len() {
            let slot = &table.slots[index];
            match slot.key.load(Ordering::Relaxed) {
                owner if owner == key => return Ok(Some(slot)),
                0 => {
                    // Acquire: if it is frozen we read `next`, which the
                    // freezer's Release published; and see below.
                    let value = slot.value.load(Ordering::Acquire);
                    if value & FROZEN == 0 {
                        return Ok(None);
                    }
                    // Frozen: the 0 we read may be stale. A live value is
                    // stored after its key's claim, and our Acquire made
                    // both visible: look at the key again. If it is ours,
                    // the caller must copy it before moving on.
                    match slot.key.load(Ordering::Relaxed) {
                        0 => return Err(Moved),
                        owner if owner == key => return Ok(Some(slot)),
                        _ => index = (index + 1) & table.mask,
                    }
                }
                _ => index = (index + 1) & table.mask,
            }
        }
        match table.next() {
            Some(_) => Err(Moved),
            None => Ok(None),
        }
    }
    // ANCHOR_END: find

    // ANCHOR: copy
    /// Freezes `slot` and copies its live value, if any, into the next
    /// table. Idempotent: a slot frozen already is copied again, because
    /// its first freezer may not have finished its copy yet, and we must
    /// not count the slot as copied before that.
    fn freeze(&self, table: &Table, slot: &Slot) {
        // Release: `next` is installed before any freeze, and whoever sees
        // the FROZEN bit (Acquire) reads it. Acquire: the claim of the key
        // and the inserter's writes come before our copy of its value.
        let frozen = slot.value.fetch_or(FROZEN, Ordering::AcqRel);
        // Relaxed: the Acquire above ordered the claim before this load,
        // if there is a live value (it is stored after the claim).
        let key = slot.key.load(Ordering::Relaxed);
        self.copy_on(table, key, frozen);
    }

    /// Copies `key`'s frozen `value` from `table` into the chain after it,
    /// if it is a live value.
    fn copy_on(&self, table: &Table, key: u64, value: u64) {
        let Some(value) = present(value) else { return };
        let mut into = table.next().expect("a frozen slot has a next table");
        loop {
            let slot = into.claim_for_copy(key);
            // Release: a reader of the copy is ordered after us, and so,
            // through our Acquire of the frozen value, after its inserter.
            // Acquire on failure: a FROZEN means we read `next` next.
            match slot.value.compare_exchange(
                0,
                value,
                Ordering::Release,
                Ordering::Acquire,
            ) {
                // Frozen before any value landed: copy on, one table on.
                Err(FROZEN) => {
                    into = into.next().expect("a frozen slot has a next table")
                }
                // Copied, or copied by someone else (and maybe replaced
                // or removed since, or frozen with a value and copied on
                // by whoever froze it): the value never goes back to 0.
                _ => return,
            }
        }
    }

    /// Claims chunks of `table`'s slots and copies them until every chunk
    /// is taken.
    fn help_copy(&self, table: &Table) {
        if table.next().is_none() {
            return;
        }
        loop {
            // Relaxed: a ticket; the RMW hands each chunk out once.
            let chunk = table.cursor.fetch_add(1, Ordering::Relaxed);
            if chunk >= table.chunks() {
                return;
            }
            let start = chunk * CHUNK;
            let end = (start + CHUNK).min(table.slots.len());
            for slot in &table.slots[start..end] {
                self.freeze(table, slot);
            }
            // Release: pairs with the Acquire load in `move_on`: our
            // copies happen before whoever sees the count complete.
            table.copied.fetch_add(1, Ordering::Release);
        }
    }

    /// The next table after `table`; if `table` is copied completely, also
    /// moves `current` past it (if it is current).
    fn move_on<'t>(&self, table: &'t Table) -> &'t Table {
        let next = table.next().expect("a table is left for its next");
        // Acquire: pairs with every chunk's Release increment (a chain of
        // RMWs): all copies into `next` happen before our CAS below.
        if table.copied.load(Ordering::Acquire) == table.chunks() {
            // Release: pairs with the Acquire load in `current`, so that
            // an operation starting at `next` is ordered after the copies.
            // Failure: someone moved it already, or it lags further back.
            let _ = self.current.compare_exchange(
                ptr::from_ref(table).cast_mut(),
                ptr::from_ref(next).cast_mut(),
                Ordering::Release,
                Ordering::Relaxed,
            );
        }
        next
    }
    // ANCHOR_END: copy
}

impl Table {
    /// `key`'s slot here, claimed if need be, for a copy: no reservation,
    /// because a table gets at most as many keys by copies as its
    /// predecessor has slots, half of its own; new keys take the rest.
    fn claim_for_copy(&self, key: u64) -> &Slot {
        let mut index = home(key, self.mask);
        for _ in 0..self.slots.len() {
            let slot = &self.slots[index];
            let mut owner = slot.key.load(Ordering::Relaxed);
            if owner == 0 {
                owner = claim(slot, key);
            }
            if owner == key {
                return slot;
            }
            index = (index + 1) & self.mask;
        }
        unreachable!("copies and reserved keys never fill a table")
    }
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

impl Drop for Map {
    /// Frees every table of the chain. Old tables are kept until now,
    /// because a thread may still be reading one (it loaded `current` or a
    /// `next` before the copy finished) and nothing here tracks readers.
    fn drop(&mut self) {
        // Relaxed: `&mut self` means every other thread's use of the map
        // happened before this (whatever ended it synchronised with us).
        let mut table = self.first.load(Ordering::Relaxed);
        while !table.is_null() {
            // SAFETY: every table of the chain came from `Box::into_raw`
            // in `allocate`, is reached once by this walk, and no thread
            // can use it any more (see above).
            let boxed = unsafe { Box::from_raw(table) };
            table = boxed.next.load(Ordering::Relaxed);
        }
    }
}
