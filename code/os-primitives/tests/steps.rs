//! Tests of the parker and the counter. Anything that could hang runs
//! under `test_support::watchdog`, in a process of its own, so a lost
//! wake-up fails the test (reported as a hang) instead of hanging the run.
#![cfg(not(loom))]

use os_primitives::{Parker, WaitCounter};
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;
use std::time::Duration;
use test_support::{Sleeper, start_sleepers, watchdog};

const LIMIT: Duration = Duration::from_secs(10);
const ROUNDS: u32 = if cfg!(miri) { 20 } else { 2_000 };

#[test]
fn unpark_before_park_leaves_a_token() {
    let parker = Parker::new();
    parker.unparker().unpark();
    parker.park(); // returns at once: a single thread could not wake us
    assert!(!parker.try_park(), "park consumed the token");
}

#[test]
fn tokens_do_not_add_up() {
    let parker = Parker::new();
    let unparker = parker.unparker();
    unparker.unpark();
    unparker.unpark();
    assert!(parker.try_park());
    assert!(!parker.try_park());
}

#[test]
fn unpark_from_another_thread_wakes_the_parker() {
    watchdog(LIMIT, || {
        let parker = Parker::new();
        let unparker = parker.unparker();
        let message = AtomicU32::new(0);
        thread::scope(|s| {
            s.spawn(|| {
                message.store(42, Ordering::Relaxed);
                unparker.unpark();
            });
            parker.park();
            // park returns only with a token, and the token's Release/Acquire
            // makes the store before unpark visible.
            assert_eq!(message.load(Ordering::Relaxed), 42);
        });
    });
}

#[test]
fn many_handoffs_lose_no_wake_up() {
    watchdog(LIMIT, || {
        let parker = Parker::new();
        let unparker = parker.unparker();
        let handed_over = AtomicU32::new(0);
        thread::scope(|s| {
            s.spawn(|| {
                for _ in 0..ROUNDS {
                    handed_over.fetch_add(1, Ordering::Relaxed);
                    unparker.unpark();
                }
            });
            while handed_over.load(Ordering::Relaxed) < ROUNDS {
                parker.park();
            }
        });
        assert_eq!(handed_over.load(Ordering::Relaxed), ROUNDS);
    });
}

#[test]
fn wait_until_a_reached_target_returns_at_once() {
    let counter = WaitCounter::new();
    assert_eq!(counter.wait_until(0), 0);
    counter.increment();
    assert_eq!(counter.wait_until(1), 1);
}

#[test]
fn every_waiter_wakes_when_its_target_is_reached() {
    let total = if cfg!(miri) { 5 } else { 200 };
    watchdog(LIMIT, || {
        let counter = WaitCounter::new();
        let counter = &counter;
        let seen = thread::scope(|s| {
            let waiters: Vec<_> = [1, total / 2, total]
                .into_iter()
                .map(|target| s.spawn(move || counter.wait_until(target)))
                .collect();
            for _ in 0..total {
                counter.increment();
            }
            waiters
                .into_iter()
                .map(|waiter| waiter.join().unwrap())
                .collect::<Vec<_>>()
        });
        assert!(seen[0] >= 1 && seen[1] >= total / 2 && seen[2] == total);
    });
}

/// The parker's wake path with a parker that is really asleep in the kernel
/// before `unpark` runs: without the `wake_one`, or with it under the wrong
/// condition, the parker would never return and the watchdog fails.
#[test]
fn unpark_wakes_a_parker_that_is_asleep() {
    watchdog(LIMIT, || {
        let parker = Parker::new();
        let unparker = parker.unparker();
        let (tell, sleeper) = std::sync::mpsc::channel();
        let parked = thread::spawn(move || {
            tell.send(Sleeper::current()).unwrap();
            parker.park();
        });
        sleeper.recv().unwrap().wait_until_asleep();
        unparker.unpark();
        parked.join().unwrap();
    });
}

/// The counter's wake path with both waiters asleep in the kernel before
/// the increments. Without `wake_all` neither returns, and the watchdog
/// fails. (`wake_one` in place of `wake_all` is not caught here: the second
/// increment usually lands before a woken waiter sleeps again. The loom
/// model `wait_counter_wakes_every_waiter` catches it.)
#[test]
fn increment_wakes_waiters_that_are_asleep() {
    watchdog(LIMIT, || {
        let counter = WaitCounter::new();
        let counter = &counter;
        thread::scope(|s| {
            // The waiter for 2 first, then the one for 1, each asleep in
            // the kernel before the next starts.
            for target in [2, 1] {
                start_sleepers(s, 1, move || {
                    assert!(counter.wait_until(target) >= 1);
                });
            }
            counter.increment();
            counter.increment();
        });
    });
}
