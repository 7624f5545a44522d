//! Loom models of `OnceSlot`: loom runs each model under every interleaving
//! of its threads (up to `LOOM_MAX_PREEMPTIONS`) and checks every access to
//! the `UnsafeCell` against the happens-before order. Run with
//! `cargo xtask loom send-sync` (release mode, `--cfg loom`,
//! `LOOM_MAX_PREEMPTIONS=3`, builds in `target/loom`).
#![cfg(loom)]

use loom::sync::Arc;
use loom::thread;
use send_sync::OnceSlot;

/// Two threads race to set, a third reads: exactly one set succeeds, and a
/// reader sees either nothing or the whole winning value.
#[test]
fn two_setters_and_a_getter() {
    loom::model(|| {
        let slot = Arc::new(OnceSlot::new());
        let setters: Vec<_> = [[1u32, 1, 1], [2, 2, 2]]
            .into_iter()
            .map(|value| {
                let slot = Arc::clone(&slot);
                thread::spawn(move || slot.set(value).is_ok())
            })
            .collect();
        let getter = {
            let slot = Arc::clone(&slot);
            thread::spawn(move || slot.get().copied())
        };
        let successes = setters
            .into_iter()
            .map(|setter| setter.join().unwrap())
            .filter(|&won| won)
            .count();
        assert_eq!(successes, 1);
        if let Some(seen) = getter.join().unwrap() {
            assert!(
                seen == [1, 1, 1] || seen == [2, 2, 2],
                "torn read: {seen:?}"
            );
        }
        let winner = slot.get().copied().unwrap();
        assert!(winner == [1, 1, 1] || winner == [2, 2, 2]);
    });
}

/// The last owner drops the slot, and the value in it, from whichever
/// thread finishes last; loom checks that `Drop`'s access to the cell is
/// ordered after the `set` that wrote it.
#[test]
fn dropped_by_the_last_owner() {
    loom::model(|| {
        let slot = Arc::new(OnceSlot::new());
        let setter = {
            let slot = Arc::clone(&slot);
            thread::spawn(move || slot.set(String::from("eu-west")).is_ok())
        };
        let reader = {
            let slot = Arc::clone(&slot);
            thread::spawn(move || slot.get().map(String::len))
        };
        drop(slot);
        assert!(setter.join().unwrap());
        let seen = reader.join().unwrap();
        assert!(seen.is_none() || seen == Some(7));
    });
}
