//! Loom models of every step. Loom runs each model under every interleaving
//! of its threads (up to `LOOM_MAX_PREEMPTIONS`) and with every value each
//! load may see under the memory model, and checks each access to an
//! `UnsafeCell` against the happens-before order. The futex calls are
//! stand-ins under loom (see `src/sync.rs`): `wait` yields and returns.
//! Run with
//! `RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=3 CARGO_TARGET_DIR=target/loom cargo test -p building-locks --release --test loom`.
#![cfg(loom)]

use building_locks::{
    condvar_step1_counter, condvar_step2_waiters, mutex_step1_two_states, mutex_step2_three_states,
    mutex_step3_spin, rwlock_step1_readers, rwlock_step2_writer_counter,
    rwlock_step3_writer_priority, rwlock_step4_no_idle_wakes,
};
use loom::sync::Arc;
use loom::thread;

macro_rules! mutex_model {
    ($name:ident, $module:ident) => {
        #[test]
        fn $name() {
            loom::model(|| {
                let counter = Arc::new($module::Mutex::new(0u32));
                let other = {
                    let counter = Arc::clone(&counter);
                    thread::spawn(move || *counter.lock() += 1)
                };
                *counter.lock() += 1;
                other.join().unwrap();
                assert_eq!(*counter.lock(), 2);
            });
        }
    };
}

mutex_model!(mutex_step1_counts_to_two, mutex_step1_two_states);
mutex_model!(mutex_step2_counts_to_two, mutex_step2_three_states);
mutex_model!(mutex_step3_counts_to_two, mutex_step3_spin);

macro_rules! condvar_model {
    ($name:ident, $module:ident) => {
        /// One thread sets a flag under the mutex and notifies; the other
        /// waits for it in a loop. Loom checks that the flag and the
        /// mutex's value are ordered correctly. It cannot catch a lost
        /// wake-up: its `wait` stand-in never sleeps (see `src/sync.rs`);
        /// the ping-pong tests in `tests/steps.rs` cover that with real
        /// futex calls.
        #[test]
        fn $name() {
            loom::model(|| {
                let shared =
                    Arc::new((mutex_step3_spin::Mutex::new(false), $module::Condvar::new()));
                let notifier = {
                    let shared = Arc::clone(&shared);
                    thread::spawn(move || {
                        *shared.0.lock() = true;
                        shared.1.notify_one();
                    })
                };
                let mut ready = shared.0.lock();
                while !*ready {
                    ready = shared.1.wait(ready);
                }
                drop(ready);
                notifier.join().unwrap();
            });
        }
    };
}

condvar_model!(condvar_step1_sees_the_flag, condvar_step1_counter);
condvar_model!(condvar_step2_sees_the_flag, condvar_step2_waiters);

macro_rules! rwlock_model {
    ($name:ident, $module:ident) => {
        /// A writer and a reader: the reader sees the pair either before or
        /// after the write, never half of it, and loom checks the cell
        /// accesses are ordered.
        #[test]
        fn $name() {
            loom::model(|| {
                let pair = Arc::new($module::RwLock::new((0u32, 0u32)));
                let writer = {
                    let pair = Arc::clone(&pair);
                    thread::spawn(move || {
                        let mut pair = pair.write();
                        pair.0 += 1;
                        pair.1 += 1;
                    })
                };
                {
                    let seen = pair.read();
                    assert_eq!(seen.0, seen.1);
                }
                writer.join().unwrap();
                assert_eq!(*pair.read(), (1, 1));
            });
        }
    };
}

rwlock_model!(rwlock_step1_reader_and_writer, rwlock_step1_readers);
rwlock_model!(rwlock_step2_reader_and_writer, rwlock_step2_writer_counter);
rwlock_model!(rwlock_step3_reader_and_writer, rwlock_step3_writer_priority);
rwlock_model!(rwlock_step4_reader_and_writer, rwlock_step4_no_idle_wakes);

macro_rules! rwlock_two_writers {
    ($name:ident, $module:ident) => {
        /// Two writers, so the waiting-writer bit is exercised.
        #[test]
        fn $name() {
            loom::model(|| {
                let count = Arc::new($module::RwLock::new(0u32));
                let other = {
                    let count = Arc::clone(&count);
                    thread::spawn(move || *count.write() += 1)
                };
                *count.write() += 1;
                other.join().unwrap();
                assert_eq!(*count.read(), 2);
            });
        }
    };
}

rwlock_two_writers!(rwlock_step3_two_writers, rwlock_step3_writer_priority);
rwlock_two_writers!(rwlock_step4_two_writers, rwlock_step4_no_idle_wakes);

// The exercise's solution, compiled into this test crate directly (with the
// shim and the given types it uses), so that CI checks it with loom whatever
// the learner's starter holds.
#[path = "../src/sync.rs"]
#[allow(dead_code, unused_imports)]
mod sync;

#[path = "../exercise/fair_mutex.rs"]
#[allow(dead_code)]
mod fair_mutex;

#[path = "../exercise/solution.rs"]
mod solution;

#[test]
fn exercise_solution_counts_to_two() {
    loom::model(|| {
        let counter = Arc::new(solution::FairMutex::new(0u32));
        let other = {
            let counter = Arc::clone(&counter);
            thread::spawn(move || *counter.lock() += 1)
        };
        *counter.lock() += 1;
        other.join().unwrap();
        assert_eq!(*counter.lock(), 2);
    });
}
