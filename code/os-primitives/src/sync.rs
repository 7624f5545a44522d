//! The one place this crate names its synchronisation types and its futex
//! calls.
//!
//! Normal builds use `std`'s atomics and the `atomic-wait` crate, which
//! calls the operating system's futex-like primitive (`futex` on Linux,
//! `WaitOnAddress` on Windows, ...). `RUSTFLAGS="--cfg loom"` builds use
//! loom's instrumented atomics, and, because loom has no futex, stand-ins:
//!
//! - `wait` only yields to loom's scheduler and returns;
//! - `wake_one` and `wake_all` do nothing.
//!
//! That is sound for code written the way futex code must be written
//! anyway: a real `wait` may return without any wake (a spurious wake-up),
//! so every caller re-checks its condition in a loop. A `wait` that
//! *always* returns at once is one legal behaviour of a futex, so a model
//! that passes with it tests the same protocol. Nothing ever sleeps under
//! loom, so there is nobody for `wake_*` to wake.

#[cfg(loom)]
pub(crate) use loom::sync::Arc;
#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicU32, Ordering};

#[cfg(not(loom))]
pub(crate) use std::sync::Arc;
#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicU32, Ordering};

/// If `word` still holds `expected`, sleep until a `wake_*` on `word`
/// (or spuriously). Returns at once if the value differs.
#[cfg(not(loom))]
pub(crate) fn wait(word: &AtomicU32, expected: u32) {
    atomic_wait::wait(word, expected);
}

/// Wakes at most one thread sleeping in `wait` on `word`.
#[cfg(not(loom))]
pub(crate) fn wake_one(word: &AtomicU32) {
    atomic_wait::wake_one(word);
}

/// Wakes every thread sleeping in `wait` on `word`.
#[cfg(not(loom))]
pub(crate) fn wake_all(word: &AtomicU32) {
    atomic_wait::wake_all(word);
}

/// Loom stand-in: a wait that returns at once (after letting other threads
/// run), which a real futex is allowed to do.
#[cfg(loom)]
pub(crate) fn wait(_word: &AtomicU32, _expected: u32) {
    loom::thread::yield_now();
}

/// Loom stand-in: nobody sleeps under loom, so there is nobody to wake.
#[cfg(loom)]
pub(crate) fn wake_one(_word: &AtomicU32) {}

/// Loom stand-in: nobody sleeps under loom, so there is nobody to wake.
#[cfg(loom)]
pub(crate) fn wake_all(_word: &AtomicU32) {}
