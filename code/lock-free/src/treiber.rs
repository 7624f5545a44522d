//! A Treiber stack: one atomic pointer to the top node, changed only by
//! compare-exchange.
//!
//! `push` and `pop` are lock-free: a compare-exchange fails only because
//! another thread's succeeded, so some thread always finishes. What `pop`
//! cannot do is free the node it took off: another thread may have loaded
//! the same pointer a moment ago and be about to read the node's `next`.
//! So popped nodes go on a second list, `retired`, and are freed only when
//! the stack is dropped. The stack's memory grows with every pop; the next
//! chapter's reclamation schemes free nodes while the stack is in use.

use crate::sync::{AtomicPtr, Ordering, UnsafeCell};
use std::mem::MaybeUninit;
use std::ptr;

// ANCHOR: types
/// A lock-free stack of `T`.
pub struct Stack<T> {
    /// The top node, or null when the stack is empty.
    head: AtomicPtr<Node<T>>,
    /// Nodes that `pop` has taken off, waiting for `Drop` to free them.
    retired: AtomicPtr<Node<T>>,
}

struct Node<T> {
    /// Written once, before the node is published; moved out once, by the
    /// `pop` that takes the node off.
    value: UnsafeCell<MaybeUninit<T>>,
    /// The node below this one. Atomic, because a `pop` that loses the race
    /// may still read it after the winner has taken the node off.
    next: AtomicPtr<Node<T>>,
    /// The link in the `retired` list, written by the one `pop` that took
    /// the node off and read only by `Drop`.
    retired_next: *mut Node<T>,
}
// ANCHOR_END: types

// SAFETY: (the obligation of `Send`) a `Stack<T>` owns its nodes and the
// `T`s in them, and moving it to another thread moves those `T`s: that is
// sound when `T: Send`.
unsafe impl<T: Send> Send for Stack<T> {}
// SAFETY: (the obligation of `Sync`) through `&Stack<T>` threads only push
// and pop: each `T` moves in on one thread and out on another, and no
// thread ever gets a `&T` to a value in the stack. So sharing the stack
// hands `T`s between threads, which `T: Send` permits; `T: Sync` is not
// needed.
unsafe impl<T: Send> Sync for Stack<T> {}

impl<T> Stack<T> {
    /// An empty stack.
    pub fn new() -> Self {
        Self {
            head: AtomicPtr::new(ptr::null_mut()),
            retired: AtomicPtr::new(ptr::null_mut()),
        }
    }

    // ANCHOR: push
    /// Puts `value` on top of the stack.
    pub fn push(&self, value: T) {
        let node = Box::into_raw(Box::new(Node {
            value: UnsafeCell::new(MaybeUninit::new(value)),
            next: AtomicPtr::new(ptr::null_mut()),
            retired_next: ptr::null_mut(),
        }));
        let mut head = self.head.load(Ordering::Relaxed);
        loop {
            // SAFETY: `node` came from `Box::into_raw` above and no other
            // thread can reach it until the compare-exchange publishes it.
            unsafe { (*node).next.store(head, Ordering::Relaxed) };
            // Release, on success: a thread that loads `node` from `head`
            // with Acquire also sees the value and `next` written above.
            // Relaxed, on failure: we publish nothing and only retry.
            match self.head.compare_exchange_weak(
                head,
                node,
                Ordering::Release,
                Ordering::Relaxed,
            ) {
                Ok(_) => return,
                Err(current) => head = current,
            }
        }
    }
    // ANCHOR_END: push

    // ANCHOR: pop
    /// Takes the top value off the stack, or returns `None` if it is empty.
    pub fn pop(&self) -> Option<T> {
        // Acquire: we are about to read the node this points at, which its
        // pusher wrote before its Release compare-exchange.
        let mut head = self.head.load(Ordering::Acquire);
        loop {
            if head.is_null() {
                return None;
            }
            // SAFETY: `head` was on the stack when we loaded it, and no node
            // is ever freed while the stack exists (popped nodes are only
            // retired), so it points at a live `Node`.
            let next = unsafe { (*head).next.load(Ordering::Relaxed) };
            // Success can be Relaxed: the Acquire load (or failure) that gave
            // us `head` already ordered its pusher's writes before us.
            // Acquire, on failure: `current` becomes the next `head` we read.
            match self.head.compare_exchange_weak(
                head,
                next,
                Ordering::Relaxed,
                Ordering::Acquire,
            ) {
                Ok(_) => break,
                Err(current) => head = current,
            }
        }
        // SAFETY: no node is freed while the stack exists, so `head` is live.
        let node = unsafe { &*head };
        let value = node.value.with_mut(|slot| {
            // SAFETY: our compare-exchange took `head` off the stack, and a
            // node is pushed only once, so no other `pop` can take it: we
            // move its value out exactly once. Its pusher wrote the value
            // before the Release that our Acquire load of `head` read.
            unsafe { slot.cast::<T>().read() }
        });
        self.retire(head);
        Some(value)
    }
    // ANCHOR_END: pop

    /// Puts a popped node on the `retired` list, for `Drop` to free.
    fn retire(&self, node: *mut Node<T>) {
        let mut top = self.retired.load(Ordering::Relaxed);
        loop {
            // SAFETY: we took `node` off the stack, so we are the only thread
            // that writes `retired_next`, and nobody reads it before `Drop`.
            unsafe { (*node).retired_next = top };
            // Relaxed: only `Drop` reads the list, and `&mut self` orders
            // every thread's pushes before it.
            match self.retired.compare_exchange_weak(
                top,
                node,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return,
                Err(current) => top = current,
            }
        }
    }

    /// How many popped nodes are waiting to be freed: one for every pop
    /// so far. `&mut self`, so every thread's pops are over and ordered
    /// before this walk.
    pub fn retired_len(&mut self) -> usize {
        let mut count = 0;
        let mut node = self.retired.load(Ordering::Relaxed);
        while !node.is_null() {
            count += 1;
            // SAFETY: retired nodes live until `Drop`, and `&mut self` means
            // no `pop` is writing a `retired_next` now.
            node = unsafe { (*node).retired_next };
        }
        count
    }
}

impl<T> Default for Stack<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Drop for Stack<T> {
    fn drop(&mut self) {
        // `&mut self`: every other thread's pushes and pops are over and
        // ordered before this, so Relaxed loads see the final lists.
        let mut node = self.head.load(Ordering::Relaxed);
        while !node.is_null() {
            // SAFETY: a node still on the stack was made by `Box::into_raw`
            // in `push`, holds a value nobody moved out, and is reachable
            // from nowhere else once the stack is gone.
            let boxed = unsafe { Box::from_raw(node) };
            node = boxed.next.load(Ordering::Relaxed);
            boxed.value.with_mut(|slot| {
                // SAFETY: as above: the value is initialised and still ours.
                unsafe { slot.cast::<T>().drop_in_place() }
            });
        }
        let mut node = self.retired.load(Ordering::Relaxed);
        while !node.is_null() {
            // SAFETY: retired nodes came from `Box::into_raw` and are on no
            // other list; their values were moved out by `pop`, and
            // `MaybeUninit` drops nothing, so freeing the box is all.
            let boxed = unsafe { Box::from_raw(node) };
            node = boxed.retired_next;
        }
    }
}

impl<T> std::fmt::Debug for Stack<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stack")
            .field("empty", &self.head.load(Ordering::Relaxed).is_null())
            .finish_non_exhaustive()
    }
}
