//! Loom models of steps 1 and 2: loom runs each model under every
//! interleaving of its threads (up to `LOOM_MAX_PREEMPTIONS`) and checks
//! that no increment is lost. Run with
//! `cargo xtask loom processor` (release mode, `--cfg loom`,
//! `LOOM_MAX_PREEMPTIONS=3`, builds in `target/loom`).
#![cfg(loom)]

use loom::sync::Arc;
use loom::thread;
use processor::{BatchedCounter, SharedCounter};

/// Two threads record on one shared counter: both increments land.
#[test]
fn shared_counter_loses_nothing() {
    loom::model(|| {
        let counter = Arc::new(SharedCounter::new());
        let other = {
            let counter = Arc::clone(&counter);
            thread::spawn(move || {
                counter.record();
                counter.record();
            })
        };
        counter.record();
        let seen = counter.total();
        assert!((1..=3).contains(&seen), "saw {seen}");
        other.join().unwrap();
        assert_eq!(counter.total(), 3);
    });
}

/// Two tallies publish in batches of 2 and flush the rest on drop: after
/// the join, the total is exact, and before it never overshoots.
#[test]
fn batched_counter_is_exact_after_join() {
    loom::model(|| {
        let counter = Arc::new(BatchedCounter::new());
        let other = {
            let counter = Arc::clone(&counter);
            thread::spawn(move || {
                let mut tally = counter.tally(2);
                for _ in 0..3 {
                    tally.record();
                }
            })
        };
        {
            let mut tally = counter.tally(2);
            tally.record();
            tally.record();
            assert!(counter.total() <= 5);
        }
        other.join().unwrap();
        assert_eq!(counter.total(), 5);
    });
}
