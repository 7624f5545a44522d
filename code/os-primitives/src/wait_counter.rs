//! Many waiters on one futex word.
//!
//! A counter that only goes up, and that any number of threads can sleep on
//! until it reaches a target. It shows the futex idiom in its plainest
//! form: load, decide, and wait on exactly the value you looked at.

use crate::sync::{AtomicU32, Ordering, wait, wake_all};

// ANCHOR: counter
/// A count that threads can sleep on, for example "items finished".
#[derive(Debug, Default)]
pub struct WaitCounter {
    value: AtomicU32,
}

impl WaitCounter {
    /// A counter at zero.
    pub fn new() -> Self {
        Self {
            value: AtomicU32::new(0),
        }
    }

    /// Adds one and wakes every waiter, so each can check its own target.
    /// Everything this thread did before is visible to a waiter that sees
    /// the new count.
    ///
    /// # Panics
    ///
    /// If the count is already `u32::MAX`.
    pub fn increment(&self) {
        self.value
            .fetch_update(Ordering::Release, Ordering::Relaxed, |count| {
                count.checked_add(1)
            })
            .expect("WaitCounter overflowed u32");
        wake_all(&self.value);
    }

    /// Sleeps until the count is at least `target`; returns the count seen.
    pub fn wait_until(&self, target: u32) -> u32 {
        loop {
            let seen = self.value.load(Ordering::Acquire);
            if seen >= target {
                return seen;
            }
            // Sleep only while the count is still `seen`. An increment
            // between the load above and this call changes the word, and
            // the kernel then refuses to put us to sleep: no lost wake-up.
            wait(&self.value, seen);
        }
    }
}
// ANCHOR_END: counter
