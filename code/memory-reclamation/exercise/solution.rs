//! The exercise, solved: a configuration that readers read through a
//! hazard pointer and an operator replaces without waiting for them.

use crate::hazard::Handle;
use crate::sync::Ordering;

// The types the starter and the solution share.
#[path = "config.rs"]
mod config;

pub use config::ConfigCell;

// ANCHOR: solution
impl<T> ConfigCell<T> {
    /// Runs `f` on the current configuration and returns what it returns.
    /// The configuration `f` sees is not freed until `f` has returned,
    /// however many times it is replaced meanwhile.
    ///
    /// `&mut Handle`: a handle has one hazard pointer. With a shared
    /// borrow, `f` could call `read` again with the same handle, and the
    /// inner call's `clear` would withdraw the hazard that protects the
    /// outer call's `&T`: a use-after-free in safe code. The mutable
    /// borrow makes that a compile error.
    ///
    /// # Panics
    ///
    /// If `handle` was registered in another domain than
    /// [`ConfigCell::domain`].
    pub fn read<R>(
        &self,
        handle: &mut Handle<'_>,
        f: impl FnOnce(&T) -> R,
    ) -> R {
        assert!(
            handle.belongs_to(&self.domain),
            "read with a handle of another domain than the cell's"
        );
        // `protect` publishes the pointer, fences (SeqCst) and re-loads
        // `current` (Acquire) until the two loads agree: the configuration
        // was current after our hazard was visible, so a scan that could
        // free it sees the hazard. The Acquire re-load also synchronises
        // with the Release swap that published it, so its contents are
        // ours to read.
        let config = handle.protect(&self.current);
        // SAFETY: `current` is never null and always came from
        // `Box::into_raw`; `protect` returned it while it was still
        // current, after our hazard was published, and every `replace`
        // retires through this domain, so no scan frees it until the
        // `clear` below. Writes to it happened before our Acquire load.
        // The `&T` does not outlive `f`.
        let result = f(unsafe { &*config });
        // Release (inside `clear`): a scan that reads our null and frees
        // the configuration sees our reads in `f` as done. If `f` panics
        // we skip this, and the hazard stays until the handle's next
        // `protect`, `clear` or drop: the old configuration lives a little
        // longer, nothing worse.
        handle.clear();
        result
    }

    /// Makes `new` the current configuration. The old one is retired
    /// through `handle` and freed by one of its scans once no reader
    /// protects it (at the latest when the handle is dropped, or when the
    /// domain is, with the cell).
    ///
    /// # Panics
    ///
    /// If `handle` was registered in another domain than
    /// [`ConfigCell::domain`].
    pub fn replace(&self, handle: &mut Handle<'_>, new: T) {
        assert!(
            handle.belongs_to(&self.domain),
            "replace with a handle of another domain than the cell's"
        );
        let new = Box::into_raw(Box::new(new));
        // AcqRel.
        // Release: a reader's Acquire re-load in `protect` that reads our
        // pointer must see the configuration we wrote into the box. With
        // Relaxed, the reader's `&T` would race with `Box::new`'s writes.
        // Acquire: the old configuration was written by the thread whose
        // swap (or `new`) published it. We hand it to the domain, and
        // `retire`'s contract is that it may be dropped on any thread at
        // any time from now on, so its writers' writes must happen before
        // this point; our swap reads the value their Release swap wrote,
        // and Acquire makes that a synchronises-with. (Today every free
        // comes after a scan's SeqCst fence, which is an acquire fence
        // too, and would mask a Relaxed read; we do not lean on that.)
        let old = self.current.swap(new, Ordering::AcqRel);
        // SAFETY: (retire's contract) `old` came from `Box::into_raw`, in
        // `new` or an earlier `replace`; our swap took it out of `current`,
        // so no reader can load it again, and no other swap returns it, so
        // it is retired once. It may be dropped on any thread of this
        // domain: only threads that can reach `&self` use the domain, and
        // if there is more than one the cell is `Sync`, so `T: Send`; the
        // `T` outlives the cell, which owns the domain.
        unsafe { handle.retire(old) };
    }
}

impl<T> Drop for ConfigCell<T> {
    /// Drops the current configuration. The retired ones are the domain's,
    /// dropped with the `domain` field right after this.
    fn drop(&mut self) {
        // Relaxed: `&mut self` means no other thread uses the cell now,
        // and whatever gave us that (a join, the last `Arc`) ordered every
        // thread's `replace` before this.
        let current = self.current.load(Ordering::Relaxed);
        // SAFETY: `current` came from `Box::into_raw` and was never
        // retired (only swapped-out pointers are), so we own it; no handle
        // is alive (each borrows the cell), so no reader holds it.
        drop(unsafe { Box::from_raw(current) });
    }
}
// ANCHOR_END: solution
