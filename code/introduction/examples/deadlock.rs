//! A deadlock: two transfers between the same two accounts take the
//! accounts' locks in opposite orders. A barrier makes sure each transfer
//! holds its first lock before either asks for its second, so the program
//! deadlocks on every run. A watchdog in `main` notices and reports it. If
//! both transfers finish anyway, the demonstration is broken, and the
//! program says so and exits with status 1.

use std::process;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::Duration;

// ANCHOR: transfer
/// Moves `amount` between two balances on a new thread: lock `from`, wait
/// until the other transfer holds its first lock too, lock `to`, move the
/// money, report on `done`.
pub fn spawn_transfer(
    from: Arc<Mutex<i64>>,
    to: Arc<Mutex<i64>>,
    amount: i64,
    both_hold_one_lock: Arc<Barrier>,
    done: Sender<i64>,
) {
    thread::spawn(move || {
        let mut from_balance = from.lock().unwrap();
        both_hold_one_lock.wait();
        let mut to_balance = to.lock().unwrap(); // the other thread holds `to`
        *from_balance -= amount;
        *to_balance += amount;
        done.send(amount).unwrap();
    });
}
// ANCHOR_END: transfer

/// Starts a transfer from checking to savings and one back, and returns the
/// channel on which each reports the amount it moved once it is done.
pub fn start_opposite_transfers() -> Receiver<i64> {
    // ANCHOR: main
    let checking = Arc::new(Mutex::new(500_i64));
    let savings = Arc::new(Mutex::new(500_i64));
    let barrier = Arc::new(Barrier::new(2));
    let (done, finished) = mpsc::channel();

    // The same function, called with the accounts swapped.
    // Locks checking, then savings:
    spawn_transfer(
        Arc::clone(&checking),
        Arc::clone(&savings),
        100,
        Arc::clone(&barrier),
        done.clone(),
    );
    // Locks savings, then checking:
    spawn_transfer(savings, checking, 50, barrier, done);
    // ANCHOR_END: main
    finished
}

fn main() {
    let finished = start_opposite_transfers();

    // ANCHOR: watchdog
    // The watchdog: each transfer reports on the channel when it is done.
    // Waiting with a timeout means `main` cannot get stuck as well.
    for _ in 0..2 {
        match finished.recv_timeout(Duration::from_millis(500)) {
            Ok(amount) => println!("transfer of {amount} finished"),
            Err(_) => {
                println!(
                    "deadlock detected: no transfer finished within 500 ms"
                );
                // Returning from `main` ends the process, blocked threads
                // and all.
                return;
            }
        }
    }
    println!(
        "both transfers finished: the barrier should have made them deadlock"
    );
    process::exit(1);
    // ANCHOR_END: watchdog
}
