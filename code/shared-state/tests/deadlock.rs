//! Deadlocks and the ways out of them. Every run goes through a watchdog,
//! so a deadlock makes a test fail (or pass, where it is expected) instead
//! of hanging.
#![cfg(not(loom))]

use shared_state::{INITIAL_CRATES, Outcome, Strategy, rotate_stock, watchdog};
use std::time::Duration;

/// Long enough never to be reached by work that can finish.
const PATIENCE: Duration = Duration::from_secs(10);

/// The stock after warehouse `i` of `n` sends `i + 1` crates to the next.
fn expected_stock(n: usize) -> Vec<u32> {
    (0..n)
        .map(|i| {
            let sent = i as u32 + 1;
            let received = if i == 0 { n as u32 } else { i as u32 };
            INITIAL_CRATES - sent + received
        })
        .collect()
}

#[test]
// Under Miri the deadlocked threads outlive the test; keep Miri to the rest.
#[cfg_attr(miri, ignore)]
fn a_cycle_of_source_first_locks_deadlocks() {
    // The barrier makes the deadlock certain, so a short patience only
    // bounds how long we wait for something that cannot end.
    let outcome = rotate_stock(Strategy::SourceFirst, 3, Duration::from_millis(100));
    assert_eq!(outcome, Outcome::TimedOut);
}

#[test]
fn a_lock_order_finishes_and_conserves_stock() {
    for warehouses in [2, 3, 5] {
        let outcome = rotate_stock(Strategy::LowerIdFirst, warehouses, PATIENCE);
        assert_eq!(outcome, Outcome::Finished(expected_stock(warehouses)));
    }
}

#[test]
fn try_lock_with_back_off_finishes_and_conserves_stock() {
    for warehouses in [2, 3, 5] {
        let outcome = rotate_stock(Strategy::TryLockBackOff, warehouses, PATIENCE);
        assert_eq!(outcome, Outcome::Finished(expected_stock(warehouses)));
    }
}

#[test]
fn the_watchdog_reports_a_result() {
    assert_eq!(watchdog(PATIENCE, || 6 * 7), Outcome::Finished(42));
}

#[test]
fn the_watchdog_reports_a_panic() {
    let outcome = watchdog(PATIENCE, || -> u32 { panic!("scanner failure") });
    assert_eq!(outcome, Outcome::Panicked);
}

#[test]
#[cfg_attr(miri, ignore)]
fn the_watchdog_reports_a_thread_that_locks_its_own_mutex_twice() {
    // std: the second `lock` on the same thread never returns; it may
    // deadlock or panic. Either way the watchdog sees no result.
    let outcome = watchdog(Duration::from_millis(200), || {
        let orders = std::sync::Mutex::new(vec![7_u32]);
        let first = orders.lock().unwrap();
        let second = orders.lock().unwrap();
        first.len() + second.len()
    });
    assert!(
        matches!(outcome, Outcome::TimedOut | Outcome::Panicked),
        "{outcome:?}"
    );
}
