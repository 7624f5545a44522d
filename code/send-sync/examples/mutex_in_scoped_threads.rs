//! The fix for `compile_fail/refcell_in_scoped_threads.rs`: `Mutex` instead
//! of `RefCell`, and an atomic instead of a `Cell`.
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

// ANCHOR: fixed
fn main() {
    // `Mutex<T>` is `Sync` whenever `T: Send`: it lets one thread at a time
    // reach the `Vec`, so sharing `&Mutex<Vec<_>>` is fine.
    let audit_log = Mutex::new(Vec::new());
    // An atomic is the thread-safe `Cell` for a number.
    let events = AtomicUsize::new(0);
    thread::scope(|scope| {
        scope.spawn(|| {
            audit_log.lock().unwrap().push("login");
            events.fetch_add(1, Ordering::Relaxed);
        });
        scope.spawn(|| {
            audit_log.lock().unwrap().push("logout");
            events.fetch_add(1, Ordering::Relaxed);
        });
    });
    let mut entries = audit_log.into_inner().unwrap();
    entries.sort();
    println!("{} events: {entries:?}", events.into_inner());
}
// ANCHOR_END: fixed
