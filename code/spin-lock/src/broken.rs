//! Deliberately broken spin locks, for the loom models that catch them (mutants: skip).
//!
//! `RelaxedSpinLock` is step 4's lock with every ordering weakened to
//! `Relaxed`. It still excludes: the compare-exchange is atomic, so only one thread at
//! a time sees `false`. What it loses is the happens-before edge from one
//! holder's unlock to the next holder's lock, so the next holder may see the
//! value as it was before the previous holder's writes, or half of them.
//!
//! This module is compiled only under `--cfg loom`, where the model in
//! `tests/loom.rs` shows loom reporting the bug. It is unsound on purpose:
//! never copy it.

use crate::sync::{Access, AtomicBool, Ordering, UnsafeCell, spin_loop};

/// Step 4's lock with `Relaxed` in place of Acquire and Release. Unsound.
#[derive(Debug)]
pub struct RelaxedSpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// SAFETY: NOT SOUND, on purpose. The argument of step 2 needs each holder's
// accesses ordered after the previous holder's, and Relaxed does not order
// them. The impl exists so that loom can run the lock on several threads
// and show the data race.
unsafe impl<T: Send> Sync for RelaxedSpinLock<T> {}

impl<T> RelaxedSpinLock<T> {
    /// An unlocked lock holding `value`.
    pub fn new(value: T) -> Self {
        Self {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    // ANCHOR: relaxed
    /// Runs `critical_section` with the lock held. Unsound: the orderings
    /// below do not make the previous holder's writes visible.
    pub fn with_lock<R>(
        &self,
        critical_section: impl FnOnce(&mut T) -> R,
    ) -> R {
        while self
            .locked
            .compare_exchange(false, true, Ordering::Relaxed, Ordering::Relaxed)
            //                            ^^^^^^^ was Acquire
            .is_err()
        {
            while self.locked.load(Ordering::Relaxed) {
                spin_loop();
            }
        }
        let result = self.value.with_mut(|value| {
            // SAFETY: NOT SOUND, on purpose: we hold the lock, but nothing
            // orders this access after the previous holder's, which is
            // exactly what loom reports.
            critical_section(unsafe { &mut *value })
        });
        self.locked.store(false, Ordering::Relaxed);
        //                       ^^^^^^^ was Release
        result
    }
    // ANCHOR_END: relaxed

    /// Consumes the lock and returns the value.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }
}

// Imported here, not at the top, so that the lines of `RelaxedSpinLock`
// (which the page's loom report names) stay where they are.
use std::ops::{Deref, DerefMut};

/// Step 4's lock with a guard that unlocks too early: as soon as it hands
/// out `&mut T`, while the caller is still using it. Unsound. It exists to
/// show that loom checks the whole life of a guard: the guard keeps loom's
/// tracked pointer (`Access`), so another thread that takes the lock while
/// the reference is still in use is caught. A guard that only made its
/// reference inside `with_mut`, as this crate's guards once did, passes the
/// same model.
#[derive(Debug)]
pub struct EarlyUnlockSpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// SAFETY: NOT SOUND, on purpose: the guard below lets the next holder in
// while the previous one still uses the value.
unsafe impl<T: Send> Sync for EarlyUnlockSpinLock<T> {}

/// The guard of [`EarlyUnlockSpinLock`]. Unsound.
#[derive(Debug)]
pub struct EarlyUnlockGuard<'a, T> {
    lock: &'a EarlyUnlockSpinLock<T>,
    access: Access<T>,
}

impl<T> EarlyUnlockSpinLock<T> {
    /// An unlocked lock holding `value`.
    pub fn new(value: T) -> Self {
        Self {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    /// Step 4's `lock`, unchanged.
    pub fn lock(&self) -> EarlyUnlockGuard<'_, T> {
        while self
            .locked
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            while self.locked.load(Ordering::Relaxed) {
                spin_loop();
            }
        }
        EarlyUnlockGuard {
            lock: self,
            access: Access::begin(&self.value),
        }
    }
}

impl<T> Deref for EarlyUnlockGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: NOT SOUND after `deref_mut` has unlocked, on purpose.
        unsafe { &*self.access.ptr() }
    }
}

impl<T> DerefMut for EarlyUnlockGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: NOT SOUND, on purpose: the unlock below lets another
        // thread in while the caller still uses this reference.
        let value = unsafe { &mut *self.access.ptr() };
        self.lock.locked.store(false, Ordering::Release);
        value
    }
}

impl<T> Drop for EarlyUnlockGuard<'_, T> {
    fn drop(&mut self) {
        self.access.end();
    }
}
