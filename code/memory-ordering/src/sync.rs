//! The one place this crate names its synchronisation types.
//!
//! Normal builds use `std`; `RUSTFLAGS="--cfg loom"` builds use loom's
//! instrumented copies, so the loom models in `tests/loom.rs` and
//! `tests/exercise.rs` explore the *same* code the ordinary tests run. Code
//! in this crate imports from here, never from `std::sync` or `std::cell`
//! directly.

#[cfg(loom)]
pub(crate) use loom::cell::UnsafeCell;
#[cfg(loom)]
pub(crate) use loom::sync::Arc;
#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicBool, AtomicPtr, Ordering};

#[cfg(not(loom))]
pub(crate) use std::sync::Arc;
#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};

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

    /// Runs `f` with an exclusive raw pointer to the contents.
    pub(crate) fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        f(self.0.get())
    }
}
