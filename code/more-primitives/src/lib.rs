//! Companion code for the chapter "More primitives".
//!
//! Each primitive is built from an `AtomicU32` and the futex-style calls
//! `wait`, `wake_one` and `wake_all` (from the `atomic-wait` crate, through
//! the crate's `sync` shim), and each is tested, modelled with loom and run
//! under Miri:
//!
//! 1. [`step1_semaphore`]: a counting semaphore.
//! 2. [`step2_barrier`]: a reusable barrier (generation and count in one
//!    word).
//! 3. [`step3_flag_event`]: a manual-reset event as a bare flag, which can
//!    miss a `set` that is quickly undone.
//! 4. [`step4_event`]: the event with a generation count, which cannot.
//! 5. [`step5_seqlock`]: a sequence lock whose data lives in atomic words.
//!
//! The exercise, a countdown latch, is in [`exercise`].

mod sync;

#[cfg(all(feature = "schedule-hooks", not(loom)))]
pub mod schedule_hooks;

pub mod step1_semaphore;
pub mod step2_barrier;
pub mod step3_flag_event;
pub mod step4_event;
pub mod step5_seqlock;

pub use step1_semaphore::Semaphore;
pub use step2_barrier::Barrier;
pub use step4_event::Event;
pub use step5_seqlock::{SeqData, SeqLock};

#[cfg_attr(not(feature = "solution"), path = "../exercise/starter.rs")]
#[cfg_attr(feature = "solution", path = "../exercise/solution.rs")]
pub mod exercise;

/// The worked solution, built under loom whatever the features, so that
/// `tests/loom.rs` can model it without `--features solution`.
#[cfg(all(loom, not(feature = "solution")))]
#[path = "../exercise/solution.rs"]
pub mod exercise_solution;
#[cfg(all(loom, feature = "solution"))]
pub use exercise as exercise_solution;
