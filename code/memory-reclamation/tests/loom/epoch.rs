//! Loom models of the epoch collector and its stack.
//!
//! Loom cannot see a read of freed memory: a freed `Box` is just gone.
//! So the models that check reclamation retire a `Ticket` whose `Drop`
//! *writes* its loom `UnsafeCell`. A reader that reads the cell while
//! pinned then makes loom check that the free happens after the read:
//! a free concurrent with it is reported as a causality violation, and a
//! free before it shows as the poisoned value.

use loom::cell::UnsafeCell;
use loom::sync::Arc;
use loom::sync::atomic::{AtomicPtr, Ordering};
use loom::thread;
use memory_reclamation::epoch::{Collector, Stack};
use std::ptr;

/// A pusher and two poppers (a spawned thread and the main thread), each
/// popper with its own handle, advancing twice after its pop, so nodes are
/// freed while the other may be popping. Every order comes out once, moved
/// through the stack's loom `UnsafeCell`: a pop that read a value before
/// its push published it would be reported. (Three threads, like the
/// hazard-pointer model: with a third popper the model took over four
/// minutes and caught no mutant the smaller one misses.)
#[test]
fn epoch_stack_pushes_and_pops_race() {
    fn pop_and_advance(stack: &Stack<String>) -> Option<String> {
        let mut handle = stack.collector().register();
        let guard = handle.pin();
        let order = stack.pop(&guard);
        drop(guard);
        handle.try_advance();
        handle.try_advance();
        order
    }
    loom::model(|| {
        let stack = Arc::new(Stack::new());
        stack.push(String::from("order 0"));
        let pusher = {
            let stack = Arc::clone(&stack);
            thread::spawn(move || stack.push(String::from("order 1")))
        };
        let popper = {
            let stack = Arc::clone(&stack);
            thread::spawn(move || pop_and_advance(&stack))
        };
        let mut served: Vec<String> =
            pop_and_advance(&stack).into_iter().collect();
        served.extend(popper.join().unwrap());
        pusher.join().unwrap();
        let mut handle = stack.collector().register();
        let guard = handle.pin();
        served.extend(std::iter::from_fn(|| stack.pop(&guard)));
        served.sort();
        assert_eq!(served, ["order 0", "order 1"]);
    });
}

/// A shared object whose `Drop` writes its loom cell, so loom checks that
/// it is freed after every read of `seat`.
struct Ticket {
    seat: UnsafeCell<u32>,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.seat.with_mut(|seat| {
            // SAFETY: `&mut self`; loom checks that every read of the
            // seat happens before this write.
            unsafe { *seat = 0 }
        });
    }
}

/// Pins, and reads the ticket if it is still published; returns the seat.
fn read_ticket(
    handle: &mut memory_reclamation::epoch::Handle<'_>,
    slot: &AtomicPtr<Ticket>,
) -> Option<u32> {
    let _guard = handle.pin();
    let ticket = slot.load(Ordering::Acquire);
    // SAFETY: we are pinned and loaded `ticket` after pinning, so the
    // collector has not freed it (that is what the model checks).
    let ticket = unsafe { ticket.as_ref() }?;
    // SAFETY: only `Drop` writes the seat; loom checks the order.
    Some(ticket.seat.with(|seat| unsafe { *seat }))
}

/// Unlinks the ticket, retires it, and tries to advance three times:
/// enough to free it if nobody held it back.
fn unlink_and_reclaim(collector: &Collector, slot: &AtomicPtr<Ticket>) {
    let mut handle = collector.register();
    let guard = handle.pin();
    let ticket = slot.swap(ptr::null_mut(), Ordering::Relaxed);
    // SAFETY: from `Box::into_raw`; the swap unlinked it and only this
    // thread got it; dropping a `Ticket` anywhere is sound.
    unsafe { guard.retire(ticket) };
    drop(guard);
    for _ in 0..3 {
        handle.try_advance();
    }
}

fn published_ticket() -> Arc<AtomicPtr<Ticket>> {
    let ticket = Box::into_raw(Box::new(Ticket {
        seat: UnsafeCell::new(7),
    }));
    Arc::new(AtomicPtr::new(ticket))
}

/// A reader pins and reads the ticket while another thread unlinks it,
/// retires it and advances: the ticket is never freed while read.
#[test]
fn epoch_pinned_reader_keeps_the_ticket() {
    loom::model(|| {
        let collector = Arc::new(Collector::new());
        let slot = published_ticket();
        let reader = {
            let (collector, slot) = (collector.clone(), slot.clone());
            thread::spawn(move || {
                let mut handle = collector.register();
                read_ticket(&mut handle, &slot)
            })
        };
        unlink_and_reclaim(&collector, &slot);
        let seat = reader.join().unwrap();
        assert!(matches!(seat, None | Some(7)), "read a freed ticket");
    });
}

/// The same race, with a reader that first advances the epoch itself and
/// pins twice. Advancing first lets the unlinker's tag be older than the
/// reader's epoch (which the fence in `retire` makes harmless); pinning
/// again lets the unlinker's scan read the *second* pin instead of the
/// first unpin (which the Release on the pin's store makes harmless).
#[test]
fn epoch_reader_that_advances_and_pins_twice_keeps_the_ticket() {
    loom::model(|| {
        let collector = Arc::new(Collector::new());
        let slot = published_ticket();
        let reader = {
            let (collector, slot) = (collector.clone(), slot.clone());
            thread::spawn(move || {
                let mut handle = collector.register();
                handle.try_advance();
                let seat = read_ticket(&mut handle, &slot);
                drop(handle.pin());
                seat
            })
        };
        unlink_and_reclaim(&collector, &slot);
        let seat = reader.join().unwrap();
        assert!(matches!(seat, None | Some(7)), "read a freed ticket");
    });
}

/// Two threads register while the main thread counts the records: the
/// count reads each record's `next` (a loom cell), so reading a record
/// whose push it is not ordered after is reported.
#[test]
fn epoch_records_are_counted_while_threads_register() {
    loom::model(|| {
        let collector = Arc::new(Collector::new());
        let registrars: Vec<_> = (0..2)
            .map(|_| {
                let collector = Arc::clone(&collector);
                thread::spawn(move || drop(collector.register()))
            })
            .collect();
        // Without this yield, loom never ran a registrar's push before the
        // count (we checked: the count was always 0), so a Relaxed load in
        // `records_len` went unnoticed. A yield is a point where loom runs
        // the other threads.
        thread::yield_now();
        let seen = collector.records_len();
        assert!(seen <= 2);
        for registrar in registrars {
            registrar.join().unwrap();
        }
        assert!((1..=2).contains(&collector.records_len()));
    });
}
