//! The one place this crate names its synchronisation types.
//!
//! Normal builds (and Miri) use `std` and the `atomic-wait` futex;
//! `RUSTFLAGS="--cfg loom"` builds use loom's instrumented types and the
//! `loom-futex` crate's blocking futex, so `tests/loom.rs` checks the same
//! code the other tests and the pages show.

#[cfg(loom)]
pub(crate) use loom::cell::UnsafeCell;
#[cfg(loom)]
#[allow(unused_imports)]
pub(crate) use loom::sync::atomic::{
    AtomicBool, AtomicU32, AtomicUsize, Ordering,
};
/// loom's own `thread`, on purpose: its `unpark` is what `park_flag`'s loom
/// model shows passing a `Relaxed` flag (see `tests/loom.rs`).
#[cfg(loom)]
pub(crate) use loom::{sync::Arc, thread};
#[cfg(loom)]
pub(crate) use loom_futex::{wait, wake_all};

#[cfg(not(loom))]
#[allow(unused_imports)]
pub(crate) use std::sync::atomic::{
    AtomicBool, AtomicU32, AtomicUsize, Ordering,
};
#[cfg(not(loom))]
pub(crate) use std::{sync::Arc, thread};

/// Sleeps while `word` holds `expected`; may return spuriously.
#[cfg(not(loom))]
pub(crate) fn wait(word: &AtomicU32, expected: u32) {
    atomic_wait::wait(word, expected);
}

/// Wakes every thread sleeping in [`wait`] on `word`.
#[cfg(not(loom))]
pub(crate) fn wake_all(word: &AtomicU32) {
    atomic_wait::wake_all(word);
}

/// A processor hint inside a spin loop; under loom, a yield, so that the
/// model checker runs the thread being waited for.
#[allow(dead_code)]
pub(crate) fn spin_hint() {
    #[cfg(loom)]
    loom::thread::yield_now();
    #[cfg(not(loom))]
    std::hint::spin_loop();
}

/// `std`'s `UnsafeCell` with the closure-based access API of
/// `loom::cell::UnsafeCell`, so one body of code compiles against both.
/// Under loom, an access is checked against happens-before only while the
/// closure runs: a pointer that escapes the closure escapes the check.
#[cfg(not(loom))]
#[derive(Debug)]
pub(crate) struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

#[cfg(not(loom))]
#[allow(dead_code)]
impl<T> UnsafeCell<T> {
    pub(crate) const fn new(value: T) -> Self {
        Self(std::cell::UnsafeCell::new(value))
    }

    /// Runs `f` with a shared raw pointer to the contents.
    pub(crate) fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
        f(self.0.get())
    }

    /// Runs `f` with an exclusive raw pointer to the contents.
    pub(crate) fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        f(self.0.get())
    }
}
