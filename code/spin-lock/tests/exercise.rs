//! The exercise's tests. Run them with
//! `cargo test -p spin-lock --test exercise`.
//!
//! The loom model at the end runs with
//! `RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=3 cargo test -p spin-lock --release --test exercise`.

#[cfg(not(loom))]
mod threads {
    use spin_lock::exercise::TicketLock;
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;

    /// Two threads, not more: a ticket lock hands the lock to one thread
    /// in particular, and with more spinning threads than cores the next
    /// ticket's holder is often descheduled while the others spin through
    /// their time slices. Four threads on CI's two cores took over ten
    /// seconds for 20,000 hand-offs while other tests ran.
    const THREADS: usize = 2;
    /// Lock-unlock rounds per thread; Miri is slow, so it gets a few.
    const ROUNDS: usize = if cfg!(miri) { 20 } else { 10_000 };

    /// Runs `body` on its own thread and fails the test if it has not
    /// finished within ten seconds, so a lock that never opens fails
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
    fn lock_and_unlock_on_one_thread() {
        finishes(|| {
            let shelf = TicketLock::new(Vec::new());
            shelf.lock().push("tea");
            shelf.lock().push("coffee");
            assert_eq!(shelf.tickets_out(), 0, "every ticket drawn was served");
            assert_eq!(shelf.into_inner(), ["tea", "coffee"]);
        });
    }

    #[test]
    fn tickets_are_served_in_order() {
        finishes(|| {
            let counter = TicketLock::new(0u32);
            for round in 1..=5 {
                let mut guard = counter.lock();
                assert_eq!(
                    counter.tickets_out(),
                    1,
                    "one ticket drawn, not yet served"
                );
                *guard += 1;
                drop(guard);
                assert_eq!(counter.tickets_out(), 0, "the ticket was served");
                assert_eq!(*counter.lock(), round);
            }
        });
    }

    #[test]
    fn counts_exactly_under_contention() {
        let total = finishes(|| {
            let counter = TicketLock::new(0usize);
            thread::scope(|scope| {
                for _ in 0..THREADS {
                    scope.spawn(|| {
                        for _ in 0..ROUNDS {
                            *counter.lock() += 1;
                        }
                    });
                }
            });
            counter.into_inner()
        });
        assert_eq!(total, THREADS * ROUNDS);
    }

    /// First come, first served. The main thread holds the lock while two
    /// customers arrive one after the other; the test waits until each has
    /// drawn its ticket (it watches `tickets_out`) before letting the next
    /// one in. When the lock opens they must be served in arrival order.
    /// A lock that is not fair, such as `SpinLock`, may serve them the other
    /// way round.
    #[test]
    fn served_in_arrival_order() {
        let served = finishes(|| {
            let queue = TicketLock::new(Vec::new());
            thread::scope(|scope| {
                let holder = queue.lock();
                for (customer, arrived) in
                    ["ada", "grace", "edsger"].into_iter().zip(2..)
                {
                    let queue = &queue;
                    scope.spawn(move || queue.lock().push(customer));
                    // Wait until this customer has drawn a ticket: the holder
                    // and every customer so far hold one.
                    while queue.tickets_out() != arrived {
                        thread::yield_now();
                    }
                }
                drop(holder);
            });
            queue.into_inner()
        });
        assert_eq!(served, ["ada", "grace", "edsger"]);
    }
}

/// The exercise's loom model: two threads increment a counter inside the
/// ticket lock, and loom checks the interleavings it explores (at most
/// `LOOM_MAX_PREEMPTIONS` preemptions each) and the values each load may
/// see in its model, for an access to the counter that is not ordered
/// after the previous holder's. The guard keeps loom's tracked pointer, so
/// the whole critical section counts as the access.
#[cfg(loom)]
#[test]
fn loom_ticket_lock_counts_to_two() {
    use loom::sync::Arc;
    use loom::thread;
    use spin_lock::exercise::TicketLock;

    loom::model(|| {
        let counter = Arc::new(TicketLock::new(0u32));
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
