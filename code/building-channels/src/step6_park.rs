//! Step 6: a receiver that blocks.
//!
//! Step 5's borrowed channel, with `receive` parking the receiving thread
//! until the message arrives and `send` unparking it. `split` records the
//! calling thread as the receiver, and the `Receiver` is `!Send` so that
//! it cannot leave that thread.

use std::fmt;
use std::marker::PhantomData;
use std::mem::MaybeUninit;

use crate::sync::{AtomicBool, Ordering, UnsafeCell, thread};

/// A one-shot channel whose receiver waits for the message.
pub struct Channel<T> {
    message: UnsafeCell<MaybeUninit<T>>,
    ready: AtomicBool,
}

// SAFETY: (the obligation of `Sync`) the halves share `&Channel<T>` between
// (at most) two threads. Only the `Sender` writes the slot, before its
// Release store; only the `Receiver` reads it, after an Acquire load that
// saw `true`; `split` takes `&mut self`, so no halves from an earlier split
// are alive. The message moves between threads and is never shared, so the
// bound is `T: Send`.
unsafe impl<T: Send> Sync for Channel<T> {}

// ANCHOR: types
/// The sending half. It knows which thread to wake.
pub struct Sender<'a, T> {
    channel: &'a Channel<T>,
    receiving_thread: thread::Thread,
}

/// The receiving half. It must stay on the thread that called `split`,
/// because that is the thread the sender unparks.
pub struct Receiver<'a, T> {
    channel: &'a Channel<T>,
    // `*const ()` is neither `Send` nor `Sync`; this zero-sized field makes
    // `Receiver` `!Send` (and `!Sync`, which costs nothing here).
    _stays_on_its_thread: PhantomData<*const ()>,
}

impl<T> Channel<T> {
    /// Creates an empty channel.
    pub fn new() -> Self {
        Self {
            message: UnsafeCell::new(MaybeUninit::uninit()),
            ready: AtomicBool::new(false),
        }
    }

    /// Lends the channel to a new pair of halves. The calling thread is the
    /// one that will receive.
    ///
    /// `&mut self` guarantees no halves of an earlier split still exist.
    /// The channel starts over empty, dropping any message that was sent
    /// and never received.
    pub fn split(&mut self) -> (Sender<'_, T>, Receiver<'_, T>) {
        *self = Self::new();
        let sender = Sender {
            channel: self,
            receiving_thread: thread::current(),
        };
        let receiver = Receiver {
            channel: self,
            _stays_on_its_thread: PhantomData,
        };
        (sender, receiver)
    }
}
// ANCHOR_END: types

// ANCHOR: impl
impl<T> Sender<'_, T> {
    /// Sends the message and wakes the receiving thread.
    pub fn send(self, message: T) {
        self.channel.message.with_mut(|slot| {
            // SAFETY: one `Sender` per split, consumed here, so this is the
            // only write; the `Receiver` reads only after seeing `ready`.
            unsafe { (*slot).write(message) };
        });
        self.channel.ready.store(true, Ordering::Release);
        // After the store the receiver may take the message and return at
        // any moment; we touch only our own `Thread` handle from here on.
        self.receiving_thread.unpark();
    }
}

impl<T> Receiver<'_, T> {
    /// Whether the message has arrived.
    pub fn is_ready(&self) -> bool {
        self.channel.ready.load(Ordering::Relaxed)
    }

    /// Waits for the message and takes it, consuming the receiver.
    pub fn receive(self) -> T {
        // `park` may return before `unpark` is called (a spurious wakeup,
        // or a token left by some earlier `unpark`), so check again each
        // time. An `unpark` that comes before we park is not lost: it
        // leaves a token, and the next `park` returns at once.
        while !self.channel.ready.load(Ordering::Acquire) {
            thread::park();
        }
        let message = self.channel.message.with_mut(|slot| {
            // SAFETY: the Acquire load read the sender's `true`, so the write
            // is complete and ordered before this read; one `Receiver` per
            // split, consumed here, so the message moves out once.
            unsafe { slot.cast::<T>().read() }
        });
        // Tell `Drop` the slot is empty. Only `Drop` reads `ready` after
        // this, and it is ordered after us by the end of the borrow.
        self.channel.ready.store(false, Ordering::Relaxed);
        message
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
