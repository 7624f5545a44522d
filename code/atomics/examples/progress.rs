//! A worker counts what it has done; the main thread reports progress.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

// ANCHOR: worker
/// Checksums every file in `files`, bumping `done` after each one, and
/// returns the combined checksum.
pub fn checksum_files(files: &[Vec<u8>], done: &AtomicUsize) -> u64 {
    let mut checksum = 0u64;
    for contents in files {
        for &byte in contents {
            checksum = checksum.rotate_left(5) ^ u64::from(byte);
        }
        // Relaxed: the count is all the main thread reads; the checksum
        // comes back through `join`.
        done.fetch_add(1, Ordering::Relaxed);
    }
    checksum
}
// ANCHOR_END: worker

/// Some made-up file contents, different for each file.
pub fn sample_files(count: usize, size: usize) -> Vec<Vec<u8>> {
    (0..count)
        .map(|file| (0..size).map(|i| (file * 31 + i) as u8).collect())
        .collect()
}

// ANCHOR: main
fn main() {
    let files = sample_files(300, 40_000);
    let done = AtomicUsize::new(0);
    let checksum = thread::scope(|scope| {
        let worker = scope.spawn(|| checksum_files(&files, &done));
        while !worker.is_finished() {
            let count = done.load(Ordering::Relaxed);
            println!("checksummed {count}/{} files", files.len());
            thread::sleep(Duration::from_millis(20));
        }
        worker.join().unwrap()
    });
    println!(
        "checksummed {}/{} files: {checksum:#018x}",
        done.load(Ordering::Relaxed),
        files.len()
    );
}
// ANCHOR_END: main
