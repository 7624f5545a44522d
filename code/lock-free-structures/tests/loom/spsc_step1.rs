//! Loom models of step 1 of the SPSC ring, on a ring of two slots. Values
//! move through the ring's loom `UnsafeCell` slots, so a read of a slot
//! that its push did not publish, or a push that overwrites a slot the
//! consumer may still be reading, is a concurrent access loom reports.

use lock_free_structures::spsc_step1::{Producer, ring};
use loom::thread;

/// Pushes `value`, yielding to the consumer while the ring is full.
fn push(producer: &Producer<u32>, mut value: u32) {
    while let Err(back) = producer.try_push(value) {
        value = back;
        thread::yield_now();
    }
}

/// Three values through two slots, each end on its own thread: the third
/// push reuses slot 0 after the consumer's read of it, and the consumer
/// sees all three in order.
#[test]
fn push_and_pop_wrap_a_ring_of_two() {
    loom::model(|| {
        let (producer, consumer) = ring::<u32>(2);
        let producer = thread::spawn(move || {
            for value in 1..=3 {
                push(&producer, value);
            }
        });
        let consumer = thread::spawn(move || {
            let mut seen = Vec::new();
            while seen.len() < 3 {
                match consumer.try_pop() {
                    Some(value) => seen.push(value),
                    None => thread::yield_now(),
                }
            }
            seen
        });
        producer.join().unwrap();
        assert_eq!(consumer.join().unwrap(), [1, 2, 3]);
    });
}

/// A full ring and one pop racing one push: the push is refused (and gets
/// its value back) or, once the pop has freed slot 0, writes there. The
/// popper is spawned first: loom's first run of a model runs the threads
/// in the order they were spawned, and when the pusher ran first, loom
/// never tried the order in which its push succeeds (we checked by
/// making that branch panic).
#[test]
fn a_push_into_a_full_ring_races_a_pop() {
    loom::model(|| {
        let (producer, consumer) = ring::<u32>(2);
        producer.try_push(1).unwrap();
        producer.try_push(2).unwrap();
        let popper = thread::spawn(move || {
            let first = consumer.try_pop();
            (first, consumer)
        });
        let pusher = thread::spawn(move || producer.try_push(3));
        let (first, consumer) = popper.join().unwrap();
        let pushed = pusher.join().unwrap();
        assert_eq!(first, Some(1));
        let rest: Vec<u32> =
            std::iter::from_fn(|| consumer.try_pop()).collect();
        match pushed {
            Ok(()) => assert_eq!(rest, [2, 3]),
            Err(back) => {
                assert_eq!(back, 3, "a refused push hands its value back");
                assert_eq!(rest, [2]);
            }
        }
    });
}

/// An empty ring and one pop racing one push: the pop finds nothing or
/// the pushed value. Each end is dropped on its own thread, so whichever
/// goes last drops a value left in the ring; loom checks that drop's slot
/// access too. Both ends run on threads of their own: a panic on the
/// model's main thread while another still runs aborts the test binary
/// instead of failing the test.
#[test]
fn a_pop_from_an_empty_ring_races_a_push() {
    loom::model(|| {
        let (producer, consumer) = ring::<Box<u32>>(2);
        let popper = thread::spawn(move || consumer.try_pop().map(|b| *b));
        let pusher = thread::spawn(move || producer.try_push(Box::new(7)));
        assert!(pusher.join().unwrap().is_ok());
        let popped = popper.join().unwrap();
        assert!(popped.is_none() || popped == Some(7), "{popped:?}");
    });
}
