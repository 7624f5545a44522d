//! The deadlock fixed: both transfers take the two account locks in the same
//! order (by account number), whichever direction the money moves. A thread
//! that holds the first lock can always get the second, so both finish. The
//! watchdog stays: if the transfers deadlock anyway, the program says so and
//! exits with status 1.

use std::process;
use std::sync::mpsc;
use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::Duration;

#[derive(Debug)]
/// A bank account. The number fixes the order in which locks are taken.
pub struct Account {
    pub number: u32,
    pub balance: Mutex<i64>,
}

impl Account {
    /// Opens account `number` with `balance` in it.
    pub fn new(number: u32, balance: i64) -> Self {
        Self {
            number,
            balance: Mutex::new(balance),
        }
    }
}

// ANCHOR: transfer
/// Moves `amount` from one account to the other, always locking the account
/// with the lower number first.
///
/// # Panics
///
/// If `from` and `to` are the same account: locking its mutex twice on one
/// thread would deadlock (or panic) instead.
pub fn transfer(from: &Account, to: &Account, amount: i64) {
    assert_ne!(from.number, to.number, "a transfer needs two accounts");
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

/// Runs a transfer of 100 from checking to savings and one of 50 back, at
/// the same time, and returns the final balances, or `None` if a transfer
/// did not finish within `patience`.
pub fn run_two_transfers(patience: Duration) -> Option<(i64, i64)> {
    let checking = Arc::new(Account::new(1, 500));
    let savings = Arc::new(Account::new(2, 500));
    // ANCHOR: start
    // With one lock order, only one transfer can hold the first lock, so the
    // barrier cannot wait for "both hold one lock": that never happens, and
    // the barrier itself would hang. It becomes a start line instead.
    let start_line = Arc::new(Barrier::new(2));
    // ANCHOR_END: start
    let (done, finished) = mpsc::channel();

    for (from, to, amount) in
        [(&checking, &savings, 100), (&savings, &checking, 50)]
    {
        let (from, to) = (Arc::clone(from), Arc::clone(to));
        let (start_line, done) = (Arc::clone(&start_line), done.clone());
        thread::spawn(move || {
            start_line.wait();
            transfer(&from, &to, amount);
            // The receiver is gone if the watchdog gave up: ignore that.
            let _ = done.send(());
        });
    }

    for _ in 0..2 {
        finished.recv_timeout(patience).ok()?;
    }
    let checking = *checking.balance.lock().unwrap();
    let savings = *savings.balance.lock().unwrap();
    Some((checking, savings))
}

fn main() {
    match run_two_transfers(Duration::from_millis(500)) {
        Some((checking, savings)) => {
            println!(
                "both transfers finished: checking {checking}, savings {savings}"
            );
        }
        None => {
            println!(
                "deadlock detected: a transfer did not finish within 500 ms"
            );
            process::exit(1);
        }
    }
}
