//! Spawn one thread per depot, move each its orders, and collect the totals
//! through `join`. The fix for `compile_fail/spawn_borrows_local.rs`.
use std::thread;

// ANCHOR: main
fn main() {
    let depots = [
        ("north", vec![12, 30, 7]),
        ("harbour", vec![41, 5]),
        ("airport", vec![3, 3, 3, 3]),
    ];

    let mut handles = Vec::new();
    for (name, orders) in depots {
        // `move` makes the closure own `name` and `orders`: the new thread
        // may outlive this loop iteration, so it cannot borrow them.
        let handle = thread::spawn(move || {
            let total: u32 = orders.iter().sum();
            println!("{name}: {} orders, {total} crates", orders.len());
            total
        });
        handles.push(handle);
    }

    // `join` waits for a thread to finish and hands back what its closure
    // returned, wrapped in `Ok` (an `Err` would mean the thread panicked).
    let mut grand_total = 0;
    for handle in handles {
        grand_total += handle.join().expect("a depot thread panicked");
    }
    println!("all depots: {grand_total} crates");
}
// ANCHOR_END: main
