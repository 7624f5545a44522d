//! Loom models of every step of the spin lock, and of the deliberately
//! broken one. Loom runs each model under the interleavings of its threads
//! with at most `LOOM_MAX_PREEMPTIONS` preemptions, and with the values each
//! load may see in loom's version of the memory model (which leaves out
//! load buffering, treats `SeqCst` as `AcqRel` and keeps the last seven
//! stores per atomic), and checks each tracked access to an `UnsafeCell`
//! against the happens-before order. The guards of steps 3 and 4 keep a
//! tracked pointer for as long as they live, so every access through them
//! is checked; step 2's `&mut T` is tracked only inside `lock`, so a use
//! after `unlock` is invisible to loom (Miri sees it: see `tests/steps.rs`).
//! Run with
//! `cargo xtask loom spin-lock` (release mode, `--cfg loom`,
//! `LOOM_MAX_PREEMPTIONS=3`, builds in `target/loom`).
#![cfg(loom)]

use loom::cell::UnsafeCell;
use loom::sync::Arc;
use loom::thread;
use spin_lock::broken::{EarlyUnlockSpinLock, RelaxedSpinLock};
use spin_lock::step1_flag::SpinFlag;
use spin_lock::{SpinLock, step2_unsafe_cell, step3_guard};
use std::path::Path;

/// Step 1 protects nothing itself, so the model keeps the counter beside
/// the flag, in loom's `UnsafeCell`, and follows the protocol by hand.
#[test]
fn step1_flag_orders_the_counter() {
    loom::model(|| {
        let shared = Arc::new((SpinFlag::new(), UnsafeCell::new(0u32)));
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let shared = Arc::clone(&shared);
                thread::spawn(move || {
                    let (flag, counter) = &*shared;
                    flag.lock();
                    // SAFETY: we hold the flag, and every thread touches the
                    // counter only while holding it.
                    counter.with_mut(|counter| unsafe { *counter += 1 });
                    flag.unlock();
                })
            })
            .collect();
        for worker in workers {
            worker.join().unwrap();
        }
        let (flag, counter) = &*shared;
        flag.lock();
        // SAFETY: both workers have been joined, and we hold the flag.
        let total = counter.with(|counter| unsafe { *counter });
        flag.unlock();
        assert_eq!(total, 2);
    });
}

#[test]
fn step2_lock_and_unsafe_unlock() {
    loom::model(|| {
        let counter = Arc::new(step2_unsafe_cell::SpinLock::new(0u32));
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let counter = Arc::clone(&counter);
                thread::spawn(move || {
                    *counter.lock() += 1;
                    // SAFETY: we hold the lock, and the `&mut u32` from
                    // `lock` was a temporary that is gone.
                    unsafe { counter.unlock() };
                })
            })
            .collect();
        for worker in workers {
            worker.join().unwrap();
        }
        let counter = Arc::try_unwrap(counter).unwrap();
        assert_eq!(counter.into_inner(), 2);
    });
}

#[test]
fn step3_guard_unlocks_on_drop() {
    loom::model(|| {
        let counter = Arc::new(step3_guard::SpinLock::new(0u32));
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let counter = Arc::clone(&counter);
                thread::spawn(move || *counter.lock() += 1)
            })
            .collect();
        for worker in workers {
            worker.join().unwrap();
        }
        assert_eq!(*counter.lock(), 2);
    });
}

// ANCHOR: correct
/// The library's lock: two threads each add one to a counter inside the
/// lock. Every access to the counter goes through loom's `UnsafeCell`, so
/// loom would report two accesses that are not ordered by happens-before.
#[test]
fn spin_lock_counts_to_two() {
    loom::model(|| {
        let counter = Arc::new(SpinLock::new(0u32));
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let counter = Arc::clone(&counter);
                thread::spawn(move || *counter.lock() += 1)
            })
            .collect();
        for worker in workers {
            worker.join().unwrap();
        }
        assert_eq!(*counter.lock(), 2);
    });
}
// ANCHOR_END: correct

/// `try_lock` either takes the lock or reports it busy; either way the
/// counter ends where the successful attempts put it.
#[test]
fn try_lock_against_lock() {
    loom::model(|| {
        let counter = Arc::new(SpinLock::new(0u32));
        let locker = {
            let counter = Arc::clone(&counter);
            thread::spawn(move || *counter.lock() += 1)
        };
        let tried = match counter.try_lock() {
            Some(mut guard) => {
                *guard += 10;
                10
            }
            None => 0,
        };
        locker.join().unwrap();
        assert_eq!(*counter.lock(), 1 + tried);
    });
}

// ANCHOR: broken
/// The same model with `RelaxedSpinLock`: the two increments are still
/// mutually exclusive, but nothing orders the second after the first, and
/// loom says so.
fn relaxed_model() {
    let counter = Arc::new(RelaxedSpinLock::new(0u32));
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let counter = Arc::clone(&counter);
            thread::spawn(move || counter.with_lock(|count| *count += 1))
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
}

#[test]
#[should_panic(
    expected = "Causality violation: Concurrent write accesses to `UnsafeCell`."
)]
fn relaxed_spin_lock_is_caught() {
    loom::model(relaxed_model);
}
// ANCHOR_END: broken

/// Keeps `tests/loom_reports/relaxed_spin_lock.txt`, which the page shows,
/// equal to what loom reports. Regenerate it with
/// `LOOM_REPORT=overwrite cargo xtask loom spin-lock`.
#[test]
fn relaxed_spin_lock_report_is_up_to_date() {
    let mut builder = loom::model::Builder::new();
    // Fixed here, not read from the environment, so the report does not
    // depend on how the test was run.
    builder.preemption_bound = Some(3);
    builder.location = true;
    let failure = std::panic::catch_unwind(|| builder.check(relaxed_model))
        .expect_err("loom must find the missing happens-before edge");
    let report = failure
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| failure.downcast_ref::<&str>().map(|s| s.to_string()))
        .expect("loom panics with a message");
    let report = format!("{}\n", report.trim());
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/loom_reports/relaxed_spin_lock.txt");
    if std::env::var("LOOM_REPORT").is_ok_and(|v| v == "overwrite") {
        std::fs::write(&path, &report).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        report == expected,
        "loom's report changed; rerun with LOOM_REPORT=overwrite and check the page.\nnow:\n{report}\nfile:\n{expected}"
    );
}

/// A guard that unlocks while its `&mut` is still in use: the first
/// thread's access is still open when the second takes the lock, and loom
/// sees it because the guard holds loom's tracked pointer for its whole
/// life. (`yield_now` gives loom a point at which to switch threads while
/// the access is open.) With a guard that made its reference inside
/// `with_mut` only, this model passes.
#[test]
#[should_panic(expected = "currently writing to cell")]
fn guard_access_is_tracked_until_drop() {
    loom::model(|| {
        let counter = Arc::new(EarlyUnlockSpinLock::new(0u32));
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let counter = Arc::clone(&counter);
                thread::spawn(move || {
                    let mut guard = counter.lock();
                    *guard += 1;
                    thread::yield_now();
                })
            })
            .collect();
        for worker in workers {
            worker.join().unwrap();
        }
    });
}
