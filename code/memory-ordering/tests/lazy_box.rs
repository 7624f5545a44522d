//! `LazyBox` on real threads: many racers, one published value, and every
//! value built is dropped exactly once. Miri runs these too
//! (`cargo +nightly miri test -p memory-ordering`).

use memory_ordering::LazyBox;
use std::sync::Barrier;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// A value that counts how many of its kind have been dropped.
struct Tracked<'a> {
    racer: usize,
    drops: &'a AtomicUsize,
}

impl Drop for Tracked<'_> {
    fn drop(&mut self) {
        self.drops.fetch_add(1, Ordering::Relaxed);
    }
}

#[test]
fn get_before_init_is_none() {
    let lazy: LazyBox<String> = LazyBox::new();
    assert!(lazy.get().is_none());
    assert_eq!(lazy.get_or_init(|| String::from("eu-west")), "eu-west");
    assert_eq!(lazy.get().map(String::as_str), Some("eu-west"));
    // A second init is never run.
    assert_eq!(lazy.get_or_init(|| unreachable!()), "eu-west");
}

#[test]
fn racers_agree_on_one_value() {
    let racers = if cfg!(miri) { 3 } else { 8 };
    let rounds = if cfg!(miri) { 2 } else { 200 };
    for _ in 0..rounds {
        let drops = AtomicUsize::new(0);
        let built = AtomicUsize::new(0);
        let lazy = LazyBox::new();
        let start = Barrier::new(racers);
        let winners: Vec<usize> = thread::scope(|scope| {
            let handles: Vec<_> = (0..racers)
                .map(|racer| {
                    let (lazy, start, drops, built) =
                        (&lazy, &start, &drops, &built);
                    scope.spawn(move || {
                        start.wait();
                        let value = lazy.get_or_init(|| {
                            built.fetch_add(1, Ordering::Relaxed);
                            Tracked { racer, drops }
                        });
                        value.racer
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(winners.iter().all(|&w| w == winners[0]), "{winners:?}");
        let built = built.load(Ordering::Relaxed);
        // Every loser's value is already dropped; the winner's is still in.
        assert_eq!(drops.load(Ordering::Relaxed), built - 1);
        drop(lazy);
        assert_eq!(drops.load(Ordering::Relaxed), built);
    }
}
