//! The one place this crate names its synchronisation types.
//!
//! Normal builds use `std`; `RUSTFLAGS="--cfg loom"` builds use loom's
//! instrumented copies, so the loom models in `tests/loom.rs` explore the
//! interleavings (up to `LOOM_MAX_PREEMPTIONS` preemptions) of the *same*
//! queue code the tests run. Code in this crate
//! imports its `Mutex` and `Condvar` from here, never from `std::sync`.

#[cfg(loom)]
pub(crate) use loom::sync::{Condvar, Mutex, MutexGuard};

#[cfg(not(loom))]
pub(crate) use std::sync::{Condvar, Mutex, MutexGuard};
