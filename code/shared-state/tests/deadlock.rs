//! Deadlocks and the ways out of them, tested on the chapter's own
//! examples: each is included as a module, and every run goes through
//! `test_support::watchdog`, which runs the test in a process of its own
//! and stops it if it hangs. So a deadlock makes a test fail (or pass,
//! where it is expected) instead of hanging, and the deadlocked threads end
//! with their process.
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

use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;
use test_support::watchdog;

/// Long enough never to be reached by work that can finish.
const PATIENCE: Duration = Duration::from_secs(10);

/// How `body` ended under the watchdog, for the tests that expect it not
/// to return: `Hung`, or `Panicked` where std allows a panic instead.
#[derive(Debug, PartialEq, Eq)]
enum Ending {
    Returned,
    Panicked,
    Hung,
}

/// What the body says when it returns, so that the report tells it apart
/// from a panic of the body's own.
const RETURNED: &str = "the body returned";

/// Runs `body` under the watchdog and tells how it ended, from the
/// watchdog's report. Call it on the test's own thread, like `watchdog`.
fn ending(limit: Duration, body: impl FnOnce()) -> Ending {
    let watched = panic::catch_unwind(AssertUnwindSafe(|| {
        watchdog(limit, || {
            body();
            panic!("{RETURNED}");
        });
    }));
    // The body ends in a panic or a hang, so the watchdog always panics.
    let payload = watched.expect_err("the watchdog panics here");
    let report = payload.downcast_ref::<String>().map_or("", String::as_str);
    if report.contains(RETURNED) {
        Ending::Returned
    } else if report.contains("did not finish") {
        Ending::Hung
    } else if report.contains("it did not hang") {
        Ending::Panicked
    } else {
        // The body's own panic, seen in the watchdog's child process: pass
        // it on, so that the parent reports it as a panic.
        panic::resume_unwind(payload)
    }
}

#[test]
// Under Miri the watchdog runs the body directly, and Miri stops at the
// deadlock; keep Miri to the tests that finish.
#[cfg_attr(miri, ignore)]
fn the_cycle_of_source_first_locks_deadlocks() {
    // The barrier makes the deadlock certain, so a short limit only bounds
    // how long we wait for something that cannot end.
    let ending = ending(Duration::from_millis(500), || {
        deadlock_cycle::rotate_stock();
    });
    assert_eq!(
        ending,
        Ending::Hung,
        "the cycle of transfers did not deadlock"
    );
}

#[test]
fn the_lock_order_finishes_and_conserves_stock() {
    watchdog(PATIENCE, || {
        for warehouses in [2, 3, 5] {
            let stock = lock_ordering::rotate_stock(warehouses);
            // Warehouse i sends 10 * (i + 1) and receives from warehouse
            // i - 1.
            let expected: Vec<u32> = (0..warehouses)
                .map(|i| {
                    let previous = (i + warehouses - 1) % warehouses;
                    100 - 10 * (i as u32 + 1) + 10 * (previous as u32 + 1)
                })
                .collect();
            assert_eq!(stock, expected, "{warehouses} warehouses");
        }
    });
}

#[test]
fn try_lock_with_back_off_finishes_and_conserves_stock() {
    watchdog(PATIENCE, || {
        for warehouses in [2, 3, 5] {
            let (stock, attempts) = try_lock_backoff::rotate_stock(warehouses);
            // Every warehouse sends 10 and receives 10.
            assert_eq!(stock, vec![100; warehouses]);
            // Everyone held a first lock when they first tried the second,
            // so at least one transfer had to let go and retry.
            assert!(attempts.iter().any(|&a| a > 1), "{attempts:?}");
        }
    });
}

#[test]
#[cfg_attr(miri, ignore)]
fn the_match_that_relocks_never_returns() {
    // std: the second `lock` on the same thread never returns; it may
    // deadlock or panic. Either way the body does not return.
    let ending = ending(Duration::from_millis(500), || {
        let orders = Mutex::new(VecDeque::from([String::from("order 7")]));
        match_relock::ship_next(&orders);
        match_relock::ship_next(&orders); // the `None` arm locks again
    });
    assert_ne!(ending, Ending::Returned, "the second `lock` returned");
}

#[test]
fn binding_first_lets_the_arm_lock_again() {
    watchdog(PATIENCE, || {
        let orders = Mutex::new(VecDeque::from([String::from("order 7")]));
        match_relock_fixed::ship_next(&orders);
        match_relock_fixed::ship_next(&orders);
        assert_eq!(
            orders.into_inner().unwrap(),
            VecDeque::from([String::from("restock request")])
        );
    });
}

#[test]
#[cfg_attr(miri, ignore)]
fn a_once_lock_that_initialises_itself_never_returns() {
    // std: reentrant initialisation is an error with an unspecified
    // outcome, a deadlock or a panic. Either way the body does not return.
    let ending = ending(Duration::from_millis(500), || {
        static DEPOT: OnceLock<String> = OnceLock::new();
        let name = DEPOT.get_or_init(|| {
            format!("{}-annex", DEPOT.get_or_init(|| "north".into()))
        });
        println!("{name}");
    });
    assert_ne!(
        ending,
        Ending::Returned,
        "the reentrant `get_or_init` returned"
    );
}
