//! Deliberately wrong reference counting, compiled only under `--cfg loom`,
//! so that `tests/loom.rs` can show loom catching each mistake. Never use
//! these.

use crate::sync::{AtomicUsize, Ordering};
use std::ops::Deref;
use std::ptr::NonNull;

struct ArcData<T> {
    ref_count: AtomicUsize,
    value: T,
}

// ANCHOR: relaxed_drop
/// Step 1 with the decrement `Relaxed` and no fence: "it is just a counter".
#[derive(Debug)]
pub struct RelaxedArc<T> {
    ptr: NonNull<ArcData<T>>,
}

// SAFETY: obligation of `Send`: none is met; this type exists to be caught
// by loom, in models whose values are `Send + Sync`.
unsafe impl<T: Send + Sync> Send for RelaxedArc<T> {}

impl<T> Drop for RelaxedArc<T> {
    fn drop(&mut self) {
        if self.inner().ref_count.fetch_sub(1, Ordering::Relaxed) == 1 {
            // SAFETY: none: nothing orders the other owners' last uses
            // before this free. Loom reports it.
            drop(unsafe { Box::from_raw(self.ptr.as_ptr()) });
        }
    }
}
// ANCHOR_END: relaxed_drop

impl<T> RelaxedArc<T> {
    /// Moves `value` to the heap, with a count of one.
    pub fn new(value: T) -> Self {
        let data = Box::new(ArcData {
            ref_count: AtomicUsize::new(1),
            value,
        });
        RelaxedArc {
            ptr: NonNull::from(Box::leak(data)),
        }
    }

    fn inner(&self) -> &ArcData<T> {
        // SAFETY: the allocation lives while the count is above 0.
        unsafe { self.ptr.as_ref() }
    }
}

impl<T> Clone for RelaxedArc<T> {
    fn clone(&self) -> Self {
        self.inner().ref_count.fetch_add(1, Ordering::Relaxed);
        RelaxedArc { ptr: self.ptr }
    }
}

impl<T> Deref for RelaxedArc<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.inner().value
    }
}
