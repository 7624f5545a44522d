//! Tests of the bounded MPMC queue, run against both steps: the same
//! algorithm, with and without padding between `head` and `tail`. Small
//! under Miri (`cargo xtask miri lock-free-structures`).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A value that counts its drops, to check the queue drops each value it
/// holds exactly once and never one it gave away.
#[derive(Debug)]
struct DropCounter(Arc<AtomicUsize>);

impl Drop for DropCounter {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

/// Items each producer pushes in the two-producer, two-consumer test.
const ITEMS_PER_PRODUCER: usize = if cfg!(miri) { 40 } else { 20_000 };
/// Laps around the ring in the wrap-around test.
const LAPS: usize = if cfg!(miri) { 10 } else { 1_000 };

macro_rules! queue_tests {
    ($step:ident) => {
        mod $step {
            use super::*;
            use lock_free_structures::$step::BoundedQueue;
            use std::sync::mpsc;
            use std::time::Duration;

            #[test]
            fn fifo_on_one_thread() {
                let queue = BoundedQueue::new(8);
                assert_eq!(queue.capacity(), 8);
                for order in 0..5 {
                    queue.try_push(order).unwrap();
                }
                let popped: Vec<i32> =
                    std::iter::from_fn(|| queue.try_pop()).collect();
                assert_eq!(popped, [0, 1, 2, 3, 4]);
            }

            #[test]
            fn full_gives_the_value_back_and_empty_gives_none() {
                let queue = BoundedQueue::new(4);
                assert_eq!(queue.try_pop(), None);
                for ticket in 0..4 {
                    assert_eq!(queue.try_push(ticket), Ok(()));
                }
                assert_eq!(queue.try_push(99), Err(99));
                assert_eq!(queue.try_pop(), Some(0));
                // One slot free again: exactly one push fits.
                assert_eq!(queue.try_push(4), Ok(()));
                assert_eq!(queue.try_push(100), Err(100));
                let rest: Vec<i32> =
                    std::iter::from_fn(|| queue.try_pop()).collect();
                assert_eq!(rest, [1, 2, 3, 4]);
                assert_eq!(queue.try_pop(), None);
            }

            #[test]
            fn wraps_around_the_ring_many_times() {
                let queue = BoundedQueue::new(4);
                let mut next_in = 0;
                let mut next_out = 0;
                for lap in 0..LAPS {
                    // Vary the fill level so head and tail land on every
                    // slot, with the queue full on some laps.
                    for _ in 0..(lap % 4 + 1) {
                        queue.try_push(next_in).unwrap();
                        next_in += 1;
                    }
                    while let Some(value) = queue.try_pop() {
                        assert_eq!(value, next_out);
                        next_out += 1;
                    }
                }
                assert_eq!(next_out, next_in);
            }

            #[test]
            fn counters_wrap_around_usize_max() {
                // Eleven positions before the counters overflow: the
                // rounds below cross `usize::MAX` on the way.
                let queue = BoundedQueue::starting_at(4, usize::MAX - 10);
                let mut next_in = 0;
                let mut next_out = 0;
                for round in 0..12 {
                    for _ in 0..(round % 4 + 1) {
                        queue.try_push(next_in).unwrap();
                        next_in += 1;
                    }
                    if round % 4 == 3 {
                        // Full detection works across the wrap too.
                        assert_eq!(queue.try_push(-1), Err(-1));
                    }
                    while let Some(value) = queue.try_pop() {
                        assert_eq!(value, next_out);
                        next_out += 1;
                    }
                }
                assert_eq!(next_out, 30);
            }

            #[test]
            fn two_producers_two_consumers_move_each_value_once() {
                let queue = BoundedQueue::new(16);
                let total = 2 * ITEMS_PER_PRODUCER;
                let popped = AtomicUsize::new(0);
                let (done_tx, done_rx) = mpsc::channel();
                std::thread::scope(|scope| {
                    for producer in 0..2 {
                        let queue = &queue;
                        scope.spawn(move || {
                            let first = producer * ITEMS_PER_PRODUCER;
                            for mut item in first..first + ITEMS_PER_PRODUCER {
                                while let Err(back) = queue.try_push(item) {
                                    item = back;
                                    std::thread::yield_now();
                                }
                            }
                        });
                    }
                    let consumers: Vec<_> = (0..2)
                        .map(|_| {
                            let (queue, popped) = (&queue, &popped);
                            scope.spawn(move || {
                                let mut mine = Vec::new();
                                while popped.load(Ordering::Relaxed) < total {
                                    match queue.try_pop() {
                                        Some(item) => {
                                            mine.push(item);
                                            popped.fetch_add(
                                                1,
                                                Ordering::Relaxed,
                                            );
                                        }
                                        None => std::thread::yield_now(),
                                    }
                                }
                                mine
                            })
                        })
                        .collect();
                    // A watchdog: a lost value would keep the consumers
                    // looping, so fail after a minute instead of hanging.
                    let watchdog = scope.spawn(move || {
                        done_rx.recv_timeout(Duration::from_secs(60))
                    });
                    let mut all: Vec<usize> = consumers
                        .into_iter()
                        .flat_map(|consumer| consumer.join().unwrap())
                        .collect();
                    done_tx.send(()).unwrap();
                    watchdog.join().unwrap().expect("consumers finished");
                    all.sort_unstable();
                    assert_eq!(all, (0..total).collect::<Vec<_>>());
                });
                assert_eq!(queue.try_pop(), None);
            }

            #[test]
            fn drop_drops_what_is_left_once() {
                let drops = Arc::new(AtomicUsize::new(0));
                let counter = || DropCounter(Arc::clone(&drops));
                let queue = BoundedQueue::new(4);
                // Move head and tail off slot 0, so the leftovers wrap
                // around the end of the array.
                for _ in 0..3 {
                    queue.try_push(counter()).unwrap();
                    drop(queue.try_pop().unwrap());
                }
                assert_eq!(drops.load(Ordering::Relaxed), 3);
                for _ in 0..4 {
                    queue.try_push(counter()).unwrap();
                }
                // Refused: given back, not kept and not dropped by the queue.
                let refused = queue.try_push(counter()).unwrap_err();
                assert_eq!(drops.load(Ordering::Relaxed), 3);
                drop(refused);
                drop(queue.try_pop().unwrap());
                assert_eq!(drops.load(Ordering::Relaxed), 5);
                drop(queue);
                // The three left in the queue, once each.
                assert_eq!(drops.load(Ordering::Relaxed), 8);
            }

            // ANCHOR: stalled_producer
            /// The progress guarantee: a producer that has claimed slot 0
            /// (its CAS on `tail` succeeded) but not yet published it keeps
            /// every consumer out of the queue, although a later push has
            /// finished and its value is in the queue.
            #[test]
            fn a_stalled_producer_blocks_the_consumers() {
                let queue = BoundedQueue::new(4);
                let (claimed_tx, claimed_rx) = mpsc::channel();
                let (resume_tx, resume_rx) = mpsc::channel::<()>();
                std::thread::scope(|scope| {
                    let stalled = scope.spawn(|| {
                        queue.try_push_with_pause("first", move || {
                            claimed_tx.send(()).unwrap();
                            // A stall as long as the test wants: until it
                            // sends (or drops `resume_tx`).
                            let _ = resume_rx.recv();
                        })
                    });
                    claimed_rx
                        .recv_timeout(Duration::from_secs(10))
                        .expect("the producer claimed a slot");
                    // A second producer is not held up: it takes slot 1.
                    assert_eq!(queue.try_push("second"), Ok(()));
                    // "second" is in the queue, but the next pop is at
                    // slot 0, whose sequence still says "empty".
                    for _ in 0..3 {
                        assert_eq!(queue.try_pop(), None);
                    }
                    resume_tx.send(()).unwrap();
                    assert_eq!(stalled.join().unwrap(), Ok(()));
                });
                assert_eq!(queue.try_pop(), Some("first"));
                assert_eq!(queue.try_pop(), Some("second"));
                assert_eq!(queue.try_pop(), None);
            }
            // ANCHOR_END: stalled_producer

            #[test]
            fn pause_does_not_run_when_full() {
                let queue = BoundedQueue::new(2);
                queue.try_push(1).unwrap();
                queue.try_push(2).unwrap();
                let result = queue.try_push_with_pause(3, || {
                    panic!("pause ran for a push that claimed nothing")
                });
                assert_eq!(result, Err(3));
            }

            #[test]
            #[should_panic(expected = "power of two and at least 2, got 1")]
            fn capacity_one_panics() {
                BoundedQueue::<u8>::new(1);
            }

            #[test]
            #[should_panic(expected = "power of two and at least 2, got 0")]
            fn capacity_zero_panics() {
                BoundedQueue::<u8>::new(0);
            }

            #[test]
            #[should_panic(expected = "power of two and at least 2, got 12")]
            fn capacity_not_a_power_of_two_panics() {
                BoundedQueue::<u8>::new(12);
            }

            #[test]
            fn send_and_sync_need_only_t_send() {
                use std::cell::Cell;
                use std::rc::Rc;
                // `Cell` is Send but not Sync: values move, never shared.
                assert!(test_support::is_sync!(BoundedQueue<Cell<u8>>));
                assert!(test_support::is_send!(BoundedQueue<Cell<u8>>));
                assert!(!test_support::is_send!(BoundedQueue<Rc<u8>>));
                assert!(!test_support::is_sync!(BoundedQueue<Rc<u8>>));
            }
        }
    };
}

queue_tests!(mpmc_step1);
queue_tests!(mpmc_step2_padded);

#[test]
fn step2_counters_are_128_bytes_apart() {
    use lock_free_structures::mpmc_step2_padded::{BoundedQueue, CachePadded};
    assert_eq!(std::mem::align_of::<CachePadded<AtomicUsize>>(), 128);
    assert_eq!(std::mem::size_of::<CachePadded<AtomicUsize>>(), 128);
    let queue = BoundedQueue::<u64>::new(4);
    let (head, tail) = queue.counter_addresses();
    assert_eq!(head % 128, 0);
    assert_eq!(tail % 128, 0);
    assert!(head.abs_diff(tail) >= 128);
}
