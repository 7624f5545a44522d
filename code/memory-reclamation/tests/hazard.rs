//! Tests of the hazard-pointer domain and of the stack that frees its
//! nodes with it: what each does on one thread, the naive stack's
//! use-after-free window replayed (and now harmless), and a bounded stress
//! with threads. Miri runs them too (`cargo xtask miri memory-reclamation`),
//! with fewer rounds. Not built under `--cfg loom`: `protect` then takes
//! loom's `AtomicPtr`, and these tests use `std`'s.
#![cfg(not(loom))]

use memory_reclamation::hazard::{Domain, Handle, Stack};
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;
use test_support::watchdog;

const THREADS: usize = 2;
/// Operations per thread in the stress test; Miri is slow.
const ROUNDS: usize = if cfg!(miri) { 40 } else { 20_000 };
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

fn dropped(drops: &AtomicUsize) -> usize {
    drops.load(Ordering::Relaxed)
}

/// Retires the parcel `slot` points at, after unlinking it (the slot is
/// left null), as a structure's remove would.
fn unlink_and_retire(handle: &mut Handle<'_>, slot: &AtomicPtr<Parcel<'_>>) {
    let parcel = slot.swap(std::ptr::null_mut(), Ordering::AcqRel);
    // SAFETY: the parcel came from `Box::into_raw`, the swap unlinked it,
    // and it is retired once; the counter it borrows outlives the domain.
    unsafe { handle.retire(parcel) };
}

fn boxed<'a>(drops: &'a AtomicUsize) -> AtomicPtr<Parcel<'a>> {
    AtomicPtr::new(Box::into_raw(Box::new(Parcel { drops })))
}

#[test]
fn stack_is_last_in_first_out() {
    let stack = Stack::new();
    let mut handle = stack.domain().register();
    assert_eq!(stack.pop(&mut handle), None);
    for order in ["soup", "steak", "pudding"] {
        stack.push(order);
    }
    assert_eq!(stack.pop(&mut handle), Some("pudding"));
    stack.push("cheese");
    assert_eq!(stack.pop(&mut handle), Some("cheese"));
    assert_eq!(stack.pop(&mut handle), Some("steak"));
    assert_eq!(stack.pop(&mut handle), Some("soup"));
    assert_eq!(stack.pop(&mut handle), None);
}

#[test]
fn stack_drops_each_value_once() {
    let drops = AtomicUsize::new(0);
    let stack = Stack::new();
    for _ in 0..4 {
        stack.push(Parcel { drops: &drops });
    }
    {
        let mut handle = stack.domain().register();
        drop(stack.pop(&mut handle));
        assert_eq!(dropped(&drops), 1, "the popped value");
        // Freeing the retired node must not drop the moved-out value again.
        handle.reclaim();
        assert_eq!(dropped(&drops), 1, "the node is freed, not its value");
    }
    drop(stack);
    assert_eq!(dropped(&drops), 4, "and the three left");
}

#[test]
fn unprotected_nodes_are_freed_by_a_scan() {
    let stack = Stack::new();
    let mut handle = stack.domain().register();
    for ticket in 0..5 {
        stack.push(ticket);
    }
    while stack.pop(&mut handle).is_some() {}
    assert_eq!(handle.retired_len(), 5, "below the threshold: kept");
    handle.reclaim();
    assert_eq!(handle.retired_len(), 0, "no hazard names them");
}

#[test]
fn retiring_past_the_threshold_scans_by_itself() {
    let stack = Stack::new();
    let mut handle = stack.domain().register();
    // One record, so the threshold is 2 * 1 + 8 = 10.
    for ticket in 0..25 {
        stack.push(ticket);
    }
    while stack.pop(&mut handle).is_some() {
        assert!(handle.retired_len() < 10, "a scan ran at the threshold");
    }
}

#[test]
fn a_protected_node_survives_a_scan_until_it_is_cleared() {
    let drops = AtomicUsize::new(0);
    let domain = Domain::new();
    let slot = boxed(&drops);
    let reader = domain.register();
    let mut reclaimer = domain.register();
    let parcel = reader.protect(&slot);
    assert_eq!(parcel, slot.load(Ordering::Relaxed));
    unlink_and_retire(&mut reclaimer, &slot);
    reclaimer.reclaim();
    assert_eq!(reclaimer.retired_len(), 1, "the reader's hazard names it");
    assert_eq!(dropped(&drops), 0, "so it is not freed");
    // SAFETY: protected, so still alive; this read is what Miri checks.
    let drops_seen = unsafe { &*parcel }.drops.load(Ordering::Relaxed);
    assert_eq!(drops_seen, 0);
    reader.clear();
    reclaimer.reclaim();
    assert_eq!(reclaimer.retired_len(), 0);
    assert_eq!(dropped(&drops), 1, "freed once the hazard is cleared");
}

// ANCHOR: stalled
/// The counterpart of the epoch tests' stalled reader: a reader protects
/// one parcel and stops there, while another handle unlinks and retires
/// 1,000 parcels (the protected one among them). The reader holds back
/// that one parcel and nothing else.
#[test]
fn a_stalled_reader_holds_back_only_its_own_node() {
    let drops = AtomicUsize::new(0);
    let domain = Domain::new();
    let reader = domain.register();
    let mut reclaimer = domain.register();
    let slot = boxed(&drops);
    let held = reader.protect(&slot);
    for _ in 0..1_000 {
        unlink_and_retire(&mut reclaimer, &slot);
        slot.store(
            Box::into_raw(Box::new(Parcel { drops: &drops })),
            Ordering::Release,
        );
    }
    reclaimer.reclaim();
    assert_eq!(reclaimer.retired_len(), 1, "only the reader's parcel");
    assert_eq!(dropped(&drops), 999);
    // SAFETY: still protected, so still alive.
    assert_eq!(unsafe { &*held }.drops.load(Ordering::Relaxed), 999);
    reader.clear();
    reclaimer.reclaim();
    assert_eq!(dropped(&drops), 1_000);
    unlink_and_retire(&mut reclaimer, &slot);
}
// ANCHOR_END: stalled

#[test]
fn protecting_another_node_releases_the_first() {
    let drops = AtomicUsize::new(0);
    let domain = Domain::new();
    let first = boxed(&drops);
    let second = boxed(&drops);
    let reader = domain.register();
    let mut reclaimer = domain.register();
    reader.protect(&first);
    unlink_and_retire(&mut reclaimer, &first);
    reclaimer.reclaim();
    assert_eq!(dropped(&drops), 0);
    reader.protect(&second);
    reclaimer.reclaim();
    assert_eq!(dropped(&drops), 1, "the first parcel is no longer named");
    unlink_and_retire(&mut reclaimer, &second);
    reclaimer.reclaim();
    assert_eq!(dropped(&drops), 1, "the second one is");
    drop(reader);
    reclaimer.reclaim();
    assert_eq!(dropped(&drops), 2, "a dropped handle protects nothing");
}

// ANCHOR: window
/// The naive stack's use-after-free, replayed: the outer pop protects the
/// top node and pauses; in the window, a second pop (its own handle) takes
/// that node off, retires it and scans. The node must survive, because the
/// outer pop still reads its `next` when it resumes (Miri checks the read).
#[test]
fn a_node_protected_by_a_paused_pop_is_not_freed() {
    let drops = AtomicUsize::new(0);
    let stack = Stack::new();
    stack.push(Parcel { drops: &drops });
    stack.push(Parcel { drops: &drops });
    let mut outer = stack.domain().register();
    let mut inner = stack.domain().register();
    let mut paused = false;
    let taken = stack.pop_with_pause(&mut outer, || {
        if !paused {
            paused = true;
            drop(stack.pop(&mut inner).expect("the second parcel"));
            inner.reclaim();
            assert_eq!(inner.retired_len(), 1, "the paused pop protects it");
        }
    });
    assert!(taken.is_some(), "the outer pop took the first parcel");
    drop(taken);
    assert_eq!(dropped(&drops), 2);
    inner.reclaim();
    assert_eq!(inner.retired_len(), 0, "freed after the outer pop cleared");
}
// ANCHOR_END: window

#[test]
fn a_dropped_handle_leaves_protected_nodes_to_the_domain() {
    let drops = AtomicUsize::new(0);
    let domain = Domain::new();
    let slot = boxed(&drops);
    let reader = domain.register();
    let mut reclaimer = domain.register();
    reader.protect(&slot);
    unlink_and_retire(&mut reclaimer, &slot);
    drop(reclaimer);
    assert_eq!(dropped(&drops), 0, "still protected: an orphan now");
    drop(reader);
    assert_eq!(dropped(&drops), 0, "nobody scanned since");
    drop(domain);
    assert_eq!(dropped(&drops), 1, "the domain frees its orphans");
}

#[test]
fn the_next_scan_adopts_orphaned_nodes() {
    let drops = AtomicUsize::new(0);
    let domain = Domain::new();
    let slot = boxed(&drops);
    let reader = domain.register();
    let mut reclaimer = domain.register();
    reader.protect(&slot);
    unlink_and_retire(&mut reclaimer, &slot);
    drop(reclaimer);
    reader.clear();
    let mut adopter = domain.register();
    adopter.reclaim();
    assert_eq!(dropped(&drops), 1, "adopted and freed");
    assert_eq!(adopter.retired_len(), 0);
}

#[test]
fn a_dropped_handles_record_is_reused() {
    let domain = Domain::new();
    let first = domain.register();
    let second = domain.register();
    assert_eq!(domain.record_count(), 2);
    drop(first);
    let third = domain.register();
    assert_eq!(domain.record_count(), 2, "the first record, reused");
    drop((second, third));
    let _fourth = domain.register();
    assert_eq!(domain.record_count(), 2);
}

#[test]
#[should_panic(expected = "another domain")]
fn pop_refuses_a_handle_of_another_domain() {
    let stack = Stack::<u32>::new();
    let elsewhere = Domain::new();
    stack.pop(&mut elsewhere.register());
}

#[test]
fn stack_and_domain_are_send_and_sync() {
    assert_send_sync::<Stack<String>>();
    assert_send_sync::<Domain>();
}

#[test]
fn stack_loses_and_duplicates_nothing_under_threads() {
    watchdog(LIMIT, || {
        let drops = AtomicUsize::new(0);
        let stack = Stack::new();
        let popped: Vec<Vec<usize>> = thread::scope(|scope| {
            let workers: Vec<_> = (0..THREADS)
                .map(|worker| {
                    let (stack, drops) = (&stack, &drops);
                    scope.spawn(move || {
                        let mut handle = stack.domain().register();
                        let mut mine = Vec::new();
                        for round in 0..ROUNDS {
                            let ticket = worker * ROUNDS + round;
                            stack.push((ticket, Parcel { drops }));
                            if round % 2 == 1 {
                                mine.extend(stack.pop(&mut handle));
                            }
                        }
                        let held = handle.retired_len();
                        assert!(held < 2 * THREADS + 8, "held {held}");
                        mine.into_iter().map(|(ticket, _)| ticket).collect()
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        assert_eq!(dropped(&drops), THREADS * ROUNDS / 2);
        let mut all: Vec<usize> = popped.into_iter().flatten().collect();
        let mut handle = stack.domain().register();
        all.extend(std::iter::from_fn(|| stack.pop(&mut handle)).map(|p| p.0));
        all.sort_unstable();
        let expected: Vec<usize> = (0..THREADS * ROUNDS).collect();
        assert!(all == expected, "a value was lost or popped twice");
        assert_eq!(dropped(&drops), THREADS * ROUNDS, "each dropped once");
    });
}
