//! Step 1: the Michael-Scott queue (Michael and Scott, PODC 1996) that
//! never frees a node while the queue lives.
//!
//! The queue is a singly linked list that always starts with a *dummy*
//! node, the one `head` points at: the first value sits in the node after
//! it. `push` links a new node after the last one with a compare-exchange
//! on that node's `next`, then swings `tail` to it; `pop` swings `head` one
//! node on and moves the value out of the node `head` now points at, which
//! becomes the new dummy.
//!
//! A popped node (the old dummy) is not freed: another `pop` or `push` may
//! have loaded a pointer to it and be about to read its `next`. Freeing it
//! would be the use-after-free of the memory-reclamation chapter. Here
//! every node stays allocated, still linked to its successor, until the
//! queue is dropped: `Drop` walks the whole chain from the first dummy.
//! Step 2 frees popped nodes through epochs.

use crate::sync::{AtomicPtr, Ordering, UnsafeCell, spin_hint};
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::ptr;

// ANCHOR: types
/// A multi-producer, multi-consumer FIFO queue that keeps every node it
/// ever allocated until it is dropped.
pub struct MsQueue<T> {
    /// The dummy node: the first value is in the node after it.
    head: AtomicPtr<Node<T>>,
    /// The last node, or (for a moment) the one before it.
    tail: AtomicPtr<Node<T>>,
    /// The first dummy, where `Drop` starts walking. Never changes.
    first: *mut Node<T>,
    _owns: PhantomData<T>,
}

struct Node<T> {
    /// Uninitialised in a dummy; written once, before the node is linked;
    /// moved out once, by the `pop` that makes this node the dummy.
    value: UnsafeCell<MaybeUninit<T>>,
    /// The next node, or null in the last node. Set once, from null, by
    /// the compare-exchange that links the next node.
    next: AtomicPtr<Node<T>>,
}
// ANCHOR_END: types

impl<T> Node<T> {
    fn new(value: MaybeUninit<T>) -> *mut Self {
        Box::into_raw(Box::new(Self {
            value: UnsafeCell::new(value),
            next: AtomicPtr::new(ptr::null_mut()),
        }))
    }
}

// SAFETY: (the obligation of `Send`) a `MsQueue<T>` owns its nodes and
// the `T`s in them, and `first` points into that list; moving the queue
// to another thread moves those `T`s, which `T: Send` permits.
unsafe impl<T: Send> Send for MsQueue<T> {}
// SAFETY: (the obligation of `Sync`) through `&MsQueue<T>` threads only
// push and pop: each `T` is moved in on one thread and out on another,
// and no `&T` is ever handed out, so `T: Send` is enough.
unsafe impl<T: Send> Sync for MsQueue<T> {}

impl<T> MsQueue<T> {
    /// An empty queue: one dummy node, with `head` and `tail` on it.
    pub fn new() -> Self {
        let dummy = Node::new(MaybeUninit::uninit());
        Self {
            head: AtomicPtr::new(dummy),
            tail: AtomicPtr::new(dummy),
            first: dummy,
            _owns: PhantomData,
        }
    }

    // ANCHOR: push
    /// Adds `value` at the back of the queue.
    pub fn push(&self, value: T) {
        let node = Node::new(MaybeUninit::new(value));
        let last = self.link(node);
        // Swing `tail` to our node. Release: a push that loads it from
        // `tail` with Acquire sees its initialisation. If this fails,
        // another thread has swung it for us already.
        let _swung = self.tail.compare_exchange(
            last,
            node,
            Ordering::Release,
            Ordering::Relaxed,
        );
    }

    /// Links `node` after the last node and returns that node.
    fn link(&self, node: *mut Node<T>) -> *mut Node<T> {
        loop {
            // Acquire: we read `last.next`, and `last` was made (and its
            // `next` initialised) by another thread. This pairs with the
            // Release of the compare-exchange that put `last` in `tail`.
            let last = self.tail.load(Ordering::Acquire);
            // SAFETY: nodes are never freed while the queue lives.
            let last_ref = unsafe { &*last };
            // Acquire: if this is a node, we store it into `tail` below,
            // and our Release there must carry its initialisation on.
            let next = last_ref.next.load(Ordering::Acquire);
            if !next.is_null() {
                // `tail` lags: another push linked `next` and has not
                // swung `tail` yet. Swing it for that push and retry, so
                // no push waits for another. Release: a push that loads
                // `next` from `tail` sees its initialisation (which our
                // Acquire load of `last.next` ordered before us). Failure
                // Relaxed: someone else swung it; we retry.
                let _helped = self.tail.compare_exchange(
                    last,
                    next,
                    Ordering::Release,
                    Ordering::Relaxed,
                );
                spin_hint();
                continue;
            }
            // Release, on success: this is the link. A pop or push that
            // loads `node` from `last.next` with Acquire sees the value
            // and the null `next` written before. Failure Relaxed: another
            // push linked first; we retry from `tail`.
            if last_ref
                .next
                .compare_exchange(
                    ptr::null_mut(),
                    node,
                    Ordering::Release,
                    Ordering::Relaxed,
                )
                .is_ok()
            {
                return last;
            }
            spin_hint();
        }
    }
    // ANCHOR_END: push

    // ANCHOR: pop
    /// Takes the value at the front of the queue, or returns `None` if
    /// the queue is empty.
    pub fn pop(&self) -> Option<T> {
        loop {
            // Acquire: we read `dummy.next`, and `dummy` may be a node
            // another thread made. Pairs with the Release compare-exchange
            // below of the pop that put `dummy` in `head`, which itself
            // loaded `dummy` from a `next` with Acquire.
            let dummy = self.head.load(Ordering::Acquire);
            // SAFETY: nodes are never freed while the queue lives.
            let dummy_ref = unsafe { &*dummy };
            // Acquire: pairs with the Release link in `push`; the value
            // we move out of `first` below was written before it.
            let first = dummy_ref.next.load(Ordering::Acquire);
            if first.is_null() {
                return None;
            }
            // Relaxed: we only compare `tail`, never follow it. The push
            // that linked `first` loaded `tail == dummy` before its
            // Release link, and our Acquire above read that link, so this
            // load reads `dummy` or a later tail (read-read coherence):
            // never a node before `dummy`.
            let last = self.tail.load(Ordering::Relaxed);
            if dummy == last {
                // `tail` lags behind `first`. Swing it before we move
                // `head` past it, or `tail` would point at a popped node.
                // Release: as for the swing in `push`; our Acquire load of
                // `dummy.next` made `first`'s initialisation visible.
                let _helped_by_pop = self.tail.compare_exchange(
                    last,
                    first,
                    Ordering::Release,
                    Ordering::Relaxed,
                );
                spin_hint();
                continue;
            }
            // Release, on success: a pop that loads `first` from `head`
            // with Acquire then sees `first`'s initialisation, which our
            // Acquire load of `dummy.next` ordered before us. Failure
            // Relaxed: another pop took `first`; we retry from `head`.
            let moved = self.head.compare_exchange(
                dummy,
                first,
                Ordering::Release,
                Ordering::Relaxed,
            );
            if moved.is_ok() {
                // SAFETY: nodes are never freed while the queue lives.
                let first_ref = unsafe { &*first };
                let value = first_ref.value.with_mut(|slot| {
                    // SAFETY: `first` held a value (it was linked by a
                    // push), and our compare-exchange made it the dummy,
                    // which happens once per node: we are the only pop
                    // that moves its value out. Its write happens before
                    // this read (the Acquire load of `dummy.next`).
                    unsafe { slot.cast::<T>().read() }
                });
                // `dummy` is now unreachable from `head`, but another
                // thread may still be reading it: it stays allocated.
                return Some(value);
            }
            spin_hint();
        }
    }
    // ANCHOR_END: pop

    /// Links `value` but returns before swinging `tail`, like a push whose
    /// thread stalls between its two compare-exchanges: for the tests of
    /// the lagging tail.
    #[doc(hidden)]
    pub fn push_stalled_before_swing(&self, value: T) {
        self.link(Node::new(MaybeUninit::new(value)));
    }
}

impl<T> Default for MsQueue<T> {
    fn default() -> Self {
        Self::new()
    }
}

// ANCHOR: drop
impl<T> Drop for MsQueue<T> {
    fn drop(&mut self) {
        // `&mut self`: every push and pop is over and ordered before this,
        // so Relaxed loads see the final list.
        let head = self.head.load(Ordering::Relaxed);
        let mut node = self.first;
        // Nodes up to `head` (the current dummy) have no value left.
        let mut popped = true;
        while !node.is_null() {
            // SAFETY: every node came from `Box::into_raw` in `Node::new`,
            // is on the chain from `first` once, and nothing else can
            // reach it once the queue is gone.
            let boxed = unsafe { Box::from_raw(node) };
            if !popped {
                boxed.value.with_mut(|slot| {
                    // SAFETY: a node after the dummy holds a value that
                    // no pop moved out.
                    unsafe { slot.cast::<T>().drop_in_place() }
                });
            }
            if node == head {
                popped = false;
            }
            node = boxed.next.load(Ordering::Relaxed);
        }
    }
}
// ANCHOR_END: drop

impl<T> std::fmt::Debug for MsQueue<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MsQueue").finish_non_exhaustive()
    }
}
