//! The one place this crate names its synchronisation types.
//!
//! Normal builds use `std`; `RUSTFLAGS="--cfg loom"` builds use loom's
//! instrumented copies, so the loom models in `tests/loom.rs` check the
//! *same* code the tests and the pages show. Code in this crate imports its
//! atomics, fences, `Arc`, `UnsafeCell` and spin hint from here, never from
//! `std` directly.

#[cfg(loom)]
pub(crate) use loom::cell::UnsafeCell;
#[cfg(loom)]
#[allow(unused_imports)]
pub(crate) use loom::sync::Arc;
#[cfg(loom)]
#[allow(unused_imports)]
pub(crate) use loom::sync::atomic::{
    AtomicBool, AtomicPtr, AtomicU64, AtomicUsize, Ordering, fence,
};

#[cfg(not(loom))]
#[allow(unused_imports)]
pub(crate) use std::sync::Arc;
#[cfg(not(loom))]
#[allow(unused_imports)]
pub(crate) use std::sync::atomic::{
    AtomicBool, AtomicPtr, AtomicU64, AtomicUsize, Ordering, fence,
};

/// Called in every loop that waits for another thread. Loom explores each
/// interleaving of a model to its end, so a loop that spins without
/// yielding would give it an endless one: under loom this yields to the
/// other threads; otherwise it is the processor's spin-loop hint.
#[allow(dead_code)]
pub(crate) fn spin_hint() {
    #[cfg(loom)]
    loom::thread::yield_now();
    #[cfg(not(loom))]
    std::hint::spin_loop();
}

/// `std`'s `UnsafeCell` with the closure-based access API of
/// `loom::cell::UnsafeCell`, so one body of code compiles against both.
/// Under loom, every access through `with`/`with_mut` is checked against
/// the happens-before order while its closure runs.
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
