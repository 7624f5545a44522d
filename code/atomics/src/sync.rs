//! The one place this crate names its synchronisation types.
//!
//! Normal builds use `std`; `RUSTFLAGS="--cfg loom"` builds use loom's
//! instrumented copies, so the exercise's loom models (at the end of
//! `tests/exercise.rs`) explore the interleavings of the *same* code the
//! tests run, up to `LOOM_MAX_PREEMPTIONS` forced thread switches each (not
//! every interleaving). Loom never fails `compare_exchange_weak` spuriously, treats
//! `SeqCst` accesses as `AcqRel`, does not build load-buffering executions,
//! and lets a load read only one of the last `MAX_ATOMIC_HISTORY` (7) stores
//! to an atomic. Code in this crate imports from here, never from
//! `std::sync` directly.

// The exercise's starter names only `AtomicU32`; the solution uses both.
#[cfg(loom)]
#[cfg_attr(not(feature = "solution"), allow(unused_imports))]
pub(crate) use loom::sync::atomic::{AtomicU32, Ordering};

#[cfg(not(loom))]
#[cfg_attr(not(feature = "solution"), allow(unused_imports))]
pub(crate) use std::sync::atomic::{AtomicU32, Ordering};
