//! Tests for the library's `BoundedQueue` and for the page's `OrderQueue`
//! (`examples/bounded_queue.rs`, included as a module). Every test that
//! could block forever if the queue were wrong runs under the watchdog.
//!
//! The wake-up tests make the thread to be woken fall asleep first (see
//! `common::wait_until_asleep`), so that a missing `notify_*` call leaves it
//! asleep for good and the watchdog fails the test.
#![cfg(not(loom))]

#[path = "../examples/bounded_queue.rs"]
#[allow(dead_code)]
mod bounded_queue;
mod common;

use bounded_queue::OrderQueue;
use common::{current_tid, wait_until_asleep};
use shared_state::{BoundedQueue, Outcome, watchdog};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;

const PATIENCE: Duration = Duration::from_secs(10);
const ORDERS: u32 = if cfg!(miri) { 20 } else { 2_000 };
const THREADS: u32 = if cfg!(miri) { 2 } else { 4 };

#[test]
fn first_in_first_out_on_one_thread() {
    let queue = BoundedQueue::new(3);
    for order in [17, 18, 19] {
        queue.push(order).unwrap();
    }
    assert_eq!(queue.len(), 3);
    assert_eq!(queue.pop(), Some(17));
    assert_eq!(queue.pop(), Some(18));
    queue.close();
    assert_eq!(queue.push(20), Err(20), "a closed queue takes nothing");
    assert_eq!(queue.pop(), Some(19), "a closed queue drains");
    assert_eq!(queue.pop(), None);
    assert!(queue.is_empty());
}

#[test]
fn every_order_arrives_exactly_once() {
    let outcome = watchdog(PATIENCE, || {
        let queue = Arc::new(BoundedQueue::new(2));
        let producers: Vec<_> = (0..THREADS)
            .map(|p| {
                let queue = Arc::clone(&queue);
                thread::spawn(move || {
                    for n in 0..ORDERS {
                        queue.push(p * ORDERS + n).unwrap();
                    }
                })
            })
            .collect();
        let consumers: Vec<_> = (0..THREADS)
            .map(|_| {
                let queue = Arc::clone(&queue);
                thread::spawn(move || {
                    let mut taken = Vec::new();
                    while let Some(order) = queue.pop() {
                        taken.push(order);
                    }
                    taken
                })
            })
            .collect();
        for producer in producers {
            producer.join().unwrap();
        }
        queue.close();
        let mut all: Vec<u32> = consumers
            .into_iter()
            .flat_map(|c| c.join().unwrap())
            .collect();
        all.sort_unstable();
        all
    });
    let expected: Vec<u32> = (0..THREADS * ORDERS).collect();
    assert_eq!(outcome, Outcome::Finished(expected));
}

#[test]
fn one_producer_keeps_its_order() {
    let outcome = watchdog(PATIENCE, || {
        let queue = Arc::new(BoundedQueue::new(1));
        let consumer = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || {
                std::iter::from_fn(|| queue.pop()).collect::<Vec<u32>>()
            })
        };
        for order in 0..ORDERS {
            queue.push(order).unwrap();
        }
        queue.close();
        consumer.join().unwrap()
    });
    assert_eq!(outcome, Outcome::Finished((0..ORDERS).collect()));
}

#[test]
fn close_wakes_a_waiting_consumer_and_a_waiting_producer() {
    let outcome = watchdog(PATIENCE, || {
        let empty = Arc::new(BoundedQueue::<u32>::new(1));
        let full = Arc::new(BoundedQueue::new(1));
        full.push(1).unwrap();
        let (consumer, consumer_tid) = spawn_reporting({
            let empty = Arc::clone(&empty);
            move || empty.pop()
        });
        let (producer, producer_tid) = spawn_reporting({
            let full = Arc::clone(&full);
            move || full.push(2)
        });
        // Close must reach them asleep: wait until both are.
        wait_until_asleep(consumer_tid);
        wait_until_asleep(producer_tid);
        empty.close();
        full.close();
        (consumer.join().unwrap(), producer.join().unwrap())
    });
    assert_eq!(outcome, Outcome::Finished((None, Err(2))));
}

/// Spawns `work` on a thread that first reports its kernel id, and returns
/// the handle and the id.
fn spawn_reporting<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> (thread::JoinHandle<T>, Option<u32>) {
    let (id_tx, id_rx) = mpsc::channel();
    let handle = thread::spawn(move || {
        id_tx.send(current_tid()).unwrap();
        work()
    });
    (handle, id_rx.recv().unwrap())
}

#[test]
fn order_queue_delivers_every_order_exactly_once() {
    let outcome = watchdog(PATIENCE, || {
        let queue = Arc::new(OrderQueue::new(2));
        let consumers: Vec<_> = (0..THREADS)
            .map(|_| {
                let queue = Arc::clone(&queue);
                thread::spawn(move || {
                    std::iter::from_fn(|| queue.pop()).collect::<Vec<u32>>()
                })
            })
            .collect();
        for order in 0..ORDERS {
            queue.push(order).unwrap();
        }
        queue.close();
        let mut all: Vec<u32> = consumers
            .into_iter()
            .flat_map(|c| c.join().unwrap())
            .collect();
        all.sort_unstable();
        all
    });
    assert_eq!(outcome, Outcome::Finished((0..ORDERS).collect()));
}

#[test]
fn order_queue_push_wakes_a_sleeping_consumer() {
    let outcome = watchdog(PATIENCE, || {
        let queue = Arc::new(OrderQueue::new(1));
        let (consumer, tid) = spawn_reporting({
            let queue = Arc::clone(&queue);
            move || queue.pop()
        });
        wait_until_asleep(tid); // in `pop`, on `not_empty`
        queue.push(5).unwrap();
        consumer.join().unwrap()
    });
    assert_eq!(outcome, Outcome::Finished(Some(5)));
}

#[test]
fn order_queue_pop_wakes_a_sleeping_producer() {
    let outcome = watchdog(PATIENCE, || {
        let queue = Arc::new(OrderQueue::new(1));
        queue.push(1).unwrap();
        let (producer, tid) = spawn_reporting({
            let queue = Arc::clone(&queue);
            move || queue.push(2)
        });
        wait_until_asleep(tid); // in `push`, on `not_full`
        let first = queue.pop();
        producer.join().unwrap().unwrap();
        (first, queue.pop())
    });
    assert_eq!(outcome, Outcome::Finished((Some(1), Some(2))));
}

#[test]
fn order_queue_close_wakes_a_sleeping_consumer() {
    let outcome = watchdog(PATIENCE, || {
        let queue = Arc::new(OrderQueue::new(1));
        let (consumer, tid) = spawn_reporting({
            let queue = Arc::clone(&queue);
            move || queue.pop()
        });
        wait_until_asleep(tid);
        queue.close();
        consumer.join().unwrap()
    });
    assert_eq!(outcome, Outcome::Finished(None));
}

#[test]
fn order_queue_close_wakes_a_sleeping_producer_and_refuses_pushes() {
    let outcome = watchdog(PATIENCE, || {
        let queue = Arc::new(OrderQueue::new(1));
        queue.push(1).unwrap();
        let (producer, tid) = spawn_reporting({
            let queue = Arc::clone(&queue);
            move || queue.push(2)
        });
        wait_until_asleep(tid);
        queue.close();
        let blocked_push = producer.join().unwrap();
        (blocked_push, queue.push(3), queue.pop(), queue.pop())
    });
    assert_eq!(outcome, Outcome::Finished((Err(2), Err(3), Some(1), None)));
}
