//! A heisenbug: a lost-update race whose visibility depends on how you run
//! and watch the program. The same race is counted twice, once as is and
//! once with a log line before every step, and the two counts differ; on
//! which side they differ depends on the machine and the build.

use std::hint;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;

const TRIALS: u32 = 100;
const ROUNDS: u32 = 2_000;

// ANCHOR: trial
/// One trial: two threads each add `ROUNDS` visits to a counter with a
/// separate load and store, and the trial returns how many visits were
/// lost. With `log`, each thread first writes a line to a shared log, the
/// way a `println!` added "to see what is going on" would (stdout is behind
/// a lock too).
fn lost_visits(log: bool) -> u32 {
    let visits = AtomicU32::new(0);
    let ready = AtomicU32::new(0);
    let log_lines = Mutex::new(Vec::new());
    thread::scope(|scope| {
        for worker in 0..2 {
            let (visits, ready, log_lines) = (&visits, &ready, &log_lines);
            scope.spawn(move || {
                // Start line: spin until both threads are here, so that their
                // loops start within nanoseconds of each other.
                ready.fetch_add(1, Ordering::Relaxed);
                while ready.load(Ordering::Relaxed) < 2 {
                    hint::spin_loop();
                }
                for round in 0..ROUNDS {
                    if log {
                        let line = format!("worker {worker}, round {round}");
                        log_lines.lock().unwrap().push(line);
                    }
                    let seen = visits.load(Ordering::Relaxed);
                    visits.store(seen + 1, Ordering::Relaxed);
                }
            });
        }
    });
    2 * ROUNDS - visits.into_inner()
}
// ANCHOR_END: trial

fn main() {
    // ANCHOR: main
    for log in [false, true] {
        let lost: Vec<u32> = (0..TRIALS).map(|_| lost_visits(log)).collect();
        let unlucky = lost.iter().filter(|&&visits| visits > 0).count();
        let total: u32 = lost.iter().sum();
        let label = if log {
            "with logging:   "
        } else {
            "without logging:"
        };
        println!(
            "{label} {unlucky} of {TRIALS} trials lost visits, \
             {total} visits lost in all"
        );
    }
    // ANCHOR_END: main
}
