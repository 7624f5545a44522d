//! The race condition, its fix and the data-race fix, on the code the page
//! shows: the example programs are included as modules.

use std::sync::atomic::AtomicU32;

#[path = "../examples/race_condition.rs"]
#[allow(dead_code)]
mod race_condition;

#[path = "../examples/race_condition_fixed.rs"]
#[allow(dead_code)]
mod race_condition_fixed;

#[path = "../examples/data_race_fixed.rs"]
#[allow(dead_code)]
mod data_race_fixed;

/// Small under Miri, which is slow.
const STOCK: u32 = if cfg!(miri) { 20 } else { 1_000_000 };

#[test]
fn compare_exchange_never_oversells() {
    for clerks in [1, 2, 4, 8] {
        let tickets_left = AtomicU32::new(STOCK);
        let sold = race_condition_fixed::sell_out(&tickets_left, clerks);
        assert_eq!(sold, STOCK, "{clerks} clerks");
        assert_eq!(tickets_left.into_inner(), 0, "{clerks} clerks");
    }
}

#[test]
fn check_then_act_is_correct_with_a_single_clerk() {
    // The racy sale has no bug in sequential code: the bug needs a second
    // thread to write between one clerk's read and its write.
    let tickets_left = AtomicU32::new(STOCK);
    assert_eq!(race_condition::sell_out(&tickets_left, 1), STOCK);
    assert_eq!(tickets_left.into_inner(), 0);
}

#[test]
fn a_sold_out_office_sells_nothing() {
    let tickets_left = AtomicU32::new(0);
    assert!(!race_condition::sell_ticket(&tickets_left));
    assert!(!race_condition_fixed::sell_ticket(&tickets_left));
    assert_eq!(tickets_left.into_inner(), 0);
}

#[test]
fn the_mutex_counter_never_loses_a_page_view() {
    // The example's `main` asserts the total itself.
    data_race_fixed::main();
}
