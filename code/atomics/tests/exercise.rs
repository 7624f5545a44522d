//! The exercise's tests. Run them with
//! `cargo test -p atomics --test exercise`.
//!
//! Every test runs under `test_support::watchdog`, in a process of its own:
//! a retry loop that never makes progress is stopped after 10 seconds and
//! reported as a hang, and a panic (a `todo!()` not yet written) as a
//! panic, with its message.
//!
//! The loom models at the end check the same code with loom:
//! `cargo xtask loom atomics --exercise`.

#[cfg(not(loom))]
mod threads {
    use atomics::exercise::IdAllocator;
    use std::collections::HashSet;
    use std::sync::Barrier;
    use std::thread;
    use std::time::Duration;
    use test_support::watchdog;

    /// Threads that hammer one allocator at once.
    const THREADS: usize = if cfg!(miri) { 3 } else { 8 };
    /// How many IDs each thread takes when IDs are plentiful: enough that
    /// threads running at once collide many times.
    const PER_THREAD: usize = if cfg!(miri) { 20 } else { 50_000 };
    /// How long a test may take before the watchdog calls it stuck.
    const LIMIT: Duration = Duration::from_secs(10);

    #[test]
    fn hands_out_ids_in_order_on_one_thread() {
        watchdog(LIMIT, || {
            let ids = IdAllocator::new();
            assert_eq!(ids.allocate(), Some(0));
            assert_eq!(ids.allocate(), Some(1));
            assert_eq!(ids.allocate(), Some(2));
            assert_eq!(ids.remaining(), u32::MAX - 3);
        });
    }

    #[test]
    fn default_starts_at_zero() {
        watchdog(LIMIT, || {
            assert_eq!(IdAllocator::default().allocate(), Some(0));
        });
    }

    #[test]
    fn stops_at_the_end_instead_of_wrapping() {
        watchdog(LIMIT, || {
            let ids = IdAllocator::starting_at(u32::MAX - 2);
            assert_eq!(ids.remaining(), 2);
            assert_eq!(ids.allocate(), Some(u32::MAX - 2));
            assert_eq!(ids.allocate(), Some(u32::MAX - 1));
            assert_eq!(ids.remaining(), 0);
            // A `fetch_add` allocator would now hand out `u32::MAX`, then 0 again.
            for _ in 0..10 {
                assert_eq!(ids.allocate(), None);
            }
            assert_eq!(ids.remaining(), 0);
        });
    }

    #[test]
    fn starting_at_the_end_has_nothing_to_give() {
        watchdog(LIMIT, || {
            let ids = IdAllocator::starting_at(u32::MAX);
            assert_eq!(ids.remaining(), 0);
            assert_eq!(ids.allocate(), None);
            assert_eq!(ids.allocate_block(1), None);
        });
    }

    #[test]
    fn blocks_are_consecutive_and_do_not_overlap() {
        watchdog(LIMIT, || {
            let ids = IdAllocator::starting_at(100);
            assert_eq!(ids.allocate_block(3), Some(100..103));
            assert_eq!(ids.allocate(), Some(103));
            assert_eq!(ids.allocate_block(2), Some(104..106));
            assert_eq!(
                ids.allocate_block(0),
                None,
                "a block of no IDs is refused"
            );
            assert_eq!(ids.allocate(), Some(106));
        });
    }

    #[test]
    fn a_block_is_all_or_nothing() {
        watchdog(LIMIT, || {
            let ids = IdAllocator::starting_at(u32::MAX - 5);
            // Five IDs are left: a block of six must take none of them.
            assert_eq!(ids.allocate_block(6), None);
            assert_eq!(ids.remaining(), 5);
            assert_eq!(ids.allocate_block(u32::MAX), None);
            assert_eq!(ids.allocate_block(5), Some(u32::MAX - 5..u32::MAX));
            assert_eq!(ids.allocate(), None);
        });
    }

    /// Every thread allocates; no ID may appear twice.
    #[test]
    fn ids_are_unique_across_threads() {
        watchdog(LIMIT, || {
            let ids = IdAllocator::new();
            let taken = hammer(&ids, PER_THREAD);
            let expected = THREADS * PER_THREAD;
            assert_eq!(taken.len(), expected);
            let unique: HashSet<u32> = taken.iter().copied().collect();
            assert_eq!(unique.len(), expected, "an ID was handed out twice");
            // Nothing was skipped either: the IDs are exactly 0..expected.
            assert_eq!(unique, (0..expected as u32).collect());
        });
    }

    /// Threads race for the last hundred IDs, and keep asking after they run
    /// out: every ID is handed out once, and none after the end.
    #[test]
    fn exhaustion_under_contention() {
        watchdog(LIMIT, || {
            let first = u32::MAX - 100;
            let ids = IdAllocator::starting_at(first);
            // Each thread asks far more often than there are IDs left.
            let taken = hammer(&ids, 100);
            let unique: HashSet<u32> = taken.iter().copied().collect();
            assert_eq!(
                taken.len(),
                100,
                "exactly the 100 remaining IDs are handed out"
            );
            assert_eq!(
                unique,
                (first..u32::MAX).collect(),
                "each of them once"
            );
            assert_eq!(ids.allocate(), None);
            assert_eq!(ids.remaining(), 0);
        });
    }

    /// Blocks and single IDs mixed, racing for the end of the range.
    #[test]
    fn blocks_and_single_ids_race_for_the_end() {
        watchdog(LIMIT, || {
            let first = u32::MAX - 1_000;
            let ids = IdAllocator::starting_at(first);
            let start = Barrier::new(THREADS);
            let taken: Vec<u32> = thread::scope(|scope| {
                let workers: Vec<_> = (0..THREADS)
                    .map(|worker| {
                        let (ids, start) = (&ids, &start);
                        scope.spawn(move || {
                            start.wait();
                            let mut mine = Vec::new();
                            for round in 0..200 {
                                if (worker + round) % 3 == 0 {
                                    mine.extend(
                                        ids.allocate_block(7)
                                            .into_iter()
                                            .flatten(),
                                    );
                                } else {
                                    mine.extend(ids.allocate());
                                }
                            }
                            mine
                        })
                    })
                    .collect();
                workers
                    .into_iter()
                    .flat_map(|worker| worker.join().unwrap())
                    .collect()
            });
            let unique: HashSet<u32> = taken.iter().copied().collect();
            assert_eq!(unique.len(), taken.len(), "an ID was handed out twice");
            assert!(taken.iter().all(|&id| id >= first && id < u32::MAX));
            // Nothing lost and nothing invented: what was handed out plus what is
            // left is what there was.
            assert_eq!(taken.len() as u32 + ids.remaining(), 1_000);
        });
    }

    /// Runs `THREADS` threads that each call `allocate` `attempts` times and
    /// returns every ID they got.
    fn hammer(ids: &IdAllocator, attempts: usize) -> Vec<u32> {
        // Every thread waits here until all have started, so that they run
        // at the same time instead of one after the other, and their
        // compare-exchanges really collide.
        let start = Barrier::new(THREADS);
        thread::scope(|scope| {
            let workers: Vec<_> = (0..THREADS)
                .map(|_| {
                    scope.spawn(|| {
                        start.wait();
                        (0..attempts)
                            .filter_map(|_| ids.allocate())
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|worker| worker.join().unwrap())
                .collect()
        })
    }
}

/// The exercise's first loom model: two threads each ask twice for one of
/// the last three IDs. Loom runs it under many interleavings (up to
/// `LOOM_MAX_PREEMPTIONS` forced thread switches each), so the retry loop
/// meets another thread moving the counter between its load and its
/// exchange: three calls succeed, with three different IDs, and the fourth
/// gets `None`.
#[cfg(loom)]
#[test]
fn loom_two_threads_race_for_the_last_ids() {
    use atomics::exercise::IdAllocator;
    use loom::thread;
    // `std`'s Arc, not loom's: when a model fails, the threads unwind
    // outside the execution, and dropping a loom `Arc` there would abort
    // the whole test run.
    use std::sync::Arc;

    loom::model(|| {
        let ids = Arc::new(IdAllocator::starting_at(u32::MAX - 3));
        let other = {
            let ids = Arc::clone(&ids);
            thread::spawn(move || [ids.allocate(), ids.allocate()])
        };
        let mine = [ids.allocate(), ids.allocate()];
        let theirs = other.join().unwrap();
        let mut got: Vec<u32> =
            mine.into_iter().chain(theirs).flatten().collect();
        got.sort_unstable();
        assert_eq!(got, [u32::MAX - 3, u32::MAX - 2, u32::MAX - 1]);
        assert_eq!(ids.allocate(), None);
    });
}

/// The second model: a block of two and a single ID race for the last two
/// IDs. Whichever comes first wins, and the block never gets half.
#[cfg(loom)]
#[test]
fn loom_a_block_is_all_or_nothing() {
    use atomics::exercise::IdAllocator;
    use loom::thread;
    use std::sync::Arc;

    loom::model(|| {
        let ids = Arc::new(IdAllocator::starting_at(u32::MAX - 2));
        let single = {
            let ids = Arc::clone(&ids);
            thread::spawn(move || ids.allocate())
        };
        let block = ids.allocate_block(2);
        let single = single.join().unwrap();
        match (block, single) {
            (Some(block), None) => assert_eq!(block, u32::MAX - 2..u32::MAX),
            (None, Some(id)) => {
                assert_eq!(id, u32::MAX - 2);
                assert_eq!(ids.remaining(), 1);
            }
            other => {
                panic!("block and single ID both won or both lost: {other:?}")
            }
        }
    });
}

/// The third model: a used-up allocator stays used up. One thread takes the
/// last ID and asks again, while another asks once. Only one call gets
/// `Some`, and it is the last ID: an allocator that lets its counter pass
/// `u32::MAX`, even for a moment before putting it back, lets the other
/// thread see the wrapped counter and hand out an ID a second time.
#[cfg(loom)]
#[test]
fn loom_a_used_up_allocator_stays_used_up() {
    use atomics::exercise::IdAllocator;
    use loom::thread;
    use std::sync::Arc;

    loom::model(|| {
        let ids = Arc::new(IdAllocator::starting_at(u32::MAX - 1));
        let other = {
            let ids = Arc::clone(&ids);
            thread::spawn(move || ids.allocate())
        };
        let mine = [ids.allocate(), ids.allocate()];
        let theirs = other.join().unwrap();
        let got: Vec<u32> =
            mine.into_iter().chain([theirs]).flatten().collect();
        assert_eq!(got, [u32::MAX - 1], "only the last ID, and only once");
        assert_eq!(ids.remaining(), 0);
    });
}
