//! The one place this crate names its synchronisation types and its futex
//! calls.
//!
//! Normal builds use `std`'s atomics and the `atomic-wait` crate's futex
//! wrappers (Linux `futex`, Windows `WaitOnAddress`, macOS `__ulock`);
//! `RUSTFLAGS="--cfg loom"` builds use loom's atomics, so the models in
//! `tests/loom.rs` explore the same code. Loom has no futex, so under loom
//! [`wait`] only yields and the wakes do nothing. That is sound because a
//! futex wait may return spuriously anyway: every caller re-checks its
//! condition in a loop, and loom's `yield_now` lets the other threads run
//! until the condition holds.

#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicU32, Ordering, fence};

#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicU32, Ordering, fence};

/// Sleeps while `word` holds `expected`; may return spuriously.
#[cfg(not(loom))]
pub(crate) fn wait(word: &AtomicU32, expected: u32) {
    atomic_wait::wait(word, expected);
}

/// Wakes at most one thread sleeping in [`wait`] on `word`.
#[cfg(not(loom))]
pub(crate) fn wake_one(word: &AtomicU32) {
    atomic_wait::wake_one(word);
}

/// Wakes every thread sleeping in [`wait`] on `word`.
#[cfg(not(loom))]
pub(crate) fn wake_all(word: &AtomicU32) {
    atomic_wait::wake_all(word);
}

/// Under loom: give the other threads a turn, then return "spuriously".
#[cfg(loom)]
pub(crate) fn wait(_word: &AtomicU32, _expected: u32) {
    loom::thread::yield_now();
}

/// Under loom: nothing to wake, since nobody really sleeps.
#[cfg(loom)]
pub(crate) fn wake_one(_word: &AtomicU32) {}

/// Under loom: nothing to wake, since nobody really sleeps.
#[cfg(loom)]
pub(crate) fn wake_all(_word: &AtomicU32) {}

/// A processor hint inside a spin loop; under loom, a yield, so that the
/// model checker runs the thread being waited for.
#[cfg(not(loom))]
pub(crate) fn spin_hint() {
    std::hint::spin_loop();
}

/// A processor hint inside a spin loop; under loom, a yield, so that the
/// model checker runs the thread being waited for.
#[cfg(loom)]
pub(crate) fn spin_hint() {
    loom::thread::yield_now();
}
