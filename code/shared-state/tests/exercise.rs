//! The exercise's tests. Run them with
//! `cargo test -p shared-state --test exercise`.
//!
//! Every test with a dinner runs under `test_support::watchdog`: a dinner
//! that deadlocks makes its test fail after `PATIENCE`, saying that it
//! hangs, instead of hanging the test run.

use shared_state::exercise::{Table, dine, dine_politely, try_pick_up_forks};
use std::thread;
use std::time::Duration;
use test_support::watchdog;

/// Meals per philosopher, and dinners per test. Smaller under Miri.
const MEALS: usize = if cfg!(miri) { 3 } else { 200 };
const DINNERS: usize = if cfg!(miri) { 1 } else { 5 };

/// How long a test's dinners may take before the test calls it a deadlock.
/// Far more than correct dinners need, even on a slow, loaded machine.
const PATIENCE: Duration = Duration::from_secs(10);

/// Runs `how` on `table` and checks the records: every philosopher ate
/// exactly `MEALS` meals and nothing went wrong. Call it inside the
/// watchdog.
fn check_dinner(table: Table, how: fn(&Table, usize)) {
    let seats = table.seats();
    how(&table, MEALS);
    assert_eq!(table.violations(), Vec::<String>::new());
    assert_eq!(table.meals(), vec![MEALS; seats], "meals per philosopher");
}

#[test]
fn five_philosophers_who_all_grab_a_first_fork_at_once() {
    watchdog(PATIENCE, || {
        for _ in 0..DINNERS {
            check_dinner(Table::contended(5), dine);
        }
    });
}

#[test]
fn two_philosophers_share_both_forks() {
    watchdog(PATIENCE, || check_dinner(Table::contended(2), dine));
}

// Contended, like the five-seat test: on a table without the rendezvous
// the starter's left-then-right order deadlocks only now and then, so the
// test would pass from the starter on some runs.
#[test]
fn a_larger_table() {
    watchdog(PATIENCE, || check_dinner(Table::contended(9), dine));
}

#[test]
fn try_pick_up_forks_takes_both_forks_when_free() {
    let table = Table::new(3);
    let (first, second) =
        try_pick_up_forks(&table, 2).expect("both forks are free");
    let mut held = [first.fork(), second.fork()];
    held.sort_unstable();
    assert_eq!(held, [0, 2], "philosopher 2 sits between forks 2 and 0");
    table.eat(2, &first, &second);
    drop((first, second));
    assert_eq!(table.meals(), [0, 0, 1]);
    assert_eq!(table.violations(), Vec::<String>::new());
}

#[test]
fn try_pick_up_forks_holds_nothing_when_a_fork_is_busy() {
    // Under the watchdog: an attempt that waits for the busy fork instead
    // of trying it would wait forever.
    watchdog(PATIENCE, || {
        let table = Table::new(3);
        // Philosopher 1 holds fork 1, philosopher 0's right fork.
        let busy = table.pick_up(1, 1);
        // The attempt runs on another thread, so this thread's fork is held
        // by someone else as far as the attempt can tell.
        let (got_forks, first_fork_free_after) = thread::scope(|scope| {
            scope
                .spawn(|| {
                    let got_forks = try_pick_up_forks(&table, 0).is_some();
                    // If the attempt let go of fork 0, we can take it now.
                    let free_after = table.try_pick_up(0, 0).is_some();
                    (got_forks, free_after)
                })
                .join()
                .unwrap()
        });
        drop(busy);
        assert!(!got_forks, "fork 1 was busy, so the attempt must fail");
        assert!(
            first_fork_free_after,
            "after a failed attempt, fork 0 must be back on the table"
        );
    });
}

#[test]
fn polite_philosophers_who_all_grab_a_first_fork_at_once() {
    watchdog(PATIENCE, || {
        for _ in 0..DINNERS {
            check_dinner(Table::contended(5), dine_politely);
        }
    });
}

#[test]
fn polite_philosophers_at_a_larger_table() {
    watchdog(PATIENCE, || check_dinner(Table::new(7), dine_politely));
}
