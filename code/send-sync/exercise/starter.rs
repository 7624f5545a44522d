//! The exercise: a hit counter that owns its tallies through a raw pointer.
//!
//! The type itself, `HitCounter` holding a `*mut Counts`, is given in
//! `exercise/hit_counter.rs`; leave that file as it is. Here you give it its
//! behaviour, then make it `Send`, soundly, while it stays `!Sync`:
//!
//! 1. Fill in the `todo!()` bodies. `new` puts a `Counts` on the heap with
//!    `Box::into_raw`; `record`, `total` and `count` reach it through the
//!    pointer; `drop` gives it back to a `Box` with `Box::from_raw`.
//! 2. The raw pointer makes `HitCounter` neither `Send` nor `Sync`, so the
//!    tests do not even compile yet: that compiler error is your first
//!    failing test. Add `unsafe impl Send for HitCounter {}` with a
//!    `// SAFETY:` comment arguing why moving it to another thread is sound.
//! 3. Do *not* implement `Sync`: `record` mutates through `&self`, like
//!    `Cell`, so two threads sharing `&HitCounter` would race. A test checks
//!    that sharing it still fails to compile.
//!
//! Run the tests with `cargo test -p send-sync --test exercise`.

// The bodies below are `todo!()` until you write them, so the compiler
// would warn that the arguments are unused. Delete this line once you are
// done.
#![allow(unused_variables)]

pub use crate::hit_counter::HitCounter;

// TODO: `unsafe impl Send for HitCounter {}`, with a `// SAFETY:` comment.

impl HitCounter {
    /// A counter with no hits.
    pub fn new() -> Self {
        todo!("allocate a Counts and keep the pointer from Box::into_raw")
    }

    /// Records one hit on `page`.
    pub fn record(&self, page: &str) {
        todo!("add one to the total and one to `page`")
    }

    /// All hits recorded so far.
    pub fn total(&self) -> u64 {
        todo!()
    }

    /// The hits recorded on `page`, 0 if none.
    pub fn count(&self, page: &str) -> u64 {
        todo!()
    }
}

impl Default for HitCounter {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for HitCounter {
    fn drop(&mut self) {
        todo!("free the Counts with Box::from_raw")
    }
}
