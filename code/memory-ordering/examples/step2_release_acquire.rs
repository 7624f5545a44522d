//! Step 2: the same sensor, with a Release store and an Acquire load on
//! the flag.
//!
//! Only two orderings change from step 1. The sensor's store of `published`
//! is `Release` and the display's load is `Acquire`, so when the display
//! reads number `n` it synchronises with the store that wrote it, and the
//! sensor's write of reading `n * 10` happens before the display's read.
//! A stale reading is now forbidden, on every machine.

use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

const READINGS: u64 = 100_000;

// ANCHOR: release_acquire
/// The sensor's latest reading and the number of readings published so far.
/// Reading number `n` has the value `n * 10`.
struct Sensor {
    reading: AtomicU64,
    published: AtomicU64,
}

fn sensor(shared: &Sensor) {
    for n in 1..=READINGS {
        shared.reading.store(n * 10, Ordering::Relaxed);
        shared.published.store(n, Ordering::Release); // publishes the reading
    }
}

/// Returns how many times the display saw reading number `n` announced but
/// read a value older than `n * 10`.
fn display(shared: &Sensor) -> u64 {
    let mut stale = 0;
    let mut last = 0;
    while last < READINGS {
        let n = shared.published.load(Ordering::Acquire); // sees the reading
        if n == last {
            std::hint::spin_loop();
            continue;
        }
        if shared.reading.load(Ordering::Relaxed) < n * 10 {
            stale += 1; // a reading older than the one announced
        }
        last = n;
    }
    stale
}
// ANCHOR_END: release_acquire

fn main() {
    let shared = Sensor {
        reading: AtomicU64::new(0),
        published: AtomicU64::new(0),
    };
    let stale = thread::scope(|scope| {
        scope.spawn(|| sensor(&shared));
        scope.spawn(|| display(&shared)).join().unwrap()
    });
    println!("stale readings with Release/Acquire: {stale}");
    assert_eq!(stale, 0, "the memory model forbids a stale reading here");
}
