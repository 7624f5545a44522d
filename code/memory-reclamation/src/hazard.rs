//! Hazard pointers, and a Treiber stack that frees popped nodes with them.
//!
//! A thread that is about to read a node first *publishes* the node's
//! address in its hazard slot. A thread that has unlinked a node does not
//! free it at once: it *retires* it onto a private list, and from time to
//! time *scans* every hazard slot, freeing the retired nodes that no slot
//! names. The whole argument is two `fence(SeqCst)`s, one in `protect`
//! and one in `scan`: whichever comes first in the single total order of
//! SeqCst operations, either the scanner sees the hazard or the reader sees
//! that the node was unlinked (and does not use it).
//!
//! Everything is an explicit value, no thread-locals and no globals: a
//! [`Domain`] owns the hazard records, each thread [`Domain::register`]s
//! for a [`Handle`], and the [`Stack`] owns the domain its nodes are
//! protected in. That keeps the code checkable by loom, which needs every
//! shared object created inside its model.

use crate::sync::fence;
use crate::sync::{AtomicBool, AtomicPtr, AtomicUsize, Ordering, UnsafeCell};
use std::fmt;
use std::mem::{self, MaybeUninit};
use std::ptr;

// ANCHOR: types
/// A set of hazard records: the slots every registered thread publishes
/// its hazard in, and the retired nodes that handles left behind.
pub struct Domain {
    /// A push-only list of records; a record is never unlinked or freed
    /// before the domain is dropped, so a `&Record` lives as long as the
    /// `&Domain` it came from.
    records: AtomicPtr<Record>,
    /// How many records the list holds (only sizes the scan threshold).
    record_count: AtomicUsize,
    /// Batches of retired nodes that dropped handles could not free yet,
    /// waiting for the next scan (of any handle) to adopt them.
    orphans: AtomicPtr<Orphans>,
}

/// One thread's hazard slot.
struct Record {
    /// The node this record's owner may be reading, or null.
    hazard: AtomicPtr<()>,
    /// Whether a [`Handle`] owns the record; a dropped handle's record is
    /// taken by the next `register` instead of a new one.
    active: AtomicBool,
    /// The record pushed before this one. Written only before the record
    /// is published (a loom cell, so loom checks that readers see it).
    next: UnsafeCell<*mut Record>,
}

/// A retired node, with its type erased: `drop_fn(ptr)` frees it.
struct Retired {
    ptr: *mut (),
    drop_fn: unsafe fn(*mut ()),
}

/// One dropped handle's leftovers, on the domain's `orphans` list.
struct Orphans {
    retired: UnsafeCell<Vec<Retired>>,
    next: UnsafeCell<*mut Orphans>,
}

/// One thread's registration in a [`Domain`]: its hazard slot (one hazard
/// pointer) and the nodes it has retired and not yet freed.
pub struct Handle<'d> {
    domain: &'d Domain,
    record: &'d Record,
    retired: Vec<Retired>,
}
// ANCHOR_END: types

// `Domain` is `Send + Sync` by its fields (atomic pointers only). That is
// sound: every thread touches the records through atomics (and `next`
// cells written before publication), and the retired nodes the domain may
// free were handed to it under `Handle::retire`'s contract, which requires
// that they may be freed on any thread.

impl Domain {
    /// A domain with no records.
    pub fn new() -> Self {
        Self {
            records: AtomicPtr::new(ptr::null_mut()),
            record_count: AtomicUsize::new(0),
            orphans: AtomicPtr::new(ptr::null_mut()),
        }
    }

    /// A handle for the calling thread: an inactive record if there is one
    /// (a dropped handle's), otherwise a new record pushed onto the list.
    pub fn register(&self) -> Handle<'_> {
        // Acquire: we read the `next` of records other threads pushed
        // (with Release, below).
        let mut record = self.records.load(Ordering::Acquire);
        while !record.is_null() {
            // SAFETY: records are freed only by `Domain::drop`, and `&self`
            // keeps the domain alive.
            let existing = unsafe { &*record };
            // Acquire, on success: it pairs with the Release with which the
            // record's previous owner marked it inactive, so that owner's
            // last store to `hazard` (its clear) comes before our stores in
            // `hazard`'s modification order. Without it, a scanner could
            // read the old owner's null *after* our hazard.
            if existing
                .active
                .compare_exchange(
                    false,
                    true,
                    Ordering::Acquire,
                    Ordering::Relaxed,
                )
                .is_ok()
            {
                return Handle::new(self, existing);
            }
            record = existing.next.with(|next| {
                // SAFETY: `next` is written only before the record was
                // published, and our Acquire load of the list (the Release
                // push reads through every later push, all of them RMWs)
                // ordered that write before this read.
                unsafe { *next }
            });
        }
        let record = Box::into_raw(Box::new(Record {
            hazard: AtomicPtr::new(ptr::null_mut()),
            active: AtomicBool::new(true),
            next: UnsafeCell::new(ptr::null_mut()),
        }));
        self.record_count.fetch_add(1, Ordering::Relaxed);
        let mut head = self.records.load(Ordering::Relaxed);
        loop {
            // SAFETY: `record` came from `Box::into_raw` above and no other
            // thread can reach it until the compare-exchange publishes it.
            let unpublished = unsafe { &*record };
            // SAFETY: as above: the record, and so its `next`, is ours.
            unpublished.next.with_mut(|next| unsafe { *next = head });
            // Release, on success: a thread that walks the list from an
            // Acquire load sees the record's `next` and initial state.
            // Relaxed, on failure: we only retry.
            match self.records.compare_exchange_weak(
                head,
                record,
                Ordering::Release,
                Ordering::Relaxed,
            ) {
                Ok(_) => break,
                Err(current) => head = current,
            }
        }
        // SAFETY: published records live until `Domain::drop`, which needs
        // `&mut self`, so not while the returned handle borrows `self`.
        Handle::new(self, unsafe { &*record })
    }

    /// How many records the domain has: at most the largest number of
    /// handles that were ever alive at once.
    pub fn record_count(&self) -> usize {
        self.record_count.load(Ordering::Relaxed)
    }
}

impl Default for Domain {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for Domain {
    fn drop(&mut self) {
        // `&mut self`: no handle is alive (each borrows the domain), and
        // every other thread's work is ordered before this, so Relaxed
        // loads see the final lists.
        let mut orphans = self.orphans.load(Ordering::Relaxed);
        while !orphans.is_null() {
            // SAFETY: batches come from `Box::into_raw` in `Handle::drop`,
            // are on this list once, and nobody else can reach them now.
            let batch = unsafe { Box::from_raw(orphans) };
            // SAFETY: no other thread can touch the batch any more.
            orphans = batch.next.with(|next| unsafe { *next });
            let retired = batch.retired.with_mut(|retired| {
                // SAFETY: as above; we own the batch and take its list.
                mem::take(unsafe { &mut *retired })
            });
            for node in retired {
                // SAFETY: no handle is alive, so no hazard protects the
                // node; it was retired once and is on no other list.
                unsafe { (node.drop_fn)(node.ptr) };
            }
        }
        let mut record = self.records.load(Ordering::Relaxed);
        while !record.is_null() {
            // SAFETY: records come from `Box::into_raw` in `register` and
            // are freed only here, once; no handle refers to them now.
            let boxed = unsafe { Box::from_raw(record) };
            // SAFETY: we own the record; `next` was set before it was
            // published.
            record = boxed.next.with(|next| unsafe { *next });
        }
    }
}

impl fmt::Debug for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Domain")
            .field("record_count", &self.record_count())
            .finish_non_exhaustive()
    }
}

/// Frees a `Box<T>` that `retire` type-erased.
///
/// # Safety
///
/// `ptr` came from `Box::<T>::into_raw` and is freed once.
unsafe fn drop_box<T>(ptr: *mut ()) {
    // SAFETY: the caller's contract.
    drop(unsafe { Box::from_raw(ptr.cast::<T>()) });
}

impl<'d> Handle<'d> {
    fn new(domain: &'d Domain, record: &'d Record) -> Self {
        Self {
            domain,
            record,
            retired: Vec::new(),
        }
    }

    /// Whether this handle is registered in `domain`.
    pub fn belongs_to(&self, domain: &Domain) -> bool {
        ptr::eq(self.domain, domain)
    }

    // ANCHOR: protect
    /// Loads `src` and protects what it points at: until the next
    /// `protect` or `clear`, no handle of this domain frees the returned
    /// node, provided every thread unlinks a node from `src` before it
    /// retires it.
    pub fn protect<T>(&self, src: &AtomicPtr<T>) -> *mut T {
        // Relaxed: only a candidate; we use it after the check below.
        let mut candidate = src.load(Ordering::Relaxed);
        loop {
            // Release: if this handle protected another node before (no
            // `clear` in between), a scanner may read this store instead
            // of a clear, and must then see our reads of that node as
            // done, as it would after `clear`.
            self.record
                .hazard
                .store(candidate.cast(), Ordering::Release);
            // SeqCst: pairs with the fence in `scan`. If this fence comes
            // first in the SeqCst order, the scan's load of our hazard sees
            // the store above; if the scan's comes first, the load below
            // sees the unlink the scanner did before its fence. Release or
            // Acquire fences promise neither (a store buffer could hide
            // both stores).
            fence(Ordering::SeqCst);
            // Acquire: we return this pointer to be read, and its node was
            // written before the Release that published it.
            let now = src.load(Ordering::Acquire);
            if now == candidate {
                // Still reachable after our hazard is visible: no scan that
                // starts from here on frees it.
                return candidate;
            }
            candidate = now;
        }
    }

    /// Withdraws the hazard: the node last protected may be freed.
    pub fn clear(&self) {
        // Release: a scanner that reads this null (Acquire) and frees the
        // node must see every read we made of it as done.
        self.record.hazard.store(ptr::null_mut(), Ordering::Release);
    }
    // ANCHOR_END: protect

    // ANCHOR: retire
    /// Hands `ptr` over for freeing once no hazard protects it. Scans when
    /// the retired list reaches `2 × records + 8` nodes: a scan frees all
    /// but at most `records` of them (one hazard each), so each scan frees
    /// at least half the list plus eight, and each handle holds fewer than
    /// `2 × records + 8` nodes; all handles together, O(records²).
    ///
    /// # Safety
    ///
    /// - `ptr` came from `Box::<T>::into_raw` and is retired once;
    /// - it is already unlinked: no thread can load it again from the
    ///   shared structure (threads that protected it earlier may still
    ///   read it; that is what the scan respects);
    /// - dropping the `Box<T>` is sound on any thread that uses this
    ///   domain, at any time until the domain is dropped (`T: Send`, and
    ///   whatever `T` borrows outlives the domain).
    pub unsafe fn retire<T>(&mut self, ptr: *mut T) {
        self.retired.push(Retired {
            ptr: ptr.cast(),
            drop_fn: drop_box::<T>,
        });
        let threshold = 2 * self.domain.record_count() + 8;
        if self.retired.len() >= threshold {
            self.reclaim();
        }
    }
    // ANCHOR_END: retire

    /// How many retired nodes this handle holds, not yet freed.
    pub fn retired_len(&self) -> usize {
        self.retired.len()
    }

    /// Scans now: adopts any nodes dropped handles left behind, then frees
    /// every retired node that no hazard protects.
    pub fn reclaim(&mut self) {
        self.adopt_orphans();
        self.scan();
    }

    /// Moves the domain's orphaned nodes onto our own retired list.
    fn adopt_orphans(&mut self) {
        // Acquire: pairs with the Release push in `Handle::drop`, so the
        // batch's contents (and, transitively, the retiring thread's use
        // of the nodes) happen before we read and free them.
        let mut batch =
            self.domain.orphans.swap(ptr::null_mut(), Ordering::Acquire);
        while !batch.is_null() {
            // SAFETY: the swap made the whole list ours; each batch came
            // from `Box::into_raw` in `Handle::drop`.
            let boxed = unsafe { Box::from_raw(batch) };
            // SAFETY: the batch is ours (above); its cells were written
            // before the Release push our Acquire swap read.
            batch = boxed.next.with(|next| unsafe { *next });
            boxed.retired.with_mut(|retired| {
                // SAFETY: as above.
                self.retired.append(unsafe { &mut *retired });
            });
        }
    }

    // ANCHOR: scan
    /// Frees every retired node that no record's hazard names.
    fn scan(&mut self) {
        // SeqCst: pairs with the fence in `protect`. Every node on our list
        // was unlinked before this fence (by us, or by a thread whose
        // batch we adopted with Acquire). If a reader's fence comes after
        // ours, its re-load sees the unlink and it does not use the node;
        // if it comes before, the loads below see the reader's hazard (and
        // the record it is in).
        fence(Ordering::SeqCst);
        let mut protected = Vec::new();
        // Acquire: we read the `next` of records other threads pushed.
        let mut record = self.domain.records.load(Ordering::Acquire);
        while !record.is_null() {
            // SAFETY: records live until `Domain::drop`, which cannot run
            // while this handle borrows the domain.
            let current = unsafe { &*record };
            // Acquire: if this reads a reader's clear (or its next
            // protect's store), the reader's reads of the node it had
            // protected happen before we free that node.
            let hazard = current.hazard.load(Ordering::Acquire);
            if !hazard.is_null() {
                protected.push(hazard);
            }
            record = current.next.with(|next| {
                // SAFETY: `next` was written before the record was pushed
                // with Release, and our Acquire load read that push or a
                // later one.
                unsafe { *next }
            });
        }
        protected.sort_unstable();
        self.retired.retain(|node| {
            if protected.binary_search(&node.ptr).is_ok() {
                return true;
            }
            // SAFETY: `node` was retired once, under `retire`'s contract:
            // it is unlinked, and no hazard protected it after our fence,
            // so no thread reads it now or will again.
            unsafe { (node.drop_fn)(node.ptr) };
            false
        });
    }
    // ANCHOR_END: scan
}

impl Drop for Handle<'_> {
    fn drop(&mut self) {
        self.clear();
        // While unwinding, free nothing: a node's drop that panicked too
        // would abort the process. Everything goes to the domain instead.
        if !std::thread::panicking() {
            self.scan();
        }
        if !self.retired.is_empty() {
            let batch = Box::into_raw(Box::new(Orphans {
                retired: UnsafeCell::new(mem::take(&mut self.retired)),
                next: UnsafeCell::new(ptr::null_mut()),
            }));
            let orphans = &self.domain.orphans;
            let mut head = orphans.load(Ordering::Relaxed);
            loop {
                // SAFETY: `batch` is ours until the compare-exchange below
                // publishes it.
                let unpublished = unsafe { &*batch };
                // SAFETY: as above: the batch, and so its `next`, is ours.
                unpublished.next.with_mut(|next| unsafe { *next = head });
                // Release, on success: the adopter (Acquire swap) reads the
                // batch's cells, and frees nodes we retired. Relaxed, on
                // failure: we only retry.
                match orphans.compare_exchange_weak(
                    head,
                    batch,
                    Ordering::Release,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => break,
                    Err(current) => head = current,
                }
            }
        }
        // Release: pairs with `register`'s Acquire, so our clear comes
        // before the next owner's hazard stores (see there).
        self.record.active.store(false, Ordering::Release);
    }
}

impl fmt::Debug for Handle<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("retired_len", &self.retired_len())
            .finish_non_exhaustive()
    }
}

// ANCHOR: stack_types
/// A lock-free stack of `T` whose `pop` frees nodes with hazard pointers.
pub struct Stack<T> {
    /// The top node, or null when the stack is empty.
    head: AtomicPtr<Node<T>>,
    /// The domain in which every `pop` on this stack protects nodes: one
    /// domain per stack, so no pop can use a hazard some other domain's
    /// scan would not look at.
    domain: Domain,
}

struct Node<T> {
    /// Written before the node is published; moved out once, by the `pop`
    /// that takes the node off. `MaybeUninit`: freeing a retired node
    /// frees its memory and drops nothing.
    value: UnsafeCell<MaybeUninit<T>>,
    /// The node below this one.
    next: AtomicPtr<Node<T>>,
}
// ANCHOR_END: stack_types

// SAFETY: (the obligation of `Send`) a `Stack<T>` owns its nodes and the
// `T`s in them; moving it to another thread moves those `T`s, which
// `T: Send` permits. Retired nodes hold no `T`.
unsafe impl<T: Send> Send for Stack<T> {}
// SAFETY: (the obligation of `Sync`) through `&Stack<T>` threads only push
// and pop: each `T` moves in on one thread and out on another, and no
// thread gets a `&T`. That hands `T`s between threads: `T: Send` suffices.
unsafe impl<T: Send> Sync for Stack<T> {}

impl<T> Stack<T> {
    /// An empty stack, with a domain of its own.
    pub fn new() -> Self {
        Self {
            head: AtomicPtr::new(ptr::null_mut()),
            domain: Domain::new(),
        }
    }

    /// The domain to register in for [`Stack::pop`].
    pub fn domain(&self) -> &Domain {
        &self.domain
    }

    /// Puts `value` on top of the stack.
    pub fn push(&self, value: T) {
        let node = Box::into_raw(Box::new(Node {
            value: UnsafeCell::new(MaybeUninit::new(value)),
            next: AtomicPtr::new(ptr::null_mut()),
        }));
        let mut head = self.head.load(Ordering::Relaxed);
        loop {
            // SAFETY: `node` came from `Box::into_raw` above and no other
            // thread can reach it until the compare-exchange publishes it.
            unsafe { (*node).next.store(head, Ordering::Relaxed) };
            // Release, on success: `protect`'s Acquire load of `head` then
            // sees the value and `next` written above. Relaxed, on failure.
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

    /// Takes the top value off the stack, or returns `None` if it is empty.
    ///
    /// # Panics
    ///
    /// If `handle` was registered in another domain than
    /// [`Stack::domain`].
    pub fn pop(&self, handle: &mut Handle<'_>) -> Option<T> {
        self.pop_with_pause(handle, || {})
    }

    // ANCHOR: stack_pop
    /// `pop`, calling `pause` after protecting the head and before reading
    /// its `next`: the window in which the naive stack's node could be
    /// freed by another pop.
    pub fn pop_with_pause(
        &self,
        handle: &mut Handle<'_>,
        mut pause: impl FnMut(),
    ) -> Option<T> {
        assert!(
            handle.belongs_to(&self.domain),
            "pop with a handle of another domain than the stack's"
        );
        let node = loop {
            let head = handle.protect(&self.head);
            if head.is_null() {
                handle.clear();
                return None;
            }
            pause();
            // SAFETY: `protect` returned `head` while it was still on the
            // stack, after publishing it: no scan frees it until we clear.
            let next = unsafe { (*head).next.load(Ordering::Relaxed) };
            // Relaxed: `protect`'s Acquire load already ordered the node's
            // push before us, and a failure only sends us round again.
            // While we protect `head` it cannot be freed and reused, so a
            // success means it really is the node we read `next` from.
            if self
                .head
                .compare_exchange_weak(
                    head,
                    next,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                )
                .is_ok()
            {
                break head;
            }
        };
        handle.clear();
        // SAFETY: we unlinked `node` and have not retired it yet, so no one
        // frees it; the other pops that may still read it only read `next`.
        let value = unsafe { &*node }.value.with_mut(|slot| {
            // SAFETY: our compare-exchange took `node` off the stack, and a
            // node is pushed once, so we are the one pop that moves its
            // value out. Its push happened before our Acquire in `protect`.
            unsafe { slot.cast::<T>().read() }
        });
        // SAFETY: `node` came from `Box::into_raw` in `push`, is unlinked
        // (our compare-exchange) and retired only here. Freeing it drops
        // no `T` (the value is `MaybeUninit`, and moved out), only memory.
        unsafe { handle.retire(node) };
        Some(value)
    }
    // ANCHOR_END: stack_pop
}

impl<T> Default for Stack<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Drop for Stack<T> {
    fn drop(&mut self) {
        // `&mut self`: no handle is alive and every other thread's work is
        // ordered before this. Retired nodes are the domain's to free,
        // when the `domain` field is dropped after this.
        let mut node = self.head.load(Ordering::Relaxed);
        while !node.is_null() {
            // SAFETY: a node still on the stack came from `Box::into_raw`
            // in `push`, holds a value nobody moved out, and is reachable
            // from nowhere else once the stack is gone.
            let boxed = unsafe { Box::from_raw(node) };
            node = boxed.next.load(Ordering::Relaxed);
            boxed.value.with_mut(|slot| {
                // SAFETY: as above: the value is initialised and ours.
                unsafe { slot.cast::<T>().drop_in_place() }
            });
        }
    }
}

impl<T> fmt::Debug for Stack<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stack")
            .field("empty", &self.head.load(Ordering::Relaxed).is_null())
            .finish_non_exhaustive()
    }
}
