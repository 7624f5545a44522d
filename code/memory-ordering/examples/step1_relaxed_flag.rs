//! Step 1: publish a sensor reading behind a `Relaxed` flag.
//!
//! A sensor thread writes a reading, then bumps `published` to say "reading
//! number n is ready". A display thread waits for the number to move and
//! reads the reading. Every access is atomic, so there is no data race, but
//! nothing orders the reading before the flag: the memory model allows the
//! display to see the new number and an old reading.

use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

const READINGS: u64 = 100_000;

// ANCHOR: relaxed
/// The sensor's latest reading and the number of readings published so far.
/// Reading number `n` has the value `n * 10`.
struct Sensor {
    reading: AtomicU64,
    published: AtomicU64,
}

fn sensor(shared: &Sensor) {
    for n in 1..=READINGS {
        shared.reading.store(n * 10, Ordering::Relaxed);
        shared.published.store(n, Ordering::Relaxed); // no ordering promised
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
        if shared.reading.load(Ordering::Relaxed) < n * 10 {
            stale += 1; // a reading older than the one announced
        }
        last = n;
    }
    stale
}
// ANCHOR_END: relaxed

fn main() {
    let shared = Sensor {
        reading: AtomicU64::new(0),
        published: AtomicU64::new(0),
    };
    let stale = thread::scope(|scope| {
        scope.spawn(|| sensor(&shared));
        scope.spawn(|| display(&shared)).join().unwrap()
    });
    println!("stale readings with Relaxed: {stale}");
    println!(
        "(the memory model allows more than 0. x86 keeps stores in program order,"
    );
    println!(
        " so there expect 0 unless the compiler reorders them: luck, not a guarantee)"
    );
}
