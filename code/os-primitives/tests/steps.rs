//! Tests of the library's steps. Anything that could hang runs on a thread
//! watched with `recv_timeout`, so a bug fails the test instead of hanging.
#![cfg(not(loom))]

use os_primitives::{Parker, WaitCounter};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

const WATCHDOG: Duration = Duration::from_secs(10);
const ROUNDS: u32 = if cfg!(miri) { 20 } else { 2_000 };

/// Runs `body` on its own thread and fails if it does not finish in time.
fn finishes<T: Send + 'static>(body: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, finished) = mpsc::channel();
    thread::spawn(move || done.send(body()).unwrap());
    finished
        .recv_timeout(WATCHDOG)
        .expect("the test body hung: a wake-up was lost")
}

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
    finishes(|| {
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
    finishes(|| {
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
    let seen = finishes(move || {
        let counter = WaitCounter::new();
        let counter = &counter;
        thread::scope(|s| {
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
        })
    });
    assert!(seen[0] >= 1 && seen[1] >= total / 2 && seen[2] == total);
}
