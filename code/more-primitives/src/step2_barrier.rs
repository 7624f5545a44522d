//! Step 2: a reusable barrier. A count of arrivals and a generation
//! number; the last arriver resets the count, bumps the generation and
//! wakes everyone, who sleep on the generation word.

use crate::sync::{AtomicU32, Ordering, wait, wake_all};

// ANCHOR: barrier
/// A barrier for `parties` threads that can be used round after round.
#[derive(Debug)]
pub struct Barrier {
    parties: u32,
    arrived: AtomicU32,
    generation: AtomicU32,
}

impl Barrier {
    /// A barrier that opens each time `parties` threads have called `wait`.
    ///
    /// # Panics
    ///
    /// If `parties` is 0.
    pub fn new(parties: u32) -> Self {
        assert!(parties > 0, "a barrier needs at least one party");
        Self {
            parties,
            arrived: AtomicU32::new(0),
            generation: AtomicU32::new(0),
        }
    }

    /// Waits until `parties` threads have arrived in this round. Returns
    /// `true` on exactly one of them, the last to arrive (the leader).
    pub fn wait(&self) -> bool {
        // Read the round *before* arriving: once we have arrived, the
        // last thread may bump the generation at any moment.
        let round = self.generation.load(Ordering::Acquire);
        let arrived = self.arrived.fetch_add(1, Ordering::AcqRel) + 1;
        if arrived == self.parties {
            // Nobody else touches `arrived` until the new round has been
            // published below, so a plain store resets it.
            self.arrived.store(0, Ordering::Relaxed);
            self.generation.fetch_add(1, Ordering::Release);
            wake_all(&self.generation);
            true
        } else {
            while self.generation.load(Ordering::Acquire) == round {
                wait(&self.generation, round);
            }
            false
        }
    }
}
// ANCHOR_END: barrier
