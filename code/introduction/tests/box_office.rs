//! The race condition and its fix, checked deterministically.

use introduction::{BoxOffice, count_page_views, sell_out};

#[test]
fn holding_the_lock_across_check_and_act_never_oversells() {
    for clerks in [1, 2, 4, 8] {
        let office = BoxOffice::new(1_000);
        let sold = sell_out(&office, clerks, BoxOffice::sell_ticket);
        assert_eq!(sold, 1_000, "{clerks} clerks");
        assert_eq!(office.tickets_left(), 0, "{clerks} clerks");
    }
}

#[test]
fn check_then_act_is_correct_with_a_single_clerk() {
    // The racy sale has no bug in sequential code: the bug needs a second
    // thread to act between the check and the act.
    let office = BoxOffice::new(1_000);
    assert_eq!(sell_out(&office, 1, BoxOffice::sell_ticket_racy), 1_000);
    assert_eq!(office.tickets_left(), 0);
}

#[test]
fn check_then_act_oversells_under_the_bad_interleaving() {
    // Replay, step by step, the interleaving two clerk threads can produce:
    // both check while one ticket is left, then both act.
    let office = BoxOffice::new(1);
    let alice_saw_tickets = office.has_tickets();
    let bob_saw_tickets = office.has_tickets();
    assert!(alice_saw_tickets && bob_saw_tickets);
    office.hand_out_ticket();
    office.hand_out_ticket();
    assert_eq!(office.tickets_left(), -1, "one ticket, sold twice");
}

#[test]
fn a_sold_out_office_sells_nothing() {
    let office = BoxOffice::new(0);
    assert!(!office.sell_ticket());
    assert!(!office.sell_ticket_racy());
    assert_eq!(office.tickets_left(), 0);
}

#[test]
fn the_mutex_counter_never_loses_a_page_view() {
    let visits = if cfg!(miri) { 10 } else { 10_000 };
    for threads in [1, 2, 4] {
        assert_eq!(count_page_views(threads, visits), threads * visits);
    }
}
