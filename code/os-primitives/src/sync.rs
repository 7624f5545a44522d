//! The one place this crate names its synchronisation types and its futex
//! calls.
//!
//! Normal builds use `std`'s atomics and the `atomic-wait` crate, which
//! calls the operating system's futex-like primitive (`futex` on Linux,
//! `WaitOnAddress` on Windows, ...). `RUSTFLAGS="--cfg loom"` builds use
//! loom's instrumented atomics and, because loom has no futex, the
//! `loom-futex` crate's model of one, which has two modes:
//!
//! - under `loom::model` (the *blocking* model), `wait` compares the word and
//!   enqueues the thread in one step with respect to the wakes, then blocks
//!   it until a `wake_one`/`wake_all` on the same word picks it. A wake that
//!   finds nobody is lost, as with the kernel, so a missing or misdirected
//!   wake leaves a thread blocked and loom reports a deadlock. A wake that
//!   does wake a sleeper gives it a happens-before edge from the waker,
//!   which a real futex does not promise: this mode can hide an ordering
//!   that is too weak.
//! - under `loom_futex::yielding` (the *yielding* model), `wait` yields and
//!   returns at once (a futex that always wakes spuriously) and the wakes do
//!   nothing. It adds no edge anywhere, so it is the one for ordering
//!   models, but it cannot see a lost wake-up, because nothing ever sleeps.
//!
//! `tests/loom.rs` runs each model in the mode that can check its property:
//! liveness (no lost wake-up) under the blocking model, orderings under the
//! yielding one.

#[cfg(loom)]
pub(crate) use loom::sync::Arc;
#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicU32, Ordering};
#[cfg(loom)]
pub(crate) use loom_futex::{wait, wake_all, wake_one};

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
