//! Tests of epoch-based reclamation and of the stack that uses it: what
//! they do on one thread (where every step is deterministic, including a
//! pop run inside another pop's window, and a reader that stays pinned),
//! and a bounded stress with threads. Miri runs them too (`cargo xtask
//! miri memory-reclamation`), with fewer rounds, and reports any read of
//! a freed node.

use memory_reclamation::epoch::{ADVANCE_EVERY, Collector, Guard, Stack};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;
use test_support::watchdog;

const THREADS: usize = 2;
/// Operations per thread in the stress test; Miri is slow.
const ROUNDS: usize = if cfg!(miri) { 50 } else { 20_000 };
const LIMIT: Duration = Duration::from_secs(60);

fn assert_send_sync<T: Send + Sync>() {}

/// Counts its drops, so a test can see that each value is dropped exactly
/// once, and when.
struct Parcel<'a> {
    drops: &'a AtomicUsize,
}

impl Drop for Parcel<'_> {
    fn drop(&mut self) {
        self.drops.fetch_add(1, Ordering::Relaxed);
    }
}

/// Retires a fresh boxed parcel through `guard`.
fn retire_parcel<'a>(guard: &Guard<'_, 'a>, drops: &'a AtomicUsize) {
    let parcel = Box::into_raw(Box::new(Parcel { drops }));
    // SAFETY: the box was never shared, so it is unreachable; it is
    // retired once; and `drops` outlives the collector in every test.
    unsafe { guard.retire(parcel) };
}

#[test]
fn collector_and_stack_are_send_and_sync() {
    assert_send_sync::<Collector>();
    assert_send_sync::<Stack<String>>();
}

#[test]
fn stack_is_last_in_first_out() {
    let stack = Stack::new();
    let collector = stack.collector();
    let mut handle = collector.register();
    let guard = handle.pin();
    assert_eq!(stack.pop(&guard), None);
    for order in ["soup", "steak", "pudding"] {
        stack.push(order);
    }
    assert_eq!(stack.pop(&guard), Some("pudding"));
    stack.push("cheese");
    assert_eq!(stack.pop(&guard), Some("cheese"));
    assert_eq!(stack.pop(&guard), Some("steak"));
    assert_eq!(stack.pop(&guard), Some("soup"));
    assert_eq!(stack.pop(&guard), None);
    drop(guard);
    assert_eq!(handle.garbage_len(), 4, "one retired node per pop");
}

#[test]
#[should_panic(expected = "another collector")]
fn pop_refuses_a_guard_of_another_collector() {
    let stack: Stack<&str> = Stack::new();
    let other = Collector::new();
    let mut handle = other.register();
    let guard = handle.pin();
    stack.pop(&guard);
}

#[test]
fn a_guard_belongs_to_its_own_collector_only() {
    let kitchen = Collector::new();
    let bar = Collector::new();
    let mut handle = kitchen.register();
    let guard = handle.pin();
    assert!(guard.belongs_to(&kitchen));
    assert!(!guard.belongs_to(&bar));
}

#[test]
fn stack_drops_each_value_once() {
    let drops = AtomicUsize::new(0);
    let stack = Stack::new();
    let collector = stack.collector();
    let mut handle = collector.register();
    for _ in 0..4 {
        stack.push(Parcel { drops: &drops });
    }
    let guard = handle.pin();
    drop(stack.pop(&guard));
    drop(guard);
    assert_eq!(drops.load(Ordering::Relaxed), 1, "the popped value");
    for _ in 0..3 {
        handle.try_advance();
    }
    assert_eq!(handle.garbage_len(), 0, "the node is freed");
    assert_eq!(
        drops.load(Ordering::Relaxed),
        1,
        "freeing a popped node does not drop its moved-out value"
    );
    drop(handle);
    drop(stack);
    assert_eq!(drops.load(Ordering::Relaxed), 4, "and the three left");
}

#[test]
fn garbage_is_freed_two_epochs_after_it_was_retired() {
    let drops = AtomicUsize::new(0);
    let collector = Collector::new();
    let mut handle = collector.register();
    let guard = handle.pin();
    retire_parcel(&guard, &drops);
    drop(guard);
    assert!(handle.try_advance(), "nobody is pinned");
    assert_eq!(collector.epoch(), 1);
    assert_eq!(handle.garbage_len(), 1, "retired in epoch 0, now 1");
    assert!(handle.try_advance());
    assert_eq!(collector.epoch(), 2);
    assert_eq!(handle.garbage_len(), 0, "retired in epoch 0, now 2");
    assert_eq!(drops.load(Ordering::Relaxed), 1);
}

#[test]
fn pin_advances_by_itself_every_so_many_retirements() {
    let drops = AtomicUsize::new(0);
    let collector = Collector::new();
    let mut handle = collector.register();
    for _ in 0..3 {
        let guard = handle.pin();
        for _ in 0..ADVANCE_EVERY {
            retire_parcel(&guard, &drops);
        }
    }
    // The second and third `pin` each advanced once: the first batch
    // (epoch 0) is freed, the second (epoch 1) and third (2) wait.
    assert_eq!(collector.epoch(), 2);
    assert_eq!(handle.garbage_len(), 2 * ADVANCE_EVERY);
    assert_eq!(drops.load(Ordering::Relaxed), ADVANCE_EVERY);
}

// ANCHOR: stalled_reader
/// A reader pins and stays pinned. Meanwhile a writer retires a thousand
/// parcels and tries to advance, again and again: the epoch moves on once
/// (the reader is pinned in the current epoch), then never again, and
/// nothing is freed. When the reader unpins, everything goes.
#[test]
fn a_stalled_reader_holds_back_all_garbage() {
    let drops = AtomicUsize::new(0);
    let collector = Collector::new();
    let mut reader = collector.register();
    let mut writer = collector.register();
    let pinned = reader.pin();
    let guard = writer.pin();
    for _ in 0..1_000 {
        retire_parcel(&guard, &drops);
    }
    drop(guard);
    for _ in 0..10 {
        writer.try_advance();
    }
    assert_eq!(collector.epoch(), 1, "advanced once, then stuck");
    assert_eq!(writer.garbage_len(), 1_000, "nothing freed");
    assert_eq!(drops.load(Ordering::Relaxed), 0);

    drop(pinned);
    assert!(writer.try_advance(), "epoch 1 -> 2");
    assert_eq!(writer.garbage_len(), 0, "all of it was retired in 0");
    assert_eq!(drops.load(Ordering::Relaxed), 1_000);
}
// ANCHOR_END: stalled_reader

#[test]
fn a_pinned_reader_in_an_old_epoch_stops_the_advance() {
    let drops = AtomicUsize::new(0);
    let collector = Collector::new();
    let mut reader = collector.register();
    let mut writer = collector.register();
    let pinned = reader.pin();
    assert!(writer.try_advance(), "the reader is in the current epoch");
    let guard = writer.pin();
    retire_parcel(&guard, &drops);
    drop(guard);
    assert!(!writer.try_advance(), "the reader is pinned in epoch 0");
    assert_eq!(collector.epoch(), 1);
    assert_eq!(writer.garbage_len(), 1);
    drop(pinned);
    assert!(writer.try_advance());
    assert_eq!(writer.garbage_len(), 1, "retired in 1, now 2");
    assert!(writer.try_advance());
    assert_eq!(writer.garbage_len(), 0, "retired in 1, now 3");
    assert_eq!(drops.load(Ordering::Relaxed), 1);
}

// ANCHOR: window
/// The naive stack's use-after-free interleaving, replayed with epochs:
/// a pop loads `head` and pauses; in the window, a second handle pops the
/// same node, retires it and tries hard to free it. The first pop is
/// pinned, so the node survives, and the first pop reads its `next`
/// safely (Miri checks that) and takes the next order.
#[test]
fn a_node_popped_in_the_window_is_not_freed_while_pinned() {
    let stack = Stack::new();
    let collector = stack.collector();
    let mut first = collector.register();
    let mut second = collector.register();
    stack.push("first order");
    stack.push("second order");
    let guard = first.pin();
    let mut paused = false;
    let taken = stack.pop_with_pause(&guard, || {
        if !paused {
            paused = true;
            let other = second.pin();
            assert_eq!(stack.pop(&other), Some("second order"));
            drop(other);
            for _ in 0..3 {
                second.try_advance();
            }
            assert_eq!(second.garbage_len(), 1, "the node is kept");
        }
    });
    assert_eq!(taken, Some("first order"));
    drop(guard);
    for _ in 0..2 {
        second.try_advance();
    }
    assert_eq!(second.garbage_len(), 0, "freed once nobody is pinned");
}
// ANCHOR_END: window

#[test]
fn a_dropped_handle_leaves_its_garbage_to_the_collector() {
    let drops = AtomicUsize::new(0);
    let collector = Collector::new();
    let mut handle = collector.register();
    let guard = handle.pin();
    for _ in 0..3 {
        retire_parcel(&guard, &drops);
    }
    drop(guard);
    drop(handle);
    assert_eq!(drops.load(Ordering::Relaxed), 0, "not freed yet");
    drop(collector);
    assert_eq!(drops.load(Ordering::Relaxed), 3, "freed by the collector");
}

#[test]
fn a_dropped_handles_record_is_reused() {
    let collector = Collector::new();
    let first = collector.register();
    let second = collector.register();
    assert_eq!(collector.records_len(), 2);
    drop(first);
    let mut third = collector.register();
    assert_eq!(collector.records_len(), 2, "the first handle's record");
    let pinned = third.pin();
    drop(second);
    let mut fourth = collector.register();
    assert!(fourth.try_advance(), "epoch 0 -> 1: `third` is in 0");
    assert!(!fourth.try_advance(), "the reused record is pinned in 0");
    drop(pinned);
    assert!(fourth.try_advance());
    assert_eq!(collector.records_len(), 2);
}

#[test]
fn stack_loses_and_duplicates_nothing_under_threads() {
    watchdog(LIMIT, || {
        let drops = AtomicUsize::new(0);
        let stack = Stack::new();
        let collector = stack.collector();
        let popped: Vec<Vec<usize>> = thread::scope(|scope| {
            let workers: Vec<_> = (0..THREADS)
                .map(|worker| {
                    let (collector, stack) = (&collector, &stack);
                    let drops = &drops;
                    scope.spawn(move || {
                        let mut handle = collector.register();
                        let mut mine = Vec::new();
                        for round in 0..ROUNDS {
                            let ticket = worker * ROUNDS + round;
                            stack.push((ticket, Parcel { drops }));
                            if round % 2 == 1 {
                                let guard = handle.pin();
                                let popped = stack.pop(&guard);
                                mine.extend(popped.map(|(ticket, _)| ticket));
                            }
                        }
                        mine
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        let mut all: Vec<usize> = popped.into_iter().flatten().collect();
        let mut handle = collector.register();
        let guard = handle.pin();
        all.extend(std::iter::from_fn(|| stack.pop(&guard)).map(|(t, _)| t));
        drop(guard);
        drop(handle);
        all.sort_unstable();
        let expected: Vec<usize> = (0..THREADS * ROUNDS).collect();
        assert!(all == expected, "a ticket was lost or popped twice");
        drop(stack);
        assert_eq!(drops.load(Ordering::Relaxed), THREADS * ROUNDS);
    });
}
