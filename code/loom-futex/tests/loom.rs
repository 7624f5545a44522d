//! The model's own tests: it must let a correct hand-over finish, turn a
//! lost wake-up into loom's deadlock report, and give `unpark` no edge that
//! std does not promise.
#![cfg(loom)]

use loom::cell::UnsafeCell;
// `std`'s Arc, not loom's: when loom reports a deadlock it unwinds the
// blocked threads outside the execution, and dropping a loom `Arc` there
// aborts the process instead of failing the test.
use loom::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use loom_futex::{thread, wait, wake_all, wake_one};
use std::sync::Arc;

/// Publish, then wake: the waiter always gets out.
#[test]
fn wake_after_store_is_never_lost() {
    loom::model(|| {
        let word = Arc::new(AtomicU32::new(0));
        let setter = {
            let word = Arc::clone(&word);
            thread::spawn(move || {
                word.store(1, Ordering::Release);
                wake_one(&word);
            })
        };
        while word.load(Ordering::Acquire) == 0 {
            wait(&word, 0);
        }
        setter.join().unwrap();
    });
}

/// Without the wake, some execution leaves the waiter asleep for ever.
#[test]
#[should_panic(expected = "deadlock")]
fn a_missing_wake_is_a_deadlock() {
    loom::model(|| {
        let word = Arc::new(AtomicU32::new(0));
        let setter = {
            let word = Arc::clone(&word);
            thread::spawn(move || word.store(1, Ordering::Release))
        };
        while word.load(Ordering::Acquire) == 0 {
            wait(&word, 0);
        }
        setter.join().unwrap();
    });
}

/// Waking before publishing loses the wake when the waiter checks in
/// between.
#[test]
#[should_panic(expected = "deadlock")]
fn a_wake_before_the_store_is_lost() {
    loom::model(|| {
        let word = Arc::new(AtomicU32::new(0));
        let setter = {
            let word = Arc::clone(&word);
            thread::spawn(move || {
                wake_one(&word);
                word.store(1, Ordering::Release);
            })
        };
        while word.load(Ordering::Acquire) == 0 {
            wait(&word, 0);
        }
        setter.join().unwrap();
    });
}

/// `wake_one` wakes one of two sleepers; `wake_all` both.
#[test]
fn wake_all_wakes_every_sleeper() {
    loom::model(|| {
        let word = Arc::new(AtomicU32::new(0));
        let sleepers: Vec<_> = (0..2)
            .map(|_| {
                let word = Arc::clone(&word);
                thread::spawn(move || {
                    while word.load(Ordering::Acquire) == 0 {
                        wait(&word, 0);
                    }
                })
            })
            .collect();
        word.store(1, Ordering::Release);
        wake_all(&word);
        for sleeper in sleepers {
            sleeper.join().unwrap();
        }
    });
}

#[test]
#[should_panic(expected = "deadlock")]
fn wake_one_leaves_the_second_sleeper() {
    loom::model(|| {
        let word = Arc::new(AtomicU32::new(0));
        let sleepers: Vec<_> = (0..2)
            .map(|_| {
                let word = Arc::clone(&word);
                thread::spawn(move || {
                    while word.load(Ordering::Acquire) == 0 {
                        wait(&word, 0);
                    }
                })
            })
            .collect();
        word.store(1, Ordering::Release);
        wake_one(&word);
        for sleeper in sleepers {
            sleeper.join().unwrap();
        }
    });
}

/// A message handed over with park/unpark and a Release/Acquire flag.
struct Mailbox {
    message: UnsafeCell<u32>,
    ready: AtomicBool,
}

// SAFETY: `message` is written once by the sender before `ready` is set and
// read by the receiver only after it has seen `ready`; the flag's orderings
// (what these tests vary) are what must make that sound, and loom checks it.
unsafe impl Sync for Mailbox {}

fn hand_over(store: Ordering, load: Ordering) {
    loom::model(move || {
        let mailbox = Arc::new(Mailbox {
            message: UnsafeCell::new(0),
            ready: AtomicBool::new(false),
        });
        let receiver = thread::current();
        let sender = {
            let mailbox = Arc::clone(&mailbox);
            thread::spawn(move || {
                // SAFETY: nobody reads `message` before `ready` is set.
                mailbox.message.with_mut(|message| unsafe { *message = 42 });
                mailbox.ready.store(true, store);
                receiver.unpark();
            })
        };
        while !mailbox.ready.load(load) {
            thread::park();
        }
        // SAFETY: `ready` was seen, so the sender's write is complete.
        let message = mailbox.message.with(|message| unsafe { *message });
        assert_eq!(message, 42);
        sender.join().unwrap();
    });
}

#[test]
fn park_hand_over_with_release_acquire() {
    hand_over(Ordering::Release, Ordering::Acquire);
}

/// loom's own `unpark` would hide this: it synchronises at once. Here the
/// receiver may see the flag before the token exists, with no edge.
#[test]
#[should_panic(expected = "Causality violation")]
fn park_hand_over_with_a_relaxed_flag_is_a_data_race() {
    hand_over(Ordering::Relaxed, Ordering::Relaxed);
}

/// An `unpark` before the `park` leaves a token: the park returns at once.
#[test]
fn an_early_unpark_leaves_a_token() {
    loom::model(|| {
        let me = thread::current();
        me.unpark();
        thread::park();
    });
}

/// Under `yielding`, waits return at once, so the missing wake goes unseen:
/// the reason the blocking model exists.
#[test]
fn yielding_hides_a_missing_wake() {
    loom_futex::yielding(|| {
        let word = Arc::new(AtomicU32::new(0));
        let setter = {
            let word = Arc::clone(&word);
            thread::spawn(move || word.store(1, Ordering::Release))
        };
        while word.load(Ordering::Acquire) == 0 {
            wait(&word, 0);
        }
        setter.join().unwrap();
    });
}
