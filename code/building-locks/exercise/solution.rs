//! The exercise, solved: a fair mutex that sleeps.

use crate::sync::{Ordering, wait, wake_all};

pub use crate::fair_mutex::{FairGuard, FairMutex};

// ANCHOR: solution
impl<T> FairMutex<T> {
    /// Takes the next ticket, sleeps until `now_serving` reaches it, and
    /// returns a guard that serves the next ticket when dropped.
    pub fn lock(&self) -> FairGuard<'_, T> {
        // Relaxed: the ticket only fixes our place in the queue; `fetch_add`
        // is atomic whatever the ordering, so no two threads share a number.
        let ticket = self.next_ticket.fetch_add(1, Ordering::Relaxed);
        loop {
            // Acquire: the load that sees our number reads the previous
            // holder's Release increment, so its writes are visible to us.
            let serving = self.now_serving.load(Ordering::Acquire);
            if serving == ticket {
                return FairGuard { mutex: self };
            }
            // Sleeps only if nobody has moved `now_serving` since we read
            // it; otherwise returns at once and we look again.
            wait(&self.now_serving, serving);
        }
    }
}

impl<T> Drop for FairGuard<'_, T> {
    fn drop(&mut self) {
        // Release: publishes our writes to the holder of the next ticket.
        self.mutex.now_serving.fetch_add(1, Ordering::Release);
        // The futex does not know which sleeper holds the next ticket, so
        // wake them all; the others see the wrong number and sleep again.
        wake_all(&self.mutex.now_serving);
    }
}
// ANCHOR_END: solution
