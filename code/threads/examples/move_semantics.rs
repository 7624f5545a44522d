//! What `move` does to the captured values: a `Vec` moves to the thread and
//! comes back through `join`; an `Arc` clone moves, and the data it points
//! to is shared, not copied. The fix for `compile_fail/use_after_move.rs`.
use std::sync::Arc;
use std::thread;

// ANCHOR: give_back
fn give_back() {
    let mut shipping_log = vec![String::from("08:10 pallets loaded")];
    // The vector moves into the thread; this thread can no longer use it.
    let writer = thread::spawn(move || {
        shipping_log.push(String::from("08:45 lorry left"));
        shipping_log // ...until the thread hands it back.
    });
    let shipping_log = writer.join().expect("the writer panicked");
    println!("log has {} lines: {shipping_log:?}", shipping_log.len());
}
// ANCHOR_END: give_back

// ANCHOR: share
fn share() {
    let price_list = Arc::new(vec![120, 95, 310]);
    let mut readers = Vec::new();
    for customer in ["ada", "grace"] {
        // Each thread gets its own `Arc` handle, moved into its closure.
        // The handles point to one vector: moving an `Arc` copies a pointer
        // and bumps a count, never the data.
        let prices = Arc::clone(&price_list);
        readers.push(thread::spawn(move || {
            let cheapest = prices.iter().min().copied();
            println!("{customer} sees {cheapest:?} at {:p}", prices.as_ptr());
        }));
    }
    for reader in readers {
        reader.join().expect("a reader panicked");
    }
    println!("main still has the list at {:p}", price_list.as_ptr());
}
// ANCHOR_END: share

fn main() {
    give_back();
    share();
}
