//! Request statistics gathered by several threads at once: counts and totals
//! with `fetch_add`, the slowest and fastest request with `fetch_max` and
//! `fetch_min`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

// ANCHOR: stats
/// Statistics that any thread may update through `&self`.
#[derive(Debug)]
pub struct RequestStats {
    pub requests: AtomicU64,
    pub total_micros: AtomicU64,
    pub slowest_micros: AtomicU64,
    pub fastest_micros: AtomicU64,
}

impl RequestStats {
    pub const fn new() -> Self {
        Self {
            requests: AtomicU64::new(0),
            total_micros: AtomicU64::new(0),
            slowest_micros: AtomicU64::new(0),
            fastest_micros: AtomicU64::new(u64::MAX),
        }
    }

    /// Records one request. Each line is one indivisible update of one
    /// counter; Relaxed, because nobody reads one counter to learn about
    /// another.
    pub fn record(&self, micros: u64) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.total_micros.fetch_add(micros, Ordering::Relaxed);
        self.slowest_micros.fetch_max(micros, Ordering::Relaxed);
        self.fastest_micros.fetch_min(micros, Ordering::Relaxed);
    }
}
// ANCHOR_END: stats

impl Default for RequestStats {
    fn default() -> Self {
        Self::new()
    }
}

/// A made-up, repeatable latency for request `n` of `worker`.
pub fn latency_micros(worker: u64, n: u64) -> u64 {
    let mixed = (worker * 1_000_003 + n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    200 + (mixed >> 32) % 5_000
}

// ANCHOR: main
/// Runs `workers` threads that each serve `per_worker` requests.
pub fn serve(stats: &RequestStats, workers: u64, per_worker: u64) {
    thread::scope(|scope| {
        for worker in 0..workers {
            scope.spawn(move || {
                for n in 0..per_worker {
                    stats.record(latency_micros(worker, n));
                }
            });
        }
    });
}

fn main() {
    let stats = RequestStats::new();
    serve(&stats, 4, 50_000);
    // Every worker has been joined, so these loads see every update.
    let requests = stats.requests.load(Ordering::Relaxed);
    let total = stats.total_micros.load(Ordering::Relaxed);
    println!("requests: {requests}");
    println!("mean:     {} µs", total / requests);
    println!(
        "fastest:  {} µs",
        stats.fastest_micros.load(Ordering::Relaxed)
    );
    println!(
        "slowest:  {} µs",
        stats.slowest_micros.load(Ordering::Relaxed)
    );
}
// ANCHOR_END: main
