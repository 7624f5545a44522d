//! Loom models of every primitive and of the exercise's solution. Under
//! loom the futex `wait` is a yield and the wakes do nothing (see
//! `src/sync.rs`), so these models check the atomics and the orderings:
//! that each primitive lets a thread through only when it should, and that
//! what one thread wrote before is visible to the thread let through. Run
//! with `RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=3
//! CARGO_TARGET_DIR=target/loom cargo test -p more-primitives --release
//! --test loom`.
#![cfg(loom)]

use loom::cell::UnsafeCell;
use loom::sync::Arc;
use loom::thread;
use more_primitives::exercise_solution::CountDownLatch;
use more_primitives::{Barrier, Event, Semaphore, SeqData, SeqLock};

/// One permit makes the semaphore a lock: two threads add to a plain
/// counter, and loom checks each access against happens-before.
#[test]
fn semaphore_with_one_permit_excludes() {
    loom::model(|| {
        let shared = Arc::new((Semaphore::new(1), UnsafeCell::new(0u32)));
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let shared = Arc::clone(&shared);
                thread::spawn(move || {
                    let (permits, counter) = &*shared;
                    permits.acquire();
                    // SAFETY: the single permit is ours until `release`, and
                    // every thread touches the counter only while holding it.
                    counter.with_mut(|counter| unsafe { *counter += 1 });
                    permits.release();
                })
            })
            .collect();
        for worker in workers {
            worker.join().unwrap();
        }
        let (permits, counter) = &*shared;
        // SAFETY: both workers have been joined; no other thread is left.
        assert_eq!(counter.with(|counter| unsafe { *counter }), 2);
        assert_eq!(permits.available(), 1);
    });
}

/// Two parties, two rounds: each writes its slot before the first `wait`
/// and reads the other's after it; the second round checks the reset.
#[test]
fn barrier_orders_both_rounds() {
    loom::model(|| {
        let shared = Arc::new((Barrier::new(2), [UnsafeCell::new(0u32), UnsafeCell::new(0)]));
        let other = {
            let shared = Arc::clone(&shared);
            thread::spawn(move || party(&shared, 1))
        };
        let mine = party(&shared, 0);
        let theirs = other.join().unwrap();
        assert_eq!(mine + theirs, 2, "one leader per round");
    });

    fn party(shared: &(Barrier, [UnsafeCell<u32>; 2]), me: usize) -> u32 {
        let (barrier, slots) = shared;
        let mut leads = 0;
        for round in 1..=2 {
            // SAFETY: each party writes only its own slot, and only between
            // the barriers, where the other party does not read it.
            slots[me].with_mut(|slot| unsafe { *slot = round });
            leads += u32::from(barrier.wait());
            // SAFETY: the other party wrote its slot before arriving, and it
            // writes it again only after the next barrier.
            let seen = slots[1 - me].with(|slot| unsafe { *slot });
            assert_eq!(seen, round);
            barrier.wait();
        }
        leads
    }
}

/// The event publishes what the setter wrote before `set`.
#[test]
fn event_publishes_the_setters_writes() {
    loom::model(|| {
        let shared = Arc::new((Event::new(), UnsafeCell::new(0u32)));
        let waiter = {
            let shared = Arc::clone(&shared);
            thread::spawn(move || {
                let (ready, config) = &*shared;
                ready.wait();
                // SAFETY: the setter wrote before `set` and never again.
                config.with(|config| unsafe { *config })
            })
        };
        let (ready, config) = &*shared;
        // SAFETY: the waiter reads only after `wait` returns, which is
        // after `set` below.
        config.with_mut(|config| unsafe { *config = 42 });
        ready.set();
        assert_eq!(waiter.join().unwrap(), 42);
    });
}

/// Set followed at once by reset still releases a waiter whose wait began
/// before the `set` (its snapshot is taken first).
#[test]
fn event_pulse_is_not_lost() {
    loom::model(|| {
        let ready = Arc::new(Event::new());
        let seen = ready.snapshot();
        let waiter = {
            let ready = Arc::clone(&ready);
            thread::spawn(move || ready.wait_since(seen))
        };
        ready.set();
        ready.reset();
        waiter.join().unwrap();
    });
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Pair(u32, u32);

impl SeqData<2> for Pair {
    fn to_words(self) -> [u32; 2] {
        [self.0, self.1]
    }
    fn from_words([first, second]: [u32; 2]) -> Self {
        Pair(first, second)
    }
}

/// A reader racing two writes sees one whole value, never a mix.
#[test]
fn seqlock_reads_are_never_torn() {
    loom::model(|| {
        let gauge = Arc::new(SeqLock::new(Pair(0, 0)));
        let writer = {
            let gauge = Arc::clone(&gauge);
            thread::spawn(move || {
                gauge.write(Pair(1, 1));
                gauge.write(Pair(2, 2));
            })
        };
        let Pair(first, second) = gauge.read();
        assert_eq!(first, second, "torn read");
        writer.join().unwrap();
        assert_eq!(gauge.read(), Pair(2, 2));
    });
}

/// The exercise's solution: the waiter sees both counters' writes.
#[test]
fn latch_publishes_every_counters_writes() {
    loom::model(|| {
        let shared = Arc::new((
            CountDownLatch::new(2),
            [UnsafeCell::new(0u32), UnsafeCell::new(0)],
        ));
        let counters: Vec<_> = (0..2)
            .map(|me| {
                let shared = Arc::clone(&shared);
                thread::spawn(move || {
                    let (latch, slots) = &*shared;
                    // SAFETY: each counter writes only its own slot, and
                    // the main thread reads it only after the latch opens.
                    slots[me].with_mut(|slot| unsafe { *slot = 1 });
                    latch.count_down();
                })
            })
            .collect();
        let (latch, slots) = &*shared;
        latch.wait();
        assert_eq!(latch.count(), 0);
        for slot in slots {
            // SAFETY: both counters wrote before counting down, and the
            // latch is open, so those writes happen before this read.
            assert_eq!(slot.with(|slot| unsafe { *slot }), 1);
        }
        for counter in counters {
            counter.join().unwrap();
        }
    });
}
