//! The one place this crate names its synchronisation types.
//!
//! Normal builds (and Miri) use `std` and the `atomic-wait` futex;
//! `RUSTFLAGS="--cfg loom"` builds use loom's instrumented types and the
//! `loom-futex` crate's blocking futex, so `tests/loom.rs` checks the same
//! code the other tests and the pages show. `RUSTFLAGS="--cfg shuttle"`
//! builds use shuttle's atomics, threads and `Arc`, and the futex stand-in
//! below, for `tests/shuttle.rs`.

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

#[cfg(all(shuttle, not(loom)))]
#[allow(unused_imports)]
pub(crate) use shuttle::sync::atomic::{
    AtomicBool, AtomicU32, AtomicUsize, Ordering,
};
#[cfg(all(shuttle, not(loom)))]
pub(crate) use shuttle::{sync::Arc, thread};
#[cfg(all(shuttle, not(loom)))]
pub(crate) use shuttle_futex::{wait, wake_all};

#[cfg(not(any(loom, shuttle)))]
#[allow(unused_imports)]
pub(crate) use std::sync::atomic::{
    AtomicBool, AtomicU32, AtomicUsize, Ordering,
};
#[cfg(not(any(loom, shuttle)))]
pub(crate) use std::{sync::Arc, thread};

/// Sleeps while `word` holds `expected`; may return spuriously.
#[cfg(not(any(loom, shuttle)))]
pub(crate) fn wait(word: &AtomicU32, expected: u32) {
    atomic_wait::wait(word, expected);
}

/// Wakes every thread sleeping in [`wait`] on `word`.
#[cfg(not(any(loom, shuttle)))]
pub(crate) fn wake_all(word: &AtomicU32) {
    atomic_wait::wake_all(word);
}

/// A futex for shuttle, which has none: one shuttle `Mutex` and `Condvar`
/// for every word.
///
/// What it checks, and what it does not:
///
/// - It blocks. `wait` reads the word under the lock and sleeps on the
///   condition variable only if it still holds `expected`; `wake_all`
///   takes the same lock, so the check and the sleep are atomic with
///   respect to wakes, as the kernel's are. A wake that finds nobody is
///   lost, so a thread whose wake-up a protocol loses sleeps for ever, and
///   shuttle reports the execution as a deadlock.
/// - A `wake_all` on any word wakes the sleepers of every word. A futex may
///   wake spuriously, and every caller re-checks its condition, so this is
///   allowed behaviour, but it never tests a caller that forgets to.
/// - It says nothing about orderings. The lock adds happens-before edges a
///   futex does not promise, and shuttle's atomics are sequentially
///   consistent whatever `Ordering` the code names, so under shuttle no
///   ordering is too weak.
#[cfg(all(shuttle, not(loom)))]
mod shuttle_futex {
    use shuttle::sync::atomic::{AtomicU32, Ordering};
    use shuttle::sync::{Condvar, Mutex};

    shuttle::lazy_static! {
        // Made anew in each shuttle execution.
        static ref SLEEPERS: (Mutex<()>, Condvar) = (Mutex::new(()), Condvar::new());
    }

    pub(crate) fn wait(word: &AtomicU32, expected: u32) {
        let (lock, sleepers) = &*SLEEPERS;
        let guard =
            lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if word.load(Ordering::SeqCst) == expected {
            drop(
                sleepers
                    .wait(guard)
                    .unwrap_or_else(|poisoned| poisoned.into_inner()),
            );
        }
    }

    pub(crate) fn wake_all(_word: &AtomicU32) {
        let (lock, sleepers) = &*SLEEPERS;
        let _guard =
            lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        sleepers.notify_all();
    }
}

/// A processor hint inside a spin loop; under loom or shuttle, a yield,
/// so that the checker runs the thread being waited for.
#[allow(dead_code)]
pub(crate) fn spin_hint() {
    #[cfg(loom)]
    loom::thread::yield_now();
    #[cfg(all(shuttle, not(loom)))]
    shuttle::thread::yield_now();
    #[cfg(not(any(loom, shuttle)))]
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
