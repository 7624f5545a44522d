//! Step 3: the same loop, written by std: `try_update` (stable since Rust
//! 1.95; older code calls it `fetch_update`).

use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;

// ANCHOR: next_id
/// The next session ID, or `None` once every ID below `u32::MAX` is used.
/// Relaxed: an ID is just a number, and it publishes nothing else.
pub fn next_id(counter: &AtomicU32) -> Option<u32> {
    // Ok(previous) if the closure returned Some, Err(current) if it
    // returned None. Arguments: the ordering on success, then on load.
    counter
        .try_update(Ordering::Relaxed, Ordering::Relaxed, |current| {
            current.checked_add(1)
        })
        .ok()
}
// ANCHOR_END: next_id

// ANCHOR: main
fn main() {
    let counter = AtomicU32::new(u32::MAX - 1_000);
    // Four threads race for the last 1000 IDs, asking 500 times each.
    let handed_out: Vec<u32> = thread::scope(|scope| {
        let workers: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    (0..500)
                        .filter_map(|_| next_id(&counter))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    let mut unique = handed_out.clone();
    unique.sort_unstable();
    unique.dedup();
    println!(
        "{} IDs handed out, {} distinct",
        handed_out.len(),
        unique.len()
    );
    println!("lowest {}, highest {}", unique[0], unique[unique.len() - 1]);
    println!("next request: {:?}", next_id(&counter));
}
// ANCHOR_END: main
