//! Step 3: the same guarantee with `Relaxed` accesses and a pair of fences.
//!
//! `fence(Release)` before a `Relaxed` store, and `fence(Acquire)` after a
//! `Relaxed` load that reads that store, synchronise just as a Release store
//! and an Acquire load would. Fences pay off when the acquiring side is
//! conditional: here the display only pays for the Acquire fence when the
//! number has actually moved, not on every spin.

use std::sync::atomic::{AtomicU64, Ordering, fence};
use std::thread;

const READINGS: u64 = 100_000;

/// The sensor's latest reading and the number of readings published so far.
/// Reading number `n` has the value `n * 10`.
struct Sensor {
    reading: AtomicU64,
    published: AtomicU64,
}

// ANCHOR: fences
fn sensor(shared: &Sensor) {
    for n in 1..=READINGS {
        shared.reading.store(n * 10, Ordering::Relaxed);
        fence(Ordering::Release); // orders the reading before the next store
        shared.published.store(n, Ordering::Relaxed);
    }
}

/// Returns how many times the display saw reading number `n` announced but
/// read a value older than `n * 10`.
fn display(shared: &Sensor) -> u64 {
    let mut stale = 0;
    let mut last = 0;
    while last < READINGS {
        let n = shared.published.load(Ordering::Relaxed);
        if n == last {
            std::hint::spin_loop();
            continue;
        }
        fence(Ordering::Acquire); // pairs with the Release fence: n was read
        if shared.reading.load(Ordering::Relaxed) < n * 10 {
            stale += 1; // a reading older than the one announced
        }
        last = n;
    }
    stale
}
// ANCHOR_END: fences

fn main() {
    let shared = Sensor {
        reading: AtomicU64::new(0),
        published: AtomicU64::new(0),
    };
    let stale = thread::scope(|scope| {
        scope.spawn(|| sensor(&shared));
        scope.spawn(|| display(&shared)).join().unwrap()
    });
    println!(
        "stale readings with a Release fence and an Acquire fence: {stale}"
    );
    assert_eq!(stale, 0, "the memory model forbids a stale reading here");
}
