//! Companion code for the chapter "Building Arc".
//!
//! The library builds an atomically reference-counted pointer in numbered
//! steps, one module per step, each complete, tested, and checked by loom
//! and Miri:
//!
//! 1. [`step1_basic`]: one atomic count; `clone`, `Drop`, `Deref`, and the
//!    `Send`/`Sync` impls.
//! 2. [`step2_get_mut`]: `get_mut` hands out `&mut T` when the count is 1.
//! 3. [`step3_weak`]: `Weak` pointers, with a strong and a weak count; every
//!    pointer counts in the weak count.
//! 4. [`step4_one_weak`]: the strong pointers share one weak reference, as in
//!    std, so `Arc::clone` and `drop` touch one counter; `get_mut` locks the
//!    weak count. This is the crate's [`Arc`].
//!
//! Under `--cfg loom` the crate also has `broken`, deliberately wrong
//! counting that `tests/loom.rs` shows loom catching.

mod sync;

pub mod step1_basic;
pub mod step2_get_mut;
pub mod step3_weak;
pub mod step4_one_weak;

#[cfg(loom)]
pub mod broken;

pub use step4_one_weak::{Arc, Weak};

/// The largest count the crate lets a counter reach, as in std: half the
/// range of `usize`. See [`step1_basic::Arc`]'s `clone`.
const MAX_REFCOUNT: usize = isize::MAX as usize;
