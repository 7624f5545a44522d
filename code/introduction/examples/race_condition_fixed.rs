//! The race condition fixed: checking the stock and taking a ticket happen
//! as one indivisible step, a compare-and-exchange. Every run sells exactly
//! the stock, however the clerks' threads interleave.

use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;

const STOCK: u32 = 1_000_000;
const CLERKS: u32 = 4;

// ANCHOR: sell
/// Sells one ticket if any are left. Returns whether it sold one.
pub fn sell_ticket(tickets_left: &AtomicU32) -> bool {
    let mut left = tickets_left.load(Ordering::Relaxed);
    loop {
        if left == 0 {
            return false;
        }
        // Write `left - 1` only if the stock still is `left`. If another
        // clerk sold in between, we get the new stock back and check again.
        match tickets_left.compare_exchange(
            left,
            left - 1,
            Ordering::Relaxed,
            Ordering::Relaxed,
        ) {
            Ok(_) => return true,
            Err(now) => left = now,
        }
    }
}
// ANCHOR_END: sell

/// Has `clerks` threads sell from `tickets_left` until it reads zero, and
/// returns how many tickets they sold in all. The same start line as in
/// `race_condition.rs`.
pub fn sell_out(tickets_left: &AtomicU32, clerks: u32) -> u32 {
    let at_window = AtomicU32::new(0);
    thread::scope(|scope| {
        let handles: Vec<_> = (0..clerks)
            .map(|_| {
                scope.spawn(|| {
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
    // A panic here makes the program exit with a non-zero status.
    assert_eq!(sold, STOCK, "every ticket is sold exactly once");
    println!("no ticket was sold twice");
}
