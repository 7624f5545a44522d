//! Mutex step 2: a third state, so that `unlock` wakes only when needed.
//!
//! `state` is 0 (unlocked), 1 (locked, nobody waiting) or 2 (locked, and
//! some thread may be waiting). Only a thread that is about to sleep sets
//! 2, so an unlock that finds 1 knows that nobody sleeps and skips the
//! system call.

use crate::sync::{AtomicU32, MutPtr, Ordering, UnsafeCell, wait, wake_one};
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};

const UNLOCKED: u32 = 0;
const LOCKED: u32 = 1;
const CONTENDED: u32 = 2;

/// A mutual-exclusion lock that sleeps while it waits and makes no system
/// call when nobody waits.
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
        // The fast path: a free lock becomes LOCKED, "nobody waits".
        if self
            .state
            .compare_exchange(
                UNLOCKED,
                LOCKED,
                Ordering::Acquire,
                Ordering::Relaxed,
            )
            .is_err()
        {
            // The slow path. From here on we take the lock as CONTENDED,
            // never as LOCKED: we cannot know whether other threads are
            // still asleep, so the unlock must assume they are.
            while self.state.swap(CONTENDED, Ordering::Acquire) != UNLOCKED {
                wait(&self.state, CONTENDED);
            }
        }
        MutexGuard::new(self)
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        // SAFETY: `value` is never used again; it must go before the
        // unlock, while this thread still holds the lock.
        unsafe { ManuallyDrop::drop(&mut self.value) };
        // Only a thread that went to sleep (or was about to) set CONTENDED.
        // If the state was LOCKED, nobody is asleep: no system call.
        if self.mutex.state.swap(UNLOCKED, Ordering::Release) == CONTENDED {
            wake_one(&self.mutex.state);
        }
    }
}
// ANCHOR_END: lock

impl<T> Mutex<T> {
    /// Whether the state is CONTENDED: a thread has said it may be asleep,
    /// so the next unlock will wake one. A snapshot for tests and
    /// diagnostics, stale as soon as it returns.
    pub fn is_contended(&self) -> bool {
        self.state.load(Ordering::Relaxed) == CONTENDED
    }

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
