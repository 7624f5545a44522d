//! The exercise: a fair mutex that sleeps. Write `lock` (replace its
//! `todo!()`) and the guard's `drop` (fill in its empty body).
//!
//! Use `Ordering`, `wait` and `wake_all` from `crate::sync` (imported
//! below), so that loom can check your code.
//!
//! Run the tests with `cargo test -p building-locks --test exercise`. To
//! start over, run `git restore code/building-locks/exercise/starter.rs`.

#[allow(unused_imports)]
use crate::sync::{Ordering, wait, wake_all};

pub use crate::fair_mutex::{FairGuard, FairMutex};

impl<T> FairMutex<T> {
    /// Takes the next ticket, sleeps until `now_serving` reaches it, and
    /// returns a guard that serves the next ticket when dropped.
    ///
    /// Sleep with `wait(&self.now_serving, value_you_saw)`, never spin:
    /// `wait` returns at once if `now_serving` no longer holds the value you
    /// saw, and may also return for no reason at all, so check again in a
    /// loop.
    pub fn lock(&self) -> FairGuard<'_, T> {
        todo!("FairMutex::lock: take a ticket, then sleep until it is served")
    }
}

impl<T> Drop for FairGuard<'_, T> {
    /// Serves the next ticket and wakes the sleepers (which of them holds
    /// that ticket, the lock cannot tell).
    fn drop(&mut self) {
        // TODO: serve the next ticket and wake the sleepers. This body is
        // empty rather than a `todo!()` because `drop` also runs while a
        // failing test unwinds, and a panic there would abort the whole
        // test run. Until you write it, nobody after the first holder ever
        // gets in, and the tests with more than one lock report a hang.
    }
}
