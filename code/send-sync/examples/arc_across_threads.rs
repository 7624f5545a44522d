//! The fix for `compile_fail/rc_across_threads.rs`: `Arc` instead of `Rc`.
use std::sync::Arc;
use std::thread;

// ANCHOR: fixed
fn main() {
    // `Arc` updates its count with atomic operations, so two threads may
    // clone and drop handles at the same time. `Arc<Vec<u32>>` is `Send`
    // because `Vec<u32>` is both `Send` and `Sync`.
    let page_views = Arc::new(vec![12, 40, 7]);
    let for_report = Arc::clone(&page_views);
    let report = thread::spawn(move || for_report.iter().sum::<u32>());
    println!(
        "{} views, {} pages",
        report.join().unwrap(),
        page_views.len()
    );
}
// ANCHOR_END: fixed
