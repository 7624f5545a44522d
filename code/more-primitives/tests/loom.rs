//! Loom models of every primitive (the exercise's are in
//! `tests/exercise.rs`), in the two futex modes of `loom-futex` (see
//! `src/sync.rs`):
//!
//! - `loom_futex::yielding(..)`: `wait` yields and returns at once and the
//!   wakes do nothing, so no wake adds an edge. The models named
//!   `..._orders_...`, `..._publishes_...` and `..._excludes` run this way:
//!   they check the *orderings* (what one thread wrote is visible to the
//!   thread let through, which loom's `UnsafeCell` checks) and exclusion.
//!   They cannot see a missing wake, because nobody ever sleeps.
//! - `loom::model(..)`: `wait` really blocks until a wake picks the thread,
//!   so a missing wake is reported as a deadlock. The models named
//!   `..._woken`, `..._wakes_...`, `..._not_lost` and `..._two_rounds` run
//!   this way: they check *liveness*. A wake that wakes a sleeper also
//!   gives it an edge a real futex does not promise, which is why the
//!   ordering models do not run in this mode.
//!
//! loom explores the interleavings within its preemption bound (3 in CI),
//! not every possible one. Run with `cargo xtask loom more-primitives`
//! (release mode, `--cfg loom`, `LOOM_MAX_PREEMPTIONS=3`, builds in
//! `target/loom`).
#![cfg(loom)]
// loom's `UnsafeCell` is not `Sync`, so clippy objects to sharing it in a
// `std` Arc; loom runs every modelled thread on one OS thread, its `spawn`
// does not ask for `Send`, and it checks each cell access itself.
#![allow(clippy::arc_with_non_send_sync)]

use loom::cell::UnsafeCell;
use loom::thread;
use loom_futex::yielding;
use more_primitives::event_step1_flag::FlagEvent;
use more_primitives::{Barrier, Event, Semaphore, SeqData, SeqLock};
// `std`'s Arc, not loom's: when loom reports a deadlock it unwinds the
// blocked threads outside the execution, and dropping a loom `Arc` there
// aborts the process instead of failing the test.
use std::sync::Arc;

/// One permit makes the semaphore a lock: two threads add to a plain
/// counter, and loom checks each access against happens-before.
#[test]
fn semaphore_with_one_permit_excludes() {
    yielding(|| {
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

/// An acquirer behind a full semaphore: in some executions it goes to
/// sleep before the holder releases, and only the release's `wake_one`
/// gets it out (without it, loom reports a deadlock).
#[test]
fn semaphore_sleeping_acquirer_is_woken() {
    loom::model(|| {
        let permits = Arc::new(Semaphore::new(1));
        permits.acquire();
        let acquirer = {
            let permits = Arc::clone(&permits);
            thread::spawn(move || permits.acquire())
        };
        permits.release();
        acquirer.join().unwrap();
        assert_eq!(permits.available(), 0);
    });
}

type Slots = (Barrier, [UnsafeCell<u32>; 2]);

/// Two parties, two rounds: each writes its slot before the first `wait`
/// and reads the other's after it; the second round checks the reset.
fn two_parties_two_rounds() {
    let shared = Arc::new((
        Barrier::new(2),
        [UnsafeCell::new(0u32), UnsafeCell::new(0)],
    ));
    let other = {
        let shared = Arc::clone(&shared);
        thread::spawn(move || party(&shared, 1))
    };
    let mine = party(&shared, 0);
    let theirs = other.join().unwrap();
    assert_eq!(mine + theirs, 2, "one leader per round");

    fn party(shared: &Slots, me: usize) -> u32 {
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

/// The orderings: what each party wrote before a round is visible to the
/// other after it.
#[test]
fn barrier_orders_both_rounds() {
    yielding(two_parties_two_rounds);
}

/// The same two rounds with a futex that sleeps: whoever sleeps in a round
/// is woken by the last arrival, round after round.
#[test]
fn barrier_wakes_both_rounds() {
    loom::model(two_parties_two_rounds);
}

/// Four calls on a two-party barrier, from four threads, are two rounds:
/// all four return and two of them lead, whatever the order of arrivals,
/// including a caller that arrives while the first round is being opened.
/// With four threads a preemption bound of 3 takes minutes, so this model
/// caps it at 2 (about ten seconds in release); the two-word barrier that
/// lost such an arrival already fails at a bound of 1.
#[test]
fn barrier_four_callers_two_rounds() {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound =
        Some(builder.preemption_bound.map_or(2, |bound| bound.min(2)));
    builder.check(|| {
        let barrier = Arc::new(Barrier::new(2));
        let callers: Vec<_> = (0..3)
            .map(|_| {
                let barrier = Arc::clone(&barrier);
                thread::spawn(move || u32::from(barrier.wait()))
            })
            .collect();
        let mut leaders = u32::from(barrier.wait());
        for caller in callers {
            leaders += caller.join().unwrap();
        }
        assert_eq!(leaders, 2, "two rounds, one leader each");
    });
}

/// The event publishes what the setter wrote before `set`.
#[test]
fn event_publishes_the_setters_writes() {
    yielding(|| {
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

/// A thread that sees `is_set` return true also sees what the setter
/// wrote before `set`, for both versions of the event.
#[test]
fn event_is_set_publishes_the_setters_writes() {
    yielding(|| {
        let shared =
            Arc::new((Event::new(), FlagEvent::new(), UnsafeCell::new(0u32)));
        let setter = {
            let shared = Arc::clone(&shared);
            thread::spawn(move || {
                let (counted, flag, config) = &*shared;
                // SAFETY: the other thread reads only after seeing a `set`
                // that follows this write.
                config.with_mut(|config| unsafe { *config = 42 });
                counted.set();
                flag.set();
            })
        };
        let (counted, flag, config) = &*shared;
        for seen_set in [counted.is_set(), flag.is_set()] {
            if seen_set {
                // SAFETY: a `set` was seen, and the write happens before it.
                assert_eq!(config.with(|config| unsafe { *config }), 42);
            }
        }
        setter.join().unwrap();
    });
}

/// Step 3's event publishes what the setter wrote before `set` too, and
/// wakes a waiter that is asleep (its flaw is only the quick `reset`).
#[test]
fn flag_event_publishes_the_setters_writes() {
    yielding(flag_event_set_once);
}

/// Step 3's `set` wakes a waiter that is asleep.
#[test]
fn flag_event_waiter_is_woken() {
    loom::model(flag_event_set_once);
}

fn flag_event_set_once() {
    let shared = Arc::new((FlagEvent::new(), UnsafeCell::new(0u32)));
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
    // SAFETY: the waiter reads only after `wait` returns, after `set`.
    config.with_mut(|config| unsafe { *config = 42 });
    ready.set();
    assert_eq!(waiter.join().unwrap(), 42);
}

/// Set followed at once by reset still releases a waiter whose wait began
/// before the `set` (its snapshot is taken first), including one that was
/// asleep: it must be woken, and must then see that a `set` happened.
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
    // No futex here: the reader retries and the writer spins, so the mode
    // does not matter.
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

/// Two writers take turns through the sequence word: the later one must
/// overwrite both words of the earlier one's value. The writer's `Acquire`
/// on the compare-exchange that makes the sequence odd is what orders its
/// stores after the previous writer's; without it, each word's
/// modification order could put the writers the other way round, and the
/// value left behind would be half of each.
#[test]
fn seqlock_writers_do_not_mix_their_values() {
    loom::model(|| {
        let gauge = Arc::new(SeqLock::new(Pair(0, 0)));
        let writers: Vec<_> = [1, 2]
            .into_iter()
            .map(|n| {
                let gauge = Arc::clone(&gauge);
                thread::spawn(move || gauge.write(Pair(n, n)))
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        let Pair(first, second) = gauge.read();
        assert_eq!(first, second, "the two writes were mixed");
    });
}
