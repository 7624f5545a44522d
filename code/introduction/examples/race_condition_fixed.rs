//! The race condition fixed: checking the stock and taking a ticket happen
//! as one indivisible step, a compare-and-exchange. Every run sells exactly
//! the stock, however the clerks' threads interleave.

use std::sync::Barrier;
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;

const STOCK: u32 = 100_000;
const CLERKS: u32 = 4;

// ANCHOR: sell
/// Sells one ticket if any are left. Returns whether it sold one.
fn sell_ticket(tickets_left: &AtomicU32) -> bool {
    let mut left = tickets_left.load(Ordering::Relaxed);
    loop {
        if left == 0 {
            return false;
        }
        // Write `left - 1` only if the stock still is `left`. If another
        // clerk sold in between, we get the new stock back and check again.
        match tickets_left.compare_exchange(left, left - 1, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => return true,
            Err(now) => left = now,
        }
    }
}
// ANCHOR_END: sell

fn main() {
    let tickets_left = AtomicU32::new(STOCK);
    let start_line = Barrier::new(CLERKS as usize);

    let sold: u32 = thread::scope(|scope| {
        let clerks: Vec<_> = (0..CLERKS)
            .map(|_| {
                scope.spawn(|| {
                    start_line.wait();
                    let mut sold_here = 0;
                    while sell_ticket(&tickets_left) {
                        sold_here += 1;
                    }
                    sold_here
                })
            })
            .collect();
        clerks.into_iter().map(|clerk| clerk.join().unwrap()).sum()
    });

    println!("stock was {STOCK}, clerks sold {sold}");
    assert_eq!(sold, STOCK, "every ticket is sold exactly once");
    println!("no ticket was sold twice");
}
