//! `park` and `unpark`: every thread has one wake-up token. `unpark` makes
//! it available, `park` waits for it and consumes it. A token set before
//! the thread parks is not lost: the next `park` returns at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

fn main() {
    // ANCHOR: early
    let unparked = AtomicBool::new(false);
    thread::scope(|scope| {
        let picker = scope.spawn(|| {
            // Spin (without parking) until `main` has called `unpark`.
            while !unparked.load(Ordering::Acquire) {
                thread::yield_now();
            }
            // The token is already there, so this returns immediately.
            thread::park();
            "picker: parked after the unpark, and still woke up"
        });
        picker.thread().unpark();
        unparked.store(true, Ordering::Release);
        println!("{}", picker.join().unwrap());
    });
    // ANCHOR_END: early

    // ANCHOR: loop
    // The usual shape: park in a loop that checks a condition, because
    // `park` may also return spuriously, without any `unpark`.
    let truck_arrived = AtomicBool::new(false);
    thread::scope(|scope| {
        let loader = scope.spawn(|| {
            while !truck_arrived.load(Ordering::Acquire) {
                thread::park();
            }
            println!("loader: the truck is here");
        });
        truck_arrived.store(true, Ordering::Release);
        loader.thread().unpark();
    });
    // ANCHOR_END: loop
}
