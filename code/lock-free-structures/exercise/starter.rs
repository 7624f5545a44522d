//! The exercise: step 1's ring, with each side caching the other side's
//! index, so that it loads that index only when its cache says the ring
//! is full (the producer) or empty (the consumer).
//!
//! The types are given in `exercise/ring.rs`: the shared ring (step 1's),
//! `Producer<T>` with `cached_head`, `Consumer<T>` with `cached_tail`, the
//! `Send` promises, `ring` and `Drop`. Leave that file as it is. Each end
//! reaches the ring through methods: `tail()`/`head()` for its own index
//! (an `&AtomicUsize`), `head()`/`tail()` for the other side's (an
//! `OtherIndex`, whose `load` counts each load for `index_loads()`), and
//! `slot(index)` for the slot of value number `index`, masked.
//!
//! Here you write `Producer::try_push` and `Consumer::try_pop`. Both are
//! wait-free: no loop. Choose every ordering and say in a comment why it
//! is enough and why nothing weaker would do; every `unsafe` block gets a
//! `// SAFETY:` comment. Import `Ordering` from `crate::sync` (done below)
//! so that loom can check your code. Run the tests with
//! `cargo test -p lock-free-structures --test exercise`; to start over,
//! `git restore code/lock-free-structures/exercise/starter.rs`.

// The bodies below are `todo!()` until you write them, so the compiler
// would warn that the arguments and the imports are unused. Delete these
// lines once you are done.
#![allow(unused_variables)]
#[allow(unused_imports)]
use crate::sync::Ordering;

// The types the starter and the solution share. (`allow(dead_code)`: the
// `todo!()` bodies do not use its helpers yet. Delete it once you do.)
#[allow(dead_code)]
#[path = "ring.rs"]
mod ring;

pub use ring::{Consumer, Producer, ring};

// ANCHOR: api
impl<T> Producer<T> {
    /// Appends `value`, or hands it back if the ring is full.
    ///
    /// Trust `cached_head` while it leaves room; when it says the ring is
    /// full, load the consumer's `head` (through `self.head()`), keep it
    /// in the cache, and decide again. What does a stale `cached_head`
    /// make the ring look like, and why is that safe? Which ordering must
    /// the load of `head` have, and which of the consumer's operations
    /// does it pair with?
    pub fn try_push(&self, value: T) -> Result<(), T> {
        todo!(
            "Producer::try_push: check for room against cached_head, \
             reload head only when the cache says full, write the slot, \
             publish tail"
        )
    }
}

impl<T> Consumer<T> {
    /// Takes the oldest value, or `None` if the ring is empty.
    ///
    /// Trust `cached_tail` while it says there is a value; when it says
    /// the ring is empty, load the producer's `tail` (through
    /// `self.tail()`), keep it in the cache, and decide again.
    pub fn try_pop(&self) -> Option<T> {
        todo!(
            "Consumer::try_pop: check for a value against cached_tail, \
             reload tail only when the cache says empty, read the slot, \
             publish head"
        )
    }
}
// ANCHOR_END: api
