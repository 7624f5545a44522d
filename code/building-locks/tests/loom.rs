//! Loom models of every step. Loom runs each model under many interleavings
//! of its threads, every one with up to `LOOM_MAX_PREEMPTIONS` preemptions
//! (3 in CI), and lets a load read any store that the happens-before order
//! does not rule out, within the limits its documentation lists: it does not
//! explore load buffering (a load reading a store that comes later in the
//! other thread's program order), and it treats `SeqCst` as `AcqRel`. It
//! checks every access to a loom `UnsafeCell` against the happens-before
//! order, and reports an execution in which every thread is blocked as a
//! deadlock.
//!
//! The futex calls come from the `loom-futex` support crate (see
//! `src/sync.rs`), in one of two modes:
//!
//! - models run with `yielding(..)`: `wait` yields and returns, wakes do
//!   nothing, and nothing adds a happens-before edge, so these check
//!   orderings and mutual exclusion;
//! - models run with `loom::model(..)`: `wait` blocks until a wake picks it,
//!   a wake with nobody asleep is lost, and a lost wake-up becomes loom's
//!   deadlock report, so these check that every sleeper is woken. A wake
//!   that wakes a sleeper also synchronises with it in this mode, which a
//!   real futex does not promise: that is why orderings are left to the
//!   other mode.
//!
//! Run with
//! `cargo xtask loom building-locks` (release mode, `--cfg loom`,
//! `LOOM_MAX_PREEMPTIONS=3`, builds in `target/loom`).
#![cfg(loom)]

use building_locks::{
    condvar_step1_counter, condvar_step2_waiters, mutex_step1_two_states,
    mutex_step2_three_states, mutex_step3_spin, rwlock_step1_readers,
    rwlock_step2_writer_counter, rwlock_step3_writer_priority,
    rwlock_step4_no_idle_wakes,
};
use loom::sync::Arc;
use loom::thread;
use loom_futex::yielding;

/// Two threads increment a counter under the mutex. Under `yielding`, loom
/// checks that each increment is ordered after the other; blocking, the
/// second thread really sleeps while the first holds the lock in some
/// executions, so the unlock must wake it.
macro_rules! counts_to_two {
    ($module:ident) => {
        || {
            let counter = Arc::new($module::Mutex::new(0u32));
            let other = {
                let counter = Arc::clone(&counter);
                thread::spawn(move || *counter.lock() += 1)
            };
            *counter.lock() += 1;
            other.join().unwrap();
            assert_eq!(*counter.lock(), 2);
        }
    };
}

#[test]
fn mutex_step1_counts_to_two() {
    yielding(counts_to_two!(mutex_step1_two_states));
}

#[test]
fn mutex_step1_sleeper_is_woken() {
    loom::model(counts_to_two!(mutex_step1_two_states));
}

#[test]
fn mutex_step2_counts_to_two() {
    yielding(counts_to_two!(mutex_step2_three_states));
}

#[test]
fn mutex_step2_sleeper_is_woken() {
    loom::model(counts_to_two!(mutex_step2_three_states));
}

#[test]
fn mutex_step3_counts_to_two() {
    yielding(counts_to_two!(mutex_step3_spin));
}

#[test]
fn mutex_step3_sleeper_is_woken() {
    loom::model(counts_to_two!(mutex_step3_spin));
}

/// One thread takes the lock with `try_lock` while the other uses `lock`:
/// loom checks that a successful `try_lock` is ordered after the other
/// holder's unlock (under `yielding`).
#[test]
fn mutex_step3_try_lock_orders() {
    yielding(|| {
        let counter = Arc::new(mutex_step3_spin::Mutex::new(0u32));
        let other = {
            let counter = Arc::clone(&counter);
            thread::spawn(move || *counter.lock() += 1)
        };
        let mine = match counter.try_lock() {
            Some(mut guard) => {
                *guard += 1;
                1
            }
            None => 0,
        };
        other.join().unwrap();
        assert_eq!(*counter.lock(), 1 + mine);
    });
}

/// One thread sets a flag under the mutex and notifies; the other waits for
/// it in a loop. Under `yielding`, loom checks that the flag and the mutex's
/// value are ordered; blocking, that the notification reaches a waiter that
/// is asleep (move the counter load after the unlock and some execution
/// sleeps for ever).
macro_rules! sees_the_flag {
    ($module:ident) => {
        sees_the_flag!($module, notify_one)
    };
    ($module:ident, $notify:ident) => {
        || {
            let shared = Arc::new((
                mutex_step3_spin::Mutex::new(false),
                $module::Condvar::new(),
            ));
            let notifier = {
                let shared = Arc::clone(&shared);
                thread::spawn(move || {
                    *shared.0.lock() = true;
                    shared.1.$notify();
                })
            };
            let mut ready = shared.0.lock();
            while !*ready {
                ready = shared.1.wait(ready);
            }
            drop(ready);
            notifier.join().unwrap();
        }
    };
}

#[test]
fn condvar_step1_sees_the_flag() {
    yielding(sees_the_flag!(condvar_step1_counter));
}

#[test]
fn condvar_step1_wakes_the_waiter() {
    loom::model(sees_the_flag!(condvar_step1_counter));
}

#[test]
fn condvar_step1_notify_all_wakes_the_waiter() {
    loom::model(sees_the_flag!(condvar_step1_counter, notify_all));
}

#[test]
fn condvar_step2_notify_all_wakes_the_waiter() {
    loom::model(sees_the_flag!(condvar_step2_waiters, notify_all));
}

#[test]
fn condvar_step2_sees_the_flag() {
    yielding(sees_the_flag!(condvar_step2_waiters));
}

#[test]
fn condvar_step2_wakes_the_waiter() {
    loom::model(sees_the_flag!(condvar_step2_waiters));
}

/// A writer and a reader: the reader sees the pair either before or after
/// the write, never half of it, and loom checks the cell accesses are
/// ordered (under `yielding`).
macro_rules! reader_and_writer {
    ($module:ident) => {
        || {
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
        }
    };
}

/// Two writers, so the waiting-writer bit is exercised (under `yielding`).
macro_rules! two_writers {
    ($module:ident) => {
        || {
            let count = Arc::new($module::RwLock::new(0u32));
            let other = {
                let count = Arc::clone(&count);
                thread::spawn(move || *count.write() += 1)
            };
            *count.write() += 1;
            other.join().unwrap();
            assert_eq!(*count.read(), 2);
        }
    };
}

/// Blocking: a writer arrives while another holds the write guard, and may
/// fall asleep; the write unlock must wake it.
macro_rules! writer_behind_a_writer {
    ($module:ident) => {
        || {
            let count = Arc::new($module::RwLock::new(0u32));
            let holding = count.write();
            let writer = {
                let count = Arc::clone(&count);
                thread::spawn(move || *count.write() += 1)
            };
            drop(holding);
            writer.join().unwrap();
            assert_eq!(*count.read(), 1);
        }
    };
}

/// Blocking: a writer arrives while a read guard is held, and may fall
/// asleep; the last reader out must wake it.
macro_rules! writer_behind_a_reader {
    ($module:ident) => {
        || {
            let count = Arc::new($module::RwLock::new(0u32));
            let reading = count.read();
            let writer = {
                let count = Arc::clone(&count);
                thread::spawn(move || *count.write() += 1)
            };
            drop(reading);
            writer.join().unwrap();
            assert_eq!(*count.read(), 1);
        }
    };
}

/// Blocking: two readers arrive while the write guard is held; the write
/// unlock must wake both.
macro_rules! readers_behind_a_writer {
    ($module:ident) => {
        || {
            let dish = Arc::new($module::RwLock::new(0u32));
            let mut writing = dish.write();
            let readers: Vec<_> = (0..2)
                .map(|_| {
                    let dish = Arc::clone(&dish);
                    thread::spawn(move || *dish.read())
                })
                .collect();
            *writing = 7;
            drop(writing);
            for reader in readers {
                assert_eq!(reader.join().unwrap(), 7);
            }
        }
    };
}

/// Blocking: writers arrive while the write guard is held. One unlock wakes
/// one writer, so each woken writer must pass the wake-up on.
macro_rules! writers_behind_a_writer {
    ($module:ident) => {
        || {
            let count = Arc::new($module::RwLock::new(0u32));
            let holding = count.write();
            let writers: Vec<_> = (0..WRITERS)
                .map(|_| {
                    let count = Arc::clone(&count);
                    thread::spawn(move || *count.write() += 1)
                })
                .collect();
            drop(holding);
            for writer in writers {
                writer.join().unwrap();
            }
            assert_eq!(*count.read(), WRITERS);
        }
    };
}

/// Writers queued behind the holder in `writers_behind_a_writer`, so three
/// writers in all. Two queued are enough for a woken writer to have another
/// one to pass the wake-up on to: with step 4's `keep_waiting_bit` left at
/// 0, or with its sleep no longer checking `WRITER_WAITING`, this model
/// reports a deadlock (both seen). Three queued made the model take
/// minutes. Only step 4 runs it: step 3's unlock wakes a writer every time,
/// and its model took 40 s.
const WRITERS: u32 = 2;

macro_rules! rwlock_models {
    ($module:ident, $($test:ident: $run:ident($model:ident);)*) => {
        $(
            #[test]
            fn $test() {
                $run($model!($module));
            }
        )*
    };
}

use loom::model as blocking;

rwlock_models!(rwlock_step1_readers,
    rwlock_step1_reader_and_writer: yielding(reader_and_writer);
    rwlock_step1_writer_behind_a_reader: blocking(writer_behind_a_reader);
    rwlock_step1_writer_behind_a_writer: blocking(writer_behind_a_writer);
    rwlock_step1_readers_behind_a_writer: blocking(readers_behind_a_writer);
);
rwlock_models!(rwlock_step2_writer_counter,
    rwlock_step2_reader_and_writer: yielding(reader_and_writer);
    rwlock_step2_writer_behind_a_reader: blocking(writer_behind_a_reader);
    rwlock_step2_writer_behind_a_writer: blocking(writer_behind_a_writer);
    rwlock_step2_readers_behind_a_writer: blocking(readers_behind_a_writer);
);
rwlock_models!(rwlock_step3_writer_priority,
    rwlock_step3_reader_and_writer: yielding(reader_and_writer);
    rwlock_step3_two_writers: yielding(two_writers);
    rwlock_step3_writer_behind_a_reader: blocking(writer_behind_a_reader);
    rwlock_step3_writer_behind_a_writer: blocking(writer_behind_a_writer);
    rwlock_step3_readers_behind_a_writer: blocking(readers_behind_a_writer);
);
rwlock_models!(rwlock_step4_no_idle_wakes,
    rwlock_step4_reader_and_writer: yielding(reader_and_writer);
    rwlock_step4_two_writers: yielding(two_writers);
    rwlock_step4_writer_behind_a_reader: blocking(writer_behind_a_reader);
    rwlock_step4_writer_behind_a_writer: blocking(writer_behind_a_writer);
    rwlock_step4_readers_behind_a_writer: blocking(readers_behind_a_writer);
    rwlock_step4_writers_behind_a_writer: blocking(writers_behind_a_writer);
);
