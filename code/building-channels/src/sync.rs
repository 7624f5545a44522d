//! The one place this crate names its synchronisation types.
//!
//! Normal builds use `std`; `RUSTFLAGS="--cfg loom"` builds use loom's
//! instrumented copies, so the loom models in `tests/loom.rs` explore the
//! interleavings (up to loom's preemption bound) of the *same* channel code
//! the tests and the page show. Code in this crate imports its locks,
//! atomics, `UnsafeCell`, `Arc` and thread parking from here, never from
//! `std` directly.
//!
//! Parking under loom comes from `loom_futex::thread`, not `loom::thread`.
//! loom's own `Thread::unpark` joins the unparker's clock into the target
//! thread at once, even if the target never parks, so every access after
//! the unpark is ordered and a `Relaxed` flag next to it goes unnoticed.
//! `loom_futex::thread` builds `park`/`unpark` like std's futex parker (a
//! per-thread state word, a `Release` swap in `unpark`, an `Acquire` where
//! `park` takes the token), so an `unpark` gives an edge only to the `park`
//! that consumes its token: exactly what std's documentation promises. A
//! thread that `park` really puts to sleep is woken through loom's own
//! `unpark`, which gives the sleeper an edge of its own; the page says what
//! that means for the models.

#[cfg(loom)]
pub(crate) use loom::cell::UnsafeCell;
#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicBool, AtomicU8, Ordering};
#[cfg(loom)]
pub(crate) use loom::sync::{Arc, Condvar, Mutex};
#[cfg(loom)]
pub(crate) use loom_futex::thread;

#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
#[cfg(not(loom))]
pub(crate) use std::sync::{Arc, Condvar, Mutex};
#[cfg(not(loom))]
pub(crate) use std::thread;

/// `std`'s `UnsafeCell` with the closure-based access API of
/// `loom::cell::UnsafeCell`, so one body of code compiles against both.
/// Under loom, every access is checked: loom panics if it is not ordered
/// after a conflicting access from another thread by a happens-before edge.
#[cfg(not(loom))]
#[derive(Debug)]
pub(crate) struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

#[cfg(not(loom))]
impl<T> UnsafeCell<T> {
    pub(crate) const fn new(value: T) -> Self {
        Self(std::cell::UnsafeCell::new(value))
    }

    /// Runs `f` with an exclusive raw pointer to the contents.
    pub(crate) fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        f(self.0.get())
    }
}
