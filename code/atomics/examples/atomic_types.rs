//! Which atomic types this target has, and how to write code that adapts.

use std::mem::{align_of, size_of};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

// ANCHOR: portable
/// A byte counter: one atomic `u64` where the target has them, a mutex
/// around a `u64` where it does not (32-bit MIPS and PowerPC, for example).
#[cfg(target_has_atomic = "64")]
mod bytes_sent {
    use std::sync::atomic::{AtomicU64, Ordering};

    static TOTAL: AtomicU64 = AtomicU64::new(0);

    pub fn add(bytes: u64) {
        TOTAL.fetch_add(bytes, Ordering::Relaxed);
    }

    pub fn total() -> u64 {
        TOTAL.load(Ordering::Relaxed)
    }
}

#[cfg(not(target_has_atomic = "64"))]
mod bytes_sent {
    use std::sync::Mutex;

    static TOTAL: Mutex<u64> = Mutex::new(0);

    pub fn add(bytes: u64) {
        *TOTAL.lock().unwrap() += bytes;
    }

    pub fn total() -> u64 {
        *TOTAL.lock().unwrap()
    }
}
// ANCHOR_END: portable

// ANCHOR: shared
/// Atomics change through `&self`: no `mut` anywhere, and a `static` works.
static CONNECTIONS: AtomicUsize = AtomicUsize::new(0);

fn open_connection(verbose: &AtomicBool) {
    let open = CONNECTIONS.fetch_add(1, Ordering::Relaxed) + 1;
    if verbose.load(Ordering::Relaxed) {
        println!("{open} connections open");
    }
}
// ANCHOR_END: shared

fn main() {
    // ANCHOR: widths
    let widths = [
        ("8", cfg!(target_has_atomic = "8")),
        ("16", cfg!(target_has_atomic = "16")),
        ("32", cfg!(target_has_atomic = "32")),
        ("64", cfg!(target_has_atomic = "64")),
        ("ptr", cfg!(target_has_atomic = "ptr")),
    ];
    for (width, available) in widths {
        println!("target_has_atomic = {width:>3}: {available}");
    }
    // ANCHOR_END: widths
    println!(
        "u64: size {}, align {}; AtomicU64: size {}, align {}",
        size_of::<u64>(),
        align_of::<u64>(),
        size_of::<std::sync::atomic::AtomicU64>(),
        align_of::<std::sync::atomic::AtomicU64>(),
    );

    let verbose = AtomicBool::new(true);
    open_connection(&verbose);
    open_connection(&verbose);

    bytes_sent::add(1_500);
    bytes_sent::add(500);
    println!("bytes sent: {}", bytes_sent::total());

    // With exclusive access there is nothing to synchronise: `get_mut`
    // hands out a plain `&mut bool`, `into_inner` the value.
    let mut quiet = AtomicBool::new(false);
    *quiet.get_mut() = true;
    println!("quiet: {}", quiet.into_inner());
}
