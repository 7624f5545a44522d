//! Loom models of the exercise's worked solution: loom runs each model under
//! the interleavings of its threads with up to `LOOM_MAX_PREEMPTIONS` forced
//! thread switches, so a compare-exchange loop meets the ways another thread
//! can move the counter between its load and its exchange. Loom never makes
//! `compare_exchange_weak` fail spuriously, so the retry after a spurious
//! failure is exercised by Miri (`cargo +nightly miri test -p atomics --test
//! exercise --features solution`), not here. Run with
//! `RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=3 CARGO_TARGET_DIR=target/loom cargo test -p atomics --release --test loom`.
//!
//! The models compile `exercise/solution.rs` directly, so they check the
//! worked solution whichever feature the crate is built with. To check your
//! own code, change the `path` below to `../exercise/starter.rs`.
#![cfg(loom)]

#[path = "../src/sync.rs"]
#[allow(unused_imports)]
mod sync;

#[path = "../exercise/id_allocator.rs"]
mod id_allocator;

#[path = "../exercise/solution.rs"]
#[allow(dead_code)]
mod solution;

use loom::sync::Arc;
use loom::thread;
use solution::IdAllocator;

/// Two threads each ask twice for one of the last three IDs: three calls
/// succeed, with three different IDs, and the fourth gets `None`.
#[test]
fn two_threads_race_for_the_last_ids() {
    loom::model(|| {
        let ids = Arc::new(IdAllocator::starting_at(u32::MAX - 3));
        let other = {
            let ids = Arc::clone(&ids);
            thread::spawn(move || [ids.allocate(), ids.allocate()])
        };
        let mine = [ids.allocate(), ids.allocate()];
        let theirs = other.join().unwrap();
        let mut got: Vec<u32> =
            mine.into_iter().chain(theirs).flatten().collect();
        got.sort_unstable();
        assert_eq!(got, [u32::MAX - 3, u32::MAX - 2, u32::MAX - 1]);
        assert_eq!(ids.allocate(), None);
    });
}

/// A block of two and a single ID race for the last two IDs: whichever
/// comes first wins, and the block never gets half.
#[test]
fn a_block_is_all_or_nothing() {
    loom::model(|| {
        let ids = Arc::new(IdAllocator::starting_at(u32::MAX - 2));
        let single = {
            let ids = Arc::clone(&ids);
            thread::spawn(move || ids.allocate())
        };
        let block = ids.allocate_block(2);
        let single = single.join().unwrap();
        match (block, single) {
            (Some(block), None) => assert_eq!(block, u32::MAX - 2..u32::MAX),
            (None, Some(id)) => {
                assert_eq!(id, u32::MAX - 2);
                assert_eq!(ids.remaining(), 1);
            }
            other => {
                panic!("block and single ID both won or both lost: {other:?}")
            }
        }
    });
}
