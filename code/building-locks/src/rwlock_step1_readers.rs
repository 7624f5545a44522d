//! RwLock step 1: count the readers in the state.
//!
//! `state` is the number of readers, or `WRITE_LOCKED` (`u32::MAX`) while a
//! writer holds the lock. Readers and writers both sleep on `state`. The
//! flaw: a waiting writer sleeps on a value that every arriving or leaving
//! reader changes, so with a stream of readers it wakes up (or never falls
//! asleep) again and again, and it can wait forever.

use crate::rwlock_guards::{RawRwLock, RwLock as Lock};
use crate::sync::{AtomicU32, Ordering, wait, wake_all, wake_one};

const WRITE_LOCKED: u32 = u32::MAX;

/// The locking protocol of step 1.
#[derive(Debug)]
pub struct Raw {
    state: AtomicU32,
}

/// A reader-writer lock that counts readers in one atomic.
pub type RwLock<T> = Lock<Raw, T>;

impl<T> RwLock<T> {
    /// An unlocked lock holding `value`.
    pub fn new(value: T) -> Self {
        Self::with_raw(
            Raw {
                state: AtomicU32::new(0),
            },
            value,
        )
    }
}

// ANCHOR: raw
// SAFETY: a reader enters only by moving the state from a reader count to
// that count plus one, a writer only by moving it from 0 to WRITE_LOCKED,
// so the two exclude each other. Every unlock is a Release RMW or store
// and every successful lock an Acquire RMW on the same atomic.
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
            wake_one(&self.state);
        }
    }

    fn write_lock(&self) {
        while let Err(state) = self.state.compare_exchange(
            0,
            WRITE_LOCKED,
            Ordering::Acquire,
            Ordering::Relaxed,
        ) {
            // Sleeps only while the reader count stays exactly `state`.
            wait(&self.state, state);
        }
    }

    unsafe fn write_unlock(&self) {
        self.state.store(0, Ordering::Release);
        // Readers and writers may both be asleep: wake them all.
        wake_all(&self.state);
    }
}
// ANCHOR_END: raw
