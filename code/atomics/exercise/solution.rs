//! The exercise, solved: an ID allocator whose counter never wraps.

pub use crate::id_allocator::IdAllocator;
use crate::sync::{AtomicU32, Ordering};
use std::ops::Range;

impl IdAllocator {
    /// An allocator whose first ID is 0.
    pub fn new() -> Self {
        Self::starting_at(0)
    }

    /// An allocator whose first ID is `first`. `starting_at(u32::MAX)` is
    /// an allocator with no IDs left.
    pub fn starting_at(first: u32) -> Self {
        Self {
            next: AtomicU32::new(first),
        }
    }

    // ANCHOR: allocate
    /// The next unused ID, or `None` once every ID below `u32::MAX` has been
    /// handed out.
    pub fn allocate(&self) -> Option<u32> {
        self.allocate_block(1).map(|ids| ids.start)
    }

    /// Reserves `count` consecutive IDs, all or nothing.
    pub fn allocate_block(&self, count: u32) -> Option<Range<u32>> {
        if count == 0 {
            return None;
        }
        // Relaxed throughout: the counter publishes no other data, and a
        // compare-exchange acts on the latest value whatever its ordering,
        // so two threads can never both move it from the same `first`.
        let mut first = self.next.load(Ordering::Relaxed);
        loop {
            // `checked_add` is the whole fix: at the end of the range it
            // says no instead of wrapping to 0. A counter at `u32::MAX`
            // stays there, so every later call says no as well.
            let end = first.checked_add(count)?;
            match self.next.compare_exchange_weak(
                first,
                end,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some(first..end),
                // Another thread moved the counter (or the weak exchange
                // failed spuriously): try again from what is there now.
                Err(current) => first = current,
            }
        }
    }
    // ANCHOR_END: allocate

    /// How many IDs are left.
    pub fn remaining(&self) -> u32 {
        u32::MAX - self.next.load(Ordering::Relaxed)
    }
}

impl Default for IdAllocator {
    fn default() -> Self {
        Self::new()
    }
}
