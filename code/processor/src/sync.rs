//! The one place this crate names its synchronisation types.
//!
//! Normal builds use `std`; `RUSTFLAGS="--cfg loom"` builds use loom's
//! instrumented copies, so the loom models in `tests/loom.rs` explore the
//! interleavings of the *same* code the tests and benchmarks run. Code in
//! this crate imports from here, never from `std::sync` directly.

#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicU64, Ordering};

#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicU64, Ordering};
