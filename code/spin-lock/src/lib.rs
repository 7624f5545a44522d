//! Companion code for the chapter "Building a spin lock".
//!
//! The library builds a spin lock in numbered steps, one module per step,
//! each of them complete, tested, and checked by loom and Miri:
//!
//! 1. [`step1_flag`]: an `AtomicBool` with `lock` and `unlock`.
//! 2. [`step2_unsafe_cell`]: the lock owns its value in an `UnsafeCell`;
//!    `unlock` is `unsafe`.
//! 3. [`step3_guard`]: a guard unlocks on drop; the API is safe.
//! 4. [`step4_ttas`]: waiters spin on a load, not on a write
//!    (test-and-test-and-set). This is the crate's [`SpinLock`].
//!
//! Under `--cfg loom` the crate also has `broken`: deliberately unsound
//! copies of step 4, one with `Relaxed` orderings and one whose guard
//! unlocks too early, that `tests/loom.rs` shows loom catching. The exercise, a ticket lock, is in [`exercise`].

mod sync;

pub mod step1_flag;
pub mod step2_unsafe_cell;
pub mod step3_guard;
pub mod step4_ttas;

#[cfg(loom)]
pub mod broken;

pub use step4_ttas::{Guard, SpinLock};

// The exercise's types live in their own file so that the starter and the
// solution share them.
#[path = "../exercise/ticket_lock.rs"]
mod ticket_lock;

#[cfg_attr(not(feature = "solution"), path = "../exercise/starter.rs")]
#[cfg_attr(feature = "solution", path = "../exercise/solution.rs")]
pub mod exercise;
