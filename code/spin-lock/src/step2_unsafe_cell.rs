//! Step 2: the lock owns its data.
//!
//! `SpinLock<T>` keeps the value it protects in an `UnsafeCell<T>`, so the
//! only way to reach the value is through the lock. `lock` hands out
//! `&mut T`; `unlock` is `unsafe`, because the compiler cannot tell whether
//! that `&mut T` is still in use. Step 3 replaces the promise with a guard.

use crate::sync::{AtomicBool, Ordering, UnsafeCell, spin_loop};

// ANCHOR: type
/// A spin lock that owns the value it protects.
#[derive(Debug)]
pub struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// `UnsafeCell<T>` is never `Sync`, so the compiler derives `!Sync` for
// `SpinLock<T>`, and we have to promise it ourselves.
//
// SAFETY: sharing `&SpinLock<T>` between threads lets each of them call
// `lock` and get a `&mut T`. The lock lets one thread at a time do so (the
// compare-exchange in `lock` succeeds for exactly one thread until the next
// `unlock`), and the Acquire compare-exchange and the Release store order
// each holder's accesses after the previous holder's. So the `T` is only
// ever used by one thread at a time, handed from thread to thread: that is
// what moving a `T` (or a `&mut T`) to another thread does, and `T: Send`
// makes that sound. `T: Sync` is not needed, because no two threads ever
// hold `&T` at the same time. std's `Mutex<T>` makes the same promise with
// the same bound.
unsafe impl<T: Send> Sync for SpinLock<T> {}
// ANCHOR_END: type

// ANCHOR: impl
impl<T> SpinLock<T> {
    /// An unlocked lock holding `value`.
    pub fn new(value: T) -> Self {
        Self {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    /// Waits for the lock and returns exclusive access to the value.
    ///
    /// The reference is valid until the matching [`unlock`](Self::unlock);
    /// the borrow checker does not know that, so the lint that warns about
    /// `&mut` from `&self` is allowed here on purpose.
    #[allow(clippy::mut_from_ref)]
    pub fn lock(&self) -> &mut T {
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
            spin_loop();
        }
        self.value.with_mut(|value| {
            // SAFETY: our compare-exchange changed `locked` from false to
            // true, so we hold the lock and no other thread can reach the
            // value until `unlock`, whose contract forbids using this
            // reference after it. The pointer comes from `self`, so it is
            // valid and aligned.
            unsafe { &mut *value }
        })
    }

    /// Releases the lock.
    ///
    /// # Safety
    ///
    /// The caller must hold the lock (its `lock` returned and it has not
    /// unlocked since), and must not use the `&mut T` that `lock` returned
    /// after this call: the next holder gets its own `&mut T` to the same
    /// value.
    pub unsafe fn unlock(&self) {
        // Release: everything we wrote while holding the lock becomes
        // visible to the thread whose Acquire compare-exchange reads this
        // `false`.
        self.locked.store(false, Ordering::Release);
    }
}
// ANCHOR_END: impl

impl<T> SpinLock<T> {
    /// Consumes the lock and returns the value; `self` by value means no
    /// thread can hold the lock any more.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }
}
