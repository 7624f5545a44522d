//! The deadlock fixed: both transfers take the two account locks in the same
//! order (by account number), whichever direction the money moves. A thread
//! that holds the first lock can always get the second, so both finish.

use std::sync::mpsc;
use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::Duration;

/// A bank account. The number fixes the order in which locks are taken.
struct Account {
    number: u32,
    balance: Mutex<i64>,
}

// ANCHOR: transfer
/// Moves `amount` from one account to the other, always locking the account
/// with the lower number first.
fn transfer(from: &Account, to: &Account, amount: i64) {
    let (first, second) = if from.number < to.number {
        (from, to)
    } else {
        (to, from)
    };
    let mut first_balance = first.balance.lock().unwrap();
    let mut second_balance = second.balance.lock().unwrap();
    if first.number == from.number {
        *first_balance -= amount;
        *second_balance += amount;
    } else {
        *second_balance -= amount;
        *first_balance += amount;
    }
}
// ANCHOR_END: transfer

fn main() {
    let checking = Arc::new(Account {
        number: 1,
        balance: Mutex::new(500),
    });
    let savings = Arc::new(Account {
        number: 2,
        balance: Mutex::new(500),
    });
    // ANCHOR: start
    // With one lock order, only one transfer can hold the first lock, so the
    // barrier cannot wait for "both hold one lock": that never happens, and
    // the barrier itself would hang. It becomes a start line instead.
    let start_line = Arc::new(Barrier::new(2));
    // ANCHOR_END: start
    let (done, finished) = mpsc::channel();

    for (from, to, amount, name) in [
        (&checking, &savings, 100, "checking -> savings"),
        (&savings, &checking, 50, "savings -> checking"),
    ] {
        let (from, to) = (Arc::clone(from), Arc::clone(to));
        let (start_line, done) = (Arc::clone(&start_line), done.clone());
        thread::spawn(move || {
            start_line.wait();
            transfer(&from, &to, amount);
            done.send(name).unwrap();
        });
    }

    for _ in 0..2 {
        match finished.recv_timeout(Duration::from_millis(500)) {
            Ok(transfer) => println!("transfer {transfer} finished"),
            Err(_) => {
                println!("deadlock detected: no transfer finished within 500 ms");
                return;
            }
        }
    }
    let checking = *checking.balance.lock().unwrap();
    let savings = *savings.balance.lock().unwrap();
    println!("both transfers finished: checking {checking}, savings {savings}");
}
