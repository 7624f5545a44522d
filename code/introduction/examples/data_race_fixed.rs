//! The counter from `compile_fail/shared_counter.rs`, fixed: the threads
//! share the counter through a `Mutex`, so only one of them touches it at a
//! time. The total is right on every run.

use std::sync::Mutex;
use std::thread;

const VISITORS: u64 = 1000;

pub fn main() {
    // ANCHOR: main
    let page_views = Mutex::new(0_u64);

    thread::scope(|scope| {
        for _ in 0..2 {
            // Both closures borrow `page_views` immutably: `&Mutex<u64>` can
            // be shared, and `lock` hands out the `&mut u64` one at a time.
            scope.spawn(|| {
                for _ in 0..VISITORS {
                    *page_views.lock().unwrap() += 1;
                }
            });
        }
    });

    let total = page_views.into_inner().unwrap();
    println!("{total} page views");
    assert_eq!(total, 2 * VISITORS);
    // ANCHOR_END: main
}
