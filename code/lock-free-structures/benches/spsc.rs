//! `cargo bench -p lock-free-structures --bench spsc --features solution`:
//! one producer thread and one consumer thread move 100,000 values through
//! a ring of 1,024 slots, for step 1 (every operation loads the other
//! side's index), the exercise's solution (each side caches the other's
//! index), `rtrb` (an SPSC ring that caches both), and crossbeam's
//! `ArrayQueue` (a bounded MPMC queue, so every operation is a
//! compare-exchange). Without `--features solution` the exercise's entry
//! is left out: the starter's `todo!()`s would panic.
//!
//! A side that finds the ring full (or empty) spins, and yields its core
//! after a thousand spins in a row (`Backoff`), the same for every queue.
//! One sample is one whole transfer: both threads are spawned in it and
//! run until the consumer has the last value, so they always overlap.
//! Divan reports the time per transfer and, from the counter, values per
//! second; the time divided by 100,000 is the time per value, starting
//! the two threads included. An illustration of one machine, never a
//! test: nothing here is asserted.

use std::hint::{black_box, spin_loop};
use std::sync::Arc;
use std::thread;

use divan::Bencher;
use divan::counter::ItemsCount;

fn main() {
    divan::main();
}

const VALUES: u64 = 100_000;
const CAPACITY: usize = 1024;
const SAMPLES: u32 = 50;

/// How a side waits for the other: a spin hint, and after `SPINS` of them
/// in a row a `yield_now`, so that on a machine with more runnable
/// threads than cores a side whose partner is descheduled gives up its
/// core instead of spinning through a whole time slice.
#[derive(Default)]
struct Backoff {
    spins: u32,
}

const SPINS: u32 = 1_000;

impl Backoff {
    fn wait(&mut self) {
        self.spins += 1;
        if self.spins < SPINS {
            spin_loop();
        } else {
            self.spins = 0;
            thread::yield_now();
        }
    }
}

/// Runs `produce` and `consume` on two threads and waits for both.
fn transfer(produce: impl FnOnce() + Send, consume: impl FnOnce() + Send) {
    thread::scope(|scope| {
        scope.spawn(produce);
        scope.spawn(consume);
    });
}

/// Moves the values `0..VALUES` through a ring whose ends are given as a
/// push that may refuse and a pop that may find nothing, spinning on both.
fn through<P, C>(
    bencher: Bencher,
    make: impl Fn() -> (P, C) + Sync,
    try_push: impl Fn(&mut P, u64) -> Result<(), u64> + Sync,
    try_pop: impl Fn(&mut C) -> Option<u64> + Sync,
) where
    P: Send,
    C: Send,
{
    bencher
        .counter(ItemsCount::new(VALUES))
        .with_inputs(&make)
        .bench_local_values(|(mut producer, mut consumer)| {
            // Each end moves to its thread (neither need be `Sync`).
            let (try_push, try_pop) = (&try_push, &try_pop);
            transfer(
                move || {
                    for value in 0..VALUES {
                        let mut value = value;
                        let mut waits = Backoff::default();
                        while let Err(back) = try_push(&mut producer, value) {
                            value = back;
                            waits.wait();
                        }
                    }
                },
                move || {
                    let mut sum = 0;
                    for _ in 0..VALUES {
                        let mut waits = Backoff::default();
                        loop {
                            match try_pop(&mut consumer) {
                                Some(value) => {
                                    sum += value;
                                    break;
                                }
                                None => waits.wait(),
                            }
                        }
                    }
                    black_box(sum);
                },
            );
        });
}

#[divan::bench(sample_count = SAMPLES, sample_size = 1)]
fn spsc_step1(bencher: Bencher) {
    use lock_free_structures::spsc_step1::ring;
    through(
        bencher,
        || ring::<u64>(CAPACITY),
        |producer, value| producer.try_push(value),
        |consumer| consumer.try_pop(),
    );
}

#[cfg(feature = "solution")]
#[divan::bench(sample_count = SAMPLES, sample_size = 1)]
fn exercise_cached_indices(bencher: Bencher) {
    use lock_free_structures::exercise::ring;
    through(
        bencher,
        || ring::<u64>(CAPACITY),
        |producer, value| producer.try_push(value),
        |consumer| consumer.try_pop(),
    );
}

#[divan::bench(sample_count = SAMPLES, sample_size = 1)]
fn rtrb(bencher: Bencher) {
    through(
        bencher,
        || rtrb::RingBuffer::<u64>::new(CAPACITY),
        |producer, value| {
            producer.push(value).map_err(|e| match e {
                rtrb::PushError::Full(value) => value,
            })
        },
        |consumer| consumer.pop().ok(),
    );
}

#[divan::bench(sample_count = SAMPLES, sample_size = 1)]
fn crossbeam_array_queue(bencher: Bencher) {
    through(
        bencher,
        || {
            let queue = Arc::new(crossbeam_queue::ArrayQueue::new(CAPACITY));
            (Arc::clone(&queue), queue)
        },
        |queue, value| queue.push(value),
        |queue| queue.pop(),
    );
}
