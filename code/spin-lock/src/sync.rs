//! The one place this crate names its synchronisation types.
//!
//! Normal builds use `std`; `RUSTFLAGS="--cfg loom"` builds use loom's
//! instrumented copies, so the loom models in `tests/loom.rs` explore every
//! interleaving of the *same* lock code the tests and the page show. Code in
//! this crate imports its atomics, its `UnsafeCell` and its `spin_loop` from
//! here, never from `std` directly.

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

/// `std`'s `UnsafeCell` with the closure-based access API of
/// `loom::cell::UnsafeCell`, so one body of code compiles against both.
/// Under loom, every `with_mut` is checked: loom panics if it is not ordered
/// after the previous access from another thread by a happens-before edge.
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
