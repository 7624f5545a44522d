//! The timed waits of `examples/timed_wait.rs`, included as a module: each
//! gives up when nobody comes, and each is woken by the matching call when
//! somebody does. The woken cases give the waiter an hour of patience and
//! make it fall asleep first, so a missing `notify_all` or `unpark` leaves
//! it asleep and the watchdog fails the test.
#![cfg(not(loom))]

#[path = "../examples/timed_wait.rs"]
#[allow(dead_code)]
mod timed_wait;

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;
use test_support::{Sleeper, watchdog};
use timed_wait::{Dock, raise_flag, wait_for_flag};

const PATIENCE: Duration = Duration::from_secs(10);
const AN_HOUR: Duration = Duration::from_secs(3600);

#[test]
fn a_condvar_wait_gives_up_when_nobody_comes() {
    let dock = Dock::default();
    assert!(!dock.wait_for_truck(Duration::from_millis(10)));
}

#[test]
fn a_condvar_wait_is_woken_by_notify() {
    watchdog(PATIENCE, || {
        let dock = Arc::new(Dock::default());
        let (tell, sleeper) = mpsc::channel();
        let waiter = {
            let dock = Arc::clone(&dock);
            thread::spawn(move || {
                tell.send(Sleeper::current()).unwrap();
                dock.wait_for_truck(AN_HOUR)
            })
        };
        sleeper.recv().unwrap().wait_until_asleep();
        dock.truck_arrives();
        assert!(waiter.join().unwrap(), "the wait timed out instead");
    });
}

#[test]
fn a_truck_that_came_before_the_wait_counts() {
    let dock = Dock::default();
    dock.truck_arrives();
    assert!(dock.wait_for_truck(Duration::ZERO));
}

#[test]
fn a_parked_wait_gives_up_when_nobody_comes() {
    assert!(!wait_for_flag(
        &AtomicBool::new(false),
        Duration::from_millis(10)
    ));
}

#[test]
fn a_parked_wait_is_woken_by_unpark() {
    watchdog(PATIENCE, || {
        let loaded = Arc::new(AtomicBool::new(false));
        let (tell, sleeper) = mpsc::channel();
        let waiter = {
            let loaded = Arc::clone(&loaded);
            thread::spawn(move || {
                tell.send(Sleeper::current()).unwrap();
                wait_for_flag(&loaded, AN_HOUR)
            })
        };
        sleeper.recv().unwrap().wait_until_asleep();
        raise_flag(&loaded, waiter.thread());
        assert!(waiter.join().unwrap(), "the wait timed out instead");
    });
}
