//! Condvar step 2: no system call when nobody waits. This is the crate's
//! [`Condvar`](crate::Condvar).
//!
//! A second counter, `waiters`, says how many threads are inside `wait`.
//! Waiters increment it while they still hold the mutex, so a notifier that
//! changed the condition under the same mutex is guaranteed to see them.

use crate::mutex_step3_spin::MutexGuard;
use crate::sync::{AtomicU32, Ordering, wait, wake_all, wake_one};

/// A condition variable for the crate's [`Mutex`](crate::Mutex) that makes
/// no system call when nobody waits.
#[derive(Debug, Default)]
pub struct Condvar {
    counter: AtomicU32,
    waiters: AtomicU32,
}

// ANCHOR: condvar
impl Condvar {
    /// A condition variable nobody waits on.
    pub fn new() -> Self {
        Self {
            counter: AtomicU32::new(0),
            waiters: AtomicU32::new(0),
        }
    }

    /// Unlocks `guard`'s mutex, sleeps until notified (or spuriously), and
    /// locks the mutex again. Callers check their condition in a loop, or
    /// use [`Condvar::wait_while`].
    pub fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
        // Count ourselves in while we still hold the lock, so a notifier
        // that changes the condition (under the same mutex) sees us.
        // Relaxed is enough: the mutex orders this increment before
        // anything the notifier does after taking the lock.
        self.waiters.fetch_add(1, Ordering::Relaxed);
        // Read the counter while we still hold the lock: a notifier that
        // changes the condition must take the lock first, so its increment
        // comes after this load in the counter's modification order.
        let seen = self.counter.load(Ordering::Relaxed);
        let mutex = guard.mutex;
        drop(guard);
        // Sleeps only if no notification happened since `seen`.
        wait(&self.counter, seen);
        self.waiters.fetch_sub(1, Ordering::Relaxed);
        mutex.lock()
    }

    /// Waits until `condition` returns `false`, re-checking it after every
    /// wake-up, spurious or not.
    pub fn wait_while<'a, T>(
        &self,
        mut guard: MutexGuard<'a, T>,
        mut condition: impl FnMut(&mut T) -> bool,
    ) -> MutexGuard<'a, T> {
        while condition(&mut *guard) {
            guard = self.wait(guard);
        }
        guard
    }

    /// How many threads are inside `wait` (between their increment and
    /// their decrement). A snapshot for tests and diagnostics.
    pub fn waiters(&self) -> u32 {
        self.waiters.load(Ordering::Relaxed)
    }

    /// Wakes one waiting thread, if any.
    pub fn notify_one(&self) {
        if self.waiters.load(Ordering::Relaxed) > 0 {
            self.counter.fetch_add(1, Ordering::Relaxed);
            wake_one(&self.counter);
        }
    }

    /// Wakes every waiting thread.
    pub fn notify_all(&self) {
        if self.waiters.load(Ordering::Relaxed) > 0 {
            self.counter.fetch_add(1, Ordering::Relaxed);
            wake_all(&self.counter);
        }
    }
}
// ANCHOR_END: condvar
