//! The read and write guards, shared by every RwLock step: each step's lock
//! implements [`RawRwLock`] (how to lock and unlock), and the guards turn
//! that into a safe API.

use crate::sync::UnsafeCell;
use std::ops::{Deref, DerefMut};

/// The locking protocol of one RwLock step.
///
/// # Safety
///
/// Implementors promise: while `write_lock` has returned and
/// `write_unlock` has not been called, no other `read_lock` or `write_lock`
/// returns; a `read_lock` excludes every writer the same way; each unlock
/// is a Release operation that the next conflicting lock acquires.
pub unsafe trait RawRwLock {
    fn read_lock(&self);
    fn read_unlock(&self);
    fn write_lock(&self);
    fn write_unlock(&self);
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

    /// Waits until no writer holds the lock, then shares the value.
    pub fn read(&self) -> ReadGuard<'_, R, T> {
        self.raw.read_lock();
        ReadGuard { lock: self }
    }

    /// Waits until nobody holds the lock, then takes the value exclusively.
    pub fn write(&self) -> WriteGuard<'_, R, T> {
        self.raw.write_lock();
        WriteGuard { lock: self }
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
}

/// Exclusive access; dropping it unlocks.
#[derive(Debug)]
#[must_use = "the lock is released as soon as the guard is dropped"]
pub struct WriteGuard<'a, R: RawRwLock, T> {
    lock: &'a RwLock<R, T>,
}

// SAFETY: a shared write guard gives out only `&T`, sound when `T: Sync`.
unsafe impl<R: RawRwLock + Sync, T: Sync> Sync for WriteGuard<'_, R, T> {}

impl<R: RawRwLock, T> Deref for ReadGuard<'_, R, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.lock.value.with(|value| {
            // SAFETY: a read lock is held, so no writer holds a `&mut T`;
            // the `&T` borrows the guard and cannot outlive the read lock.
            unsafe { &*value }
        })
    }
}

impl<R: RawRwLock, T> Drop for ReadGuard<'_, R, T> {
    fn drop(&mut self) {
        self.lock.raw.read_unlock();
    }
}

impl<R: RawRwLock, T> Deref for WriteGuard<'_, R, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.lock.value.with(|value| {
            // SAFETY: the write lock is held, so no other thread reaches the
            // value; the `&T` borrows the guard.
            unsafe { &*value }
        })
    }
}

impl<R: RawRwLock, T> DerefMut for WriteGuard<'_, R, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.lock.value.with_mut(|value| {
            // SAFETY: the write lock is held, and the `&mut T` borrows the
            // guard mutably, so it is the only reference while it lives.
            unsafe { &mut *value }
        })
    }
}

impl<R: RawRwLock, T> Drop for WriteGuard<'_, R, T> {
    fn drop(&mut self) {
        self.lock.raw.write_unlock();
    }
}
