//! The exercise: a ticket lock, which serves threads in the order they
//! arrive.
//!
//! The types are given in `exercise/ticket_lock.rs`: a `TicketLock<T>` with
//! two counters, `next_ticket` and `now_serving`, and the value in an
//! `UnsafeCell`, and a `TicketGuard` that already dereferences to the value.
//! Here you write the two functions that make it a lock:
//!
//! 1. `TicketLock::lock`: draw a ticket (one atomic read-modify-write on
//!    `next_ticket`), then wait until `now_serving` equals your ticket,
//!    calling `spin_loop()` in the loop. Choose each ordering and say why
//!    in a comment: which operation must synchronise with the previous
//!    holder's unlock? Return `TicketGuard::new(self)`.
//! 2. `TicketLock::serve_next`: serve the next ticket by moving
//!    `now_serving` on by one, with the ordering that publishes the
//!    holder's writes. The guard's `Drop` (given in `ticket_lock.rs`) calls
//!    it when the holder is done.
//!
//! Run the tests with `cargo test -p spin-lock --test exercise`.

// These are the imports you need. Delete the `allow` line once you use
// them: until then the compiler would warn that they are unused.
#[allow(unused_imports)]
use crate::sync::{Ordering, spin_loop};

pub use crate::ticket_lock::{TicketGuard, TicketLock};

impl<T> TicketLock<T> {
    /// Draws a ticket, waits until it is served, and returns a guard that
    /// serves the next ticket when dropped.
    pub fn lock(&self) -> TicketGuard<'_, T> {
        todo!(
            "draw a ticket from next_ticket, then wait for now_serving to reach it"
        )
    }

    /// Serves the next ticket. Only the guard's `Drop` calls this, so the
    /// caller is always the holder.
    pub(crate) fn serve_next(&self) {
        todo!("serve the next ticket")
    }
}
