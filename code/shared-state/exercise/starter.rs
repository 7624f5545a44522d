//! The exercise: dining philosophers who never deadlock.
//!
//! Philosophers sit at a round [`Table`], a fork between each pair of
//! neighbours, and each needs both forks to eat. The table and its forks
//! are given in `exercise/table.rs`; leave that file as it is. Here you
//! decide how a philosopher picks up forks:
//!
//! 1. [`pick_up_forks`] below takes the left fork, then the right one. If
//!    every philosopher gets their left fork at once, each waits forever for
//!    a right fork that a neighbour holds. Change the order in which the two
//!    forks are taken so that no cycle of waiting can form.
//! 2. Write [`try_pick_up_forks`]: take one fork, then *try* the other
//!    without waiting; if it is busy, put the first one back and return
//!    `None`. [`dine_politely`] retries it with back-off.
//!
//! [`dine`] and [`dine_politely`] are given: they seat one thread per
//! philosopher. Run the tests with `cargo test -p shared-state --test
//! exercise`. To start over, run
//! `git restore code/shared-state/exercise/starter.rs`.

use std::thread;
use std::time::Duration;

pub use crate::table::{ForkGuard, Table};

/// Picks up both forks of `philosopher`, waiting for each, and returns them.
///
/// This version takes the left fork, then the right one, and can deadlock:
/// the tests run it on a table that makes every philosopher hold a left
/// fork before anyone reaches for a right one. Fix the order.
pub fn pick_up_forks(
    table: &Table,
    philosopher: usize,
) -> (ForkGuard<'_>, ForkGuard<'_>) {
    // TODO: take the two forks in an order that cannot form a cycle.
    let left = table.pick_up(philosopher, table.left_fork(philosopher));
    let right = table.pick_up(philosopher, table.right_fork(philosopher));
    (left, right)
}

/// Picks up both forks of `philosopher` without waiting for the second.
///
/// Takes one fork (waiting for it is fine), then tries the other with
/// [`Table::try_pick_up`]. Returns both if it got both. If the second fork
/// is busy, returns `None` and holds no fork at all.
pub fn try_pick_up_forks(
    table: &Table,
    philosopher: usize,
) -> Option<(ForkGuard<'_>, ForkGuard<'_>)> {
    let _ = (table, philosopher);
    todo!(
        "try_pick_up_forks: take one fork, try the other, and let go of the \
         first if that fails"
    )
}

/// Seats one thread per philosopher; each eats `meals_each` meals, picking
/// up forks with [`pick_up_forks`]. Given: you need not change it.
pub fn dine(table: &Table, meals_each: usize) {
    thread::scope(|scope| {
        for philosopher in 0..table.seats() {
            scope.spawn(move || {
                for _ in 0..meals_each {
                    let (first, second) = pick_up_forks(table, philosopher);
                    table.eat(philosopher, &first, &second);
                    // Both forks go back on the table here, when the guards
                    // are dropped.
                }
            });
        }
    });
}

/// Like [`dine`], but picks up forks with [`try_pick_up_forks`], backing off
/// for a moment after each failed try. Given: you need not change it.
pub fn dine_politely(table: &Table, meals_each: usize) {
    thread::scope(|scope| {
        for philosopher in 0..table.seats() {
            scope.spawn(move || {
                for _ in 0..meals_each {
                    let mut attempt: u64 = 0;
                    let (first, second) = loop {
                        if let Some(forks) =
                            try_pick_up_forks(table, philosopher)
                        {
                            break forks;
                        }
                        attempt += 1;
                        // A pause that grows and differs per philosopher, so
                        // that neighbours fall out of step.
                        let pause =
                            attempt.min(8) * (philosopher as u64 + 1) * 10;
                        thread::sleep(Duration::from_micros(pause));
                    };
                    table.eat(philosopher, &first, &second);
                }
            });
        }
    });
}
