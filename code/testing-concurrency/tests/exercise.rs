//! The exercise's tests: find the bugs with loom.
//!
//! The tests on real threads pass on the starter on x86-64, which is the
//! point: its bugs hide from them. (That is what `starter passes` above
//! each says; the exercises stage checks that the solution passes them.)
//! The loom models at the end fail on the starter, each on one bug:
//!
//! - `cargo xtask loom testing-concurrency --exercise`: on your code;
//! - `cargo xtask loom testing-concurrency --solution`: on the solution.
//!
//! CI checks both: the solution passes the models, and (the exercises
//! stage looks for these words) the starter fails the loom models, one by
//! one.

#[cfg(not(loom))]
mod threads {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;
    use testing_concurrency::exercise::OnceSlot;

    /// Counts its drops, so a test can see the value dropped exactly once.
    struct Parcel<'a> {
        /// On the heap, so Miri checks every read of it.
        label: String,
        drops: &'a AtomicUsize,
    }

    impl Drop for Parcel<'_> {
        fn drop(&mut self) {
            self.drops.fetch_add(1, Ordering::Relaxed);
        }
    }

    // starter passes: its bugs need two threads
    #[test]
    fn an_empty_slot_has_nothing_and_a_set_one_has_its_value() {
        let slot = OnceSlot::new();
        assert_eq!(slot.get(), None);
        assert_eq!(slot.set("first"), Ok(()));
        assert_eq!(slot.get(), Some(&"first"));
    }

    // starter passes: its bugs need two threads
    #[test]
    fn a_second_set_gives_its_value_back() {
        let slot = OnceSlot::new();
        assert_eq!(slot.set(1), Ok(()));
        assert_eq!(slot.set(2), Err(2));
        assert_eq!(slot.get(), Some(&1));
    }

    // starter passes: its bugs need two threads
    #[test]
    fn the_value_is_dropped_once_with_the_slot() {
        let drops = AtomicUsize::new(0);
        let slot = OnceSlot::new();
        let parcel = Parcel {
            label: "kept".to_string(),
            drops: &drops,
        };
        assert!(slot.set(parcel).is_ok());
        assert_eq!(slot.get().map(|p| p.label.as_str()), Some("kept"));
        let refused = slot.set(Parcel {
            label: "refused".to_string(),
            drops: &drops,
        });
        assert_eq!(refused.map_err(|p| p.label.clone()), Err("refused".into()));
        assert_eq!(drops.load(Ordering::Relaxed), 1, "the refused one");
        drop(slot);
        assert_eq!(drops.load(Ordering::Relaxed), 2);
        let empty: OnceSlot<Parcel> = OnceSlot::new();
        drop(empty);
        assert_eq!(drops.load(Ordering::Relaxed), 2, "nothing to drop");
    }

    // starter passes: its bugs hide from real threads on x86-64
    #[test]
    fn readers_on_other_threads_see_the_whole_value() {
        let rounds = if cfg!(miri) { 5 } else { 2_000 };
        for round in 0..rounds {
            let slot = OnceSlot::new();
            thread::scope(|scope| {
                scope.spawn(|| {
                    let label = format!("round {round}");
                    assert!(slot.set(label).is_ok());
                });
                scope.spawn(|| {
                    while slot.get().is_none() {
                        std::hint::spin_loop();
                    }
                    assert_eq!(slot.get(), Some(&format!("round {round}")));
                });
            });
        }
    }
}

/// The loom models. Each fails on the starter because of one of its bugs.
#[cfg(loom)]
mod loom_models {
    use loom::sync::Arc;
    use loom::thread;
    use testing_concurrency::exercise::OnceSlot;

    // ANCHOR: setters
    /// Two threads set at once: exactly one may win, and the value read
    /// afterwards is the winner's.
    #[test]
    fn two_setters_one_winner() {
        loom::model(|| {
            let slot = Arc::new(OnceSlot::new());
            let other = {
                let slot = Arc::clone(&slot);
                thread::spawn(move || slot.set("other").is_ok())
            };
            let mine = slot.set("main").is_ok();
            let theirs = other.join().unwrap();
            assert!(mine != theirs, "exactly one set wins");
            let winner = if mine { "main" } else { "other" };
            assert_eq!(slot.get(), Some(&winner));
        });
    }
    // ANCHOR_END: setters

    // ANCHOR: reader
    /// One thread sets while another reads: a reader that sees the value
    /// sees all of it. (The reader is the spawned thread: with the roles
    /// the other way round, loom 0.7 passed this model on the starter, in
    /// a handful of executions. Seen here; the rule of thumb is to spawn
    /// the thread that waits for the other's writes.)
    #[test]
    fn a_reader_sees_the_value_it_is_told_about() {
        loom::model(|| {
            let slot = Arc::new(OnceSlot::new());
            let reader = {
                let slot = Arc::clone(&slot);
                thread::spawn(move || {
                    if let Some(value) = slot.get() {
                        assert_eq!(value, "ready");
                    }
                })
            };
            slot.set(String::from("ready")).unwrap();
            reader.join().unwrap();
        });
    }
    // ANCHOR_END: reader
}
