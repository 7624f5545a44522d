//! Two threads hammer one lock. While a thread waits for it, how many times
//! does the other one get in first? `std::sync::Mutex` (unfair) against a
//! ticket lock built from std's `Mutex` and `Condvar` (first come, first
//! served). The numbers vary from run to run and machine to machine: an
//! illustration of one machine, not a benchmark.

use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use std::{sync, thread};

const THREADS: usize = 2;
const ACQUISITIONS: usize = 10_000;
/// Each lock is measured this many times, one after the other.
const ROUNDS: usize = 3;

/// The protected data: for every acquisition, how many acquisitions by
/// other threads happened between this one's request and its entry.
type Overtaken = Vec<usize>;

// ANCHOR: hammer
/// Each thread asks for the lock `ACQUISITIONS` times, as fast as it can.
/// `run_locked(asked, section)` takes the lock under test, calls `asked` at
/// the moment the thread's request counts as made (the lock decides when:
/// see its `run_locked`), and runs `section` under the lock.
fn hammer(
    run_locked: impl Fn(&mut dyn FnMut(), &mut dyn FnMut(&mut Overtaken)) + Sync,
) -> Duration {
    // Acquisitions so far. Only the holder writes it; anyone may read it.
    // Relaxed: it is a statistic, and a thread always reads its own last
    // store or a later one, so a stale read can only make a count larger.
    let served = AtomicUsize::new(0);
    // Both threads start together, so that they really compete.
    let start_line = sync::Barrier::new(THREADS);
    let start = Instant::now();
    thread::scope(|scope| {
        for _ in 0..THREADS {
            let (run_locked, served, start_line) =
                (&run_locked, &served, &start_line);
            scope.spawn(move || {
                start_line.wait();
                for _ in 0..ACQUISITIONS {
                    let asked_at = Cell::new(0);
                    run_locked(
                        &mut || asked_at.set(served.load(Ordering::Relaxed)),
                        &mut |overtaken| {
                            let now = served.load(Ordering::Relaxed);
                            overtaken.push(now - asked_at.get());
                            short_work();
                            served.store(now + 1, Ordering::Relaxed);
                        },
                    );
                }
            });
        }
    });
    start.elapsed()
}
// ANCHOR_END: hammer

/// A few hundred nanoseconds of arithmetic, standing in for real work.
fn short_work() {
    let mut checksum = 1u64;
    for step in 0..50 {
        checksum =
            std::hint::black_box(checksum.wrapping_mul(31).wrapping_add(step));
    }
}

// ANCHOR: ticket
/// A first-come-first-served lock made of std parts: a ticket counter
/// behind a `Mutex`, and a `Condvar` on which waiters sleep until their
/// number comes up.
struct TicketMutex<T> {
    /// (next ticket to hand out, ticket now being served)
    tickets: sync::Mutex<(u64, u64)>,
    turn_changed: sync::Condvar,
    value: sync::Mutex<T>,
}

impl<T> TicketMutex<T> {
    fn new(value: T) -> Self {
        Self {
            tickets: sync::Mutex::new((0, 0)),
            turn_changed: sync::Condvar::new(),
            value: sync::Mutex::new(value),
        }
    }

    /// Runs `f` on the value when this thread's ticket comes up. The
    /// request counts as made when the ticket is taken: `asked` runs then.
    fn with_lock<R>(
        &self,
        asked: &mut dyn FnMut(),
        f: impl FnOnce(&mut T) -> R,
    ) -> R {
        let mut tickets = self.tickets.lock().unwrap();
        let mine = tickets.0;
        tickets.0 += 1;
        asked();
        let tickets = self
            .turn_changed
            .wait_while(tickets, |(_, serving)| *serving != mine)
            .unwrap();
        drop(tickets);
        // Only the thread being served gets here, so this never waits.
        let result = f(&mut self.value.lock().unwrap());
        self.tickets.lock().unwrap().1 += 1;
        self.turn_changed.notify_all();
        result
    }
}
// ANCHOR_END: ticket

fn print(name: &str, overtaken: &[usize], elapsed: Duration) {
    let worst = overtaken.iter().max().unwrap_or(&0);
    let mean = overtaken.iter().sum::<usize>() as f64 / overtaken.len() as f64;
    println!(
        "{name:>20}: overtaken while waiting: worst {worst:>5}, mean {mean:>5.2}; {:>4} ms",
        elapsed.as_millis()
    );
}

// ANCHOR: contestants
fn main() {
    println!(
        "{THREADS} threads, {ACQUISITIONS} acquisitions each, {ROUNDS} rounds"
    );
    for _ in 0..ROUNDS {
        // std's Mutex registers nothing, so a request counts as made when
        // an attempt to take the lock has failed. A thread that gets in at
        // once calls `asked` already inside: it was overtaken 0 times.
        let unfair = sync::Mutex::new(Overtaken::new());
        let elapsed = hammer(|asked, section| {
            let mut guard = match unfair.try_lock() {
                Ok(guard) => {
                    asked();
                    guard
                }
                Err(sync::TryLockError::WouldBlock) => {
                    asked();
                    unfair.lock().unwrap()
                }
                Err(sync::TryLockError::Poisoned(poisoned)) => {
                    panic!("{poisoned}")
                }
            };
            section(&mut guard)
        });
        print("std Mutex (unfair)", &unfair.into_inner().unwrap(), elapsed);

        let fair = TicketMutex::new(Overtaken::new());
        let elapsed = hammer(|asked, section| fair.with_lock(asked, section));
        print(
            "ticket lock (fair)",
            &fair.value.into_inner().unwrap(),
            elapsed,
        );
    }
}
// ANCHOR_END: contestants
