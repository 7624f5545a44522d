//! `Relaxed` is enough for a counter that is read after `join`.
//!
//! Four threads count page hits with `fetch_add(1, Relaxed)`. Atomicity
//! alone makes every increment count: all read-modify-writes of one atomic
//! follow its single modification order, each reading the value the
//! previous one wrote. No ordering is needed between the counter and other
//! memory, and `join` provides the happens-before edge the final read needs.

use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

// ANCHOR: counter
fn main() {
    let hits = AtomicU64::new(0);
    thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for _ in 0..100_000 {
                    hits.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    }); // the scope joins all four threads: their increments happen before this
    let total = hits.load(Ordering::Relaxed);
    println!("{total} hits counted");
    assert_eq!(total, 400_000);
}
// ANCHOR_END: counter
