//! Loom models of the library's steps. Loom has no futex: under
//! `--cfg loom` the crate's `sync` shim turns `wait` into a yield and the
//! wakes into no-ops, which a futex is allowed to behave like (see
//! `src/sync.rs`). Run with
//! `RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=3 CARGO_TARGET_DIR=target/loom cargo test -p os-primitives --release --test loom`.
#![cfg(loom)]

use loom::cell::UnsafeCell;
use loom::sync::Arc;
use loom::thread;
use os_primitives::{Parker, WaitCounter};

// ANCHOR: parker
/// Whatever the unparking thread wrote before `unpark` is visible after
/// `park` returns, in every interleaving: loom panics if the read of the
/// message is not ordered after the write.
#[test]
fn park_sees_what_unpark_published() {
    loom::model(|| {
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

/// Two unparks race with one park: park returns, and at most one token is
/// left over.
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

/// Two incrementing threads, one waiter: the waiter returns with the full
/// count and sees both threads' writes.
#[test]
fn wait_counter_waiter_sees_every_increment() {
    loom::model(|| {
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
        let sum: u32 = slots.iter().map(|slot| slot.with(|v| unsafe { *v })).sum();
        assert_eq!(sum, 2);
        for worker in workers {
            worker.join().unwrap();
        }
    });
}
