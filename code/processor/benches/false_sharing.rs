//! What cache lines cost, measured with divan: `cargo bench -p processor`.
//!
//! - `counting`: two threads count `INCREMENTS` each, in the layouts of the
//!   false-sharing example (adjacent, hand-padded, `CachePadded`) and with
//!   the chapter's steps 1 and 2 (one shared counter, batched tallies).
//!   Every sample spawns the two threads, so each time includes two thread
//!   spawns and joins.
//! - `ops`: the cost of one atomic operation on one shared location, with
//!   one thread (uncontended) and with two threads doing the same operation
//!   at once (contended).
//!
//! Times depend on the machine; nothing here is asserted.

// One source of truth: the layouts and `hammer` are the example's own.
#[path = "../examples/false_sharing.rs"]
#[allow(dead_code)]
mod false_sharing;

use crossbeam_utils::CachePadded;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

/// Increments per thread per sample.
const INCREMENTS: u64 = 4_000_000;

fn main() {
    divan::main();
}

#[divan::bench_group(sample_count = 15, sample_size = 1)]
mod counting {
    use super::*;
    use false_sharing::{Adjacent, CratePadded, HandPadded, hammer};
    use processor::{BatchedCounter, SharedCounter};

    #[divan::bench]
    fn adjacent(bencher: divan::Bencher) {
        let counters = Adjacent::default();
        bencher.bench(|| hammer(&counters.left, &counters.right, INCREMENTS));
    }

    #[divan::bench]
    fn hand_padded(bencher: divan::Bencher) {
        let counters = HandPadded::default();
        bencher
            .bench(|| hammer(&counters.left.0, &counters.right.0, INCREMENTS));
    }

    #[divan::bench]
    fn cache_padded(bencher: divan::Bencher) {
        let counters = CratePadded::default();
        bencher.bench(|| hammer(&counters.left, &counters.right, INCREMENTS));
    }

    /// Step 1: both threads on the same counter (true sharing).
    #[divan::bench]
    fn step1_shared_counter(bencher: divan::Bencher) {
        let counter = SharedCounter::new();
        bencher.bench(|| {
            thread::scope(|scope| {
                for _ in 0..2 {
                    scope.spawn(|| {
                        for _ in 0..INCREMENTS {
                            counter.record();
                        }
                    });
                }
            })
        });
    }

    /// Step 2: both threads count locally, publishing every 1024.
    #[divan::bench]
    fn step2_batched_counter(bencher: divan::Bencher) {
        let counter = BatchedCounter::new();
        bencher.bench(|| {
            thread::scope(|scope| {
                for _ in 0..2 {
                    scope.spawn(|| {
                        let mut tally = counter.tally(1024);
                        for _ in 0..INCREMENTS {
                            tally.record();
                        }
                    });
                }
            })
        });
    }
}

/// `threads = [1, 2]`: divan runs the closure on one thread, then on two
/// at once. Each static has a 128-byte block to itself, so the operations
/// measured here never collide with anything else.
#[divan::bench_group(threads = [1, 2], sample_count = 20, sample_size = 1_000_000)]
mod ops {
    use super::*;

    static LOADED: CachePadded<AtomicU64> = CachePadded::new(AtomicU64::new(0));
    static STORED: CachePadded<AtomicU64> = CachePadded::new(AtomicU64::new(0));
    static COMPARED: CachePadded<AtomicU64> =
        CachePadded::new(AtomicU64::new(0));
    static ADDED: CachePadded<AtomicU64> = CachePadded::new(AtomicU64::new(0));

    #[divan::bench]
    fn load() -> u64 {
        // black_box: without it the compiler may read the static once
        // and reuse the value for every iteration.
        divan::black_box(&*LOADED).load(Ordering::Relaxed)
    }

    #[divan::bench]
    fn store() {
        divan::black_box(&*STORED).store(1, Ordering::Relaxed);
    }

    /// Always fails: the value is never `u64::MAX`.
    #[divan::bench]
    fn failed_compare_exchange() -> Result<u64, u64> {
        divan::black_box(&*COMPARED).compare_exchange(
            u64::MAX,
            0,
            Ordering::Relaxed,
            Ordering::Relaxed,
        )
    }

    #[divan::bench]
    fn fetch_add() -> u64 {
        divan::black_box(&*ADDED).fetch_add(1, Ordering::Relaxed)
    }
}
