//! Companion code for the chapter "Introduction".
//!
//! The chapter's code is its examples: single files in `examples/`, so that
//! they run on the Rust Playground. The tests in `tests/` include those
//! files as modules, so the code on the page is the code under test. The
//! program that must not compile is in `compile_fail/`.
