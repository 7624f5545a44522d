//! shuttle's randomised scheduler on a test too big for loom:
//! `RUSTFLAGS="--cfg shuttle" cargo test --release -p testing-concurrency
//! --test shuttle`. Each test runs a fixed number of schedules chosen by
//! PCT (probabilistic concurrency testing) from a fixed seed, so a run is
//! reproducible; shuttle's atomics are sequentially consistent, so these
//! tests check interleavings, never orderings.
#![cfg(shuttle)]

use shuttle::scheduler::PctScheduler;
use shuttle::sync::Arc;
use shuttle::{Config, Runner, thread};
use testing_concurrency::erased_arrival::ErasingBarrier;
use testing_concurrency::one_word_barrier::OneWordBarrier;

/// Threads per batch, each calling `wait` once on a barrier for two, and
/// batches, one after another, on the same barrier. (One thread calling
/// `wait` many times would be a test bug: a barrier for two pairs calls in
/// arrival order, so a thread can be left with no partner when the others
/// have made all their calls, and even a correct barrier hangs.)
const THREADS: usize = 4;
const BATCHES: usize = 10;
/// PCT's bug depth: the number of priority changes in a schedule.
const DEPTH: usize = 3;
/// Schedules per test.
const SCHEDULES: usize = 1_000;
const SEED: u64 = 2;

/// The barrier's one method, for both versions.
trait Barrier: Send + Sync + 'static {
    fn wait(&self) -> bool;
}

impl Barrier for ErasingBarrier {
    fn wait(&self) -> bool {
        ErasingBarrier::wait(self)
    }
}

impl Barrier for OneWordBarrier {
    fn wait(&self) -> bool {
        OneWordBarrier::wait(self)
    }
}

// ANCHOR: rounds
/// Ten batches of four threads, one `wait` each, on a barrier for two:
/// twenty rounds, one leader each, under `SCHEDULES` PCT schedules.
fn twenty_rounds<B: Barrier>(new_barrier: fn() -> B) {
    let scheduler = PctScheduler::new_from_seed(SEED, DEPTH, SCHEDULES);
    Runner::new(scheduler, Config::new()).run(move || {
        let barrier = Arc::new(new_barrier());
        let mut leaders = 0;
        for _ in 0..BATCHES {
            let batch: Vec<_> = (0..THREADS)
                .map(|_| {
                    let barrier = Arc::clone(&barrier);
                    thread::spawn(move || barrier.wait())
                })
                .collect();
            leaders += batch
                .into_iter()
                .map(|t| usize::from(t.join().unwrap()))
                .sum::<usize>();
        }
        assert_eq!(leaders, THREADS * BATCHES / 2, "one leader per round");
    });
}
// ANCHOR_END: rounds

/// The leader's reset erases an arrival, and the thread that made it
/// leaves with the round it erased: four calls of a batch, one leader. (In
/// other schedules the erased round's partner sleeps for ever, and shuttle
/// reports a deadlock; with this seed, the lost leader comes first.)
#[test]
#[should_panic(expected = "one leader per round")]
fn an_erased_arrival_loses_a_leader() {
    twenty_rounds(|| ErasingBarrier::new(2));
}

/// The one-word barrier passes the same schedules.
#[test]
fn the_one_word_barrier_passes() {
    twenty_rounds(|| OneWordBarrier::new(2));
}
