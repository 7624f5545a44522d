//! The exercise's types, given. The starter and the solution both implement
//! their behaviour (`lock` and the guard's `Drop`); this file holds what
//! they share: the fields, the `Sync` promises, and access through the
//! guard.

use crate::sync::{AtomicU32, Ordering, UnsafeCell, wake_one};
use std::ops::{Deref, DerefMut};

// ANCHOR: types
/// A mutex that serves threads in the order they arrived, and sleeps while
/// it waits.
///
/// A thread that wants the lock takes the next ticket from `next_ticket`
/// and waits, asleep on `now_serving`, until `now_serving` shows its
/// number. Unlocking moves `now_serving` on to the next ticket and wakes
/// the sleepers.
#[derive(Debug)]
pub struct FairMutex<T> {
    /// The number the next arriving thread will take.
    pub(crate) next_ticket: AtomicU32,
    /// The ticket whose holder may enter.
    pub(crate) now_serving: AtomicU32,
    pub(crate) value: UnsafeCell<T>,
}

/// Proof that the current thread holds the lock; dropping it serves the
/// next ticket.
#[derive(Debug)]
#[must_use = "the lock is released as soon as the guard is dropped"]
pub struct FairGuard<'a, T> {
    pub(crate) mutex: &'a FairMutex<T>,
}
// ANCHOR_END: types

// SAFETY: only the thread whose ticket is being served holds a guard, so
// one thread at a time reaches the `T`, once `lock` and the guard's `Drop`
// do what their documentation says, which includes making everything one
// holder did visible to the next. The `T` is handed from thread to thread,
// which needs `T: Send` and nothing more.
unsafe impl<T: Send> Sync for FairMutex<T> {}

// SAFETY: `&FairGuard<T>` gives out only `&T`, so sharing it between
// threads is sound exactly when `T: Sync`.
unsafe impl<T: Sync> Sync for FairGuard<'_, T> {}

impl<T> FairMutex<T> {
    /// An unlocked mutex holding `value`.
    pub fn new(value: T) -> Self {
        Self {
            next_ticket: AtomicU32::new(0),
            now_serving: AtomicU32::new(0),
            value: UnsafeCell::new(value),
        }
    }

    /// How many tickets have been taken so far, ever. A snapshot, for tests
    /// and diagnostics: a thread that has taken ticket `n` has made this at
    /// least `n + 1`.
    pub fn tickets_taken(&self) -> u32 {
        self.next_ticket.load(Ordering::Relaxed)
    }

    /// Consumes the mutex and returns the value.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }

    /// For the tests: wakes one thread asleep on `now_serving` although
    /// nothing has changed, as a spurious wake-up may. A correct `lock`
    /// looks at `now_serving` again and goes back to sleep.
    #[doc(hidden)]
    pub fn spurious_wake_up(&self) {
        wake_one(&self.now_serving);
    }
}

impl<T> Deref for FairGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.mutex.value.with(|value| {
            // SAFETY: a guard exists only while its thread's ticket is being
            // served, so nothing writes the value meanwhile; the `&T` borrows
            // the guard and cannot outlive it.
            unsafe { &*value }
        })
    }
}

impl<T> DerefMut for FairGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.mutex.value.with_mut(|value| {
            // SAFETY: only this thread's ticket is being served, and the
            // `&mut T` borrows the guard mutably, so it is the only reference
            // to the value while it lives and cannot outlive the guard.
            unsafe { &mut *value }
        })
    }
}
