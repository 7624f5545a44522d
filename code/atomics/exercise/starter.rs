//! The exercise: an ID allocator that refuses to wrap around.
//!
//! `IdAllocator` (in `exercise/id_allocator.rs`; leave that file as it is)
//! keeps the next free ID in an `AtomicU32`. A plain
//! `next.fetch_add(1, Relaxed)` would hand out `u32::MAX - 1`, then
//! `u32::MAX`, then wrap to 0 and hand out 0 a second time. Fill in the
//! `todo!()` bodies so that it never does:
//!
//! 1. `new` and `starting_at` create the allocator.
//! 2. `allocate` hands out the next ID, or `None` once the IDs are used up,
//!    and from then on always `None`. Many threads call it at once: no ID may
//!    ever be handed out twice.
//! 3. `allocate_block` reserves `count` consecutive IDs in one step, all or
//!    nothing.
//! 4. `remaining` says how many IDs are left.
//!
//! Use a compare-exchange loop (`compare_exchange_weak`) or `try_update`
//! on `self.next`. `Ordering::Relaxed` is enough: the IDs publish no other
//! data. Run the tests with `cargo test -p atomics --test exercise`.

// The bodies below are `todo!()` until you write them, so the compiler
// would warn that the arguments are unused. Delete this line once you are
// done.
#![allow(unused_variables)]

pub use crate::id_allocator::IdAllocator;
// The atomic type and the orderings come from the crate's `sync` module:
// std's normally, loom's under `--cfg loom`.
#[allow(unused_imports)]
use crate::sync::{AtomicU32, Ordering};
use std::ops::Range;

impl IdAllocator {
    /// An allocator whose first ID is 0.
    pub fn new() -> Self {
        todo!("IdAllocator::new: an allocator whose first ID is 0")
    }

    /// An allocator whose first ID is `first`. `starting_at(u32::MAX)` is
    /// an allocator with no IDs left.
    pub fn starting_at(first: u32) -> Self {
        todo!("IdAllocator::starting_at: the first ID is `first`")
    }

    /// The next unused ID, or `None` once every ID below `u32::MAX` has been
    /// handed out. Never returns the same ID twice, whichever threads call
    /// it, and never returns `Some` again after it has returned `None`.
    pub fn allocate(&self) -> Option<u32> {
        todo!("IdAllocator::allocate: the next ID, or None once used up")
    }

    /// Reserves `count` consecutive IDs and returns them as a range, or
    /// returns `None` and reserves nothing if fewer than `count` are left
    /// or `count` is 0.
    pub fn allocate_block(&self, count: u32) -> Option<Range<u32>> {
        todo!("IdAllocator::allocate_block: `count` IDs, all or nothing")
    }

    /// How many IDs are left. Other threads may take some the moment this
    /// returns, so use it for reporting, not to decide whether to allocate.
    pub fn remaining(&self) -> u32 {
        todo!("IdAllocator::remaining: how many IDs are left")
    }
}

impl Default for IdAllocator {
    fn default() -> Self {
        Self::new()
    }
}
