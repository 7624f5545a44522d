//! A race condition: four clerks sell tickets from one stock. Each sale
//! reads the stock, checks it, then writes it back, in three separate steps.
//! Every step is an atomic operation, so there is no data race and the
//! program is safe Rust, but two clerks can read the same number and both
//! sell "the same" ticket. The box office can end up selling more tickets
//! than it had.

use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;

const STOCK: u32 = 1_000_000;
const CLERKS: u32 = 4;

// ANCHOR: sell
/// Sells one ticket if any are left. Returns whether it sold one.
pub fn sell_ticket(tickets_left: &AtomicU32) -> bool {
    let left = tickets_left.load(Ordering::Relaxed); // 1. read
    if left == 0 {
        return false; // 2. check
    }
    // Another clerk may sell a ticket right here, between the check and the
    // write below. This clerk would not notice.
    tickets_left.store(left - 1, Ordering::Relaxed); // 3. act
    true
}
// ANCHOR_END: sell

// ANCHOR: main
/// Has `clerks` threads sell from `tickets_left` until it reads zero, and
/// returns how many tickets they sold in all.
pub fn sell_out(tickets_left: &AtomicU32, clerks: u32) -> u32 {
    let at_window = AtomicU32::new(0);
    thread::scope(|scope| {
        let handles: Vec<_> = (0..clerks)
            .map(|_| {
                scope.spawn(|| {
                    // All clerks open their windows together: each waits
                    // until every clerk has arrived.
                    at_window.fetch_add(1, Ordering::Relaxed);
                    while at_window.load(Ordering::Relaxed) < clerks {
                        thread::yield_now();
                    }
                    let mut sold_here = 0;
                    while sell_ticket(tickets_left) {
                        sold_here += 1;
                    }
                    sold_here
                })
            })
            .collect();
        handles.into_iter().map(|clerk| clerk.join().unwrap()).sum()
    })
}

fn main() {
    let sold = sell_out(&AtomicU32::new(STOCK), CLERKS);
    println!("stock was {STOCK}, clerks sold {sold}");
    if sold > STOCK {
        println!("oversold by {} tickets", sold - STOCK);
    } else {
        println!("no overselling this time: run it again");
    }
}
// ANCHOR_END: main
