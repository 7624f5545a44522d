//! Step 3: `Weak` pointers, with every pointer counted in the weak count.

use crate::MAX_REFCOUNT;
use crate::sync::{AtomicUsize, Ordering, UnsafeValueCell, fence};
use std::mem::ManuallyDrop;
use std::ops::Deref;
use std::ptr::NonNull;

// ANCHOR: types
struct ArcData<T> {
    /// How many `Arc`s point here. The value lives while this is above 0.
    strong: AtomicUsize,
    /// How many `Arc`s *and* `Weak`s point here. The allocation lives while
    /// this is above 0.
    weak: AtomicUsize,
    /// Dropped in place when `strong` reaches 0, while `Weak`s may still
    /// point at the allocation: hence `ManuallyDrop`, and a cell, because
    /// the drop writes through a pointer that others share.
    value: UnsafeValueCell<ManuallyDrop<T>>,
}

/// A pointer that keeps the allocation, but not the value, alive.
pub struct Weak<T> {
    ptr: NonNull<ArcData<T>>,
}

/// A strong pointer is a weak one that also counts in `strong`.
pub struct Arc<T> {
    weak: Weak<T>,
}

// SAFETY: obligation of `Send` and `Sync`: as in step 1. A `Weak` can
// become an `Arc` with `upgrade`, on any thread that holds or shares it, so
// it needs the same bounds. `Arc` gets its impls from its `Weak` field.
unsafe impl<T: Send + Sync> Send for Weak<T> {}
// SAFETY: see above.
unsafe impl<T: Send + Sync> Sync for Weak<T> {}
// ANCHOR_END: types

impl<T> Weak<T> {
    fn inner(&self) -> &ArcData<T> {
        // SAFETY: the allocation lives while any `Weak` (every `Arc` holds
        // one) points at it. Only the counts are touched through this
        // shared reference; the value is reached through its cell.
        unsafe { self.ptr.as_ref() }
    }

    // ANCHOR: upgrade
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
                Ok(_) => return Some(Arc { weak: self.clone() }),
                Err(actual) => count = actual,
            }
        }
    }
    // ANCHOR_END: upgrade
}

impl<T> Clone for Weak<T> {
    fn clone(&self) -> Self {
        if self.inner().weak.fetch_add(1, Ordering::Relaxed) > MAX_REFCOUNT {
            std::process::abort();
        }
        Weak { ptr: self.ptr }
    }
}

// ANCHOR: weak_drop
impl<T> Drop for Weak<T> {
    fn drop(&mut self) {
        // The same pattern as step 1, one level down: the last `Arc` drops
        // the value and only then gives up its weak reference, with the
        // Release decrement here, so the drop of the value happens before
        // the free.
        if self.inner().weak.fetch_sub(1, Ordering::Release) == 1 {
            fence(Ordering::Acquire);
            // SAFETY: the weak count was 1 and every pointer counts in it,
            // so this was the last pointer of any kind. The value was
            // dropped when `strong` hit 0 and is in `ManuallyDrop`, so
            // freeing the box does not drop it again.
            drop(unsafe { Box::from_raw(self.ptr.as_ptr()) });
        }
    }
}
// ANCHOR_END: weak_drop

impl<T> Arc<T> {
    /// Moves `value` to the heap: one `Arc`, counted in both counts.
    pub fn new(value: T) -> Arc<T> {
        let data = Box::new(ArcData {
            strong: AtomicUsize::new(1),
            weak: AtomicUsize::new(1),
            value: UnsafeValueCell::new(ManuallyDrop::new(value)),
        });
        Arc {
            weak: Weak {
                ptr: NonNull::from(Box::leak(data)),
            },
        }
    }

    /// A `Weak` to the same value.
    pub fn downgrade(arc: &Self) -> Weak<T> {
        arc.weak.clone()
    }

    /// How many `Arc`s point at this value. Another thread may change it
    /// the moment it is read, so it is for tests and diagnostics.
    pub fn strong_count(arc: &Self) -> usize {
        arc.weak.inner().strong.load(Ordering::Relaxed)
    }

    // ANCHOR: get_mut
    /// A mutable reference to the value, if no other `Arc` and no `Weak`
    /// points at it.
    pub fn get_mut(arc: &mut Self) -> Option<&mut T> {
        // One load suffices: the weak count counts every pointer, so 1 means
        // ours is the only `Arc` and no `Weak` exists that could upgrade.
        // Acquire pairs with the Release decrements of dropped pointers.
        if arc.weak.inner().weak.load(Ordering::Acquire) == 1 {
            // SAFETY: ours is the only pointer of any kind, held mutably, so
            // nothing else can reach the value while the borrow lives.
            Some(unsafe { &mut *arc.weak.inner().value.get() })
        } else {
            None
        }
    }
    // ANCHOR_END: get_mut
}

impl<T> Deref for Arc<T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: the value lives while `strong` is above 0, and our `Arc`
        // counts there. Only the last `Arc`'s drop writes to it.
        unsafe { &*self.weak.inner().value.get() }
    }
}

// ANCHOR: clone
impl<T> Clone for Arc<T> {
    fn clone(&self) -> Self {
        // Two counters to bump: the price this step pays for `Weak`.
        let weak = self.weak.clone();
        if weak.inner().strong.fetch_add(1, Ordering::Relaxed) > MAX_REFCOUNT {
            std::process::abort();
        }
        Arc { weak }
    }
}
// ANCHOR_END: clone

// ANCHOR: arc_drop
impl<T> Drop for Arc<T> {
    fn drop(&mut self) {
        if self.weak.inner().strong.fetch_sub(1, Ordering::Release) == 1 {
            fence(Ordering::Acquire);
            // SAFETY: `strong` was 1, so this was the last `Arc`: no `Arc`
            // can reach the value, and `upgrade` never raises `strong` from
            // 0, so none ever will. `Weak`s never touch the value.
            // `ManuallyDrop<T>` has the layout of `T`, so the cast points at
            // the `T`, which we drop in place.
            unsafe {
                std::ptr::drop_in_place(
                    self.weak.inner().value.get().cast::<T>(),
                )
            };
        }
        // Our `weak` field drops next and decrements the weak count.
    }
}
// ANCHOR_END: arc_drop

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
