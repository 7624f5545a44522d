//! Tests of every step: mutual exclusion with an exact count, Condvar
//! hand-offs, and readers and writers that never overlap. Bounded by
//! iterations; every test that could hang runs under
//! `test_support::watchdog`, in a process of its own, so a lost wake-up is
//! reported as a hang instead of hanging the run.

use building_locks::{
    condvar_step1_counter, condvar_step2_waiters, mutex_step1_two_states,
    mutex_step2_three_states, mutex_step3_spin, rwlock_step1_readers,
    rwlock_step2_writer_counter, rwlock_step3_writer_priority,
    rwlock_step4_no_idle_wakes,
};
use std::thread;
use std::time::Duration;
use test_support::{start_sleepers, watchdog};

const THREADS: usize = 4;
/// Lock-unlock rounds per thread; Miri is slow, so it gets a few.
const ROUNDS: usize = if cfg!(miri) { 30 } else { 20_000 };

/// How long a test may take before the watchdog calls it a hang.
const LIMIT: Duration = Duration::from_secs(20);

macro_rules! mutex_counts_exactly {
    ($name:ident, $module:ident) => {
        #[test]
        fn $name() {
            watchdog(LIMIT, || {
                let hits = $module::Mutex::new(0usize);
                thread::scope(|scope| {
                    for _ in 0..THREADS {
                        scope.spawn(|| {
                            for _ in 0..ROUNDS {
                                *hits.lock() += 1;
                            }
                        });
                    }
                });
                assert_eq!(hits.into_inner(), THREADS * ROUNDS);
            });
        }
    };
}

mutex_counts_exactly!(mutex_step1_counts_exactly, mutex_step1_two_states);
mutex_counts_exactly!(mutex_step2_counts_exactly, mutex_step2_three_states);
mutex_counts_exactly!(mutex_step3_counts_exactly, mutex_step3_spin);

#[test]
fn try_lock_fails_while_held() {
    let stock = mutex_step3_spin::Mutex::new(5u32);
    let guard = stock.lock();
    assert!(stock.try_lock().is_none());
    drop(guard);
    *stock.try_lock().expect("free again") -= 1;
    assert_eq!(stock.into_inner(), 4);
}

/// A guard may travel: a futex unlock does not care which thread does it.
#[test]
fn guard_unlocks_on_another_thread() {
    watchdog(LIMIT, || {
        let orders = mutex_step3_spin::Mutex::new(Vec::new());
        let mut guard = orders.lock();
        guard.push("tea");
        thread::scope(|scope| {
            scope.spawn(move || drop(guard));
        });
        orders.lock().push("cake");
        assert_eq!(orders.into_inner(), ["tea", "cake"]);
    });
}

/// A ping-pong through a Condvar: each side waits for its turn, so every
/// notification must reach a sleeping thread or the test times out.
macro_rules! condvar_ping_pong {
    ($name:ident, $module:ident) => {
        #[test]
        fn $name() {
            const TURNS: u32 = if cfg!(miri) { 20 } else { 5_000 };
            watchdog(LIMIT, || {
                // The number of turns taken; even: ping's turn, odd: pong's.
                let turn = mutex_step3_spin::Mutex::new(0u32);
                let changed = $module::Condvar::new();
                thread::scope(|scope| {
                    for parity in [0, 1] {
                        let (turn, changed) = (&turn, &changed);
                        scope.spawn(move || {
                            for _ in 0..TURNS {
                                let mut now = turn.lock();
                                while *now % 2 != parity {
                                    now = changed.wait(now);
                                }
                                *now += 1;
                                drop(now);
                                changed.notify_all();
                            }
                        });
                    }
                });
                assert_eq!(turn.into_inner(), 2 * TURNS);
            });
        }
    };
}

condvar_ping_pong!(condvar_step1_ping_pong, condvar_step1_counter);
condvar_ping_pong!(condvar_step2_ping_pong, condvar_step2_waiters);

// ANCHOR: wait_while
/// A job queue: the worker sleeps until there is a job or the queue is
/// closed, and `wait_while` re-checks after every wake-up.
#[test]
fn condvar_wait_while_sees_every_job() {
    watchdog(LIMIT, || {
        let queue = mutex_step3_spin::Mutex::new((Vec::new(), false));
        let job_ready = condvar_step2_waiters::Condvar::new();
        let done = thread::scope(|scope| {
            let worker = scope.spawn(|| {
                let mut done = Vec::new();
                loop {
                    let mut state = job_ready
                        .wait_while(queue.lock(), |(jobs, closed)| {
                            jobs.is_empty() && !*closed
                        });
                    match state.0.pop() {
                        Some(job) => done.push(job),
                        None => return done, // empty and closed
                    }
                }
            });
            for job in ["invoice", "receipt", "refund"] {
                queue.lock().0.insert(0, job);
                job_ready.notify_one();
            }
            queue.lock().1 = true;
            job_ready.notify_one();
            worker.join().unwrap()
        });
        assert_eq!(done, ["invoice", "receipt", "refund"]);
    });
}
// ANCHOR_END: wait_while

/// Readers and writers: writers add 2 to each half of a pair, readers check
/// that the halves are always equal, so a reader that overlapped a writer
/// would see a torn pair.
macro_rules! rwlock_excludes {
    ($name:ident, $module:ident) => {
        #[test]
        fn $name() {
            watchdog(LIMIT, || {
                let pair = $module::RwLock::new((0usize, 0usize));
                thread::scope(|scope| {
                    for _ in 0..2 {
                        scope.spawn(|| {
                            for _ in 0..ROUNDS {
                                let mut pair = pair.write();
                                pair.0 += 1;
                                pair.1 += 1;
                            }
                        });
                    }
                    for _ in 0..2 {
                        scope.spawn(|| {
                            for _ in 0..ROUNDS {
                                let pair = pair.read();
                                assert_eq!(
                                    pair.0, pair.1,
                                    "a reader saw a half-done write"
                                );
                            }
                        });
                    }
                });
                assert_eq!(pair.into_inner(), (2 * ROUNDS, 2 * ROUNDS));
            });
        }
    };
}

rwlock_excludes!(rwlock_step1_excludes, rwlock_step1_readers);
rwlock_excludes!(rwlock_step2_excludes, rwlock_step2_writer_counter);
rwlock_excludes!(rwlock_step3_excludes, rwlock_step3_writer_priority);
rwlock_excludes!(rwlock_step4_excludes, rwlock_step4_no_idle_wakes);

/// Four writers and one reader: writers queue up behind each other, so a
/// writer's unlock must keep waking the next sleeping writer (step 4 clears
/// the waiting bit on every write unlock, and relies on each woken writer
/// to raise it again). A writer left asleep makes the test time out.
macro_rules! rwlock_writers_queue {
    ($name:ident, $module:ident) => {
        #[test]
        fn $name() {
            watchdog(LIMIT, || {
                let count = $module::RwLock::new(0usize);
                thread::scope(|scope| {
                    for _ in 0..4 {
                        scope.spawn(|| {
                            for _ in 0..ROUNDS {
                                *count.write() += 1;
                            }
                        });
                    }
                    scope.spawn(|| {
                        for _ in 0..ROUNDS {
                            assert!(*count.read() <= 4 * ROUNDS);
                        }
                    });
                });
                assert_eq!(count.into_inner(), 4 * ROUNDS);
            });
        }
    };
}

rwlock_writers_queue!(rwlock_step3_writers_queue, rwlock_step3_writer_priority);
rwlock_writers_queue!(rwlock_step4_writers_queue, rwlock_step4_no_idle_wakes);

// Sleep-and-wake tests. The stress tests above almost never put a thread to
// sleep: by the time a waiter's futex call reaches the kernel, the holder has
// usually unlocked, and the call returns at once. These tests hold a lock,
// start waiters, wait until the waiters have *observably* gone to sleep, and
// only then release, so an unlock that forgets its wake leaves a thread
// asleep and the watchdog reports a hang. They never sleep for correctness: they poll
// the lock's own state (its CONTENDED state or waiting bits) and, on Linux,
// the waiters' scheduler state in /proc, which shows `S` once a thread is
// blocked in the kernel. Under Miri, or where /proc is missing, only the
// lock's state is polled: the tests stay correct, and catch less.

/// Starts `count` waiters, each of which runs `wait` (which blocks on the
/// lock under test), and returns once every waiter is asleep in the kernel
/// (`test_support::start_sleepers`, which reads /proc) and `ready()` holds
/// (the lock's own state shows them waiting, which is all Miri can check).
fn start_waiters<'scope>(
    scope: &'scope thread::Scope<'scope, '_>,
    count: usize,
    wait: impl Fn() + Send + Copy + 'scope,
    ready: impl Fn() -> bool,
) {
    start_sleepers(scope, count, wait);
    while !ready() {
        thread::yield_now();
    }
}

/// Three threads fall asleep behind a held mutex; one unlock must start a
/// chain in which each of them gets in.
macro_rules! mutex_sleepers_all_get_in {
    ($name:ident, $module:ident, $ready:expr) => {
        #[test]
        fn $name() {
            watchdog(LIMIT, || {
                let count = $module::Mutex::new(0u32);
                let held = count.lock();
                let ready: fn(&$module::Mutex<u32>) -> bool = $ready;
                thread::scope(|scope| {
                    start_waiters(
                        scope,
                        3,
                        || *count.lock() += 1,
                        || ready(&count),
                    );
                    drop(held);
                });
                assert_eq!(count.into_inner(), 3);
            });
        }
    };
}

// Step 1 records nothing about its waiters: only /proc can tell.
mutex_sleepers_all_get_in!(
    mutex_step1_sleepers_all_get_in,
    mutex_step1_two_states,
    |_| true
);
mutex_sleepers_all_get_in!(
    mutex_step2_sleepers_all_get_in,
    mutex_step2_three_states,
    |mutex| mutex.is_contended()
);
mutex_sleepers_all_get_in!(
    mutex_step3_sleepers_all_get_in,
    mutex_step3_spin,
    |mutex| { mutex.is_contended() }
);

/// Three threads sleep in `Condvar::wait`; the notifier sets the flag and
/// calls `notify_all` while it still holds the mutex, so the woken threads
/// fall asleep again on the mutex, and its unlock must wake them in turn.
#[test]
fn condvar_sleepers_then_mutex_sleepers_all_get_in() {
    watchdog(LIMIT, || {
        let state = mutex_step3_spin::Mutex::new((false, 0u32));
        let changed = condvar_step2_waiters::Condvar::new();
        thread::scope(|scope| {
            let wait = || {
                let mut guard =
                    changed.wait_while(state.lock(), |(open, _)| !*open);
                guard.1 += 1;
            };
            start_waiters(scope, 3, wait, || changed.waiters() == 3);
            let mut guard = state.lock();
            guard.0 = true;
            changed.notify_all();
            // Everyone has left the condvar's futex (the count drops after
            // the futex call returns) and is asleep on the mutex we hold.
            let sleepers_on_mutex =
                || changed.waiters() == 0 && state.is_contended();
            while !sleepers_on_mutex() {
                thread::yield_now();
            }
            drop(guard);
        });
        assert_eq!(state.into_inner().1, 3);
    });
}

/// A writer falls asleep behind a held read guard; the last reader out must
/// wake it.
#[test]
fn rwlock_step4_writer_behind_a_reader_gets_in() {
    watchdog(LIMIT, || {
        let count = rwlock_step4_no_idle_wakes::RwLock::new(0u32);
        let reading = count.read();
        thread::scope(|scope| {
            start_waiters(
                scope,
                1,
                || *count.write() += 1,
                || count.writer_waiting(),
            );
            drop(reading);
        });
        assert_eq!(count.into_inner(), 1);
    });
}

/// Three readers fall asleep behind a held write guard; the write unlock must
/// wake them all.
#[test]
fn rwlock_step4_readers_behind_a_writer_get_in() {
    watchdog(LIMIT, || {
        let menu = rwlock_step4_no_idle_wakes::RwLock::new(0u32);
        let seen = std::sync::atomic::AtomicU32::new(0);
        let mut writing = menu.write();
        *writing = 7;
        thread::scope(|scope| {
            let read = || {
                let dish = *menu.read();
                seen.fetch_add(dish, std::sync::atomic::Ordering::Relaxed);
            };
            start_waiters(scope, 3, read, || menu.readers_waiting());
            drop(writing);
        });
        assert_eq!(seen.into_inner(), 3 * 7);
    });
}

/// Three writers fall asleep behind a held write lock. One unlock wakes one
/// writer, so each woken writer must keep WRITER_WAITING set and pass the
/// wake-up on; without that, two of them sleep for ever.
#[test]
fn rwlock_step4_sleeping_writers_all_get_in() {
    watchdog(LIMIT, || {
        let count = rwlock_step4_no_idle_wakes::RwLock::new(0u32);
        let held = count.write();
        thread::scope(|scope| {
            start_waiters(
                scope,
                3,
                || *count.write() += 1,
                || count.writer_waiting(),
            );
            drop(held);
        });
        assert_eq!(count.into_inner(), 3);
    });
}

/// Many read guards at once, on one thread: readers do not exclude readers.
#[test]
fn readers_share() {
    let menu = rwlock_step4_no_idle_wakes::RwLock::new(vec!["soup"]);
    let first = menu.read();
    let second = menu.read();
    assert_eq!(first.len() + second.len(), 2);
    drop((first, second));
    menu.write().push("bread");
    assert_eq!(menu.into_inner(), ["soup", "bread"]);
}

/// The `Send` and `Sync` claims, checked by the compiler.
#[test]
fn send_sync() {
    fn sync<T: Sync>() {}
    fn send<T: Send>() {}
    sync::<building_locks::Mutex<std::cell::Cell<u32>>>();
    send::<building_locks::MutexGuard<'static, Vec<u8>>>();
    sync::<building_locks::RwLock<Vec<u8>>>();
    sync::<building_locks::Condvar>();
}
