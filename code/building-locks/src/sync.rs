//! The one place this crate names its synchronisation types and its futex
//! calls.
//!
//! Normal builds use `std`'s atomics and the `atomic-wait` crate, which
//! calls the operating system's futex-like primitive (`futex` on Linux,
//! `WaitOnAddress` on Windows, and on macOS libc++'s wait/notify functions,
//! which sleep on a counter in a hashed table rather than on the word
//! itself). Miri runs the same code: it emulates the Linux `futex` system
//! call.
//!
//! `RUSTFLAGS="--cfg loom"` builds use loom's instrumented atomics and the
//! `loom-futex` support crate, which gives loom a futex in two modes:
//!
//! - Under `loom::model`, `wait` really blocks the loom thread until a
//!   `wake_one` or `wake_all` on the same word picks it, and a wake that
//!   finds nobody asleep is lost, as the kernel's is. A missing or
//!   misdirected wake then leaves a thread asleep for ever, and loom reports
//!   the execution as a deadlock. This mode checks *liveness*. It adds one
//!   edge a real futex does not promise: a wake that wakes a sleeper
//!   synchronises with it.
//! - Under `loom_futex::yielding`, `wait` yields to loom's scheduler and
//!   returns at once (the most spurious a futex may be) and the wakes do
//!   nothing. It adds no edge, so it checks *orderings* and mutual exclusion;
//!   it can say nothing about lost wake-ups, because nobody ever sleeps.

#[cfg(loom)]
pub(crate) use loom::cell::{ConstPtr, MutPtr, UnsafeCell};
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

// Under loom: the blocking model, or the yield stand-in inside
// `loom_futex::yielding` (see the module's documentation).
#[cfg(loom)]
pub(crate) use loom_futex::{wait, wake_all, wake_one};

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

    /// A shared raw pointer to the contents, for a guard to keep. (Under
    /// loom, the cell counts as read for as long as the pointer lives.)
    pub(crate) fn get(&self) -> ConstPtr<T> {
        ConstPtr(self.0.get())
    }

    /// An exclusive raw pointer to the contents, for a guard to keep. (Under
    /// loom, the cell counts as written for as long as the pointer lives.)
    pub(crate) fn get_mut(&self) -> MutPtr<T> {
        MutPtr(self.0.get())
    }

    pub(crate) fn into_inner(self) -> T {
        self.0.into_inner()
    }
}

/// `loom::cell::ConstPtr` without the tracking: a `*const T`.
#[cfg(not(loom))]
#[derive(Debug)]
pub(crate) struct ConstPtr<T>(*const T);

#[cfg(not(loom))]
impl<T> ConstPtr<T> {
    /// Runs `f` with the pointer.
    pub(crate) fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
        f(self.0)
    }
}

/// `loom::cell::MutPtr` without the tracking: a `*mut T`.
#[cfg(not(loom))]
#[derive(Debug)]
pub(crate) struct MutPtr<T>(*mut T);

#[cfg(not(loom))]
impl<T> MutPtr<T> {
    /// Runs `f` with the pointer.
    pub(crate) fn with<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        f(self.0)
    }
}
