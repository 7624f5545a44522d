//! Two threads, each printing its steps. Run it a few times: the order of
//! the lines can change from run to run, because the operating system
//! decides when each thread runs and on which core.

use std::thread;

fn main() {
    // ANCHOR: main
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    println!("std estimates this program can run {cores} threads in parallel");

    thread::scope(|scope| {
        for name in ["downloader", "indexer"] {
            // Each spawned thread is a thread of the operating system.
            scope.spawn(move || {
                for step in 1..=3 {
                    println!("{name}: step {step}");
                }
            });
        }
    });
    println!("both threads are done");
    // ANCHOR_END: main
}
