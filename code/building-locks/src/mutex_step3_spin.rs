//! Mutex step 3: spin briefly before sleeping. This is the crate's
//! [`Mutex`](crate::Mutex).
//!
//! Step 2 goes to sleep the moment it finds the lock taken. Critical
//! sections are often much shorter than a sleep and a wake-up, so this step
//! first watches the state with plain loads for a bounded number of turns,
//! the way std's futex mutex does, and sleeps only if the lock is still
//! held after that.

use crate::sync::{
    AtomicU32, MutPtr, Ordering, UnsafeCell, spin_loop, wait, wake_one,
};
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};

const UNLOCKED: u32 = 0;
const LOCKED: u32 = 1;
const CONTENDED: u32 = 2;

/// How many loads to spend waiting for the holder before going to sleep.
/// std uses 100. Under loom there is no spin at all: loom runs a thread that
/// calls `spin_loop` again only after another thread has made progress, so
/// even two turns let the holder of a short critical section unlock, and the
/// sleeping path below would never be reached in a model. The spin is only
/// `Relaxed` loads that decide nothing, so the model loses nothing by
/// skipping it; the compare-exchange after it still runs.
const SPIN_LIMIT: u32 = if cfg!(loom) { 0 } else { 100 };

/// A mutual-exclusion lock that sleeps while it waits and makes no system
/// call when nobody waits. Before it sleeps, it spins for a moment.
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
    pub(crate) mutex: &'a Mutex<T>,
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
            self.lock_contended();
        }
        MutexGuard::new(self)
    }

    /// Takes the lock if it is free, without waiting.
    pub fn try_lock(&self) -> Option<MutexGuard<'_, T>> {
        self.state
            .compare_exchange(
                UNLOCKED,
                LOCKED,
                Ordering::Acquire,
                Ordering::Relaxed,
            )
            .ok()
            .map(|_| MutexGuard::new(self))
    }

    // ANCHOR: contended
    /// The slow path, kept out of line so that `lock` stays small enough to
    /// inline.
    #[cold]
    fn lock_contended(&self) {
        // Spin while the holder is running and nobody sleeps yet. Once the
        // state is CONTENDED, others are asleep already, and spinning would
        // only let us jump the queue ahead of them for a while.
        let mut spins = SPIN_LIMIT;
        while spins > 0 && self.state.load(Ordering::Relaxed) == LOCKED {
            spin_loop();
            spins -= 1;
        }
        // The holder may have unlocked while we spun: take the lock as
        // LOCKED, which keeps the next unlock free of system calls.
        if self
            .state
            .compare_exchange(
                UNLOCKED,
                LOCKED,
                Ordering::Acquire,
                Ordering::Relaxed,
            )
            .is_ok()
        {
            return;
        }
        // Still held: sleep, exactly as in step 2.
        while self.state.swap(CONTENDED, Ordering::Acquire) != UNLOCKED {
            wait(&self.state, CONTENDED);
        }
    }
    // ANCHOR_END: contended
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
