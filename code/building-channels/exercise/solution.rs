//! Solution: a blocking one-shot channel.
//!
//! `oneshot()` makes a `Sender` and a `Receiver` that share an `Inner`
//! through an `Arc`. `Receiver::receive` parks its thread until the message
//! arrives, and returns `Err(Disconnected)` if the sender is dropped without
//! sending.

use std::fmt;
use std::marker::PhantomData;
use std::mem::MaybeUninit;

pub use crate::disconnected::Disconnected;
use crate::sync::{Arc, AtomicU8, Ordering, UnsafeCell, thread};

/// No message yet, and the sender is still alive.
const EMPTY: u8 = 0;
/// The message is in the slot.
const SENT: u8 = 1;
/// The receiver has taken the message.
const TAKEN: u8 = 2;
/// The sender was dropped without sending.
const DISCONNECTED: u8 = 3;

// ANCHOR: inner
struct Inner<T> {
    message: UnsafeCell<MaybeUninit<T>>,
    state: AtomicU8,
    /// The thread that called `oneshot`, which is the one that receives.
    receiving_thread: thread::Thread,
}

// SAFETY: (the obligation of `Sync`) both halves use `&Inner<T>` from their
// own threads at once. Only the one `Sender`, in `send`, writes the slot,
// before its Release store of SENT; only the one `Receiver` reads it, after
// an Acquire compare-exchange that read SENT. The message moves from the
// sending thread to the receiving one and is never shared, so `T: Send`.
// (`Thread` is `Send + Sync`.)
unsafe impl<T: Send> Sync for Inner<T> {}
// ANCHOR_END: inner

/// The sending half of a one-shot channel.
pub struct Sender<T> {
    inner: Arc<Inner<T>>,
}

/// The receiving half. It stays on the thread that called `oneshot`.
pub struct Receiver<T> {
    inner: Arc<Inner<T>>,
    _stays_on_its_thread: PhantomData<*const ()>,
}

/// Creates a one-shot channel. The calling thread is the receiving thread.
pub fn oneshot<T>() -> (Sender<T>, Receiver<T>) {
    let inner = Arc::new(Inner {
        message: UnsafeCell::new(MaybeUninit::uninit()),
        state: AtomicU8::new(EMPTY),
        receiving_thread: thread::current(),
    });
    let sender = Sender {
        inner: Arc::clone(&inner),
    };
    let receiver = Receiver {
        inner,
        _stays_on_its_thread: PhantomData,
    };
    (sender, receiver)
}

// ANCHOR: sender
impl<T> Sender<T> {
    /// Sends `message` and wakes the receiving thread.
    pub fn send(self, message: T) {
        self.inner.message.with_mut(|slot| {
            // SAFETY: one `Sender` per channel, consumed here, so this is
            // the only write; the receiver reads only after seeing SENT.
            unsafe { (*slot).write(message) };
        });
        self.inner.state.store(SENT, Ordering::Release);
        self.inner.receiving_thread.unpark();
        // `self` is dropped here; `Drop` sees SENT (or TAKEN) and does
        // nothing.
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        // Only EMPTY becomes DISCONNECTED: after a `send`, this fails.
        // Nothing was written, so there is nothing to publish: Relaxed.
        if self
            .inner
            .state
            .compare_exchange(
                EMPTY,
                DISCONNECTED,
                Ordering::Relaxed,
                Ordering::Relaxed,
            )
            .is_ok()
        {
            self.inner.receiving_thread.unpark();
        }
    }
}
// ANCHOR_END: sender

// ANCHOR: receiver
impl<T> Receiver<T> {
    /// Waits for the message. Returns `Err(Disconnected)` if the sender was
    /// dropped without sending.
    pub fn receive(self) -> Result<T, Disconnected> {
        loop {
            // Acquire pairs with the Release store of SENT.
            match self.inner.state.compare_exchange(
                SENT,
                TAKEN,
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                Ok(_) => break,
                Err(DISCONNECTED) => return Err(Disconnected),
                // EMPTY: not yet. `park` may also return spuriously, so loop.
                Err(_) => thread::park(),
            }
        }
        let message = self.inner.message.with_mut(|slot| {
            // SAFETY: we moved SENT to TAKEN, which only the one `Receiver`
            // can do, and our Acquire read the sender's Release store, so
            // the slot holds a message written before this read.
            unsafe { slot.cast::<T>().read() }
        });
        Ok(message)
    }
}

impl<T> Drop for Inner<T> {
    fn drop(&mut self) {
        // The last `Arc` is gone: every other access is over and ordered
        // before this one by `Arc`'s own synchronisation.
        if self.state.load(Ordering::Relaxed) == SENT {
            self.message.with_mut(|slot| {
                // SAFETY: SENT means written and never taken: the slot holds
                // a message that nobody else will read or drop.
                unsafe { slot.cast::<T>().drop_in_place() }
            });
        }
    }
}
// ANCHOR_END: receiver

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sender").finish_non_exhaustive()
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver").finish_non_exhaustive()
    }
}
