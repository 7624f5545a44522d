//! Pool step 1: a free list of slot indices, with the ABA problem.
//! (mutants: skip. The step is broken on purpose; its orderings are
//! step 2's, which the mutants stage checks.)
//!
//! A fixed set of slots (think of buffers allocated once) is handed out by
//! `take` and returned by `give_back`. The free slots form a Treiber stack
//! whose nodes are the slots themselves: `next[slot]` is the free slot
//! below it. Nothing is ever freed, so there is no use-after-free; but a
//! slot comes back to the top of the list after being taken, and a `take`
//! that was preempted between reading `head` and its compare-exchange can
//! succeed against a list that has changed underneath it. That is the ABA
//! problem, and step 2 fixes it.

use crate::sync::{AtomicU32, Ordering};

/// Marks the end of the free list.
pub const NO_SLOT: u32 = u32::MAX;

// ANCHOR: types
/// Hands out the slots `0..capacity`, each to one holder at a time.
pub struct SlotPool {
    /// The first free slot, or `NO_SLOT`.
    head: AtomicU32,
    /// For each free slot, the free slot below it.
    next: Box<[AtomicU32]>,
}
// ANCHOR_END: types

impl SlotPool {
    /// A pool whose `capacity` slots are all free.
    pub fn new(capacity: u32) -> Self {
        assert!(capacity < NO_SLOT, "too many slots");
        let next = (0..capacity)
            .map(|slot| {
                AtomicU32::new(if slot + 1 < capacity {
                    slot + 1
                } else {
                    NO_SLOT
                })
            })
            .collect();
        let head = if capacity == 0 { NO_SLOT } else { 0 };
        Self {
            head: AtomicU32::new(head),
            next,
        }
    }

    /// Takes a free slot, or returns `None` if every slot is taken.
    pub fn take(&self) -> Option<u32> {
        self.take_with_pause(|| {})
    }

    // ANCHOR: take
    /// [`take`](Self::take), calling `pause` once, on the first attempt,
    /// after reading `head` and `next` and before the compare-exchange:
    /// the moment a preempted thread is stopped at. The tests use it to
    /// replay the ABA interleaving on one thread.
    pub fn take_with_pause(&self, pause: impl FnOnce()) -> Option<u32> {
        let mut pause = Some(pause);
        // Acquire: pairs with the Release in `give_back`, so we see the
        // `next` written before that slot went on the list, and the holder
        // that gave it back is done with it.
        let mut head = self.head.load(Ordering::Acquire);
        loop {
            if head == NO_SLOT {
                return None;
            }
            let next = self.next[head as usize].load(Ordering::Relaxed);
            if let Some(pause) = pause.take() {
                pause();
            }
            // The bug: this succeeds whenever `head` holds the same slot
            // number again, even if the slot was taken, given back, and
            // `next` is no longer what is below it.
            //
            // Strong, unlike the stack's: a spurious failure would reread
            // the list and take the right slot. Miri makes weak
            // compare-exchanges fail spuriously on purpose, and would hide
            // the bug from the replay test.
            match self.head.compare_exchange(
                head,
                next,
                Ordering::Relaxed,
                Ordering::Acquire,
            ) {
                Ok(_) => return Some(head),
                Err(current) => head = current,
            }
        }
    }
    // ANCHOR_END: take

    // ANCHOR: give_back
    /// Returns a slot taken from this pool.
    ///
    /// Give back only slots you took and still hold; the pool does not
    /// check. (A wrong slot breaks the pool's bookkeeping, not memory
    /// safety: everything here is atomic.)
    pub fn give_back(&self, slot: u32) {
        let mut head = self.head.load(Ordering::Relaxed);
        loop {
            self.next[slot as usize].store(head, Ordering::Relaxed);
            // Release: the next `take` of this slot sees the `next` above
            // and everything we did with the slot before giving it back.
            match self.head.compare_exchange_weak(
                head,
                slot,
                Ordering::Release,
                Ordering::Relaxed,
            ) {
                Ok(_) => return,
                Err(current) => head = current,
            }
        }
    }
    // ANCHOR_END: give_back

    /// How many slots the pool has.
    pub fn capacity(&self) -> u32 {
        self.next.len() as u32
    }
}

impl std::fmt::Debug for SlotPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SlotPool")
            .field("capacity", &self.capacity())
            .finish_non_exhaustive()
    }
}
