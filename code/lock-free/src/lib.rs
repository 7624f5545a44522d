//! Companion code for the chapter "Lock-free and wait-free".
//!
//! - [`treiber`]: a lock-free stack of `T` whose `pop` frees nothing until
//!   the stack is dropped.
//! - A pool of slots whose free list is a Treiber stack of slot numbers, in
//!   two steps: [`pool_step1_untagged`] has the ABA problem and
//!   [`pool_step2_tagged`] fixes it with a tag counter.
//!
//! The exercise, an inbox whose `take_all` is wait-free, is in
//! [`exercise`].

mod sync;

pub mod pool_step1_untagged;
pub mod pool_step2_tagged;
pub mod treiber;

pub use pool_step2_tagged::SlotPool;
pub use treiber::Stack;

#[cfg_attr(not(feature = "solution"), path = "../exercise/starter.rs")]
#[cfg_attr(feature = "solution", path = "../exercise/solution.rs")]
pub mod exercise;
