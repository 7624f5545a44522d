//! Where does a temporary `MutexGuard` die? Each block below locks a queue
//! of orders inside a larger expression, without naming the guard, and
//! asks a helper thread whether the lock is still held at points of
//! interest. The answers are the edition 2024 rules for temporaries.

use std::collections::VecDeque;
use std::sync::{Mutex, TryLockError};
use std::thread;

// ANCHOR: probe
/// Asks another thread to `try_lock` the mutex: if that would block, some
/// guard for it is alive right now.
fn is_locked<T: Send>(mutex: &Mutex<T>) -> bool {
    thread::scope(|scope| {
        scope
            .spawn(|| matches!(mutex.try_lock(), Err(TryLockError::WouldBlock)))
            .join()
            .unwrap()
    })
}
// ANCHOR_END: probe

// ANCHOR: tail
/// The guard is a temporary in the function's tail expression. Since
/// edition 2024 it is dropped right after that expression is evaluated,
/// before the local `shelf`; edition 2021 dropped it after `shelf`, so this
/// function did not compile there (E0597: `shelf` does not live long enough).
fn crates_on_shelf(stock: Vec<u32>) -> u32 {
    let shelf = Mutex::new(stock);
    shelf.lock().unwrap().iter().sum()
}
// ANCHOR_END: tail

fn main() {
    let orders = Mutex::new(VecDeque::from([1001, 1002, 1003]));

    // ANCHOR: if_let
    if let Some(order) = orders.lock().unwrap().pop_front() {
        // The scrutinee's temporaries live through the whole `if` block.
        println!(
            "if let, body: order {order}, locked = {}",
            is_locked(&orders)
        );
    }
    println!("after if let: locked = {}", is_locked(&orders));

    if let Some(order) = orders.lock().unwrap().iter().find(|&&id| id > 5000) {
        println!("big order {order}");
    } else {
        // Edition 2024: dropped before `else` (in 2021 it was still held).
        println!("if let, else: locked = {}", is_locked(&orders));
    }
    // ANCHOR_END: if_let

    // ANCHOR: match
    match orders.lock().unwrap().pop_front() {
        Some(order) => {
            // A `match` scrutinee is not a temporary scope: the guard lives
            // until the end of the whole `match` statement, in every arm.
            println!(
                "match, arm: order {order}, locked = {}",
                is_locked(&orders)
            );
        }
        None => println!("match, arm: no orders"),
    }
    // ANCHOR_END: match

    // ANCHOR: while_let
    orders.lock().unwrap().extend([1004, 1005]);
    while let Some(order) = orders.lock().unwrap().pop_front() {
        // Held for the whole loop body, released before the next `lock()`.
        println!(
            "while let, body: order {order}, locked = {}",
            is_locked(&orders)
        );
    }
    // ANCHOR_END: while_let

    // ANCHOR: bind_first
    orders.lock().unwrap().push_back(1006);
    // The fix for all of them: end the statement that locks, then use the
    // value. The guard dies at the `;`.
    let next = orders.lock().unwrap().pop_front();
    if let Some(order) = next {
        println!(
            "bound first: order {order}, locked = {}",
            is_locked(&orders)
        );
    }
    // ANCHOR_END: bind_first

    println!("tail expression: {} crates", crates_on_shelf(vec![12, 30]));
}
