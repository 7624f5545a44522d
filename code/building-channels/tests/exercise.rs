//! Tests for the exercise: a blocking one-shot channel.
//!
//!   cargo test -p building-channels --test exercise                      (your code)
//!   cargo test -p building-channels --test exercise --features solution  (the solution)
//!
//! Every test runs under `test_support::watchdog`, in a process of its own,
//! so a `receive` that is never woken is reported as a hang (and stopped)
//! and a panic as a panic. The test's own thread is the receiving thread.
//! The loom models at the end check the same code with loom:
//! `cargo xtask loom building-channels --exercise`.
//!
//! The file compiles before `Inner` has its `unsafe impl`, so that each
//! test fails by name: whether `Sender` is `Send` is decided by the
//! compiler but reported at run time (`require_send`), and each test that
//! moves a sender to another thread checks that first.

use building_channels::exercise::Sender;

pub fn require_send() {
    assert!(
        test_support::is_send!(Sender<String>),
        "Sender is not Send: `Inner` holds an `UnsafeCell`, so it is not \
         `Sync`, and `Arc<Inner<T>>` is not `Send`; write the `unsafe impl` \
         with its `// SAFETY:` argument in exercise/starter.rs"
    );
}

/// A sender on its way to another thread. The tests need the wrapper only
/// so that this file compiles before `Sender` is `Send`.
pub struct Carry<T>(T);

// SAFETY: a `Carry` is made only by `carry`, which first checks that the
// learner's code makes `Sender` `Send`; every `Carry` holds a `Sender` of a
// `Send` message (`String`, `Vec<i32>`, `usize`, `Parcel`), so sending it
// sends what that `unsafe impl` already declares safe to send.
unsafe impl<T> Send for Carry<T> {}

impl<T> Carry<T> {
    /// Unwraps the sender. A method, not `.0`: a closure that used
    /// `there.0` would capture only the field, a bare `Sender`.
    pub fn arrive(self) -> T {
        self.0
    }
}

pub fn carry<T: Send>(sender: Sender<T>) -> Carry<Sender<T>> {
    require_send();
    Carry(sender)
}

#[cfg(not(loom))]
mod threads {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;

    use building_channels::exercise::{
        Disconnected, Receiver, Sender, oneshot,
    };
    use test_support::watchdog;

    use super::{carry, require_send};

    /// Rounds for the stress test: small under Miri.
    const ROUNDS: usize = if cfg!(miri) { 5 } else { 1_000 };

    /// How long a test may take before the watchdog calls it a hang.
    const LIMIT: Duration = Duration::from_secs(30);

    /// A message that counts how many times it is dropped.
    #[derive(Debug)]
    struct Parcel(Arc<AtomicUsize>);

    impl Drop for Parcel {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }

    #[test]
    fn the_sender_is_send() {
        require_send();
    }

    #[test]
    fn a_message_crosses_threads() {
        watchdog(LIMIT, || {
            let (sender, receiver) = oneshot();
            let there = carry(sender);
            thread::spawn(move || there.arrive().send(String::from("eu-west")));
            assert_eq!(receiver.receive(), Ok(String::from("eu-west")));
        });
    }

    #[test]
    fn receive_waits_for_a_send_that_comes_later() {
        watchdog(LIMIT, || {
            let (sender, receiver) = oneshot();
            let there = carry(sender);
            let (go, wait_for_go) = mpsc::channel();
            thread::spawn(move || {
                // Send only once the receiver is on its way to waiting.
                wait_for_go.recv().unwrap();
                there.arrive().send(vec![3, 1, 4]);
            });
            go.send(()).unwrap();
            assert_eq!(receiver.receive(), Ok(vec![3, 1, 4]));
        });
    }

    #[test]
    fn a_message_sent_before_receive_is_there() {
        watchdog(LIMIT, || {
            let (sender, receiver) = oneshot();
            sender.send(7_u64);
            assert_eq!(receiver.receive(), Ok(7));
        });
    }

    #[test]
    fn dropping_the_sender_unsent_disconnects() {
        watchdog(LIMIT, || {
            let (sender, receiver) = oneshot::<String>();
            drop(sender);
            assert_eq!(receiver.receive(), Err(Disconnected));
        });
    }

    #[test]
    fn dropping_the_sender_on_another_thread_wakes_the_receiver() {
        watchdog(LIMIT, || {
            let (sender, receiver) = oneshot::<String>();
            let there = carry(sender);
            let (go, wait_for_go) = mpsc::channel();
            thread::spawn(move || {
                wait_for_go.recv().unwrap();
                drop(there.arrive());
            });
            go.send(()).unwrap();
            assert_eq!(receiver.receive(), Err(Disconnected));
        });
    }

    #[test]
    fn an_unreceived_message_is_dropped_once() {
        watchdog(LIMIT, || {
            let drops = Arc::new(AtomicUsize::new(0));
            let counter = Arc::clone(&drops);
            let (sender, receiver): (Sender<Parcel>, Receiver<Parcel>) =
                oneshot();
            let there = carry(sender);
            thread::spawn(move || there.arrive().send(Parcel(counter)))
                .join()
                .unwrap();
            drop(receiver);
            assert_eq!(drops.load(Ordering::Relaxed), 1);
        });
    }

    #[test]
    fn a_received_message_is_dropped_once() {
        watchdog(LIMIT, || {
            let drops = Arc::new(AtomicUsize::new(0));
            let counter = Arc::clone(&drops);
            let (sender, receiver) = oneshot();
            let there = carry(sender);
            thread::spawn(move || there.arrive().send(Parcel(counter)));
            let parcel = receiver.receive().unwrap();
            assert_eq!(drops.load(Ordering::Relaxed), 0);
            drop(parcel);
            assert_eq!(drops.load(Ordering::Relaxed), 1);
        });
    }

    #[test]
    fn many_channels_in_a_row() {
        watchdog(LIMIT, || {
            let mut total = 0;
            for round in 0..ROUNDS {
                let (sender, receiver) = oneshot();
                let there = carry(sender);
                thread::spawn(move || {
                    if round % 3 == 0 {
                        drop(there.arrive());
                    } else {
                        there.arrive().send(round);
                    }
                });
                match receiver.receive() {
                    Ok(value) => total += value,
                    Err(Disconnected) => assert_eq!(round % 3, 0),
                }
            }
            let expected: usize =
                (0..ROUNDS).filter(|round| round % 3 != 0).sum();
            assert_eq!(total, expected);
        });
    }
}

/// The exercise's loom models: a message, or a disconnection, always wakes
/// the receiver, and the message is read after it was written. The crate's
/// `sync` shim parks with `loom_futex::thread`, whose `unpark` orders only
/// what comes before it with the `park` that takes its token, as std's
/// does, so a `Relaxed` where the message must be published shows up as a
/// causality violation, and a missing `unpark` as loom's deadlock report.
/// Loom explores many interleavings, not all: it is bounded by
/// `LOOM_MAX_PREEMPTIONS`, and it does not explore load buffering.
#[cfg(loom)]
mod models {
    use building_channels::exercise::{Disconnected, oneshot};
    use loom::thread;

    use super::carry;

    #[test]
    fn loom_a_message_wakes_the_receiver() {
        loom::model(|| {
            let (sender, receiver) = oneshot();
            let there = carry(sender);
            let sending = thread::spawn(move || {
                there.arrive().send(String::from("eu-west"));
            });
            assert_eq!(receiver.receive().as_deref(), Ok("eu-west"));
            sending.join().unwrap();
        });
    }

    #[test]
    fn loom_a_dropped_sender_wakes_the_receiver() {
        loom::model(|| {
            let (sender, receiver) = oneshot::<String>();
            let there = carry(sender);
            let dropping = thread::spawn(move || drop(there.arrive()));
            assert_eq!(receiver.receive(), Err(Disconnected));
            dropping.join().unwrap();
        });
    }
}
