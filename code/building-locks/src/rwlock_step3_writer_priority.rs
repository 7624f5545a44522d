//! RwLock step 3: a waiting writer stops new readers. Step 4
//! ([`rwlock_step4_no_idle_wakes`](crate::rwlock_step4_no_idle_wakes))
//! keeps this policy and drops the system calls its `write_unlock` makes
//! when nobody waits.
//!
//! The state now counts readers in steps of two, and its lowest bit means
//! "a writer is waiting": `2 * readers`, `2 * readers + 1` with a writer
//! waiting, or `WRITE_LOCKED` (`u32::MAX`, which is odd too). Readers enter
//! only while the state is even, so once a writer waits, the readers inside
//! drain out and no new ones come in.

use crate::rwlock_guards::{RawRwLock, RwLock as Lock};
use crate::sync::{AtomicU32, Ordering, wait, wake_all, wake_one};

const WRITE_LOCKED: u32 = u32::MAX;
const WRITER_WAITING: u32 = 1;
const ONE_READER: u32 = 2;

/// The locking protocol of step 3.
#[derive(Debug)]
pub struct Raw {
    /// `2 * readers + writer_waiting`, or `WRITE_LOCKED`.
    state: AtomicU32,
    /// Incremented by every unlock that may let a writer in.
    writer_wake_counter: AtomicU32,
}

/// A reader-writer lock that does not let readers starve writers.
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

// ANCHOR: raw
// SAFETY: a reader enters only by adding ONE_READER to an even state (no
// writer inside), a writer only by replacing a state of 0 or 1 (no reader
// inside) with WRITE_LOCKED, so readers and writers exclude each other and
// writers exclude each other. Unlocks are Release, successful locks Acquire,
// on `state`.
unsafe impl RawRwLock for Raw {
    fn read_lock(&self) {
        let mut state = self.state.load(Ordering::Relaxed);
        loop {
            if state & WRITER_WAITING != 0 {
                // Write-locked, or a writer is waiting: stay out.
                wait(&self.state, state);
                state = self.state.load(Ordering::Relaxed);
                continue;
            }
            assert!(state < WRITE_LOCKED - ONE_READER, "too many readers");
            match self.state.compare_exchange_weak(
                state,
                state + ONE_READER,
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                Ok(_) => return,
                Err(now) => state = now,
            }
        }
    }

    unsafe fn read_unlock(&self) {
        // The last reader out, with a writer waiting, leaves the state at
        // WRITER_WAITING: the writer's turn.
        if self.state.fetch_sub(ONE_READER, Ordering::Release)
            == ONE_READER + WRITER_WAITING
        {
            self.writer_wake_counter.fetch_add(1, Ordering::Release);
            wake_one(&self.writer_wake_counter);
        }
    }

    fn write_lock(&self) {
        let mut state = self.state.load(Ordering::Relaxed);
        loop {
            // No readers and no writer inside (a waiting-writer bit, ours or
            // another writer's, is fine): take it.
            if state <= WRITER_WAITING {
                match self.state.compare_exchange(
                    state,
                    WRITE_LOCKED,
                    Ordering::Acquire,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => return,
                    Err(now) => {
                        state = now;
                        continue;
                    }
                }
            }
            // Readers inside: raise the bit, so that no new reader enters.
            if state & WRITER_WAITING == 0
                && let Err(now) = self.state.compare_exchange(
                    state,
                    state + WRITER_WAITING,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                )
            {
                state = now;
                continue;
            }
            // Sleep until an unlock bumps the counter, unless it already
            // has since we looked at the state.
            let seen = self.writer_wake_counter.load(Ordering::Acquire);
            state = self.state.load(Ordering::Relaxed);
            if state > WRITER_WAITING {
                wait(&self.writer_wake_counter, seen);
                state = self.state.load(Ordering::Relaxed);
            }
        }
    }

    unsafe fn write_unlock(&self) {
        // Storing 0 also clears the waiting bit; writers still waiting set it
        // again when they wake.
        self.state.store(0, Ordering::Release);
        // Readers and writers may both be asleep: wake one writer (on the
        // counter) and every reader (on the state).
        self.writer_wake_counter.fetch_add(1, Ordering::Release);
        wake_one(&self.writer_wake_counter);
        wake_all(&self.state);
    }
}
// ANCHOR_END: raw
