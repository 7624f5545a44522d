//! The deadlock and its fix, on the code the page shows: both example
//! programs are included as modules. Each waits on a channel with a
//! timeout, so these tests fail instead of hanging.

use std::thread;
use std::time::{Duration, Instant};

#[path = "../examples/deadlock.rs"]
#[allow(dead_code)]
mod deadlock;

#[path = "../examples/deadlock_fixed.rs"]
#[allow(dead_code)]
mod deadlock_fixed;

#[test]
// Under Miri the deadlocked threads outlive the test; keep Miri to the rest.
#[cfg_attr(miri, ignore)]
fn opposite_lock_orders_deadlock() {
    // The barrier makes the deadlock certain, so a short patience is enough:
    // it only bounds how long the test waits for something that cannot end.
    let finished = deadlock::start_opposite_transfers();
    assert!(
        finished.recv_timeout(Duration::from_millis(100)).is_err(),
        "a transfer finished although both hold one lock and want the other"
    );
}

#[test]
fn one_lock_order_finishes_with_the_right_balances() {
    // A generous patience: on a loaded machine threads may start late, and
    // this only has to be long enough never to be reached.
    let rounds = if cfg!(miri) { 2 } else { 50 };
    for _ in 0..rounds {
        let balances =
            deadlock_fixed::run_two_transfers(Duration::from_secs(10));
        assert_eq!(balances, Some((450, 550)));
    }
}

#[test]
#[should_panic(expected = "a transfer needs two accounts")]
fn a_transfer_to_the_same_account_is_refused() {
    let checking = deadlock_fixed::Account::new(1, 500);
    deadlock_fixed::transfer(&checking, &checking, 10);
}

#[test]
// The check polls for 200 ms; Miri would spend minutes on it.
#[cfg_attr(miri, ignore)]
fn the_lower_numbered_account_is_locked_first() {
    // Running the two transfers cannot show a wrong lock order: without the
    // deadlock demo's barrier they almost never collide. So hold checking
    // (number 1) here and start a transfer from savings (number 2): with
    // the right order it waits for checking without touching savings.
    let checking = deadlock_fixed::Account::new(1, 500);
    let savings = deadlock_fixed::Account::new(2, 500);
    let held = checking.balance.lock().unwrap();
    thread::scope(|scope| {
        scope.spawn(|| deadlock_fixed::transfer(&savings, &checking, 50));
        // An absence cannot be awaited, only watched for a while. With the
        // wrong order this fails as soon as the transfer thread runs.
        let deadline = Instant::now() + Duration::from_millis(200);
        while Instant::now() < deadline {
            assert!(
                savings.balance.try_lock().is_ok(),
                "the transfer locked savings (number 2) before checking (number 1)"
            );
            thread::yield_now();
        }
        // Moved into the closure, so a failed assertion releases it too and
        // the transfer thread can finish.
        drop(held);
    });
    assert_eq!(*checking.balance.lock().unwrap(), 550);
    assert_eq!(*savings.balance.lock().unwrap(), 450);
}
