//! Tests of every primitive in the library, on real threads. Anything that
//! could hang runs under `test_support::watchdog`, in a process of its
//! own, which reports a hang after ten seconds instead of hanging.
#![cfg(not(loom))]

use more_primitives::event_step1_flag::FlagEvent;
use more_primitives::{
    Barrier, Event, Semaphore, SeqData, SeqLock, schedule_hooks,
};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;
use test_support::{start_sleepers, watchdog};

/// Rounds for the bounded stress tests; Miri is slow, so it gets a few.
const ROUNDS: u32 = if cfg!(miri) { 10 } else { 2_000 };

const LIMIT: Duration = Duration::from_secs(10);

#[test]
fn semaphore_counts_permits() {
    let parking = Semaphore::new(2);
    assert!(parking.try_acquire());
    assert!(parking.try_acquire());
    assert!(!parking.try_acquire(), "both permits are taken");
    parking.release();
    assert_eq!(parking.available(), 1);
    assert!(parking.try_acquire());
}

/// A thread blocked in `acquire` gets the permit that `release` returns.
#[test]
fn semaphore_acquire_waits_for_release() {
    watchdog(LIMIT, || {
        let parking = Semaphore::new(0);
        let (parked, got_space) = mpsc::channel();
        thread::scope(|scope| {
            scope.spawn(|| {
                parking.acquire();
                parked.send(()).unwrap();
            });
            // No permit exists yet, so the driver cannot have got past
            // `acquire`, however far it has run.
            assert!(
                got_space.try_recv().is_err(),
                "no permit yet, so the driver must still be waiting"
            );
            parking.release();
            got_space.recv().unwrap();
        });
        assert_eq!(parking.available(), 0);
    });
}

/// A release at `u32::MAX` permits panics instead of wrapping to none.
#[test]
fn semaphore_release_does_not_wrap() {
    let pool = Semaphore::new(u32::MAX);
    let overflow = std::panic::catch_unwind(|| pool.release());
    assert!(overflow.is_err(), "a release past u32::MAX must panic");
    assert_eq!(
        pool.available(),
        u32::MAX,
        "the count must be left as it was"
    );
}

/// An acquirer that has really gone to sleep on an empty semaphore is
/// woken by `release`. The test waits until the acquirer is observably
/// asleep (see `test_support::Sleeper`) before it releases, so a `release` that forgot
/// its `wake_one` leaves it asleep and the test times out.
#[test]
fn semaphore_sleeping_acquirer_is_woken() {
    watchdog(LIMIT, || {
        let pool = Semaphore::new(0);
        thread::scope(|scope| {
            start_sleepers(scope, 1, || pool.acquire());
            pool.release();
        });
        assert_eq!(pool.available(), 0);
    });
}

/// At most `PERMITS` threads are ever inside at once.
#[test]
fn semaphore_bounds_concurrency() {
    const PERMITS: u32 = 2;
    watchdog(LIMIT, || {
        let pool = Semaphore::new(PERMITS);
        let inside = AtomicU32::new(0);
        let most = AtomicU32::new(0);
        thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for _ in 0..ROUNDS {
                        pool.acquire();
                        let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        inside.fetch_sub(1, Ordering::SeqCst);
                        pool.release();
                    }
                });
            }
        });
        assert_eq!(pool.available(), PERMITS);
        let most = most.into_inner();
        assert!(most <= PERMITS, "{most} threads were inside at once");
    });
}

/// Nobody leaves a round before everyone has arrived, the barrier works
/// round after round, and each round has exactly one leader.
#[test]
fn barrier_is_reusable() {
    const PARTIES: u32 = 3;
    let rounds = if cfg!(miri) { 5 } else { 200 };
    watchdog(LIMIT, move || {
        let barrier = Barrier::new(PARTIES);
        let arrivals = AtomicU32::new(0);
        let leaders = AtomicU32::new(0);
        thread::scope(|scope| {
            for _ in 0..PARTIES {
                scope.spawn(|| {
                    for round in 0..rounds {
                        arrivals.fetch_add(1, Ordering::Relaxed);
                        if barrier.wait() {
                            leaders.fetch_add(1, Ordering::Relaxed);
                        }
                        // Everyone of this round has arrived, and nobody
                        // can arrive for the next one before we do.
                        let seen = arrivals.load(Ordering::Relaxed);
                        assert!(
                            seen >= (round + 1) * PARTIES,
                            "left round {round} early"
                        );
                        assert!(
                            seen < (round + 2) * PARTIES,
                            "round {round} ran ahead"
                        );
                        barrier.wait();
                    }
                });
            }
        });
        assert_eq!(leaders.into_inner(), rounds);
    });
}

/// Four calls on a two-party barrier make two rounds, and all four return,
/// as with std's `Barrier`, even when a third caller arrives while the
/// leader of the first round is still opening it. The test hook holds the
/// first leader right after its arrival until a third caller has arrived
/// too, so that schedule happens every run.
#[test]
fn barrier_counts_a_caller_that_arrives_while_the_round_opens() {
    watchdog(LIMIT, || {
        let barrier = Barrier::new(2);
        let leaders = AtomicU32::new(0);
        let arrivals = Arc::new(AtomicU32::new(0));
        let first_leader_seen = Arc::new(AtomicBool::new(false));
        thread::scope(|scope| {
            for _ in 0..4 {
                let arrivals = Arc::clone(&arrivals);
                let first_leader_seen = Arc::clone(&first_leader_seen);
                let (barrier, leaders) = (&barrier, &leaders);
                scope.spawn(move || {
                    schedule_hooks::set_after_arrival(move |leader| {
                        arrivals.fetch_add(1, Ordering::SeqCst);
                        if leader
                            && !first_leader_seen.swap(true, Ordering::SeqCst)
                        {
                            // Every caller arrives without blocking, so a
                            // third arrival always comes.
                            while arrivals.load(Ordering::SeqCst) < 3 {
                                thread::yield_now();
                            }
                        }
                    });
                    if barrier.wait() {
                        leaders.fetch_add(1, Ordering::Relaxed);
                    }
                });
            }
        });
        assert_eq!(
            leaders.into_inner(),
            2,
            "four calls on a two-party barrier are two rounds"
        );
    });
}

/// A waiter that is held right after its arrival, while the leader opens
/// the round and leaves, still leaves too: its round is the one its
/// arrival joined, not whatever the word says when it next looks.
#[test]
fn barrier_waiter_held_after_arriving_still_leaves() {
    watchdog(LIMIT, || {
        let barrier = Barrier::new(2);
        let leader_left = Arc::new(AtomicBool::new(false));
        thread::scope(|scope| {
            for _ in 0..2 {
                let leader_left = Arc::clone(&leader_left);
                let barrier = &barrier;
                scope.spawn(move || {
                    let held = Arc::clone(&leader_left);
                    schedule_hooks::set_after_arrival(move |leader| {
                        // The leader never waits here, so it always leaves.
                        while !leader && !held.load(Ordering::SeqCst) {
                            thread::yield_now();
                        }
                    });
                    if barrier.wait() {
                        leader_left.store(true, Ordering::SeqCst);
                    }
                });
            }
        });
    });
}

/// A party that has really gone to sleep is woken by the last arrival.
#[test]
fn barrier_sleeping_parties_are_woken() {
    watchdog(LIMIT, || {
        let barrier = Barrier::new(3);
        thread::scope(|scope| {
            start_sleepers(scope, 2, || assert!(!barrier.wait()));
            assert!(barrier.wait(), "the last arrival leads");
        });
    });
}

#[test]
fn barrier_of_one_never_waits() {
    let solo = Barrier::new(1);
    assert!(solo.wait());
    assert!(solo.wait());
}

#[test]
fn event_set_wait_reset() {
    watchdog(LIMIT, || {
        let ready = Event::new();
        assert!(!ready.is_set());
        ready.set();
        ready.wait(); // returns at once: the event is set
        ready.set(); // setting twice is fine
        ready.reset();
        assert!(!ready.is_set());
        let (woke, woken) = mpsc::channel();
        let ready = &ready;
        thread::scope(|scope| {
            for _ in 0..3 {
                let woke = woke.clone();
                scope.spawn(move || {
                    ready.wait();
                    woke.send(()).unwrap();
                });
            }
            ready.set();
            for _ in 0..3 {
                woken.recv().unwrap();
            }
        });
    });
}

/// Waiters that have really gone to sleep are all woken by `set`.
#[test]
fn event_sleeping_waiters_are_woken() {
    watchdog(LIMIT, || {
        let ready = Event::new();
        thread::scope(|scope| {
            start_sleepers(scope, 3, || ready.wait());
            ready.set();
        });
    });
}

/// The case that separates step 4 from step 3: a waiter whose wait began
/// before `set` is released even though `reset` follows at once. The
/// waiter's snapshot is taken before the pulse, so the order is fixed.
#[test]
fn event_pulse_releases_a_waiter_that_was_waiting() {
    watchdog(LIMIT, || {
        let door = Event::new();
        let seen = door.snapshot();
        thread::scope(|scope| {
            let waiter = scope.spawn(|| door.wait_since(seen));
            door.set();
            door.reset();
            waiter.join().unwrap();
        });
        assert!(!door.is_set());
    });
}

/// Step 3 behaves the same in the easy cases, sleeping waiters included.
#[test]
fn flag_event_set_wait_reset() {
    watchdog(LIMIT, || {
        let ready = FlagEvent::new();
        ready.set();
        ready.wait();
        assert!(ready.is_set());
        ready.reset();
        assert!(!ready.is_set());
        thread::scope(|scope| {
            start_sleepers(scope, 2, || ready.wait());
            ready.set();
        });
    });
}

/// A position with a checksum, so a torn read would be caught.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Reading {
    sample: u32,
    twice: u32,
    thrice: u32,
}

impl SeqData<3> for Reading {
    fn to_words(self) -> [u32; 3] {
        [self.sample, self.twice, self.thrice]
    }
    fn from_words([sample, twice, thrice]: [u32; 3]) -> Self {
        Self {
            sample,
            twice,
            thrice,
        }
    }
}

fn reading(sample: u32) -> Reading {
    Reading {
        sample,
        twice: sample.wrapping_mul(2),
        thrice: sample.wrapping_mul(3),
    }
}

#[test]
fn seqlock_reads_what_was_written() {
    let gauge = SeqLock::new(reading(7));
    assert_eq!(gauge.read(), reading(7));
    gauge.write(reading(8));
    assert_eq!(gauge.read(), reading(8));
}

/// Readers never see a mix of two writes, even with two writers.
#[test]
fn seqlock_readers_never_see_torn_values() {
    watchdog(LIMIT, || {
        let gauge = SeqLock::new(reading(0));
        let gauge = &gauge;
        thread::scope(|scope| {
            for writer in 1..=2 {
                scope.spawn(move || {
                    for sample in 1..=ROUNDS {
                        gauge.write(reading(writer * 1_000_000 + sample));
                    }
                });
            }
            for _ in 0..2 {
                scope.spawn(move || {
                    for _ in 0..ROUNDS {
                        let seen = gauge.read();
                        assert_eq!(seen, reading(seen.sample), "torn read");
                    }
                });
            }
        });
    });
}

/// With one writer, a reader never sees an older value after a newer one.
#[test]
fn seqlock_reader_never_goes_back() {
    watchdog(LIMIT, || {
        let gauge = SeqLock::new(reading(0));
        thread::scope(|scope| {
            scope.spawn(|| {
                for sample in 1..=ROUNDS {
                    gauge.write(reading(sample));
                }
            });
            let mut last = 0;
            for _ in 0..ROUNDS {
                let seen = gauge.read();
                assert_eq!(seen, reading(seen.sample), "torn read");
                assert!(seen.sample >= last, "went back in time");
                last = seen.sample;
            }
        });
    });
}
