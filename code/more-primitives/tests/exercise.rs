//! The exercise's tests. Run them with
//! `cargo test -p more-primitives --test exercise`.
//!
//! The loom models at the end check the same code with loom:
//! `cargo xtask loom more-primitives --exercise`.

#[cfg(not(loom))]
mod threads {
    use more_primitives::exercise::CountDownLatch;
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;
    use test_support::{start_sleepers, watchdog};

    /// Every test runs under the watchdog, in a process of its own, so a
    /// latch that never opens fails (reported as a hang) instead of
    /// hanging.
    const LIMIT: Duration = Duration::from_secs(10);

    #[test]
    fn counts_down_to_zero_and_stays_there() {
        watchdog(LIMIT, || {
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
        watchdog(LIMIT, || {
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
        watchdog(LIMIT, || {
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
        watchdog(LIMIT, || {
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
        watchdog(LIMIT, move || {
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

/// The loom models: `cargo xtask loom more-primitives --exercise`.
#[cfg(loom)]
// loom's `UnsafeCell` is not `Sync`, so clippy objects to sharing it in a
// `std` Arc; loom runs every modelled thread on one OS thread, its `spawn`
// does not ask for `Send`, and it checks each cell access itself.
#[allow(clippy::arc_with_non_send_sync)]
mod models {
    use loom::cell::UnsafeCell;
    use loom::thread;
    use loom_futex::yielding;
    use more_primitives::exercise::CountDownLatch;
    // `std`'s Arc, not loom's: when loom reports a deadlock it unwinds the
    // blocked threads outside the execution, and dropping a loom `Arc`
    // there aborts the process instead of failing the test.
    use std::sync::Arc;

    /// Two threads each write a slot and count down; the main thread waits
    /// and then reads both slots.
    fn two_counters() {
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
        for slot in slots {
            // SAFETY: both counters wrote before counting down, and the
            // latch is open, so those writes happen before this read.
            assert_eq!(slot.with(|slot| unsafe { *slot }), 1);
        }
        // After the reads, so that `count`'s own `Acquire` cannot stand in
        // for a `wait` that forgot its own.
        assert_eq!(latch.count(), 0);
        for counter in counters {
            counter.join().unwrap();
        }
    }

    /// With a `wait` that yields and returns at once: checks the orderings
    /// (a missing `Release` or `Acquire` shows up as a data race on a
    /// slot), but cannot see a missing wake, because nobody really sleeps.
    #[test]
    fn latch_publishes_every_counters_writes() {
        yielding(two_counters);
    }

    /// With a `wait` that really sleeps: a waiter asleep on the latch must
    /// be woken by the count-down that reaches zero, or loom reports a
    /// deadlock.
    #[test]
    fn latch_waiter_is_woken() {
        loom::model(two_counters);
    }

    /// A thread that sees `count` return 0 also sees what the counter wrote
    /// before counting down.
    #[test]
    fn latch_count_publishes_the_counters_writes() {
        yielding(|| {
            let shared =
                Arc::new((CountDownLatch::new(1), UnsafeCell::new(0u32)));
            let observer = {
                let shared = Arc::clone(&shared);
                thread::spawn(move || {
                    let (latch, slot) = &*shared;
                    if latch.count() == 0 {
                        // SAFETY: the count-down that reached zero follows
                        // the write.
                        assert_eq!(slot.with(|slot| unsafe { *slot }), 1);
                    }
                })
            };
            let (latch, slot) = &*shared;
            // SAFETY: the observer reads only after seeing the count reach
            // zero, which follows this write.
            slot.with_mut(|slot| unsafe { *slot = 1 });
            latch.count_down();
            observer.join().unwrap();
        });
    }
}
