//! The exercise's types, given. The starter and the solution both implement
//! their behaviour (`lock` and `serve_next`); this file holds what they
//! share: the fields, the `Sync` promises, the guard's access to the value,
//! and the guard's `Drop`, which calls `serve_next`.

use crate::sync::{Access, AtomicU32, Ordering, UnsafeCell};
use std::ops::{Deref, DerefMut};

// ANCHOR: types
/// A spin lock that serves threads in the order they arrived, like the
/// ticket machine at a deli counter.
///
/// A thread that wants the lock draws the next ticket from `next_ticket`
/// and waits until `now_serving` shows its number. Unlocking moves
/// `now_serving` on to the next ticket.
#[derive(Debug)]
pub struct TicketLock<T> {
    /// The number the next arriving thread will draw.
    pub(crate) next_ticket: AtomicU32,
    /// The ticket whose holder may enter.
    pub(crate) now_serving: AtomicU32,
    pub(crate) value: UnsafeCell<T>,
}

/// Proof that the current thread holds the lock; dropping it serves the
/// next ticket.
#[derive(Debug)]
#[must_use = "the lock is released as soon as the guard is dropped"]
pub struct TicketGuard<'a, T> {
    pub(crate) lock: &'a TicketLock<T>,
    pub(crate) access: Access<T>,
}
// ANCHOR_END: types

// SAFETY: the same promise as `SpinLock`'s, and it holds once `lock` and
// `serve_next` do what their documentation says: only the thread whose
// ticket is being served holds a guard, so one thread at a time reaches
// the `T`; and everything a holder did to the `T` happens before the next
// holder's first access, because the orderings of `serve_next` and of the
// wait in `lock` make each unlock synchronise with the lock that sees its
// ticket served. The `T` is handed from thread to thread, which needs
// `T: Send` and nothing more.
unsafe impl<T: Send> Sync for TicketLock<T> {}

// SAFETY: `&TicketGuard<T>` gives out only `&T`, so sharing it between
// threads is sound exactly when `T: Sync` (as for `SpinLock`'s guard).
unsafe impl<T: Sync> Sync for TicketGuard<'_, T> {}

impl<T> TicketLock<T> {
    /// An unlocked lock holding `value`.
    pub fn new(value: T) -> Self {
        Self::with_first_ticket(value, 0)
    }

    /// An unlocked lock holding `value` whose first ticket is `first`
    /// instead of 0. The tests start just below `u32::MAX`, so that the
    /// counters wrap around within a few tickets.
    pub fn with_first_ticket(value: T, first: u32) -> Self {
        Self {
            next_ticket: AtomicU32::new(first),
            now_serving: AtomicU32::new(first),
            value: UnsafeCell::new(value),
        }
    }

    /// How many threads hold a ticket that has not been finished yet: the
    /// holder, if any, plus every waiter. A snapshot, for tests and
    /// diagnostics: it may be out of date by the time you look at it.
    pub fn tickets_out(&self) -> u32 {
        let next = self.next_ticket.load(Ordering::Relaxed);
        let serving = self.now_serving.load(Ordering::Relaxed);
        next.wrapping_sub(serving)
    }

    /// Consumes the lock and returns the value.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }
}

impl<'a, T> TicketGuard<'a, T> {
    /// The guard of the thread whose ticket `lock` is now serving. `lock`
    /// calls this once its ticket has come up, and only then.
    // Unused until the starter's `lock` is written.
    #[cfg_attr(not(feature = "solution"), allow(dead_code))]
    pub(crate) fn new(lock: &'a TicketLock<T>) -> Self {
        Self {
            lock,
            // Under loom, a tracked pointer: loom checks every use of the
            // value for as long as the guard lives.
            access: Access::begin(&lock.value),
        }
    }
}

impl<T> Deref for TicketGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: a guard exists only while its thread's ticket is being
        // served, so nothing writes the value meanwhile; the `&T` borrows
        // the guard and cannot outlive it.
        unsafe { &*self.access.ptr() }
    }
}

impl<T> DerefMut for TicketGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: only this thread's ticket is being served, and the
        // `&mut T` borrows the guard mutably, so it is the only reference
        // to the value while it lives and cannot outlive the guard.
        unsafe { &mut *self.access.ptr() }
    }
}

impl<T> Drop for TicketGuard<'_, T> {
    fn drop(&mut self) {
        // The references `deref` handed out borrow the guard, so none is
        // alive now: end the access, then let the next ticket in.
        self.access.end();
        self.lock.serve_next();
    }
}
