//! Event step 1: a manual-reset event as a bare flag. It works for `set`
//! and `wait`, but a `set` followed quickly by `reset` can be missed by a
//! thread that was already waiting. Step 2 fixes that.

use crate::sync::{AtomicU32, Ordering, wait, wake_all};

const UNSET: u32 = 0;
const SET: u32 = 1;

// ANCHOR: flag_event
/// A manual-reset event: once set, it stays set (and `wait` returns at
/// once) until someone resets it.
#[derive(Debug)]
pub struct FlagEvent {
    state: AtomicU32,
}

impl FlagEvent {
    /// A new event, not set.
    pub fn new() -> Self {
        Self {
            state: AtomicU32::new(UNSET),
        }
    }

    /// Sets the event and wakes every waiter. Setting a set event does
    /// nothing.
    pub fn set(&self) {
        if self.state.swap(SET, Ordering::Release) == UNSET {
            wake_all(&self.state);
        }
    }

    /// Clears the event; later calls to `wait` block again.
    pub fn reset(&self) {
        self.state.store(UNSET, Ordering::Relaxed);
    }

    /// Returns once the event is seen set.
    pub fn wait(&self) {
        while self.state.load(Ordering::Acquire) == UNSET {
            wait(&self.state, UNSET);
        }
    }
    // ANCHOR_END: flag_event

    /// Whether the event is set right now.
    pub fn is_set(&self) -> bool {
        self.state.load(Ordering::Acquire) == SET
    }
}

impl Default for FlagEvent {
    fn default() -> Self {
        Self::new()
    }
}
