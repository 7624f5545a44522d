//! Poisoning, as the chapter describes it: a panic while holding the lock
//! poisons the mutex, `lock` then returns `Err` *with the lock held*, the
//! data is still there, and `clear_poison` ends it.
#![cfg(not(loom))]

use std::sync::{Mutex, PoisonError, RwLock, TryLockError};
use std::thread;

#[test]
fn a_panic_while_locked_poisons_and_the_error_holds_the_lock() {
    let stock = Mutex::new(vec![60_u32, 40]);
    thread::scope(|scope| {
        let mover = scope.spawn(|| {
            let mut bins = stock.lock().unwrap();
            bins[0] -= 10;
            panic!("half-way through a move");
        });
        assert!(mover.join().is_err());
    });
    assert!(stock.is_poisoned());

    let poisoned = stock.lock().unwrap_err();
    // The error carries the guard: the lock is held right now.
    thread::scope(|scope| {
        let probe = scope.spawn(|| {
            matches!(stock.try_lock(), Err(TryLockError::WouldBlock))
        });
        assert!(probe.join().unwrap());
    });
    let mut bins = poisoned.into_inner();
    assert_eq!(*bins, [50, 40], "the half-done update is visible");
    bins[1] += 10;
    drop(bins);

    stock.clear_poison();
    assert!(!stock.is_poisoned());
    assert_eq!(*stock.lock().unwrap(), [50, 50]);
}

#[test]
fn a_panic_without_the_lock_does_not_poison() {
    let stock = Mutex::new(1_u32);
    thread::scope(|scope| {
        let worker = scope.spawn(|| {
            *stock.lock().unwrap() += 1;
            panic!("after the guard was dropped");
        });
        assert!(worker.join().is_err());
    });
    assert!(!stock.is_poisoned());
}

#[test]
fn a_panicking_reader_does_not_poison_an_rwlock() {
    let prices = RwLock::new(5_u32);
    thread::scope(|scope| {
        let reader = scope.spawn(|| {
            let _price = prices.read().unwrap();
            panic!("reader fails");
        });
        assert!(reader.join().is_err());
    });
    assert!(!prices.is_poisoned());
    thread::scope(|scope| {
        let writer = scope.spawn(|| {
            let _price = prices.write().unwrap();
            panic!("writer fails");
        });
        assert!(writer.join().is_err());
    });
    assert!(prices.is_poisoned());
    let price = *prices.read().unwrap_or_else(PoisonError::into_inner);
    assert_eq!(price, 5);
}
