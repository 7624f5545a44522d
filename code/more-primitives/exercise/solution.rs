//! The exercise, solved: a countdown latch from one `AtomicU32`.

use crate::sync::{AtomicU32, Ordering, wait, wake_all};

// ANCHOR: latch
/// A countdown latch: created with a count, counted down by any thread,
/// and open for good once the count reaches zero.
#[derive(Debug)]
pub struct CountDownLatch {
    count: AtomicU32,
}

impl CountDownLatch {
    /// A latch that opens after `count` calls to `count_down`. A latch made
    /// with 0 is open from the start.
    pub fn new(count: u32) -> Self {
        Self {
            count: AtomicU32::new(count),
        }
    }

    /// Counts down by one; the call that reaches zero wakes every waiter.
    /// Counting down an open latch does nothing.
    pub fn count_down(&self) {
        let mut count = self.count.load(Ordering::Relaxed);
        while count > 0 {
            // Release: what this thread did before counting down is
            // visible to whoever sees the count reach zero. The RMWs of
            // all counters form one release sequence, so the waiter that
            // sees 0 sees everyone's work.
            match self.count.compare_exchange_weak(
                count,
                count - 1,
                Ordering::Release,
                Ordering::Relaxed,
            ) {
                Ok(1) => {
                    wake_all(&self.count);
                    return;
                }
                Ok(_) => return,
                Err(now) => count = now,
            }
        }
    }

    /// Waits until the count is zero.
    pub fn wait(&self) {
        loop {
            let count = self.count.load(Ordering::Acquire);
            if count == 0 {
                return;
            }
            wait(&self.count, count);
        }
    }

    /// The count right now.
    pub fn count(&self) -> u32 {
        self.count.load(Ordering::Acquire)
    }
}
// ANCHOR_END: latch
