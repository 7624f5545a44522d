//! The exercise's tests. Run them with
//! `cargo test -p spin-lock --test exercise`.
//!
//! The loom model at the end checks the same code with loom:
//! `cargo xtask loom spin-lock --exercise`.

#[cfg(not(loom))]
mod threads {
    use spin_lock::exercise::TicketLock;
    use std::sync::Barrier;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;
    use std::time::Duration;
    use test_support::watchdog;

    /// Every test runs under the watchdog, in a process of its own, so a
    /// lock that never opens is reported as a hang instead of hanging.
    const LIMIT: Duration = Duration::from_secs(20);
    /// The contention test may legitimately take much longer on a loaded
    /// machine (see [`spinners`]), so it gets more time.
    const CONTENTION_LIMIT: Duration = Duration::from_secs(60);
    /// Lock-unlock rounds per thread in the contention test; Miri is slow,
    /// so it gets a few.
    const ROUNDS: usize = if cfg!(miri) { 20 } else { 2_000 };
    /// `spin_loop` hints inside each critical section of the contention
    /// test: they widen the window in which a second thread inside would
    /// lose an increment.
    const PAUSE: usize = 200;
    /// A first ticket that makes the counters wrap around after two
    /// tickets.
    const NEAR_WRAP: u32 = u32::MAX - 1;

    /// How many threads spin for the lock at once in the contention test:
    /// one per core, but at least two and at most four.
    ///
    /// Not more than the cores: a ticket lock hands the lock to one thread
    /// in particular, the holder of the next ticket. When that thread is
    /// not running, every other waiter spins until the scheduler runs it
    /// again, although the lock is free. With more spinning threads than
    /// cores that happens at most hand-offs, and each costs up to a time
    /// slice: four threads on two cores once took more than ten seconds
    /// for 20,000 acquisitions. Other programs on the machine can still
    /// take the cores away, which is why the test also keeps `ROUNDS`
    /// small. (On a one-core machine two threads are more than the cores:
    /// the test needs two to contend at all.)
    fn spinners() -> usize {
        thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(2, 4)
    }

    /// Locks and unlocks a new lock once, and checks that the unlock served
    /// the next ticket. The tests call it before they lock a second time,
    /// so that an unlock that serves nobody fails here, with a message,
    /// instead of hanging in the next `lock`.
    fn assert_unlock_serves_next<T>(lock: &TicketLock<T>) {
        drop(lock.lock());
        assert_eq!(
            lock.tickets_out(),
            0,
            "dropping the guard must serve the next ticket \
             (is `TicketLock::serve_next` written?)"
        );
    }

    #[test]
    fn lock_and_unlock_on_one_thread() {
        watchdog(LIMIT, || {
            let shelf = TicketLock::new(Vec::new());
            assert_unlock_serves_next(&shelf);
            shelf.lock().push("tea");
            shelf.lock().push("coffee");
            assert_eq!(shelf.tickets_out(), 0, "every ticket drawn was served");
            assert_eq!(shelf.into_inner(), ["tea", "coffee"]);
        });
    }

    /// One thread, five rounds, from ticket 0 and again from just below
    /// `u32::MAX`, where the counters wrap around during the rounds.
    #[test]
    fn tickets_are_served_in_order() {
        watchdog(LIMIT, || {
            for first in [0, NEAR_WRAP] {
                let counter = TicketLock::with_first_ticket(0u32, first);
                for round in 1..=5 {
                    let mut guard = counter.lock();
                    assert_eq!(
                        counter.tickets_out(),
                        1,
                        "one ticket drawn, not yet served (first ticket \
                         {first}, round {round})"
                    );
                    *guard += 1;
                    drop(guard);
                    assert_eq!(
                        counter.tickets_out(),
                        0,
                        "dropping the guard serves its ticket (first \
                         ticket {first}, round {round})"
                    );
                    assert_eq!(*counter.lock(), round);
                }
            }
        });
    }

    /// Mutual exclusion: the threads start together (at a barrier) and
    /// each adds one to the counter `ROUNDS` times, pausing between its
    /// read and its write, so two of them inside at once would lose
    /// increments.
    #[test]
    fn counts_exactly_under_contention() {
        watchdog(CONTENTION_LIMIT, || {
            let threads = spinners();
            let counter = TicketLock::new(0usize);
            assert_unlock_serves_next(&counter);
            let start = Barrier::new(threads);
            thread::scope(|scope| {
                for _ in 0..threads {
                    scope.spawn(|| {
                        start.wait();
                        for _ in 0..ROUNDS {
                            let mut count = counter.lock();
                            // Read, pause, write back: a thread that got in
                            // meanwhile would have its increment lost.
                            let seen = *count;
                            for _ in 0..PAUSE {
                                std::hint::spin_loop();
                            }
                            *count = seen + 1;
                        }
                    });
                }
            });
            assert_eq!(counter.into_inner(), threads * ROUNDS);
        });
    }

    /// First come, first served. The main thread holds the lock while three
    /// customers arrive one after the other; the test waits until each has
    /// drawn its ticket (it watches `tickets_out`) before letting the next
    /// one in. When the lock opens they must be served in arrival order.
    /// A lock that is not fair, such as `SpinLock`, may serve them the other
    /// way round. A customer who gets in while the lock is held fails the
    /// test at once. The second run starts so that the holder's ticket is
    /// `u32::MAX - 1` and the customers draw `u32::MAX`, 0 and 1.
    #[test]
    fn served_in_arrival_order() {
        watchdog(LIMIT, || {
            // The check draws one ticket, so the holder draws `first + 1`.
            for first in [0, NEAR_WRAP - 1] {
                let queue = TicketLock::with_first_ticket(Vec::new(), first);
                assert_unlock_serves_next(&queue);
                let entered = AtomicUsize::new(0);
                let entered_early = |customer: &str| {
                    assert_eq!(
                        entered.load(Ordering::Relaxed),
                        0,
                        "a customer got in while the lock was held, by the \
                         time {customer} arrived (first ticket {first})"
                    );
                };
                thread::scope(|scope| {
                    let holder = queue.lock();
                    for (customer, arrived) in
                        ["ada", "grace", "edsger"].into_iter().zip(2..)
                    {
                        let (queue, entered) = (&queue, &entered);
                        scope.spawn(move || {
                            let mut guard = queue.lock();
                            entered.fetch_add(1, Ordering::Relaxed);
                            guard.push(customer);
                        });
                        // Wait until this customer has drawn a ticket: the
                        // holder and every customer so far hold one.
                        while queue.tickets_out() != arrived {
                            entered_early(customer);
                            thread::yield_now();
                        }
                    }
                    entered_early("the last one");
                    drop(holder);
                });
                assert_eq!(
                    queue.into_inner(),
                    ["ada", "grace", "edsger"],
                    "served out of arrival order (first ticket {first})"
                );
            }
        });
    }
}

/// The exercise's loom model: two threads increment a counter inside the
/// ticket lock, and loom checks the interleavings it explores (at most
/// `LOOM_MAX_PREEMPTIONS` preemptions each) and the values each load may
/// see in its model, for an access to the counter that is not ordered
/// after the previous holder's. The guard keeps loom's tracked pointer, so
/// the whole critical section counts as the access. The first ticket is
/// `u32::MAX`, so the counters wrap around while the threads run.
#[cfg(loom)]
#[test]
fn loom_ticket_lock_counts_to_two() {
    use loom::sync::Arc;
    use loom::thread;
    use spin_lock::exercise::TicketLock;

    loom::model(|| {
        let counter = Arc::new(TicketLock::with_first_ticket(0u32, u32::MAX));
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let counter = Arc::clone(&counter);
                thread::spawn(move || *counter.lock() += 1)
            })
            .collect();
        for worker in workers {
            worker.join().unwrap();
        }
        assert_eq!(*counter.lock(), 2);
    });
}
