//! The exercise's tests. Run them with
//! `cargo test -p building-locks --test exercise`.
//!
//! The loom models at the end run with
//! `RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom cargo test -p building-locks --release --test exercise`.

#[cfg(not(loom))]
mod threads {
    use building_locks::exercise::FairMutex;
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;

    const THREADS: usize = 4;
    /// Lock-unlock rounds per thread; Miri is slow, so it gets a few.
    const ROUNDS: usize = if cfg!(miri) { 20 } else { 5_000 };

    /// Runs `body` on its own thread and fails the test if it has not
    /// finished within ten seconds, so a lock that never wakes anyone fails
    /// instead of hanging.
    fn finishes<R: Send + 'static>(
        body: impl FnOnce() -> R + Send + 'static,
    ) -> R {
        let (done, finished) = mpsc::channel();
        thread::spawn(move || done.send(body()).unwrap());
        match finished.recv_timeout(Duration::from_secs(10)) {
            Ok(result) => result,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                panic!("not finished in 10 s: does some thread sleep forever?")
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                panic!("the test's thread panicked: see its message above")
            }
        }
    }

    #[test]
    fn lock_and_unlock_on_one_thread() {
        finishes(|| {
            let shelf = FairMutex::new(Vec::new());
            shelf.lock().push("tea");
            shelf.lock().push("coffee");
            assert_eq!(shelf.tickets_taken(), 2);
            assert_eq!(shelf.into_inner(), ["tea", "coffee"]);
        });
    }

    #[test]
    fn counts_exactly_under_contention() {
        let total = finishes(|| {
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
            counter.into_inner()
        });
        assert_eq!(total, THREADS * ROUNDS);
    }

    /// First come, first served. The main thread holds the lock while three
    /// customers arrive one after the other; the test waits until each has
    /// taken its ticket (it watches `tickets_taken`) before letting the
    /// next one in. When the lock opens they must be served in arrival
    /// order. An unfair lock may serve them in any order.
    #[test]
    fn served_in_arrival_order() {
        let served = finishes(|| {
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
            queue.into_inner()
        });
        assert_eq!(served, ["ada", "grace", "edsger"]);
    }

    /// Waiters must actually be woken: the holder keeps the lock until all
    /// three waiters have taken tickets (so they are asleep, or about to
    /// be), and each unlock must wake the next one.
    #[test]
    fn sleepers_are_woken() {
        let total = finishes(|| {
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
            counter.into_inner()
        });
        assert_eq!(total, 3);
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
    use loom::sync::Arc;
    use loom::thread;

    loom_futex::yielding(|| {
        let counter = Arc::new(FairMutex::new(0u32));
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

/// The second loom model, for wake-ups: here `wait` really sleeps until a
/// wake picks it, and a wake with nobody asleep is lost. Two threads take
/// tickets while the lock is held and fall asleep in either order. Loom
/// tries both orders, so an unlock that wakes only one sleeper leaves the
/// holder of the next ticket asleep in some execution, and loom reports a
/// deadlock.
#[cfg(loom)]
#[test]
fn loom_fair_mutex_wakes_the_next_ticket() {
    use building_locks::exercise::FairMutex;
    use loom::sync::Arc;
    use loom::thread;

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
