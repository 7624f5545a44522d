//! Mutex step 1: a futex mutex with two states.
//!
//! `state` is 0 when unlocked and 1 when locked. A thread that finds the
//! lock taken sleeps on `state` with a futex wait instead of spinning, and
//! `unlock` wakes one sleeper. It works, but it makes a `wake_one` system
//! call on every unlock, even when nobody is waiting.

use crate::sync::{AtomicU32, MutPtr, Ordering, UnsafeCell, wait, wake_one};
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};

const UNLOCKED: u32 = 0;
const LOCKED: u32 = 1;

/// A mutual-exclusion lock that sleeps while it waits.
#[derive(Debug)]
pub struct Mutex<T> {
    state: AtomicU32,
    value: UnsafeCell<T>,
}

// SAFETY: `lock` lets one thread at a time reach the `T`, through a guard,
// and the Release unlock in the guard's `Drop` paired with the Acquire
// operation that takes the lock in `lock` orders each holder after the
// previous one. The `T` is handed from thread to thread but never used by
// two at once, which needs `T: Send` and nothing more (std's `Mutex` has
// the same bound).
unsafe impl<T: Send> Sync for Mutex<T> {}

/// Proof that the current thread holds the lock. Dereference it to reach
/// the value; drop it to unlock.
#[derive(Debug)]
#[must_use = "the lock is released as soon as the guard is dropped"]
pub struct MutexGuard<'a, T> {
    mutex: &'a Mutex<T>,
    /// The value, held for the guard's whole life (see `MutexGuard::new`).
    value: ManuallyDrop<MutPtr<T>>,
}

// SAFETY: through `&MutexGuard` a thread gets only `&T`, so sharing the
// guard shares `&T`, which is sound exactly when `T: Sync`.
unsafe impl<T: Sync> Sync for MutexGuard<'_, T> {}

// SAFETY: sending the guard hands the `&mut T` access to another thread,
// which needs `T: Send`, and that thread's unlock is an atomic swap or store
// and a futex wake, which any thread may make. (The raw pointer inside is
// what stops the compiler from deriving this.)
unsafe impl<T: Send> Send for MutexGuard<'_, T> {}

impl<'a, T> MutexGuard<'a, T> {
    /// The guard of a lock this thread has just taken. It keeps a pointer to
    /// the value for its whole life, dropped just before the unlock, so that
    /// under loom the value counts as in use for as long as the guard lives,
    /// not only at the instants it is dereferenced.
    fn new(mutex: &'a Mutex<T>) -> Self {
        Self {
            mutex,
            value: ManuallyDrop::new(mutex.value.get_mut()),
        }
    }
}

// ANCHOR: lock
impl<T> Mutex<T> {
    /// An unlocked mutex holding `value`.
    pub fn new(value: T) -> Self {
        Self {
            state: AtomicU32::new(UNLOCKED),
            value: UnsafeCell::new(value),
        }
    }

    /// Waits until the lock is free, takes it, and returns a guard.
    pub fn lock(&self) -> MutexGuard<'_, T> {
        // Acquire: the compare-exchange that finds UNLOCKED synchronises
        // with the previous holder's Release store.
        while self
            .state
            .compare_exchange(
                UNLOCKED,
                LOCKED,
                Ordering::Acquire,
                Ordering::Relaxed,
            )
            .is_err()
        {
            // Sleep, but only if the state is still LOCKED: the kernel
            // checks that and goes to sleep as one step, so an unlock
            // between our attempt and this call cannot be missed.
            wait(&self.state, LOCKED);
        }
        MutexGuard::new(self)
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        // SAFETY: `value` is never used again; it must go before the
        // unlock, while this thread still holds the lock.
        unsafe { ManuallyDrop::drop(&mut self.value) };
        self.mutex.state.store(UNLOCKED, Ordering::Release);
        // We do not know whether anyone sleeps, so we always wake one:
        // a system call on every unlock.
        wake_one(&self.mutex.state);
    }
}
// ANCHOR_END: lock

impl<T> Mutex<T> {
    /// Consumes the mutex and returns the value.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.value.with(|value| {
            // SAFETY: the guard exists, so this thread holds the lock and no
            // other thread touches the value; the `&T` borrows the guard.
            unsafe { &*value }
        })
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.value.with(|value| {
            // SAFETY: this thread holds the lock, and the `&mut T` borrows
            // the guard mutably, so it is the only reference to the value
            // while it lives and cannot outlive the guard.
            unsafe { &mut *value }
        })
    }
}
