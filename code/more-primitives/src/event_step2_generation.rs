//! Event step 2: the manual-reset event with a generation count, so that
//! every thread already waiting when `set` runs is released, even if
//! `reset` follows at once.

use crate::sync::{AtomicU32, Ordering, wait, wake_all};

/// Bit 0 of the state: the event is set.
const SET_BIT: u32 = 1;
/// Bits 1 to 31 count the `set` calls that found the event unset.
const ONE_SET: u32 = 2;

// ANCHOR: event
/// A manual-reset event. `wait` returns if the event is set when it is
/// called, or if some `set` happens while it waits, even one undone by a
/// `reset` before the waiter gets to run.
#[derive(Debug)]
pub struct Event {
    /// `sets << 1 | set_bit`.
    state: AtomicU32,
}

impl Event {
    /// A new event, not set.
    pub fn new() -> Self {
        Self {
            state: AtomicU32::new(0),
        }
    }

    /// Sets the event and wakes every waiter. Setting a set event does
    /// nothing.
    pub fn set(&self) {
        let mut state = self.state.load(Ordering::Relaxed);
        while state & SET_BIT == 0 {
            // One step: raise the bit and count one more `set`.
            let next = state.wrapping_add(ONE_SET) | SET_BIT;
            match self.state.compare_exchange_weak(
                state,
                next,
                Ordering::Release,
                Ordering::Relaxed,
            ) {
                Ok(_) => {
                    wake_all(&self.state);
                    return;
                }
                Err(now) => state = now,
            }
        }
    }

    /// Clears the event; later calls to `wait` block again. The count of
    /// sets is kept.
    pub fn reset(&self) {
        self.state.fetch_and(!SET_BIT, Ordering::Relaxed);
    }

    /// Returns once the event is set, or once a `set` has happened since
    /// this call began.
    pub fn wait(&self) {
        self.wait_since(self.snapshot());
    }

    /// Reads the state, so that a later [`wait_since`](Self::wait_since)
    /// returns if the event was set then or has been set since.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot(self.state.load(Ordering::Acquire))
    }

    /// Returns once the event is set, or once a `set` has happened since
    /// `seen` was taken.
    pub fn wait_since(&self, seen: Snapshot) {
        let Snapshot(seen) = seen;
        if seen & SET_BIT != 0 {
            return;
        }
        // From an unset state, only a `set` changes the word (a `reset`
        // of an unset event writes the same value back), so any change
        // means a `set` happened.
        while self.state.load(Ordering::Acquire) == seen {
            wait(&self.state, seen);
        }
    }
    // ANCHOR_END: event

    /// Whether the event is set right now.
    pub fn is_set(&self) -> bool {
        self.state.load(Ordering::Acquire) & SET_BIT != 0
    }
}

/// The state of an [`Event`] at one moment, from [`Event::snapshot`].
#[derive(Clone, Copy, Debug)]
pub struct Snapshot(u32);

impl Default for Event {
    fn default() -> Self {
        Self::new()
    }
}
