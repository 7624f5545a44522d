//! The examples' functions, tested where they are defined: the test includes
//! the example file itself, so the code on the page is the code under test.
#![cfg(not(loom))]

#[path = "../examples/park_round_trip.rs"]
#[allow(dead_code)]
mod park_round_trip;

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

const ROUND_TRIPS: u32 = if cfg!(miri) { 5 } else { 500 };

fn finishes(body: impl FnOnce() + Send + 'static) {
    let (done, finished) = mpsc::channel();
    thread::spawn(move || {
        body();
        done.send(()).unwrap();
    });
    finished
        .recv_timeout(Duration::from_secs(20))
        .expect("the ping-pong hung: a wake-up was lost");
}

#[test]
fn parked_ping_pong_completes() {
    finishes(|| {
        park_round_trip::ping_pong_parked(ROUND_TRIPS);
    });
}

#[test]
fn spinning_ping_pong_completes() {
    finishes(|| {
        park_round_trip::ping_pong_spinning(ROUND_TRIPS);
    });
}

// Ignored under Miri: the example reads `/proc`, which Miri's isolation
// forbids.
#[test]
#[cfg_attr(miri, ignore)]
fn waking_a_sleeping_thread_completes() {
    finishes(|| {
        let rounds = 20;
        let latencies = park_round_trip::wake_sleeping_thread(rounds);
        assert_eq!(latencies.len(), rounds as usize);
    });
}
