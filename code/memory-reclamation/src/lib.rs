//! Companion code for the chapter "Memory reclamation".
//!
//! - [`naive`]: a Treiber stack whose `pop` frees the node it took off,
//!   which is a use-after-free as soon as two threads pop (Miri's report is
//!   kept in `tests/naive.miri.stderr`).
//! - [`hazard`]: hazard pointers, and a stack that frees nodes with them.
//! - [`epoch`]: epoch-based reclamation, and a stack that frees nodes with
//!   it.
//!
//! The exercise, a configuration that readers read through a hazard
//! pointer and an operator replaces, is in [`exercise`].

mod sync;

pub mod epoch;
pub mod hazard;
pub mod naive;

#[cfg_attr(not(feature = "solution"), path = "../exercise/starter.rs")]
#[cfg_attr(feature = "solution", path = "../exercise/solution.rs")]
pub mod exercise;
