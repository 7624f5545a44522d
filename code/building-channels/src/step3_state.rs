//! Step 3: the same one-shot channel with a safe API, checked at run time.
//!
//! One atomic byte records where the channel is in its life, so a second
//! `send` or an early or second `receive` panics instead of being
//! undefined behaviour.

use std::fmt;
use std::mem::MaybeUninit;

use crate::sync::{AtomicU8, Ordering, UnsafeCell};

// ANCHOR: type
/// Nothing sent yet.
const EMPTY: u8 = 0;
/// A `send` has claimed the slot and is writing the message.
const WRITING: u8 = 1;
/// The message is in the slot, waiting for `receive`.
const READY: u8 = 2;
/// A `receive` has claimed the message; the channel is spent.
const TAKEN: u8 = 3;

/// A one-shot channel whose misuse panics.
pub struct Channel<T> {
    message: UnsafeCell<MaybeUninit<T>>,
    state: AtomicU8,
}

// SAFETY: (the obligation of `Sync`) every method reachable through `&self`
// must be sound when called from several threads at once. The
// compare-exchanges below let exactly one `send` write the slot and exactly
// one `receive` read it, and only after the write (Release/Acquire on
// `state`). The message moves from one thread to another and is never lent
// as `&T`, so `T: Send` is needed and `T: Sync` is not.
unsafe impl<T: Send> Sync for Channel<T> {}
// ANCHOR_END: type

// ANCHOR: impl
impl<T> Channel<T> {
    /// Creates an empty channel.
    pub fn new() -> Self {
        Self {
            message: UnsafeCell::new(MaybeUninit::uninit()),
            state: AtomicU8::new(EMPTY),
        }
    }

    /// Stores `message` in the channel.
    ///
    /// # Panics
    ///
    /// If a message was sent before.
    pub fn send(&self, message: T) {
        // Claiming the slot publishes nothing, so Relaxed is enough here;
        // atomicity alone makes exactly one caller win.
        if self
            .state
            .compare_exchange(
                EMPTY,
                WRITING,
                Ordering::Relaxed,
                Ordering::Relaxed,
            )
            .is_err()
        {
            panic!("a one-shot channel takes only one message");
        }
        self.message.with_mut(|slot| {
            // SAFETY: we moved the state from EMPTY to WRITING, which only
            // one thread can do, and `receive` touches the slot only after
            // seeing READY, which we have not stored yet.
            unsafe { (*slot).write(message) };
        });
        self.state.store(READY, Ordering::Release);
    }

    /// Whether a message is waiting.
    pub fn is_ready(&self) -> bool {
        self.state.load(Ordering::Relaxed) == READY
    }

    /// Moves the message out of the channel.
    ///
    /// # Panics
    ///
    /// If no message is ready, or it was received before.
    pub fn receive(&self) -> T {
        // Acquire pairs with the Release store of READY in `send`.
        if self
            .state
            .compare_exchange(
                READY,
                TAKEN,
                Ordering::Acquire,
                Ordering::Relaxed,
            )
            .is_err()
        {
            panic!("no message to receive");
        }
        self.message.with_mut(|slot| {
            // SAFETY: we moved the state from READY to TAKEN, which only one
            // thread can do, and our Acquire read the sender's Release store
            // of READY, so the slot holds a message written before this read.
            unsafe { slot.cast::<T>().read() }
        })
    }
}
// ANCHOR_END: impl

impl<T> Default for Channel<T> {
    fn default() -> Self {
        Self::new()
    }
}

// ANCHOR: drop
impl<T> Drop for Channel<T> {
    fn drop(&mut self) {
        // `&mut self` means every other access is over and ordered before
        // this one, so Relaxed sees the final state.
        if self.state.load(Ordering::Relaxed) == READY {
            self.message.with_mut(|slot| {
                // SAFETY: READY means sent and not received: the slot holds a
                // message that nobody else will read or drop.
                unsafe { slot.cast::<T>().drop_in_place() }
            });
        }
    }
}
// ANCHOR_END: drop

impl<T> fmt::Debug for Channel<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match self.state.load(Ordering::Relaxed) {
            EMPTY => "empty",
            WRITING => "writing",
            READY => "ready",
            _ => "taken",
        };
        f.debug_struct("Channel")
            .field("state", &state)
            .finish_non_exhaustive()
    }
}
