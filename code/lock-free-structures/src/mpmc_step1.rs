//! Step 1 of the bounded MPMC queue: Dmitry Vyukov's array of slots, each
//! with a sequence number that says which lap of the ring it is ready for.
//!
//! The algorithm lives in [`Ring`], which takes the `head` and `tail`
//! counters as arguments, so that step 2 (`mpmc_step2_padded`) can reuse it
//! and change only where those two counters live in memory.

use crate::sync::{AtomicUsize, Ordering, UnsafeCell, spin_hint};
use std::mem::MaybeUninit;

// ANCHOR: slot
/// One place in the ring. `sequence` says what the slot is waiting for:
/// for the operation at position `pos` (a counter that only grows), the
/// slot `pos % capacity` is
///
/// - empty and ready for the push at `pos` when `sequence == pos`;
/// - full and ready for the pop at `pos` when `sequence == pos + 1`;
/// - emptied and ready for the push one lap later when
///   `sequence == pos + capacity`.
struct Slot<T> {
    sequence: AtomicUsize,
    value: UnsafeCell<MaybeUninit<T>>,
}
// ANCHOR_END: slot

/// The slots of a queue and the algorithm that moves values through them.
/// The counters are passed in: `tail` is the position of the next push,
/// `head` that of the next pop.
pub(crate) struct Ring<T> {
    slots: Box<[Slot<T>]>,
    /// `capacity - 1`: `pos & mask` is `pos % capacity`.
    mask: usize,
}

impl<T> Ring<T> {
    // ANCHOR: new
    /// A ring whose first push and first pop are at position `start`
    /// (0 for a fresh queue; tests start near `usize::MAX` to see the
    /// counters wrap).
    ///
    /// # Panics
    ///
    /// If `capacity` is not a power of two or is less than 2.
    pub(crate) fn new(capacity: usize, start: usize) -> Self {
        // With one slot, "full for lap k" (pos + 1) and "empty for lap
        // k + 1" (pos + capacity) would be the same number.
        assert!(
            capacity >= 2 && capacity.is_power_of_two(),
            "BoundedQueue capacity must be a power of two and at least 2, \
             got {capacity}"
        );
        let mask = capacity - 1;
        let slots = (0..capacity)
            .map(|index| Slot {
                // The first position in `start..start + capacity` that
                // lands on this slot: its first push.
                sequence: AtomicUsize::new(
                    start.wrapping_add(index.wrapping_sub(start) & mask),
                ),
                value: UnsafeCell::new(MaybeUninit::uninit()),
            })
            .collect();
        Ring { slots, mask }
    }
    // ANCHOR_END: new

    pub(crate) fn capacity(&self) -> usize {
        self.mask + 1
    }

    fn slot(&self, pos: usize) -> &Slot<T> {
        &self.slots[pos & self.mask]
    }

    // ANCHOR: push
    /// Pushes `value` at the position `tail` hands out, or gives it back
    /// if the slot for that position still holds last lap's value.
    /// `pause` runs after the slot is claimed and written, before it is
    /// published (a test hook: `|| {}` for a normal push).
    pub(crate) fn push(
        &self,
        tail: &AtomicUsize,
        value: T,
        pause: impl FnOnce(),
    ) -> Result<(), T> {
        // Relaxed: `pos` only names a candidate slot. Whether the slot is
        // free is decided by its sequence, and who gets it by the CAS.
        let mut pos = tail.load(Ordering::Relaxed);
        let slot = loop {
            let slot = self.slot(pos);
            // Acquire: pairs with the Release store in `pop` that set
            // `sequence` to `pos` (the pop of the previous lap). Its read
            // of the old value happens before our write below.
            let sequence = slot.sequence.load(Ordering::Acquire);
            // The distance as a signed number, so it stays right when the
            // counters wrap around `usize::MAX`.
            let lag = sequence.wrapping_sub(pos) as isize;
            if lag == 0 {
                // The slot is empty for this lap: claim position `pos`.
                // Relaxed: the CAS only has to be atomic (one winner per
                // position); it publishes nothing.
                match tail.compare_exchange_weak(
                    pos,
                    pos.wrapping_add(1),
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => break slot,
                    Err(now) => pos = now,
                }
            } else if lag < 0 {
                // Last lap's value is still here (or its pop has claimed
                // the slot but not yet released it): full.
                return Err(value);
            } else {
                // Another push took `pos` since we read `tail`.
                pos = tail.load(Ordering::Relaxed);
            }
            spin_hint();
        };
        // SAFETY: the CAS made us the only thread that moved `tail` past
        // `pos`, so no other push writes this slot in this lap, and no pop
        // reads it until the store below sets `sequence` to `pos + 1`.
        // The Acquire load that saw `sequence == pos` ordered the last
        // pop's read of the slot before this write.
        slot.value.with_mut(|cell| unsafe { (*cell).write(value) });
        // The window a test stalls in: claimed and written, not published.
        // (If `pause` panics, the slot stays that way: pops stop there for
        // good, and `Drop` still drops the value, which is written.)
        pause();
        // Release: the write of the value above happens before any load
        // that reads `pos + 1` here (the pop at `pos`, with Acquire).
        slot.sequence.store(pos.wrapping_add(1), Ordering::Release);
        Ok(())
    }
    // ANCHOR_END: push

    // ANCHOR: pop
    /// Pops the value at the position `head` hands out, or `None` if the
    /// slot for that position has not been published yet.
    pub(crate) fn pop(&self, head: &AtomicUsize) -> Option<T> {
        // Relaxed, as in `push`: a candidate, checked against the slot.
        let mut pos = head.load(Ordering::Relaxed);
        let slot = loop {
            let slot = self.slot(pos);
            // Acquire: pairs with the Release store in `push` that set
            // `sequence` to `pos + 1`; the value's write happens before
            // our read of it below.
            let sequence = slot.sequence.load(Ordering::Acquire);
            let lag = sequence.wrapping_sub(pos.wrapping_add(1)) as isize;
            if lag == 0 {
                // Relaxed: one winner per position; the slot's sequence,
                // not `head`, carries the value from push to pop.
                match head.compare_exchange_weak(
                    pos,
                    pos.wrapping_add(1),
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => break slot,
                    Err(now) => pos = now,
                }
            } else if lag < 0 {
                // Not published for this lap: empty, or its push has
                // claimed the slot and not yet published it.
                return None;
            } else {
                // Another pop took `pos` since we read `head`.
                pos = head.load(Ordering::Relaxed);
            }
            spin_hint();
        };
        // SAFETY: `sequence == pos + 1` was stored by the push at `pos`
        // after it wrote the value (Release, read here with Acquire), so
        // the value is initialised and its write happens before this
        // read. The CAS made us the only pop at `pos`, and no push writes
        // the slot again until the store below.
        let value = slot.value.with(|cell| unsafe { cell.cast::<T>().read() });
        // Release: our read of the value happens before the write of the
        // push one lap later, which reads `pos + capacity` with Acquire.
        let next_lap = pos.wrapping_add(self.mask + 1);
        slot.sequence.store(next_lap, Ordering::Release);
        Some(value)
    }
    // ANCHOR_END: pop

    /// Drops the values still in the ring, from `head` up to `tail`.
    /// Called from the queues' `Drop`, with `&mut` access to the counters.
    pub(crate) fn drop_values(&mut self, head: usize, tail: usize) {
        // Under loom, a model that failed a check unwinds through here,
        // and a second report from these accesses would abort the whole
        // test binary: leak the values instead.
        #[cfg(loom)]
        if std::thread::panicking() {
            return;
        }
        let mut pos = head;
        while pos != tail {
            let slot = &self.slots[pos & self.mask];
            // SAFETY: we have `&mut self`, so no operation is in progress,
            // and every push that claimed a position in `head..tail` has
            // written its slot (a push writes before it can panic), and no
            // pop has read it. Each position is visited once.
            slot.value
                .with_mut(|cell| unsafe { cell.cast::<T>().drop_in_place() });
            pos = pos.wrapping_add(1);
        }
    }
}

// ANCHOR: queue
/// A bounded multi-producer multi-consumer FIFO queue (Vyukov's).
pub struct BoundedQueue<T> {
    /// Position of the next pop.
    head: AtomicUsize,
    /// Position of the next push.
    tail: AtomicUsize,
    ring: Ring<T>,
}
// ANCHOR_END: queue

// ANCHOR: send_sync
// SAFETY: (Send) the queue owns the `T`s in its slots; sending the queue
// sends them, which is sound when `T: Send`.
unsafe impl<T: Send> Send for BoundedQueue<T> {}
// SAFETY: (Sync) through `&BoundedQueue` a thread can push a `T` that
// another thread pops, so values cross threads: `T: Send` is needed, and
// enough. No `&T` is ever handed out, so `T: Sync` is not needed. Each
// slot's value is accessed by one thread at a time: the CAS on `tail` or
// `head` picks that thread, and the sequence hand-over (Release store,
// Acquire load) orders its access after the previous one.
unsafe impl<T: Send> Sync for BoundedQueue<T> {}
// ANCHOR_END: send_sync

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
            head: AtomicUsize::new(start),
            tail: AtomicUsize::new(start),
            ring: Ring::new(capacity, start),
        }
    }

    /// The number of slots.
    pub fn capacity(&self) -> usize {
        self.ring.capacity()
    }

    /// Adds `value` at the back, or gives it back if the queue is full
    /// (more exactly: if the next slot still holds, or is being emptied
    /// of, the value of the previous lap).
    pub fn try_push(&self, value: T) -> Result<(), T> {
        self.ring.push(&self.tail, value, || {})
    }

    /// Like [`try_push`](Self::try_push), and runs `pause` after claiming
    /// a slot and writing the value into it but before publishing it: a
    /// hook to show what a producer stalled there does to everyone else.
    /// `pause` does not run if the queue is full.
    pub fn try_push_with_pause(
        &self,
        value: T,
        pause: impl FnOnce(),
    ) -> Result<(), T> {
        self.ring.push(&self.tail, value, pause)
    }

    /// Removes the value at the front, or returns `None` if the queue is
    /// empty (more exactly: if the value for the next position has not
    /// been published yet).
    pub fn try_pop(&self) -> Option<T> {
        self.ring.pop(&self.head)
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
        // Relaxed: `&mut self`, so no other thread is using the queue,
        // and whatever made the last operations visible to this thread
        // (a join, a channel) already ordered them before us.
        let head = self.head.load(Ordering::Relaxed);
        let tail = self.tail.load(Ordering::Relaxed);
        self.ring.drop_values(head, tail);
    }
}
