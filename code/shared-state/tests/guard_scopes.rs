//! The chapter's claims about where a temporary `MutexGuard` is dropped,
//! checked with the pinned toolchain and edition 2024. A helper thread
//! probes the lock with `try_lock`.
#![cfg(not(loom))]

use std::collections::VecDeque;
use std::sync::{Mutex, TryLockError};
use std::thread;

fn is_locked<T: Send>(mutex: &Mutex<T>) -> bool {
    thread::scope(|scope| {
        scope
            .spawn(|| matches!(mutex.try_lock(), Err(TryLockError::WouldBlock)))
            .join()
            .unwrap()
    })
}

fn orders() -> Mutex<VecDeque<u32>> {
    Mutex::new(VecDeque::from([1, 2]))
}

#[test]
fn if_let_holds_the_guard_in_the_body() {
    let orders = orders();
    let mut held = None;
    if let Some(_order) = orders.lock().unwrap().pop_front() {
        held = Some(is_locked(&orders));
    }
    assert_eq!(held, Some(true));
    assert!(!is_locked(&orders), "dropped after the `if let`");
}

#[test]
fn if_let_drops_the_guard_before_else() {
    let orders = orders();
    let held = if let Some(_order) =
        orders.lock().unwrap().iter().find(|&&id| id > 100)
    {
        unreachable!();
    } else {
        is_locked(&orders)
    };
    assert!(!held);
}

#[test]
fn match_holds_the_guard_in_every_arm() {
    let orders = orders();
    let mut held = Vec::new();
    for _ in 0..3 {
        match orders.lock().unwrap().pop_front() {
            Some(_) => held.push(is_locked(&orders)),
            None => held.push(is_locked(&orders)),
        }
    }
    assert_eq!(held, [true, true, true]);
}

#[test]
fn while_let_holds_the_guard_in_the_body() {
    let orders = orders();
    let mut held = Vec::new();
    while let Some(_order) = orders.lock().unwrap().pop_front() {
        held.push(is_locked(&orders));
    }
    assert_eq!(held, [true, true]);
}

#[test]
fn binding_first_drops_the_guard_at_the_semicolon() {
    let orders = orders();
    let next = orders.lock().unwrap().pop_front();
    let held = match next {
        Some(_) => is_locked(&orders),
        None => unreachable!(),
    };
    assert!(!held);
}
