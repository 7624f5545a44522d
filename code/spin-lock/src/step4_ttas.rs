//! Step 4: wait without writing (test-and-test-and-set).
//!
//! Step 3's waiters retry the compare-exchange in a tight loop, and every
//! attempt, failed or not, is a read-modify-write that needs the lock's
//! cache line exclusively, pulling it away from the holder and the other
//! waiters. This step waits with plain loads, which every waiting core can
//! serve from its own shared copy of the line, and retries the
//! compare-exchange only once the lock looks free. It is the crate's final
//! [`SpinLock`], re-exported at the crate root.

use crate::sync::{Access, AtomicBool, Ordering, UnsafeCell, spin_loop};
use std::ops::{Deref, DerefMut};

/// A spin lock that owns the value it protects, unlocks through a guard,
/// and waits with loads rather than writes.
#[derive(Debug)]
pub struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// SAFETY: the same argument as in step 2. `lock` lets one thread at a time
// reach the `T`, through a guard, and Acquire/Release order each holder
// after the previous one, so the `T` passes from thread to thread but is
// never used by two at once: `T: Send` is what that requires.
unsafe impl<T: Send> Sync for SpinLock<T> {}

/// Proof that the current thread holds the lock. Dereference it to reach
/// the value; drop it to unlock.
#[derive(Debug)]
#[must_use = "the lock is released as soon as the guard is dropped"]
pub struct Guard<'a, T> {
    lock: &'a SpinLock<T>,
    /// This guard's access to the value: under loom, a tracked pointer, so
    /// that loom checks every use of the value while the guard lives.
    access: Access<T>,
}

// `Send` is derived: `Access<T>` is always `Send`, and `&SpinLock<T>` is
// `Send` exactly when `SpinLock<T>` is `Sync`, that is when `T: Send`.
// That is the right condition. The thread that receives the guard gets
// `&mut T`, which needs `T: Send`, and it unlocks with an atomic store,
// which any thread may do. Unlike std's `MutexGuard`, nothing here belongs
// to the OS thread that locked.
//
// `Sync` is not derived, on purpose: derived, it would also hold exactly
// when `T: Send`, and then threads sharing `&Guard<Cell<u32>>` could all
// call `Cell::set` at once.
//
// SAFETY: through `&Guard` a thread gets only `&T` (`Deref`); `&mut T`
// needs `&mut Guard`, and unlocking needs the guard by value. So sharing
// `&Guard<T>` between threads shares `&T` and nothing else, which is sound
// exactly when `T: Sync`. std's `MutexGuard` has the same impl.
unsafe impl<T: Sync> Sync for Guard<'_, T> {}

impl<T> SpinLock<T> {
    /// An unlocked lock holding `value`.
    pub fn new(value: T) -> Self {
        Self {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    // ANCHOR: lock
    /// Waits for the lock and returns a guard that releases it when dropped.
    pub fn lock(&self) -> Guard<'_, T> {
        // Test and set: try to take the lock with one read-modify-write.
        // `compare_exchange(false, true, ..)` checks that the flag is
        // `false` and sets it to `true` in one atomic step, so of several
        // threads that try at once exactly one succeeds. The others get
        // `Err(true)`, change nothing, and try again.
        // Acquire, on success: everything the previous holder wrote before
        // its Release store of `false` is visible to us from here on.
        // Relaxed, on failure: a failed attempt takes nothing, so it has
        // nothing to synchronise with.
        while self
            .locked
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            // Test: someone holds it. Wait with loads until it looks free,
            // then go back to the compare-exchange. Relaxed is enough here:
            // this load only decides when to try again; the Acquire
            // compare-exchange that wins is what synchronises with the
            // previous holder's unlock.
            while self.locked.load(Ordering::Relaxed) {
                spin_loop();
            }
        }
        Guard {
            lock: self,
            access: Access::begin(&self.value),
        }
    }

    /// Takes the lock if it is free right now, without waiting.
    pub fn try_lock(&self) -> Option<Guard<'_, T>> {
        // A load first, so that a caller polling a held lock does not write.
        if self.locked.load(Ordering::Relaxed) {
            return None;
        }
        self.locked
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .ok()
            .map(|_| Guard {
                lock: self,
                access: Access::begin(&self.value),
            })
    }
    // ANCHOR_END: lock

    /// Exclusive access without locking: `&mut self` already proves that no
    /// other thread can use the lock.
    pub fn get_mut(&mut self) -> &mut T {
        self.value.with_mut(|value| {
            // SAFETY: `&mut self` is the only reference to the lock, so no
            // guard exists and nothing else reaches the value; the result
            // borrows `self` mutably, so that stays true while it lives.
            unsafe { &mut *value }
        })
    }

    /// Consumes the lock and returns the value; `self` by value means no
    /// thread can hold the lock any more.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }
}

impl<T: Default> Default for SpinLock<T> {
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T> Deref for Guard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: the guard exists, so this thread holds the lock and
        // nothing else reaches the value until the guard is dropped; the
        // `&T` borrows the guard, so it cannot outlive it (or its access).
        unsafe { &*self.access.ptr() }
    }
}

impl<T> DerefMut for Guard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: this thread holds the lock, so no other thread reaches
        // the value; the `&mut T` borrows the guard mutably, so it is the
        // only reference to the value while it lives, and it cannot
        // outlive the guard, whose drop unlocks.
        unsafe { &mut *self.access.ptr() }
    }
}

impl<T> Drop for Guard<'_, T> {
    fn drop(&mut self) {
        // The references that `deref` and `deref_mut` handed out borrow the
        // guard, so none is alive now: end the access before unlocking.
        self.access.end();
        // Release: everything we wrote while holding the lock becomes
        // visible to the thread whose Acquire compare-exchange reads this
        // `false`.
        self.lock.locked.store(false, Ordering::Release);
    }
}
