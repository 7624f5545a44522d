//! mutants: skip (broken on purpose: the chapter's loom example)
//!
//! The first barrier of the "More primitives" chapter, before a review
//! found its bug: two words, a count of arrivals and a generation, and a
//! leader that resets the count with a plain store. The store erases any
//! arrival that lands between the leader's `fetch_add` and the reset, and
//! the thread that made it then waits for a round nobody will finish.
//! `more_primitives::Barrier` is the corrected version (one word, one
//! compare-exchange per arrival).

use crate::sync::{AtomicU32, Ordering, wait, wake_all};

// ANCHOR: barrier
/// A reusable barrier for `parties` threads, with a lost-arrival bug.
#[derive(Debug)]
pub struct ErasingBarrier {
    parties: u32,
    arrived: AtomicU32,
    generation: AtomicU32,
}

impl ErasingBarrier {
    /// A barrier that opens each time `parties` threads have called `wait`.
    pub fn new(parties: u32) -> Self {
        assert!(parties > 0, "a barrier needs at least one party");
        Self {
            parties,
            arrived: AtomicU32::new(0),
            generation: AtomicU32::new(0),
        }
    }

    /// Waits until `parties` threads have arrived. Returns `true` on the
    /// last to arrive (the leader).
    pub fn wait(&self) -> bool {
        let generation = self.generation.load(Ordering::Acquire);
        let arrived = self.arrived.fetch_add(1, Ordering::AcqRel) + 1;
        if arrived == self.parties {
            // The bug: an arrival of the next round may already have
            // been added since our fetch_add, and this store erases it.
            self.arrived.store(0, Ordering::Relaxed);
            self.generation.fetch_add(1, Ordering::Release);
            wake_all(&self.generation);
            return true;
        }
        while self.generation.load(Ordering::Acquire) == generation {
            wait(&self.generation, generation);
        }
        false
    }
}
// ANCHOR_END: barrier
