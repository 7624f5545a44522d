//! The exercise's types, given. The starter and the solution both write
//! the cell's behaviour (`read`, `replace` and `Drop`); this file holds
//! what they share: the fields, the `Send` and `Sync` promises, `new` and
//! `domain`.

use crate::hazard::Domain;
use crate::sync::{AtomicPtr, Ordering};
use std::fmt;
use std::marker::PhantomData;

// ANCHOR: types
/// A configuration that many threads read and an operator replaces now and
/// then, without a lock: readers protect the current configuration with a
/// hazard pointer, and a replaced one is retired, to be freed once no
/// reader protects it.
pub struct ConfigCell<T> {
    /// The current configuration: a `Box<T>` turned into a raw pointer by
    /// `Box::into_raw`. Never null.
    pub(crate) current: AtomicPtr<T>,
    /// The domain every reader protects the configuration in, and every
    /// replaced configuration is retired to. One per cell: a hazard
    /// published in another domain is one this cell's scans never read.
    pub(crate) domain: Domain,
    /// The cell owns a `T` (and, in its domain, the retired ones), though
    /// its fields are an `AtomicPtr` and a `Domain`, which are `Send` and
    /// `Sync` whatever `T` is. The marker tells the drop checker; the
    /// `unsafe impl`s below decide when a cell is `Send` and when `Sync`.
    _owns: PhantomData<T>,
}
// ANCHOR_END: types

// ANCHOR: send_sync
// SAFETY: (the obligation of `Send`) moving a `ConfigCell<T>` to another
// thread moves the current `T`, and the retired ones waiting in its domain,
// to be dropped there. That is what `T: Send` permits. No `T: Sync`: a
// cell that is moved is not borrowed, so no `&T` from it is alive on the
// thread it leaves.
unsafe impl<T: Send> Send for ConfigCell<T> {}
// SAFETY: (the obligation of `Sync`) through `&ConfigCell<T>`:
// - `read` hands a `&T` to the current configuration to every thread that
//   reads, at the same time: sharing a `T` between threads needs `T: Sync`;
// - `replace` moves a `T` in from one thread, and the old one is dropped
//   by whichever thread's scan frees it (the replacer's, or a later
//   handle's that adopted it): moving `T`s between threads needs `T: Send`.
// This holds once `read` and `replace` do what their documentation says:
// no configuration is freed while a reader's `&T` to it is alive.
unsafe impl<T: Send + Sync> Sync for ConfigCell<T> {}
// ANCHOR_END: send_sync

impl<T> ConfigCell<T> {
    /// A cell holding `initial`, with a domain of its own.
    pub fn new(initial: T) -> Self {
        Self {
            current: AtomicPtr::new(Box::into_raw(Box::new(initial))),
            domain: Domain::new(),
            _owns: PhantomData,
        }
    }

    /// The domain to register in for [`ConfigCell::read`] and
    /// [`ConfigCell::replace`]: each thread calls `domain().register()`
    /// once and keeps the handle.
    pub fn domain(&self) -> &Domain {
        &self.domain
    }
}

impl<T> fmt::Debug for ConfigCell<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Nothing is read through the pointer: that would need a handle.
        let current = self.current.load(Ordering::Relaxed);
        f.debug_struct("ConfigCell")
            .field("current", &current)
            .field("domain", &self.domain)
            .finish()
    }
}
