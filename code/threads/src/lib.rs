//! Companion code for the chapter "Threads".
//!
//! The runnable programs live in `examples/`, each a single file that uses
//! only std and tokio, so that the book's Run button can send it to the
//! Playground. This library holds the pieces of them that are worth testing:
//! splitting work into chunks, summing a slice with scoped threads, reading
//! a panic's message from a `join` error, and reading memory figures from
//! `/proc/self/status`. The programs that must not compile are in
//! `compile_fail/`, the exercise in `exercise/`.

use std::any::Any;
use std::ops::Range;
use std::thread;

// The exercise's shared helper lives in its own file so that the starter and
// the solution use the same one.
#[path = "../exercise/words.rs"]
pub mod words;

#[cfg_attr(not(feature = "solution"), path = "../exercise/starter.rs")]
#[cfg_attr(feature = "solution", path = "../exercise/solution.rs")]
pub mod exercise;

/// Splits `0..len` into `parts` contiguous ranges whose lengths differ by at
/// most one, in order. Fewer ranges come back when `len < parts`, so that no
/// range is empty; none come back when `len` is 0.
///
/// ```
/// assert_eq!(threads::split_even(10, 3), [0..4, 4..7, 7..10]);
/// assert_eq!(threads::split_even(2, 5), [0..1, 1..2]);
/// ```
///
/// # Panics
///
/// If `parts` is 0.
pub fn split_even(len: usize, parts: usize) -> Vec<Range<usize>> {
    assert!(parts > 0, "cannot split into 0 parts");
    let parts = parts.min(len);
    let mut ranges = Vec::with_capacity(parts);
    let mut start = 0;
    for index in 0..parts {
        // The first `len % parts` ranges get one extra element.
        let size = len / parts + usize::from(index < len % parts);
        ranges.push(start..start + size);
        start += size;
    }
    ranges
}

// ANCHOR: parallel_sum
/// Sums `readings` on `threads` scoped threads, one contiguous chunk each.
///
/// The threads borrow `readings` directly: `thread::scope` joins all of them
/// before it returns, so the borrow cannot outlive the slice.
///
/// # Panics
///
/// If `threads` is 0, or if the sum overflows `u64` (as `Iterator::sum`
/// does in debug builds).
pub fn parallel_sum(readings: &[u64], threads: usize) -> u64 {
    thread::scope(|scope| {
        let handles: Vec<_> = split_even(readings.len(), threads)
            .into_iter()
            .map(|range| {
                let chunk = &readings[range];
                scope.spawn(move || chunk.iter().sum::<u64>())
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("a summing thread panicked"))
            .sum()
    })
}
// ANCHOR_END: parallel_sum

/// The message of a panic, from the payload that `JoinHandle::join` returns
/// in its `Err`.
///
/// `panic!("literal")` carries a `&'static str` and `panic!("{x}")` a
/// `String`; any other payload (from `std::panic::panic_any`) has no message
/// this function can read, and gives `None`.
pub fn panic_message(payload: &(dyn Any + Send)) -> Option<&str> {
    if let Some(message) = payload.downcast_ref::<&'static str>() {
        Some(message)
    } else {
        payload.downcast_ref::<String>().map(String::as_str)
    }
}

/// A size field of a `/proc/<pid>/status` text, in KiB: `VmRSS`, `VmHWM`,
/// `VmSize`, ... `None` if the field is missing or malformed.
///
/// ```
/// let status = "Name:\tdemo\nVmRSS:\t    2048 kB\n";
/// assert_eq!(threads::status_kib(status, "VmRSS"), Some(2048));
/// assert_eq!(threads::status_kib(status, "VmHWM"), None);
/// ```
pub fn status_kib(status: &str, field: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(field)?.strip_prefix(':')?;
        rest.trim().strip_suffix("kB")?.trim().parse().ok()
    })
}
