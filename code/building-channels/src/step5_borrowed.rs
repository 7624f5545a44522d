//! Step 5: the same typed halves, borrowing the channel instead of sharing
//! an `Arc`.
//!
//! The caller owns the `Channel` (on the stack, say) and `split` lends it
//! to both halves. No allocation, no reference count; the borrow checker
//! makes sure the channel outlives both halves.

use std::fmt;
use std::mem::MaybeUninit;

use crate::sync::{AtomicBool, Ordering, UnsafeCell};

// ANCHOR: types
/// A one-shot channel that its halves borrow.
pub struct Channel<T> {
    message: UnsafeCell<MaybeUninit<T>>,
    ready: AtomicBool,
}

// SAFETY: (the obligation of `Sync`) the halves share `&Channel<T>` between
// (at most) two threads. Only the `Sender` writes the slot, before its
// Release store; only the `Receiver` reads it, after an Acquire swap that
// saw `true`; `split` takes `&mut self`, so no halves from an earlier split
// are alive. The message moves between threads and is never shared, so the
// bound is `T: Send`.
unsafe impl<T: Send> Sync for Channel<T> {}

/// The sending half, borrowing its channel for `'a`.
pub struct Sender<'a, T> {
    channel: &'a Channel<T>,
}

/// The receiving half, borrowing its channel for `'a`.
pub struct Receiver<'a, T> {
    channel: &'a Channel<T>,
}

impl<T> Channel<T> {
    /// Creates an empty channel.
    pub fn new() -> Self {
        Self {
            message: UnsafeCell::new(MaybeUninit::uninit()),
            ready: AtomicBool::new(false),
        }
    }

    /// Lends the channel to a new pair of halves.
    ///
    /// `&mut self` guarantees no halves of an earlier split still exist.
    /// The channel starts over empty, dropping any message that was sent
    /// and never received.
    pub fn split(&mut self) -> (Sender<'_, T>, Receiver<'_, T>) {
        *self = Self::new();
        (Sender { channel: self }, Receiver { channel: self })
    }
}
// ANCHOR_END: types

// ANCHOR: impl
impl<T> Sender<'_, T> {
    /// Sends the message, consuming the sender.
    pub fn send(self, message: T) {
        self.channel.message.with_mut(|slot| {
            // SAFETY: one `Sender` per split, consumed here, so this is the
            // only write; the `Receiver` reads only after seeing `ready`.
            unsafe { (*slot).write(message) };
        });
        self.channel.ready.store(true, Ordering::Release);
    }
}

impl<T> Receiver<'_, T> {
    /// Whether the message has arrived.
    pub fn is_ready(&self) -> bool {
        self.channel.ready.load(Ordering::Relaxed)
    }

    /// Takes the message, consuming the receiver.
    ///
    /// # Panics
    ///
    /// If no message has been sent yet.
    pub fn receive(self) -> T {
        // Acquire pairs with the Release store in `send`. Swapping in
        // `false` tells `Drop` that the message is gone.
        if !self.channel.ready.swap(false, Ordering::Acquire) {
            panic!("no message to receive");
        }
        self.channel.message.with_mut(|slot| {
            // SAFETY: the Acquire swap read the sender's `true`, so the write
            // is complete and ordered before this read; one `Receiver` per
            // split, consumed here, so the message moves out once.
            unsafe { slot.cast::<T>().read() }
        })
    }
}
// ANCHOR_END: impl

impl<T> Default for Channel<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Drop for Channel<T> {
    fn drop(&mut self) {
        // `&mut self`: the halves' borrows have ended, so every access they
        // made is over and ordered before this one.
        if self.ready.load(Ordering::Relaxed) {
            self.message.with_mut(|slot| {
                // SAFETY: sent and not received: the slot holds a message
                // that nobody else will read or drop.
                unsafe { slot.cast::<T>().drop_in_place() }
            });
        }
    }
}

impl<T> fmt::Debug for Channel<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Channel")
            .field("ready", &self.ready.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl<T> fmt::Debug for Sender<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sender").finish_non_exhaustive()
    }
}

impl<T> fmt::Debug for Receiver<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver")
            .field("ready", &self.is_ready())
            .finish_non_exhaustive()
    }
}
