//! Companion code for the chapter "Shared state".
//!
//! The chapter's examples are single files, so that they run on the Rust
//! Playground. This library holds the ideas the tests check:
//!
//! - [`BoundedQueue`]: a blocking producer/consumer queue built from a
//!   `Mutex<VecDeque<T>>` and two condition variables.
//!
//! The deadlock examples (`examples/deadlock_cycle.rs`, `lock_ordering.rs`,
//! `try_lock_backoff.rs`, ...) are tested as they are: `tests/deadlock.rs`
//! includes each file as a module and runs its functions under the course's
//! shared watchdog, `test_support::watchdog`.
//!
//! The exercise, the dining philosophers, lives in [`exercise`].

mod sync;

// The exercise's table lives in its own file so that the starter and the
// solution share it.
#[path = "../exercise/table.rs"]
mod table;

#[cfg_attr(not(feature = "solution"), path = "../exercise/starter.rs")]
#[cfg_attr(feature = "solution", path = "../exercise/solution.rs")]
pub mod exercise;

use std::collections::VecDeque;
use std::fmt;
use std::sync::PoisonError;

// ANCHOR: queue
use crate::sync::{Condvar, Mutex, MutexGuard};

/// A first-in, first-out queue with room for `capacity` items, shared by
/// producers and consumers on any number of threads.
///
/// [`push`](Self::push) waits while the queue is full and
/// [`pop`](Self::pop) waits while it is empty. Both sleep on a condition
/// variable instead of spinning, and both re-check their condition in a loop
/// after every wake-up, because a wake-up is only a hint.
pub struct BoundedQueue<T> {
    state: Mutex<QueueState<T>>,
    /// Consumers wait here for an item.
    not_empty: Condvar,
    /// Producers wait here for a free slot.
    not_full: Condvar,
}

struct QueueState<T> {
    items: VecDeque<T>,
    capacity: usize,
    closed: bool,
}

impl<T> BoundedQueue<T> {
    /// An empty, open queue with room for `capacity` items.
    ///
    /// # Panics
    ///
    /// If `capacity` is 0: such a queue could never accept an item.
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "a bounded queue needs room for one item");
        Self {
            state: Mutex::new(QueueState {
                items: VecDeque::with_capacity(capacity),
                capacity,
                closed: false,
            }),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
        }
    }

    /// Adds `item` at the back, waiting while the queue is full.
    ///
    /// Returns `Err(item)` if the queue is closed, before or while waiting.
    pub fn push(&self, item: T) -> Result<(), T> {
        let mut state = self.lock();
        // The predicate loop: sleep until there is room or the queue closes.
        // `wait` releases the lock while asleep and holds it again when it
        // returns, so the condition is always checked under the lock.
        while state.items.len() == state.capacity && !state.closed {
            state = self
                .not_full
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        if state.closed {
            return Err(item);
        }
        state.items.push_back(item);
        // Unlock before notifying, so the woken consumer does not wake up
        // only to block on the lock we still hold.
        drop(state);
        self.not_empty.notify_one();
        Ok(())
    }

    /// Takes the item at the front, waiting while the queue is empty.
    ///
    /// Returns `None` once the queue is closed and every item is taken.
    pub fn pop(&self) -> Option<T> {
        let mut state = self.lock();
        while state.items.is_empty() && !state.closed {
            state = self
                .not_empty
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        let item = state.items.pop_front();
        drop(state);
        if item.is_some() {
            self.not_full.notify_one();
        }
        item
    }

    /// Closes the queue: later pushes fail, pops drain what is left and then
    /// return `None`. Wakes every waiting thread so that each can see it.
    pub fn close(&self) {
        self.lock().closed = true;
        self.not_empty.notify_all();
        self.not_full.notify_all();
    }

    /// How many items are waiting right now (already stale when you read it).
    pub fn len(&self) -> usize {
        self.lock().items.len()
    }

    /// Whether no items are waiting right now.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> MutexGuard<'_, QueueState<T>> {
        // Every method leaves `QueueState` consistent before anything that
        // could panic, so a poisoned lock carries no news: take the guard.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
// ANCHOR_END: queue

impl<T> fmt::Debug for BoundedQueue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("BoundedQueue")
            .field("len", &state.items.len())
            .field("capacity", &state.capacity)
            .field("closed", &state.closed)
            .finish()
    }
}
