//! Step 4: a sender and a receiver that each work once, by type.
//!
//! `send(self)` and `receive(self)` consume their handle, so sending or
//! receiving twice is a compile error, not a panic. The two halves share
//! the channel through an `Arc`.

use std::fmt;
use std::mem::MaybeUninit;

use crate::sync::{Arc, AtomicBool, Ordering, UnsafeCell};

// ANCHOR: types
/// The state both halves share.
struct Channel<T> {
    message: UnsafeCell<MaybeUninit<T>>,
    ready: AtomicBool,
}

// SAFETY: (the obligation of `Sync`) both halves reach the channel through
// `&Channel<T>` (via the `Arc`), possibly from two threads at once. Only
// the one `Sender` writes the slot, before its Release store of `ready`;
// only the one `Receiver` reads it, after an Acquire swap that saw `true`.
// The message moves from one thread to the other and is never shared, so
// `T: Send` is the bound.
unsafe impl<T: Send> Sync for Channel<T> {}

/// The sending half: one per channel, used at most once.
pub struct Sender<T> {
    channel: Arc<Channel<T>>,
}

/// The receiving half: one per channel, used at most once.
pub struct Receiver<T> {
    channel: Arc<Channel<T>>,
}

/// Creates a one-shot channel and returns its two halves.
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let channel = Arc::new(Channel {
        message: UnsafeCell::new(MaybeUninit::uninit()),
        ready: AtomicBool::new(false),
    });
    let sender = Sender {
        channel: Arc::clone(&channel),
    };
    (sender, Receiver { channel })
}
// ANCHOR_END: types

// ANCHOR: impl
impl<T> Sender<T> {
    /// Sends the message, consuming the sender.
    pub fn send(self, message: T) {
        self.channel.message.with_mut(|slot| {
            // SAFETY: there is one `Sender` per channel and `send` consumes
            // it, so this is the only write; the `Receiver` reads the slot
            // only after seeing `ready`, which we store below.
            unsafe { (*slot).write(message) };
        });
        self.channel.ready.store(true, Ordering::Release);
    }
}

impl<T> Receiver<T> {
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
            // SAFETY: our Acquire swap read `true`, so the sender's write is
            // complete and ordered before this read; `receive` consumes the
            // one `Receiver`, so the message is moved out once.
            unsafe { slot.cast::<T>().read() }
        })
    }
}

impl<T> Drop for Channel<T> {
    fn drop(&mut self) {
        // The last `Arc` is being dropped: nobody else can reach the
        // channel, and `Arc`'s own synchronisation ordered their accesses
        // before this one.
        if self.ready.load(Ordering::Relaxed) {
            self.message.with_mut(|slot| {
                // SAFETY: sent and not received: the slot holds a message
                // that nobody else will read or drop.
                unsafe { slot.cast::<T>().drop_in_place() }
            });
        }
    }
}
// ANCHOR_END: impl

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sender").finish_non_exhaustive()
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver")
            .field("ready", &self.is_ready())
            .finish_non_exhaustive()
    }
}
