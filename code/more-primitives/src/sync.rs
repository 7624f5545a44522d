//! The one place this crate names its synchronisation types and its futex
//! calls.
//!
//! Normal builds use `std`'s atomics and the `atomic-wait` crate's futex
//! wrappers (Linux `futex`, Windows `WaitOnAddress`, and on macOS libc++'s
//! wait and notify functions, which sleep on a counter in a hashed table
//! rather than on the word itself). Miri runs the same code: it emulates
//! the Linux `futex` calls.
//!
//! `RUSTFLAGS="--cfg loom"` builds use loom's atomics and the `loom-futex`
//! support crate, which gives loom a futex in two modes:
//!
//! - Under `loom::model`, `wait` really blocks the loom thread until a
//!   `wake_one` or `wake_all` on the same word picks it, and a wake that
//!   finds nobody asleep is lost, as the kernel's is. A missing wake then
//!   leaves a thread asleep for ever, and loom reports that execution as a
//!   deadlock: this mode checks *liveness*. It adds one edge a real futex
//!   does not promise (a wake that wakes a sleeper synchronises with it),
//!   so it can hide an ordering that is too weak.
//! - Under `loom_futex::yielding`, `wait` yields to loom's scheduler and
//!   returns at once (the most spurious a futex may be) and the wakes do
//!   nothing. It adds no edge, so it checks *orderings* and exclusion, but
//!   it can say nothing about lost wake-ups: nobody ever sleeps, so a
//!   missing wake is never missed.
//!
//! `tests/loom.rs` runs each model in the mode that fits what it checks.

#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicU32, Ordering, fence};

#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicU32, Ordering, fence};

/// Sleeps while `word` holds `expected`; may return spuriously.
#[cfg(not(loom))]
pub(crate) fn wait(word: &AtomicU32, expected: u32) {
    atomic_wait::wait(word, expected);
}

/// Wakes one thread sleeping in [`wait`] on `word`, if there is one.
#[cfg(not(loom))]
pub(crate) fn wake_one(word: &AtomicU32) {
    atomic_wait::wake_one(word);
}

/// Wakes every thread sleeping in [`wait`] on `word`.
#[cfg(not(loom))]
pub(crate) fn wake_all(word: &AtomicU32) {
    atomic_wait::wake_all(word);
}

// Under loom: the blocking model, or the yield stand-in inside
// `loom_futex::yielding` (see the module's documentation).
#[cfg(loom)]
pub(crate) use loom_futex::{wait, wake_all, wake_one};

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

/// Called by `Barrier::wait` right after the caller's arrival has been
/// counted. In the crate's own tests (feature `schedule-hooks`) it runs the
/// calling thread's hook, so a test can hold a thread exactly there; in
/// every other build it does nothing.
#[cfg(all(feature = "schedule-hooks", not(loom)))]
pub(crate) fn after_arrival(leader: bool) {
    crate::schedule_hooks::run_after_arrival(leader);
}

/// Called by `Barrier::wait` right after the caller's arrival has been
/// counted; outside the crate's own tests it does nothing.
#[cfg(not(all(feature = "schedule-hooks", not(loom))))]
#[inline(always)]
pub(crate) fn after_arrival(_leader: bool) {}
