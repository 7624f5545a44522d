//! Step 1: one atomic reference count.

use crate::MAX_REFCOUNT;
use crate::sync::{AtomicUsize, Ordering, fence};
use std::ops::Deref;
use std::ptr::NonNull;

// ANCHOR: types
/// The heap block every clone points at: the count and the value, side by
/// side in one allocation.
struct ArcData<T> {
    /// How many `Arc`s point here.
    ref_count: AtomicUsize,
    value: T,
}

/// A shared, thread-safe, reference-counted pointer to a `T`.
pub struct Arc<T> {
    ptr: NonNull<ArcData<T>>,
}

// SAFETY: obligation of `Send`: an `Arc<T>` moved to another thread stays
// sound there. Moving one clone leaves others behind, so both threads reach
// the same `T` through `&T`, which is sharing: `T: Sync`. Whichever thread
// drops the last clone drops the `T` there, so the `T` changes threads:
// `T: Send`. The count itself is atomic.
unsafe impl<T: Send + Sync> Send for Arc<T> {}
// SAFETY: obligation of `Sync`: threads sharing `&Arc<T>` may each `clone`
// it, which makes `&Arc<T>` as powerful as `Arc<T>`, so the bounds are the
// same as for `Send`, for the same reasons.
unsafe impl<T: Send + Sync> Sync for Arc<T> {}
// ANCHOR_END: types

// ANCHOR: new
impl<T> Arc<T> {
    /// Moves `value` to the heap, with a count of one.
    pub fn new(value: T) -> Arc<T> {
        let data = Box::new(ArcData {
            ref_count: AtomicUsize::new(1),
            value,
        });
        Arc {
            ptr: NonNull::from(Box::leak(data)),
        }
    }

    fn inner(&self) -> &ArcData<T> {
        // SAFETY: the allocation lives as long as any `Arc` points at it,
        // and `self` is one; nothing writes to it except through atomics.
        unsafe { self.ptr.as_ref() }
    }

    /// How many `Arc`s point at this value. Another thread may change it
    /// the moment it is read, so it is for tests and diagnostics.
    pub fn strong_count(arc: &Self) -> usize {
        arc.inner().ref_count.load(Ordering::Relaxed)
    }
}

impl<T> Deref for Arc<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.inner().value
    }
}
// ANCHOR_END: new

// ANCHOR: clone
impl<T> Clone for Arc<T> {
    fn clone(&self) -> Self {
        // Relaxed: we already hold a reference, so the value is alive and
        // nothing needs to be made visible to us; atomicity is all we need.
        let old = self.inner().ref_count.fetch_add(1, Ordering::Relaxed);
        if old > MAX_REFCOUNT {
            // `mem::forget` in a loop could otherwise wrap the count to 0.
            std::process::abort();
        }
        Arc { ptr: self.ptr }
    }
}
// ANCHOR_END: clone

// ANCHOR: drop
impl<T> Drop for Arc<T> {
    fn drop(&mut self) {
        // Release: our uses of the value happen before this decrement...
        if self.inner().ref_count.fetch_sub(1, Ordering::Release) == 1 {
            // ...and Acquire: every other owner's decrement (with the uses
            // before it) happens before the free below.
            fence(Ordering::Acquire);
            // SAFETY: the count was 1, so this was the last `Arc`; nobody can
            // reach the allocation any more, and it came from `Box::leak`.
            drop(unsafe { Box::from_raw(self.ptr.as_ptr()) });
        }
    }
}
// ANCHOR_END: drop

impl<T: std::fmt::Debug> std::fmt::Debug for Arc<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}
