//! Loom models of the bounded MPMC queue, capacity 2, for both steps (the
//! same `Ring`, so the same models). Values move through the slots' loom
//! `UnsafeCell`s: a pop that read a value before its push's write was
//! ordered before it, or a push that overwrote a slot before the previous
//! lap's pop had read it, is reported as a causality violation.

use loom::sync::Arc;
use loom::thread;

macro_rules! models {
    ($step:ident) => {
        mod $step {
            use super::*;
            use lock_free_structures::$step::BoundedQueue;

            fn drain(queue: &BoundedQueue<u32>) -> Vec<u32> {
                std::iter::from_fn(|| queue.try_pop()).collect()
            }

            /// Pops until a value comes, yielding between tries. The
            /// yields are what make loom run the other thread in between:
            /// without them it checks only the schedule in which this
            /// thread's one try comes first (and sees the empty queue).
            fn pop_until_some(queue: &BoundedQueue<u32>) -> u32 {
                loop {
                    if let Some(value) = queue.try_pop() {
                        return value;
                    }
                    thread::yield_now();
                }
            }

            /// A pop waits for a push on another thread: the value it
            /// reads must have been written before it (the push's Release
            /// store of the sequence, the pop's Acquire load).
            #[test]
            fn push_races_pop() {
                loom::model(|| {
                    let queue = Arc::new(BoundedQueue::new(2));
                    let pusher = {
                        let queue = Arc::clone(&queue);
                        thread::spawn(move || queue.try_push(7))
                    };
                    assert_eq!(pop_until_some(&queue), 7);
                    assert_eq!(pusher.join().unwrap(), Ok(()));
                    assert_eq!(queue.try_pop(), None);
                });
            }

            /// Two pushes race for the tail: both land, in different
            /// slots.
            #[test]
            fn push_races_push() {
                loom::model(|| {
                    let queue = Arc::new(BoundedQueue::new(2));
                    let pusher = {
                        let queue = Arc::clone(&queue);
                        thread::spawn(move || queue.try_push(1))
                    };
                    thread::yield_now();
                    assert_eq!(queue.try_push(2), Ok(()));
                    assert_eq!(pusher.join().unwrap(), Ok(()));
                    let mut all = drain(&queue);
                    all.sort_unstable();
                    assert_eq!(all, [1, 2]);
                });
            }

            /// Two pops race for one value: exactly one gets it.
            #[test]
            fn pop_races_pop_for_one_value() {
                loom::model(|| {
                    let queue = Arc::new(BoundedQueue::new(2));
                    queue.try_push(5).unwrap();
                    let popper = {
                        let queue = Arc::clone(&queue);
                        thread::spawn(move || queue.try_pop())
                    };
                    // Let the other pop go first in some schedules.
                    thread::yield_now();
                    let mine = queue.try_pop();
                    let theirs = popper.join().unwrap();
                    let mut all: Vec<u32> = mine.into_iter().collect();
                    all.extend(theirs);
                    assert_eq!(all, [5]);
                    assert_eq!(queue.try_pop(), None);
                });
            }

            /// A full queue: a pop empties slot 0 while a push tries to
            /// reuse it for the next lap. The push may only write once the
            /// pop's read of the old value is ordered before it.
            #[test]
            fn wrap_around_reuses_a_slot() {
                loom::model(|| {
                    let queue = Arc::new(BoundedQueue::new(2));
                    queue.try_push(1).unwrap();
                    queue.try_push(2).unwrap();
                    let popper = {
                        let queue = Arc::clone(&queue);
                        thread::spawn(move || queue.try_pop())
                    };
                    // Retry until the pop has freed slot 0 (yielding, so
                    // loom runs the pop in between).
                    let mut value = 3;
                    while let Err(back) = queue.try_push(value) {
                        value = back;
                        thread::yield_now();
                    }
                    assert_eq!(popper.join().unwrap(), Some(1));
                    assert_eq!(drain(&queue), [2, 3]);
                });
            }
        }
    };
}

models!(mpmc_step1);
models!(mpmc_step2_padded);
