//! A slot that is filled once and then read by any thread: the worked
//! solution. Compare it with `starter.rs` to see the two bugs loom finds.

use crate::sync::{AtomicU32, Ordering, UnsafeCell};
use std::mem::MaybeUninit;

/// Nobody has claimed the slot.
const EMPTY: u32 = 0;
/// A `set` has claimed the slot and is writing the value.
const WRITING: u32 = 1;
/// The value is written; `get` may read it.
const READY: u32 = 2;

/// A value that is set at most once and then shared by every thread that
/// reads it, without a lock.
#[derive(Debug)]
pub struct OnceSlot<T> {
    state: AtomicU32,
    value: UnsafeCell<MaybeUninit<T>>,
}

// SAFETY: the value is written by exactly one thread (the one whose
// compare-exchange took the slot from EMPTY to WRITING) before the
// Release store of READY, and read only after an Acquire load of READY, so
// every read happens after the write. Readers share `&T` across threads,
// so `T: Sync`; the value moves in from the setter's thread and is dropped
// by whichever thread drops the slot, so `T: Send`.
unsafe impl<T: Send + Sync> Sync for OnceSlot<T> {}

impl<T> Default for OnceSlot<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> OnceSlot<T> {
    /// An empty slot.
    pub fn new() -> Self {
        Self {
            state: AtomicU32::new(EMPTY),
            value: UnsafeCell::new(MaybeUninit::uninit()),
        }
    }

    /// Puts `value` in the slot, if nobody has before; otherwise gives it
    /// back.
    pub fn set(&self, value: T) -> Result<(), T> {
        // One step that checks EMPTY and claims the slot, so of two
        // setters exactly one wins. Relaxed: the claim publishes nothing;
        // the READY store below does.
        if self
            .state
            .compare_exchange(
                EMPTY,
                WRITING,
                Ordering::Relaxed,
                Ordering::Relaxed,
            )
            .is_err()
        {
            return Err(value);
        }
        self.value.with_mut(|slot| {
            // SAFETY: our compare-exchange moved the state from EMPTY to
            // WRITING, which happens once, so no other thread writes the
            // slot, and nobody reads it before seeing READY.
            unsafe { (*slot).write(value) };
        });
        // Release: a reader whose Acquire load sees READY sees the write.
        self.state.store(READY, Ordering::Release);
        Ok(())
    }

    /// The value, if it has been set.
    pub fn get(&self) -> Option<&T> {
        // Acquire: pairs with the Release store of READY in `set`.
        if self.state.load(Ordering::Acquire) != READY {
            return None;
        }
        // SAFETY: READY was stored (with Release) after the value was
        // written, and our Acquire load saw it, so the write happens
        // before this read, and nothing writes the slot again.
        let slot: &MaybeUninit<T> = self.value.with(|slot| unsafe { &*slot });
        // SAFETY: the value was written before READY (see above).
        Some(unsafe { slot.assume_init_ref() })
    }
}

impl<T> Drop for OnceSlot<T> {
    fn drop(&mut self) {
        // `&mut self`: no other thread can touch the slot now.
        if self.state.load(Ordering::Relaxed) == READY {
            self.value.with_mut(|slot| {
                // SAFETY: `&mut self`: no other reference to the slot
                // exists.
                let slot = unsafe { &mut *slot };
                // SAFETY: READY means the value was written, and it is
                // dropped only here, once.
                unsafe { slot.assume_init_drop() };
            });
        }
    }
}
