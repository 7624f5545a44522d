//! A heisenbug: a lost-update race that shows up in some runs and hides in
//! others, and hides better when you add logging to look for it.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Barrier, Mutex};
use std::thread;

const TRIALS: u32 = 300;
const ROUNDS: u32 = 100;

// ANCHOR: trial
/// One trial: two threads each add `ROUNDS` visits to a counter with a
/// separate load and store. Returns whether an update was lost. If `log` is
/// given, each thread writes a line to it before every increment, the way a
/// `println!` added "to see what is going on" would (stdout is behind a lock
/// too).
fn lost_an_update(log: Option<&Mutex<Vec<String>>>) -> bool {
    let visits = AtomicU32::new(0);
    let start_line = Barrier::new(2);
    thread::scope(|scope| {
        for worker in 0..2 {
            let (visits, start_line) = (&visits, &start_line);
            scope.spawn(move || {
                start_line.wait();
                for round in 0..ROUNDS {
                    if let Some(log) = log {
                        log.lock()
                            .unwrap()
                            .push(format!("worker {worker}, round {round}"));
                    }
                    let seen = visits.load(Ordering::Relaxed);
                    visits.store(seen + 1, Ordering::Relaxed);
                }
            });
        }
    });
    visits.into_inner() != 2 * ROUNDS
}
// ANCHOR_END: trial

fn main() {
    // ANCHOR: main
    let quiet = (0..TRIALS).filter(|_| lost_an_update(None)).count();
    println!("without logging: lost an update in {quiet} of {TRIALS} trials");

    let log = Mutex::new(Vec::new());
    let observed = (0..TRIALS).filter(|_| lost_an_update(Some(&log))).count();
    println!("with logging:    lost an update in {observed} of {TRIALS} trials");
    // ANCHOR_END: main
}
