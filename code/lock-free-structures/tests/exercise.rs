//! The exercise's tests. Run them with
//! `cargo test -p lock-free-structures --test exercise`.
//!
//! The tests on one thread check what the ring does and, through
//! `index_loads()`, that each side loads the other side's index only when
//! its cache says full (the producer) or empty (the consumer). The test
//! with two threads runs under `test_support::watchdog`, in a process of
//! its own, so a side that never refreshes its cache, and waits forever,
//! is reported as a hang instead of hanging. Miri runs them too (`cargo
//! xtask miri lock-free-structures --exercise`), with fewer values. The
//! loom models at the end check the same code with loom: `cargo xtask
//! loom lock-free-structures --exercise`.

#[cfg(not(loom))]
mod threads {
    use lock_free_structures::exercise::{Consumer, Producer, ring};
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

    fn dropped(drops: &AtomicUsize) -> usize {
        drops.load(Ordering::Relaxed)
    }

    #[test]
    fn values_come_out_in_the_order_they_went_in() {
        let (producer, consumer) = ring(8);
        for value in 0..5 {
            producer.try_push(value).unwrap();
        }
        let popped: Vec<i32> =
            std::iter::from_fn(|| consumer.try_pop()).collect();
        assert_eq!(popped, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn a_full_ring_hands_the_value_back() {
        let (producer, _consumer) = ring(4);
        for value in 0..4 {
            assert_eq!(producer.try_push(value), Ok(()));
        }
        assert_eq!(producer.try_push(4), Err(4), "four slots, four values");
        assert_eq!(producer.try_push(5), Err(5), "and still full");
    }

    /// The cache says full; the consumer has freed slots since. A producer
    /// that trusts its cache without reloading `head` would refuse.
    #[test]
    fn a_push_succeeds_once_the_consumer_has_freed_slots() {
        let (producer, consumer) = ring(4);
        for value in 0..4 {
            producer.try_push(value).unwrap();
        }
        assert_eq!(producer.try_push(4), Err(4));
        assert_eq!(consumer.try_pop(), Some(0));
        assert_eq!(consumer.try_pop(), Some(1));
        assert_eq!(
            producer.try_push(4),
            Ok(()),
            "two slots are free: when cached_head says full, load head again"
        );
        assert_eq!(producer.try_push(5), Ok(()));
        assert_eq!(producer.try_push(6), Err(6));
        let popped: Vec<i32> =
            std::iter::from_fn(|| consumer.try_pop()).collect();
        assert_eq!(popped, [2, 3, 4, 5]);
    }

    #[test]
    fn an_empty_ring_pops_none() {
        let (_producer, consumer) = ring::<u8>(2);
        assert_eq!(consumer.try_pop(), None);
        assert_eq!(consumer.try_pop(), None);
    }

    /// The cache says empty; the producer has pushed since. A consumer
    /// that trusts its cache without reloading `tail` would find nothing.
    #[test]
    fn a_pop_succeeds_once_the_producer_has_pushed_more() {
        let (producer, consumer) = ring(4);
        assert_eq!(consumer.try_pop(), None);
        producer.try_push('a').unwrap();
        producer.try_push('b').unwrap();
        assert_eq!(
            consumer.try_pop(),
            Some('a'),
            "a value is there: when cached_tail says empty, load tail again"
        );
        assert_eq!(consumer.try_pop(), Some('b'));
        assert_eq!(consumer.try_pop(), None);
    }

    #[test]
    fn the_indices_wrap_around_the_ring_many_times() {
        let (producer, consumer) = ring(4);
        let mut next_in = 0_u32;
        let mut next_out = 0_u32;
        // Three in, three out: each round starts one slot further on.
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
    fn leftover_values_are_dropped_once_with_the_ring() {
        let drops = AtomicUsize::new(0);
        let (producer, consumer) = ring(4);
        for label in 0..4 {
            assert!(producer.try_push(Parcel::new(label, &drops)).is_ok());
        }
        // A refused value comes back to us, and we drop it: one drop.
        drop(producer.try_push(Parcel::new(4, &drops)));
        assert_eq!(dropped(&drops), 1);
        let first = consumer.try_pop().expect("the ring holds four");
        assert_eq!(first.label, "0");
        drop(first);
        assert_eq!(dropped(&drops), 2);
        drop(consumer);
        assert_eq!(dropped(&drops), 2, "the producer still holds the ring");
        drop(producer);
        assert_eq!(
            dropped(&drops),
            5,
            "the three values left are dropped with the ring, once each"
        );
    }

    /// Half a ring in, half a ring out, many times over: the ring never
    /// fills and empties only between batches, so each side needs to load
    /// the other side's index about once per batch, not once per value.
    #[test]
    fn the_cache_keeps_loads_of_the_other_index_rare() {
        let (capacity, rounds) =
            if cfg!(miri) { (64, 20) } else { (1024, 200) };
        let batch = capacity / 2;
        let (producer, consumer) = ring(capacity);
        let mut next_out = 0;
        for round in 0..rounds {
            for value in round * batch..(round + 1) * batch {
                producer.try_push(value).unwrap();
            }
            for _ in 0..batch {
                assert_eq!(consumer.try_pop(), Some(next_out));
                next_out += 1;
            }
        }
        let operations = 2 * rounds * batch;
        assert!(
            producer.index_loads() <= rounds,
            "the producer loaded head {} times in {} pushes: load it only \
             when cached_head says the ring is full",
            producer.index_loads(),
            rounds * batch
        );
        assert!(
            consumer.index_loads() <= rounds,
            "the consumer loaded tail {} times in {} pops: load it only \
             when cached_tail says the ring is empty",
            consumer.index_loads(),
            rounds * batch
        );
        assert!(producer.index_loads() + consumer.index_loads() < operations);
    }

    /// A producer thread pushes `VALUES` parcels while a consumer thread
    /// pops them: every one arrives, in order and whole, and is dropped
    /// once.
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
            assert_eq!(dropped(drops), VALUES);
        });
    }

    /// Each end may move to another thread when `T` may, and neither may
    /// be shared: a shared `&Producer` would let two threads push at once.
    // starter passes: the unsafe impls are given, in exercise/ring.rs
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
}

/// The exercise's loom models, on a ring of two slots. Loom runs each
/// under every interleaving of its threads (up to `LOOM_MAX_PREEMPTIONS`
/// preemptions) and checks every access to the ring's slots, which are
/// loom `UnsafeCell`s: a pop that reads a slot its push did not publish,
/// or a push that overwrites a slot the consumer may still be reading, is
/// a concurrent access, which loom reports.
#[cfg(loom)]
mod models {
    use lock_free_structures::exercise::{Producer, ring};
    use loom::thread;

    /// Pushes `value`, yielding to the consumer while the ring is full.
    fn push(producer: &Producer<u32>, mut value: u32) {
        while let Err(back) = producer.try_push(value) {
            value = back;
            thread::yield_now();
        }
    }

    /// Three values through two slots: the third push finds the ring full
    /// by its cache, must reload `head`, and reuses slot 0 after the
    /// consumer's read of it. Each end runs on a thread of its own: a
    /// panic on the model's main thread while others still run would
    /// abort the test binary instead of failing the test.
    #[test]
    fn loom_three_values_through_two_slots() {
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

    /// A full ring, one pop racing one push: the push is refused, or it
    /// reloads `head`, sees the freed slot and writes there. (The popper
    /// is spawned first: with the pusher first, loom never tried the order
    /// in which the push succeeds.) A `try_push` that never reloads passes
    /// this model, since a refusal is allowed: the model above, and the
    /// test `a_push_succeeds_once_the_consumer_has_freed_slots`, catch it.
    #[test]
    fn loom_a_push_into_a_full_ring_races_a_pop() {
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
                    assert_eq!(back, 3);
                    assert_eq!(rest, [2]);
                }
            }
        });
    }
}
