//! Tests for `OnceSlot`. They also run under Miri, which checks the
//! `unsafe` code for data races, leaks and double drops.
#![cfg(not(loom))]

use send_sync::OnceSlot;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// Few threads under Miri, which is slow; more otherwise.
const RACERS: usize = if cfg!(miri) { 3 } else { 8 };

#[test]
fn empty_until_set() {
    let slot = OnceSlot::new();
    assert_eq!(slot.get(), None);
    assert_eq!(slot.set(String::from("eu-west")), Ok(()));
    assert_eq!(slot.get().map(String::as_str), Some("eu-west"));
}

#[test]
fn second_set_gets_its_value_back() {
    let slot = OnceSlot::new();
    assert_eq!(slot.set(1), Ok(()));
    assert_eq!(slot.set(2), Err(2));
    assert_eq!(slot.get(), Some(&1));
}

#[test]
fn exactly_one_of_many_racers_wins() {
    let slot = OnceSlot::new();
    let results: Vec<Result<(), usize>> = thread::scope(|scope| {
        let racers: Vec<_> = (0..RACERS)
            .map(|id| {
                let slot = &slot;
                scope.spawn(move || slot.set(id))
            })
            .collect();
        racers
            .into_iter()
            .map(|racer| racer.join().unwrap())
            .collect()
    });
    let winners: Vec<usize> =
        (0..RACERS).filter(|&id| results[id].is_ok()).collect();
    assert_eq!(winners.len(), 1, "results: {results:?}");
    for (id, result) in results.iter().enumerate() {
        if let Err(returned) = result {
            assert_eq!(*returned, id, "a loser gets its own value back");
        }
    }
    assert_eq!(slot.get(), Some(&winners[0]));
}

#[test]
fn readers_see_nothing_or_the_whole_value() {
    let slot = Arc::new(OnceSlot::new());
    let readers: Vec<_> = (0..RACERS)
        .map(|_| {
            let slot = Arc::clone(&slot);
            thread::spawn(move || {
                slot.get().map(|shelf: &Vec<u32>| shelf.iter().sum::<u32>())
            })
        })
        .collect();
    slot.set(vec![1, 2, 3, 4]).unwrap();
    for reader in readers {
        let seen = reader.join().unwrap();
        assert!(seen.is_none() || seen == Some(10), "saw {seen:?}");
    }
    assert_eq!(slot.get(), Some(&vec![1, 2, 3, 4]));
}

/// Counts how often it is dropped, in a counter shared with the test.
#[derive(Debug)]
struct DropCounter(Arc<AtomicUsize>);

impl Drop for DropCounter {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

#[test]
fn the_value_is_dropped_exactly_once() {
    let drops = Arc::new(AtomicUsize::new(0));
    let slot = OnceSlot::new();
    slot.set(DropCounter(Arc::clone(&drops))).unwrap();
    // The rejected value is handed back, and dropped here by us.
    let rejected = slot.set(DropCounter(Arc::clone(&drops))).unwrap_err();
    drop(rejected);
    assert_eq!(drops.load(Ordering::Relaxed), 1);
    drop(slot);
    assert_eq!(drops.load(Ordering::Relaxed), 2);
}

#[test]
fn an_empty_slot_drops_nothing() {
    let drops = Arc::new(AtomicUsize::new(0));
    let slot: OnceSlot<DropCounter> = OnceSlot::new();
    drop(slot);
    assert_eq!(drops.load(Ordering::Relaxed), 0);
}

#[test]
fn dropped_on_another_thread_after_a_racy_set() {
    let drops = Arc::new(AtomicUsize::new(0));
    let slot = Arc::new(OnceSlot::new());
    let setters: Vec<_> = (0..RACERS)
        .map(|_| {
            let slot = Arc::clone(&slot);
            let drops = Arc::clone(&drops);
            thread::spawn(move || {
                // Losers drop their rejected value right here.
                let _ = slot.set(DropCounter(drops));
            })
        })
        .collect();
    for setter in setters {
        setter.join().unwrap();
    }
    assert_eq!(drops.load(Ordering::Relaxed), RACERS - 1);
    thread::spawn(move || drop(slot)).join().unwrap();
    assert_eq!(drops.load(Ordering::Relaxed), RACERS);
}

#[test]
fn is_send_and_sync_for_send_and_sync_values() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<OnceSlot<String>>();
    assert_send_sync::<OnceSlot<Arc<Vec<u32>>>>();
}
