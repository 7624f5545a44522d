//! The exercise: a counter sharded across cache lines.
//!
//! `ShardedCounter` gives every thread a shard of its own to add to, and
//! adds the shards up when asked for the total. That only helps if no two
//! shards share a cache line (or a pair of lines that the prefetcher pulls
//! together), so first you build the wrapper that guarantees it:
//!
//! 1. `Padded<T>`: give it an attribute so that every `Padded<T>` starts on
//!    a 128-byte boundary and occupies a multiple of 128 bytes, then write
//!    `new`, `into_inner` and `Deref`.
//! 2. `ShardedCounter`: one `Padded<AtomicU64>` per shard, in a boxed
//!    slice. Write `new`, `shard_count`, `add`, `sum` and `shard`.
//!
//! Run the tests with `cargo test -p processor --test exercise`. They check
//! the layout by address arithmetic, never by timing; then measure the
//! difference with `cargo bench -p processor` (see the exercise page).

// The bodies below are `todo!()` until you write them, so the compiler
// would warn that arguments, fields and imports are unused. Delete this line
// once you are done.
#![allow(unused_variables, unused_imports, dead_code)]

use crate::sync::{AtomicU64, Ordering};
use std::ops::Deref;

/// A `T` that starts its own 128-byte block of memory, so that nothing else
/// shares its cache line, nor the neighbouring line that some prefetchers
/// fetch along with it.
// TODO: one attribute here decides the alignment (and so the size).
#[derive(Debug, Default)]
pub struct Padded<T> {
    value: T,
}

impl<T> Padded<T> {
    /// Wraps `value`.
    pub fn new(value: T) -> Self {
        todo!()
    }

    /// Unwraps the value.
    pub fn into_inner(self) -> T {
        todo!()
    }
}

impl<T> Deref for Padded<T> {
    type Target = T;

    fn deref(&self) -> &T {
        todo!()
    }
}

/// A counter split into shards, one cache line (pair) each.
///
/// Threads add to the shard with their own index, so no two threads write
/// the same cache line; `sum` reads every shard.
#[derive(Debug)]
pub struct ShardedCounter {
    shards: Box<[Padded<AtomicU64>]>,
}

impl ShardedCounter {
    /// A counter with `shards` shards, all zero.
    ///
    /// # Panics
    ///
    /// If `shards` is 0, with a message that says "at least one shard"
    /// (the test checks it).
    pub fn new(shards: usize) -> Self {
        todo!("build the boxed slice, e.g. with (0..shards).map(...).collect()")
    }

    /// How many shards there are.
    pub fn shard_count(&self) -> usize {
        todo!()
    }

    /// Adds `n` to shard `shard % shard_count()`, so any index is valid.
    pub fn add(&self, shard: usize, n: u64) {
        todo!("which ordering does a counter that orders nothing else need?")
    }

    /// The sum of all shards. Exact once every thread that added has been
    /// joined; while threads are still adding, it may miss adds in flight,
    /// because each shard is read at a different moment.
    pub fn sum(&self) -> u64 {
        todo!()
    }

    /// The atomic of shard `index`, so that tests (and you) can check where
    /// it lives in memory.
    ///
    /// # Panics
    ///
    /// If `index >= shard_count()`.
    pub fn shard(&self, index: usize) -> &AtomicU64 {
        todo!()
    }
}
