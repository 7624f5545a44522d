//! Tests of both steps of the Michael-Scott queue: order on one thread,
//! the lagging tail replayed step by step, each value dropped exactly
//! once, and a bounded stress with two producers and two consumers. Miri
//! runs them too (`cargo xtask miri lock-free-structures`), with fewer
//! rounds, and reports any read of a freed node or any data race.

#[path = "ms_queue/fifo.rs"]
mod fifo;

use fifo::{Ends, Fifo};
use lock_free_structures::{ms_queue_step1_leaky, ms_queue_step2_epoch};
use memory_reclamation::epoch::Collector;
use std::sync::atomic::AtomicBool;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;
use test_support::{is_send, is_sync, watchdog};

/// Values each producer pushes in the stress test; Miri is slow.
const ROUNDS: usize = if cfg!(miri) { 40 } else { 20_000 };
const LIMIT: Duration = Duration::from_secs(60);

/// Counts its drops, so a test can see each value dropped exactly once.
struct Parcel {
    drops: Arc<AtomicUsize>,
}

impl Drop for Parcel {
    fn drop(&mut self) {
        self.drops.fetch_add(1, Ordering::Relaxed);
    }
}

fn first_in_first_out<Q: Fifo<&'static str>>() {
    let queue = Q::default();
    let mut ends = queue.ends();
    assert_eq!(ends.pop(), None);
    for order in ["soup", "steak", "pudding"] {
        ends.push(order);
    }
    assert_eq!(ends.pop(), Some("soup"));
    ends.push("cheese");
    assert_eq!(ends.pop(), Some("steak"));
    assert_eq!(ends.pop(), Some("pudding"));
    assert_eq!(ends.pop(), Some("cheese"));
    assert_eq!(ends.pop(), None);
    ends.push("coffee");
    assert_eq!(ends.pop(), Some("coffee"));
    assert_eq!(ends.pop(), None);
}

/// A push stalls after linking, so `tail` lags one node behind. The next
/// push must swing `tail` for it before linking its own node, and a pop
/// on a queue whose `head` equals the lagging `tail` must swing it before
/// moving `head` past it. Order is kept either way.
fn lagging_tail_is_helped<Q: Fifo<&'static str>>() {
    let queue = Q::default();
    let mut ends = queue.ends();
    ends.push_stalled_before_swing("soup");
    ends.push("steak");
    assert_eq!(ends.pop(), Some("soup"));
    assert_eq!(ends.pop(), Some("steak"));
    assert_eq!(ends.pop(), None);
    // Now `head` is the last node; make `tail` lag behind it by one...
    ends.push_stalled_before_swing("pudding");
    // ...and pop: `head == tail`, so the pop swings `tail` first.
    assert_eq!(ends.pop(), Some("pudding"));
    // `tail` is on the last node again, or this push would link after a
    // popped node and its value would be lost.
    ends.push("cheese");
    assert_eq!(ends.pop(), Some("cheese"));
    assert_eq!(ends.pop(), None);
}

fn remaining_values_are_dropped_once<Q: Fifo<Parcel>>() {
    let drops = Arc::new(AtomicUsize::new(0));
    {
        let queue = Q::default();
        let mut ends = queue.ends();
        for _ in 0..5 {
            ends.push(Parcel {
                drops: Arc::clone(&drops),
            });
        }
        drop(ends.pop());
        drop(ends.pop());
        assert_eq!(drops.load(Ordering::Relaxed), 2, "the popped two");
        ends.reclaim();
        assert_eq!(drops.load(Ordering::Relaxed), 2, "nodes drop no value");
    }
    assert_eq!(drops.load(Ordering::Relaxed), 5, "three left in the queue");
}

/// Two producers push `(producer, sequence number)` pairs; two consumers
/// pop until all are out. Every pair comes out exactly once, and each
/// consumer sees each producer's numbers in increasing order (FIFO per
/// producer: a consumer's later pop takes a later-pushed value).
fn two_producers_two_consumers<Q: Fifo<(usize, usize)>>() {
    watchdog(LIMIT, || {
        let queue = Q::default();
        let popped = AtomicUsize::new(0);
        let total = 2 * ROUNDS;
        let seen: Vec<Vec<(usize, usize)>> = thread::scope(|scope| {
            for producer in 0..2 {
                let queue = &queue;
                scope.spawn(move || {
                    let mut ends = queue.ends();
                    for sequence in 0..ROUNDS {
                        ends.push((producer, sequence));
                    }
                });
            }
            let consumers: Vec<_> = (0..2)
                .map(|_| {
                    let (queue, popped) = (&queue, &popped);
                    scope.spawn(move || {
                        let mut ends = queue.ends();
                        let mut mine = Vec::new();
                        while popped.load(Ordering::Relaxed) < total {
                            match ends.pop() {
                                Some(item) => {
                                    popped.fetch_add(1, Ordering::Relaxed);
                                    mine.push(item);
                                }
                                None => thread::yield_now(),
                            }
                        }
                        mine
                    })
                })
                .collect();
            consumers.into_iter().map(|c| c.join().unwrap()).collect()
        });
        for mine in &seen {
            for producer in 0..2 {
                let numbers: Vec<usize> = mine
                    .iter()
                    .filter(|(from, _)| *from == producer)
                    .map(|&(_, sequence)| sequence)
                    .collect();
                assert!(
                    numbers.windows(2).all(|pair| pair[0] < pair[1]),
                    "producer {producer}'s values out of order"
                );
            }
        }
        let mut all: Vec<(usize, usize)> = seen.concat();
        all.sort_unstable();
        let expected: Vec<(usize, usize)> = (0..2)
            .flat_map(|producer| (0..ROUNDS).map(move |s| (producer, s)))
            .collect();
        assert_eq!(all, expected, "every value exactly once");
        assert_eq!(queue.ends().pop(), None);
    });
}

/// Runs `first` and then `second` on threads of their own, beside a third
/// thread that does `early` (or nothing), with no order between `first`
/// and `second` but the queue's own: `first` sets a flag with a Relaxed
/// store and `second` waits for it with Relaxed loads, which make no
/// happens-before edge. Every thread takes its ends (for step 2, registers
/// its handle) before a barrier, so no thread takes over another's
/// dropped record later, which would order it after that thread's work.
///
/// The tests below use it to check the edges that carry a node's
/// allocation to a thread that reads the node through `head` or `tail`.
/// No assertion can see a missing edge on x86-64; Miri can: with the
/// ordering weakened to Relaxed, it reports a data race between the
/// allocation and the read (seen with `-Zmiri-many-seeds`; see
/// `mutants.toml`).
fn relay<Q: Fifo<u32>>(
    early: impl FnOnce(&mut Q::Ends<'_>) + Send,
    first: impl FnOnce(&mut Q::Ends<'_>) + Send,
    second: impl FnOnce(&mut Q::Ends<'_>) + Send,
) {
    watchdog(LIMIT, || {
        let queue = Q::default();
        let registered = Barrier::new(3);
        let first_done = AtomicBool::new(false);
        thread::scope(|scope| {
            let (queue, registered, done) = (&queue, &registered, &first_done);
            scope.spawn(move || {
                let mut ends = queue.ends();
                registered.wait();
                early(&mut ends);
            });
            scope.spawn(move || {
                let mut ends = queue.ends();
                registered.wait();
                first(&mut ends);
                done.store(true, Ordering::Relaxed);
            });
            scope.spawn(move || {
                let mut ends = queue.ends();
                registered.wait();
                while !done.load(Ordering::Relaxed) {
                    thread::yield_now();
                }
                second(&mut ends);
            });
        });
    });
}

/// A pop that finds `head` moved by another pop reads the new dummy's
/// `next`: the pusher's allocation of that node reaches it only through
/// the Release compare-exchange on `head` and the Acquire load of it.
fn a_late_pop_is_ordered_after_the_push_of_the_new_dummy<Q: Fifo<u32>>() {
    relay::<Q>(
        |ends| ends.push(7),
        |ends| {
            while ends.pop() != Some(7) {
                thread::yield_now();
            }
        },
        |ends| assert_eq!(ends.pop(), None),
    );
}

/// A push that finds `tail` on another push's node reads that node's
/// `next`: the allocation reaches it only through the Release swing of
/// `tail` at the end of `push` and the Acquire load of `tail`.
fn a_late_push_is_ordered_after_the_push_it_links_behind<Q: Fifo<u32>>() {
    relay::<Q>(
        |_| {},
        |ends| ends.push(7),
        |ends| {
            ends.push(8);
            assert_eq!(ends.pop(), Some(7));
            assert_eq!(ends.pop(), Some(8));
        },
    );
}

/// A pop that finds `tail` lagging swings it onto the stalled push's
/// node; a later push that loads that `tail` reads the node's `next`, and
/// the allocation reaches it only through the pop's Release swing.
fn a_push_after_a_pop_helped_the_tail_is_ordered<Q: Fifo<u32>>() {
    relay::<Q>(
        |ends| ends.push_stalled_before_swing(7),
        |ends| {
            while ends.pop() != Some(7) {
                thread::yield_now();
            }
        },
        |ends| {
            ends.push(8);
            assert_eq!(ends.pop(), Some(8));
        },
    );
}

/// Like [`relay`], but a chain of three: `first`, then `second`, then
/// `third`, each on its own thread and ordered after the one before only
/// by the queue itself (Relaxed flags again).
fn relay_three<Q: Fifo<u32>>(
    first: impl FnOnce(&mut Q::Ends<'_>) + Send,
    second: impl FnOnce(&mut Q::Ends<'_>) + Send,
    third: impl FnOnce(&mut Q::Ends<'_>) + Send,
) {
    watchdog(LIMIT, || {
        let queue = Q::default();
        let registered = Barrier::new(3);
        let (first_done, second_done) =
            (AtomicBool::new(false), AtomicBool::new(false));
        thread::scope(|scope| {
            let queue = &queue;
            let registered = &registered;
            let (first_done, second_done) = (&first_done, &second_done);
            scope.spawn(move || {
                let mut ends = queue.ends();
                registered.wait();
                first(&mut ends);
                first_done.store(true, Ordering::Relaxed);
            });
            scope.spawn(move || {
                let mut ends = queue.ends();
                registered.wait();
                while !first_done.load(Ordering::Relaxed) {
                    thread::yield_now();
                }
                second(&mut ends);
                second_done.store(true, Ordering::Relaxed);
            });
            scope.spawn(move || {
                let mut ends = queue.ends();
                registered.wait();
                while !second_done.load(Ordering::Relaxed) {
                    thread::yield_now();
                }
                third(&mut ends);
            });
        });
    });
}

/// Two pushes stall before their swings; the second swings `tail` onto
/// the first one's node (the helping swing in `link`) before it links.
/// A third push then loads that `tail` and reads the first node's `next`:
/// the allocation reaches it only through the helper's Release swing.
fn a_push_after_a_push_helped_the_tail_is_ordered<Q: Fifo<u32>>() {
    relay_three::<Q>(
        |ends| ends.push_stalled_before_swing(7),
        |ends| ends.push_stalled_before_swing(8),
        |ends| {
            ends.push(9);
            assert_eq!(ends.pop(), Some(7));
            assert_eq!(ends.pop(), Some(8));
            assert_eq!(ends.pop(), Some(9));
        },
    );
}

macro_rules! for_each_step {
    ($($test:ident),* $(,)?) => {
        mod step1 {
            use lock_free_structures::ms_queue_step1_leaky::MsQueue;
            $(#[test] fn $test() { super::$test::<MsQueue<_>>() })*
        }
        mod step2 {
            use lock_free_structures::ms_queue_step2_epoch::MsQueue;
            $(#[test] fn $test() { super::$test::<MsQueue<_>>() })*
        }
    };
}

for_each_step!(
    first_in_first_out,
    lagging_tail_is_helped,
    remaining_values_are_dropped_once,
    two_producers_two_consumers,
    a_late_pop_is_ordered_after_the_push_of_the_new_dummy,
    a_late_push_is_ordered_after_the_push_it_links_behind,
    a_push_after_a_pop_helped_the_tail_is_ordered,
    a_push_after_a_push_helped_the_tail_is_ordered,
);

#[test]
fn both_queues_are_send_and_sync() {
    assert!(is_send!(ms_queue_step1_leaky::MsQueue<String>));
    assert!(is_sync!(ms_queue_step1_leaky::MsQueue<String>));
    assert!(is_send!(ms_queue_step2_epoch::MsQueue<String>));
    assert!(is_sync!(ms_queue_step2_epoch::MsQueue<String>));
    assert!(!is_send!(ms_queue_step2_epoch::MsQueue<std::rc::Rc<u8>>));
}

/// Step 2 frees popped nodes while the queue lives: each pop retires one
/// node, and two advances with nobody else pinned free them all.
#[test]
fn step2_frees_popped_nodes() {
    let queue = ms_queue_step2_epoch::MsQueue::new();
    let mut handle = queue.collector().register();
    let guard = handle.pin();
    for order in ["soup", "steak", "pudding"] {
        queue.push(order, &guard);
    }
    while queue.pop(&guard).is_some() {}
    drop(guard);
    assert_eq!(handle.garbage_len(), 3, "one retired node per pop");
    handle.try_advance();
    handle.try_advance();
    assert_eq!(handle.garbage_len(), 0, "all freed");
}

#[test]
#[should_panic(expected = "another collector")]
fn step2_pop_refuses_a_guard_of_another_collector() {
    let queue: ms_queue_step2_epoch::MsQueue<&str> = Default::default();
    let other = Collector::new();
    let mut handle = other.register();
    let guard = handle.pin();
    queue.pop(&guard);
}

#[test]
#[should_panic(expected = "another collector")]
fn step2_push_refuses_a_guard_of_another_collector() {
    let queue = ms_queue_step2_epoch::MsQueue::new();
    let other = Collector::new();
    let mut handle = other.register();
    let guard = handle.pin();
    queue.push("soup", &guard);
}
