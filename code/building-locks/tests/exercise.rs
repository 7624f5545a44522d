//! The exercise's tests. Run them with
//! `cargo test -p building-locks --test exercise`.
//!
//! The loom models at the end check the same code with loom:
//! `cargo xtask loom building-locks --exercise`.

#[cfg(not(loom))]
mod threads {
    use building_locks::exercise::FairMutex;
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;
    use test_support::{Sleeper, watchdog};

    const THREADS: usize = 4;
    /// Lock-unlock rounds per thread; Miri is slow, so it gets a few.
    const ROUNDS: usize = if cfg!(miri) { 20 } else { 5_000 };
    /// Every test runs under the watchdog, in a process of its own, so a
    /// lock that never wakes anyone fails (reported as a hang) instead of
    /// hanging.
    const LIMIT: Duration = Duration::from_secs(10);

    #[test]
    fn lock_and_unlock_on_one_thread() {
        watchdog(LIMIT, || {
            let shelf = FairMutex::new(Vec::new());
            shelf.lock().push("tea");
            shelf.lock().push("coffee");
            assert_eq!(shelf.tickets_taken(), 2);
            assert_eq!(shelf.into_inner(), ["tea", "coffee"]);
        });
    }

    #[test]
    fn counts_exactly_under_contention() {
        watchdog(LIMIT, || {
            let counter = FairMutex::new(0usize);
            thread::scope(|scope| {
                for _ in 0..THREADS {
                    scope.spawn(|| {
                        for _ in 0..ROUNDS {
                            *counter.lock() += 1;
                        }
                    });
                }
            });
            assert_eq!(counter.into_inner(), THREADS * ROUNDS);
        });
    }

    /// First come, first served. The main thread holds the lock while three
    /// customers arrive one after the other; the test waits until each has
    /// taken its ticket (it watches `tickets_taken`) before letting the
    /// next one in. When the lock opens they must be served in arrival
    /// order. An unfair lock may serve them in any order.
    #[test]
    fn served_in_arrival_order() {
        watchdog(LIMIT, || {
            let queue = FairMutex::new(Vec::new());
            thread::scope(|scope| {
                let holder = queue.lock();
                for (customer, taken) in
                    ["ada", "grace", "edsger"].into_iter().zip(2..)
                {
                    let queue = &queue;
                    scope.spawn(move || queue.lock().push(customer));
                    // The holder's ticket and one per customer so far.
                    while queue.tickets_taken() != taken {
                        thread::yield_now();
                    }
                }
                drop(holder);
            });
            assert_eq!(queue.into_inner(), ["ada", "grace", "edsger"]);
        });
    }

    /// Waiters must actually be woken: the holder keeps the lock until all
    /// three waiters have taken tickets (so they are asleep, or about to
    /// be), and each unlock must wake the next one.
    #[test]
    fn sleepers_are_woken() {
        watchdog(LIMIT, || {
            let counter = FairMutex::new(0u32);
            thread::scope(|scope| {
                let holder = counter.lock();
                for _ in 0..3 {
                    scope.spawn(|| *counter.lock() += 1);
                }
                while counter.tickets_taken() != 4 {
                    thread::yield_now();
                }
                drop(holder);
            });
            assert_eq!(counter.into_inner(), 3);
        });
    }

    /// The unlock must wake the holder of the next ticket, whichever of the
    /// sleepers that is: the futex knows nothing of tickets. Two customers
    /// take tickets 1 and 2 and fall asleep, in that order, while the lock
    /// is held. Then one spurious wake-up, which `lock` must take in its
    /// stride, wakes the thread that has slept longest: ticket 1 finds it
    /// is not its turn and sleeps again, now behind ticket 2. Linux wakes
    /// the sleepers of one word in the order they fell asleep, so an unlock
    /// that wakes only one of them wakes ticket 2, which sleeps again, and
    /// ticket 1 sleeps for ever: the watchdog reports a hang, every time.
    /// (Elsewhere, and under Miri, which cannot tell when a thread sleeps,
    /// the test is weaker but still correct.)
    #[test]
    fn the_next_ticket_is_woken_whoever_slept_first() {
        watchdog(LIMIT, || {
            let queue = FairMutex::new(Vec::new());
            thread::scope(|scope| {
                let holder = queue.lock();
                let mut sleepers = Vec::new();
                for (customer, taken) in ["ada", "grace"].into_iter().zip(2..) {
                    let (tell, sleeper) = mpsc::channel();
                    let queue = &queue;
                    scope.spawn(move || {
                        tell.send(Sleeper::current()).unwrap();
                        queue.lock().push(customer);
                    });
                    let sleeper = sleeper.recv().unwrap();
                    while queue.tickets_taken() != taken {
                        thread::yield_now();
                    }
                    sleeper.wait_until_asleep();
                    sleepers.push(sleeper);
                }
                // Wakes ada (ticket 1), who goes back to sleep behind grace.
                queue.spurious_wake_up();
                sleepers[0].wait_until_asleep();
                drop(holder);
            });
            assert_eq!(queue.into_inner(), ["ada", "grace"]);
        });
    }
}

/// The exercise's first loom model, for orderings: two threads increment a
/// counter inside the fair mutex. `wait` yields and returns at once here
/// (`loom_futex::yielding`), and nothing adds a happens-before edge, so a
/// `Relaxed` where the previous holder's writes must be acquired shows up
/// as a causality violation on the counter. Loom explores many
/// interleavings and many of the values each load may read, not all of
/// them: it is bounded by `LOOM_MAX_PREEMPTIONS`, and it does not explore
/// load buffering.
#[cfg(loom)]
#[test]
fn loom_fair_mutex_counts_to_two() {
    use building_locks::exercise::FairMutex;
    use loom::thread;
    // `std`'s Arc, not loom's: when a model fails (a panic, or loom's
    // deadlock report), the threads unwind outside the execution, and
    // dropping a loom `Arc` there would abort the whole test run.
    use std::sync::Arc;

    loom_futex::yielding(|| {
        let counter = Arc::new(FairMutex::new(0u32));
        let other = {
            let counter = Arc::clone(&counter);
            thread::spawn(move || *counter.lock() += 1)
        };
        *counter.lock() += 1;
        other.join().unwrap();
        assert_eq!(*counter.lock(), 2);
    });
}

/// The second loom model, for wake-ups: here `wait` really sleeps until a
/// wake picks it, and a wake with nobody asleep is lost. Two threads take
/// tickets while the lock is held and may fall asleep in either order.
/// Loom tries both, so an unlock that wakes only one sleeper leaves the
/// holder of the next ticket asleep in the execution in which the later
/// ticket fell asleep first, and loom reports a deadlock.
#[cfg(loom)]
#[test]
fn loom_fair_mutex_wakes_the_next_ticket() {
    use building_locks::exercise::FairMutex;
    use loom::thread;
    // `std`'s Arc, not loom's: when a model fails (a panic, or loom's
    // deadlock report), the threads unwind outside the execution, and
    // dropping a loom `Arc` there would abort the whole test run.
    use std::sync::Arc;

    loom::model(|| {
        let counter = Arc::new(FairMutex::new(0u32));
        let holding = counter.lock();
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let counter = Arc::clone(&counter);
                thread::spawn(move || *counter.lock() += 1)
            })
            .collect();
        drop(holding);
        for waiter in waiters {
            waiter.join().unwrap();
        }
        assert_eq!(*counter.lock(), 2);
    });
}
