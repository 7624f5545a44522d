//! RwLock step 2: writers sleep on their own counter.
//!
//! Step 1's writer slept on `state`, which every reader changes. Here a
//! writer sleeps on `writer_wake_counter`, which changes only when an
//! unlock means to wake a writer, so a stream of readers no longer keeps it
//! spinning through futex calls. It can still starve: readers keep entering
//! as long as any reader is inside.

use crate::rwlock_guards::{RawRwLock, RwLock as Lock};
use crate::sync::{AtomicU32, Ordering, wait, wake_all, wake_one};

const WRITE_LOCKED: u32 = u32::MAX;

/// The locking protocol of step 2.
#[derive(Debug)]
pub struct Raw {
    /// Number of readers, or `WRITE_LOCKED`.
    state: AtomicU32,
    /// Incremented by every unlock that may let a writer in.
    writer_wake_counter: AtomicU32,
}

/// A reader-writer lock whose writers do not busy-loop on reader traffic.
pub type RwLock<T> = Lock<Raw, T>;

impl<T> RwLock<T> {
    /// An unlocked lock holding `value`.
    pub fn new(value: T) -> Self {
        Self::with_raw(
            Raw {
                state: AtomicU32::new(0),
                writer_wake_counter: AtomicU32::new(0),
            },
            value,
        )
    }
}

// SAFETY: a reader enters only by moving the state from a reader count to
// that count plus one, a writer only by moving it from 0 to WRITE_LOCKED,
// so the two exclude each other. Every unlock is a Release RMW or store
// and every successful lock an Acquire RMW on the same atomic. The wake
// counter only decides when to sleep, never who may enter.
unsafe impl RawRwLock for Raw {
    fn read_lock(&self) {
        let mut state = self.state.load(Ordering::Relaxed);
        loop {
            if state == WRITE_LOCKED {
                wait(&self.state, WRITE_LOCKED);
                state = self.state.load(Ordering::Relaxed);
                continue;
            }
            assert!(state < WRITE_LOCKED - 1, "too many readers");
            match self.state.compare_exchange_weak(
                state,
                state + 1,
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                Ok(_) => return,
                Err(now) => state = now,
            }
        }
    }

    unsafe fn read_unlock(&self) {
        // The last reader out wakes a writer, the only kind of thread that
        // can be waiting while readers hold the lock.
        if self.state.fetch_sub(1, Ordering::Release) == 1 {
            self.writer_wake_counter.fetch_add(1, Ordering::Release);
            wake_one(&self.writer_wake_counter);
        }
    }

    // ANCHOR: write_lock
    fn write_lock(&self) {
        while self
            .state
            .compare_exchange(
                0,
                WRITE_LOCKED,
                Ordering::Acquire,
                Ordering::Relaxed,
            )
            .is_err()
        {
            // Read the counter first, then check the state again: an unlock
            // after this load bumps the counter, so the wait below returns
            // at once instead of missing the wake-up.
            let seen = self.writer_wake_counter.load(Ordering::Acquire);
            if self.state.load(Ordering::Relaxed) != 0 {
                wait(&self.writer_wake_counter, seen);
            }
        }
    }

    unsafe fn write_unlock(&self) {
        self.state.store(0, Ordering::Release);
        // Readers and writers may both be asleep: wake one writer (on the
        // counter) and every reader (on the state).
        self.writer_wake_counter.fetch_add(1, Ordering::Release);
        wake_one(&self.writer_wake_counter);
        wake_all(&self.state);
    }
    // ANCHOR_END: write_lock
}
