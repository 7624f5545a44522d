//! The exercise's type, given. Leave this file as it is: the starter and the
//! solution both use it, so the compiler's messages about `HitCounter` are
//! the same whichever of them is built.

use std::collections::HashMap;

/// The tallies, on the heap, owned by exactly one [`HitCounter`].
#[derive(Debug, Default)]
pub(crate) struct Counts {
    pub(crate) total: u64,
    pub(crate) per_page: HashMap<String, u64>,
}

/// Counts page hits on one thread at a time.
///
/// It owns a heap-allocated `Counts` through a raw pointer (made by
/// `Box::into_raw`) and mutates it through `&self`, the way `Cell` does.
#[derive(Debug)]
pub struct HitCounter {
    pub(crate) counts: *mut Counts,
}
