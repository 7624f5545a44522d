//! `Rc<Mutex<_>>` fixed: `Arc` counts its owners with atomic operations, so
//! clones may live, and be dropped, on any thread.

use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    // ANCHOR: fixed
    let packed = Arc::new(Mutex::new(Vec::new()));
    println!("owners before spawning: {}", Arc::strong_count(&packed));

    let packers: Vec<_> = ["order 17", "order 18", "order 19"]
        .into_iter()
        .map(|order| {
            // `Arc::clone` copies a pointer and adds one to the count; the
            // list itself is not copied.
            let packed = Arc::clone(&packed);
            thread::spawn(move || packed.lock().unwrap().push(order))
        })
        .collect();
    println!("owners while packing: up to {}", 1 + packers.len());

    for packer in packers {
        packer.join().unwrap();
    }
    // Each thread dropped its clone when it finished.
    println!("owners after joining: {}", Arc::strong_count(&packed));
    let mut packed = packed.lock().unwrap();
    packed.sort();
    println!("packed: {packed:?}");
    // ANCHOR_END: fixed
}
