//! Steps 1 and 2 count exactly, whatever the interleaving: bounded
//! multi-threaded runs, checked after the threads are joined.

use processor::{BatchedCounter, SharedCounter};
use std::thread;

const THREADS: u64 = 4;

fn requests() -> u64 {
    if cfg!(miri) { 30 } else { 20_000 }
}

#[test]
fn shared_counter_counts_every_record() {
    let counter = SharedCounter::new();
    thread::scope(|scope| {
        for _ in 0..THREADS {
            scope.spawn(|| {
                for _ in 0..requests() {
                    counter.record();
                }
            });
        }
    });
    assert_eq!(counter.total(), THREADS * requests());
}

#[test]
fn batched_counter_is_exact_after_the_tallies_drop() {
    let counter = BatchedCounter::new();
    thread::scope(|scope| {
        for _ in 0..THREADS {
            scope.spawn(|| {
                // A batch that does not divide the count: the last partial
                // batch is published by `Drop`.
                let mut tally = counter.tally(7);
                for _ in 0..requests() {
                    tally.record();
                }
            });
        }
    });
    assert_eq!(counter.total(), THREADS * requests());
}

#[test]
fn a_tally_publishes_per_batch() {
    let counter = BatchedCounter::new();
    let mut tally = counter.tally(3);
    tally.record();
    tally.record();
    assert_eq!(counter.total(), 0, "two requests are still pending");
    tally.record();
    assert_eq!(counter.total(), 3, "the third completes a batch");
    tally.record();
    tally.flush();
    assert_eq!(counter.total(), 4);
    tally.record();
    drop(tally);
    assert_eq!(counter.total(), 5);
}

#[test]
fn a_batch_of_zero_publishes_every_request() {
    let counter = BatchedCounter::new();
    let mut tally = counter.tally(0);
    tally.record();
    assert_eq!(counter.total(), 1);
}
