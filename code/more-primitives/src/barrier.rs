//! A reusable barrier. One word holds the round (the generation)
//! in its high bits and the arrivals of that round in its low bits; each
//! arrival is one compare-exchange, so a thread learns its round from the
//! same step that counts it, and the last arriver opens the round (count
//! back to 0, generation plus one) in that step too. Waiters sleep on the
//! word until its generation changes.

use crate::sync::{AtomicU32, Ordering, wait, wake_all};

// ANCHOR: barrier
/// A barrier for `parties` threads that can be used round after round, by
/// any number of threads: as with std's `Barrier`, the calls are grouped
/// into rounds of `parties` in the order they arrive.
#[derive(Debug)]
pub struct Barrier {
    parties: u32,
    /// Adding this to the state moves it to the next generation: the
    /// lowest power of two that is at least `parties`, so the count (at
    /// most `parties - 1` between rounds) fits in the bits below it.
    one_round: u32,
    /// `generation * one_round + arrived`.
    state: AtomicU32,
}

impl Barrier {
    /// A barrier that opens each time `parties` threads have called `wait`.
    ///
    /// # Panics
    ///
    /// If `parties` is 0 or more than 2¹⁶ (so that at least 16 bits are
    /// left for the generation).
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
    /// `true` on exactly one of them, the last to arrive (the leader).
    pub fn wait(&self) -> bool {
        let count_mask = self.one_round - 1;
        let mut state = self.state.load(Ordering::Relaxed);
        // Arrive: one step counts us and tells us our round. The last
        // arriver's step also opens the round, so there is no moment at
        // which a finished round's count is still in the word.
        let leader = loop {
            let leader = state & count_mask == self.parties - 1;
            let (next, ordering) = if leader {
                // Count 0, next generation. Acquire: take in what every
                // earlier arriver did; Release: hand it all on.
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
        // ANCHOR_END: barrier
        // A no-op except in this crate's tests, which can hold the thread
        // here (see `src/schedule_hooks.rs`).
        crate::sync::after_arrival(leader);
        // ANCHOR: barrier_wait
        if leader {
            wake_all(&self.state);
            return true;
        }
        // `state` is the word our arrival replaced: its generation is ours.
        let round = state & !count_mask;
        loop {
            let now = self.state.load(Ordering::Acquire);
            if now & !count_mask != round {
                return false;
            }
            // Sleep only if the word is still what we just read; arrivals
            // for the next round change it too, which only makes us look
            // again.
            wait(&self.state, now);
        }
    }
}
// ANCHOR_END: barrier_wait
