//! Step 2: a one-shot channel with an `unsafe` API.
//!
//! One slot and one flag. No lock, no allocation, and every rule left to
//! the caller.

use std::fmt;
use std::mem::MaybeUninit;

use crate::sync::{AtomicBool, Ordering, UnsafeCell};

// ANCHOR: type
/// A slot for exactly one message and a flag that says it is there.
pub struct Channel<T> {
    message: UnsafeCell<MaybeUninit<T>>,
    ready: AtomicBool,
}

// SAFETY: (the obligation of `Sync`) every method reachable through `&self`
// must be sound when called from several threads at once. Through `&self`
// the message is only ever moved in (`send`) and moved out (`receive`),
// never lent as `&T`, so `T` need not be `Sync`; it moves from the sending
// thread to the receiving one, so `T` must be `Send`. The two `unsafe fn`s
// make the caller promise one `send`, and one `receive` only after
// `is_ready` returned true; with those promises kept, the Release store and
// Acquire load of `ready` order the write of the message before its read.
unsafe impl<T: Send> Sync for Channel<T> {}
// ANCHOR_END: type

// ANCHOR: impl
impl<T> Channel<T> {
    /// Creates an empty channel.
    pub fn new() -> Self {
        Self {
            message: UnsafeCell::new(MaybeUninit::uninit()),
            ready: AtomicBool::new(false),
        }
    }

    /// Stores `message` in the channel.
    ///
    /// # Safety
    ///
    /// Call this at most once per channel, from one thread.
    pub unsafe fn send(&self, message: T) {
        self.message.with_mut(|slot| {
            // SAFETY: the caller promises this is the only `send`, and no
            // `receive` reads the slot before `ready` is true, which happens
            // only after this write. No other access to the slot exists.
            unsafe { (*slot).write(message) };
        });
        // Release: whoever sees `true` with an Acquire load also sees the
        // write above.
        self.ready.store(true, Ordering::Release);
    }

    /// Whether a message is waiting. `true` means `receive` may be called.
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Acquire)
    }

    /// Moves the message out of the channel.
    ///
    /// # Safety
    ///
    /// Call this at most once, and only after `is_ready` returned `true`
    /// (on this thread, so its Acquire load is what orders the read).
    pub unsafe fn receive(&self) -> T {
        let message = self.message.with_mut(|slot| {
            // SAFETY: `is_ready` returned true with an Acquire load that read
            // the sender's Release store, so the slot is initialised and the
            // write happened before this read; the caller promises this is
            // the only `receive`, so the value is moved out once.
            unsafe { slot.cast::<T>().read() }
        });
        // The slot is logically empty again: tell `Drop` not to drop it.
        // Nobody else reads `ready` after a receive but `Drop`, which is
        // ordered after us by whatever handed it the channel.
        self.ready.store(false, Ordering::Relaxed);
        message
    }
}
// ANCHOR_END: impl

impl<T> Default for Channel<T> {
    fn default() -> Self {
        Self::new()
    }
}

// ANCHOR: drop
impl<T> Drop for Channel<T> {
    fn drop(&mut self) {
        // `&mut self`: no other thread can touch the channel any more, and
        // whatever gave us exclusive access ordered their accesses before
        // ours, so Relaxed reads the final value.
        if self.ready.load(Ordering::Relaxed) {
            self.message.with_mut(|slot| {
                // SAFETY: `ready` is true, so `send` initialised the slot
                // and no `receive` moved the message out (it would have
                // reset `ready`): the message is dropped exactly once.
                unsafe { slot.cast::<T>().drop_in_place() }
            });
        }
    }
}
// ANCHOR_END: drop

impl<T> fmt::Debug for Channel<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Channel")
            .field("ready", &self.ready.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}
