//! The exercise's tests. Run them with
//! `cargo test -p more-primitives --test exercise`.
//!
//! The loom models at the end run with
//! `RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=3 CARGO_TARGET_DIR=target/loom cargo test -p more-primitives --release --test exercise`.

#[cfg(not(loom))]
mod common;

#[cfg(not(loom))]
mod threads {
    use super::common::start_sleepers;
    use more_primitives::exercise::CountDownLatch;
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;

    /// Runs `body` on its own thread and fails the test if it has not
    /// finished within ten seconds, so a latch that never opens fails
    /// instead of hanging.
    fn finishes<R: Send + 'static>(
        body: impl FnOnce() -> R + Send + 'static,
    ) -> R {
        let (done, finished) = mpsc::channel();
        thread::spawn(move || done.send(body()).unwrap());
        finished.recv_timeout(Duration::from_secs(10)).expect(
            "the test did not finish in 10 s: does some thread wait forever?",
        )
    }

    #[test]
    fn counts_down_to_zero_and_stays_there() {
        finishes(|| {
            let loaded = CountDownLatch::new(2);
            assert_eq!(loaded.count(), 2);
            loaded.count_down();
            assert_eq!(loaded.count(), 1);
            loaded.count_down();
            assert_eq!(loaded.count(), 0);
            loaded.count_down();
            loaded.count_down();
            assert_eq!(loaded.count(), 0, "counting down past zero is a no-op");
            loaded.wait();
        });
    }

    #[test]
    fn a_latch_of_zero_is_open() {
        finishes(|| {
            let open = CountDownLatch::new(0);
            open.wait();
            assert_eq!(open.count(), 0);
        });
    }

    /// Waiters are held while the count is above zero and all released
    /// when it reaches zero. The test counts down one step at a time and
    /// checks, before the last step, that no waiter has got through (a
    /// waiter that got through early would have sent on the channel).
    #[test]
    fn waiters_are_released_exactly_at_zero() {
        finishes(|| {
            const WAITERS: usize = 3;
            let services = CountDownLatch::new(3);
            let (through, passed) = mpsc::channel();
            thread::scope(|scope| {
                for _ in 0..WAITERS {
                    let through = through.clone();
                    let services = &services;
                    scope.spawn(move || {
                        services.wait();
                        through.send(services.count()).unwrap();
                    });
                }
                for left in (1..=3).rev() {
                    assert_eq!(services.count(), left);
                    assert!(
                        passed.try_recv().is_err(),
                        "a waiter got through with the count at {left}"
                    );
                    services.count_down();
                }
                for _ in 0..WAITERS {
                    let seen = passed.recv().unwrap();
                    assert_eq!(
                        seen, 0,
                        "a released waiter saw the count at {seen}"
                    );
                }
            });
        });
    }

    /// Waiters that have really gone to sleep on the latch (the test waits
    /// until they are observably asleep) are woken by the count-down that
    /// reaches zero; a latch that forgot to wake them makes the test time
    /// out.
    #[test]
    fn sleeping_waiters_are_woken() {
        finishes(|| {
            let started = CountDownLatch::new(1);
            thread::scope(|scope| {
                start_sleepers(scope, 3, || started.wait());
                started.count_down();
            });
        });
    }

    /// What each worker wrote before counting down is visible to the
    /// waiter, and many threads counting down at once lose no step.
    #[test]
    fn bounded_stress() {
        let rounds = if cfg!(miri) { 3 } else { 200 };
        finishes(move || {
            for _ in 0..rounds {
                const WORKERS: u32 = 4;
                let done = CountDownLatch::new(WORKERS);
                let results: Vec<_> =
                    (0..WORKERS).map(|_| std::sync::Mutex::new(0)).collect();
                thread::scope(|scope| {
                    for (worker, slot) in results.iter().enumerate() {
                        let done = &done;
                        scope.spawn(move || {
                            *slot.lock().unwrap() = worker + 1;
                            done.count_down();
                            // Extra calls after the count is used up by
                            // others must not wrap it.
                            if worker == 0 {
                                done.count_down();
                            }
                        });
                    }
                    done.wait();
                    assert_eq!(done.count(), 0);
                });
                let total: usize =
                    results.iter().map(|slot| *slot.lock().unwrap()).sum();
                assert_eq!(total, 1 + 2 + 3 + 4);
            }
        });
    }
}

/// Two threads each write a slot and count down; the main thread waits
/// and must see both writes.
#[cfg(loom)]
// loom's `UnsafeCell` is not `Sync`, so clippy objects to sharing it in a
// `std` Arc; loom runs every modelled thread on one OS thread, its `spawn`
// does not ask for `Send`, and it checks each cell access itself.
#[allow(clippy::arc_with_non_send_sync)]
fn two_counters() {
    use loom::cell::UnsafeCell;
    use loom::thread;
    use more_primitives::exercise::CountDownLatch;
    // `std`'s Arc: if loom reports a deadlock, it unwinds the blocked
    // threads, and dropping a loom `Arc` there would abort the process.
    use std::sync::Arc;

    let shared = Arc::new((
        CountDownLatch::new(2),
        [UnsafeCell::new(0u32), UnsafeCell::new(0)],
    ));
    let counters: Vec<_> = (0..2)
        .map(|me| {
            let shared = Arc::clone(&shared);
            thread::spawn(move || {
                let (latch, slots) = &*shared;
                // SAFETY: each thread writes only its own slot; the main
                // thread reads the slots only after the latch opens.
                slots[me].with_mut(|slot| unsafe { *slot = 1 });
                latch.count_down();
            })
        })
        .collect();
    let (latch, slots) = &*shared;
    latch.wait();
    for slot in slots {
        // SAFETY: the latch is open, so both writes happen before this.
        assert_eq!(slot.with(|slot| unsafe { *slot }), 1);
    }
    for counter in counters {
        counter.join().unwrap();
    }
}

/// loom, with a `wait` that yields and returns at once: checks the
/// orderings (a missing `Release` or `Acquire` shows up as a data race on a
/// slot), but cannot see a missing wake, because nobody really sleeps.
#[cfg(loom)]
#[test]
fn loom_waiter_sees_every_count_down() {
    loom_futex::yielding(two_counters);
}

/// loom, with a `wait` that really sleeps: a waiter asleep on the latch
/// must be woken by the count-down that reaches zero, or loom reports a
/// deadlock.
#[cfg(loom)]
#[test]
fn loom_sleeping_waiter_is_woken() {
    loom::model(two_counters);
}
