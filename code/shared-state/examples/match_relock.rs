//! The `match` trap: the guard in the scrutinee lives through the arms, so
//! an arm that locks the same mutex again asks for a lock its own thread
//! holds. std leaves the outcome unspecified, except that the second
//! `lock` never returns: it may deadlock or panic. A watchdog notices
//! either, and the program exits with status 1 if neither happens.

use std::collections::VecDeque;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

// ANCHOR: trap
/// Ships the next order; if there is none, records a restock request in
/// the same queue.
pub fn ship_next(orders: &Mutex<VecDeque<String>>) {
    match orders.lock().unwrap().pop_front() {
        Some(order) => println!("shipping {order}"),
        None => {
            // The scrutinee's guard is still alive here: this is a second
            // `lock()` on a mutex this thread already holds.
            orders
                .lock()
                .unwrap()
                .push_back(String::from("restock request"));
        }
    }
}
// ANCHOR_END: trap

fn main() {
    // ANCHOR: watchdog
    let orders =
        Arc::new(Mutex::new(VecDeque::from([String::from("order 7")])));
    let (done, report) = mpsc::channel();
    let worker = Arc::clone(&orders);
    thread::spawn(move || {
        ship_next(&worker); // ships order 7
        ship_next(&worker); // queue empty: the `None` arm locks again
        done.send(()).unwrap();
    });
    match report.recv_timeout(Duration::from_millis(500)) {
        Ok(()) => {
            println!("finished (not what std promises)");
            std::process::exit(1);
        }
        Err(RecvTimeoutError::Timeout) => {
            println!("no answer within 500 ms: the thread deadlocked on itself")
        }
        Err(RecvTimeoutError::Disconnected) => {
            println!("the thread panicked on the second lock")
        }
    }
    // ANCHOR_END: watchdog
}
