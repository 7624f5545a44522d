//! Loom models of the parker and the counter, in the two futex models of the
//! `loom-futex` crate (see `src/sync.rs`):
//!
//! - `loom::model` runs the *blocking* model: `wait` really blocks until a
//!   wake picks the thread, so a lost wake-up ends as loom's deadlock report.
//!   The models of liveness ("every waiter returns") use it.
//! - `loom_futex::yielding` runs the *yielding* model: `wait` returns at once
//!   and no wake adds a happens-before edge, so an ordering that is too weak
//!   cannot hide behind a real wake-up. The models of orderings ("the reader
//!   sees what the writer published") use it.
//!
//! Run with
//! `cargo xtask loom os-primitives` (release mode, `--cfg loom`,
//! `LOOM_MAX_PREEMPTIONS=3`, builds in `target/loom`).
#![cfg(loom)]

use loom::cell::UnsafeCell;
use loom::sync::Arc;
use loom::thread;
use os_primitives::{Parker, WaitCounter};

// ANCHOR: parker
/// Ordering, under the yielding model: whatever the unparking thread wrote
/// before `unpark` is visible after `park` returns. loom panics if the read
/// of the message is not ordered after the write by the parker's own
/// Release/Acquire, since no wake-up adds an edge in this model.
#[test]
fn park_sees_what_unpark_published() {
    loom_futex::yielding(|| {
        let parker = Parker::new();
        let unparker = parker.unparker();
        let message = Arc::new(UnsafeCell::new(0u32));
        let sender = {
            let message = Arc::clone(&message);
            thread::spawn(move || {
                // SAFETY: the parking thread reads the message only after
                // `park` returns, which the unpark below happens-before.
                message.with_mut(|message| unsafe { *message = 42 });
                unparker.unpark();
            })
        };
        parker.park();
        // SAFETY: `park` returned, so the sender's write happened before.
        let seen = message.with(|message| unsafe { *message });
        assert_eq!(seen, 42);
        sender.join().unwrap();
    });
}
// ANCHOR_END: parker

/// Ordering of `try_park`, under the yielding model: a `try_park` that
/// finds the token sees what was written before the `unpark` that left it.
#[test]
fn try_park_sees_what_unpark_published() {
    loom_futex::yielding(|| {
        let parker = Parker::new();
        let unparker = parker.unparker();
        let message = Arc::new(UnsafeCell::new(0u32));
        let sender = {
            let message = Arc::clone(&message);
            thread::spawn(move || {
                // SAFETY: the parking thread reads the message only after a
                // `try_park` that took this unpark's token.
                message.with_mut(|message| unsafe { *message = 42 });
                unparker.unpark();
            })
        };
        if parker.try_park() {
            // SAFETY: the token was taken, so the sender's write happened
            // before.
            let seen = message.with(|message| unsafe { *message });
            assert_eq!(seen, 42);
        }
        sender.join().unwrap();
    });
}

// ANCHOR: parker_wakes
/// Liveness, under the blocking model: `park` really sleeps when the token
/// is not there, so if `unpark` forgot to wake it (or woke it under the
/// wrong condition), loom would find the execution in which the parker
/// sleeps for ever and report a deadlock.
#[test]
fn park_returns_after_a_later_unpark() {
    loom::model(|| {
        let parker = Parker::new();
        let unparker = parker.unparker();
        let waker = thread::spawn(move || unparker.unpark());
        parker.park();
        waker.join().unwrap();
        assert!(!parker.try_park(), "the one token was consumed");
    });
}
// ANCHOR_END: parker_wakes

/// Liveness, blocking model: two unparks race with one park; park returns,
/// and at most one token is left over.
#[test]
fn racing_unparks_leave_at_most_one_token() {
    loom::model(|| {
        let parker = Parker::new();
        let unparkers: Vec<_> = (0..2)
            .map(|_| {
                let unparker = parker.unparker();
                thread::spawn(move || unparker.unpark())
            })
            .collect();
        parker.park();
        for unparker in unparkers {
            unparker.join().unwrap();
        }
        parker.try_park();
        assert!(!parker.try_park());
    });
}

/// Ordering, yielding model: two incrementing threads, one waiter; the
/// waiter returns with the full count and sees both threads' writes.
#[test]
fn wait_counter_waiter_sees_every_increment() {
    loom_futex::yielding(|| {
        let counter = Arc::new(WaitCounter::new());
        let slots = Arc::new([UnsafeCell::new(0u32), UnsafeCell::new(0u32)]);
        let workers: Vec<_> = (0..2)
            .map(|index| {
                let counter = Arc::clone(&counter);
                let slots = Arc::clone(&slots);
                thread::spawn(move || {
                    // SAFETY: each worker writes only its own slot; the
                    // waiter reads them after `wait_until(2)`.
                    slots[index].with_mut(|slot| unsafe { *slot = 1 });
                    counter.increment();
                })
            })
            .collect();
        assert_eq!(counter.wait_until(2), 2);
        // SAFETY: both increments (Release) happen-before the Acquire load
        // that saw 2, and each followed its worker's write.
        let sum: u32 =
            slots.iter().map(|slot| slot.with(|v| unsafe { *v })).sum();
        assert_eq!(sum, 2);
        for worker in workers {
            worker.join().unwrap();
        }
    });
}

// ANCHOR: counter_wakes
/// Liveness, blocking model: two waiters with different targets sleep on
/// one word while another thread counts to 2. Every waiter must return.
/// With `wake_one` instead of `wake_all`, loom finds the execution in which
/// the first increment wakes the waiter for 2 (which sleeps again) and the
/// waiter for 1 is never woken: a deadlock.
#[test]
fn wait_counter_wakes_every_waiter() {
    loom::model(|| {
        let counter = Arc::new(WaitCounter::new());
        let waiters: Vec<_> = [1, 2]
            .into_iter()
            .map(|target| {
                let counter = Arc::clone(&counter);
                thread::spawn(move || counter.wait_until(target))
            })
            .collect();
        counter.increment();
        counter.increment();
        for waiter in waiters {
            assert!(waiter.join().unwrap() >= 1);
        }
    });
}
// ANCHOR_END: counter_wakes
