//! Step 1: a queue behind a `Mutex`, and a `Condvar` to wait on.
//!
//! Unbounded, any number of senders and receivers, no `unsafe`. Every
//! message costs a lock and an unlock on both sides.

use std::collections::VecDeque;
use std::fmt;

use crate::sync::{Condvar, Mutex};

// ANCHOR: channel
/// A multi-producer, multi-consumer channel: a `VecDeque` guarded by a
/// `Mutex`, and a `Condvar` that wakes receivers when a message arrives.
pub struct Channel<T> {
    queue: Mutex<VecDeque<T>>,
    message_sent: Condvar,
}

impl<T> Channel<T> {
    /// Creates an empty channel.
    pub fn new() -> Self {
        Self {
            queue: Mutex::new(VecDeque::new()),
            message_sent: Condvar::new(),
        }
    }

    /// Appends `message` to the queue and wakes one waiting receiver.
    pub fn send(&self, message: T) {
        self.queue.lock().unwrap().push_back(message);
        self.message_sent.notify_one();
    }

    /// Takes the oldest message, waiting for one if the queue is empty.
    pub fn receive(&self) -> T {
        let mut queue = self.queue.lock().unwrap();
        loop {
            if let Some(message) = queue.pop_front() {
                return message;
            }
            // Unlocks, sleeps, and locks again before returning. It may
            // return without a notification, hence the loop.
            queue = self.message_sent.wait(queue).unwrap();
        }
    }
}
// ANCHOR_END: channel

impl<T> Default for Channel<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> fmt::Debug for Channel<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Channel").finish_non_exhaustive()
    }
}
