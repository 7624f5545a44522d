//! Holding a lock across slow work makes every other thread wait for that
//! work too. Four threads each price an order (slow) and file it in a
//! shared ledger (fast); the first version holds the lock throughout.

use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

/// Stands in for slow work that needs no shared state and mostly waits: a
/// tax lookup over the network, a read from disk. A sleeping thread uses no
/// processor, so four of them can wait at once even on two cores; slow
/// *computation* could only run as many at once as there are cores.
fn price(order: u32) -> u32 {
    thread::sleep(Duration::from_millis(50));
    order * 3
}

fn run(name: &str, file: fn(&Mutex<Vec<u32>>, u32)) {
    let ledger = Mutex::new(Vec::new());
    let start = Instant::now();
    thread::scope(|scope| {
        for order in 1..=4 {
            let ledger = &ledger;
            scope.spawn(move || file(ledger, order));
        }
    });
    let entries = ledger.lock().unwrap().len();
    println!("{name}: {entries} entries in {:?}", start.elapsed());
}

// ANCHOR: long
fn file_holding_the_lock(ledger: &Mutex<Vec<u32>>, order: u32) {
    let mut entries = ledger.lock().unwrap();
    let total = price(order); // every other thread waits for this
    entries.push(total);
}
// ANCHOR_END: long

// ANCHOR: short
fn file_after_pricing(ledger: &Mutex<Vec<u32>>, order: u32) {
    let total = price(order); // no lock held: the threads price in parallel
    ledger.lock().unwrap().push(total); // locked for one push
}
// ANCHOR_END: short

fn main() {
    // Timings vary by machine; the ratio is the point: about 4 x 50 ms
    // against about 50 ms.
    run("lock held while pricing", file_holding_the_lock);
    run("lock held only to file", file_after_pricing);
}
