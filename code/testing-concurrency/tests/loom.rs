//! The loom models: `RUSTFLAGS="--cfg loom" cargo test --release -p
//! testing-concurrency --test loom` (or `cargo xtask loom
//! testing-concurrency`). Each explores the interleavings of a small
//! model up to `LOOM_MAX_PREEMPTIONS` preemptions.
#![cfg(loom)]

use loom::sync::Arc;
use loom::thread;
use testing_concurrency::erased_arrival::ErasingBarrier;
use testing_concurrency::park_flag::{self, RelaxedReceiver, RelaxedSender};

// ANCHOR: erased_arrival
/// Four calls on a barrier for two: two rounds, so a correct barrier has
/// two leaders. On this one, loom finds the schedule in which the third
/// call arrives between the first leader's `fetch_add` and its reset: the
/// reset erases it, the first round's release lets it go, and the fourth
/// call, counted as the only arrival of round two, leaves with it too.
/// Four calls, one leader.
#[test]
#[should_panic(expected = "two rounds, one leader each")]
fn erased_arrival_leaves_a_waiter_asleep() {
    loom::model(|| {
        let barrier = Arc::new(ErasingBarrier::new(2));
        let callers: Vec<_> = (0..3)
            .map(|_| {
                let barrier = Arc::clone(&barrier);
                thread::spawn(move || barrier.wait())
            })
            .collect();
        let mut leaders = usize::from(barrier.wait());
        for caller in callers {
            leaders += usize::from(caller.join().unwrap());
        }
        assert_eq!(leaders, 2, "two rounds, one leader each");
    });
}
// ANCHOR_END: erased_arrival

// ANCHOR: park_flag
/// `park_flag`'s `Relaxed` flag, which ThreadSanitizer reports as a data
/// race (`tests/tsan.rs`), passes here, and this test keeps that blind spot
/// in view: if a loom update starts to report it, this test fails and the
/// chapter's claim must change. loom's `unpark` is no scheduling point, so
/// the sender's store and its unpark run as one step, and the unpark joins
/// the sender's clock into the receiver at once: whenever the receiver can
/// see `ready`, it already has an edge from the write. std's `unpark`
/// promises an edge only to the `park` that takes its token.
#[test]
fn a_relaxed_flag_beside_unpark_passes_loom() {
    loom::model(|| {
        let (sender, receiver): (RelaxedSender<u32>, RelaxedReceiver<u32>) =
            park_flag::channel();
        let sending = thread::spawn(move || sender.send(42));
        assert_eq!(receiver.receive(), 42);
        sending.join().unwrap();
    });
}
// ANCHOR_END: park_flag

mod spin_cell {
    use loom::sync::Arc;
    use loom::thread;
    use testing_concurrency::spin_cell::SpinCell;

    /// Two threads each add one through `update`, and the main thread reads
    /// the result once both are done.
    fn two_increments(update: fn(&SpinCell<u32>)) {
        loom::model(move || {
            let counter = Arc::new(SpinCell::new(0));
            let other = {
                let counter = Arc::clone(&counter);
                thread::spawn(move || update(&counter))
            };
            update(&counter);
            other.join().unwrap();
            assert_eq!(counter.get(), 2);
        });
    }

    #[test]
    fn update_counts_both_increments() {
        two_increments(|counter| counter.update(|count| count + 1));
    }

    // ANCHOR: escaping
    /// Passes, although `update_escaping` is a data race: its write goes
    /// through a pointer that left `with_mut`, so loom never checks it,
    /// and loom switches threads only at its own operations, so the write
    /// always runs right after the unlock, before the other thread can
    /// take the lock. Kept so the page's claim stays checked: if loom
    /// learns to see this write, this model fails and the page must
    /// change. Miri reports the race (`tests/escaped_write.rs`).
    #[test]
    fn loom_cannot_see_the_escaped_write() {
        two_increments(|counter| counter.update_escaping(|count| count + 1));
    }
    // ANCHOR_END: escaping

    // ANCHOR: late
    /// The same late write inside `with_mut`: loom checks it and reports
    /// that the next holder's read is not ordered after it.
    #[test]
    #[should_panic(expected = "Causality violation")]
    fn loom_reports_the_late_write_it_can_see() {
        two_increments(|counter| counter.update_late(|count| count + 1));
    }
    // ANCHOR_END: late
}

/// The one-word barrier that `tests/shuttle.rs` runs (a copy of More
/// primitives' barrier, on this crate's shim so that shuttle controls it).
/// Shuttle checks no orderings, so loom checks the copy's here.
mod one_word_barrier {
    use loom::cell::UnsafeCell;
    use loom::sync::Arc;
    use loom::thread;
    use testing_concurrency::one_word_barrier::OneWordBarrier;

    /// What one party wrote before the barrier, the other reads after it:
    /// the waiter's Acquire load of the new generation orders the read,
    /// and the leader's wake lets a waiter that went to sleep go on.
    #[test]
    fn writes_before_the_barrier_are_seen_after_it() {
        loom::model(|| {
            let barrier = Arc::new(OneWordBarrier::new(2));
            let note = Arc::new(UnsafeCell::new(0_u32));
            let writer = {
                let (barrier, note) = (Arc::clone(&barrier), Arc::clone(&note));
                thread::spawn(move || {
                    // SAFETY: the reader reads only after the barrier,
                    // which this write comes before.
                    note.with_mut(|note| unsafe { *note = 7 });
                    barrier.wait();
                })
            };
            barrier.wait();
            // SAFETY: the writer's write comes before its arrival, which
            // this thread's return from `wait` is ordered after.
            let seen = note.with(|note| unsafe { *note });
            assert_eq!(seen, 7);
            writer.join().unwrap();
        });
    }
}
