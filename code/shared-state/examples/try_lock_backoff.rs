//! The three-warehouse cycle broken with `try_lock`: a transfer that cannot
//! get its second lock lets go of its first, waits a moment, and tries
//! again. Every thread still starts out holding one lock.

use std::sync::{Barrier, Mutex, TryLockError};
use std::thread;
use std::time::Duration;

// ANCHOR: backoff
/// Moves `crates` from `stock[from]` to the next warehouse. Returns how many
/// attempts it took.
fn transfer(stock: &[Mutex<u32>; 3], from: usize, crates: u32, all_hold_one: &Barrier) -> u64 {
    let to = (from + 1) % 3;
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
            Err(TryLockError::Poisoned(e)) => panic!("a transfer panicked: {e}"),
        }
    }
}
// ANCHOR_END: backoff

fn main() {
    // ANCHOR: main
    let stock = [Mutex::new(100), Mutex::new(100), Mutex::new(100)];
    let all_hold_one = Barrier::new(3);
    thread::scope(|scope| {
        for from in 0..3 {
            let (stock, all_hold_one) = (&stock, &all_hold_one);
            scope.spawn(move || {
                let attempts = transfer(stock, from, 10, all_hold_one);
                println!("transfer from warehouse {from}: {attempts} attempt(s)");
            });
        }
    });
    let stock: Vec<u32> = stock.iter().map(|w| *w.lock().unwrap()).collect();
    println!("all transfers finished: {stock:?}");
    // ANCHOR_END: main
}
