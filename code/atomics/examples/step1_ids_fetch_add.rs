//! Step 1: session IDs from `fetch_add`. Fast and unique, until the counter
//! wraps around and hands out ID 0 a second time.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};

// ANCHOR: next_id
/// The next session ID. Relaxed: an ID is just a number, and it publishes
/// nothing else.
pub fn next_id(counter: &AtomicU32) -> u32 {
    counter.fetch_add(1, Ordering::Relaxed)
}
// ANCHOR_END: next_id

// ANCHOR: main
fn main() {
    let counter = AtomicU32::new(0);
    let mut sessions = HashMap::new();
    sessions.insert(next_id(&counter), "admin");

    // Pretend four billion sessions have come and gone since: jump the
    // counter to three below the end.
    counter.store(u32::MAX - 2, Ordering::Relaxed);

    for user in ["ana", "bo", "chen", "dara"] {
        let id = next_id(&counter);
        match sessions.insert(id, user) {
            None => println!("{user} gets session {id}"),
            Some(previous) => println!(
                "{user} gets session {id}, which belonged to {previous}!"
            ),
        }
    }
}
// ANCHOR_END: main
