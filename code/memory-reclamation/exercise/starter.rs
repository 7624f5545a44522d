//! The exercise: a configuration that many threads read on every request
//! and an operator replaces now and then, with no lock: readers protect it
//! with the chapter's hazard pointers, and a replaced configuration is
//! retired, not freed, so that no reader loses it mid-read.
//!
//! The types are given in `exercise/config.rs`: `ConfigCell<T>`, whose
//! `current` is an `AtomicPtr` to the configuration in a `Box`, and whose
//! `domain` is the `hazard::Domain` its readers protect it in; its `Send`
//! and `Sync` promises; `ConfigCell::new` and `ConfigCell::domain`. Leave
//! that file as it is. Here you write what makes it work:
//!
//! 1. `ConfigCell::read`: protect the current configuration with the
//!    handle, run the closure on it, withdraw the hazard.
//! 2. `ConfigCell::replace`: swap the new configuration in with one
//!    atomic operation, and retire the old one through the handle.
//! 3. `Drop`: free the current configuration.
//!
//! Both methods panic if the handle was registered in another domain than
//! the cell's (`Handle::belongs_to`). Choose every ordering and say in a
//! comment why it is enough and why nothing weaker would do. Every
//! `unsafe` block gets a `// SAFETY:` comment. Run the tests with
//! `cargo test -p memory-reclamation --test exercise`; to start over,
//! `git restore code/memory-reclamation/exercise/starter.rs`.

// The bodies below are `todo!()` until you write them, so the compiler
// would warn that the arguments and the imports are unused. Delete these
// lines once you are done.
#![allow(unused_variables)]
#[allow(unused_imports)]
use crate::hazard::Handle;
#[allow(unused_imports)]
use crate::sync::Ordering;

// The types the starter and the solution share.
#[path = "config.rs"]
mod config;

pub use config::ConfigCell;

// ANCHOR: api
impl<T> ConfigCell<T> {
    /// Runs `f` on the current configuration and returns what it returns.
    /// The configuration `f` sees must not be freed until `f` has
    /// returned, however many times it is replaced meanwhile.
    ///
    /// Check that `handle` belongs to this cell's domain (panic if not).
    /// Protect `current` with `handle.protect`: what does it return, and
    /// why may you turn that pointer into a `&T`? Call `f` on it, then
    /// `handle.clear()`. Why does this method take `&mut Handle`, when
    /// `protect` and `clear` only need `&Handle`? (What could `f` do with
    /// a shared handle?)
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
        todo!(
            "ConfigCell::read: protect `current` with the handle, call f \
             on the configuration, clear the hazard"
        )
    }

    /// Makes `new` the current configuration. The old one must be freed
    /// only once no reader protects it.
    ///
    /// Check the handle's domain, put `new` in a `Box` and swap its raw
    /// pointer into `current` with one atomic operation, then retire the
    /// old pointer with `handle.retire` (read its `# Safety` section).
    /// Which thread reads what you wrote into the new box? Who drops the
    /// old one, and whose writes to it must happen before that?
    ///
    /// # Panics
    ///
    /// If `handle` was registered in another domain than
    /// [`ConfigCell::domain`].
    pub fn replace(&self, handle: &mut Handle<'_>, new: T) {
        todo!(
            "ConfigCell::replace: swap a boxed `new` into `current`, retire \
             the old pointer through the handle"
        )
    }
}

impl<T> Drop for ConfigCell<T> {
    /// Drops the current configuration. The retired ones are the domain's,
    /// dropped with the `domain` field right after this.
    fn drop(&mut self) {
        // TODO: free the configuration `current` points at (it came from
        // `Box::into_raw`). This body is empty rather than a `todo!()`
        // because `drop` also runs while a failing test unwinds, and a
        // panic there would abort the whole test run. Until you write it,
        // the last configuration is leaked, and the test
        // `dropping_the_cell_drops_its_configuration_once` fails.
    }
}
// ANCHOR_END: api
