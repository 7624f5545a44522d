//! Electing one leader among the threads that ask, with one
//! compare-exchange. The atomics chapter warns that `compare_exchange_weak`
//! may fail even when the value matches (on LL/SC processors, when the
//! reservation is lost), so it belongs in a loop that retries. Here it is
//! not in one: a spurious failure makes a caller think somebody else won,
//! and when every caller's attempt fails spuriously, nobody leads.
//! x86-64's `lock cmpxchg` never fails spuriously and loom 0.7's
//! `compare_exchange_weak` is its strong compare-exchange, so neither a
//! stress test on x86-64 nor loom can show it. Miri fails weak
//! compare-exchanges on purpose.

use crate::sync::{AtomicBool, Ordering};

// ANCHOR: weak
/// Elects the first caller of [`try_lead`](Self::try_lead), or, because
/// of its bug, sometimes nobody.
#[derive(Debug, Default)]
pub struct WeakElection {
    taken: AtomicBool,
}

impl WeakElection {
    /// Whether this caller is the leader. Meant to be `true` for exactly
    /// one caller. (mutants: skip, broken on purpose)
    pub fn try_lead(&self) -> bool {
        // The bug: a weak compare-exchange, not in a loop.
        self.taken
            .compare_exchange_weak(
                false,
                true,
                Ordering::Relaxed,
                Ordering::Relaxed,
            )
            .is_ok()
    }
}
// ANCHOR_END: weak

// ANCHOR: strong
/// Elects exactly one of the callers of [`try_lead`](Self::try_lead).
#[derive(Debug, Default)]
pub struct Election {
    taken: AtomicBool,
}

impl Election {
    /// Whether this caller is the leader: `true` for exactly one caller.
    pub fn try_lead(&self) -> bool {
        // Strong: fails only if `taken` is already `true`. Relaxed: the
        // flag protects no other data; a leader that publishes something
        // needs its own Release/Acquire pair for it.
        self.taken
            .compare_exchange(false, true, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
    }
}
// ANCHOR_END: strong
