//! Loom models of the hazard-pointer domain and of its stack.
//!
//! Loom does not see a `free` as such: it checks accesses to its
//! `UnsafeCell`s against happens-before, and nothing else about memory.
//! So the models make every free an access loom checks: a [`Ticket`]
//! writes to its cell in its `Drop`, which runs when a scan frees it. A
//! free that is not ordered after a reader's read of the ticket is then a
//! "concurrent read and write" that loom reports.

use loom::cell::UnsafeCell;
use loom::sync::Arc;
use loom::sync::atomic::{AtomicPtr, Ordering};
use loom::thread;
use memory_reclamation::hazard::{Domain, Stack};

/// A value whose destructor writes to its loom cell: its free is visible
/// to loom as a write.
struct Ticket {
    number: UnsafeCell<u32>,
}

impl Ticket {
    fn boxed(number: u32) -> *mut Ticket {
        Box::into_raw(Box::new(Ticket {
            number: UnsafeCell::new(number),
        }))
    }

    /// Reads the number through loom's cell (a checked read).
    ///
    /// # Safety
    ///
    /// `ticket` points at a live `Ticket`.
    unsafe fn read(ticket: *const Ticket) -> u32 {
        // SAFETY: the caller's contract.
        let ticket = unsafe { &*ticket };
        // SAFETY: only `Drop` writes the cell, with `&mut self`.
        ticket.number.with(|number| unsafe { *number })
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        // Not while unwinding from a failed check: loom would report this
        // write too, and a second panic aborts the whole test binary.
        if !std::thread::panicking() {
            // SAFETY: `&mut self`: ours alone. The write is for loom.
            self.number.with_mut(|number| unsafe { *number = 0 });
        }
    }
}

/// A pusher and two poppers, each popper with its own handle: every value
/// comes out once. Values move through the stack's loom `UnsafeCell`, so
/// a pop that read a value its push had not published would be reported.
#[test]
fn stack_pops_race_a_push() {
    loom::model(|| {
        let stack = Arc::new(Stack::new());
        stack.push(1);
        let pusher = {
            let stack = Arc::clone(&stack);
            thread::spawn(move || stack.push(2))
        };
        let popper = {
            let stack = Arc::clone(&stack);
            thread::spawn(move || {
                let mut handle = stack.domain().register();
                stack.pop(&mut handle)
            })
        };
        let mut handle = stack.domain().register();
        let mut all: Vec<i32> = stack.pop(&mut handle).into_iter().collect();
        all.extend(popper.join().unwrap());
        pusher.join().unwrap();
        all.extend(std::iter::from_fn(|| stack.pop(&mut handle)));
        all.sort_unstable();
        assert_eq!(all, [1, 2]);
    });
}

// ANCHOR: reader_model
/// A reader protects the ticket in `slot` and reads it, twice (the second
/// `protect` without a `clear`, as a retrying pop does), while another
/// thread replaces the ticket, retires the old one and scans, then drops
/// its handle. Loom reports any free of a ticket that is not ordered after
/// the reader's reads of it; the other thread's handle may leave the old
/// ticket behind as an orphan, which the reader's scan adopts and frees.
#[test]
fn a_protected_ticket_is_never_freed_under_its_reader() {
    loom::model(|| {
        let domain = Arc::new(Domain::new());
        let slot = Arc::new(AtomicPtr::new(Ticket::boxed(1)));
        let replacer = {
            let (domain, slot) = (Arc::clone(&domain), Arc::clone(&slot));
            thread::spawn(move || {
                let mut handle = domain.register();
                // Release: the reader reads ticket 2. Acquire is not needed
                // here: ticket 1 was made before this thread started.
                let old = slot.swap(Ticket::boxed(2), Ordering::Release);
                // SAFETY: from `Box::into_raw`, unlinked by the swap,
                // retired once; `Ticket` may be dropped on any thread.
                unsafe { handle.retire(old) };
                handle.reclaim();
            })
        };
        let mut handle = domain.register();
        let first = handle.protect(&slot);
        // SAFETY: protected, and it was in `slot` after our hazard was
        // visible.
        let number = unsafe { Ticket::read(first) };
        assert!(number == 1 || number == 2);
        let second = handle.protect(&slot);
        // SAFETY: as above.
        let number = unsafe { Ticket::read(second) };
        assert!(number == 1 || number == 2);
        handle.clear();
        // Before the join, so that adopting an orphan is ordered only by
        // the domain's own atomics.
        handle.reclaim();
        replacer.join().unwrap();
        handle.reclaim();
        assert_eq!(handle.retired_len(), 0, "nothing is protected now");
        drop(handle);
        // SAFETY: every thread is done; ticket 2 is still in the slot and
        // came from `Box::into_raw`.
        drop(unsafe { Box::from_raw(slot.load(Ordering::Relaxed)) });
    });
}
// ANCHOR_END: reader_model
