//! Pool step 2: the same free list, with a tag beside the slot number.
//!
//! `head` is now 64 bits: the slot number in the low 32 and a tag in the
//! high 32 that every successful compare-exchange increments. A `take`
//! that was preempted compares against the tag it read as well, so if any
//! `take` or `give_back` has succeeded in the meantime its compare-exchange
//! fails and it reads the list again. The same slot can return to the top;
//! the same 64-bit value cannot, until the tag wraps around after 2^32
//! changes of the list.

use crate::sync::{AtomicU32, AtomicU64, Ordering};

/// Marks the end of the free list.
pub const NO_SLOT: u32 = u32::MAX;

// ANCHOR: types
/// Hands out the slots `0..capacity`, each to one holder at a time.
pub struct SlotPool {
    /// `tag << 32 | slot`: the first free slot (or `NO_SLOT`) and how many
    /// times the list has changed, modulo 2^32.
    head: AtomicU64,
    /// For each free slot, the free slot below it.
    next: Box<[AtomicU32]>,
}

fn pack(tag: u32, slot: u32) -> u64 {
    u64::from(tag) << 32 | u64::from(slot)
}

fn unpack(head: u64) -> (u32, u32) {
    ((head >> 32) as u32, head as u32)
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
            head: AtomicU64::new(pack(0, head)),
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
            let (tag, slot) = unpack(head);
            if slot == NO_SLOT {
                return None;
            }
            let next = self.next[slot as usize].load(Ordering::Relaxed);
            if let Some(pause) = pause.take() {
                pause();
            }
            // Succeeds only if nothing changed the list since we read
            // `head`: every change increments the tag.
            // Strong, as in step 1, so that the two steps differ only in
            // the tag (the weak form would be as correct here).
            match self.head.compare_exchange(
                head,
                pack(tag.wrapping_add(1), next),
                Ordering::Relaxed,
                Ordering::Acquire,
            ) {
                Ok(_) => return Some(slot),
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
            let (tag, first) = unpack(head);
            self.next[slot as usize].store(first, Ordering::Relaxed);
            // Release: the next `take` of this slot sees the `next` above
            // and everything we did with the slot before giving it back.
            match self.head.compare_exchange_weak(
                head,
                pack(tag.wrapping_add(1), slot),
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
