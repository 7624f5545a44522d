//! Step 1: one counter for everyone.

// ANCHOR: shared
use crate::sync::{AtomicU64, Ordering};

/// A request counter that every thread updates directly.
///
/// Each `record` is one atomic read-modify-write on the same 8 bytes, so
/// the count is always exact; but the cache line holding those 8 bytes can
/// be owned by only one core at a time, so with several threads recording
/// at once, the line travels between cores on (almost) every call.
#[derive(Debug)]
pub struct SharedCounter {
    hits: AtomicU64,
}

impl SharedCounter {
    /// A counter at zero.
    pub fn new() -> Self {
        Self {
            hits: AtomicU64::new(0),
        }
    }

    /// Counts one request.
    pub fn record(&self) {
        // Relaxed: the counter orders nothing else, it only has to count.
        // Atomicity alone makes every increment land exactly once.
        self.hits.fetch_add(1, Ordering::Relaxed);
    }

    /// The requests counted so far.
    pub fn total(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }
}
// ANCHOR_END: shared

impl Default for SharedCounter {
    fn default() -> Self {
        Self::new()
    }
}
