//! A race condition: four clerks sell tickets from one stock. Each sale
//! reads the stock, checks it, then writes it back, in three separate steps.
//! Every step is an atomic operation, so there is no data race and the
//! program is safe Rust, but two clerks can read the same number and both
//! sell "the same" ticket. The box office ends up selling more tickets than
//! it had.

use std::sync::Barrier;
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;

const STOCK: u32 = 100_000;
const CLERKS: u32 = 4;

// ANCHOR: sell
/// Sells one ticket if any are left. Returns whether it sold one.
fn sell_ticket(tickets_left: &AtomicU32) -> bool {
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

fn main() {
    // ANCHOR: main
    let tickets_left = AtomicU32::new(STOCK);
    let start_line = Barrier::new(CLERKS as usize);

    let sold: u32 = thread::scope(|scope| {
        let clerks: Vec<_> = (0..CLERKS)
            .map(|_| {
                scope.spawn(|| {
                    start_line.wait(); // all clerks open their windows together
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
    if sold > STOCK {
        println!("oversold by {} tickets", sold - STOCK);
    } else {
        println!("no overselling this time: run it again, or with --release");
    }
    // ANCHOR_END: main
}
