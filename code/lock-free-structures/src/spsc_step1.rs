//! Step 1 of the SPSC ring buffer: a bounded queue for exactly one
//! producer thread and one consumer thread, in which every operation is
//! wait-free.
//!
//! The ring is an array of `capacity` slots (a power of two) and two
//! counters that only ever grow: `tail`, the number of values pushed so
//! far, written only by the producer, and `head`, the number popped so
//! far, written only by the consumer. The slot of the value number `i` is
//! `i & (capacity - 1)`. `tail - head` values are in the ring, so the ring
//! is empty when `head == tail` and full when `tail - head == capacity`.
//!
//! Each side owns one index and only reads the other's. Neither ever has
//! to win a race for a slot, so no compare-exchange and no retry loop is
//! needed: `try_push` and `try_pop` finish in a fixed number of their own
//! steps whatever the other thread does.
//!
//! In this step every `try_push` loads the consumer's `head` and every
//! `try_pop` the producer's `tail`, so each index's cache line travels
//! between the two cores on nearly every operation. The exercise caches
//! them.

use crate::sync::{Arc, AtomicUsize, Ordering, UnsafeCell};
use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::ops::Deref;

// ANCHOR: cache_padded
/// A value alone on its cache line (and the next one): 128 bytes, as
/// crossbeam-utils' `CachePadded` uses on x86-64 and AArch64, because
/// Intel's spatial prefetcher fetches 64-byte lines in pairs.
#[repr(align(128))]
#[derive(Debug, Default)]
pub(crate) struct CachePadded<T>(pub(crate) T);

impl<T> Deref for CachePadded<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}
// ANCHOR_END: cache_padded

// ANCHOR: types
/// What the producer and the consumer share.
struct Ring<T> {
    /// How many values the consumer has popped. Written by the consumer
    /// only; the producer reads it to see which slots are free again.
    head: CachePadded<AtomicUsize>,
    /// How many values the producer has pushed. Written by the producer
    /// only; the consumer reads it to see which slots hold values.
    tail: CachePadded<AtomicUsize>,
    /// The value number `i` lives in `slots[i & mask]`. A slot holds an
    /// initialised `T` exactly when its number is in `head..tail`.
    slots: Box<[UnsafeCell<MaybeUninit<T>>]>,
    /// `capacity - 1`, with `capacity` a power of two.
    mask: usize,
}

/// The pushing end of a ring made by [`ring`]. There is exactly one: it is
/// not `Clone`, and not `Sync`, so only one thread at a time can push.
pub struct Producer<T> {
    ring: Arc<Ring<T>>,
    /// `Cell` is `Send` but not `Sync`: this makes `Producer` `!Sync`.
    _not_sync: PhantomData<Cell<()>>,
}

/// The popping end of a ring made by [`ring`]. There is exactly one: it is
/// not `Clone`, and not `Sync`, so only one thread at a time can pop.
pub struct Consumer<T> {
    ring: Arc<Ring<T>>,
    /// `Cell` is `Send` but not `Sync`: this makes `Consumer` `!Sync`.
    _not_sync: PhantomData<Cell<()>>,
}
// ANCHOR_END: types

// ANCHOR: send
// SAFETY: (the obligation of `Send`) a `Producer<T>` may be used from the
// thread it is moved to. Through it that thread writes `T`s into slots,
// which the consumer's thread then moves out, and if the producer is the
// last end dropped, the ring's leftover `T`s are dropped on its thread:
// both move `T`s between threads, so `T: Send`. No `&T` is ever shared,
// so no `T: Sync`. The `Ring` itself is shared by exactly two handles,
// this one and the `Consumer`, each on at most one thread at a time
// (neither is `Sync` or `Clone`): the producer alone writes `tail` and the
// slots in `tail..head + capacity`, the consumer alone writes `head` and
// reads the slots in `head..tail`, and the orderings in `try_push` and
// `try_pop` make each slot's accesses by the two threads happen one after
// the other (argued there).
unsafe impl<T: Send> Send for Producer<T> {}
// SAFETY: the mirror image of the `Producer`'s argument: the consumer's
// thread moves `T`s out of slots that the producer's thread wrote, and may
// drop the leftovers, so `T: Send`; nothing shares a `&T`.
unsafe impl<T: Send> Send for Consumer<T> {}
// ANCHOR_END: send

// ANCHOR: ring
/// A ring of `capacity` slots, and its two ends.
///
/// # Panics
///
/// If `capacity` is not a power of two (zero is not one): slot numbers
/// are masked with `capacity - 1`, which is the remainder only then.
pub fn ring<T>(capacity: usize) -> (Producer<T>, Consumer<T>) {
    assert!(
        capacity.is_power_of_two(),
        "ring capacity must be a power of two (1, 2, 4, ...), got {capacity}"
    );
    let slots = (0..capacity)
        .map(|_| UnsafeCell::new(MaybeUninit::uninit()))
        .collect();
    let ring = Arc::new(Ring {
        head: CachePadded(AtomicUsize::new(0)),
        tail: CachePadded(AtomicUsize::new(0)),
        slots,
        mask: capacity - 1,
    });
    let producer = Producer {
        ring: Arc::clone(&ring),
        _not_sync: PhantomData,
    };
    let consumer = Consumer {
        ring,
        _not_sync: PhantomData,
    };
    (producer, consumer)
}
// ANCHOR_END: ring

impl<T> Ring<T> {
    fn capacity(&self) -> usize {
        self.mask + 1
    }

    /// The slot of value number `index`.
    fn slot(&self, index: usize) -> &UnsafeCell<MaybeUninit<T>> {
        &self.slots[index & self.mask]
    }
}

// ANCHOR: push
impl<T> Producer<T> {
    /// Appends `value`, or hands it back if the ring is full. Wait-free:
    /// two loads, one write to a slot, one store, whatever the consumer
    /// is doing.
    pub fn try_push(&self, value: T) -> Result<(), T> {
        let ring = &*self.ring;
        // Relaxed: `tail` is ours. Only this thread stores to it, so the
        // load reads our own last store (coherence), and there is no other
        // thread's write to synchronise with.
        let tail = ring.tail.load(Ordering::Relaxed);
        // Acquire: synchronises with the consumer's Release store of this
        // value of `head` in `try_pop`, so its read of every slot it freed
        // happens before our write below into one of them.
        let head = ring.head.load(Ordering::Acquire);
        if tail.wrapping_sub(head) == ring.capacity() {
            return Err(value);
        }
        // SAFETY: `tail - head < capacity`, so the slot of value `tail`
        // holds no value: its last occupant, `tail - capacity`, was popped
        // (its number is below `head`), and that read happens before this
        // write (the Acquire above). The consumer reads only slots in
        // `head..tail`, and `tail` cannot move but by our store below, so
        // nobody else touches this slot until then.
        ring.slot(tail)
            .with_mut(|slot| unsafe { (*slot).write(value) });
        // Release: the consumer's Acquire load of `tail` in `try_pop` that
        // reads this value synchronises with it, so our write of the slot
        // happens before its read.
        ring.tail.store(tail.wrapping_add(1), Ordering::Release);
        Ok(())
    }

    /// How many values the ring can hold.
    pub fn capacity(&self) -> usize {
        self.ring.capacity()
    }
}
// ANCHOR_END: push

// ANCHOR: pop
impl<T> Consumer<T> {
    /// Takes the oldest value, or `None` if the ring is empty. Wait-free:
    /// two loads, one read of a slot, one store.
    pub fn try_pop(&self) -> Option<T> {
        let ring = &*self.ring;
        // Relaxed: `head` is ours, only this thread stores to it.
        let head = ring.head.load(Ordering::Relaxed);
        // Acquire: synchronises with the producer's Release store of this
        // value of `tail`, so its writes of the slots below it happen
        // before our read.
        let tail = ring.tail.load(Ordering::Acquire);
        if head == tail {
            return None;
        }
        // SAFETY: `head < tail`, so the producer wrote value `head` into
        // this slot, and that write happens before this read (the Acquire
        // above). The producer writes only slots at or above `tail`, which
        // are not this one until our store below frees it. We move the
        // value out (`MaybeUninit<T>` is laid out as `T`, so the cast
        // pointer reads the `T`); the slot counts as empty from then on.
        let value = ring
            .slot(head)
            .with(|slot| unsafe { slot.cast::<T>().read() });
        // Release: the producer's Acquire load of `head` that reads this
        // value synchronises with it, so our read of the slot happens
        // before its next write into it.
        ring.head.store(head.wrapping_add(1), Ordering::Release);
        Some(value)
    }

    /// How many values the ring can hold.
    pub fn capacity(&self) -> usize {
        self.ring.capacity()
    }
}
// ANCHOR_END: pop

// ANCHOR: drop
impl<T> Drop for Ring<T> {
    /// Runs when the second end is dropped, and drops what was pushed and
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
        // (a Release decrement, an Acquire fence before the last drop)
        // orders each end's last store before this.
        let head = self.head.load(Ordering::Relaxed);
        let tail = self.tail.load(Ordering::Relaxed);
        let mut index = head;
        while index != tail {
            // SAFETY: values `head..tail` were written and never read,
            // and nothing else can touch the slots now (`&mut self`).
            // `MaybeUninit<T>` is laid out as `T`: the cast is the `T`.
            self.slot(index)
                .with_mut(|slot| unsafe { slot.cast::<T>().drop_in_place() });
            index = index.wrapping_add(1);
        }
    }
}
// ANCHOR_END: drop

impl<T> fmt::Debug for Producer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Producer")
            .field("capacity", &self.capacity())
            .finish_non_exhaustive()
    }
}

impl<T> fmt::Debug for Consumer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Consumer")
            .field("capacity", &self.capacity())
            .finish_non_exhaustive()
    }
}
