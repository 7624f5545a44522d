//! The deadlock and its fix. The watchdog in `run_two_transfers` waits on a
//! channel with a timeout, so these tests fail instead of hanging.

use std::time::Duration;

use introduction::{LockOrder, TransferOutcome, run_two_transfers};

#[test]
// Under Miri the deadlocked threads outlive the test; keep Miri to the rest.
#[cfg_attr(miri, ignore)]
fn opposite_lock_orders_deadlock() {
    // The barrier makes the deadlock certain, so a short patience is enough:
    // it only bounds how long the test waits for something that cannot end.
    let outcome = run_two_transfers(LockOrder::SourceFirst, Duration::from_millis(100));
    assert_eq!(outcome, TransferOutcome::Deadlocked);
}

#[test]
fn one_lock_order_finishes_with_the_right_balances() {
    // A generous patience: on a loaded machine threads may start late, and
    // this only has to be long enough to never be reached.
    let outcome = run_two_transfers(LockOrder::CheckingFirst, Duration::from_secs(10));
    assert_eq!(
        outcome,
        TransferOutcome::Finished {
            checking: 450,
            savings: 550
        }
    );
}
