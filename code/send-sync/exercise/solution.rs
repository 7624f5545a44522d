//! The exercise, solved: a hit counter that owns its tallies through a raw
//! pointer, may move to another thread (`Send`), and must never be shared
//! between threads (`!Sync`).

use crate::hit_counter::Counts;
pub use crate::hit_counter::HitCounter;

// ANCHOR: send
// SAFETY: the obligation of `Send` is that moving a `HitCounter` to another
// thread, and using and dropping it there, is sound. It is:
// - `counts` is the only pointer to its allocation (it comes from
//   `Box::into_raw` in `new` and is never copied out), so whoever owns the
//   `HitCounter` owns the `Counts`, and moving the one moves the other.
// - `Counts` holds only `u64`, `String` and `HashMap`, which are all `Send`,
//   so the tallies themselves may change threads.
// - The allocation comes from the global allocator, which may be freed from
//   any thread.
// `Sync` is deliberately not implemented: `record` writes through `&self`
// without any synchronisation, so two threads with `&HitCounter` would race.
unsafe impl Send for HitCounter {}
// ANCHOR_END: send

impl HitCounter {
    /// A counter with no hits.
    pub fn new() -> Self {
        let counts = Box::new(Counts::default());
        Self {
            counts: Box::into_raw(counts),
        }
    }

    /// Records one hit on `page`.
    pub fn record(&self, page: &str) {
        // SAFETY: `counts` came from `Box::into_raw` and stays valid until
        // `drop`. `HitCounter` is not `Sync`, so only this thread can reach
        // `self` right now, and no reference into `Counts` outlives a call,
        // so this `&mut` is the only reference to it.
        let counts = unsafe { &mut *self.counts };
        counts.total += 1;
        *counts.per_page.entry(page.to_owned()).or_insert(0) += 1;
    }

    /// All hits recorded so far.
    pub fn total(&self) -> u64 {
        self.counts().total
    }

    /// The hits recorded on `page`.
    pub fn count(&self, page: &str) -> u64 {
        self.counts().per_page.get(page).copied().unwrap_or(0)
    }

    fn counts(&self) -> &Counts {
        // SAFETY: the pointer is valid until `drop` (see `record`), and no
        // `&mut Counts` exists while we hold this: `record` finishes before
        // it returns, and only this thread can call it.
        unsafe { &*self.counts }
    }
}

impl Default for HitCounter {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for HitCounter {
    fn drop(&mut self) {
        // SAFETY: `counts` came from `Box::into_raw` and is freed only here,
        // once, when the only owner goes away.
        drop(unsafe { Box::from_raw(self.counts) });
    }
}
