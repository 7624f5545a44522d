//! Two ways to wait for a spin lock, compared: retrying the compare-exchange
//! (test-and-set) or watching with loads until the lock looks free
//! (test-and-test-and-set). The program counts the read-modify-write
//! attempts each one makes, since every attempt needs the lock's cache line
//! exclusively, and times both.
//!
//! This file carries its own small copy of the lock, so that it runs on the
//! Playground; the chapter's library builds the real one step by step.

use std::hint::spin_loop;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::Instant;

const ROUNDS: u64 = 20_000;
/// Steps of busy work inside the critical section, so that waiters have to
/// wait for a while.
const WORK: u64 = 100;

// ANCHOR: flag
/// A bare spin lock that counts its read-modify-write attempts.
struct CountingFlag {
    locked: AtomicBool,
    attempts: AtomicU64,
}

impl CountingFlag {
    fn try_set(&self) -> bool {
        self.attempts.fetch_add(1, Ordering::Relaxed);
        self.locked
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
    }

    /// Test-and-set: every turn of the loop is a read-modify-write.
    fn lock_tas(&self) {
        while !self.try_set() {
            spin_loop();
        }
    }

    /// Test-and-test-and-set: wait with loads, which only read the line.
    fn lock_ttas(&self) {
        while !self.try_set() {
            while self.locked.load(Ordering::Relaxed) {
                spin_loop();
            }
        }
    }

    fn unlock(&self) {
        self.locked.store(false, Ordering::Release);
    }
}
// ANCHOR_END: flag

/// Runs the contended workload with one way of locking; returns the
/// attempts per acquisition and the milliseconds it took.
fn run(threads: usize, lock: fn(&CountingFlag)) -> (f64, u128) {
    let flag = CountingFlag {
        locked: AtomicBool::new(false),
        attempts: AtomicU64::new(0),
    };
    // Protected by `flag` by convention; an atomic only so that this file
    // needs no `unsafe`. Relaxed is enough because the lock orders it.
    let counter = AtomicU64::new(0);
    let start = Instant::now();
    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                for _ in 0..ROUNDS {
                    lock(&flag);
                    let seen = counter.load(Ordering::Relaxed);
                    for step in 0..WORK {
                        std::hint::black_box(step);
                    }
                    counter.store(seen + 1, Ordering::Relaxed);
                    flag.unlock();
                }
            });
        }
    });
    let elapsed = start.elapsed().as_millis();
    let acquisitions = threads as u64 * ROUNDS;
    assert_eq!(
        counter.into_inner(),
        acquisitions,
        "the lock let two threads in"
    );
    let attempts = flag.attempts.into_inner() as f64 / acquisitions as f64;
    (attempts, elapsed)
}

fn main() {
    // One thread per core, at least two: spinning only makes sense when
    // the holder is running on another core at the same time.
    let threads = thread::available_parallelism().map_or(2, |n| n.get().max(2));
    println!("{threads} threads, {ROUNDS} acquisitions each");
    for (name, lock) in [
        ("test-and-set", CountingFlag::lock_tas as fn(&CountingFlag)),
        ("test-and-test-and-set", CountingFlag::lock_ttas),
    ] {
        let (attempts, millis) = run(threads, lock);
        println!("{name:>22}: {attempts:8.1} read-modify-writes per acquisition, {millis:5} ms");
    }
}
