//! The exercise's tests. Run them with
//! `cargo test -p send-sync --test exercise`.
//!
//! Until `HitCounter` is `Send`, this file does not compile: the error at
//! `assert_send::<HitCounter>()` is the first failing test.

use send_sync::exercise::HitCounter;
use std::thread;

/// Compiles only if `T: Send`.
fn assert_send<T: Send>() {}

#[test]
fn hit_counter_is_send() {
    assert_send::<HitCounter>();
}

#[test]
fn counts_on_one_thread() {
    let hits = HitCounter::new();
    assert_eq!(hits.total(), 0);
    assert_eq!(hits.count("/"), 0);
    hits.record("/");
    hits.record("/about");
    hits.record("/");
    assert_eq!(hits.total(), 3);
    assert_eq!(hits.count("/"), 2);
    assert_eq!(hits.count("/about"), 1);
    assert_eq!(hits.count("/missing"), 0);
}

#[test]
fn moves_to_a_thread_and_back() {
    let hits = HitCounter::new();
    hits.record("/");
    let hits = thread::spawn(move || {
        hits.record("/");
        hits.record("/pricing");
        hits
    })
    .join()
    .unwrap();
    hits.record("/pricing");
    assert_eq!(hits.total(), 4);
    assert_eq!(hits.count("/"), 2);
    assert_eq!(hits.count("/pricing"), 2);
}

#[test]
fn each_thread_owns_its_own_counter() {
    let per_thread: Vec<HitCounter> = (0..3)
        .map(|n| {
            thread::spawn(move || {
                let hits = HitCounter::new();
                for _ in 0..=n {
                    hits.record("/docs");
                }
                hits
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|handle| handle.join().unwrap())
        .collect();
    let totals: Vec<u64> = per_thread.iter().map(HitCounter::total).collect();
    assert_eq!(totals, [1, 2, 3]);
}

#[test]
fn dropped_on_another_thread() {
    let hits = HitCounter::new();
    hits.record("/");
    // Miri reports a leak or a double free here if `Drop` is wrong.
    thread::spawn(move || drop(hits)).join().unwrap();
}

/// `HitCounter` must stay `!Sync`: sharing `&HitCounter` between threads
/// must not compile.
#[test]
#[cfg_attr(miri, ignore)]
fn hit_counter_is_not_sync() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("exercise/not_sync.rs");
}
