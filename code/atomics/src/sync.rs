//! The one place this crate names its synchronisation types.
//!
//! Normal builds use `std`; `RUSTFLAGS="--cfg loom"` builds use loom's
//! instrumented copies, so the loom model in `tests/loom.rs` explores every
//! interleaving of the *same* code the tests run. Code in this crate imports
//! from here, never from `std::sync` directly.

// The exercise's starter names only `AtomicU32`; the solution uses both.
#[cfg(loom)]
#[cfg_attr(not(feature = "solution"), allow(unused_imports))]
pub(crate) use loom::sync::atomic::{AtomicU32, Ordering};

#[cfg(not(loom))]
#[cfg_attr(not(feature = "solution"), allow(unused_imports))]
pub(crate) use std::sync::atomic::{AtomicU32, Ordering};
