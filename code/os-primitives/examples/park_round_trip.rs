//! How long one thread takes to wake another and hear back: by parking
//! (a system call and the scheduler on each side, when the other side is
//! really asleep) or by spinning (a cache line moving between cores), and
//! what one wake-up of a thread that is certainly asleep costs.
//! Illustrative numbers, not a benchmark; build with `--release`.

use std::hint::spin_loop;
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: turns
/// Whose turn it is: the pinger (main thread) or the ponger. The turn word
/// is the only data the threads share, and nothing else is published with
/// it, so every access to it is `Relaxed`.
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
                match turn.load(Ordering::Relaxed) {
                    PONG => {
                        turn.store(PING, Ordering::Relaxed);
                        pinger.unpark();
                    }
                    STOP => return,
                    _ => thread::park(),
                }
            }
        });
        let start = Instant::now();
        for _ in 0..round_trips {
            turn.store(PONG, Ordering::Relaxed);
            ponger.thread().unpark();
            while turn.load(Ordering::Relaxed) != PING {
                thread::park();
            }
        }
        let elapsed = start.elapsed();
        turn.store(STOP, Ordering::Relaxed);
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
                match turn.load(Ordering::Relaxed) {
                    PONG => turn.store(PING, Ordering::Relaxed),
                    STOP => return,
                    _ => spin(&mut spins),
                }
            }
        });
        let mut spins = 0;
        let start = Instant::now();
        for _ in 0..round_trips {
            turn.store(PONG, Ordering::Relaxed);
            while turn.load(Ordering::Relaxed) != PING {
                spin(&mut spins);
            }
        }
        let elapsed = start.elapsed();
        turn.store(STOP, Ordering::Relaxed);
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

// ANCHOR: sleeper
/// Wakes a thread that is known to be asleep in `park`, `rounds` times, and
/// returns each wake-up's latency: from just before `unpark` until the
/// woken thread's answer is seen. Before each wake the waker makes sure the
/// sleeper is in the kernel: on Linux it polls the sleeper's state in
/// `/proc` until it reads `S` (sleeping); elsewhere it waits 2 ms after the
/// sleeper announced that it is about to park, which is a margin, not a
/// guarantee.
pub fn wake_sleeping_thread(rounds: u32) -> Vec<Duration> {
    let turn = AtomicU32::new(PING);
    // Relaxed as well: the round number publishes nothing but itself.
    let about_to_park = AtomicU32::new(0);
    let (tid_sender, tid) = std::sync::mpsc::channel();
    thread::scope(|s| {
        let sleeper = s.spawn(|| {
            tid_sender.send(own_thread_id()).unwrap();
            for round in 1..=rounds {
                while turn.load(Ordering::Relaxed) != PONG {
                    about_to_park.store(round, Ordering::Relaxed);
                    thread::park();
                }
                turn.store(PING, Ordering::Relaxed);
            }
        });
        let tid = tid.recv().unwrap();
        let mut latencies = Vec::with_capacity(rounds as usize);
        for round in 1..=rounds {
            while about_to_park.load(Ordering::Relaxed) != round {
                thread::yield_now();
            }
            wait_until_asleep(tid.as_deref());
            let start = Instant::now();
            turn.store(PONG, Ordering::Relaxed);
            sleeper.thread().unpark();
            while turn.load(Ordering::Relaxed) != PING {
                spin_loop();
            }
            latencies.push(start.elapsed());
        }
        latencies
    })
}

/// The calling thread's Linux thread id, read from `/proc/thread-self`.
fn own_thread_id() -> Option<String> {
    let link = std::fs::read_link("/proc/thread-self").ok()?;
    Some(link.file_name()?.to_string_lossy().into_owned())
}

/// Returns once the thread `tid` is sleeping in the kernel (state `S` in
/// `/proc/self/task/<tid>/stat`), or after a 2 ms margin without `/proc`.
fn wait_until_asleep(tid: Option<&str>) {
    let Some(tid) = tid else {
        thread::sleep(Duration::from_millis(2));
        return;
    };
    let path = format!("/proc/self/task/{tid}/stat");
    loop {
        let stat = std::fs::read_to_string(&path).unwrap_or_default();
        // The state is the first field after the parenthesised name.
        match stat.rsplit_once(") ") {
            Some((_, rest)) if rest.starts_with('S') => return,
            Some(_) => thread::yield_now(),
            None => {
                thread::sleep(Duration::from_millis(2));
                return;
            }
        }
    }
}
// ANCHOR_END: sleeper

fn main() {
    // Fewer spinning round trips: on a busy machine a spinner may wait a
    // whole time slice for the other thread, and the example must still
    // finish in about a second.
    let (parked_trips, spun_trips) = (10_000, 1_000);
    let parked = ping_pong_parked(parked_trips);
    let (spun, spins) = ping_pong_spinning(spun_trips);
    println!(
        "park/unpark: {:>9.2?} per round trip ({parked_trips} round trips)",
        parked / parked_trips
    );
    println!(
        "spinning:    {:>9.2?} per round trip ({spun_trips} round trips, \
         {} spins each)",
        spun / spun_trips,
        spins / u64::from(spun_trips)
    );
    let mut wakes = wake_sleeping_thread(200);
    wakes.sort_unstable();
    println!(
        "200 wake-ups of a thread asleep in park: median {:.2?}, fastest {:.2?}",
        wakes[wakes.len() / 2],
        wakes[0]
    );
}
