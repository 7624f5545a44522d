//! The worked solution: the slot of the "Send and Sync" chapter, which
//! the starter rewrites with two bugs. Its `set` claims the slot with one
//! compare-exchange (so of two setters exactly one wins) and publishes the
//! value with a `Release` store of READY, which `get`'s `Acquire` load
//! pairs with. See `code/send-sync/src/lib.rs` for the code and the
//! argument for each ordering.

pub use send_sync::OnceSlot;
