//! `examples/park_unpark.rs`, included as a module: an early `unpark` is
//! kept, and `truck_arrives` wakes a loader that is already parked. Both
//! run under the watchdog, so a missing `unpark` fails instead of hanging.
#![cfg(not(loom))]

mod common;
#[path = "../examples/park_unpark.rs"]
#[allow(dead_code)]
mod park_unpark;

use common::{current_tid, wait_until_asleep};
use park_unpark::{truck_arrives, unpark_before_park, wait_for_truck};
use shared_state::{Outcome, watchdog};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;

const PATIENCE: Duration = Duration::from_secs(10);

#[test]
fn an_unpark_before_the_park_is_kept() {
    let outcome = watchdog(PATIENCE, unpark_before_park);
    assert!(matches!(outcome, Outcome::Finished(_)), "{outcome:?}");
}

#[test]
fn truck_arrives_wakes_a_parked_loader() {
    let outcome = watchdog(PATIENCE, || {
        let truck_arrived = Arc::new(AtomicBool::new(false));
        let (tid_tx, tid_rx) = mpsc::channel();
        let loader = {
            let truck_arrived = Arc::clone(&truck_arrived);
            thread::spawn(move || {
                tid_tx.send(current_tid()).unwrap();
                wait_for_truck(&truck_arrived);
            })
        };
        wait_until_asleep(tid_rx.recv().unwrap()); // parked, flag still false
        truck_arrives(&truck_arrived, loader.thread());
        loader.join().unwrap();
    });
    assert_eq!(outcome, Outcome::Finished(()));
}
