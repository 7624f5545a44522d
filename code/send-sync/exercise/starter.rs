//! The exercise: a hit counter that owns its tallies through a raw pointer.
//!
//! The type itself, `HitCounter` holding a `*mut Counts`, is given in
//! `exercise/hit_counter.rs`; leave that file as it is. Here you give it its
//! behaviour, and make it `Send`, soundly, while it stays `!Sync`:
//!
//! 1. The compiler does not consider `HitCounter` `Send`, so the tests that
//!    move it to another thread fail with "HitCounter is not Send". Make it
//!    `Send` with an `unsafe impl`, and argue in a `// SAFETY:` comment
//!    above it why moving a `HitCounter` to another thread is sound.
//! 2. Write the bodies below: each `todo!()` says what is missing, and so
//!    does the comment in `drop`. Every `unsafe` block gets a `// SAFETY:`
//!    comment too.
//! 3. `HitCounter` must stay `!Sync`: a test checks that sharing it between
//!    threads still fails to compile.
//!
//! Run the tests with `cargo test -p send-sync --test exercise`. To start
//! over, run `git restore code/send-sync/exercise/starter.rs`.

// The bodies below are `todo!()` until you write them, so the compiler
// would warn that the arguments are unused. Delete this line once you are
// done.
#![allow(unused_variables)]

pub use crate::hit_counter::HitCounter;

// TODO: the `unsafe impl`, with its `// SAFETY:` comment.

impl HitCounter {
    /// A counter with no hits.
    pub fn new() -> Self {
        todo!("HitCounter::new: put an empty `Counts` on the heap")
    }

    /// Records one hit on `page`.
    pub fn record(&self, page: &str) {
        todo!("HitCounter::record: count the hit in the total and for `page`")
    }

    /// All hits recorded so far.
    pub fn total(&self) -> u64 {
        todo!("HitCounter::total: read the total")
    }

    /// The hits recorded on `page`, 0 if none.
    pub fn count(&self, page: &str) -> u64 {
        todo!("HitCounter::count: read the hits on `page`")
    }
}

impl Default for HitCounter {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for HitCounter {
    fn drop(&mut self) {
        // TODO: free the `Counts`. This body is empty rather than a
        // `todo!()` because `drop` also runs while a failing test unwinds,
        // and a panic there would abort the whole test run. Until you write
        // it, the test `drop_frees_the_counts` fails.
    }
}
