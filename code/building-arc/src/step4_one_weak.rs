//! Step 4: the strong pointers share one weak reference, as in std.

use crate::MAX_REFCOUNT;
use crate::sync::{AtomicUsize, Ordering, UnsafeValueCell, fence, spin_loop};
use std::mem::ManuallyDrop;
use std::ops::Deref;
use std::ptr::NonNull;

// ANCHOR: types
struct ArcData<T> {
    /// How many `Arc`s point here. The value lives while this is above 0.
    strong: AtomicUsize,
    /// How many `Weak`s point here, plus one shared by all the `Arc`s
    /// together while any exists. `usize::MAX` while `get_mut` holds it
    /// locked. The allocation lives while this is above 0.
    weak: AtomicUsize,
    /// Dropped in place when `strong` reaches 0, while `Weak`s may still
    /// point at the allocation: hence `ManuallyDrop`, and a cell, because
    /// the drop writes through a pointer that others share.
    value: UnsafeValueCell<ManuallyDrop<T>>,
}

/// A shared, thread-safe, reference-counted pointer to a `T`.
pub struct Arc<T> {
    ptr: NonNull<ArcData<T>>,
}

/// A pointer that keeps the allocation, but not the value, alive.
pub struct Weak<T> {
    ptr: NonNull<ArcData<T>>,
}

// SAFETY: obligation of `Send` and `Sync`: as in step 1; moving or sharing
// either pointer lets another thread reach `&T` and perhaps drop the `T`.
unsafe impl<T: Send + Sync> Send for Arc<T> {}
// SAFETY: see above.
unsafe impl<T: Send + Sync> Sync for Arc<T> {}
// SAFETY: see above; a `Weak` can become an `Arc` on any thread.
unsafe impl<T: Send + Sync> Send for Weak<T> {}
// SAFETY: see above.
unsafe impl<T: Send + Sync> Sync for Weak<T> {}
// ANCHOR_END: types

/// The value of the weak count while `get_mut` holds it.
const LOCKED: usize = usize::MAX;

impl<T> Arc<T> {
    /// Moves `value` to the heap: one `Arc`, and the one weak reference all
    /// `Arc`s share.
    pub fn new(value: T) -> Arc<T> {
        let data = Box::new(ArcData {
            strong: AtomicUsize::new(1),
            weak: AtomicUsize::new(1),
            value: UnsafeValueCell::new(ManuallyDrop::new(value)),
        });
        Arc {
            ptr: NonNull::from(Box::leak(data)),
        }
    }

    fn inner(&self) -> &ArcData<T> {
        // SAFETY: our `Arc` keeps the shared weak reference, and with it the
        // allocation, alive. Only the counts are touched through this
        // shared reference; the value is reached through its cell.
        unsafe { self.ptr.as_ref() }
    }

    /// How many `Arc`s point at this value. Another thread may change it
    /// the moment it is read, so it is for tests and diagnostics.
    pub fn strong_count(arc: &Self) -> usize {
        arc.inner().strong.load(Ordering::Relaxed)
    }

    // ANCHOR: downgrade
    /// A `Weak` to the same value.
    pub fn downgrade(arc: &Self) -> Weak<T> {
        let weak = &arc.inner().weak;
        let mut count = weak.load(Ordering::Relaxed);
        loop {
            if count == LOCKED {
                // `get_mut` is between its two checks; it unlocks shortly.
                spin_loop();
                count = weak.load(Ordering::Relaxed);
                continue;
            }
            if count > MAX_REFCOUNT {
                std::process::abort();
            }
            // Acquire pairs with the Release store that unlocks in
            // `get_mut` (as in std): `get_mut`'s read of the strong count
            // happens before whatever this thread does next, such as
            // dropping its `Arc`.
            match weak.compare_exchange_weak(
                count,
                count + 1,
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                Ok(_) => {
                    return Weak { ptr: arc.ptr };
                }
                Err(actual) => count = actual,
            }
        }
    }
    // ANCHOR_END: downgrade

    // ANCHOR: get_mut
    /// A mutable reference to the value, if no other `Arc` and no `Weak`
    /// points at it.
    pub fn get_mut(arc: &mut Self) -> Option<&mut T> {
        let data = arc.inner();
        // Weak count 1 means no `Weak` exists, only the one the `Arc`s share.
        // Lock it there, so that no `downgrade` can make a new `Weak` while
        // we look at the strong count. Acquire pairs with the Release
        // decrement in `Weak::drop`: whatever a dropped `Weak` did before
        // (an `upgrade`, with the uses and the drop of that `Arc`) happens
        // before what we do next.
        if data
            .weak
            .compare_exchange(1, LOCKED, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            return None;
        }
        // Acquire pairs with the Release decrement of each dropped `Arc`.
        let unique = data.strong.load(Ordering::Acquire) == 1;
        // Unlock. Release: our reads above happen before a later `downgrade`.
        data.weak.store(1, Ordering::Release);
        if !unique {
            return None;
        }
        // SAFETY: the strong count was 1 and ours is that `Arc`, held
        // mutably, so no other `Arc` exists and none can be cloned. While the
        // count was locked no `Weak` existed and none could be made, and
        // with `arc` borrowed no `downgrade` can make one while the returned
        // borrow lives. So nothing else can reach the value.
        Some(unsafe { &mut *arc.inner().value.get() })
    }
    // ANCHOR_END: get_mut

    // mutants: skip (broken on purpose, to show loom catching it)
    // ANCHOR: get_mut_unlocked
    /// `get_mut` without the lock: two plain loads. Wrong; it exists, under
    /// `--cfg loom` only, so that `tests/loom.rs` can show loom catching it.
    #[cfg(loom)]
    #[doc(hidden)]
    pub fn get_mut_unlocked(arc: &mut Self) -> Option<&mut T> {
        let data = arc.inner();
        let no_weak = data.weak.load(Ordering::Acquire) == 1;
        // A `downgrade` and a drop of the other `Arc` can happen right here.
        let unique = data.strong.load(Ordering::Acquire) == 1;
        if !(no_weak && unique) {
            return None;
        }
        // SAFETY: none: the two loads are not one snapshot. Loom reports it.
        Some(unsafe { &mut *arc.inner().value.get() })
    }
    // ANCHOR_END: get_mut_unlocked
}

impl<T> Deref for Arc<T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: the value lives while `strong` is above 0, and our `Arc`
        // counts there. Only the last `Arc`'s drop writes to it.
        unsafe { &*self.inner().value.get() }
    }
}

// ANCHOR: arc_clone_drop
impl<T> Clone for Arc<T> {
    fn clone(&self) -> Self {
        // One counter again: the new `Arc` shares the existing weak reference.
        if self.inner().strong.fetch_add(1, Ordering::Relaxed) > MAX_REFCOUNT {
            std::process::abort();
        }
        Arc { ptr: self.ptr }
    }
}

impl<T> Drop for Arc<T> {
    fn drop(&mut self) {
        if self.inner().strong.fetch_sub(1, Ordering::Release) == 1 {
            fence(Ordering::Acquire);
            // SAFETY: `strong` was 1, so this was the last `Arc`: no `Arc`
            // can reach the value, and `upgrade` never raises `strong` from
            // 0, so none ever will. `Weak`s never touch the value.
            // `ManuallyDrop<T>` has the layout of `T`, so the cast points at
            // the `T`, which we drop in place.
            unsafe {
                std::ptr::drop_in_place(self.inner().value.get().cast::<T>())
            };
            // The last `Arc` gives back the weak reference all of them
            // shared: dropping it frees the allocation if no `Weak` is left.
            drop(Weak { ptr: self.ptr });
        }
    }
}
// ANCHOR_END: arc_clone_drop

impl<T> Weak<T> {
    fn inner(&self) -> &ArcData<T> {
        // SAFETY: our `Weak` counts in the weak count, which keeps the
        // allocation alive. Only the counts are touched through this
        // shared reference.
        unsafe { self.ptr.as_ref() }
    }

    /// An `Arc` to the value, if it is still alive.
    pub fn upgrade(&self) -> Option<Arc<T>> {
        let strong = &self.inner().strong;
        let mut count = strong.load(Ordering::Relaxed);
        loop {
            if count == 0 {
                // The value has been dropped, or is being dropped: never
                // bring it back from 0.
                return None;
            }
            if count > MAX_REFCOUNT {
                std::process::abort();
            }
            // Only from the `count` we saw to one more: if the last `Arc`
            // has dropped it to 0 in the meantime, this fails and we look
            // again.
            match strong.compare_exchange_weak(
                count,
                count + 1,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                // The new `Arc` shares the weak reference the existing
                // `Arc`s hold, so the weak count does not change.
                Ok(_) => {
                    return Some(Arc { ptr: self.ptr });
                }
                Err(actual) => count = actual,
            }
        }
    }
}

impl<T> Clone for Weak<T> {
    fn clone(&self) -> Self {
        // No `get_mut` can hold the lock while this `Weak` exists (it locks
        // only at 1, which means no `Weak`), so a plain increment is safe.
        if self.inner().weak.fetch_add(1, Ordering::Relaxed) > MAX_REFCOUNT {
            std::process::abort();
        }
        Weak { ptr: self.ptr }
    }
}

impl<T> Drop for Weak<T> {
    fn drop(&mut self) {
        // The same pattern as step 1, one level down: the last `Arc` drops
        // the value and only then gives up its weak reference, with the
        // Release decrement here, so the drop of the value happens before
        // the free.
        if self.inner().weak.fetch_sub(1, Ordering::Release) == 1 {
            fence(Ordering::Acquire);
            // SAFETY: the weak count was 1: no `Weak` is left and no `Arc`
            // either (they give back their shared reference only after the
            // value is dropped). The value is in `ManuallyDrop`, so freeing
            // the box does not drop it again.
            drop(unsafe { Box::from_raw(self.ptr.as_ptr()) });
        }
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Arc<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl<T> std::fmt::Debug for Weak<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("(Weak)")
    }
}
