//! Condvar step 1: a notification counter on a futex.
//!
//! `wait` reads the counter, unlocks the mutex, and sleeps on the counter
//! if it has not changed; a notification increments the counter before
//! waking, so a notification that slips in between the unlock and the
//! sleep changes the value and the futex wait returns at once. Every
//! notification makes a system call, waiters or not.

use crate::mutex_step3_spin::MutexGuard;
use crate::sync::{AtomicU32, Ordering, wait, wake_all, wake_one};

/// A condition variable for the crate's [`Mutex`](crate::Mutex).
#[derive(Debug, Default)]
pub struct Condvar {
    counter: AtomicU32,
}

// ANCHOR: condvar
impl Condvar {
    /// A condition variable nobody waits on.
    pub fn new() -> Self {
        Self {
            counter: AtomicU32::new(0),
        }
    }

    /// Unlocks `guard`'s mutex, sleeps until notified (or spuriously), and
    /// locks the mutex again. Callers check their condition in a loop.
    pub fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
        // Read the counter while we still hold the lock: a notifier that
        // changes the condition must take the lock first, so its increment
        // comes after this load in the counter's modification order.
        let seen = self.counter.load(Ordering::Relaxed);
        let mutex = guard.mutex;
        drop(guard);
        // Sleeps only if no notification happened since `seen`.
        wait(&self.counter, seen);
        mutex.lock()
    }

    /// Wakes one waiting thread, if any.
    pub fn notify_one(&self) {
        self.counter.fetch_add(1, Ordering::Relaxed);
        wake_one(&self.counter);
    }

    /// Wakes every waiting thread.
    pub fn notify_all(&self) {
        self.counter.fetch_add(1, Ordering::Relaxed);
        wake_all(&self.counter);
    }
}
// ANCHOR_END: condvar
