//! Companion code for the chapter "Threads".
//!
//! The runnable programs live in `examples/`, each a single file that uses
//! only std and tokio, so that the book's Run button can send it to the
//! Playground. The tests in `tests/` include those files as modules, so the
//! code on the page is the code under test. The programs that must not
//! compile are in `compile_fail/`; this library holds only the exercise,
//! from `exercise/`.

// The exercise's shared helper lives in its own file so that the starter and
// the solution use the same one.
#[path = "../exercise/words.rs"]
pub mod words;

#[cfg_attr(not(feature = "solution"), path = "../exercise/starter.rs")]
#[cfg_attr(feature = "solution", path = "../exercise/solution.rs")]
pub mod exercise;
