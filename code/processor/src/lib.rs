//! Companion code for the chapter "The processor".
//!
//! The chapter is about what caches do to shared counters, so the library
//! builds a counter in steps:
//!
//! 1. [`SharedCounter`] (`src/step1_shared.rs`): one atomic that every
//!    thread updates. Correct, and the slowest thing on the page once two
//!    cores fight over its cache line.
//! 2. [`BatchedCounter`] (`src/step2_batched.rs`): each thread counts in a
//!    [`Tally`] of its own and publishes to the shared atomic once per batch.
//! 3. The exercise (`exercise/`): a `ShardedCounter` with one shard per
//!    thread, each shard on its own cache line.
//!
//! The false-sharing demonstration and the layout printer are runnable
//! programs in `examples/`; `benches/false_sharing.rs` measures both steps
//! and the examples' layouts with divan.

mod sync;

mod step1_shared;
mod step2_batched;

pub use step1_shared::SharedCounter;
pub use step2_batched::{BatchedCounter, Tally};

#[cfg_attr(not(feature = "solution"), path = "../exercise/starter.rs")]
#[cfg_attr(feature = "solution", path = "../exercise/solution.rs")]
pub mod exercise;
