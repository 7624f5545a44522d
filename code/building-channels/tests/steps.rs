//! Tests for every step. Each one runs under Miri too, with smaller sizes.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use building_channels::{
    step1_mutex_queue, step2_unsafe_oneshot, step3_state, step4_arc_halves,
    step5_borrowed, step6_park,
};

/// How many messages or rounds a test uses: small under Miri.
const ROUNDS: usize = if cfg!(miri) { 5 } else { 500 };

/// Runs `body` on its own thread and fails, instead of hanging, if it does
/// not finish in time.
fn finishes<R: Send + 'static>(body: impl FnOnce() -> R + Send + 'static) -> R {
    let (done, result) = mpsc::channel();
    thread::spawn(move || done.send(body()).unwrap());
    let limit = Duration::from_secs(if cfg!(miri) { 600 } else { 30 });
    result.recv_timeout(limit).expect("the test hung")
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
fn step1_delivers_every_message_in_order() {
    let received = finishes(|| {
        let channel = step1_mutex_queue::Channel::new();
        thread::scope(|scope| {
            scope.spawn(|| {
                for order_id in 0..ROUNDS {
                    channel.send(order_id);
                }
            });
            (0..ROUNDS).map(|_| channel.receive()).collect::<Vec<_>>()
        })
    });
    assert_eq!(received, (0..ROUNDS).collect::<Vec<_>>());
}

#[test]
fn step2_moves_a_message_across_threads() {
    let channel = step2_unsafe_oneshot::Channel::new();
    thread::scope(|scope| {
        // SAFETY: this is the channel's only `send`.
        scope.spawn(|| unsafe { channel.send(String::from("eu-west")) });
    });
    assert!(channel.is_ready());
    // SAFETY: `is_ready` returned true on this thread; the only `receive`.
    let region = unsafe { channel.receive() };
    assert_eq!(region, "eu-west");
}

#[test]
fn step2_drops_an_unreceived_message_once() {
    let drops = Arc::new(AtomicUsize::new(0));
    let channel = step2_unsafe_oneshot::Channel::new();
    // SAFETY: the channel's only `send`.
    unsafe { channel.send(Parcel(Arc::clone(&drops))) };
    drop(channel);
    assert_eq!(drops.load(Ordering::Relaxed), 1);
}

#[test]
fn step2_does_not_drop_a_received_message_again() {
    let drops = Arc::new(AtomicUsize::new(0));
    let channel = step2_unsafe_oneshot::Channel::new();
    // SAFETY: the channel's only `send`.
    unsafe { channel.send(Parcel(Arc::clone(&drops))) };
    assert!(channel.is_ready());
    // SAFETY: `is_ready` returned true; the only `receive`.
    let parcel = unsafe { channel.receive() };
    drop(channel);
    assert_eq!(drops.load(Ordering::Relaxed), 0);
    drop(parcel);
    assert_eq!(drops.load(Ordering::Relaxed), 1);
}

#[test]
fn step3_moves_a_message_across_threads() {
    for round in 0..ROUNDS {
        let channel = step3_state::Channel::new();
        let received = thread::scope(|scope| {
            scope.spawn(|| channel.send(round));
            loop {
                if channel.is_ready() {
                    break channel.receive();
                }
                thread::yield_now();
            }
        });
        assert_eq!(received, round);
    }
}

// ANCHOR: misuse_panics
#[test]
#[should_panic(expected = "only one message")]
fn step3_second_send_panics() {
    let channel = step3_state::Channel::new();
    channel.send("first");
    channel.send("second");
}

#[test]
#[should_panic(expected = "no message to receive")]
fn step3_second_receive_panics() {
    let channel = step3_state::Channel::new();
    channel.send("only");
    assert_eq!(channel.receive(), "only");
    channel.receive();
}
// ANCHOR_END: misuse_panics

#[test]
#[should_panic(expected = "no message to receive")]
fn step3_early_receive_panics() {
    let channel = step3_state::Channel::<u32>::new();
    channel.receive();
}

#[test]
fn step3_drops_only_unreceived_messages() {
    let drops = Arc::new(AtomicUsize::new(0));
    let unreceived = step3_state::Channel::new();
    unreceived.send(Parcel(Arc::clone(&drops)));
    drop(unreceived);
    assert_eq!(drops.load(Ordering::Relaxed), 1);

    let received = step3_state::Channel::new();
    received.send(Parcel(Arc::clone(&drops)));
    let parcel = received.receive();
    drop(received);
    assert_eq!(drops.load(Ordering::Relaxed), 1);
    drop(parcel);
    assert_eq!(drops.load(Ordering::Relaxed), 2);
}

// ANCHOR: arc_halves
#[test]
fn step4_halves_travel_to_threads() {
    let (sender, receiver) = step4_arc_halves::channel();
    let sending = thread::spawn(move || sender.send(vec![3, 1, 4]));
    sending.join().unwrap();
    let receiving = thread::spawn(move || {
        assert!(receiver.is_ready());
        receiver.receive()
    });
    assert_eq!(receiving.join().unwrap(), [3, 1, 4]);
}
// ANCHOR_END: arc_halves

#[test]
fn step4_unreceived_message_is_dropped_with_the_last_half() {
    let drops = Arc::new(AtomicUsize::new(0));
    let (sender, receiver) = step4_arc_halves::channel();
    sender.send(Parcel(Arc::clone(&drops)));
    assert_eq!(drops.load(Ordering::Relaxed), 0);
    drop(receiver);
    assert_eq!(drops.load(Ordering::Relaxed), 1);
}

#[test]
fn step4_received_message_is_dropped_once() {
    let drops = Arc::new(AtomicUsize::new(0));
    let (sender, receiver) = step4_arc_halves::channel();
    sender.send(Parcel(Arc::clone(&drops)));
    drop(receiver.receive());
    assert_eq!(drops.load(Ordering::Relaxed), 1);
}

// ANCHOR: borrowed
#[test]
fn step5_halves_borrow_a_channel_on_the_stack() {
    let mut channel = step5_borrowed::Channel::new();
    for round in 0..ROUNDS {
        // Each split borrows `channel` mutably until both halves are gone,
        // so the next round can split it again.
        let (sender, receiver) = channel.split();
        let received = thread::scope(|scope| {
            scope.spawn(move || sender.send(round));
            while !receiver.is_ready() {
                thread::yield_now();
            }
            receiver.receive()
        });
        assert_eq!(received, round);
    }
}
// ANCHOR_END: borrowed

#[test]
fn step5_split_drops_a_message_left_from_the_last_split() {
    let drops = Arc::new(AtomicUsize::new(0));
    let mut channel = step5_borrowed::Channel::new();
    let (sender, _receiver) = channel.split();
    sender.send(Parcel(Arc::clone(&drops)));
    let (_sender, _receiver) = channel.split();
    assert_eq!(drops.load(Ordering::Relaxed), 1);
    drop(channel);
    assert_eq!(drops.load(Ordering::Relaxed), 1);
}

// ANCHOR: blocking
#[test]
fn step6_receive_blocks_until_the_message_arrives() {
    let received = finishes(|| {
        let mut channel = step6_park::Channel::new();
        let (go, wait_for_go) = mpsc::channel();
        thread::scope(|scope| {
            let (sender, receiver) = channel.split();
            scope.spawn(move || {
                // Sends only after the receiver has said it is about to
                // wait, so `receive` usually has to park.
                wait_for_go.recv().unwrap();
                sender.send(String::from("invoice #1042"));
            });
            assert!(!receiver.is_ready());
            go.send(()).unwrap();
            receiver.receive()
        })
    });
    assert_eq!(received, "invoice #1042");
}
// ANCHOR_END: blocking

#[test]
fn step6_many_rounds() {
    let total = finishes(|| {
        let mut channel = step6_park::Channel::new();
        let mut total = 0;
        for round in 0..ROUNDS {
            let (sender, receiver) = channel.split();
            total += thread::scope(|scope| {
                scope.spawn(move || sender.send(round));
                receiver.receive()
            });
        }
        total
    });
    assert_eq!(total, (0..ROUNDS).sum::<usize>());
}

#[test]
fn step6_unreceived_message_is_dropped_once() {
    let drops = Arc::new(AtomicUsize::new(0));
    let mut channel = step6_park::Channel::new();
    let (sender, _receiver) = channel.split();
    sender.send(Parcel(Arc::clone(&drops)));
    assert_eq!(drops.load(Ordering::Relaxed), 0);
    drop(channel);
    assert_eq!(drops.load(Ordering::Relaxed), 1);
}

/// The halves that cross threads are `Send`; the parking receiver is not.
#[test]
fn send_and_sync_claims() {
    fn assert_send<T: Send>() {}
    fn assert_sync<T: Sync>() {}
    assert_sync::<step3_state::Channel<String>>();
    assert_send::<step4_arc_halves::Sender<String>>();
    assert_send::<step4_arc_halves::Receiver<String>>();
    assert_send::<step5_borrowed::Receiver<'static, String>>();
    assert_send::<step6_park::Sender<'static, String>>();
}
