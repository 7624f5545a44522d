//! Tests for `BoundedQueue`. Every test that could block forever if the
//! queue were wrong runs under the watchdog.
#![cfg(not(loom))]

use shared_state::{BoundedQueue, Outcome, watchdog};
use std::sync::Arc;
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
            thread::spawn(move || std::iter::from_fn(|| queue.pop()).collect::<Vec<u32>>())
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
        let consumer = {
            let empty = Arc::clone(&empty);
            thread::spawn(move || empty.pop())
        };
        let producer = {
            let full = Arc::clone(&full);
            thread::spawn(move || full.push(2))
        };
        // Whether they are asleep yet or not, close must reach them.
        empty.close();
        full.close();
        (consumer.join().unwrap(), producer.join().unwrap())
    });
    assert_eq!(outcome, Outcome::Finished((None, Err(2))));
}
