//! Waiting with a time limit: `Condvar::wait_timeout_while` says whether it
//! gave up, `thread::park_timeout` does not, so a parked thread checks its
//! condition and the clock itself.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

// ANCHOR: condvar
/// A loading dock: a flag under a mutex (`false` at first), and a condition
/// variable for it.
#[derive(Debug, Default)]
pub struct Dock {
    truck_here: Mutex<bool>,
    arrived: Condvar,
}

impl Dock {
    /// Waits at most `patience` for a truck. Returns whether one came.
    pub fn wait_for_truck(&self, patience: Duration) -> bool {
        let here = self.truck_here.lock().unwrap();
        let (here, result) = self
            .arrived
            .wait_timeout_while(here, patience, |here| !*here)
            .unwrap();
        // `timed_out()` is true only if time ran out with the condition
        // still unmet. A truck that came at the last moment counts as come.
        assert_eq!(result.timed_out(), !*here);
        *here
    }

    pub fn truck_arrives(&self) {
        *self.truck_here.lock().unwrap() = true;
        self.arrived.notify_all();
    }
}
// ANCHOR_END: condvar

// ANCHOR: park
/// Waits at most `patience` for `flag`, parked. `park_timeout` returns
/// after an `unpark`, after the time, or spuriously, and does not say
/// which, so the loop checks the flag and the deadline itself.
///
/// The flag is read with `Acquire` and set with `Release` so that whatever
/// the setter wrote before raising it is visible once the waiter sees it.
/// This program hands over nothing but the flag, so `Relaxed` would do
/// here; the stronger pair is for the usual case, a flag that announces
/// data.
pub fn wait_for_flag(flag: &AtomicBool, patience: Duration) -> bool {
    let deadline = Instant::now() + patience;
    loop {
        if flag.load(Ordering::Acquire) {
            return true;
        }
        let now = Instant::now();
        if now >= deadline {
            return false;
        }
        thread::park_timeout(deadline - now);
    }
}

/// Sets `flag`, then wakes `waiter` in case it is parked on it.
pub fn raise_flag(flag: &AtomicBool, waiter: &Thread) {
    flag.store(true, Ordering::Release);
    waiter.unpark();
}
// ANCHOR_END: park

fn main() {
    // ANCHOR: main
    let dock = Dock::default();
    // Nobody comes: the wait gives up after about 50 ms.
    println!(
        "truck within 50 ms: {}",
        dock.wait_for_truck(Duration::from_millis(50))
    );

    // A truck comes long before the patience runs out.
    thread::scope(|scope| {
        let waiter =
            scope.spawn(|| dock.wait_for_truck(Duration::from_secs(10)));
        dock.truck_arrives();
        println!("truck within 10 s: {}", waiter.join().unwrap());
    });

    let loaded = AtomicBool::new(false);
    println!(
        "flag within 50 ms: {}",
        wait_for_flag(&loaded, Duration::from_millis(50))
    );
    thread::scope(|scope| {
        let waiter =
            scope.spawn(|| wait_for_flag(&loaded, Duration::from_secs(10)));
        raise_flag(&loaded, waiter.thread());
        println!("flag within 10 s: {}", waiter.join().unwrap());
    });
    // ANCHOR_END: main
}
