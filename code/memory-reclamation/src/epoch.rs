//! Epoch-based reclamation (Fraser, 2004), and a Treiber stack that frees
//! its nodes with it.
//!
//! A [`Collector`] keeps a global epoch, a number that only grows. A
//! thread takes part through a [`Handle`]; before it touches shared nodes
//! it *pins* the handle ([`Handle::pin`]), which publishes "pinned in
//! epoch E" in the handle's record, and the [`Guard`] that `pin` returns
//! unpins it when dropped. A node taken off a structure is *retired*
//! ([`Guard::retire`]): put in the handle's garbage, tagged with the
//! epoch. [`Handle::try_advance`] moves the epoch from E to E + 1 when
//! every pinned record says E, and then frees the garbage tagged E - 1 or
//! earlier: every thread that could still hold a pointer to it has
//! unpinned since. One stalled pinned thread stops the epoch, and with it
//! all freeing; the tests show that.
//!
//! Everything is reached through explicit handles (no thread-locals, no
//! globals), so loom can model it: see `tests/loom/epoch.rs`.
//!
//! The epoch is a `usize` that grows by one per advance; it would wrap
//! after 2^63 advances, which this code does not handle.

use crate::sync::{
    AtomicBool, AtomicPtr, AtomicUsize, Ordering, UnsafeCell, fence,
};
use std::cell::{Cell, RefCell};
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::ptr;

// ANCHOR: types
/// The shared state: the global epoch and every participant's record.
pub struct Collector {
    /// The global epoch. Only [`Handle::try_advance`] changes it, by one.
    epoch: AtomicUsize,
    /// A push-only list of records, one per handle ever live at once.
    records: AtomicPtr<Record>,
    /// Garbage that dropped handles left behind, freed by `Drop`.
    orphans: AtomicPtr<Orphan>,
}

/// One participant's published state.
struct Record {
    /// `UNPINNED`, or `epoch << 1 | PINNED`: the epoch the participant
    /// read when it pinned.
    state: AtomicUsize,
    /// Whether a live handle owns this record; a dropped handle's record
    /// is taken over by the next `register`.
    active: AtomicBool,
    /// The next record; written once, before the record is published (a
    /// loom cell, so loom checks that every reader is ordered after that
    /// write).
    next: UnsafeCell<*mut Record>,
}

/// The lowest bit of a record's state: set while pinned.
const PINNED: usize = 1;
/// A record's state while its participant is not pinned.
const UNPINNED: usize = 0;

/// One thread's way in: its record and the garbage it has retired.
pub struct Handle<'c> {
    collector: &'c Collector,
    record: &'c Record,
    /// Retired objects, each with the epoch it was retired in.
    garbage: RefCell<Vec<(usize, Retired)>>,
    /// Retirements since the last automatic `try_advance`.
    since_advance: Cell<usize>,
}

/// Proof that a handle is pinned; unpins it when dropped.
pub struct Guard<'h, 'c> {
    handle: &'h Handle<'c>,
    /// The epoch this guard published in the record.
    epoch: usize,
}

/// A type-erased retired object: its address and how to free it.
struct Retired {
    ptr: *mut (),
    drop_fn: unsafe fn(*mut ()),
}

/// Garbage a dropped handle left behind, on the collector's orphan list.
struct Orphan {
    garbage: Vec<(usize, Retired)>,
    next: *mut Orphan,
}
// ANCHOR_END: types

/// How many retirements a handle lets pass before `pin` calls
/// [`Handle::try_advance`] by itself. One scan of the records per 64
/// retirements keeps the scan's cost small per node, and a handle that
/// keeps pinning and retiring never holds much more than this per epoch
/// (as long as nobody stalls pinned).
pub const ADVANCE_EVERY: usize = 64;

// SAFETY: (the obligation of `Send` and `Sync`) the collector's shared
// state is atomics and records that are never freed before `Drop`; the
// raw pointers in orphaned garbage are only touched by `Drop`, with
// `&mut self`. What the garbage's destructors may do on another thread
// is the obligation `Guard::retire` puts on its caller.
unsafe impl Send for Collector {}
// SAFETY: as above; `&Collector` gives out records only through
// `register`, which hands each one to a single handle at a time.
unsafe impl Sync for Collector {}

impl Collector {
    /// A collector in epoch 0 with no participants.
    pub fn new() -> Self {
        Self {
            epoch: AtomicUsize::new(0),
            records: AtomicPtr::new(ptr::null_mut()),
            orphans: AtomicPtr::new(ptr::null_mut()),
        }
    }

    /// The global epoch now (for tests and the page; it may move on at
    /// once).
    pub fn epoch(&self) -> usize {
        self.epoch.load(Ordering::Relaxed)
    }

    /// How many records the collector holds: the most handles that were
    /// ever registered at once, since a dropped handle's record is reused.
    pub fn records_len(&self) -> usize {
        let mut count = 0;
        // Acquire: we read the `next` of records other threads pushed.
        let mut record = self.records.load(Ordering::Acquire);
        // SAFETY: records are never freed before the collector is.
        while let Some(current) = unsafe { record.as_ref() } {
            count += 1;
            // SAFETY: `next` was written before the record was pushed with
            // Release, and our Acquire load read that push or a later one.
            record = current.next.with(|next| unsafe { *next });
        }
        count
    }

    /// A new participant: reuses the record of a dropped handle if there
    /// is one, or pushes a new record.
    pub fn register(&self) -> Handle<'_> {
        let record = self.reuse_record().unwrap_or_else(|| self.push_record());
        Handle {
            collector: self,
            record,
            garbage: RefCell::new(Vec::new()),
            since_advance: Cell::new(0),
        }
    }

    /// Takes over a record whose handle was dropped.
    fn reuse_record(&self) -> Option<&Record> {
        // Acquire: we read the fields of records other threads pushed;
        // pairs with the Release compare-exchange in `push_record`.
        let mut record = self.records.load(Ordering::Acquire);
        // SAFETY: records are never freed before the collector is, and
        // each was fully written before the Release that published it.
        while let Some(candidate) = unsafe { record.as_ref() } {
            // Acquire, on success: the previous owner's last unpin (and
            // every access it made while pinned) happens before our pins,
            // so the state we store comes after its stores in the record.
            // Pairs with the Release store in `Handle`'s `Drop`.
            if candidate
                .active
                .compare_exchange(
                    false,
                    true,
                    Ordering::Acquire,
                    Ordering::Relaxed,
                )
                .is_ok()
            {
                return Some(candidate);
            }
            // SAFETY: as in `records_len`: written before the Release push
            // that our Acquire load (or a later push it read) published.
            record = candidate.next.with(|next| unsafe { *next });
        }
        None
    }

    /// Publishes a new record at the head of the list.
    fn push_record(&self) -> &Record {
        let record = Box::into_raw(Box::new(Record {
            state: AtomicUsize::new(UNPINNED),
            active: AtomicBool::new(true),
            next: UnsafeCell::new(ptr::null_mut()),
        }));
        let mut head = self.records.load(Ordering::Relaxed);
        loop {
            // SAFETY: `record` came from `Box::into_raw` above and no other
            // thread can reach it until the compare-exchange publishes it.
            let unpublished = unsafe { &*record };
            // SAFETY: as above: the record, and so its `next`, is ours.
            unpublished.next.with_mut(|next| unsafe { *next = head });
            // Release, on success: a thread that loads the list with
            // Acquire sees the record's fields written above. Relaxed, on
            // failure: we only retry with the newer head.
            match self.records.compare_exchange_weak(
                head,
                record,
                Ordering::Release,
                Ordering::Relaxed,
            ) {
                // SAFETY: published records live until the collector is
                // dropped, which the `&self` borrow outlives.
                Ok(_) => return unsafe { &*record },
                Err(current) => head = current,
            }
        }
    }
}

impl Default for Collector {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        // `&mut self`: every handle (they borrow the collector) is gone,
        // and whatever ended their borrows ordered their work before this,
        // so Relaxed loads see the final lists.
        let mut orphan = self.orphans.load(Ordering::Relaxed);
        while !orphan.is_null() {
            // SAFETY: orphans came from `Box::into_raw` in `Handle`'s
            // `Drop`, and each is on the list once.
            let boxed = unsafe { Box::from_raw(orphan) };
            orphan = boxed.next;
            for (_, retired) in boxed.garbage {
                // SAFETY: no handle is left, so nobody is pinned and
                // nobody holds a pointer to retired garbage; each entry is
                // freed once, here.
                unsafe { retired.free() };
            }
        }
        let mut record = self.records.load(Ordering::Relaxed);
        while !record.is_null() {
            // SAFETY: records came from `Box::into_raw` in `push_record`,
            // and no handle (which borrows one) is left.
            let boxed = unsafe { Box::from_raw(record) };
            // SAFETY: we own the record now; `next` was written before it
            // was published.
            record = boxed.next.with(|next| unsafe { *next });
        }
    }
}

impl std::fmt::Debug for Collector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Collector")
            .field("epoch", &self.epoch())
            .finish_non_exhaustive()
    }
}

impl Retired {
    /// Runs the object's `drop_fn`.
    ///
    /// # Safety
    ///
    /// Called once, when no thread can still reach the object.
    unsafe fn free(self) {
        // SAFETY: `drop_fn` is `drop_box::<T>` for the `T` that `ptr` was
        // made from, and the caller guarantees nobody can reach it.
        unsafe { (self.drop_fn)(self.ptr) }
    }
}

/// Frees a `Box<T>` that was turned into `ptr`.
///
/// # Safety
///
/// `ptr` came from `Box::<T>::into_raw` and is freed once.
unsafe fn drop_box<T>(ptr: *mut ()) {
    // SAFETY: the caller's guarantee.
    drop(unsafe { Box::from_raw(ptr.cast::<T>()) });
}

impl<'c> Handle<'c> {
    // ANCHOR: pin
    /// Pins this participant: until the guard is dropped, nothing that
    /// was reachable after `pin` returned is freed.
    pub fn pin(&mut self) -> Guard<'_, 'c> {
        if self.since_advance.get() >= ADVANCE_EVERY {
            self.try_advance();
        }
        // Relaxed: an old value is safe. A record pinned in an epoch
        // behind the global one only stops `try_advance` (which wants
        // every pinned record in the current epoch) until we unpin; so
        // there is no need to read the epoch again after the fence.
        let epoch = self.collector.epoch.load(Ordering::Relaxed);
        // Release, not Relaxed: an advancer that reads *this* store (and
        // not our last unpin) must still see our previous pinned section
        // as over. Since C++20, which Rust follows, a release sequence no
        // longer includes later plain stores by the same thread, so the
        // unpin's Release does not cover this store.
        self.record
            .state
            .store(epoch << 1 | PINNED, Ordering::Release);
        // SeqCst: this fence and the one in `retire` are ordered in the
        // single total order S. If `retire`'s comes first, our loads after
        // this fence see the unlinking it came after: we cannot find that
        // node. If ours comes first, the retiring thread's scans, which
        // come after its `retire` fence, see the pinned state stored above
        // (or a later one). C++ [atomics.order], the fences; the cases are
        // spelled out at `try_advance`.
        fence(Ordering::SeqCst);
        Guard {
            handle: self,
            epoch,
        }
    }
    // ANCHOR_END: pin

    // ANCHOR: advance
    /// Tries to move the global epoch on, and frees this handle's garbage
    /// that is two epochs old. Returns whether every pinned record was in
    /// the current epoch (then the epoch is past it now, moved on by this
    /// call or by another thread's).
    ///
    /// Why this is safe, and why two epochs. Suppose the scan finds every
    /// pinned record in epoch E, and take an object this handle retired
    /// with tag t ≤ E - 1. It was unlinked before the fence in `retire`,
    /// call it F, and F is sequenced before everything below. Take a
    /// reader R that pins (stores its state, then its fence F_R) and then
    /// loads pointers. The scan read R's record, and:
    ///
    /// - saw a state older than R's pin (or did not find R's record in
    ///   the list yet): our load is coherence-ordered before R's store,
    ///   with F before our load and R's store before F_R, so F precedes
    ///   F_R in S (C++ [atomics.order], the fence-fence case). R's loads
    ///   after F_R then see the unlink: R cannot find the object.
    /// - saw R's pin, in epoch E: R read E from the epoch before F_R,
    ///   and `retire` read t < E after F, so that read is coherence-
    ///   ordered before R's, and again F precedes F_R in S. Same.
    /// - saw R's unpin, or a later state: those are Release stores and
    ///   the scan's loads Acquire, so all R did while pinned happens
    ///   before the frees below.
    ///
    /// With t = E the second case fails: R and `retire` may both have
    /// read E, two reads of one value order nothing, and R may hold the
    /// object. Hence E - 1.
    ///
    /// No fence of its own: the argument only uses the `retire` fences,
    /// which are sequenced before this scan because a handle frees only
    /// what it retired itself. (crossbeam-epoch, where any thread may free
    /// any thread's garbage, fences here.)
    pub fn try_advance(&mut self) -> bool {
        self.since_advance.set(0);
        let global = &self.collector.epoch;
        // Relaxed: a stale value is harmless: the scan then wants records
        // pinned in an old epoch, and frees only garbage older than that.
        let epoch = global.load(Ordering::Relaxed);
        // Acquire: we read the fields of records other threads pushed.
        let mut record = self.collector.records.load(Ordering::Acquire);
        // SAFETY: records are never freed before the collector is.
        while let Some(current) = unsafe { record.as_ref() } {
            // Acquire: if this reads an unpin (or a later pin), the
            // Release store makes the reader's accesses happen before our
            // frees.
            let state = current.state.load(Ordering::Acquire);
            if state & PINNED != 0 && state >> 1 != epoch {
                return false;
            }
            // SAFETY: as in `records_len`.
            record = current.next.with(|next| unsafe { *next });
        }
        // Relaxed: the scan above is what makes freeing safe, not this
        // compare-exchange; it only moves the epoch on. If it fails,
        // another thread moved it from `epoch` already.
        let _ = global.compare_exchange(
            epoch,
            epoch + 1,
            Ordering::Relaxed,
            Ordering::Relaxed,
        );
        self.free_retired_before(epoch);
        true
    }

    /// Frees the garbage retired in an epoch before `epoch`.
    fn free_retired_before(&self, epoch: usize) {
        let old: Vec<(usize, Retired)> = {
            let mut garbage = self.garbage.borrow_mut();
            let (old, young) = garbage
                .drain(..)
                .partition(|(retired_in, _)| *retired_in < epoch);
            *garbage = young;
            old
        };
        for (_, retired) in old {
            // SAFETY: `try_advance` found every pinned record in `epoch`,
            // so (its documentation argues) nobody can reach garbage
            // retired before `epoch`. Each entry is freed once.
            unsafe { retired.free() };
        }
    }
    // ANCHOR_END: advance

    /// How many retired objects this handle holds, not yet freed.
    pub fn garbage_len(&self) -> usize {
        self.garbage.borrow().len()
    }
}

impl Drop for Handle<'_> {
    fn drop(&mut self) {
        let garbage = self.garbage.take();
        if !garbage.is_empty() {
            let orphan = Box::into_raw(Box::new(Orphan {
                garbage,
                next: ptr::null_mut(),
            }));
            let orphans = &self.collector.orphans;
            let mut head = orphans.load(Ordering::Relaxed);
            loop {
                // SAFETY: `orphan` is ours until the compare-exchange below
                // publishes it.
                unsafe { (*orphan).next = head };
                // Relaxed: only the collector's `Drop` reads the list,
                // and its `&mut self` is ordered after every handle's end.
                match orphans.compare_exchange_weak(
                    head,
                    orphan,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => break,
                    Err(current) => head = current,
                }
            }
        }
        // Release: the next owner's Acquire in `register` then orders
        // everything we did with this record (our last unpin included)
        // before everything it does.
        self.record.active.store(false, Ordering::Release);
    }
}

impl std::fmt::Debug for Handle<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handle")
            .field("garbage_len", &self.garbage_len())
            .finish_non_exhaustive()
    }
}

impl Guard<'_, '_> {
    /// The epoch this guard pinned in.
    pub fn epoch(&self) -> usize {
        self.epoch
    }

    /// Whether this guard pins a handle of `collector`. A structure that
    /// frees its nodes through its own collector asserts this in every
    /// operation: a guard of another collector would not stop that
    /// collector's advances, and its nodes could be freed under it.
    pub fn belongs_to(&self, collector: &Collector) -> bool {
        ptr::eq(self.handle.collector, collector)
    }

    // ANCHOR: retire
    /// Hands `ptr` to the collector, to be freed (as a `Box<T>`) once no
    /// pinned participant can hold it.
    ///
    /// # Safety
    ///
    /// `ptr` came from `Box::<T>::into_raw`; it is unreachable from the
    /// shared structure (the stores that unlinked it happen before this
    /// call); it is retired once; and dropping the `T` later, on any
    /// thread, at any point until the collector is dropped, is sound.
    pub unsafe fn retire<T>(&self, ptr: *mut T) {
        let handle = self.handle;
        // SeqCst: the partner of the fence in `pin`. It orders the
        // unlinking of `ptr` (before this call) before the tag we read next
        // and before every later scan of this handle: `try_advance`, which
        // frees only this handle's garbage, relies on it.
        fence(Ordering::SeqCst);
        // Relaxed: the fence above orders it; see `try_advance`.
        let epoch = handle.collector.epoch.load(Ordering::Relaxed);
        let retired = Retired {
            ptr: ptr.cast(),
            drop_fn: drop_box::<T>,
        };
        handle.garbage.borrow_mut().push((epoch, retired));
        handle.since_advance.set(handle.since_advance.get() + 1);
    }
    // ANCHOR_END: retire
}

impl Drop for Guard<'_, '_> {
    fn drop(&mut self) {
        // Release: every access made while pinned happens before the
        // free of an advancer whose Acquire scan reads this store.
        self.handle.record.state.store(UNPINNED, Ordering::Release);
    }
}

impl std::fmt::Debug for Guard<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guard")
            .field("epoch", &self.epoch)
            .finish_non_exhaustive()
    }
}

/// A lock-free stack of `T` whose popped nodes are freed through a
/// [`Collector`].
pub struct Stack<T> {
    /// The top node, or null when the stack is empty.
    head: AtomicPtr<Node<T>>,
    /// The collector every `pop` on this stack pins in: one per stack, so
    /// no pop can be pinned in a collector whose advances ignore it.
    collector: Collector,
    _owns: PhantomData<T>,
}

struct Node<T> {
    /// Written once, before the node is published; moved out once, by the
    /// `pop` that takes the node off.
    value: UnsafeCell<MaybeUninit<T>>,
    /// The node below this one. Atomic: a losing `pop` may read it after
    /// the winner took the node off (but before it is freed).
    next: AtomicPtr<Node<T>>,
}

// SAFETY: (the obligation of `Send`) a `Stack<T>` owns its nodes and the
// `T`s in them; moving it moves those `T`s, which `T: Send` permits.
unsafe impl<T: Send> Send for Stack<T> {}
// SAFETY: (the obligation of `Sync`) through `&Stack<T>` threads only push
// and pop: each `T` moves in on one thread and out on another, and no `&T`
// is handed out, so `T: Send` is enough.
unsafe impl<T: Send> Sync for Stack<T> {}

impl<T> Stack<T> {
    /// An empty stack.
    pub fn new() -> Self {
        Self {
            head: AtomicPtr::new(ptr::null_mut()),
            collector: Collector::new(),
            _owns: PhantomData,
        }
    }

    /// The collector to register in for [`Stack::pop`].
    pub fn collector(&self) -> &Collector {
        &self.collector
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
            // Release, on success: a pop that loads `node` with Acquire
            // sees its value and `next`. Relaxed, on failure: we retry.
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

    /// Takes the top value off the stack, or returns `None` if it is
    /// empty. The node is retired through `guard`.
    ///
    /// # Panics
    ///
    /// If `guard` pins a handle of another collector than
    /// [`Stack::collector`].
    pub fn pop(&self, guard: &Guard<'_, '_>) -> Option<T> {
        self.pop_with_pause(guard, || {})
    }

    // ANCHOR: stack_pop
    /// `pop`, calling `pause` after loading `head` and before reading the
    /// node's `next`: the window in which another pop can take the node.
    pub fn pop_with_pause(
        &self,
        guard: &Guard<'_, '_>,
        mut pause: impl FnMut(),
    ) -> Option<T> {
        assert!(
            guard.belongs_to(&self.collector),
            "pop with a guard of another collector than the stack's"
        );
        // Acquire: we read the node's value and `next`, written before
        // its pusher's Release compare-exchange.
        let mut head = self.head.load(Ordering::Acquire);
        loop {
            if head.is_null() {
                return None;
            }
            pause();
            // SAFETY: we are pinned (`guard`) and loaded `head` after
            // pinning: even if another pop took it off and retired it
            // since, it is not freed before we unpin.
            let next = unsafe { (*head).next.load(Ordering::Relaxed) };
            // Relaxed, on success: the Acquire that gave us `head`
            // already ordered its push before us. Acquire, on failure:
            // `current` is the next `head` we read.
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
        // SAFETY: pinned, as above, so the node is live.
        let node = unsafe { &*head };
        let value = node.value.with_mut(|slot| {
            // SAFETY: our compare-exchange took `head` off, and a node is
            // pushed once, so we are the one pop that moves its value out.
            unsafe { slot.cast::<T>().read() }
        });
        // SAFETY: `head` came from `Box::into_raw` in `push`; our
        // compare-exchange unlinked it; only the pop that unlinked it
        // retires it; and freeing a `Node<T>` drops no `T` (the value is
        // in a `MaybeUninit` and was moved out above).
        unsafe { guard.retire(head) };
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
        // `&mut self`: every push and pop is over and ordered before this,
        // so a Relaxed load sees the final list.
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

impl<T> std::fmt::Debug for Stack<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stack")
            .field("empty", &self.head.load(Ordering::Relaxed).is_null())
            .finish_non_exhaustive()
    }
}
