//! The exercise's types, given. The starter and the solution both write
//! the inbox's behaviour (`post`, `take_all`, `is_empty` and `Drop`); this
//! file holds what they share: the fields, the `Send` and `Sync` promises,
//! `new`, and the three things one can do with a node.
//!
//! The nodes hide one detail you need not deal with: the link from a node
//! to the next is kept as an address, not as a pointer (see [`Node`]).

use crate::sync::{AtomicPtr, Ordering, UnsafeCell};
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::ptr;

// ANCHOR: types
/// A mailbox that any number of threads post messages into and a consumer
/// empties all at once.
///
/// The messages form a singly linked list of boxed nodes, newest first:
/// `head` points at the node posted last, its `next` at the one posted
/// before, and so on down to the first.
pub struct Inbox<T> {
    /// The newest node, or null when the inbox is empty.
    pub(crate) head: AtomicPtr<Node<T>>,
    /// The inbox owns `T`s, in its nodes, though its only other field is
    /// an `AtomicPtr`, which is `Send` and `Sync` whatever it points at.
    /// The marker says so to the drop checker and the reader; the `unsafe
    /// impl`s below decide when an inbox is `Send` and when `Sync`.
    _owns: PhantomData<T>,
}

/// One message in the list.
pub(crate) struct Node<T> {
    /// Written by [`Node::alloc`], moved out once, by [`Node::free`]. In a
    /// cell so that, under loom, the move is checked against the thread
    /// that wrote it: reading it must happen after the node was posted.
    message: UnsafeCell<MaybeUninit<T>>,
    /// The address of the next node down the list (the one posted before
    /// this one), or 0 at the end. Written by [`Node::set_next`] before
    /// the node is published, read by [`Node::free`].
    next: usize,
}
// ANCHOR_END: types

// SAFETY: (the obligation of `Send`) moving an `Inbox<T>` to another thread
// moves the `T`s in it there, to be taken out or dropped by that thread.
// That is sound when `T: Send`. The nodes are the inbox's alone (each was
// made by `Box::new` and is reachable only through `head`), and the global
// allocator lets any thread free them.
unsafe impl<T: Send> Send for Inbox<T> {}
// SAFETY: (the obligation of `Sync`) through `&Inbox<T>` a thread can only
// post a `T`, which moves it in, and take messages, which moves them out to
// the taker; nothing hands out a `&T` to a message still in the inbox. So
// sharing an inbox moves `T`s between threads, which `T: Send` permits, and
// needs no `T: Sync`. This holds once `post` and `take_all` do what their
// documentation says: each message is taken by exactly one thread, and its
// poster's writes happen before the taker reads it.
unsafe impl<T: Send> Sync for Inbox<T> {}

impl<T> Inbox<T> {
    /// An empty inbox.
    pub fn new() -> Self {
        Self {
            head: AtomicPtr::new(ptr::null_mut()),
            _owns: PhantomData,
        }
    }
}

impl<T> Default for Inbox<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> std::fmt::Debug for Inbox<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A snapshot, like `is_empty`: nothing is read through the pointer.
        let empty = self.head.load(Ordering::Relaxed).is_null();
        f.debug_struct("Inbox")
            .field("empty", &empty)
            .finish_non_exhaustive()
    }
}

// Unused until the starter's `post` and `take_all` are written.
#[cfg_attr(not(feature = "solution"), allow(dead_code))]
impl<T> Node<T> {
    /// Puts `message` in a new node on the heap, linked to nothing, and
    /// returns the only pointer to it: the caller owns the node until it
    /// publishes the pointer.
    pub(crate) fn alloc(message: T) -> *mut Self {
        let node = Box::into_raw(Box::new(Node {
            message: UnsafeCell::new(MaybeUninit::new(message)),
            next: 0,
        }));
        // `free` follows `next`, which holds only an address; exposing the
        // node's provenance lets it turn that address back into a pointer
        // to this node (see `free`).
        let _ = node.expose_provenance();
        node
    }

    /// Records `next` as the node below `node`.
    ///
    /// # Safety
    ///
    /// `node` came from [`Node::alloc`] and is not published yet: no other
    /// thread can reach it.
    pub(crate) unsafe fn set_next(node: *mut Self, next: *mut Self) {
        // SAFETY: the caller promises that `node` is live and that only
        // this thread can reach it, so this write races with nothing.
        unsafe { (*node).next = next.addr() };
    }

    /// Frees `node` and returns its message and the next node down the
    /// list (null at the end).
    ///
    /// # Safety
    ///
    /// `node` came from [`Node::alloc`] and has not been freed; no other
    /// thread will access it again; and its poster's writes to it (in
    /// `alloc` and `set_next`) happen before this call.
    pub(crate) unsafe fn free(node: *mut Self) -> (T, *mut Self) {
        // SAFETY: `node` came from `Box::into_raw` in `alloc` and is freed
        // only now; no other thread will access it, so this `Box` owns it.
        let node = unsafe { Box::from_raw(node) };
        let message = node.message.with_mut(|slot| {
            // SAFETY: `alloc` wrote the message, and the caller promises
            // that this happens after it. It is read only here, once: the
            // node is freed below, and `MaybeUninit` does not drop it.
            unsafe { slot.cast::<T>().read() }
        });
        // Why an address and not a `*mut Node<T>`: `post` links its node
        // to the head it read, and its compare-exchange compares addresses
        // only. Meanwhile a `take_all` may have freed that node and another
        // `post` put a new node at the same address; the compare-exchange
        // succeeds, and the list is right. But a pointer stored in `next`
        // would carry the freed node's provenance, and Rust's rules forbid
        // using it to reach the new node. Every node is exposed in `alloc`,
        // so the pointer made here may reach whichever node lives at the
        // address now. (The problem, and this way out of it, are discussed
        // in https://github.com/rust-lang/unsafe-code-guidelines/issues/480.)
        (message, ptr::with_exposed_provenance_mut(node.next))
    }
}
