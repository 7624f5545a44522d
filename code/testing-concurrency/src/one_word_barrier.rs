//! The corrected barrier of the "More primitives" chapter
//! (`more_primitives::Barrier`), copied here so that it builds against this
//! crate's `sync` shim and runs under shuttle beside the erasing one: the
//! count and the generation share one word, and each arrival is one
//! compare-exchange, so the leader's step that opens the round also clears
//! the count, and no arrival can land in between.

use crate::sync::{AtomicU32, Ordering, wait, wake_all};

/// A reusable barrier for `parties` threads.
#[derive(Debug)]
pub struct OneWordBarrier {
    parties: u32,
    /// Adding this moves the state to the next generation: the lowest power
    /// of two at least `parties`, so the count fits in the bits below it.
    one_round: u32,
    /// `generation * one_round + arrived`.
    state: AtomicU32,
}

impl OneWordBarrier {
    /// A barrier that opens each time `parties` threads have called `wait`.
    ///
    /// # Panics
    ///
    /// If `parties` is 0 or more than 2¹⁶.
    pub fn new(parties: u32) -> Self {
        assert!(parties > 0, "a barrier needs at least one party");
        assert!(parties <= 1 << 16, "at most 65,536 parties");
        Self {
            parties,
            one_round: parties.next_power_of_two(),
            state: AtomicU32::new(0),
        }
    }

    /// Waits until `parties` threads have arrived in this round. Returns
    /// `true` on the last to arrive (the leader).
    pub fn wait(&self) -> bool {
        let count_mask = self.one_round - 1;
        let mut state = self.state.load(Ordering::Relaxed);
        let leader = loop {
            let leader = state & count_mask == self.parties - 1;
            let (next, ordering) = if leader {
                // Count 0, next generation, in the same step.
                let opened = state & !count_mask;
                (opened.wrapping_add(self.one_round), Ordering::AcqRel)
            } else {
                (state + 1, Ordering::Release)
            };
            match self.state.compare_exchange_weak(
                state,
                next,
                ordering,
                Ordering::Relaxed,
            ) {
                Ok(_) => break leader,
                Err(now) => state = now,
            }
        };
        if leader {
            wake_all(&self.state);
            return true;
        }
        let round = state & !count_mask;
        loop {
            let now = self.state.load(Ordering::Acquire);
            if now & !count_mask != round {
                return false;
            }
            wait(&self.state, now);
        }
    }
}
