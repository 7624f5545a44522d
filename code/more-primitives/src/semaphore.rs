//! A counting semaphore. The permits are one `AtomicU32`, and a
//! thread that finds none sleeps on that same word.

use crate::sync::{AtomicU32, Ordering, wait, wake_one};

// ANCHOR: semaphore
/// A counting semaphore: `acquire` takes one permit, waiting while there
/// are none; `release` puts one back.
#[derive(Debug)]
pub struct Semaphore {
    permits: AtomicU32,
}

impl Semaphore {
    /// A semaphore with `permits` permits available.
    pub fn new(permits: u32) -> Self {
        Self {
            permits: AtomicU32::new(permits),
        }
    }

    /// Takes a permit if one is free, without waiting.
    pub fn try_acquire(&self) -> bool {
        let mut available = self.permits.load(Ordering::Relaxed);
        while available > 0 {
            match self.permits.compare_exchange_weak(
                available,
                available - 1,
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                Ok(_) => return true,
                Err(now) => available = now,
            }
        }
        false
    }

    /// Takes a permit, sleeping until one is free.
    pub fn acquire(&self) {
        while !self.try_acquire() {
            // Sleep only if the count is still 0; the kernel checks
            // that and goes to sleep as one step, so a `release` between
            // our check and our sleep cannot be missed.
            wait(&self.permits, 0);
        }
    }

    /// Gives a permit back and wakes one sleeper, if any.
    ///
    /// # Panics
    ///
    /// If the count is already `u32::MAX`. The count is then left as it
    /// was: a plain `fetch_add` would wrap it to 0 permits.
    pub fn release(&self) {
        let mut available = self.permits.load(Ordering::Relaxed);
        loop {
            let more = available
                .checked_add(1)
                .expect("Semaphore::release: more permits than a u32 holds");
            match self.permits.compare_exchange_weak(
                available,
                more,
                Ordering::Release,
                Ordering::Relaxed,
            ) {
                Ok(_) => break,
                Err(now) => available = now,
            }
        }
        wake_one(&self.permits);
    }
    // ANCHOR_END: semaphore

    /// The permits free right now (a snapshot, for tests and monitoring).
    pub fn available(&self) -> u32 {
        self.permits.load(Ordering::Relaxed)
    }
}
