//! The timed waits of `examples/timed_wait.rs`, included as a module: each
//! gives up when nobody comes, and each is woken by the matching call when
//! somebody does. The woken cases give the waiter an hour of patience and
//! make it fall asleep first, so a missing `notify_all` or `unpark` leaves
//! it asleep and the watchdog fails the test.
#![cfg(not(loom))]

mod common;
#[path = "../examples/timed_wait.rs"]
#[allow(dead_code)]
mod timed_wait;

use common::{current_tid, wait_until_asleep};
use shared_state::{Outcome, watchdog};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;
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
    let outcome = watchdog(PATIENCE, || {
        let dock = Arc::new(Dock::default());
        let (tid_tx, tid_rx) = mpsc::channel();
        let waiter = {
            let dock = Arc::clone(&dock);
            thread::spawn(move || {
                tid_tx.send(current_tid()).unwrap();
                dock.wait_for_truck(AN_HOUR)
            })
        };
        wait_until_asleep(tid_rx.recv().unwrap());
        dock.truck_arrives();
        waiter.join().unwrap()
    });
    assert_eq!(outcome, Outcome::Finished(true));
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
    let outcome = watchdog(PATIENCE, || {
        let loaded = Arc::new(AtomicBool::new(false));
        let (tid_tx, tid_rx) = mpsc::channel();
        let waiter = {
            let loaded = Arc::clone(&loaded);
            thread::spawn(move || {
                tid_tx.send(current_tid()).unwrap();
                wait_for_flag(&loaded, AN_HOUR)
            })
        };
        wait_until_asleep(tid_rx.recv().unwrap());
        raise_flag(&loaded, waiter.thread());
        waiter.join().unwrap()
    });
    assert_eq!(outcome, Outcome::Finished(true));
}
