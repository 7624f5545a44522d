//! The exercise's types, given. The starter and the solution both write
//! `Producer::try_push` and `Consumer::try_pop`; this file holds what they
//! share: the ring, the two ends with their caches and load counters, the
//! `Send` promises, `ring` itself and `Drop`.
//!
//! The ring's fields are private to this file. The ends reach them through
//! the methods below, so that every load of the *other* side's index goes
//! through [`OtherIndex::load`], which counts it: the tests read the
//! count with `index_loads()` to check that the cache saves loads.

use crate::spsc_step1::CachePadded;
use crate::sync::{Arc, AtomicUsize, Ordering, UnsafeCell};
use std::cell::Cell;
use std::fmt;
use std::mem::MaybeUninit;

/// What the producer and the consumer share: step 1's ring.
struct Shared<T> {
    /// How many values the consumer has popped. Written by the consumer.
    head: CachePadded<AtomicUsize>,
    /// How many values the producer has pushed. Written by the producer.
    tail: CachePadded<AtomicUsize>,
    /// Value number `i` lives in `slots[i & mask]`; the slot holds an
    /// initialised `T` exactly when `i` is in `head..tail`.
    slots: Box<[UnsafeCell<MaybeUninit<T>>]>,
    /// `capacity - 1`, with `capacity` a power of two.
    mask: usize,
}

// ANCHOR: types
/// The pushing end of a ring made by [`ring`]: not `Clone`, and not `Sync`
/// (its `Cell`s are not), so one thread at a time pushes.
pub struct Producer<T> {
    shared: Arc<Shared<T>>,
    /// The consumer's `head` as this producer last loaded it. `head` only
    /// grows, so the real one is at this value or past it: the cache may
    /// say the ring is fuller than it is, never emptier.
    pub(super) cached_head: Cell<usize>,
    /// How many times this producer has loaded the consumer's `head`.
    other_index_loads: Cell<usize>,
}

/// The popping end of a ring made by [`ring`]: not `Clone`, and not `Sync`
/// (its `Cell`s are not), so one thread at a time pops.
pub struct Consumer<T> {
    shared: Arc<Shared<T>>,
    /// The producer's `tail` as this consumer last loaded it. `tail` only
    /// grows, so the cache may say the ring is emptier than it is, never
    /// fuller.
    pub(super) cached_tail: Cell<usize>,
    /// How many times this consumer has loaded the producer's `tail`.
    other_index_loads: Cell<usize>,
}

/// The other side's index, for loading it: every load is counted.
pub(super) struct OtherIndex<'a> {
    index: &'a AtomicUsize,
    loads: &'a Cell<usize>,
}
// ANCHOR_END: types

// ANCHOR: send
// SAFETY: (the obligation of `Send`) the thread a `Producer<T>` moves to
// writes `T`s that the consumer's thread moves out, and may drop the
// leftovers if its end is dropped last: `T`s cross threads, so `T: Send`.
// No `&T` is shared, so no `T: Sync`. The shared ring is used by exactly
// two ends, each on one thread at a time (neither is `Sync` or `Clone`);
// the producer writes only `tail` and free slots, the consumer only `head`
// and moves values out of full slots, and `try_push`/`try_pop` order each
// slot's accesses (see their comments). The `Cell`s are this end's own.
unsafe impl<T: Send> Send for Producer<T> {}
// SAFETY: the mirror image: the consumer's thread moves out `T`s that the
// producer's thread wrote, and may drop the leftovers, so `T: Send`.
unsafe impl<T: Send> Send for Consumer<T> {}
// ANCHOR_END: send

/// A ring of `capacity` slots, and its two ends, their caches at zero (the
/// true value of both indices when the ring is new).
///
/// # Panics
///
/// If `capacity` is not a power of two.
pub fn ring<T>(capacity: usize) -> (Producer<T>, Consumer<T>) {
    assert!(
        capacity.is_power_of_two(),
        "ring capacity must be a power of two (1, 2, 4, ...), got {capacity}"
    );
    let shared = Arc::new(Shared {
        head: CachePadded(AtomicUsize::new(0)),
        tail: CachePadded(AtomicUsize::new(0)),
        slots: (0..capacity)
            .map(|_| UnsafeCell::new(MaybeUninit::uninit()))
            .collect(),
        mask: capacity - 1,
    });
    let producer = Producer {
        shared: Arc::clone(&shared),
        cached_head: Cell::new(0),
        other_index_loads: Cell::new(0),
    };
    let consumer = Consumer {
        shared,
        cached_tail: Cell::new(0),
        other_index_loads: Cell::new(0),
    };
    (producer, consumer)
}

// ANCHOR: helpers
impl OtherIndex<'_> {
    /// Loads the other side's index with `order`, and counts the load.
    pub(super) fn load(&self, order: Ordering) -> usize {
        self.loads.set(self.loads.get() + 1);
        self.index.load(order)
    }
}

impl<T> Producer<T> {
    /// This producer's own index, `tail`: only this end stores to it.
    pub(super) fn tail(&self) -> &AtomicUsize {
        &self.shared.tail
    }

    /// The consumer's index, `head` (each load is counted).
    pub(super) fn head(&self) -> OtherIndex<'_> {
        OtherIndex {
            index: &self.shared.head,
            loads: &self.other_index_loads,
        }
    }

    /// The slot of value number `index` (masked here).
    pub(super) fn slot(&self, index: usize) -> &UnsafeCell<MaybeUninit<T>> {
        &self.shared.slots[index & self.shared.mask]
    }

    /// How many values the ring can hold.
    pub fn capacity(&self) -> usize {
        self.shared.mask + 1
    }

    /// How many times this producer has loaded the consumer's index.
    pub fn index_loads(&self) -> usize {
        self.other_index_loads.get()
    }
}

impl<T> Consumer<T> {
    /// This consumer's own index, `head`: only this end stores to it.
    pub(super) fn head(&self) -> &AtomicUsize {
        &self.shared.head
    }

    /// The producer's index, `tail` (each load is counted).
    pub(super) fn tail(&self) -> OtherIndex<'_> {
        OtherIndex {
            index: &self.shared.tail,
            loads: &self.other_index_loads,
        }
    }

    /// The slot of value number `index` (masked here).
    pub(super) fn slot(&self, index: usize) -> &UnsafeCell<MaybeUninit<T>> {
        &self.shared.slots[index & self.shared.mask]
    }

    /// How many values the ring can hold.
    pub fn capacity(&self) -> usize {
        self.shared.mask + 1
    }

    /// How many times this consumer has loaded the producer's index.
    pub fn index_loads(&self) -> usize {
        self.other_index_loads.get()
    }
}
// ANCHOR_END: helpers

impl<T> Drop for Shared<T> {
    /// Runs when the second end is dropped: drops the values pushed and
    /// never popped.
    fn drop(&mut self) {
        // Under loom only: when a model fails inside a slot access, loom
        // still counts that access as running while the thread unwinds,
        // and our access here would be a second panic, which aborts the
        // whole test binary. The leftovers leak instead; the model has
        // failed anyway.
        #[cfg(loom)]
        if std::thread::panicking() {
            return;
        }
        // Relaxed: `&mut self` means both ends are gone, and `Arc`'s drop
        // ordered each end's last store before this.
        let head = self.head.load(Ordering::Relaxed);
        let tail = self.tail.load(Ordering::Relaxed);
        let mut index = head;
        while index != tail {
            // SAFETY: values `head..tail` were written and never moved
            // out, and nothing else can reach the slots (`&mut self`).
            // `MaybeUninit<T>` is laid out as `T`: the cast is the `T`.
            self.slots[index & self.mask]
                .with_mut(|slot| unsafe { slot.cast::<T>().drop_in_place() });
            index = index.wrapping_add(1);
        }
    }
}

impl<T> fmt::Debug for Producer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Producer")
            .field("capacity", &self.capacity())
            .field("cached_head", &self.cached_head.get())
            .field("index_loads", &self.index_loads())
            .finish_non_exhaustive()
    }
}

impl<T> fmt::Debug for Consumer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Consumer")
            .field("capacity", &self.capacity())
            .field("cached_tail", &self.cached_tail.get())
            .field("index_loads", &self.index_loads())
            .finish_non_exhaustive()
    }
}
