//! Companion code for the chapter "Atomics".
//!
//! The runnable programs live in `examples/`, one per idea on the page.
//! `asm/atomic_ops.rs` holds one small function per atomic operation, which
//! `tests/asm.rs` compiles to x86-64 and AArch64 assembly and compares with
//! the listings under `asm/<target>/` that the page shows.
//!
//! The library itself holds only the exercise, an ID allocator that refuses
//! to wrap around, built on the atomic from the crate's `sync` module (std's
//! normally, loom's under `--cfg loom`).

mod sync;

// The exercise's type lives in its own file so that the starter and the
// solution share it. The starter leaves its field unread until the learner
// fills in the bodies.
#[cfg_attr(not(feature = "solution"), allow(dead_code))]
#[path = "../exercise/id_allocator.rs"]
mod id_allocator;

#[cfg_attr(not(feature = "solution"), path = "../exercise/starter.rs")]
#[cfg_attr(feature = "solution", path = "../exercise/solution.rs")]
pub mod exercise;
