//! The one place this crate names its synchronisation types.
//!
//! Normal builds use `std`; `RUSTFLAGS="--cfg loom"` builds use loom's
//! instrumented atomics and fences, so the models in `tests/loom.rs` explore
//! the interleavings (up to loom's preemption bound) of the *same*
//! reference-counting code the tests run.
//! Code in this crate imports from here, never from `std::sync` directly.

#[cfg(loom)]
pub(crate) use loom::hint::spin_loop;
#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicUsize, Ordering, fence};

#[cfg(not(loom))]
pub(crate) use std::hint::spin_loop;
#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicUsize, Ordering, fence};

/// The cell that holds the shared value is `std`'s in both builds. `Deref`
/// hands out a `&T` that lives as long as the `Arc`, which loom's
/// closure-scoped `UnsafeCell` cannot express. The loom models track the
/// value instead by putting one of loom's `UnsafeCell`s *inside* it, so every
/// read of the value and its destructor are checked against happens-before.
pub(crate) use std::cell::UnsafeCell as UnsafeValueCell;
