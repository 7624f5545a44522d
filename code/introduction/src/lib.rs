//! Companion code for the chapter "Introduction".
//!
//! The chapter's examples are single files, so that they run on the Rust
//! Playground. This library holds the same ideas in a form the tests in
//! `tests/` can check: a box office whose check-then-act race can be
//! replayed step by step, a page-view counter without a data race, and two
//! bank transfers that deadlock, or don't, depending on their lock order.

use std::sync::mpsc;
use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::Duration;

/// A box office selling a fixed stock of tickets, shared by several clerks.
///
/// The stock is signed so that overselling shows: a racy sale can take the
/// count below zero.
#[derive(Debug)]
pub struct BoxOffice {
    tickets_left: Mutex<i64>,
}

impl BoxOffice {
    /// Opens a box office with `stock` tickets.
    pub fn new(stock: i64) -> Self {
        Self {
            tickets_left: Mutex::new(stock),
        }
    }

    /// How many tickets are left. Negative after overselling.
    pub fn tickets_left(&self) -> i64 {
        *self.tickets_left.lock().unwrap()
    }

    /// Sells one ticket if any are left and returns whether it did.
    ///
    /// Correct: the lock is held from the check to the update, so no other
    /// clerk can sell in between.
    pub fn sell_ticket(&self) -> bool {
        let mut tickets_left = self.tickets_left.lock().unwrap();
        if *tickets_left > 0 {
            *tickets_left -= 1;
            true
        } else {
            false
        }
    }

    /// The check half of [`sell_ticket_racy`](Self::sell_ticket_racy):
    /// locks, looks, unlocks.
    pub fn has_tickets(&self) -> bool {
        self.tickets_left() > 0
    }

    /// The act half of [`sell_ticket_racy`](Self::sell_ticket_racy):
    /// locks again and takes a ticket, without looking.
    pub fn hand_out_ticket(&self) {
        *self.tickets_left.lock().unwrap() -= 1;
    }

    /// Sells one ticket if any are left, the wrong way: check, unlock,
    /// relock, act. Each step is free of data races, but another clerk can
    /// sell the last ticket between the check and the act. A race condition.
    pub fn sell_ticket_racy(&self) -> bool {
        if !self.has_tickets() {
            return false;
        }
        self.hand_out_ticket();
        true
    }
}

/// Has `clerks` threads call `sell` on `office` until it returns `false`,
/// and returns how many tickets they sold in total.
pub fn sell_out(office: &BoxOffice, clerks: usize, sell: fn(&BoxOffice) -> bool) -> u64 {
    thread::scope(|scope| {
        let handles: Vec<_> = (0..clerks)
            .map(|_| {
                scope.spawn(|| {
                    let mut sold = 0;
                    while sell(office) {
                        sold += 1;
                    }
                    sold
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    })
}

/// Counts page views from `threads` threads, each recording `visits` views,
/// through a shared `Mutex<u64>`. The fixed version of the chapter's
/// data-race lesson: the result is always `threads * visits`.
pub fn count_page_views(threads: u64, visits: u64) -> u64 {
    let page_views = Mutex::new(0_u64);
    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                for _ in 0..visits {
                    *page_views.lock().unwrap() += 1;
                }
            });
        }
    });
    page_views.into_inner().unwrap()
}

/// In which order the two transfers of [`run_two_transfers`] lock the two
/// accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockOrder {
    /// Each transfer locks the account it takes money from first: the two
    /// transfers lock in opposite orders.
    SourceFirst,
    /// Both transfers lock the checking account first, whichever way the
    /// money moves.
    CheckingFirst,
}

/// What the watchdog of [`run_two_transfers`] saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferOutcome {
    /// Both transfers finished; the final balances.
    Finished {
        /// Balance of the checking account.
        checking: i64,
        /// Balance of the savings account.
        savings: i64,
    },
    /// At least one transfer did not finish within the patience.
    Deadlocked,
}

/// Runs two transfers at once between a checking and a savings account,
/// both starting at 500: 100 from checking to savings, and 50 back.
///
/// With [`LockOrder::SourceFirst`], a barrier makes both transfers hold
/// their first lock before either asks for its second, so they deadlock on
/// every run. With [`LockOrder::CheckingFirst`] only one transfer can hold
/// the first lock at a time, so that barrier would never open; the threads
/// meet at a start line instead, then both finish.
///
/// A watchdog waits up to `patience` for each transfer to report on a
/// channel, so this function always returns. Deadlocked threads stay
/// blocked until the process exits.
pub fn run_two_transfers(order: LockOrder, patience: Duration) -> TransferOutcome {
    let checking = Arc::new(Mutex::new(500_i64));
    let savings = Arc::new(Mutex::new(500_i64));
    let barrier = Arc::new(Barrier::new(2));
    let (done, finished) = mpsc::channel();

    // (from, to, amount): money moves `from` -> `to`.
    let transfers = [
        (Arc::clone(&checking), Arc::clone(&savings), 100),
        (Arc::clone(&savings), Arc::clone(&checking), 50),
    ];
    for (from, to, amount) in transfers {
        let (barrier, done) = (Arc::clone(&barrier), done.clone());
        let checking = Arc::clone(&checking);
        thread::spawn(move || {
            let from_is_first = match order {
                LockOrder::SourceFirst => true,
                LockOrder::CheckingFirst => Arc::ptr_eq(&from, &checking),
            };
            let (first, second) = if from_is_first {
                (&from, &to)
            } else {
                (&to, &from)
            };
            if order == LockOrder::CheckingFirst {
                barrier.wait(); // start line
            }
            let mut first_balance = first.lock().unwrap();
            if order == LockOrder::SourceFirst {
                barrier.wait(); // both now hold one lock
            }
            let mut second_balance = second.lock().unwrap();
            let (from_balance, to_balance) = if from_is_first {
                (&mut *first_balance, &mut *second_balance)
            } else {
                (&mut *second_balance, &mut *first_balance)
            };
            *from_balance -= amount;
            *to_balance += amount;
            // The receiver may be gone if the watchdog gave up: ignore that.
            let _ = done.send(());
        });
    }

    for _ in 0..2 {
        if finished.recv_timeout(patience).is_err() {
            return TransferOutcome::Deadlocked;
        }
    }
    let checking = *checking.lock().unwrap();
    let savings = *savings.lock().unwrap();
    TransferOutcome::Finished { checking, savings }
}
