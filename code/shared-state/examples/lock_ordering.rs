//! The three-warehouse cycle fixed with a lock order. The warehouses carry
//! no ids here, so the order is their address in memory: stable while they
//! are borrowed, distinct for distinct values, known to every thread.

use std::ptr;
use std::sync::{Barrier, Mutex};
use std::thread;

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

fn main() {
    // ANCHOR: main
    let stock = [Mutex::new(100), Mutex::new(100), Mutex::new(100)];
    // Two transfers now share a first lock, so "every thread holds one"
    // never happens; the barrier is only a start line.
    let start_line = Barrier::new(3);
    thread::scope(|scope| {
        for from in 0..3 {
            let (stock, start_line) = (&stock, &start_line);
            scope.spawn(move || {
                start_line.wait();
                transfer(&stock[from], &stock[(from + 1) % 3], 10 * (from as u32 + 1));
            });
        }
    });
    let stock: Vec<u32> = stock.iter().map(|w| *w.lock().unwrap()).collect();
    println!(
        "all transfers finished: {stock:?}, total {}",
        stock.iter().sum::<u32>()
    );
    // ANCHOR_END: main
}
