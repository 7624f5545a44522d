//! A parker on a futex word.
//!
//! The same protocol as `std::thread::park` on futex platforms: one 32-bit
//! word with three states, a `fetch_sub` to go to sleep, a `swap` to wake.
//! Unlike std's, the parker and the handle that unparks it are separate
//! types, so the compiler enforces "only the owner parks".

use crate::sync::{Arc, AtomicU32, Ordering, wait, wake_one};
use std::cell::Cell;
use std::marker::PhantomData;

// ANCHOR: states
/// No token, nobody asleep.
const EMPTY: u32 = 0;
/// A token is waiting to be consumed by the next `park`.
const NOTIFIED: u32 = 1;
/// The owner is asleep (or about to sleep) in `park`. `EMPTY - 1`, so one
/// `fetch_sub(1)` takes `NOTIFIED` to `EMPTY` and `EMPTY` to `PARKED`.
const PARKED: u32 = u32::MAX;
// ANCHOR_END: states

// ANCHOR: types
/// The sleeping half: only the thread that owns the `Parker` parks.
///
/// `Parker` is `Send` but not `Sync`: it may move to another thread, but no
/// two threads can call [`Parker::park`] at the same time, which the
/// protocol relies on (a second `fetch_sub` from `PARKED` would corrupt the
/// state).
///
/// ```compile_fail
/// let parker = os_primitives::Parker::new();
/// std::thread::scope(|s| {
///     // error: `Cell<()>` cannot be shared between threads safely
///     s.spawn(|| parker.park());
/// });
/// ```
#[derive(Debug)]
pub struct Parker {
    state: Arc<AtomicU32>,
    /// Removes `Sync` (and keeps `Send`): see the type's docs.
    _not_sync: PhantomData<Cell<()>>,
}

/// The waking half: any number of clones, on any threads.
#[derive(Debug, Clone)]
pub struct Unparker {
    state: Arc<AtomicU32>,
}
// ANCHOR_END: types

impl Default for Parker {
    fn default() -> Self {
        Self::new()
    }
}

impl Parker {
    /// A parker with no token.
    pub fn new() -> Self {
        Self {
            state: Arc::new(AtomicU32::new(EMPTY)),
            _not_sync: PhantomData,
        }
    }

    /// A handle other threads use to wake this parker.
    pub fn unparker(&self) -> Unparker {
        Unparker {
            state: Arc::clone(&self.state),
        }
    }

    // ANCHOR: park
    /// Consumes the token if there is one; otherwise sleeps until an
    /// [`Unparker::unpark`] provides it. Everything the unparking thread did
    /// before `unpark` is visible after `park` returns.
    ///
    /// Unlike `std::thread::park`, this never returns without a token: the
    /// loop absorbs the futex's spurious wake-ups.
    pub fn park(&self) {
        // NOTIFIED -> EMPTY: the token was already there, take it and go.
        // EMPTY -> PARKED: announce that we are about to sleep.
        if self.state.fetch_sub(1, Ordering::Acquire) == NOTIFIED {
            return;
        }
        loop {
            // Sleeps only if the word still says PARKED. If `unpark` has
            // already swapped in NOTIFIED, this returns at once.
            wait(&self.state, PARKED);
            // Woken, spuriously or not: take the token if it is there,
            // with Acquire, reading `unpark`'s Release. A failure can only
            // read PARKED, our own write (`unpark` writes only NOTIFIED, and
            // only `park` moves the word away from it), so it needs no
            // ordering; std's parker has Acquire there too, unexplained.
            if self
                .state
                .compare_exchange(
                    NOTIFIED,
                    EMPTY,
                    Ordering::Acquire,
                    Ordering::Relaxed,
                )
                .is_ok()
            {
                return;
            }
        }
    }
    // ANCHOR_END: park

    /// Takes the token if there is one, without sleeping. Returns whether
    /// there was a token.
    pub fn try_park(&self) -> bool {
        self.state
            .compare_exchange(
                NOTIFIED,
                EMPTY,
                Ordering::Acquire,
                Ordering::Relaxed,
            )
            .is_ok()
    }
}

impl Unparker {
    // ANCHOR: unpark
    /// Gives the parker its token, and wakes it if it is asleep. Tokens do
    /// not add up: two `unpark`s before a `park` leave one token.
    pub fn unpark(&self) {
        // EMPTY, NOTIFIED or PARKED -> NOTIFIED. Always a write, so every
        // unpark is a Release that the next park's Acquire reads.
        if self.state.swap(NOTIFIED, Ordering::Release) == PARKED {
            wake_one(&self.state);
        }
    }
    // ANCHOR_END: unpark
}
