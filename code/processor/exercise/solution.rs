//! The worked solution of the exercise: a counter sharded across cache
//! lines. See `exercise/starter.rs` for the task.

use crate::sync::{AtomicU64, Ordering};
use std::ops::Deref;

// ANCHOR: padded
/// A `T` that starts its own 128-byte block of memory, so that nothing else
/// shares its cache line, nor the neighbouring line that some prefetchers
/// fetch along with it.
///
/// `align(128)` does both jobs: the address of every `Padded<T>` is a
/// multiple of 128, and since a type's size is always a multiple of its
/// alignment, the next value in an array or struct starts 128 (or 256, ...)
/// bytes later.
#[repr(align(128))]
#[derive(Debug, Default)]
pub struct Padded<T> {
    value: T,
}

impl<T> Padded<T> {
    /// Wraps `value`.
    pub fn new(value: T) -> Self {
        Self { value }
    }

    /// Unwraps the value.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> Deref for Padded<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}
// ANCHOR_END: padded

// ANCHOR: sharded
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
    /// If `shards` is 0.
    pub fn new(shards: usize) -> Self {
        assert!(shards > 0, "a sharded counter needs at least one shard");
        Self {
            shards: (0..shards)
                .map(|_| Padded::new(AtomicU64::new(0)))
                .collect(),
        }
    }

    /// How many shards there are.
    pub fn shard_count(&self) -> usize {
        self.shards.len()
    }

    /// Adds `n` to shard `shard % shard_count()`, so any index is valid.
    pub fn add(&self, shard: usize, n: u64) {
        // Relaxed: the shards count, they publish nothing. Whoever needs
        // the exact total joins the adding threads first, and the join
        // orders their adds before the read.
        self.shards[shard % self.shards.len()].fetch_add(n, Ordering::Relaxed);
    }

    /// The sum of all shards. Exact once every thread that added has been
    /// joined; while threads are still adding, it may miss adds in flight,
    /// because each shard is read at a different moment.
    pub fn sum(&self) -> u64 {
        self.shards
            .iter()
            .map(|shard| shard.load(Ordering::Relaxed))
            .sum()
    }

    /// The atomic of shard `index`, so that tests (and you) can check where
    /// it lives in memory.
    ///
    /// # Panics
    ///
    /// If `index >= shard_count()`.
    pub fn shard(&self, index: usize) -> &AtomicU64 {
        &self.shards[index]
    }
}
// ANCHOR_END: sharded
