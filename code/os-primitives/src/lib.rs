//! Companion code for the chapter "Sleeping and waking: OS primitives".
//!
//! Two small types built directly on a futex word (through the crate's
//! `sync` shim over the `atomic-wait` crate):
//!
//! - [`step1_parker`]: a [`Parker`] and its [`Unparker`], the same
//!   three-state protocol `std::thread::park` uses on futex platforms;
//! - [`step2_wait_counter`]: a [`WaitCounter`], a counter that any number
//!   of threads can sleep on until it reaches a target.

pub mod step1_parker;
pub mod step2_wait_counter;
mod sync;

pub use step1_parker::{Parker, Unparker};
pub use step2_wait_counter::WaitCounter;
