//! The one place this crate names its synchronisation types.
//!
//! Normal builds use `std`; `RUSTFLAGS="--cfg loom"` builds use loom's
//! instrumented copies, so the loom models in `tests/loom.rs` check the
//! *same* lock code the tests and the page show. Loom's search is bounded
//! (`LOOM_MAX_PREEMPTIONS`, 3 in CI) and leaves out parts of the memory
//! model (the chapter lists them), so a passing model is strong evidence,
//! not a proof. Code in this crate imports its atomics, its `UnsafeCell`
//! and its `spin_loop` from here, never from `std` directly.

#[cfg(loom)]
pub(crate) use loom::cell::UnsafeCell;
#[cfg(loom)]
pub(crate) use loom::hint::spin_loop;
#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicBool, AtomicU32, Ordering};

#[cfg(not(loom))]
pub(crate) use std::hint::spin_loop;
#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

/// `std`'s `UnsafeCell` with the part of the closure-based access API of
/// `loom::cell::UnsafeCell` that this crate uses, so one body of code
/// compiles against both. Under loom, every `with_mut` is checked, but only while its
/// closure runs: loom panics if the access is not ordered after the
/// previous access from another thread by a happens-before edge. A
/// reference that escapes the closure escapes the check; guards use
/// [`Access`] instead.
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

    pub(crate) fn into_inner(self) -> T {
        self.0.into_inner()
    }
}

/// A guard's exclusive access to the value in an [`UnsafeCell`], from
/// [`Access::begin`] until [`Access::end`].
///
/// Under loom it holds loom's tracked pointer (`MutPtr`, from
/// `UnsafeCell::get_mut`), and loom counts the cell as written for as long
/// as the tracked pointer lives, so every use of the value through a guard
/// that holds an `Access` is checked, not only the moment the guard hands
/// out a reference. In normal builds it is only the raw pointer.
#[derive(Debug)]
pub(crate) struct Access<T> {
    #[cfg(loom)]
    tracked: Option<loom::cell::MutPtr<T>>,
    #[cfg(not(loom))]
    ptr: *mut T,
}

// SAFETY: an `Access` hands out only a raw pointer, and every use of that
// pointer is `unsafe` and argued where it happens. Whether an access may
// move to or be shared with another thread is decided by the guard that
// holds it (through the guard's other fields and its `unsafe impl Sync`),
// so `Access` adds no condition of its own, and the guard's `Send` and
// `Sync` are exactly what they would be without it.
unsafe impl<T> Send for Access<T> {}
// SAFETY: as for `Send`.
unsafe impl<T> Sync for Access<T> {}

impl<T> Access<T> {
    /// Starts an exclusive access to the value in `cell`. The caller must
    /// hold the lock that protects `cell`.
    #[track_caller]
    pub(crate) fn begin(cell: &UnsafeCell<T>) -> Self {
        Self {
            #[cfg(loom)]
            tracked: Some(cell.get_mut()),
            #[cfg(not(loom))]
            ptr: cell.0.get(),
        }
    }

    /// The value's address, valid for as long as the access lasts.
    pub(crate) fn ptr(&self) -> *mut T {
        #[cfg(loom)]
        {
            // The pointer leaves loom's `with` closure, but the tracked
            // pointer stays alive in `self` for as long as any reference
            // made from it can be used (they all borrow the guard).
            self.tracked
                .as_ref()
                .expect("the access has ended")
                .with(|ptr| ptr)
        }
        #[cfg(not(loom))]
        {
            self.ptr
        }
    }

    /// Ends the access. A guard calls it in its `Drop`, *before* it
    /// unlocks, so that loom sees the access end before the next holder's
    /// begins; in normal builds it does nothing.
    pub(crate) fn end(&mut self) {
        #[cfg(loom)]
        {
            self.tracked = None;
        }
    }
}
