//! The examples' functions, tested where they are defined: the test includes
//! the example file itself, so the code on the page is the code under test.
#![cfg(not(loom))]

#[path = "../examples/park_round_trip.rs"]
#[allow(dead_code)]
mod park_round_trip;

use std::time::Duration;
use test_support::watchdog;

const ROUND_TRIPS: u32 = if cfg!(miri) { 5 } else { 500 };
const LIMIT: Duration = Duration::from_secs(20);

#[test]
fn parked_ping_pong_completes() {
    watchdog(LIMIT, || {
        park_round_trip::ping_pong_parked(ROUND_TRIPS);
    });
}

#[test]
fn spinning_ping_pong_completes() {
    watchdog(LIMIT, || {
        park_round_trip::ping_pong_spinning(ROUND_TRIPS);
    });
}

// Ignored under Miri: the example reads `/proc`, which Miri's isolation
// forbids.
#[test]
#[cfg_attr(miri, ignore)]
fn waking_a_sleeping_thread_completes() {
    watchdog(LIMIT, || {
        let rounds = 20;
        let latencies = park_round_trip::wake_sleeping_thread(rounds);
        assert_eq!(latencies.len(), rounds as usize);
    });
}
