//! A worker that runs until the main thread tells it to stop, through an
//! `AtomicBool`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

// ANCHOR: worker
/// Checks sensor readings until `stop` is set; returns how many it checked.
pub fn watch_sensors(stop: &AtomicBool) -> u64 {
    let mut checked = 0;
    // Relaxed: the flag is the only thing the two threads share, so there is
    // nothing else whose visibility it would have to order.
    while !stop.load(Ordering::Relaxed) {
        checked += 1;
        std::hint::black_box(checked); // stands in for real work
    }
    checked
}
// ANCHOR_END: worker

// ANCHOR: main
fn main() {
    let stop = AtomicBool::new(false);
    let checked = thread::scope(|scope| {
        let watcher = scope.spawn(|| watch_sensors(&stop));
        thread::sleep(Duration::from_millis(100));
        stop.store(true, Ordering::Relaxed);
        // The count comes back through `join`, which synchronises on its
        // own: the flag does not have to carry it.
        watcher.join().unwrap()
    });
    println!("stopped after checking {checked} readings");
}
// ANCHOR_END: main
