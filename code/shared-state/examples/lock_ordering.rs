//! The three-warehouse cycle fixed with a lock order. The warehouses carry
//! no ids here, so the order is their address in memory: stable while they
//! are borrowed, distinct for distinct values, known to every thread. A
//! watchdog makes the program exit with status 1 if it deadlocks anyway.

use std::ptr;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Barrier, Mutex};
use std::thread;
use std::time::Duration;

// ANCHOR: ordered
/// Locks the warehouse at the lower address first, whichever way the stock
/// moves, then moves it.
fn transfer(from: &Mutex<u32>, to: &Mutex<u32>, crates: u32) {
    assert!(!ptr::eq(from, to), "locking one mutex twice would deadlock");
    let from_first = ptr::from_ref(from) < ptr::from_ref(to);
    let (first, second) = if from_first { (from, to) } else { (to, from) };
    let mut first = first.lock().unwrap();
    let mut second = second.lock().unwrap();
    let (source, destination) = if from_first {
        (&mut *first, &mut *second)
    } else {
        (&mut *second, &mut *first)
    };
    *source -= crates;
    *destination += crates;
}
// ANCHOR_END: ordered

// ANCHOR: main
/// Warehouse `i` of `warehouses` sends `10 * (i + 1)` crates to the next one
/// around the ring, all at once. Returns the final stock.
pub fn rotate_stock(warehouses: usize) -> Vec<u32> {
    let stock: Vec<Mutex<u32>> =
        (0..warehouses).map(|_| Mutex::new(100)).collect();
    // Two transfers share a first lock, so "every thread holds one" never
    // happens; the barrier is only a start line.
    let start_line = Barrier::new(warehouses);
    thread::scope(|scope| {
        for from in 0..warehouses {
            let (stock, start_line) = (&stock, &start_line);
            scope.spawn(move || {
                start_line.wait();
                let to = (from + 1) % warehouses;
                transfer(&stock[from], &stock[to], 10 * (from as u32 + 1));
            });
        }
    });
    stock.into_iter().map(|w| w.into_inner().unwrap()).collect()
}

fn main() {
    let (done, report) = mpsc::channel();
    thread::spawn(move || done.send(rotate_stock(3)).unwrap());
    match report.recv_timeout(Duration::from_secs(5)) {
        Ok(stock) => println!(
            "all transfers finished: {stock:?}, total {}",
            stock.iter().sum::<u32>()
        ),
        Err(RecvTimeoutError::Timeout) => {
            println!("deadlock: the lock order did not prevent it");
            std::process::exit(1);
        }
        Err(RecvTimeoutError::Disconnected) => {
            println!("a transfer panicked");
            std::process::exit(1);
        }
    }
}
// ANCHOR_END: main
