//! Tests of every step: mutual exclusion with an exact count, Condvar
//! hand-offs, and readers and writers that never overlap. Bounded by
//! iterations; every test that could hang runs on a watched thread.

use building_locks::{
    condvar_step1_counter, condvar_step2_waiters, mutex_step1_two_states, mutex_step2_three_states,
    mutex_step3_spin, rwlock_step1_readers, rwlock_step2_writer_counter,
    rwlock_step3_writer_priority, rwlock_step4_no_idle_wakes,
};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

const THREADS: usize = 4;
/// Lock-unlock rounds per thread; Miri is slow, so it gets a few.
const ROUNDS: usize = if cfg!(miri) { 30 } else { 20_000 };

/// Runs `body` on its own thread and fails the test if it has not finished
/// within 20 seconds, so a lost wake-up fails instead of hanging.
fn finishes<R: Send + 'static>(body: impl FnOnce() -> R + Send + 'static) -> R {
    let (done, finished) = mpsc::channel();
    thread::spawn(move || done.send(body()).unwrap());
    match finished.recv_timeout(Duration::from_secs(20)) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("not finished in 20 s: does some thread sleep forever?")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            panic!("the test's thread panicked: see its message above")
        }
    }
}

macro_rules! mutex_counts_exactly {
    ($name:ident, $module:ident) => {
        #[test]
        fn $name() {
            let total = finishes(|| {
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
                hits.into_inner()
            });
            assert_eq!(total, THREADS * ROUNDS);
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
    finishes(|| {
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
            let last = finishes(|| {
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
                turn.into_inner()
            });
            assert_eq!(last, 2 * if cfg!(miri) { 20 } else { 5_000 });
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
    let done = finishes(|| {
        let queue = mutex_step3_spin::Mutex::new((Vec::new(), false));
        let job_ready = condvar_step2_waiters::Condvar::new();
        thread::scope(|scope| {
            let worker = scope.spawn(|| {
                let mut done = Vec::new();
                loop {
                    let mut state = job_ready
                        .wait_while(queue.lock(), |(jobs, closed)| jobs.is_empty() && !*closed);
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
        })
    });
    assert_eq!(done, ["invoice", "receipt", "refund"]);
}
// ANCHOR_END: wait_while

/// Readers and writers: writers add 2 to each half of a pair, readers check
/// that the halves are always equal, so a reader that overlapped a writer
/// would see a torn pair.
macro_rules! rwlock_excludes {
    ($name:ident, $module:ident) => {
        #[test]
        fn $name() {
            let pair = finishes(|| {
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
                                assert_eq!(pair.0, pair.1, "a reader saw a half-done write");
                            }
                        });
                    }
                });
                pair.into_inner()
            });
            assert_eq!(pair, (2 * ROUNDS, 2 * ROUNDS));
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
            let count = finishes(|| {
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
                count.into_inner()
            });
            assert_eq!(count, 4 * ROUNDS);
        }
    };
}

rwlock_writers_queue!(rwlock_step3_writers_queue, rwlock_step3_writer_priority);
rwlock_writers_queue!(rwlock_step4_writers_queue, rwlock_step4_no_idle_wakes);

/// Three writers pile up behind a held write lock, then it is released.
/// The short pause only makes it likely that they are asleep by then (the
/// case where one unlock wakes one writer, and each woken writer must pass
/// the wake-up on); the test is correct whether or not they are.
#[test]
fn rwlock_step4_sleeping_writers_all_get_in() {
    let count = finishes(|| {
        let count = rwlock_step4_no_idle_wakes::RwLock::new(0u32);
        let held = count.write();
        thread::scope(|scope| {
            for _ in 0..3 {
                scope.spawn(|| *count.write() += 1);
            }
            thread::sleep(Duration::from_millis(if cfg!(miri) { 1 } else { 50 }));
            drop(held);
        });
        count.into_inner()
    });
    assert_eq!(count, 3);
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
