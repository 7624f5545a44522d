//! Loom models of `BoundedQueue`: loom runs each model under every
//! interleaving of its threads (up to `LOOM_MAX_PREEMPTIONS`), including
//! spurious wake-ups, and reports a deadlock if all threads end up asleep.
//! Run with
//! `RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=3 CARGO_TARGET_DIR=target/loom cargo test -p shared-state --release --test loom`.
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
