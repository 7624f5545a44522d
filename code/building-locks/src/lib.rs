//! Companion code for the chapter "Building Mutex, Condvar and RwLock".
//!
//! Every lock sleeps with a futex (through [`atomic-wait`] in the crate's
//! `sync` shim) instead of spinning. The library builds them in numbered
//! steps, one module per step, each complete, tested, and checked by loom
//! and Miri:
//!
//! - Mutex: [`mutex_step1_two_states`] (a system call on every unlock),
//!   [`mutex_step2_three_states`] (wake only when someone may sleep),
//!   [`mutex_step3_spin`] (spin briefly first; the crate's [`Mutex`]).
//! - Condvar: [`condvar_step1_counter`] (a notification counter),
//!   [`condvar_step2_waiters`] (no system call without waiters; the
//!   crate's [`Condvar`]).
//! - RwLock: [`rwlock_step1_readers`] (a reader count),
//!   [`rwlock_step2_writer_counter`] (writers sleep on their own counter),
//!   [`rwlock_step3_writer_priority`] (a waiting writer stops new readers),
//!   [`rwlock_step4_no_idle_wakes`] (no system call when nobody waits; the
//!   crate's [`RwLock`]). The guards they share are in [`rwlock_guards`].
//!
//! The exercise, a fair mutex, is in [`exercise`].
//!
//! [`atomic-wait`]: https://docs.rs/atomic-wait

mod sync;

pub mod condvar_step1_counter;
pub mod condvar_step2_waiters;
pub mod mutex_step1_two_states;
pub mod mutex_step2_three_states;
pub mod mutex_step3_spin;
pub mod rwlock_guards;
pub mod rwlock_step1_readers;
pub mod rwlock_step2_writer_counter;
pub mod rwlock_step3_writer_priority;
pub mod rwlock_step4_no_idle_wakes;

pub use condvar_step2_waiters::Condvar;
pub use mutex_step3_spin::{Mutex, MutexGuard};
pub use rwlock_step4_no_idle_wakes::RwLock;

// The exercise's types live in their own file so that the starter and the
// solution share them.
#[path = "../exercise/fair_mutex.rs"]
mod fair_mutex;

#[cfg_attr(not(feature = "solution"), path = "../exercise/starter.rs")]
#[cfg_attr(feature = "solution", path = "../exercise/solution.rs")]
pub mod exercise;
