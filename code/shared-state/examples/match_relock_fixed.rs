//! The `match` trap fixed: take the value out in a statement of its own, so
//! the guard is dropped at its `;`, before the arms run. A watchdog makes
//! the program exit with status 1 if it deadlocks anyway.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

// ANCHOR: fixed
pub fn ship_next(orders: &Mutex<VecDeque<String>>) {
    let next = orders.lock().unwrap().pop_front(); // guard dropped here
    match next {
        Some(order) => println!("shipping {order}"),
        None => {
            orders
                .lock()
                .unwrap()
                .push_back(String::from("restock request"));
            println!("queue empty: restock requested");
        }
    }
}
// ANCHOR_END: fixed

fn main() {
    // The same watchdog as in `match_relock`: if the fix did not work, the
    // program says so and exits with status 1 instead of hanging.
    let (done, report) = mpsc::channel();
    thread::spawn(move || {
        let orders = Mutex::new(VecDeque::from([String::from("order 7")]));
        ship_next(&orders);
        ship_next(&orders);
        done.send(orders.into_inner().unwrap()).unwrap();
    });
    match report.recv_timeout(Duration::from_millis(500)) {
        Ok(orders) => println!("queue now: {orders:?}"),
        Err(_) => {
            println!(
                "the thread deadlocked or panicked: the guard outlived its statement"
            );
            std::process::exit(1);
        }
    }
}
