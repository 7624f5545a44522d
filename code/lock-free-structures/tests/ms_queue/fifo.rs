//! One interface over both steps of the Michael-Scott queue, so the tests
//! and the loom models run the same bodies on each. A thread works on a
//! queue through its `Ends`: for step 1 just the queue, for step 2 the
//! queue and the thread's epoch handle, pinned once per operation.

use lock_free_structures::{ms_queue_step1_leaky, ms_queue_step2_epoch};
use memory_reclamation::epoch::Handle;

/// A queue that threads share.
pub trait Fifo<T>: Default + Send + Sync {
    /// One thread's way to push and pop.
    type Ends<'q>: Ends<T>
    where
        Self: 'q;
    /// This thread's ends (for step 2, a new epoch handle).
    fn ends(&self) -> Self::Ends<'_>;
}

/// What a thread does with a queue.
pub trait Ends<T> {
    fn push(&mut self, value: T);
    fn pop(&mut self) -> Option<T>;
    /// A push that links its node and stops before swinging `tail`.
    fn push_stalled_before_swing(&mut self, value: T);
    /// Frees what this thread can (step 2: two advances; step 1: nothing).
    fn reclaim(&mut self);
}

impl<T: Send> Fifo<T> for ms_queue_step1_leaky::MsQueue<T> {
    type Ends<'q>
        = &'q Self
    where
        T: 'q;
    fn ends(&self) -> &Self {
        self
    }
}

impl<T> Ends<T> for &ms_queue_step1_leaky::MsQueue<T> {
    fn push(&mut self, value: T) {
        ms_queue_step1_leaky::MsQueue::push(self, value);
    }
    fn pop(&mut self) -> Option<T> {
        ms_queue_step1_leaky::MsQueue::pop(self)
    }
    fn push_stalled_before_swing(&mut self, value: T) {
        ms_queue_step1_leaky::MsQueue::push_stalled_before_swing(self, value);
    }
    fn reclaim(&mut self) {}
}

/// A step 2 queue with one thread's handle in its collector.
pub struct Pinning<'q, T> {
    pub queue: &'q ms_queue_step2_epoch::MsQueue<T>,
    pub handle: Handle<'q>,
}

impl<T: Send> Fifo<T> for ms_queue_step2_epoch::MsQueue<T> {
    type Ends<'q>
        = Pinning<'q, T>
    where
        T: 'q;
    fn ends(&self) -> Pinning<'_, T> {
        Pinning {
            queue: self,
            handle: self.collector().register(),
        }
    }
}

impl<T> Ends<T> for Pinning<'_, T> {
    fn push(&mut self, value: T) {
        let guard = self.handle.pin();
        self.queue.push(value, &guard);
    }
    fn pop(&mut self) -> Option<T> {
        let guard = self.handle.pin();
        self.queue.pop(&guard)
    }
    fn push_stalled_before_swing(&mut self, value: T) {
        let guard = self.handle.pin();
        self.queue.push_stalled_before_swing(value, &guard);
    }
    fn reclaim(&mut self) {
        self.handle.try_advance();
        self.handle.try_advance();
    }
}
