//! Companion code for the chapter "Message passing".
//!
//! The chapter's code lives in its runnable programs (`examples/`: the
//! pipeline stage, the worker pool and the locking-versus-messages word
//! count are tested by `tests/channels.rs`, which includes them as modules),
//! the programs that must not compile (`compile_fail/`), and the exercise
//! (`exercise/`), which this library builds.

// The exercise's shared types live in their own file, so that the starter
// and the solution use the same ones.
#[path = "../exercise/orders.rs"]
pub mod orders;

#[cfg_attr(not(feature = "solution"), path = "../exercise/starter.rs")]
#[cfg_attr(feature = "solution", path = "../exercise/solution.rs")]
pub mod exercise;
