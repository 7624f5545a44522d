//! The exercise: a countdown latch from one `AtomicU32`.
//!
//! Build it from `crate::sync`'s `AtomicU32`, `Ordering`, `wait` and
//! `wake_all` (add the `use` line you need), so that the loom models in
//! `tests/exercise.rs` can check it too. Replace every `todo!()`.
//!
//! Run the tests with `cargo test -p more-primitives --test exercise`. To
//! start over, run `git restore code/more-primitives/exercise/starter.rs`.

/// A countdown latch: created with a count, counted down by any thread,
/// and open for good once the count reaches zero.
#[derive(Debug)]
pub struct CountDownLatch {
    // Your fields here: one `crate::sync::AtomicU32` is enough.
}

impl CountDownLatch {
    /// A latch that opens after `count` calls to `count_down`. A latch made
    /// with 0 is open from the start.
    pub fn new(count: u32) -> Self {
        todo!("CountDownLatch::new: keep the count ({count}) in the latch")
    }

    /// Counts down by one; the call that reaches zero wakes every waiter.
    /// Counting down an open latch does nothing (the count never wraps
    /// below zero).
    pub fn count_down(&self) {
        todo!("CountDownLatch::count_down: count down, and wake at zero")
    }

    /// Waits until the count is zero, sleeping (not spinning) meanwhile.
    /// Everything the counting threads did before `count_down` must be
    /// visible after `wait` returns.
    pub fn wait(&self) {
        todo!("CountDownLatch::wait: sleep until the count is zero")
    }

    /// The count right now.
    pub fn count(&self) -> u32 {
        todo!("CountDownLatch::count: read the count")
    }
}
