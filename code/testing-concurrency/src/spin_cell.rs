//! A value behind a spin lock, updated by a closure. Three versions of
//! `update`: one that writes the new value after unlocking through a
//! pointer that escaped loom's `with_mut` (loom cannot see the write at
//! all), the same bug with the write inside `with_mut` (loom reports it),
//! and the correct one. Miri and ThreadSanitizer track every access, not
//! only those inside `with_mut`, and report the first version too.

use crate::sync::{AtomicBool, Ordering, UnsafeCell, spin_hint};

/// A value of type `T` that threads update under a spin lock.
#[derive(Debug)]
pub struct SpinCell<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// SAFETY: every access to `value` happens while holding `locked` (in the
// correct `update`), so one thread at a time touches the `T`, and `T: Send`
// lets it be touched from several threads in turn. (The two broken updates
// break this promise; that is their point.)
unsafe impl<T: Send> Sync for SpinCell<T> {}

impl<T: Copy> SpinCell<T> {
    /// A cell holding `value`.
    pub fn new(value: T) -> Self {
        Self {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    fn lock(&self) {
        while self
            .locked
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            spin_hint();
        }
    }

    fn unlock(&self) {
        self.locked.store(false, Ordering::Release);
    }

    // ANCHOR: escaping
    /// Replaces the value with `change(value)`. Broken: the new value is
    /// written after the unlock, through a raw pointer that left
    /// `with_mut`'s closure, so loom checks the moment the pointer is
    /// taken and never the write. (mutants: skip, broken on purpose)
    pub fn update_escaping(&self, change: impl FnOnce(T) -> T) {
        self.lock();
        let value: *mut T = self.value.with_mut(|value| value);
        // SAFETY: the read is sound: we hold the lock.
        let new = change(unsafe { *value });
        self.unlock();
        // SAFETY: none; this is the bug. The lock is released, so the next
        // holder may be reading the value while this write happens.
        unsafe { *value = new };
    }
    // ANCHOR_END: escaping

    // ANCHOR: late
    /// The same bug, with the late write inside `with_mut`, where loom
    /// checks it against happens-before. (mutants: skip, broken on purpose)
    pub fn update_late(&self, change: impl FnOnce(T) -> T) {
        self.lock();
        // SAFETY: the read is sound: we hold the lock.
        let new = change(self.value.with(|value| unsafe { *value }));
        self.unlock();
        // SAFETY: none; this is the bug: the lock is already released.
        self.value.with_mut(|value| unsafe { *value = new });
    }
    // ANCHOR_END: late

    // ANCHOR: update
    /// Replaces the value with `change(value)`, reading and writing it
    /// while holding the lock.
    pub fn update(&self, change: impl FnOnce(T) -> T) {
        self.lock();
        self.value.with_mut(|value| {
            // SAFETY: we hold the lock, so no other thread reads or writes
            // the value until `unlock` below, whose Release store the next
            // holder's Acquire compare-exchange reads.
            let value = unsafe { &mut *value };
            *value = change(*value);
        });
        self.unlock();
    }
    // ANCHOR_END: update

    /// The value, read under the lock.
    pub fn get(&self) -> T {
        self.lock();
        // SAFETY: we hold the lock (see `update`).
        let value = self.value.with(|value| unsafe { *value });
        self.unlock();
        value
    }
}
