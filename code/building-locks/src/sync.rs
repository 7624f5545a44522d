//! The one place this crate names its synchronisation types and its futex
//! calls.
//!
//! Normal builds use `std`'s atomics and the `atomic-wait` crate, which
//! calls the operating system's futex-like primitive (`futex` on Linux,
//! `WaitOnAddress` on Windows, `__ulock_wait` on macOS). Miri runs the same
//! code: it emulates the Linux `futex` system call.
//!
//! `RUSTFLAGS="--cfg loom"` builds use loom's instrumented atomics and,
//! because loom has no futex, stand-ins: `wait` only yields to loom's
//! scheduler and returns, and `wake_one` and `wake_all` do nothing. That is
//! sound for code written the way futex code must be written anyway: a real
//! `wait` may return without any wake (a spurious wake-up), so every caller
//! re-checks its condition in a loop, and a `wait` that always returns at
//! once is one legal behaviour of a futex.

#[cfg(loom)]
pub(crate) use loom::cell::UnsafeCell;
#[cfg(loom)]
pub(crate) use loom::hint::spin_loop;
#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicU32, Ordering};

#[cfg(not(loom))]
pub(crate) use std::hint::spin_loop;
#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicU32, Ordering};

// ANCHOR: futex
/// If `word` still holds `expected`, sleeps until a `wake_*` on `word`
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
// ANCHOR_END: futex

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

/// `std`'s `UnsafeCell` with the closure-based access API of
/// `loom::cell::UnsafeCell`, so one body of code compiles against both.
#[cfg(not(loom))]
#[derive(Debug)]
pub(crate) struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

#[cfg(not(loom))]
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

    pub(crate) fn into_inner(self) -> T {
        self.0.into_inner()
    }
}
