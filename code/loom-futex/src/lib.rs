//! A futex for loom models that really blocks, and a thread parker built on
//! it the way std builds its own.
//!
//! loom 0.7 has atomics, locks and `thread::park`, but no futex. The chapters
//! that build primitives on `wait`/`wake_one`/`wake_all` used to give loom a
//! stand-in in which `wait` yields and returns and the wakes do nothing. That
//! stand-in keeps the *safety* argument honest (every caller must re-check its
//! condition anyway, because a real futex may wake spuriously), but it hides
//! every *liveness* bug: if `wait` never sleeps, a deleted `wake_one` is never
//! missed. This crate gives loom a futex that sleeps:
//!
//! - [`wait`]`(word, expected)` takes the model's queue lock for that word,
//!   reads `word` and, if it still holds `expected`, puts the calling loom
//!   thread on the word's queue, releases the lock and blocks until a wake
//!   takes it off the queue. [`wake_one`] and [`wake_all`] take the same lock,
//!   so compare-and-enqueue is atomic with respect to wakes, as the kernel's
//!   is (futex(2): the check and the sleep are "totally ordered with respect
//!   to concurrent operations on the same futex word"; the kernel uses a lock
//!   on a hash bucket of sleepers in the same way).
//! - A wake that finds nobody is lost, exactly like the kernel's, so a
//!   protocol that wakes before it publishes the new value, or never wakes,
//!   leaves a thread blocked for ever, and loom reports that execution as a
//!   deadlock.
//!
//! What the model adds that a real futex does not promise:
//!
//! - Happens-before edges. The queue lock is a loom `Mutex`, so a `wait` and
//!   a `wake_*` on the same word are ordered by happens-before in whichever
//!   order they take it, and a woken sleeper also gets an edge from its
//!   waker (loom's `unpark`). std documents no ordering for a futex, so under
//!   this model an ordering bug next to a wake can go unseen. Models whose
//!   point is an *ordering* should run under [`yielding`], which uses the old
//!   stand-in and adds no edge anywhere.
//! - It never wakes spuriously. [`yielding`] is the other extreme: every wait
//!   returns at once, the most spurious a futex can be.
//!
//! [`thread`] builds `park`/`unpark` on this futex with the state machine of
//! std's futex parker, so an `unpark` synchronises only with the `park` that
//! consumes its token (std's documented guarantee), unlike `loom::thread`'s,
//! which joins the unparker's clock into the target at once even if the
//! target never parks.
//!
//! Everything here exists only under `--cfg loom`.

#![cfg(loom)]

use loom::sync::atomic::{AtomicU32, Ordering};
use std::cell::Cell;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex as StdMutex;
use std::sync::atomic::AtomicBool as StdAtomicBool;

/// One thread blocked in [`wait`].
#[derive(Debug)]
struct Sleeper {
    /// Set by a wake before it unparks the thread, so a stray `unpark` (or a
    /// token left over) cannot end the wait early.
    woken: Arc<StdAtomicBool>,
    thread: loom::thread::Thread,
}

/// The sleepers on one futex word, oldest first, behind the model's queue
/// lock (a loom `Mutex`, so loom schedules around it).
type Queue = Arc<loom::sync::Mutex<Vec<Sleeper>>>;

loom::lazy_static! {
    /// The queue of every futex word used in the current loom execution, by
    /// address. The map itself sits behind a plain `std` mutex: loom runs
    /// every modelled thread on one OS thread and switches only at loom
    /// operations, so this lock is never contended and is invisible to the
    /// model.
    static ref QUEUES: StdMutex<HashMap<usize, Queue>> = StdMutex::new(HashMap::new());
}

fn queue(word: &AtomicU32) -> Queue {
    let address = word as *const AtomicU32 as usize;
    let mut queues = QUEUES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Arc::clone(
        queues
            .entry(address)
            .or_insert_with(|| Arc::new(loom::sync::Mutex::new(Vec::new()))),
    )
}

std::thread_local! {
    /// Set while [`yielding`] runs a model.
    static YIELDING: Cell<bool> = const { Cell::new(false) };
}

fn yielding_mode() -> bool {
    YIELDING.with(Cell::get)
}

/// Runs `model` like `loom::model`, but with the yield stand-in: every
/// [`wait`] yields to loom's scheduler and returns at once, and the wakes do
/// nothing. Use it for models that check orderings: it adds no happens-before
/// edge, so an ordering that is too weak is not hidden by a wake-up.
pub fn yielding<F>(model: F)
where
    F: Fn() + Sync + Send + 'static,
{
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            YIELDING.with(|flag| flag.set(false));
        }
    }
    YIELDING.with(|flag| flag.set(true));
    let _reset = Reset;
    loom::model(model);
}

/// If `word` holds `expected`, blocks until a [`wake_one`] or [`wake_all`] on
/// `word` picks this thread. Returns at once if it holds anything else.
pub fn wait(word: &AtomicU32, expected: u32) {
    if yielding_mode() {
        loom::thread::yield_now();
        return;
    }
    let queue = queue(word);
    let woken = Arc::new(StdAtomicBool::new(false));
    {
        let mut sleepers = queue.lock().unwrap();
        // Under the queue lock, like the kernel's check under its bucket lock.
        if word.load(Ordering::Relaxed) != expected {
            return;
        }
        sleepers.push(Sleeper {
            woken: Arc::clone(&woken),
            thread: loom::thread::current(),
        });
    }
    while !woken.load(std::sync::atomic::Ordering::Relaxed) {
        loom::thread::park();
    }
}

fn wake(word: &AtomicU32, count: usize) {
    if yielding_mode() {
        return;
    }
    let queue = queue(word);
    let woken: Vec<Sleeper> = {
        let mut sleepers = queue.lock().unwrap();
        let count = count.min(sleepers.len());
        sleepers.drain(..count).collect()
    };
    for sleeper in woken {
        sleeper
            .woken
            .store(true, std::sync::atomic::Ordering::Relaxed);
        sleeper.thread.unpark();
    }
}

/// Wakes the longest-waiting thread blocked in [`wait`] on `word`, if any.
pub fn wake_one(word: &AtomicU32) {
    wake(word, 1);
}

/// Wakes every thread blocked in [`wait`] on `word`.
pub fn wake_all(word: &AtomicU32) {
    wake(word, usize::MAX);
}

/// `park`/`unpark` for loom models, built on [`wait`] and [`wake_one`] with
/// the state machine of std's futex parker.
///
/// Use [`thread::spawn`] (loom's) to start threads and [`thread::current`]
/// (this module's) to get a handle to unpark; a handle from
/// `JoinHandle::thread` is loom's own and does not work with [`thread::park`].
pub mod thread {
    use super::{AtomicU32, Ordering, wait, wake_one};
    use std::sync::Arc;

    pub use loom::thread::{JoinHandle, spawn, yield_now};

    const EMPTY: u32 = 0;
    const NOTIFIED: u32 = 1;
    const PARKED: u32 = u32::MAX;

    struct Parker {
        state: AtomicU32,
    }

    loom::thread_local! {
        static PARKER: Arc<Parker> = Arc::new(Parker { state: AtomicU32::new(EMPTY) });
    }

    /// A handle to a loom thread that [`Thread::unpark`] can wake.
    #[derive(Clone)]
    pub struct Thread {
        parker: Arc<Parker>,
    }

    impl std::fmt::Debug for Thread {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("Thread").finish_non_exhaustive()
        }
    }

    /// The calling thread's handle.
    pub fn current() -> Thread {
        Thread {
            parker: PARKER.with(Arc::clone),
        }
    }

    /// Blocks until this thread's token is available, then consumes it.
    /// Never returns spuriously under this model.
    pub fn park() {
        PARKER.with(|parker| {
            // NOTIFIED -> EMPTY (take the token) or EMPTY -> PARKED.
            if parker.state.fetch_sub(1, Ordering::Acquire) == NOTIFIED {
                return;
            }
            loop {
                wait(&parker.state, PARKED);
                if parker
                    .state
                    .compare_exchange(
                        NOTIFIED,
                        EMPTY,
                        Ordering::Acquire,
                        Ordering::Relaxed,
                    )
                    .is_ok()
                {
                    return;
                }
            }
        });
    }

    impl Thread {
        /// Makes the token available; wakes the thread if it is parked.
        pub fn unpark(&self) {
            if self.parker.state.swap(NOTIFIED, Ordering::Release) == PARKED {
                wake_one(&self.parker.state);
            }
        }
    }
}
