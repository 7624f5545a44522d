//! How long one thread takes to wake another and hear back: by parking
//! (a system call and the scheduler on each side) or by spinning (a cache
//! line moving between cores). Illustrative numbers, not a benchmark.

use std::hint::spin_loop;
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: turns
/// Whose turn it is: the pinger (main thread) or the ponger.
const PING: u32 = 0;
const PONG: u32 = 1;
const STOP: u32 = 2;
// ANCHOR_END: turns

// ANCHOR: parked
/// Both threads sleep with `park` while it is not their turn.
pub fn ping_pong_parked(round_trips: u32) -> Duration {
    let turn = AtomicU32::new(PING);
    let pinger = thread::current();
    thread::scope(|s| {
        let ponger = s.spawn(|| {
            loop {
                match turn.load(Ordering::Acquire) {
                    PONG => {
                        turn.store(PING, Ordering::Release);
                        pinger.unpark();
                    }
                    STOP => return,
                    _ => thread::park(),
                }
            }
        });
        let start = Instant::now();
        for _ in 0..round_trips {
            turn.store(PONG, Ordering::Release);
            ponger.thread().unpark();
            while turn.load(Ordering::Acquire) != PING {
                thread::park();
            }
        }
        let elapsed = start.elapsed();
        turn.store(STOP, Ordering::Release);
        ponger.thread().unpark();
        elapsed
    })
}
// ANCHOR_END: parked

// ANCHOR: spinning
/// Both threads spin on the word while it is not their turn. Returns the
/// time and the number of loop turns spent waiting.
pub fn ping_pong_spinning(round_trips: u32) -> (Duration, u64) {
    let turn = AtomicU32::new(PING);
    thread::scope(|s| {
        s.spawn(|| {
            let mut spins = 0;
            loop {
                match turn.load(Ordering::Acquire) {
                    PONG => turn.store(PING, Ordering::Release),
                    STOP => return,
                    _ => spin(&mut spins),
                }
            }
        });
        let mut spins = 0;
        let start = Instant::now();
        for _ in 0..round_trips {
            turn.store(PONG, Ordering::Release);
            while turn.load(Ordering::Acquire) != PING {
                spin(&mut spins);
            }
        }
        let elapsed = start.elapsed();
        turn.store(STOP, Ordering::Release);
        (elapsed, spins)
    })
}

/// One turn of a busy-wait. Every 1024 turns it gives the core away, so
/// that the example still finishes on a machine with a single core, where
/// the other thread cannot run while this one spins.
fn spin(spins: &mut u64) {
    *spins += 1;
    if spins.is_multiple_of(1024) {
        thread::yield_now();
    } else {
        spin_loop();
    }
}
// ANCHOR_END: spinning

fn main() {
    let round_trips = 10_000;
    let parked = ping_pong_parked(round_trips);
    let (spun, spins) = ping_pong_spinning(round_trips);
    let per_trip = |total: Duration| total / round_trips;
    println!("{round_trips} round trips between two threads");
    println!("  park/unpark: {:>9.2?} per round trip", per_trip(parked));
    println!(
        "  spinning:    {:>9.2?} per round trip ({} spins per round trip on the main thread)",
        per_trip(spun),
        spins / u64::from(round_trips)
    );
}
