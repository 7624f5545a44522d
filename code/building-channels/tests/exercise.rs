//! Tests for the exercise: a blocking one-shot channel.
//!
//!   cargo test -p building-channels --test exercise                      (your code)
//!   cargo test -p building-channels --test exercise --features solution  (the solution)
//!
//! Every test runs its channel on a watched thread, so a `receive` that
//! never returns fails the test instead of hanging it.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use building_channels::exercise::{Disconnected, Receiver, Sender, oneshot};

/// Rounds for the stress test: small under Miri.
const ROUNDS: usize = if cfg!(miri) { 5 } else { 1_000 };

/// Runs `body` on its own thread (which is then the receiving thread of
/// any channel it creates) and fails if it does not finish in time.
fn finishes<R: Send + 'static>(body: impl FnOnce() -> R + Send + 'static) -> R {
    let (done, result) = mpsc::channel();
    thread::spawn(move || done.send(body()).unwrap());
    let limit = Duration::from_secs(if cfg!(miri) { 600 } else { 30 });
    result
        .recv_timeout(limit)
        .expect("receive did not return: is the receiving thread woken?")
}

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
    fn assert_send<T: Send>() {}
    assert_send::<Sender<String>>();
}

#[test]
fn a_message_crosses_threads() {
    let received = finishes(|| {
        let (sender, receiver) = oneshot();
        thread::spawn(move || sender.send(String::from("eu-west")));
        receiver.receive()
    });
    assert_eq!(received, Ok(String::from("eu-west")));
}

#[test]
fn receive_waits_for_a_send_that_comes_later() {
    let received = finishes(|| {
        let (sender, receiver) = oneshot();
        let (go, wait_for_go) = mpsc::channel();
        thread::spawn(move || {
            // Send only once the receiver is on its way to waiting.
            wait_for_go.recv().unwrap();
            sender.send(vec![3, 1, 4]);
        });
        go.send(()).unwrap();
        receiver.receive()
    });
    assert_eq!(received, Ok(vec![3, 1, 4]));
}

#[test]
fn a_message_sent_before_receive_is_there() {
    let received = finishes(|| {
        let (sender, receiver) = oneshot();
        sender.send(7_u64);
        receiver.receive()
    });
    assert_eq!(received, Ok(7));
}

#[test]
fn dropping_the_sender_unsent_disconnects() {
    let received = finishes(|| {
        let (sender, receiver) = oneshot::<String>();
        drop(sender);
        receiver.receive()
    });
    assert_eq!(received, Err(Disconnected));
}

#[test]
fn dropping_the_sender_on_another_thread_wakes_the_receiver() {
    let received = finishes(|| {
        let (sender, receiver) = oneshot::<String>();
        let (go, wait_for_go) = mpsc::channel();
        thread::spawn(move || {
            wait_for_go.recv().unwrap();
            drop(sender);
        });
        go.send(()).unwrap();
        receiver.receive()
    });
    assert_eq!(received, Err(Disconnected));
}

#[test]
fn an_unreceived_message_is_dropped_once() {
    let drops = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&drops);
    finishes(move || {
        let (sender, receiver): (Sender<Parcel>, Receiver<Parcel>) = oneshot();
        thread::spawn(move || sender.send(Parcel(counter)))
            .join()
            .unwrap();
        drop(receiver);
    });
    assert_eq!(drops.load(Ordering::Relaxed), 1);
}

#[test]
fn a_received_message_is_dropped_once() {
    let drops = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&drops);
    let parcel = finishes(move || {
        let (sender, receiver) = oneshot();
        thread::spawn(move || sender.send(Parcel(counter)));
        receiver.receive().unwrap()
    });
    assert_eq!(drops.load(Ordering::Relaxed), 0);
    drop(parcel);
    assert_eq!(drops.load(Ordering::Relaxed), 1);
}

#[test]
fn many_channels_in_a_row() {
    let total = finishes(|| {
        let mut total = 0;
        for round in 0..ROUNDS {
            let (sender, receiver) = oneshot();
            thread::spawn(move || {
                if round % 3 == 0 {
                    drop(sender);
                } else {
                    sender.send(round);
                }
            });
            match receiver.receive() {
                Ok(value) => total += value,
                Err(Disconnected) => assert_eq!(round % 3, 0),
            }
        }
        total
    });
    let expected: usize = (0..ROUNDS).filter(|round| round % 3 != 0).sum();
    assert_eq!(total, expected);
}
