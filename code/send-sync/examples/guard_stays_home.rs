//! The fix for `compile_fail/mutex_guard_to_thread.rs`: each thread locks
//! and unlocks on its own.
use std::sync::Mutex;
use std::thread;

// ANCHOR: fixed
fn main() {
    let stock = Mutex::new(10u32);
    thread::scope(|scope| {
        for _ in 0..3 {
            // The closure captures `&Mutex<u32>`, which is `Send` because
            // `Mutex<u32>` is `Sync`. The guard is created, used and dropped
            // on the spawned thread.
            scope.spawn(|| {
                let mut guard = stock.lock().unwrap();
                *guard -= 1;
            });
        }
    });
    println!("{} left", stock.into_inner().unwrap());
}
// ANCHOR_END: fixed
