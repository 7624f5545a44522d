//! The three-warehouse cycle broken with `try_lock`: a transfer that cannot
//! get its second lock lets go of its first, waits a moment, and tries
//! again. Every thread still starts out holding one lock. A watchdog makes
//! the program exit with status 1 if it deadlocks or livelocks anyway.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Barrier, Mutex, TryLockError};
use std::thread;
use std::time::Duration;

// ANCHOR: backoff
/// Moves `crates` from `stock[from]` to the next warehouse around the ring.
/// Returns how many attempts it took.
fn transfer(
    stock: &[Mutex<u32>],
    from: usize,
    crates: u32,
    all_hold_one: &Barrier,
) -> u64 {
    let to = (from + 1) % stock.len();
    let mut attempts = 0;
    loop {
        attempts += 1;
        let mut source = stock[from].lock().unwrap();
        if attempts == 1 {
            all_hold_one.wait(); // the worst case, on purpose
        }
        match stock[to].try_lock() {
            Ok(mut destination) => {
                *source -= crates;
                *destination += crates;
                return attempts;
            }
            Err(TryLockError::WouldBlock) => {
                drop(source); // let go, so someone else can finish
                // Back off for a time that grows and differs per thread,
                // so the threads do not retry in lockstep (a livelock).
                let pause = attempts.min(8) * (from as u64 + 1) * 50;
                thread::sleep(Duration::from_micros(pause));
            }
            Err(TryLockError::Poisoned(e)) => {
                panic!("a transfer panicked: {e}")
            }
        }
    }
}
// ANCHOR_END: backoff

// ANCHOR: main
/// Warehouse `i` of `warehouses` sends 10 crates to the next one around the
/// ring, all at once. Returns the final stock and each transfer's attempts.
pub fn rotate_stock(warehouses: usize) -> (Vec<u32>, Vec<u64>) {
    let stock: Vec<Mutex<u32>> =
        (0..warehouses).map(|_| Mutex::new(100)).collect();
    let all_hold_one = Barrier::new(warehouses);
    let attempts = thread::scope(|scope| {
        let transfers: Vec<_> = (0..warehouses)
            .map(|from| {
                let (stock, all_hold_one) = (&stock, &all_hold_one);
                scope.spawn(move || transfer(stock, from, 10, all_hold_one))
            })
            .collect();
        transfers.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let stock = stock.into_iter().map(|w| w.into_inner().unwrap()).collect();
    (stock, attempts)
}

fn main() {
    let (done, report) = mpsc::channel();
    thread::spawn(move || done.send(rotate_stock(3)).unwrap());
    match report.recv_timeout(Duration::from_secs(5)) {
        Ok((stock, attempts)) => {
            println!("attempts per transfer: {attempts:?}");
            println!("all transfers finished: {stock:?}");
        }
        Err(RecvTimeoutError::Timeout) => {
            println!("stuck: the transfers did not finish within 5 s");
            std::process::exit(1);
        }
        Err(RecvTimeoutError::Disconnected) => {
            println!("a transfer panicked");
            std::process::exit(1);
        }
    }
}
// ANCHOR_END: main
