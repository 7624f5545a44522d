//! Tests of step 1 of the SPSC ring: what it does on one thread (order,
//! full, empty, wrap-around, leftovers dropped), the capacity rule, its
//! `Send`/`Sync` promises, and a producer and a consumer thread moving
//! values through it. Miri runs them too (`cargo xtask miri
//! lock-free-structures`), with fewer values.
#![cfg(not(loom))]

use lock_free_structures::spsc_step1::{Consumer, Producer, ring};
use std::panic;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;
use test_support::watchdog;

const LIMIT: Duration = Duration::from_secs(60);
/// Values in the two-thread test; Miri is slow.
const VALUES: usize = if cfg!(miri) { 200 } else { 100_000 };

/// Counts its drops, so a test can see each value dropped exactly once.
struct Parcel<'a> {
    /// On the heap, so Miri checks every read of it.
    label: String,
    drops: &'a AtomicUsize,
}

impl<'a> Parcel<'a> {
    fn new(label: usize, drops: &'a AtomicUsize) -> Self {
        Self {
            label: label.to_string(),
            drops,
        }
    }
}

impl Drop for Parcel<'_> {
    fn drop(&mut self) {
        self.drops.fetch_add(1, Ordering::Relaxed);
    }
}

#[test]
fn values_come_out_in_the_order_they_went_in() {
    let (producer, consumer) = ring(8);
    for value in 0..5 {
        producer.try_push(value).unwrap();
    }
    let popped: Vec<i32> = std::iter::from_fn(|| consumer.try_pop()).collect();
    assert_eq!(popped, [0, 1, 2, 3, 4]);
}

#[test]
fn a_full_ring_hands_the_value_back() {
    let (producer, consumer) = ring(4);
    for value in 0..4 {
        assert_eq!(producer.try_push(value), Ok(()));
    }
    assert_eq!(producer.try_push(4), Err(4), "four slots, four values");
    assert_eq!(consumer.try_pop(), Some(0));
    assert_eq!(producer.try_push(4), Ok(()), "a pop frees a slot");
    assert_eq!(producer.try_push(5), Err(5));
}

#[test]
fn an_empty_ring_pops_none() {
    let (producer, consumer) = ring::<u8>(2);
    assert_eq!(consumer.try_pop(), None);
    producer.try_push(7).unwrap();
    assert_eq!(consumer.try_pop(), Some(7));
    assert_eq!(consumer.try_pop(), None);
}

#[test]
fn the_indices_wrap_around_the_ring_many_times() {
    let (producer, consumer) = ring(4);
    let mut next_in = 0_u32;
    let mut next_out = 0_u32;
    // Three in, three out: each round starts one slot further on, so
    // every slot is used at every position of a batch.
    for _ in 0..1_000 {
        for _ in 0..3 {
            producer.try_push(next_in).unwrap();
            next_in += 1;
        }
        for _ in 0..3 {
            assert_eq!(consumer.try_pop(), Some(next_out));
            next_out += 1;
        }
    }
    assert_eq!(consumer.try_pop(), None);
}

#[test]
fn a_capacity_of_one_works() {
    let (producer, consumer) = ring(1);
    assert_eq!(producer.try_push('a'), Ok(()));
    assert_eq!(producer.try_push('b'), Err('b'));
    assert_eq!(consumer.try_pop(), Some('a'));
    assert_eq!(producer.try_push('b'), Ok(()));
    assert_eq!(consumer.try_pop(), Some('b'));
}

#[test]
fn leftover_values_are_dropped_once_with_the_ring() {
    let drops = AtomicUsize::new(0);
    let (producer, consumer) = ring(4);
    for label in 0..4 {
        assert!(producer.try_push(Parcel::new(label, &drops)).is_ok());
    }
    // A refused value comes back to us, and we drop it: one drop.
    drop(producer.try_push(Parcel::new(4, &drops)));
    assert_eq!(drops.load(Ordering::Relaxed), 1);
    let first = consumer.try_pop().unwrap();
    assert_eq!(first.label, "0");
    drop(first);
    assert_eq!(drops.load(Ordering::Relaxed), 2);
    drop(consumer);
    assert_eq!(
        drops.load(Ordering::Relaxed),
        2,
        "the producer still holds the ring"
    );
    drop(producer);
    assert_eq!(
        drops.load(Ordering::Relaxed),
        5,
        "the three values left in the ring are dropped with it, once each"
    );
}

#[test]
fn the_consumer_dropped_last_drops_the_leftovers() {
    let drops = AtomicUsize::new(0);
    let (producer, consumer) = ring(2);
    assert!(producer.try_push(Parcel::new(0, &drops)).is_ok());
    drop(producer);
    assert_eq!(drops.load(Ordering::Relaxed), 0);
    drop(consumer);
    assert_eq!(drops.load(Ordering::Relaxed), 1);
}

#[test]
fn a_capacity_that_is_not_a_power_of_two_is_refused() {
    for capacity in [0, 3, 1000] {
        let refused = panic::catch_unwind(|| ring::<u8>(capacity));
        let message = refused.expect_err("the capacity was accepted");
        let message = message
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default();
        assert!(
            message.contains("power of two")
                && message.contains(&capacity.to_string()),
            "{message}"
        );
    }
}

/// Each end may move to another thread when `T` may, and neither may be
/// shared: a shared `&Producer` would let two threads push at once.
#[test]
fn each_end_is_send_and_not_sync() {
    assert!(test_support::is_send!(Producer<String>));
    assert!(test_support::is_send!(Consumer<String>));
    assert!(!test_support::is_sync!(Producer<String>));
    assert!(!test_support::is_sync!(Consumer<String>));
    type Local = std::rc::Rc<u8>;
    assert!(!test_support::is_send!(Producer<Local>));
    assert!(!test_support::is_send!(Consumer<Local>));
}

/// A producer thread pushes `VALUES` parcels while a consumer thread pops
/// them: every one arrives, in order and whole, and is dropped once.
#[test]
fn a_producer_thread_and_a_consumer_thread_move_every_value_in_order() {
    watchdog(LIMIT, || {
        let drops = &AtomicUsize::new(0);
        let (producer, consumer) = ring(16);
        // Each end moves to its thread: neither is `Sync`, so a scoped
        // thread cannot borrow one.
        let consumer = thread::scope(|scope| {
            scope.spawn(move || {
                for label in 0..VALUES {
                    let mut parcel = Parcel::new(label, drops);
                    while let Err(back) = producer.try_push(parcel) {
                        parcel = back;
                        std::hint::spin_loop();
                    }
                }
            });
            let consumer = scope.spawn(move || {
                for expected in 0..VALUES {
                    let parcel = loop {
                        match consumer.try_pop() {
                            Some(parcel) => break parcel,
                            None => std::hint::spin_loop(),
                        }
                    };
                    assert_eq!(parcel.label, expected.to_string());
                }
                consumer
            });
            consumer.join().unwrap()
        });
        assert!(consumer.try_pop().is_none(), "nothing more");
        drop(consumer);
        assert_eq!(drops.load(Ordering::Relaxed), VALUES);
    });
}
