//! Exercise: a blocking one-shot channel. Fill in every `todo!()`.
//!
//! `oneshot()` makes a `Sender` and a `Receiver` that share an `Inner`
//! through an `Arc`. `Receiver::receive` parks its thread until the message
//! arrives, and returns `Err(Disconnected)` if the sender is dropped without
//! sending. Every `unsafe` block needs a `// SAFETY:` comment.

// The fields and constants are unused until you fill in the bodies.
#![allow(dead_code)]

use std::fmt;
use std::marker::PhantomData;
use std::mem::MaybeUninit;

pub use crate::disconnected::Disconnected;
use crate::sync::{Arc, AtomicU8, UnsafeCell, thread};

/// No message yet, and the sender is still alive.
const EMPTY: u8 = 0;
/// The message is in the slot.
const SENT: u8 = 1;
/// The receiver has taken the message.
const TAKEN: u8 = 2;
/// The sender was dropped without sending.
const DISCONNECTED: u8 = 3;

struct Inner<T> {
    message: UnsafeCell<MaybeUninit<T>>,
    state: AtomicU8,
    /// The thread that called `oneshot`, which is the one that receives.
    receiving_thread: thread::Thread,
}

// TODO: `Inner` is not `Sync`, because of the `UnsafeCell`, so neither half
// can be sent to another thread yet. Add the `unsafe impl` it needs, with
// a comment that states the obligation and why it holds.

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
    todo!("allocate the shared Inner, and return both halves")
}

impl<T> Sender<T> {
    /// Sends `message` and wakes the receiving thread.
    pub fn send(self, message: T) {
        let _ = message;
        todo!("write the message, publish it, wake the receiver")
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        todo!(
            "if nothing was sent, mark the channel disconnected and wake the receiver"
        )
    }
}

impl<T> Receiver<T> {
    /// Waits for the message. Returns `Err(Disconnected)` if the sender was
    /// dropped without sending.
    pub fn receive(self) -> Result<T, Disconnected> {
        todo!("park until the state says SENT or DISCONNECTED")
    }
}

impl<T> Drop for Inner<T> {
    fn drop(&mut self) {
        todo!("drop a message that was sent and never received")
    }
}

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
