//! Companion code for the chapter "Send and Sync".
//!
//! The library holds the one type of the chapter that needs `unsafe`:
//! [`OnceSlot`], a write-once slot that many threads may race to fill and
//! then read. It exists to show an `unsafe impl Sync` together with the
//! argument that makes it sound. The runnable programs live in `examples/`,
//! the programs that must not compile in `compile_fail/`.

mod sync;

// The exercise's type lives in its own file so that the starter and the
// solution share it, and the compiler's messages about it (checked by
// `tests/exercise.rs`) are the same for both. The starter leaves its field
// unread until the learner fills in the bodies.
#[cfg_attr(not(feature = "solution"), allow(dead_code))]
#[path = "../exercise/hit_counter.rs"]
mod hit_counter;

#[cfg_attr(not(feature = "solution"), path = "../exercise/starter.rs")]
#[cfg_attr(feature = "solution", path = "../exercise/solution.rs")]
pub mod exercise;

// ANCHOR: once_slot
use crate::sync::{AtomicU8, Ordering, UnsafeCell};
use std::fmt;
use std::mem::MaybeUninit;

/// Nobody has claimed the slot yet.
const EMPTY: u8 = 0;
/// One thread won the race and is moving its value in.
const WRITING: u8 = 1;
/// The value is in place and will not change until the slot is dropped.
const READY: u8 = 2;

/// A slot that can be filled once, from any thread, and read by many.
///
/// `set` takes `&self`, so several threads holding `&OnceSlot<T>` may race
/// to fill it: exactly one wins, the others get their value back. Once the
/// value is in, `get` hands out `&T` to every thread that asks.
pub struct OnceSlot<T> {
    state: AtomicU8,
    value: UnsafeCell<MaybeUninit<T>>,
}

// `Send` is left to the compiler: `AtomicU8` is `Send`, and
// `UnsafeCell<MaybeUninit<T>>` is `Send` exactly when `T` is, so the slot
// moves between threads exactly when its value may. `Sync` is another
// matter: `UnsafeCell` is never `Sync`, so the compiler derives `!Sync` and
// we must promise it ourselves.
//
// SAFETY: sharing `&OnceSlot<T>` between threads lets every one of them call
// `set` and `get`, so the impl must make both safe to call concurrently:
// - The slot itself: only the thread whose compare-exchange moved the state
//   from EMPTY to WRITING ever writes the cell, and readers touch it only
//   after seeing READY, which is stored after that write. So no two threads
//   access the cell at once unless both only read.
// - `T: Send`: `set(&self, value)` moves a `T` owned by the calling thread
//   into the slot, and the slot is later dropped, with the `T` in it, by
//   whichever thread owns the slot. That is a `T` crossing threads, which is
//   what `Send` permits. Without this bound a thread could park a
//   `MutexGuard` (which is `Sync` but not `Send`) in a slot owned by another
//   thread, which would then unlock the mutex from the wrong thread.
// - `T: Sync`: `get(&self)` hands out `&T` to every thread that shares the
//   slot, and `&T` may cross threads only if `T: Sync`. Without this bound a
//   `OnceSlot<Cell<u64>>` would let two threads call `Cell::set` on the same
//   `Cell` at once: a data race.
// std's `OnceLock<T>` makes the same promise with the same bounds:
// `unsafe impl<T: Sync + Send> Sync for OnceLock<T>`.
unsafe impl<T: Send + Sync> Sync for OnceSlot<T> {}

impl<T> OnceSlot<T> {
    /// Creates an empty slot.
    pub fn new() -> Self {
        Self {
            state: AtomicU8::new(EMPTY),
            value: UnsafeCell::new(MaybeUninit::uninit()),
        }
    }

    /// Fills the slot with `value` if nobody has; otherwise hands `value`
    /// back as `Err(value)`.
    pub fn set(&self, value: T) -> Result<(), T> {
        // Relaxed is enough for the claim: the compare-exchange is atomic
        // whatever its ordering, so exactly one thread wins, and the cell
        // has never been written before, so there is no earlier write the
        // winner would need to see.
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
        self.value.with_mut(|cell| {
            // SAFETY: our compare-exchange is the only one that can ever
            // succeed, so no other thread writes the cell; readers wait for
            // READY, which we have not stored yet, so none reads it. The
            // pointer comes from `self`, so it is valid and aligned.
            unsafe { cell.write(MaybeUninit::new(value)) };
        });
        // Release: everything this thread did before (the write above) is
        // visible to any thread whose Acquire load sees READY.
        self.state.store(READY, Ordering::Release);
        Ok(())
    }

    /// The value, if a `set` has completed.
    pub fn get(&self) -> Option<&T> {
        // Acquire pairs with the Release store in `set`: if we see READY we
        // also see the complete value written before it.
        if self.state.load(Ordering::Acquire) != READY {
            return None;
        }
        let value = self.value.with(|cell| {
            // SAFETY: the pointer comes from `self`, so it is valid for as
            // long as `&self` is; after READY nobody writes the cell again
            // (`Drop` needs `&mut self`), so a shared reference is fine.
            let cell: &MaybeUninit<T> = unsafe { &*cell };
            // SAFETY: READY is stored only after the value was written, and
            // our Acquire load made that write visible to this thread.
            unsafe { cell.assume_init_ref() }
        });
        Some(value)
    }
}

impl<T> Drop for OnceSlot<T> {
    fn drop(&mut self) {
        // Relaxed is enough: `&mut self` means no other thread can touch the
        // slot any more, and whatever handed us the last reference (a
        // `join`, an `Arc` drop) already ordered their writes before us.
        if self.state.load(Ordering::Relaxed) == READY {
            self.value.with_mut(|cell| {
                // SAFETY: READY means the value was initialised, and this is
                // the only place it is dropped, once, with exclusive access.
                unsafe { std::ptr::drop_in_place(cell.cast::<T>()) };
            });
        }
    }
}
// ANCHOR_END: once_slot

impl<T> Default for OnceSlot<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: fmt::Debug> fmt::Debug for OnceSlot<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OnceSlot")
            .field("value", &self.get())
            .finish()
    }
}
