//! Tests for the library's `BoundedQueue` and for the page's `OrderQueue`
//! (`examples/bounded_queue.rs`, included as a module). Every test that
//! could block forever if the queue were wrong runs under the watchdog.
//!
//! The wake-up tests make the thread to be woken fall asleep first (see
//! `test_support::Sleeper`), so that a missing `notify_*` call leaves it
//! asleep for good and the watchdog fails the test.
#![cfg(not(loom))]

#[path = "../examples/bounded_queue.rs"]
#[allow(dead_code)]
mod bounded_queue;

use bounded_queue::OrderQueue;
use shared_state::BoundedQueue;
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;
use test_support::{Sleeper, watchdog};

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
    watchdog(PATIENCE, || {
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
        let expected: Vec<u32> = (0..THREADS * ORDERS).collect();
        assert_eq!(all, expected);
    });
}

#[test]
fn one_producer_keeps_its_order() {
    watchdog(PATIENCE, || {
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
        let taken = consumer.join().unwrap();
        assert_eq!(taken, (0..ORDERS).collect::<Vec<u32>>());
    });
}

#[test]
fn close_wakes_a_waiting_consumer_and_a_waiting_producer() {
    watchdog(PATIENCE, || {
        let empty = Arc::new(BoundedQueue::<u32>::new(1));
        let full = Arc::new(BoundedQueue::new(1));
        full.push(1).unwrap();
        let (consumer, consumer_sleeper) = spawn_reporting({
            let empty = Arc::clone(&empty);
            move || empty.pop()
        });
        let (producer, producer_sleeper) = spawn_reporting({
            let full = Arc::clone(&full);
            move || full.push(2)
        });
        // Close must reach them asleep: wait until both are.
        consumer_sleeper.wait_until_asleep();
        producer_sleeper.wait_until_asleep();
        empty.close();
        full.close();
        assert_eq!(
            (consumer.join().unwrap(), producer.join().unwrap()),
            (None, Err(2))
        );
    });
}

/// Spawns `work` on a thread that first says how to watch it, and returns
/// the handle and the [`Sleeper`] for that thread.
fn spawn_reporting<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> (thread::JoinHandle<T>, Sleeper) {
    let (tell, sleeper) = mpsc::channel();
    let handle = thread::spawn(move || {
        tell.send(Sleeper::current()).unwrap();
        work()
    });
    (handle, sleeper.recv().unwrap())
}

#[test]
fn order_queue_delivers_every_order_exactly_once() {
    watchdog(PATIENCE, || {
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
        assert_eq!(all, (0..ORDERS).collect::<Vec<u32>>());
    });
}

#[test]
fn order_queue_push_wakes_a_sleeping_consumer() {
    watchdog(PATIENCE, || {
        let queue = Arc::new(OrderQueue::new(1));
        let (consumer, sleeper) = spawn_reporting({
            let queue = Arc::clone(&queue);
            move || queue.pop()
        });
        sleeper.wait_until_asleep(); // in `pop`, on `not_empty`
        queue.push(5).unwrap();
        assert_eq!(consumer.join().unwrap(), Some(5));
    });
}

#[test]
fn order_queue_pop_wakes_a_sleeping_producer() {
    watchdog(PATIENCE, || {
        let queue = Arc::new(OrderQueue::new(1));
        queue.push(1).unwrap();
        let (producer, sleeper) = spawn_reporting({
            let queue = Arc::clone(&queue);
            move || queue.push(2)
        });
        sleeper.wait_until_asleep(); // in `push`, on `not_full`
        let first = queue.pop();
        producer.join().unwrap().unwrap();
        assert_eq!((first, queue.pop()), (Some(1), Some(2)));
    });
}

#[test]
fn order_queue_close_wakes_a_sleeping_consumer() {
    watchdog(PATIENCE, || {
        let queue = Arc::new(OrderQueue::new(1));
        let (consumer, sleeper) = spawn_reporting({
            let queue = Arc::clone(&queue);
            move || queue.pop()
        });
        sleeper.wait_until_asleep();
        queue.close();
        assert_eq!(consumer.join().unwrap(), None);
    });
}

#[test]
fn order_queue_close_wakes_a_sleeping_producer_and_refuses_pushes() {
    watchdog(PATIENCE, || {
        let queue = Arc::new(OrderQueue::new(1));
        queue.push(1).unwrap();
        let (producer, sleeper) = spawn_reporting({
            let queue = Arc::clone(&queue);
            move || queue.push(2)
        });
        sleeper.wait_until_asleep();
        queue.close();
        let blocked_push = producer.join().unwrap();
        assert_eq!(
            (blocked_push, queue.push(3), queue.pop(), queue.pop()),
            (Err(2), Err(3), Some(1), None)
        );
    });
}
