//! False sharing: two threads, each adding to its *own* counter, and still
//! slowing each other down, because the two counters sit in one cache line.
//! The same work with the counters on separate lines runs several times
//! faster. The times are illustrative: they depend on the machine, and the
//! program asserts only that every increment was counted.
//!
//! Usage: `false_sharing [INCREMENTS]` (per thread, default 5000000).
// ci-args: 1000000

use crossbeam_utils::CachePadded;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: layouts
/// Two counters side by side, 8 bytes each, as `[AtomicU64; 2]` or any
/// struct with two atomic fields would lay them out. `align(64)` only keeps
/// the pair from straddling a line boundary, so that every run measures
/// the same thing: both counters in one 64-byte line.
#[repr(C, align(64))]
#[derive(Debug, Default)]
pub struct Adjacent {
    pub left: AtomicU64,
    pub right: AtomicU64,
}

/// Hand padding: a wrapper aligned to 128 bytes. A type's size is a
/// multiple of its alignment, so a `Line<AtomicU64>` occupies 128 bytes and
/// the next field starts 128 bytes later.
#[repr(align(128))]
#[derive(Debug, Default)]
pub struct Line<T>(pub T);

#[repr(C)]
#[derive(Debug, Default)]
pub struct HandPadded {
    pub left: Line<AtomicU64>,
    pub right: Line<AtomicU64>,
}

/// The production version of the same idea: crossbeam's `CachePadded`
/// (128 bytes on x86-64 and aarch64).
#[repr(C)]
#[derive(Debug, Default)]
pub struct CratePadded {
    pub left: CachePadded<AtomicU64>,
    pub right: CachePadded<AtomicU64>,
}
// ANCHOR_END: layouts

// ANCHOR: hammer
/// Two threads; one adds 1 to `left` `increments` times, the other does the
/// same to `right`. They never touch each other's counter.
pub fn hammer(left: &AtomicU64, right: &AtomicU64, increments: u64) {
    thread::scope(|scope| {
        scope.spawn(|| {
            for _ in 0..increments {
                left.fetch_add(1, Ordering::Relaxed);
            }
        });
        scope.spawn(|| {
            for _ in 0..increments {
                right.fetch_add(1, Ordering::Relaxed);
            }
        });
    });
}
// ANCHOR_END: hammer

/// Runs `hammer` on one layout, checks the counts, returns the time taken.
fn timed(left: &AtomicU64, right: &AtomicU64, increments: u64) -> Duration {
    let started = Instant::now();
    hammer(left, right, increments);
    let elapsed = started.elapsed();
    assert_eq!(left.load(Ordering::Relaxed), increments);
    assert_eq!(right.load(Ordering::Relaxed), increments);
    elapsed
}

const USAGE: &str = "\
usage: false_sharing [INCREMENTS]
  INCREMENTS  per thread, a positive integer (default: 5000000)";

/// The increments per thread from the command line. `--help` prints the
/// usage and exits with status 0; a bad argument prints the usage and the
/// argument, and exits with status 2.
fn parse_args() -> Result<u64, ExitCode> {
    let mut args = std::env::args().skip(1);
    let increments = match args.next() {
        None => 5_000_000,
        Some(arg) if arg == "-h" || arg == "--help" => {
            println!("{USAGE}");
            return Err(ExitCode::SUCCESS);
        }
        Some(arg) => match arg.parse().ok().filter(|&n: &u64| n > 0) {
            Some(n) => n,
            None => return Err(bad_argument(&arg)),
        },
    };
    match args.next() {
        None => Ok(increments),
        Some(extra) => Err(bad_argument(&extra)),
    }
}

fn bad_argument(argument: &str) -> ExitCode {
    eprintln!("{USAGE}\nfalse_sharing: unexpected argument {argument:?}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let increments = match parse_args() {
        Ok(increments) => increments,
        Err(code) => return code,
    };
    // ANCHOR: main
    let adjacent = Adjacent::default();
    let hand_padded = HandPadded::default();
    let crate_padded = CratePadded::default();
    let runs = [
        (
            "adjacent",
            timed(&adjacent.left, &adjacent.right, increments),
        ),
        (
            "hand-padded",
            timed(&hand_padded.left.0, &hand_padded.right.0, increments),
        ),
        (
            "CachePadded",
            timed(&crate_padded.left, &crate_padded.right, increments),
        ),
    ];
    println!(
        "2 threads x {increments} increments each, own counter per thread:"
    );
    for (layout, elapsed) in runs {
        let per_increment = elapsed.as_nanos() as f64 / increments as f64;
        println!(
            "  {layout:<12} {elapsed:>10.2?}  \
             ({per_increment:.1} ns per increment)"
        );
    }
    // ANCHOR_END: main
    ExitCode::SUCCESS
}
