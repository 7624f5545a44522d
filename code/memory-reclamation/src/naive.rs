//! A Treiber stack whose `pop` frees the node it took off. (mutants: skip.
//! The stack is broken on purpose; the chapter shows Miri's report of it.)
//!
//! Push and the compare-exchange in pop are the previous chapter's. The
//! difference is the last line of `pop`: it frees the node as soon as the
//! compare-exchange has taken it off. A thread that loaded the same `head`
//! a moment earlier still holds the pointer and is about to read the
//! node's `next`: that read is a use-after-free. `pop_with_pause` lets a
//! test make that happen on one thread, at a point it chooses, so Miri
//! reports it every time.

use crate::sync::{AtomicPtr, Ordering};
use std::ptr;

/// A lock-free stack of `T` that frees popped nodes at once. Not sound:
/// see the module's documentation.
#[derive(Debug)]
pub struct NaiveStack<T> {
    head: AtomicPtr<Node<T>>,
}

#[derive(Debug)]
struct Node<T> {
    value: T,
    next: AtomicPtr<Node<T>>,
}

// SAFETY: (the obligation of `Send`) the stack owns its nodes and their
// `T`s; moving it moves them, which `T: Send` permits.
unsafe impl<T: Send> Send for NaiveStack<T> {}
// SAFETY: (the obligation of `Sync`, as the types promise it) through
// `&NaiveStack<T>` values only move in and out, which `T: Send` permits.
// The *implementation* breaks that promise in `pop`; that is the bug the
// chapter shows, not a property of these impls.
unsafe impl<T: Send> Sync for NaiveStack<T> {}

impl<T> NaiveStack<T> {
    /// An empty stack.
    pub fn new() -> Self {
        Self {
            head: AtomicPtr::new(ptr::null_mut()),
        }
    }

    /// Puts `value` on top of the stack.
    pub fn push(&self, value: T) {
        let node = Box::into_raw(Box::new(Node {
            value,
            next: AtomicPtr::new(ptr::null_mut()),
        }));
        let mut head = self.head.load(Ordering::Relaxed);
        loop {
            // SAFETY: `node` is ours until the compare-exchange below
            // publishes it.
            unsafe { (*node).next.store(head, Ordering::Relaxed) };
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

    /// Takes the top value off the stack, and frees its node.
    pub fn pop(&self) -> Option<T> {
        self.pop_with_pause(|| {})
    }

    // ANCHOR: pop
    /// `pop`, calling `pause` after loading `head` and before reading the
    /// node's `next`: the window in which another pop can free the node.
    pub fn pop_with_pause(&self, mut pause: impl FnMut()) -> Option<T> {
        let mut head = self.head.load(Ordering::Acquire);
        loop {
            if head.is_null() {
                return None;
            }
            pause();
            // SAFETY: NOT SOUND, on purpose. `head` was on the stack when
            // we loaded it, but another pop may have taken it off and
            // freed it since; nothing here stops that.
            let next = unsafe { (*head).next.load(Ordering::Relaxed) };
            match self.head.compare_exchange_weak(
                head,
                next,
                Ordering::Relaxed,
                Ordering::Acquire,
            ) {
                Ok(_) => {
                    // SAFETY: NOT SOUND, on purpose: the compare-exchange
                    // makes this pop the only one that will *take* the
                    // node, but other pops may still be reading it.
                    let node = unsafe { Box::from_raw(head) };
                    return Some(node.value);
                }
                Err(current) => head = current,
            }
        }
    }
    // ANCHOR_END: pop
}

impl<T> Default for NaiveStack<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Drop for NaiveStack<T> {
    fn drop(&mut self) {
        let mut node = self.head.load(Ordering::Relaxed);
        while !node.is_null() {
            // SAFETY: `&mut self`: no other thread can reach the nodes, and
            // everything they did is ordered before this, so the Relaxed
            // loads see the final list; each node is freed once, here.
            let boxed = unsafe { Box::from_raw(node) };
            node = boxed.next.load(Ordering::Relaxed);
        }
    }
}
