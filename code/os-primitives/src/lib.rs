//! Companion code for the chapter "Sleeping and waking: OS primitives".
//!
//! Two small types built directly on a futex word (through the crate's
//! `sync` shim over the `atomic-wait` crate):
//!
//! - [`parker`]: a [`Parker`] and its [`Unparker`], the same
//!   three-state protocol `std::thread::park` uses on futex platforms;
//! - [`wait_counter`]: a [`WaitCounter`], a counter that any number
//!   of threads can sleep on until it reaches a target.

pub mod parker;
mod sync;
pub mod wait_counter;

pub use parker::{Parker, Unparker};
pub use wait_counter::WaitCounter;
