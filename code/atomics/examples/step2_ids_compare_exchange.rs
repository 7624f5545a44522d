//! Step 2: session IDs from a compare-exchange loop that refuses to wrap.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};

// ANCHOR: next_id
/// The next session ID, or `None` once every ID below `u32::MAX` is used.
/// Relaxed: an ID is just a number, and it publishes nothing else.
pub fn next_id(counter: &AtomicU32) -> Option<u32> {
    let mut current = counter.load(Ordering::Relaxed);
    loop {
        // The check the hardware's add does not make.
        let next = current.checked_add(1)?;
        // Store `next` only if the counter still holds `current`.
        match counter.compare_exchange_weak(
            current,
            next,
            Ordering::Relaxed,
            Ordering::Relaxed,
        ) {
            Ok(_) => return Some(current),
            // Someone else got there first (or the weak version failed
            // spuriously): retry with the value that is there now.
            Err(actual) => current = actual,
        }
    }
}
// ANCHOR_END: next_id

// ANCHOR: main
fn main() {
    let counter = AtomicU32::new(0);
    let mut sessions = HashMap::new();
    sessions.insert(next_id(&counter).unwrap(), "admin");

    // Pretend four billion sessions have come and gone since: jump the
    // counter to three below the end.
    counter.store(u32::MAX - 2, Ordering::Relaxed);

    for user in ["ana", "bo", "chen", "dara"] {
        match next_id(&counter) {
            Some(id) => {
                let previous = sessions.insert(id, user);
                assert!(previous.is_none(), "ID {id} handed out twice");
                println!("{user} gets session {id}");
            }
            None => println!("{user} is turned away: no session IDs left"),
        }
    }
}
// ANCHOR_END: main
