//! Loom models of `BoundedQueue`. Loom runs each model under every
//! interleaving of its threads that needs at most `LOOM_MAX_PREEMPTIONS`
//! forced preemptions (3 in CI), not under every interleaving there is.
//! That covers a notification sent before the other thread waits, and one
//! that arrives after the item it announced was already taken; loom reports
//! a deadlock if every thread ends up asleep, which is what a lost wake-up
//! looks like. Loom never wakes a `Condvar` spuriously (its `wait` returns
//! only after a `notify_*`), so these models do not test the predicate loops
//! against spurious wake-ups, only against early and stale notifications.
//! Deleting any `notify_*` call in `BoundedQueue`, or turning either `while`
//! into an `if`, makes a model here fail.
//!
//! Run with
//! `cargo xtask loom shared-state` (release mode, `--cfg loom`,
//! `LOOM_MAX_PREEMPTIONS=3`, builds in `target/loom`).
#![cfg(loom)]

use loom::sync::Arc;
use loom::thread;
use shared_state::BoundedQueue;

/// A producer pushes two orders through a queue with room for one, so it
/// must sleep on `not_full`; the consumer gets both, in order.
#[test]
fn producer_waits_for_room() {
    loom::model(|| {
        let queue = Arc::new(BoundedQueue::new(1));
        let producer = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || {
                queue.push(1).unwrap();
                queue.push(2).unwrap();
            })
        };
        assert_eq!(queue.pop(), Some(1));
        assert_eq!(queue.pop(), Some(2));
        producer.join().unwrap();
    });
}

/// A consumer that may already be asleep on `not_empty` is woken by
/// `close` and sees the queue drained, never a lost item.
#[test]
fn close_wakes_the_consumer() {
    loom::model(|| {
        let queue = Arc::new(BoundedQueue::new(1));
        let consumer = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || {
                let mut taken = Vec::new();
                while let Some(order) = queue.pop() {
                    taken.push(order);
                }
                taken
            })
        };
        queue.push(7).unwrap();
        queue.close();
        assert_eq!(consumer.join().unwrap(), [7]);
    });
}

/// A producer that may already be asleep on `not_full` (the queue holds
/// one order and has room for one) is woken by `close` and gets its order
/// back.
#[test]
fn close_wakes_the_producer() {
    loom::model(|| {
        let queue = Arc::new(BoundedQueue::new(1));
        queue.push(1).unwrap();
        let producer = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || queue.push(2))
        };
        queue.close();
        assert_eq!(producer.join().unwrap(), Err(2));
        assert_eq!(queue.pop(), Some(1));
        assert_eq!(queue.pop(), None);
    });
}

/// Two producers and a queue with room for one: a producer woken on
/// `not_full` can find the slot taken again by the other producer, which
/// got the lock first (a stale notification). Its `while` loop must go
/// back to sleep; an `if` would push past the capacity, which the consumer
/// notices through `len`.
#[test]
fn a_stale_wake_up_never_overfills() {
    loom::model(|| {
        let queue = Arc::new(BoundedQueue::new(1));
        let producers: Vec<_> = [vec![1, 2], vec![3]]
            .into_iter()
            .map(|orders| {
                let queue = Arc::clone(&queue);
                thread::spawn(move || {
                    for order in orders {
                        queue.push(order).unwrap();
                    }
                })
            })
            .collect();
        let mut taken = Vec::new();
        for _ in 0..3 {
            assert!(queue.len() <= 1, "a push went past the capacity");
            taken.push(queue.pop().unwrap());
        }
        for producer in producers {
            producer.join().unwrap();
        }
        taken.sort_unstable();
        assert_eq!(taken, [1, 2, 3]);
    });
}
