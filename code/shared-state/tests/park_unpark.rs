//! `examples/park_unpark.rs`, included as a module: an early `unpark` is
//! kept, and `truck_arrives` wakes a loader that is already parked. Both
//! run under the watchdog, so a missing `unpark` fails instead of hanging.
#![cfg(not(loom))]

#[path = "../examples/park_unpark.rs"]
#[allow(dead_code)]
mod park_unpark;

use park_unpark::{truck_arrives, unpark_before_park, wait_for_truck};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;
use test_support::{Sleeper, watchdog};

const PATIENCE: Duration = Duration::from_secs(10);

#[test]
fn an_unpark_before_the_park_is_kept() {
    watchdog(PATIENCE, || {
        unpark_before_park();
    });
}

#[test]
fn truck_arrives_wakes_a_parked_loader() {
    watchdog(PATIENCE, || {
        let truck_arrived = Arc::new(AtomicBool::new(false));
        let (tell, sleeper) = mpsc::channel();
        let loader = {
            let truck_arrived = Arc::clone(&truck_arrived);
            thread::spawn(move || {
                tell.send(Sleeper::current()).unwrap();
                wait_for_truck(&truck_arrived);
            })
        };
        // Parked, with the flag still false.
        sleeper.recv().unwrap().wait_until_asleep();
        truck_arrives(&truck_arrived, loader.thread());
        loader.join().unwrap();
    });
}
