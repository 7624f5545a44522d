//! Tests of the library's steps. Anything that could hang runs on a thread
//! watched with `recv_timeout`, so a bug fails the test instead of hanging.
#![cfg(not(loom))]

use os_primitives::{Parker, WaitCounter};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

const WATCHDOG: Duration = Duration::from_secs(10);
const ROUNDS: u32 = if cfg!(miri) { 20 } else { 2_000 };

/// Runs `body` on its own thread and fails if it does not finish in time.
fn finishes<T: Send + 'static>(body: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, finished) = mpsc::channel();
    thread::spawn(move || done.send(body()).unwrap());
    finished
        .recv_timeout(WATCHDOG)
        .expect("the test body hung: a wake-up was lost")
}

#[test]
fn unpark_before_park_leaves_a_token() {
    let parker = Parker::new();
    parker.unparker().unpark();
    parker.park(); // returns at once: a single thread could not wake us
    assert!(!parker.try_park(), "park consumed the token");
}

#[test]
fn tokens_do_not_add_up() {
    let parker = Parker::new();
    let unparker = parker.unparker();
    unparker.unpark();
    unparker.unpark();
    assert!(parker.try_park());
    assert!(!parker.try_park());
}

#[test]
fn unpark_from_another_thread_wakes_the_parker() {
    finishes(|| {
        let parker = Parker::new();
        let unparker = parker.unparker();
        let message = AtomicU32::new(0);
        thread::scope(|s| {
            s.spawn(|| {
                message.store(42, Ordering::Relaxed);
                unparker.unpark();
            });
            parker.park();
            // park returns only with a token, and the token's Release/Acquire
            // makes the store before unpark visible.
            assert_eq!(message.load(Ordering::Relaxed), 42);
        });
    });
}

#[test]
fn many_handoffs_lose_no_wake_up() {
    finishes(|| {
        let parker = Parker::new();
        let unparker = parker.unparker();
        let handed_over = AtomicU32::new(0);
        thread::scope(|s| {
            s.spawn(|| {
                for _ in 0..ROUNDS {
                    handed_over.fetch_add(1, Ordering::Relaxed);
                    unparker.unpark();
                }
            });
            while handed_over.load(Ordering::Relaxed) < ROUNDS {
                parker.park();
            }
        });
        assert_eq!(handed_over.load(Ordering::Relaxed), ROUNDS);
    });
}

#[test]
fn wait_until_a_reached_target_returns_at_once() {
    let counter = WaitCounter::new();
    assert_eq!(counter.wait_until(0), 0);
    counter.increment();
    assert_eq!(counter.wait_until(1), 1);
}

#[test]
fn every_waiter_wakes_when_its_target_is_reached() {
    let total = if cfg!(miri) { 5 } else { 200 };
    let seen = finishes(move || {
        let counter = WaitCounter::new();
        let counter = &counter;
        thread::scope(|s| {
            let waiters: Vec<_> = [1, total / 2, total]
                .into_iter()
                .map(|target| s.spawn(move || counter.wait_until(target)))
                .collect();
            for _ in 0..total {
                counter.increment();
            }
            waiters
                .into_iter()
                .map(|waiter| waiter.join().unwrap())
                .collect::<Vec<_>>()
        })
    });
    assert!(seen[0] >= 1 && seen[1] >= total / 2 && seen[2] == total);
}

/// The calling thread's Linux thread id, from `/proc/thread-self`.
#[cfg(target_os = "linux")]
fn own_thread_id() -> String {
    let link =
        std::fs::read_link("/proc/thread-self").expect("/proc is mounted");
    link.file_name().unwrap().to_string_lossy().into_owned()
}

/// Returns once Linux reports thread `tid` as sleeping (state `S`), that is,
/// blocked in the kernel. Polls; never sleeps for correctness.
#[cfg(target_os = "linux")]
fn wait_until_asleep(tid: &str) {
    let path = format!("/proc/self/task/{tid}/stat");
    loop {
        let stat = std::fs::read_to_string(&path).expect("the thread exists");
        let (_, rest) = stat.rsplit_once(") ").expect("a stat line");
        if rest.starts_with('S') {
            return;
        }
        thread::yield_now();
    }
}

/// The parker's wake path with a parker that is really asleep in the kernel
/// before `unpark` runs: without the `wake_one`, or with it under the wrong
/// condition, the parker would never return and the watchdog fails.
#[test]
#[cfg(target_os = "linux")]
#[cfg_attr(miri, ignore)] // Miri's isolation forbids reading /proc
fn unpark_wakes_a_parker_that_is_asleep() {
    finishes(|| {
        let parker = Parker::new();
        let unparker = parker.unparker();
        let (tid_sender, tid) = mpsc::channel();
        let sleeper = thread::spawn(move || {
            tid_sender.send(own_thread_id()).unwrap();
            parker.park();
        });
        wait_until_asleep(&tid.recv().unwrap());
        unparker.unpark();
        sleeper.join().unwrap();
    });
}

/// The counter's wake path with both waiters asleep in the kernel before
/// the increments. Without `wake_all` neither returns, and the watchdog
/// fails. (`wake_one` in place of `wake_all` is not caught here: the second
/// increment usually lands before a woken waiter sleeps again. The loom
/// model `wait_counter_wakes_every_waiter` catches it.)
#[test]
#[cfg(target_os = "linux")]
#[cfg_attr(miri, ignore)] // Miri's isolation forbids reading /proc
fn increment_wakes_waiters_that_are_asleep() {
    finishes(|| {
        let counter = std::sync::Arc::new(WaitCounter::new());
        let waiters: Vec<_> = [2, 1]
            .into_iter()
            .map(|target| {
                let counter = std::sync::Arc::clone(&counter);
                let (tid_sender, tid) = mpsc::channel();
                let waiter = thread::spawn(move || {
                    tid_sender.send(own_thread_id()).unwrap();
                    counter.wait_until(target)
                });
                wait_until_asleep(&tid.recv().unwrap());
                waiter
            })
            .collect();
        counter.increment();
        counter.increment();
        for waiter in waiters {
            assert!(waiter.join().unwrap() >= 1);
        }
    });
}
