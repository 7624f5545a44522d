//! Companion code for the chapter "Memory ordering".
//!
//! The library holds the one type the chapter builds that other code would
//! use: [`LazyBox`], a value created on first use and published to every
//! thread through an `AtomicPtr`. It shows a compare-exchange whose two
//! orderings each have a job. The runnable programs, including the litmus
//! lab, live in `examples/`; the loom models in `tests/loom.rs`.

mod sync;

// The exercise's mailbox lives in its own file, shared by the starter and the
// solution: the learner's files hold only the orderings it uses.
#[path = "../exercise/mailbox.rs"]
mod mailbox;

#[cfg_attr(not(feature = "solution"), path = "../exercise/starter.rs")]
#[cfg_attr(feature = "solution", path = "../exercise/solution.rs")]
pub mod exercise;

// ANCHOR: lazy_box
use crate::sync::{AtomicPtr, Ordering};
use std::fmt;
use std::marker::PhantomData;
use std::ptr;

/// A value that is created the first time a thread asks for it, and then
/// shared by every thread.
///
/// Several threads may call [`get_or_init`](Self::get_or_init) at once. Each
/// of them may build a value, but exactly one value is published; the others
/// are dropped, and every caller gets a reference to the published one.
pub struct LazyBox<T> {
    /// Null until a value is published, then a pointer from `Box::into_raw`
    /// that never changes again until the `LazyBox` is dropped.
    ptr: AtomicPtr<T>,
    /// `AtomicPtr<T>` is `Send` and `Sync` whatever `T` is, which would let
    /// a `LazyBox<Rc<u8>>` cross threads. This marker takes both traits away,
    /// and the two `unsafe impl`s below give them back with the right bounds.
    _owns: PhantomData<*const T>,
}

// SAFETY: the obligation of `Send` is that moving a `LazyBox<T>` to another
// thread, and using and dropping it there, is sound. Moving it moves the
// boxed `T` it owns (if any), so `T: Send` is exactly what is needed.
unsafe impl<T: Send> Send for LazyBox<T> {}

// SAFETY: the obligation of `Sync` is that every method reachable through
// `&LazyBox<T>` is safe to call from many threads at once.
// - `get_or_init` lets a thread build a `T` and publish it; the owner of the
//   `LazyBox`, maybe on another thread, later drops it: `T: Send`.
// - `get` and `get_or_init` hand `&T` to every thread: `T: Sync`.
// - The box is written only before it is published (by the thread that
//   built it), and read only after an Acquire load or a failed Acquire
//   compare-exchange has seen the pointer published by a Release operation,
//   so the write happens before every read.
// std's `OnceLock<T>` is `Sync` under the same bounds.
unsafe impl<T: Send + Sync> Sync for LazyBox<T> {}

impl<T> LazyBox<T> {
    /// An empty `LazyBox`.
    pub fn new() -> Self {
        Self {
            ptr: AtomicPtr::new(ptr::null_mut()),
            _owns: PhantomData,
        }
    }

    /// The value, if some thread has created it.
    pub fn get(&self) -> Option<&T> {
        // Acquire: if we see the pointer, we also see everything the
        // publishing thread wrote before its Release compare-exchange,
        // including the value the pointer points to.
        let current = self.ptr.load(Ordering::Acquire);
        // SAFETY: a non-null pointer came from `Box::into_raw` in
        // `get_or_init`, the Acquire load above made the box's contents
        // visible, and the box lives until `self` is dropped, which cannot
        // happen while `&self` is borrowed.
        unsafe { current.as_ref() }
    }

    /// The value, created with `init` if no thread has created it yet.
    ///
    /// If several threads race, each may run its `init`; one value wins and
    /// the others are dropped before `get_or_init` returns.
    pub fn get_or_init(&self, init: impl FnOnce() -> T) -> &T {
        if let Some(value) = self.get() {
            return value;
        }
        let ours = Box::into_raw(Box::new(init()));
        // Success, Release: publishes the box we just wrote. Acquire is not
        // needed here: the value we replace is null, and nobody wrote
        // anything before it that we must see.
        // Failure, Acquire: another thread published first; we are about to
        // read its box, so we must see what it wrote before publishing.
        let published = match self.ptr.compare_exchange(
            ptr::null_mut(),
            ours,
            Ordering::Release,
            Ordering::Acquire,
        ) {
            Ok(_) => ours,
            Err(theirs) => {
                // SAFETY: `ours` came from `Box::into_raw` above and was never
                // published, so this thread is its only owner.
                drop(unsafe { Box::from_raw(ours) });
                theirs
            }
        };
        // SAFETY: `published` is non-null, came from `Box::into_raw`, is
        // visible to us (we wrote it, or our failed compare-exchange acquired
        // it), and lives until `self` is dropped.
        unsafe { &*published }
    }
}

impl<T> Drop for LazyBox<T> {
    fn drop(&mut self) {
        // Relaxed is enough: `&mut self` means no other thread can reach the
        // `LazyBox` any more, and whatever gave us that exclusive access (a
        // `join`, the last `Arc` going away) already ordered the other
        // threads' work before this point.
        let current = self.ptr.load(Ordering::Relaxed);
        if !current.is_null() {
            // SAFETY: a non-null pointer came from `Box::into_raw` and is
            // freed only here, once, with exclusive access.
            drop(unsafe { Box::from_raw(current) });
        }
    }
}
// ANCHOR_END: lazy_box

impl<T> Default for LazyBox<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: fmt::Debug> fmt::Debug for LazyBox<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LazyBox")
            .field("value", &self.get())
            .finish()
    }
}
