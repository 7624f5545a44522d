//! Step 2 of the bounded MPMC queue: the same algorithm as step 1 (it
//! reuses step 1's [`Ring`]), with `head` and `tail` each on a 128-byte
//! block of its own, so that producers writing `tail` and consumers writing
//! `head` stop invalidating each other's cache line.

use crate::mpmc_step1::Ring;
use crate::sync::{AtomicUsize, Ordering};
use std::ops::Deref;

// ANCHOR: cache_padded
/// A `T` alone on an aligned 128-byte block (or more, if `T` is larger):
/// the struct is aligned to 128 and its size is a multiple of 128, so no
/// other value shares the block. 128 and not 64 because Intel processors
/// since Sandy Bridge have a spatial prefetcher that fetches 64-byte lines
/// in 128-byte-aligned pairs, so two values 64 bytes apart can still
/// slow each other down; `crossbeam_utils::CachePadded` uses 128 on
/// x86-64 for this reason (and on aarch64, where some cores have 128-byte
/// lines).
#[derive(Debug, Default)]
#[repr(align(128))]
pub struct CachePadded<T>(T);

impl<T> CachePadded<T> {
    pub const fn new(value: T) -> Self {
        CachePadded(value)
    }
}

impl<T> Deref for CachePadded<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}
// ANCHOR_END: cache_padded

// ANCHOR: queue
/// Step 1's queue with its two counters padded apart.
pub struct BoundedQueue<T> {
    head: CachePadded<AtomicUsize>,
    tail: CachePadded<AtomicUsize>,
    ring: Ring<T>,
}
// ANCHOR_END: queue

// SAFETY: (Send) the queue owns the `T`s in its slots; sending the queue
// sends them, which is sound when `T: Send`.
unsafe impl<T: Send> Send for BoundedQueue<T> {}
// SAFETY: (Sync) as for step 1's queue (the same `Ring` code): values pushed
// on one thread are popped on another, so `T: Send` is needed and enough;
// no `&T` is handed out; each slot's value is accessed by the one thread
// the CAS picked, ordered after the previous access by the slot's
// sequence (Release store, Acquire load).
unsafe impl<T: Send> Sync for BoundedQueue<T> {}

impl<T> BoundedQueue<T> {
    /// An empty queue of `capacity` slots.
    ///
    /// # Panics
    ///
    /// If `capacity` is not a power of two or is less than 2.
    pub fn new(capacity: usize) -> Self {
        Self::starting_at(capacity, 0)
    }

    /// An empty queue whose counters start at `start` instead of 0, so a
    /// test can watch them wrap around `usize::MAX` after a few pushes.
    #[doc(hidden)]
    pub fn starting_at(capacity: usize, start: usize) -> Self {
        BoundedQueue {
            head: CachePadded::new(AtomicUsize::new(start)),
            tail: CachePadded::new(AtomicUsize::new(start)),
            ring: Ring::new(capacity, start),
        }
    }

    /// The number of slots.
    pub fn capacity(&self) -> usize {
        self.ring.capacity()
    }

    /// Adds `value` at the back, or gives it back if the next slot still
    /// holds (or is being emptied of) the previous lap's value.
    pub fn try_push(&self, value: T) -> Result<(), T> {
        self.ring.push(&self.tail, value, || {})
    }

    /// [`try_push`](Self::try_push) with a `pause` between claiming the
    /// slot (and writing it) and publishing it: a test hook.
    pub fn try_push_with_pause(
        &self,
        value: T,
        pause: impl FnOnce(),
    ) -> Result<(), T> {
        self.ring.push(&self.tail, value, pause)
    }

    /// Removes the front value, or `None` if the value for the next
    /// position has not been published yet.
    pub fn try_pop(&self) -> Option<T> {
        self.ring.pop(&self.head)
    }

    /// The addresses of `head` and `tail`, for the test that checks they
    /// are 128 bytes apart or more.
    #[doc(hidden)]
    pub fn counter_addresses(&self) -> (usize, usize) {
        (
            &*self.head as *const AtomicUsize as usize,
            &*self.tail as *const AtomicUsize as usize,
        )
    }
}

impl<T> std::fmt::Debug for BoundedQueue<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BoundedQueue")
            .field("capacity", &self.capacity())
            .finish_non_exhaustive()
    }
}

impl<T> Drop for BoundedQueue<T> {
    fn drop(&mut self) {
        // Relaxed: `&mut self`; see step 1's `Drop`.
        let head = self.head.load(Ordering::Relaxed);
        let tail = self.tail.load(Ordering::Relaxed);
        self.ring.drop_values(head, tail);
    }
}
