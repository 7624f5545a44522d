//! A `Barrier` for a stocktake: each counter counts one aisle, and nobody
//! starts the recount until every aisle is counted. One thread (the
//! leader, chosen by the barrier) reports the total.

use std::sync::{Barrier, Mutex};
use std::thread;

fn main() {
    // ANCHOR: barrier
    let aisles = [120_u32, 75, 310];
    let counts = Mutex::new(Vec::new());
    let everyone_counted = Barrier::new(aisles.len());

    thread::scope(|scope| {
        for (aisle, crates) in aisles.into_iter().enumerate() {
            let (counts, everyone_counted) = (&counts, &everyone_counted);
            scope.spawn(move || {
                counts.lock().unwrap().push(crates);
                // Blocks until all three threads have called `wait`.
                let result = everyone_counted.wait();
                if result.is_leader() {
                    let total: u32 = counts.lock().unwrap().iter().sum();
                    println!("aisle {aisle} reports: {total} crates in total");
                }
            });
        }
    });
    // ANCHOR_END: barrier
}
