//! Two ways to count page views from several threads: a load followed by a
//! store, which loses updates, and `fetch_add`, which cannot.

use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

// ANCHOR: load_then_store
/// Each thread reads the counter and writes back one more: two atomic
/// operations, with room for another thread in between.
pub fn count_with_load_and_store(threads: usize, views_per_thread: u64) -> u64 {
    let page_views = AtomicU64::new(0);
    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                for _ in 0..views_per_thread {
                    let seen = page_views.load(Ordering::Relaxed);
                    page_views.store(seen + 1, Ordering::Relaxed);
                }
            });
        }
    });
    page_views.into_inner()
}
// ANCHOR_END: load_then_store

// ANCHOR: fetch_add
/// Each thread adds one in a single read-modify-write operation.
pub fn count_with_fetch_add(threads: usize, views_per_thread: u64) -> u64 {
    let page_views = AtomicU64::new(0);
    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                for _ in 0..views_per_thread {
                    page_views.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    page_views.into_inner()
}
// ANCHOR_END: fetch_add

fn main() {
    let (threads, views) = (4, 200_000);
    let expected = threads as u64 * views;
    let racy = count_with_load_and_store(threads, views);
    let exact = count_with_fetch_add(threads, views);
    println!("expected {expected} page views");
    println!("load then store: {racy} ({} lost)", expected - racy);
    println!("fetch_add:       {exact} ({} lost)", expected - exact);
}
