//! Deadlocks and the ways out of them, tested on the chapter's own
//! examples: each is included as a module, and every run goes through the
//! watchdog, so a deadlock makes a test fail (or pass, where it is
//! expected) instead of hanging.
#![cfg(not(loom))]

#[path = "../examples/deadlock_cycle.rs"]
#[allow(dead_code)]
mod deadlock_cycle;
#[path = "../examples/lock_ordering.rs"]
#[allow(dead_code)]
mod lock_ordering;
#[path = "../examples/match_relock.rs"]
#[allow(dead_code)]
mod match_relock;
#[path = "../examples/match_relock_fixed.rs"]
#[allow(dead_code)]
mod match_relock_fixed;
#[path = "../examples/try_lock_backoff.rs"]
#[allow(dead_code)]
mod try_lock_backoff;

use shared_state::{Outcome, watchdog};
use std::collections::VecDeque;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

/// Long enough never to be reached by work that can finish.
const PATIENCE: Duration = Duration::from_secs(10);

#[test]
// Under Miri the deadlocked threads outlive the test; keep Miri to the rest.
#[cfg_attr(miri, ignore)]
fn the_cycle_of_source_first_locks_deadlocks() {
    // The barrier makes the deadlock certain, so a short patience only
    // bounds how long we wait for something that cannot end.
    let outcome =
        watchdog(Duration::from_millis(100), deadlock_cycle::rotate_stock);
    assert_eq!(outcome, Outcome::TimedOut);
}

#[test]
fn the_lock_order_finishes_and_conserves_stock() {
    for warehouses in [2, 3, 5] {
        let outcome =
            watchdog(PATIENCE, move || lock_ordering::rotate_stock(warehouses));
        let Outcome::Finished(stock) = outcome else {
            panic!("{warehouses} warehouses: {outcome:?}");
        };
        // Warehouse i sends 10 * (i + 1) and receives from warehouse i - 1.
        let expected: Vec<u32> = (0..warehouses)
            .map(|i| {
                let previous = (i + warehouses - 1) % warehouses;
                100 - 10 * (i as u32 + 1) + 10 * (previous as u32 + 1)
            })
            .collect();
        assert_eq!(stock, expected, "{warehouses} warehouses");
    }
}

#[test]
fn try_lock_with_back_off_finishes_and_conserves_stock() {
    for warehouses in [2, 3, 5] {
        let outcome = watchdog(PATIENCE, move || {
            try_lock_backoff::rotate_stock(warehouses)
        });
        let Outcome::Finished((stock, attempts)) = outcome else {
            panic!("{warehouses} warehouses: {outcome:?}");
        };
        // Every warehouse sends 10 and receives 10.
        assert_eq!(stock, vec![100; warehouses]);
        // Everyone held a first lock when they first tried the second, so
        // at least one transfer had to let go and retry.
        assert!(attempts.iter().any(|&a| a > 1), "{attempts:?}");
    }
}

#[test]
#[cfg_attr(miri, ignore)]
fn the_match_that_relocks_never_returns() {
    // std: the second `lock` on the same thread never returns; it may
    // deadlock or panic. Either way the watchdog sees no result.
    let outcome = watchdog(Duration::from_millis(200), || {
        let orders = Mutex::new(VecDeque::from([String::from("order 7")]));
        match_relock::ship_next(&orders);
        match_relock::ship_next(&orders); // the `None` arm locks again
    });
    assert!(
        matches!(outcome, Outcome::TimedOut | Outcome::Panicked),
        "{outcome:?}"
    );
}

#[test]
fn binding_first_lets_the_arm_lock_again() {
    let outcome = watchdog(PATIENCE, || {
        let orders = Mutex::new(VecDeque::from([String::from("order 7")]));
        match_relock_fixed::ship_next(&orders);
        match_relock_fixed::ship_next(&orders);
        orders.into_inner().unwrap()
    });
    assert_eq!(
        outcome,
        Outcome::Finished(VecDeque::from([String::from("restock request")]))
    );
}

#[test]
#[cfg_attr(miri, ignore)]
fn a_once_lock_that_initialises_itself_never_returns() {
    // std: reentrant initialisation is an error with an unspecified
    // outcome, a deadlock or a panic. Either way no result arrives.
    let outcome = watchdog(Duration::from_millis(200), || {
        static DEPOT: OnceLock<String> = OnceLock::new();
        DEPOT
            .get_or_init(|| {
                format!("{}-annex", DEPOT.get_or_init(|| "north".into()))
            })
            .len()
    });
    assert!(
        matches!(outcome, Outcome::TimedOut | Outcome::Panicked),
        "{outcome:?}"
    );
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
