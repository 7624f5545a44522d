//! Loom models of the channels: loom explores the interleavings of each
//! model's threads (up to `LOOM_MAX_PREEMPTIONS` preemptions) and checks
//! every access to an `UnsafeCell` against the happens-before order. Step 6
//! parks with `loom_futex::thread` (through `src/sync.rs`),
//! whose `unpark` synchronises only with the `park` that takes its token, as
//! std's does; loom's own `unpark` would order everything after it and hide
//! a `Relaxed` flag. Run with
//! `cargo xtask loom building-channels` (release mode, `--cfg loom`,
//! `LOOM_MAX_PREEMPTIONS=3`, builds in `target/loom`).
#![cfg(loom)]

use loom::sync::Arc;
use loom::thread;

use building_channels::{
    step1_mutex_queue, step2_unsafe_oneshot, step3_state, step4_arc_halves,
    step5_borrowed, step6_park,
};

/// Step 1: two senders, one receiver; both messages arrive.
#[test]
fn step1_two_senders() {
    loom::model(|| {
        let channel = Arc::new(step1_mutex_queue::Channel::new());
        let senders: Vec<_> = ["north", "south"]
            .into_iter()
            .map(|depot| {
                let channel = Arc::clone(&channel);
                thread::spawn(move || channel.send(depot))
            })
            .collect();
        let mut received = [channel.receive(), channel.receive()];
        received.sort_unstable();
        assert_eq!(received, ["north", "south"]);
        for sender in senders {
            sender.join().unwrap();
        }
    });
}

/// Step 2: the receiver polls `is_ready` and reads only after it is true.
#[test]
fn step2_unsafe_oneshot() {
    loom::model(|| {
        let channel = Arc::new(step2_unsafe_oneshot::Channel::new());
        let sender = {
            let channel = Arc::clone(&channel);
            // SAFETY: the channel's only `send`.
            thread::spawn(move || unsafe { channel.send([7_u32, 7, 7]) })
        };
        if channel.is_ready() {
            // SAFETY: `is_ready` returned true on this thread; the only
            // `receive`.
            assert_eq!(unsafe { channel.receive() }, [7, 7, 7]);
        }
        sender.join().unwrap();
    });
}

/// Step 3: a receive that finds READY sees the whole message; the channel
/// drops an unreceived message from whichever thread drops it last.
#[test]
fn step3_state() {
    loom::model(|| {
        let channel = Arc::new(step3_state::Channel::new());
        let sender = {
            let channel = Arc::clone(&channel);
            thread::spawn(move || channel.send(String::from("eu-west")))
        };
        if channel.is_ready() {
            assert_eq!(channel.receive(), "eu-west");
        }
        drop(channel);
        sender.join().unwrap();
    });
}

/// Step 4: the halves on two threads, the receiver polling.
#[test]
fn step4_arc_halves() {
    loom::model(|| {
        let (sender, receiver) = step4_arc_halves::channel();
        let sending =
            thread::spawn(move || sender.send(String::from("eu-west")));
        if receiver.is_ready() {
            assert_eq!(receiver.receive(), "eu-west");
        }
        sending.join().unwrap();
    });
}

/// Step 5: loom threads need `'static`, so the model leaks one small
/// channel per run instead of using a scope.
#[test]
fn step5_borrowed() {
    loom::model(|| {
        let channel: &'static mut step5_borrowed::Channel<u32> =
            Box::leak(Box::new(step5_borrowed::Channel::new()));
        let (sender, receiver) = channel.split();
        let sending = thread::spawn(move || sender.send(42));
        if receiver.is_ready() {
            assert_eq!(receiver.receive(), 42);
        }
        sending.join().unwrap();
    });
}

/// Step 6: `receive` parks until the sender's unpark; loom explores the
/// unpark arriving before, during and after the park, and the receiver
/// seeing `ready` before it parks at all. That last case is the one in
/// which only `ready`'s own Release/Acquire orders the message: made
/// `Relaxed`, this model reports a causality violation.
#[test]
fn step6_park() {
    loom::model(|| {
        let channel: &'static mut step6_park::Channel<u32> =
            Box::leak(Box::new(step6_park::Channel::new()));
        let (sender, receiver) = channel.split();
        let sending = thread::spawn(move || sender.send(42));
        assert_eq!(receiver.receive(), 42);
        sending.join().unwrap();
    });
}
