//! The exercise, solved: a ticket lock.

use crate::sync::{Ordering, spin_loop};

pub use crate::ticket_lock::{TicketGuard, TicketLock};

// ANCHOR: solution
impl<T> TicketLock<T> {
    /// Draws a ticket, waits until it is served, and returns a guard that
    /// serves the next ticket when dropped.
    pub fn lock(&self) -> TicketGuard<'_, T> {
        // Relaxed: the ticket only fixes our place in the queue; `fetch_add`
        // is atomic whatever the ordering, so no two threads draw the same
        // number. Nothing needs to be visible to us yet.
        let ticket = self.next_ticket.fetch_add(1, Ordering::Relaxed);
        // Acquire: the load that sees our number reads the previous
        // holder's Release increment, so its writes to the value are
        // visible to us from here on.
        while self.now_serving.load(Ordering::Acquire) != ticket {
            spin_loop();
        }
        TicketGuard::new(self)
    }

    /// Serves the next ticket. Only the guard's `Drop` calls this, so the
    /// caller is always the holder.
    pub(crate) fn serve_next(&self) {
        // Release: publishes our writes to whichever thread holds the next
        // ticket. Only the holder ever changes `now_serving`, so a load and
        // a store would do as well as this `fetch_add`.
        self.now_serving.fetch_add(1, Ordering::Release);
    }
}
// ANCHOR_END: solution
