//! `thread::park` and `Thread::unpark`: an early unpark leaves a token,
//! tokens do not add up, and a waiter parks in a loop around its condition.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: token
fn early_unpark_is_kept() {
    let this_thread = thread::current();

    // Unpark first: nobody is parked, so the token is stored...
    this_thread.unpark();
    // ...and this park consumes it and returns at once.
    thread::park();
    println!("park after unpark returned at once: the token was waiting");

    // Two unparks still make one token, not two.
    this_thread.unpark();
    this_thread.unpark();
    thread::park(); // consumes the one token
    let started = Instant::now();
    // No token left: this waits for its timeout (or returns spuriously).
    thread::park_timeout(Duration::from_millis(50));
    println!(
        "after two unparks, the second park waited {} ms",
        started.elapsed().as_millis()
    );
}
// ANCHOR_END: token

// ANCHOR: loop
fn park_in_a_loop() {
    let report_ready = Arc::new(AtomicBool::new(false));
    let waiting_thread = thread::current();

    let worker = {
        let report_ready = Arc::clone(&report_ready);
        thread::spawn(move || {
            let report: u64 = (1..=1_000).sum();
            report_ready.store(true, Ordering::Release);
            waiting_thread.unpark();
            report
        })
    };

    // The flag is the truth; park is only a way to wait for it cheaply.
    let mut wakeups = 0;
    while !report_ready.load(Ordering::Acquire) {
        thread::park();
        wakeups += 1;
    }
    println!("report ready after {wakeups} return(s) from park");
    println!("report: {}", worker.join().unwrap());
}
// ANCHOR_END: loop

fn main() {
    early_unpark_is_kept();
    park_in_a_loop();
}
