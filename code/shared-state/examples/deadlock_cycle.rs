//! A deadlock with three locks: warehouse 0 ships to 1, 1 to 2, and 2 back
//! to 0. Each transfer locks its source, then its destination: three
//! threads, each holding one lock and waiting for the next, in a cycle. A
//! barrier makes the cycle certain; a watchdog reports it.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::Duration;

fn main() {
    // ANCHOR: cycle
    let stock: Arc<[Mutex<u32>; 3]> = Arc::new([Mutex::new(100), Mutex::new(100), Mutex::new(100)]);
    let all_hold_one = Arc::new(Barrier::new(3));
    let (done, report) = mpsc::channel();

    for from in 0..3 {
        let (stock, all_hold_one, done) = (stock.clone(), all_hold_one.clone(), done.clone());
        thread::spawn(move || {
            let to = (from + 1) % 3;
            let mut source = stock[from].lock().unwrap();
            all_hold_one.wait(); // now every warehouse is locked by someone
            let mut destination = stock[to].lock().unwrap(); // waits forever
            *source -= 10;
            *destination += 10;
            done.send(from).unwrap();
        });
    }
    // ANCHOR_END: cycle

    // ANCHOR: watchdog
    for _ in 0..3 {
        match report.recv_timeout(Duration::from_millis(300)) {
            Ok(from) => println!("transfer from warehouse {from} finished"),
            Err(RecvTimeoutError::Timeout) => {
                println!("deadlock: no transfer finished within 300 ms");
                return; // ends the process, blocked threads and all
            }
            Err(RecvTimeoutError::Disconnected) => unreachable!("we hold a sender"),
        }
    }
    // ANCHOR_END: watchdog
}
