//! What the futex call itself promises, checked through `atomic-wait` (the
//! crate the library's `sync` shim calls). On Linux, `atomic_wait::wait` is
//! `FUTEX_WAIT | FUTEX_PRIVATE_FLAG` with no timeout.
#![cfg(not(loom))]

use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;
use std::time::Duration;
use test_support::watchdog;

const LIMIT: Duration = Duration::from_secs(10);

// ANCHOR: refuses
/// The kernel compares the word with the expected value before sleeping: if
/// they differ, the call returns at once (`EAGAIN` on Linux). No other
/// thread exists here to wake us, so a hang would mean it slept anyway
/// (the watchdog reports it).
#[test]
fn wait_returns_at_once_when_the_value_differs() {
    watchdog(LIMIT, || {
        let door = AtomicU32::new(1);
        atomic_wait::wait(&door, 0); // "sleep while the door is 0": it is not
    });
}
// ANCHOR_END: refuses

// ANCHOR: handshake
/// The idiom: change the word, then wake; the waiter loops on its own check.
#[test]
fn store_then_wake_releases_the_waiter() {
    watchdog(LIMIT, || {
        let door = AtomicU32::new(0);
        thread::scope(|s| {
            s.spawn(|| {
                while door.load(Ordering::Acquire) == 0 {
                    atomic_wait::wait(&door, 0);
                }
            });
            door.store(1, Ordering::Release);
            atomic_wait::wake_one(&door);
        });
    });
}
// ANCHOR_END: handshake

/// Waking a word nobody waits on is allowed and does nothing.
#[test]
fn waking_without_waiters_is_harmless() {
    let door = AtomicU32::new(0);
    atomic_wait::wake_one(&door);
    atomic_wait::wake_all(&door);
    assert_eq!(door.load(Ordering::Relaxed), 0);
}
