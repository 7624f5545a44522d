//! Lock-free is not wait-free: threads increment one counter, once with a
//! compare-exchange loop and once with `fetch_add`, and the program counts
//! how often a compare-exchange lost and had to be retried.
//!
//! Every lost compare-exchange means another thread's succeeded, so the
//! counter always moves on (lock-free); but nothing bounds how many times
//! one particular increment loses (not wait-free). `fetch_add` cannot
//! lose: it has no retry to count.

use std::sync::Barrier;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

const THREADS: u64 = 2;
const INCREMENTS: u64 = 500_000;

// ANCHOR: cas_loop
/// Adds one with a compare-exchange loop and returns how many attempts
/// failed before one succeeded.
fn increment_with_cas(counter: &AtomicU64) -> u32 {
    let mut failures = 0;
    let mut current = counter.load(Ordering::Relaxed);
    loop {
        match counter.compare_exchange_weak(
            current,
            current + 1,
            Ordering::Relaxed,
            Ordering::Relaxed,
        ) {
            Ok(_) => return failures,
            Err(actual) => {
                failures += 1;
                current = actual;
            }
        }
    }
}
// ANCHOR_END: cas_loop

/// What one thread saw: failed attempts in all, and the most failures
/// before one increment got through.
#[derive(Default)]
struct Losses {
    total: u64,
    worst: u32,
}

fn main() {
    let counter = AtomicU64::new(0);
    // Without a common start, the first thread can be done before the
    // second one runs, and nothing contends.
    let start_line = Barrier::new(THREADS as usize);
    let losses: Vec<Losses> = thread::scope(|scope| {
        let threads: Vec<_> = (0..THREADS)
            .map(|_| {
                scope.spawn(|| {
                    start_line.wait();
                    let mut mine = Losses::default();
                    for _ in 0..INCREMENTS {
                        let failures = increment_with_cas(&counter);
                        mine.total += u64::from(failures);
                        mine.worst = mine.worst.max(failures);
                    }
                    mine
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    assert_eq!(counter.load(Ordering::Relaxed), THREADS * INCREMENTS);
    println!("compare-exchange loop: {} increments", THREADS * INCREMENTS);
    for (thread, seen) in losses.iter().enumerate() {
        println!(
            "  thread {thread}: {} failed attempts, at most {} in a row",
            seen.total, seen.worst
        );
    }
    if losses.iter().all(|seen| seen.total == 0) {
        // The barrier starts both threads together only if both get a
        // core; on a busy machine one can run while the other waits.
        println!("  (no failures: the threads did not run at the same time)");
    }

    let counter = AtomicU64::new(0);
    thread::scope(|scope| {
        for _ in 0..THREADS {
            scope.spawn(|| {
                start_line.wait();
                for _ in 0..INCREMENTS {
                    counter.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    assert_eq!(counter.load(Ordering::Relaxed), THREADS * INCREMENTS);
    println!(
        "fetch_add: {} increments, none of them retried",
        THREADS * INCREMENTS
    );
}
