//! The election: exactly one leader, and the weak compare-exchange that
//! only Miri catches.

use std::thread;
use testing_concurrency::election::{Election, WeakElection};

#[test]
fn the_first_caller_leads_and_nobody_after() {
    let election = Election::default();
    assert!(election.try_lead());
    assert!(!election.try_lead());
    assert!(!election.try_lead());
}

#[test]
fn exactly_one_of_four_threads_leads() {
    let rounds = if cfg!(miri) { 10 } else { 1_000 };
    for _ in 0..rounds {
        let election = Election::default();
        let leaders: usize = thread::scope(|scope| {
            let callers: Vec<_> = (0..4)
                .map(|_| scope.spawn(|| election.try_lead()))
                .collect();
            callers
                .into_iter()
                .map(|caller| usize::from(caller.join().unwrap()))
                .sum()
        });
        assert_eq!(leaders, 1);
    }
}

// ANCHOR: miri
/// Only under Miri, which makes weak compare-exchanges fail spuriously
/// (most of them, by default): of twenty fresh elections, each with one
/// caller who must lead, some elect nobody. Natively on x86-64 this test
/// would pass, because `lock cmpxchg` never fails spuriously; on an LL/SC
/// processor it would fail now and then.
#[cfg(miri)]
#[test]
#[should_panic(expected = "nobody led election")]
fn miri_fails_the_weak_compare_exchange() {
    for round in 0..20 {
        let election = WeakElection::default();
        assert!(election.try_lead(), "nobody led election {round}");
    }
}
// ANCHOR_END: miri

/// The weak election's one promise that holds: never two leaders.
#[test]
fn the_weak_election_never_elects_two() {
    let election = WeakElection::default();
    let first = election.try_lead();
    let second = election.try_lead();
    assert!(!(first && second));
}
