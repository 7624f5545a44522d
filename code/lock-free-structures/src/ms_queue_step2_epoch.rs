//! Step 2: the Michael-Scott queue of step 1, freeing each popped node
//! through the epoch-based reclamation of the memory-reclamation chapter
//! (`memory_reclamation::epoch`).
//!
//! Every operation runs pinned: `push` and `pop` take a [`Guard`] of the
//! queue's own [`Collector`] ([`MsQueue::collector`]). The pop that moves
//! `head` off a node retires it; the collector frees it once no thread
//! that was pinned when it was unlinked is still pinned. A node is freed
//! only when neither `head` nor `tail` can lead to it: `tail` never falls
//! behind `head` (see `pop`).

use crate::sync::{AtomicPtr, Ordering, UnsafeCell, spin_hint};
use memory_reclamation::epoch::{Collector, Guard};
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::ptr;

// ANCHOR: types
/// A multi-producer, multi-consumer FIFO queue whose popped nodes are
/// freed through its own epoch collector.
pub struct MsQueue<T> {
    /// The dummy node: the first value is in the node after it.
    head: AtomicPtr<Node<T>>,
    /// The last node, or (for a moment) the one before it.
    tail: AtomicPtr<Node<T>>,
    /// The collector every operation on this queue pins in: one per
    /// queue, so no operation can be pinned where advances ignore it.
    collector: Collector,
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
// the `T`s in them, and its collector (which is `Send`) holds only nodes
// whose value was moved out; moving the queue to another thread moves
// the `T`s, which `T: Send` permits.
unsafe impl<T: Send> Send for MsQueue<T> {}
// SAFETY: (the obligation of `Sync`) through `&MsQueue<T>` threads only
// push and pop: each `T` is moved in on one thread and out on another,
// and no `&T` is ever handed out, so `T: Send` is enough. Retired nodes
// are freed on whichever thread advances, but freeing one drops no `T`.
unsafe impl<T: Send> Sync for MsQueue<T> {}

impl<T> MsQueue<T> {
    /// An empty queue: one dummy node, with `head` and `tail` on it.
    pub fn new() -> Self {
        let dummy = Node::new(MaybeUninit::uninit());
        Self {
            head: AtomicPtr::new(dummy),
            tail: AtomicPtr::new(dummy),
            collector: Collector::new(),
            _owns: PhantomData,
        }
    }

    /// The collector to register in: `push` and `pop` take a guard of one
    /// of its handles.
    pub fn collector(&self) -> &Collector {
        &self.collector
    }

    // ANCHOR: push
    /// Adds `value` at the back of the queue.
    ///
    /// # Panics
    ///
    /// If `guard` pins a handle of another collector than
    /// [`MsQueue::collector`].
    pub fn push(&self, value: T, guard: &Guard<'_, '_>) {
        assert!(
            guard.belongs_to(&self.collector),
            "push with a guard of another collector than the queue's"
        );
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

    /// Links `node` after the last node and returns that node. The
    /// caller is pinned in `self.collector`.
    fn link(&self, node: *mut Node<T>) -> *mut Node<T> {
        loop {
            // Acquire: we read `last.next`, and `last` was made (and its
            // `next` initialised) by another thread. This pairs with the
            // Release of the compare-exchange that put `last` in `tail`.
            let last = self.tail.load(Ordering::Acquire);
            // SAFETY: we are pinned and loaded `last` after pinning. Even
            // if a pop has retired it since, it is not freed before we
            // unpin: it was reachable (from `tail`) after we pinned.
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
    /// the queue is empty. The node it leaves is retired through `guard`.
    ///
    /// # Panics
    ///
    /// If `guard` pins a handle of another collector than
    /// [`MsQueue::collector`].
    pub fn pop(&self, guard: &Guard<'_, '_>) -> Option<T> {
        assert!(
            guard.belongs_to(&self.collector),
            "pop with a guard of another collector than the queue's"
        );
        loop {
            // Acquire: we read `dummy.next`, and `dummy` may be a node
            // another thread made. Pairs with the Release compare-exchange
            // below of the pop that put `dummy` in `head`, which itself
            // loaded `dummy` from a `next` with Acquire.
            let dummy = self.head.load(Ordering::Acquire);
            // SAFETY: pinned, and loaded after pinning, as in `link`.
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
                // SAFETY: pinned, and loaded after pinning, as in `link`.
                let first_ref = unsafe { &*first };
                let value = first_ref.value.with_mut(|slot| {
                    // SAFETY: `first` held a value (it was linked by a
                    // push), and our compare-exchange made it the dummy,
                    // which happens once per node: we are the only pop
                    // that moves its value out. Its write happens before
                    // this read (the Acquire load of `dummy.next`).
                    unsafe { slot.cast::<T>().read() }
                });
                // ANCHOR: retire
                // SAFETY: `dummy` came from `Box::into_raw` in `Node::new`;
                // only the pop whose compare-exchange moved `head` off it
                // retires it, so it is retired once; freeing a `Node<T>`
                // drops no `T` (the value is in a `MaybeUninit`, and this
                // node's was moved out, or it never had one). Unreachable:
                // our compare-exchange moved `head` past it, and `tail` is
                // past it too: the `last` we read above was not `dummy`
                // and (see there) not before it. A thread that pins after
                // `retire`'s fence cannot read an older `tail` than we did:
                // our load comes before that fence and its load after its
                // own, and C++20 [atomics.order] p4 (the fence-fence case
                // of coherence-ordered operations) forbids it.
                unsafe { guard.retire(dummy) };
                // ANCHOR_END: retire
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
    pub fn push_stalled_before_swing(&self, value: T, guard: &Guard<'_, '_>) {
        assert!(guard.belongs_to(&self.collector));
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
        // so Relaxed loads see the final list. Popped nodes are not on it:
        // they are the collector's, freed when its handles advance or when
        // the `collector` field is dropped after this.
        let dummy = self.head.load(Ordering::Relaxed);
        // SAFETY: the dummy came from `Box::into_raw` in `Node::new` and
        // was not retired (no pop moved `head` off it); it has no value.
        let mut node =
            unsafe { Box::from_raw(dummy) }.next.load(Ordering::Relaxed);
        while !node.is_null() {
            // SAFETY: a node after the dummy came from `Box::into_raw`,
            // is on the list once, and nothing else can reach it now.
            let boxed = unsafe { Box::from_raw(node) };
            boxed.value.with_mut(|slot| {
                // SAFETY: a node after the dummy holds a value that no pop
                // moved out.
                unsafe { slot.cast::<T>().drop_in_place() }
            });
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
