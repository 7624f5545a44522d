//! RwLock step 4: wake only when someone may be asleep. This is the crate's
//! [`RwLock`](crate::RwLock).
//!
//! Step 3's `write_unlock` made two futex system calls every time. Step 4
//! keeps step 3's policy (a waiting writer stops new readers, writers sleep
//! on their own counter) but records in the state who may be asleep, so
//! that an unlock with nobody waiting makes no system call:
//!
//! - bit 0, `WRITER_WAITING`: a writer waits (or may sleep) on
//!   `writer_wake_counter`; new readers stay out, as in step 3;
//! - bit 1, `READERS_WAITING`: a reader may sleep on `state`;
//! - the other 30 bits: the number of readers, in steps of `ONE_READER`
//!   (4), or all ones (`WRITE_LOCKED`) while a writer holds the lock.

use crate::rwlock_guards::{RawRwLock, RwLock as Lock};
use crate::sync::{AtomicU32, Ordering, wait, wake_all, wake_one};

// ANCHOR: bits
const WRITER_WAITING: u32 = 1;
const READERS_WAITING: u32 = 2;
const WAITING_BITS: u32 = WRITER_WAITING | READERS_WAITING;
const ONE_READER: u32 = 4;
/// The reader field with every bit set: a writer holds the lock.
const WRITE_LOCKED: u32 = !WAITING_BITS;

/// The holders' part of a state: `ONE_READER * readers`, or `WRITE_LOCKED`.
fn holders(state: u32) -> u32 {
    state & !WAITING_BITS
}
// ANCHOR_END: bits

/// The locking protocol of step 4.
#[derive(Debug)]
pub struct Raw {
    /// The waiting bits and the holders (see the module's documentation).
    state: AtomicU32,
    /// Incremented by every unlock that wakes a writer.
    writer_wake_counter: AtomicU32,
}

/// A writer-preferring reader-writer lock that makes no system call when
/// nobody waits.
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

    /// Whether `WRITER_WAITING` is set: a writer waits, and may be asleep. A
    /// snapshot for tests and diagnostics.
    pub fn writer_waiting(&self) -> bool {
        self.raw().state.load(Ordering::Relaxed) & WRITER_WAITING != 0
    }

    /// Whether `READERS_WAITING` is set: a reader may be asleep. A snapshot
    /// for tests and diagnostics.
    pub fn readers_waiting(&self) -> bool {
        self.raw().state.load(Ordering::Relaxed) & READERS_WAITING != 0
    }
}

impl Raw {
    /// Bumps the writers' counter and wakes one writer sleeping on it.
    fn wake_writer(&self) {
        self.writer_wake_counter.fetch_add(1, Ordering::Release);
        wake_one(&self.writer_wake_counter);
    }
}

// SAFETY: a reader enters only by adding ONE_READER to a state whose
// holders are fewer than the maximum number of readers (so not
// WRITE_LOCKED), and a writer only by replacing a state with no holders
// by one whose holders are WRITE_LOCKED; so readers and writers exclude
// each other and writers exclude each other. The waiting bits only decide
// who sleeps and who is woken, never who may enter. Unlocks are Release,
// successful locks Acquire, on `state`.
unsafe impl RawRwLock for Raw {
    // ANCHOR: read
    fn read_lock(&self) {
        let mut state = self.state.load(Ordering::Relaxed);
        loop {
            if holders(state) == WRITE_LOCKED || state & WRITER_WAITING != 0 {
                // A writer is inside or waiting: say that a reader sleeps
                // before sleeping, so that the writer's unlock wakes us.
                if state & READERS_WAITING == 0
                    && let Err(now) = self.state.compare_exchange(
                        state,
                        state | READERS_WAITING,
                        Ordering::Relaxed,
                        Ordering::Relaxed,
                    )
                {
                    state = now;
                    continue;
                }
                // Sleeps only if the state still holds our bit: an unlock
                // that cleared it since has changed the value.
                wait(&self.state, state | READERS_WAITING);
                state = self.state.load(Ordering::Relaxed);
                continue;
            }
            assert!(
                holders(state) < WRITE_LOCKED - ONE_READER,
                "too many readers"
            );
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
        let before = self.state.fetch_sub(ONE_READER, Ordering::Release);
        // The last reader out wakes a writer, but only if one waits. (No
        // reader sleeps unless a writer waits or holds the lock: that
        // writer's unlock wakes them.)
        if holders(before) == ONE_READER && before & WRITER_WAITING != 0 {
            self.wake_writer();
        }
    }
    // ANCHOR_END: read

    // ANCHOR: write
    fn write_lock(&self) {
        // Bits this writer adds when it takes the lock. Once it has waited,
        // it cannot know whether other writers still sleep, so it keeps
        // WRITER_WAITING set, and its unlock wakes the next one (mutex
        // step 2 takes its lock as CONTENDED for the same reason).
        let mut keep_waiting_bit = 0;
        let mut state = self.state.load(Ordering::Relaxed);
        loop {
            if holders(state) == 0 {
                // Nobody inside: take it, leaving the waiting bits as they
                // are, so that our unlock still wakes whoever sleeps.
                match self.state.compare_exchange(
                    state,
                    state | WRITE_LOCKED | keep_waiting_bit,
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
            // Someone inside: raise our bit, so that no new reader enters
            // and the unlock that lets us in wakes us.
            if state & WRITER_WAITING == 0
                && let Err(now) = self.state.compare_exchange(
                    state,
                    state | WRITER_WAITING,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                )
            {
                state = now;
                continue;
            }
            keep_waiting_bit = WRITER_WAITING;
            // Read the counter, then check that someone is still inside
            // AND that the bit is still raised: only then is an unlock
            // that bumps the counter still to come. (A writer's unlock
            // clears the bit; step 3 could skip this check because its
            // unlock bumped the counter every time.)
            let seen = self.writer_wake_counter.load(Ordering::Acquire);
            state = self.state.load(Ordering::Relaxed);
            if holders(state) != 0 && state & WRITER_WAITING != 0 {
                wait(&self.writer_wake_counter, seen);
                state = self.state.load(Ordering::Relaxed);
            }
        }
    }

    unsafe fn write_unlock(&self) {
        // Clears the holders and both waiting bits; waiters that are woken
        // and still cannot enter raise their bits again.
        let before = self.state.swap(0, Ordering::Release);
        if before & WRITER_WAITING != 0 {
            self.wake_writer();
        }
        if before & READERS_WAITING != 0 {
            wake_all(&self.state);
        }
        // Nobody waiting: no system call at all.
    }
    // ANCHOR_END: write
}
