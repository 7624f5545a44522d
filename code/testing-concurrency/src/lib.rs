//! Companion code for the chapter "Testing concurrent code": bugs from the
//! course, each kept with the tool that finds it, and the tools' reports
//! kept under test.

mod sync;

pub mod election;
pub mod erased_arrival;
pub mod one_word_barrier;
pub mod park_flag;
pub mod spin_cell;

#[cfg_attr(not(feature = "solution"), path = "../exercise/starter.rs")]
#[cfg_attr(feature = "solution", path = "../exercise/solution.rs")]
pub mod exercise;
