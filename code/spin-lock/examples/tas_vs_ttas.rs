//! Two ways to wait for a spin lock, compared: retrying the compare-exchange
//! (test-and-set) or watching with loads until the lock looks free
//! (test-and-test-and-set). The program counts the read-modify-write
//! attempts each one makes, since every attempt needs the lock's cache line
//! exclusively on x86, and times both.
//!
//! The counting does not disturb the lock: each thread counts its attempts
//! in a local variable and hands the total back when it is joined, and the
//! flag has a 128-byte block to itself, so nothing else shares its line.
//!
//! This file carries its own small copy of the lock, so that it runs on the
//! Playground; the chapter's library builds the real one step by step.

use std::hint::spin_loop;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// Acquisitions per thread in one run.
const ROUNDS: u64 = 10_000;
/// Steps of busy work inside the critical section, so that waiters have to
/// wait for a while.
const WORK: u64 = 100;
/// Measured runs of each way of waiting, after one warm-up run.
const RUNS: usize = 5;

// ANCHOR: flag
/// A bare spin lock. `repr(align(128))` gives the flag a 128-byte block of
/// its own, so no other data shares its cache line (or its line pair).
#[repr(align(128))]
struct Flag {
    locked: AtomicBool,
}

impl Flag {
    /// One read-modify-write attempt to take the lock.
    fn try_set(&self) -> bool {
        self.locked
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
    }

    /// Test-and-set: every turn of the loop is a read-modify-write.
    /// Returns how many attempts it took.
    fn lock_tas(&self) -> u64 {
        let mut attempts = 1;
        while !self.try_set() {
            attempts += 1;
            spin_loop();
        }
        attempts
    }

    /// Test-and-test-and-set: wait with loads, which only read the line.
    /// Returns how many read-modify-write attempts it took.
    fn lock_ttas(&self) -> u64 {
        let mut attempts = 1;
        while !self.try_set() {
            while self.locked.load(Ordering::Relaxed) {
                spin_loop();
            }
            attempts += 1;
        }
        attempts
    }

    fn unlock(&self) {
        self.locked.store(false, Ordering::Release);
    }
}
// ANCHOR_END: flag

/// One run of the contended workload with one way of locking: the
/// read-modify-write attempts per acquisition, and the time it took.
fn run(threads: usize, lock: fn(&Flag) -> u64) -> (f64, Duration) {
    let flag = Flag {
        locked: AtomicBool::new(false),
    };
    // Protected by `flag` by convention; an atomic only so that this file
    // needs no `unsafe`. Relaxed is enough because the lock orders it.
    let counter = AtomicU64::new(0);
    let start = Instant::now();
    let attempts: u64 = thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    // Counted here, in a local, and added up after the join:
                    // the count never touches a shared cache line.
                    let mut attempts = 0;
                    for _ in 0..ROUNDS {
                        attempts += lock(&flag);
                        let seen = counter.load(Ordering::Relaxed);
                        for step in 0..WORK {
                            std::hint::black_box(step);
                        }
                        counter.store(seen + 1, Ordering::Relaxed);
                        flag.unlock();
                    }
                    attempts
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    let elapsed = start.elapsed();
    let acquisitions = threads as u64 * ROUNDS;
    assert_eq!(
        counter.into_inner(),
        acquisitions,
        "the lock let two threads in"
    );
    (attempts as f64 / acquisitions as f64, elapsed)
}

/// The middle value of `values` (sorted in place).
fn median<T: PartialOrd + Copy>(values: &mut [T]) -> T {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    values[values.len() / 2]
}

fn main() {
    // One thread per core, at least two: spinning only makes sense when
    // the holder is running on another core at the same time.
    let threads = thread::available_parallelism().map_or(2, |n| n.get().max(2));
    println!(
        "{threads} threads, {ROUNDS} acquisitions each; \
         median (range) of {RUNS} runs after a warm-up"
    );
    for (name, lock) in [
        ("test-and-set", Flag::lock_tas as fn(&Flag) -> u64),
        ("test-and-test-and-set", Flag::lock_ttas),
    ] {
        run(threads, lock); // warm-up
        let (mut attempts, mut times): (Vec<f64>, Vec<Duration>) =
            (0..RUNS).map(|_| run(threads, lock)).unzip();
        let low = attempts.iter().copied().fold(f64::INFINITY, f64::min);
        let high = attempts.iter().copied().fold(0.0, f64::max);
        println!(
            "{name:>21}: {:5.1} attempts per acquisition \
             ({low:.1} to {high:.1}), {:4} ms",
            median(&mut attempts),
            median(&mut times).as_millis(),
        );
    }
}
