//! The dining table, given. Leave this file as it is: the starter and the
//! solution both use it, and it keeps the records the tests check.
//!
//! Philosopher `p` sits between fork `p` (on their left) and fork
//! `(p + 1) % seats` (on their right) and needs both to eat. A fork is a
//! `Mutex`; holding its [`ForkGuard`] is holding the fork.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::Duration;

/// How long a contended table waits for every philosopher to hold a first
/// fork. A pick-up strategy that cannot reach that state (a lock order, a
/// waiter) is let go after this, so it only slows the start down.
const RENDEZVOUS_PATIENCE: Duration = Duration::from_millis(100);

/// A round table with one fork between each pair of neighbours.
#[derive(Debug)]
pub struct Table {
    /// Fork `f` and the philosopher holding it, if any.
    forks: Vec<Mutex<Option<usize>>>,
    /// Who is eating right now, to check that no two neighbours ever are.
    eating: Mutex<Vec<bool>>,
    /// Meals eaten, per philosopher.
    meals: Mutex<Vec<usize>>,
    /// Everything that went wrong, in words, for the tests to report.
    violations: Mutex<Vec<String>>,
    /// On a contended table: who has picked up a first fork so far.
    rendezvous: Option<(Mutex<Vec<bool>>, Condvar)>,
}

/// A fork in a philosopher's hand. Dropping it puts the fork back.
#[derive(Debug)]
pub struct ForkGuard<'table> {
    fork: usize,
    philosopher: usize,
    holder: MutexGuard<'table, Option<usize>>,
}

impl ForkGuard<'_> {
    /// Which fork this is.
    pub fn fork(&self) -> usize {
        self.fork
    }
}

impl Drop for ForkGuard<'_> {
    fn drop(&mut self) {
        *self.holder = None;
    }
}

impl Table {
    /// A table for `seats` philosophers, at least 2.
    pub fn new(seats: usize) -> Self {
        assert!(seats >= 2, "a table needs at least two philosophers");
        Self {
            forks: (0..seats).map(|_| Mutex::new(None)).collect(),
            eating: Mutex::new(vec![false; seats]),
            meals: Mutex::new(vec![0; seats]),
            violations: Mutex::new(Vec::new()),
            rendezvous: None,
        }
    }

    /// A table that forces the worst case: after picking up their first
    /// fork, each philosopher waits (up to a short timeout) until every
    /// philosopher holds one. If everyone grabs the left fork first, they
    /// all hold one fork and wait for another: a certain deadlock.
    pub fn contended(seats: usize) -> Self {
        Self {
            rendezvous: Some((Mutex::new(vec![false; seats]), Condvar::new())),
            ..Self::new(seats)
        }
    }

    /// How many philosophers (and forks) the table has.
    pub fn seats(&self) -> usize {
        self.forks.len()
    }

    /// The fork on `philosopher`'s left: fork `philosopher`.
    pub fn left_fork(&self, philosopher: usize) -> usize {
        philosopher
    }

    /// The fork on `philosopher`'s right: fork `(philosopher + 1) % seats`.
    pub fn right_fork(&self, philosopher: usize) -> usize {
        (philosopher + 1) % self.seats()
    }

    /// Picks up `fork` for `philosopher`, waiting while a neighbour has it.
    ///
    /// # Panics
    ///
    /// If `fork` is not one of `philosopher`'s two forks.
    pub fn pick_up(&self, philosopher: usize, fork: usize) -> ForkGuard<'_> {
        self.check_reach(philosopher, fork);
        let holder = self.forks[fork]
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let guard = self.hand_over(philosopher, fork, holder);
        self.first_fork_rendezvous(philosopher);
        guard
    }

    /// Picks up `fork` for `philosopher` if it is free right now, without
    /// waiting; `None` if a neighbour has it.
    ///
    /// # Panics
    ///
    /// If `fork` is not one of `philosopher`'s two forks.
    pub fn try_pick_up(
        &self,
        philosopher: usize,
        fork: usize,
    ) -> Option<ForkGuard<'_>> {
        self.check_reach(philosopher, fork);
        let holder = match self.forks[fork].try_lock() {
            Ok(holder) => holder,
            Err(std::sync::TryLockError::Poisoned(poisoned)) => {
                poisoned.into_inner()
            }
            Err(std::sync::TryLockError::WouldBlock) => return None,
        };
        let guard = self.hand_over(philosopher, fork, holder);
        self.first_fork_rendezvous(philosopher);
        Some(guard)
    }

    /// `philosopher` eats one meal with the two forks in their hands.
    ///
    /// Records a violation if the forks are not this philosopher's two, or
    /// if a neighbour is eating at the same time.
    pub fn eat(
        &self,
        philosopher: usize,
        first: &ForkGuard<'_>,
        second: &ForkGuard<'_>,
    ) {
        let mut mine =
            [self.left_fork(philosopher), self.right_fork(philosopher)];
        let mut held = [first.fork, second.fork];
        mine.sort_unstable();
        held.sort_unstable();
        if mine != held
            || first.philosopher != philosopher
            || second.philosopher != philosopher
        {
            self.violation(format!(
                "philosopher {philosopher} ate holding forks {held:?}, not their forks {mine:?}"
            ));
        }
        let seats = self.seats();
        let (left, right) =
            ((philosopher + seats - 1) % seats, (philosopher + 1) % seats);
        {
            let mut eating =
                self.eating.lock().unwrap_or_else(PoisonError::into_inner);
            if eating[left] || eating[right] {
                drop(eating);
                self.violation(format!(
                    "philosopher {philosopher} ate while a neighbour was eating"
                ));
                eating =
                    self.eating.lock().unwrap_or_else(PoisonError::into_inner);
            }
            eating[philosopher] = true;
        }
        // The meal: give the other threads a chance to run meanwhile.
        thread::yield_now();
        self.eating.lock().unwrap_or_else(PoisonError::into_inner)
            [philosopher] = false;
        self.meals.lock().unwrap_or_else(PoisonError::into_inner)
            [philosopher] += 1;
    }

    /// Meals eaten so far, per philosopher.
    pub fn meals(&self) -> Vec<usize> {
        self.meals
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Everything that went wrong so far; empty if nothing did.
    pub fn violations(&self) -> Vec<String> {
        self.violations
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn check_reach(&self, philosopher: usize, fork: usize) {
        assert!(
            fork == self.left_fork(philosopher)
                || fork == self.right_fork(philosopher),
            "philosopher {philosopher} cannot reach fork {fork}"
        );
    }

    fn hand_over<'table>(
        &'table self,
        philosopher: usize,
        fork: usize,
        mut holder: MutexGuard<'table, Option<usize>>,
    ) -> ForkGuard<'table> {
        if let Some(other) = *holder {
            self.violation(format!(
                "fork {fork} was still marked as held by {other} when {philosopher} took it"
            ));
        }
        *holder = Some(philosopher);
        ForkGuard {
            fork,
            philosopher,
            holder,
        }
    }

    /// On a contended table, the first fork a philosopher picks up makes
    /// them wait until everyone holds one, or until the patience runs out.
    fn first_fork_rendezvous(&self, philosopher: usize) {
        let Some((arrived, everyone_here)) = &self.rendezvous else {
            return;
        };
        let mut arrived =
            arrived.lock().unwrap_or_else(PoisonError::into_inner);
        if arrived[philosopher] {
            return; // only the very first fork counts
        }
        arrived[philosopher] = true;
        everyone_here.notify_all();
        let _arrived = everyone_here
            .wait_timeout_while(arrived, RENDEZVOUS_PATIENCE, |arrived| {
                arrived.contains(&false)
            })
            .unwrap_or_else(PoisonError::into_inner);
    }

    fn violation(&self, what: String) {
        self.violations
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(what);
    }
}
