//! Tests of the Treiber stack and of both steps of the slot pool: what
//! each does on one thread, a bounded stress with threads, and the ABA
//! interleaving replayed exactly with `take_with_pause`. Miri runs them
//! too (`cargo xtask miri lock-free`), with fewer rounds.

use lock_free::{Stack, pool_step1_untagged, pool_step2_tagged};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;
use test_support::watchdog;

const THREADS: usize = 2;
/// Operations per thread in the stress tests; Miri is slow.
const ROUNDS: usize = if cfg!(miri) { 30 } else { 20_000 };
const LIMIT: Duration = Duration::from_secs(60);

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn stack_is_last_in_first_out() {
    let stack = Stack::new();
    assert_eq!(stack.pop(), None);
    for order in ["soup", "steak", "pudding"] {
        stack.push(order);
    }
    assert_eq!(stack.pop(), Some("pudding"));
    stack.push("cheese");
    assert_eq!(stack.pop(), Some("cheese"));
    assert_eq!(stack.pop(), Some("steak"));
    assert_eq!(stack.pop(), Some("soup"));
    assert_eq!(stack.pop(), None);
}

#[test]
fn stack_keeps_every_popped_node_until_it_is_dropped() {
    let mut stack = Stack::new();
    for ticket in 0..5 {
        stack.push(ticket);
    }
    while stack.pop().is_some() {}
    stack.push(5);
    stack.pop();
    assert_eq!(stack.retired_len(), 6, "one retired node per pop");
}

/// Counts its drops, so the test can see that each value in the stack is
/// dropped exactly once: moved out by `pop`, or dropped by the stack's
/// `Drop`.
struct Parcel<'a> {
    drops: &'a AtomicUsize,
}

impl Drop for Parcel<'_> {
    fn drop(&mut self) {
        self.drops.fetch_add(1, Ordering::Relaxed);
    }
}

#[test]
fn stack_drops_each_value_once() {
    let drops = AtomicUsize::new(0);
    let stack = Stack::new();
    for _ in 0..4 {
        stack.push(Parcel { drops: &drops });
    }
    drop(stack.pop());
    assert_eq!(drops.load(Ordering::Relaxed), 1, "the popped value");
    drop(stack);
    assert_eq!(drops.load(Ordering::Relaxed), 4, "and the three left");
}

#[test]
fn stack_loses_and_duplicates_nothing_under_threads() {
    watchdog(LIMIT, || {
        let stack = Stack::new();
        let popped: Vec<Vec<usize>> = thread::scope(|scope| {
            let workers: Vec<_> = (0..THREADS)
                .map(|worker| {
                    let stack = &stack;
                    scope.spawn(move || {
                        let mut mine = Vec::new();
                        for round in 0..ROUNDS {
                            stack.push(worker * ROUNDS + round);
                            if round % 2 == 1 {
                                mine.extend(stack.pop());
                            }
                        }
                        mine
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        let mut all: Vec<usize> = popped.into_iter().flatten().collect();
        all.extend(std::iter::from_fn(|| stack.pop()));
        all.sort_unstable();
        let expected: Vec<usize> = (0..THREADS * ROUNDS).collect();
        assert!(all == expected, "a value was lost or popped twice");
    });
}

#[test]
fn stack_and_pools_are_send_and_sync() {
    assert_send_sync::<Stack<String>>();
    assert_send_sync::<pool_step1_untagged::SlotPool>();
    assert_send_sync::<pool_step2_tagged::SlotPool>();
}

/// What `take` hands out on one thread, for either step.
macro_rules! pool_basics {
    ($name:ident, $pool:ty) => {
        #[test]
        fn $name() {
            let pool = <$pool>::new(3);
            assert_eq!(pool.capacity(), 3);
            let taken: Vec<u32> = std::iter::from_fn(|| pool.take()).collect();
            assert_eq!(taken, [0, 1, 2]);
            assert_eq!(pool.take(), None, "every slot is taken");
            pool.give_back(1);
            assert_eq!(pool.take(), Some(1), "the slot given back");
            assert_eq!(<$pool>::new(0).take(), None);
        }
    };
}

pool_basics!(
    untagged_pool_hands_out_each_slot,
    pool_step1_untagged::SlotPool
);
pool_basics!(tagged_pool_hands_out_each_slot, pool_step2_tagged::SlotPool);

// ANCHOR: replay
/// The ABA interleaving, on one thread. The outer `take` reads `head`
/// (slot 0) and its `next` (slot 1), and pauses. Meanwhile a second holder
/// takes slot 0, takes slot 1, and gives slot 0 back, keeping slot 1. The
/// outer `take` then resumes; what does a third `take` get?
macro_rules! replay_aba {
    ($pool:expr) => {{
        let pool = $pool;
        let mut kept = None;
        let first = pool.take_with_pause(|| {
            let zero = pool.take().unwrap();
            kept = pool.take();
            pool.give_back(zero);
        });
        let third = pool.take();
        (first, kept, third)
    }};
}

#[test]
fn untagged_pool_hands_out_a_slot_twice() {
    let (first, kept, third) =
        replay_aba!(pool_step1_untagged::SlotPool::new(3));
    assert_eq!(first, Some(0));
    assert_eq!(kept, Some(1));
    // The outer compare-exchange saw slot 0 at the top again and installed
    // the `next` it read before the pause: slot 1, which is taken.
    assert_eq!(third, Some(1), "slot 1 is handed out a second time");
}

#[test]
fn tagged_pool_hands_out_each_slot_once() {
    let (first, kept, third) = replay_aba!(pool_step2_tagged::SlotPool::new(3));
    assert_eq!(first, Some(0));
    assert_eq!(kept, Some(1));
    // The tag had moved on, so the outer compare-exchange failed and the
    // `take` read the list again.
    assert_eq!(third, Some(2));
}
// ANCHOR_END: replay

#[test]
fn tagged_pool_survives_the_tag_wrapping_around() {
    // Not 2^32 operations: enough to see that a tag past u32::MAX is no
    // special case, because the tag only has to differ, not grow.
    let pool = pool_step2_tagged::SlotPool::new(2);
    for _ in 0..if cfg!(miri) { 10 } else { 100_000 } {
        let slot = pool.take().unwrap();
        pool.give_back(slot);
    }
    let both: BTreeSet<u32> = std::iter::from_fn(|| pool.take()).collect();
    assert_eq!(both, BTreeSet::from([0, 1]));
}

#[test]
fn tagged_pool_never_hands_out_a_held_slot_under_threads() {
    watchdog(LIMIT, || {
        const SLOTS: u32 = 2;
        let pool = pool_step2_tagged::SlotPool::new(SLOTS);
        // One flag per slot: set while someone holds it.
        let held: Vec<AtomicUsize> =
            (0..SLOTS).map(|_| AtomicUsize::new(0)).collect();
        thread::scope(|scope| {
            for _ in 0..THREADS + 1 {
                scope.spawn(|| {
                    for _ in 0..ROUNDS {
                        let Some(slot) = pool.take() else { continue };
                        let flag = &held[slot as usize];
                        assert_eq!(
                            flag.swap(1, Ordering::Relaxed),
                            0,
                            "slot {slot} was handed out while held"
                        );
                        flag.store(0, Ordering::Relaxed);
                        pool.give_back(slot);
                    }
                });
            }
        });
        let all: BTreeSet<u32> = std::iter::from_fn(|| pool.take()).collect();
        assert_eq!(all.len(), SLOTS as usize, "every slot came back");
    });
}
