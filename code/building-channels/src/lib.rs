//! Companion code for the chapter "Building channels".
//!
//! The library builds channels in numbered steps, one module per step, each
//! complete, tested, and checked by loom and Miri:
//!
//! 1. [`step1_mutex_queue`]: a `Mutex<VecDeque<T>>` and a `Condvar`.
//! 2. [`step2_unsafe_oneshot`]: a one-shot slot and a flag; `unsafe` API.
//! 3. [`step3_state`]: one atomic state; misuse panics.
//! 4. [`step4_arc_halves`]: `Sender` and `Receiver` consume themselves;
//!    misuse does not compile.
//! 5. [`step5_borrowed`]: the halves borrow the channel, no `Arc`.
//! 6. [`step6_park`]: the receiver parks until the message arrives.
//!
//! The exercise, a blocking one-shot channel that reports a dropped
//! sender, is in [`exercise`].

mod sync;

pub mod step1_mutex_queue;
pub mod step2_unsafe_oneshot;
pub mod step3_state;
pub mod step4_arc_halves;
pub mod step5_borrowed;
pub mod step6_park;

// The exercise's error type lives in its own file so that the starter and
// the solution share it.
#[path = "../exercise/disconnected.rs"]
pub mod disconnected;

#[cfg_attr(not(feature = "solution"), path = "../exercise/starter.rs")]
#[cfg_attr(feature = "solution", path = "../exercise/solution.rs")]
pub mod exercise;
