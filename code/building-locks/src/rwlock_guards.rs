//! The read and write guards, shared by every RwLock step: each step's lock
//! implements [`RawRwLock`] (how to lock and unlock), and the guards turn
//! that into a safe API.

use crate::sync::{ConstPtr, MutPtr, UnsafeCell};
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};

/// The locking protocol of one RwLock step.
///
/// # Safety
///
/// Implementors promise: while `write_lock` has returned and
/// `write_unlock` has not been called, no other `read_lock` or `write_lock`
/// returns; a `read_lock` excludes every writer the same way; each unlock
/// is a Release operation that the next conflicting lock acquires.
///
/// The unlocks are `unsafe` to call, as in `lock_api`: an unlock by a thread
/// that holds nothing would end someone else's read or write while their
/// guard still lives. Only the guards below call them.
pub unsafe trait RawRwLock {
    /// Waits until no writer holds or (depending on the policy) waits for
    /// the lock, then holds it for reading.
    fn read_lock(&self);
    /// Ends one read.
    ///
    /// # Safety
    ///
    /// The caller holds a read lock (its `read_lock` returned), and gives it
    /// up: it does not touch the protected value afterwards.
    unsafe fn read_unlock(&self);
    /// Waits until nobody holds the lock, then holds it alone.
    fn write_lock(&self);
    /// Ends the write.
    ///
    /// # Safety
    ///
    /// The caller holds the write lock (its `write_lock` returned), and gives
    /// it up: it does not touch the protected value afterwards.
    unsafe fn write_unlock(&self);
}

/// A value behind a reader-writer lock built on the protocol `R`.
#[derive(Debug)]
pub struct RwLock<R, T> {
    raw: R,
    value: UnsafeCell<T>,
}

// SAFETY: writers get `&mut T` one at a time (which moves the `T` between
// threads: `T: Send`), and readers get `&T` on several threads at once
// (which shares it: `T: Sync`). `R: RawRwLock` promises the exclusion and
// the happens-before edges. std's `RwLock` has the same bounds.
unsafe impl<R: RawRwLock + Sync, T: Send + Sync> Sync for RwLock<R, T> {}

impl<R: RawRwLock, T> RwLock<R, T> {
    pub(crate) fn with_raw(raw: R, value: T) -> Self {
        Self {
            raw,
            value: UnsafeCell::new(value),
        }
    }

    /// The protocol, for the steps' diagnostics.
    pub(crate) fn raw(&self) -> &R {
        &self.raw
    }

    /// Waits until no writer holds the lock, then shares the value.
    pub fn read(&self) -> ReadGuard<'_, R, T> {
        self.raw.read_lock();
        ReadGuard {
            lock: self,
            value: ManuallyDrop::new(self.value.get()),
        }
    }

    /// Waits until nobody holds the lock, then takes the value exclusively.
    pub fn write(&self) -> WriteGuard<'_, R, T> {
        self.raw.write_lock();
        WriteGuard {
            lock: self,
            value: ManuallyDrop::new(self.value.get_mut()),
        }
    }

    /// Consumes the lock and returns the value.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }
}

/// Shared access; dropping it ends this thread's read.
#[derive(Debug)]
#[must_use = "the lock is released as soon as the guard is dropped"]
pub struct ReadGuard<'a, R: RawRwLock, T> {
    lock: &'a RwLock<R, T>,
    /// The value, held for the guard's whole life and dropped just before
    /// the unlock, so that under loom it counts as read until then.
    value: ManuallyDrop<ConstPtr<T>>,
}

/// Exclusive access; dropping it unlocks.
#[derive(Debug)]
#[must_use = "the lock is released as soon as the guard is dropped"]
pub struct WriteGuard<'a, R: RawRwLock, T> {
    lock: &'a RwLock<R, T>,
    /// The value, held for the guard's whole life and dropped just before
    /// the unlock, so that under loom it counts as written until then.
    value: ManuallyDrop<MutPtr<T>>,
}

// The raw pointers inside stop the compiler from deriving `Send` and `Sync`
// for the guards; these impls give back what `&RwLock<R, T>` gave before.

// SAFETY: a shared read guard gives out only `&T`, sound when `T: Sync`.
unsafe impl<R: RawRwLock + Sync, T: Sync> Sync for ReadGuard<'_, R, T> {}

// SAFETY: a read guard sent to another thread lets it read the `T` (`T:
// Sync`) and end the read there; the protocols' unlocks are atomic
// operations and futex wakes, which any thread may make. `T: Send` as well,
// the bound `&RwLock<R, T>: Send` needed.
unsafe impl<R: RawRwLock + Sync, T: Send + Sync> Send for ReadGuard<'_, R, T> {}

// SAFETY: a shared write guard gives out only `&T`, sound when `T: Sync`.
unsafe impl<R: RawRwLock + Sync, T: Sync> Sync for WriteGuard<'_, R, T> {}

// SAFETY: a write guard sent to another thread hands it the `&mut T` (`T:
// Send`) and the unlock, which any thread may make, as above.
unsafe impl<R: RawRwLock + Sync, T: Send + Sync> Send for WriteGuard<'_, R, T> {}

impl<R: RawRwLock, T> Deref for ReadGuard<'_, R, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.value.with(|value| {
            // SAFETY: a read lock is held, so no writer holds a `&mut T`;
            // the `&T` borrows the guard and cannot outlive the read lock.
            unsafe { &*value }
        })
    }
}

impl<R: RawRwLock, T> Drop for ReadGuard<'_, R, T> {
    fn drop(&mut self) {
        // SAFETY: `value` is never used again; it goes before the unlock.
        unsafe { ManuallyDrop::drop(&mut self.value) };
        // SAFETY: the guard exists only after its `read_lock` returned, and
        // this is its only unlock; the guard is gone once `drop` returns.
        unsafe { self.lock.raw.read_unlock() };
    }
}

impl<R: RawRwLock, T> Deref for WriteGuard<'_, R, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.value.with(|value| {
            // SAFETY: the write lock is held, so no other thread reaches the
            // value; the `&T` borrows the guard.
            unsafe { &*value }
        })
    }
}

impl<R: RawRwLock, T> DerefMut for WriteGuard<'_, R, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.value.with(|value| {
            // SAFETY: the write lock is held, and the `&mut T` borrows the
            // guard mutably, so it is the only reference while it lives.
            unsafe { &mut *value }
        })
    }
}

impl<R: RawRwLock, T> Drop for WriteGuard<'_, R, T> {
    fn drop(&mut self) {
        // SAFETY: `value` is never used again; it goes before the unlock.
        unsafe { ManuallyDrop::drop(&mut self.value) };
        // SAFETY: the guard exists only after its `write_lock` returned, and
        // this is its only unlock; the guard is gone once `drop` returns.
        unsafe { self.lock.raw.write_unlock() };
    }
}
