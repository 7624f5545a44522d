//! `park` and `unpark`: every thread has one wake-up token. `unpark` makes
//! it available, `park` waits for it and consumes it. A token set before
//! the thread parks is not lost: the next `park` returns at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, Thread};

// ANCHOR: early
/// A picker thread that parks only after `unpark` was called for it, and
/// still wakes up.
pub fn unpark_before_park() -> &'static str {
    // `Release`/`Acquire`, so that the `unpark` happens before the `park`,
    // which is what this shows. With `Relaxed`, nothing would order the two
    // calls: the `park` could come first and be woken by the `unpark`
    // instead, which looks the same from outside.
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
        picker.join().unwrap()
    })
}
// ANCHOR_END: early

// ANCHOR: loop
/// The usual shape: park in a loop that checks a condition, because `park`
/// may also return spuriously, without any `unpark`.
pub fn wait_for_truck(truck_arrived: &AtomicBool) {
    while !truck_arrived.load(Ordering::Acquire) {
        thread::park();
    }
}

/// Sets the condition first, then wakes the loader.
pub fn truck_arrives(truck_arrived: &AtomicBool, loader: &Thread) {
    // `Release` pairs with the loader's `Acquire`, so that anything written
    // before the flag (a delivery note, say) is visible once the loader
    // sees it. This program hands over nothing else, so `Relaxed` would
    // also do: `unpark` itself synchronises with the `park` it ends.
    truck_arrived.store(true, Ordering::Release);
    loader.unpark();
}
// ANCHOR_END: loop

fn main() {
    // ANCHOR: main
    println!("{}", unpark_before_park());

    let truck_arrived = AtomicBool::new(false);
    thread::scope(|scope| {
        let loader = scope.spawn(|| {
            wait_for_truck(&truck_arrived);
            println!("loader: the truck is here");
        });
        truck_arrives(&truck_arrived, loader.thread());
    });
    // ANCHOR_END: main
}
