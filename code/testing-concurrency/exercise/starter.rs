//! A slot that is filled once and then read by any thread: the `OnceSlot`
//! of the "Send and Sync" chapter, rewritten with two bugs that its tests
//! on x86-64 do not show (do not look at that chapter's code until you
//! are done). Find them with loom: `cargo xtask
//! loom testing-concurrency --exercise` runs the loom models at the end of
//! `tests/exercise.rs` on this file; read the report, find the line, fix
//! it, and run them again.

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

// SAFETY: the value is written by the one thread that claimed the slot,
// before it stores READY, and read only after a load of READY, so every
// read happens after the write. Readers share `&T` across threads,
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
        // Claim the slot: only a setter that finds it EMPTY may write.
        if self.state.load(Ordering::Relaxed) != EMPTY {
            return Err(value);
        }
        self.state.store(WRITING, Ordering::Relaxed);
        self.value.with_mut(|slot| {
            // SAFETY: we found the slot EMPTY and marked it WRITING, so no
            // other thread writes it, and nobody reads it before READY.
            unsafe { (*slot).write(value) };
        });
        // Tell the readers.
        self.state.store(READY, Ordering::Relaxed);
        Ok(())
    }

    /// The value, if it has been set.
    pub fn get(&self) -> Option<&T> {
        // Acquire: pairs with the Release store of READY in `set`.
        if self.state.load(Ordering::Acquire) != READY {
            return None;
        }
        // SAFETY: READY was stored after the value was written, and our
        // Acquire load saw it, so the write happens before this read, and
        // nothing writes the slot again.
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
