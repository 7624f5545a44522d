//! A deadlock with three locks: warehouse 0 ships to 1, 1 to 2, and 2 back
//! to 0. Each transfer locks its source, then its destination: three
//! threads, each holding one lock and waiting for the next, in a cycle. A
//! barrier makes the cycle certain; a watchdog reports it. The program
//! exits with status 1 if the transfers finish after all, because then it
//! failed to show what it is for.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Barrier, Mutex};
use std::thread;
use std::time::Duration;

// ANCHOR: cycle
/// Moves `crates` from warehouse `from` to the next one around the ring,
/// locking the source first, then the destination.
fn transfer(
    stock: &[Mutex<u32>; 3],
    from: usize,
    crates: u32,
    all_hold_one: &Barrier,
) {
    let to = (from + 1) % 3;
    let mut source = stock[from].lock().unwrap();
    all_hold_one.wait(); // now every warehouse is locked by someone
    let mut destination = stock[to].lock().unwrap(); // waits forever
    *source -= crates;
    *destination += crates;
}

/// Runs the three transfers at once and returns the final stock, if they
/// ever finish.
pub fn rotate_stock() -> [u32; 3] {
    let stock = [Mutex::new(100), Mutex::new(100), Mutex::new(100)];
    let all_hold_one = Barrier::new(3);
    thread::scope(|scope| {
        for from in 0..3 {
            let (stock, all_hold_one) = (&stock, &all_hold_one);
            scope.spawn(move || transfer(stock, from, 10, all_hold_one));
        }
    });
    stock.map(|warehouse| warehouse.into_inner().unwrap())
}
// ANCHOR_END: cycle

fn main() {
    // ANCHOR: watchdog
    let (done, report) = mpsc::channel();
    thread::spawn(move || done.send(rotate_stock()).unwrap());
    match report.recv_timeout(Duration::from_millis(300)) {
        Err(RecvTimeoutError::Timeout) => {
            // Returning from `main` ends the process, blocked threads and all.
            println!("deadlock: the transfers did not finish within 300 ms");
        }
        Ok(stock) => {
            println!("finished with {stock:?}: no deadlock this time");
            std::process::exit(1);
        }
        Err(RecvTimeoutError::Disconnected) => {
            println!("a transfer panicked");
            std::process::exit(1);
        }
    }
    // ANCHOR_END: watchdog
}
