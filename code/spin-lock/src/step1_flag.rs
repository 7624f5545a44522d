//! Step 1: a lock that is only a flag.
//!
//! `SpinFlag` is one `AtomicBool`: `true` while some thread holds the lock.
//! It already excludes threads from each other and orders their work with
//! Acquire and Release. What it lacks is any connection to the data it is
//! meant to protect, which step 2 adds.

use crate::sync::{AtomicBool, Ordering, spin_loop};

// ANCHOR: flag
/// A spin lock that protects nothing in particular: callers must agree
/// among themselves what data it guards, and must pair every `lock` with
/// exactly one `unlock`.
#[derive(Debug)]
pub struct SpinFlag {
    locked: AtomicBool,
}

impl SpinFlag {
    /// An unlocked flag.
    pub fn new() -> Self {
        Self {
            locked: AtomicBool::new(false),
        }
    }

    /// Waits until the flag is clear, then sets it.
    pub fn lock(&self) {
        // `compare_exchange(false, true, ..)` checks that the flag is
        // `false` and sets it to `true` in one atomic step, so of several
        // threads that try at once exactly one succeeds. The others get
        // `Err(true)`, change nothing, and try again.
        // Acquire, on success: everything the previous holder wrote before
        // its Release store of `false` is visible to us from here on.
        // Relaxed, on failure: a failed attempt takes nothing, so it has
        // nothing to synchronise with.
        while self
            .locked
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            spin_loop();
        }
    }

    /// Clears the flag, letting one waiting thread in.
    pub fn unlock(&self) {
        // Release: everything we wrote while holding the lock becomes
        // visible to the thread whose Acquire compare-exchange reads this
        // `false`.
        self.locked.store(false, Ordering::Release);
    }
}
// ANCHOR_END: flag

impl Default for SpinFlag {
    fn default() -> Self {
        Self::new()
    }
}
