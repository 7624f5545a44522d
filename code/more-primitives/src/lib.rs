//! Companion code for the chapter "More primitives".
//!
//! Each primitive is built from an `AtomicU32` and the futex-style calls
//! `wait`, `wake_one` and `wake_all` (from the `atomic-wait` crate, through
//! the crate's `sync` shim), and each is tested, modelled with loom and run
//! under Miri:
//!
//! - [`semaphore`]: a counting semaphore.
//! - [`barrier`]: a reusable barrier (generation and count in one word).
//! - The manual-reset event in two steps: [`event_step1_flag`], a bare
//!   flag, which can miss a `set` that is quickly undone, and
//!   [`event_step2_generation`], with a generation count, which cannot.
//! - [`seqlock`]: a sequence lock whose data lives in atomic words.
//!
//! The exercise, a countdown latch, is in [`exercise`].

mod sync;

#[cfg(all(feature = "schedule-hooks", not(loom)))]
pub mod schedule_hooks;

pub mod barrier;
pub mod event_step1_flag;
pub mod event_step2_generation;
pub mod semaphore;
pub mod seqlock;

pub use barrier::Barrier;
pub use event_step2_generation::Event;
pub use semaphore::Semaphore;
pub use seqlock::{SeqData, SeqLock};

#[cfg_attr(not(feature = "solution"), path = "../exercise/starter.rs")]
#[cfg_attr(feature = "solution", path = "../exercise/solution.rs")]
pub mod exercise;
