//! Scoped threads borrow local data: sum a slice in parallel chunks, then
//! scale it in place with disjoint `&mut` chunks. The fix for
//! `compile_fail/spawn_borrows_argument.rs`.
use std::thread;

// ANCHOR: sum
/// Sums `readings` with one scoped thread per chunk.
pub fn parallel_sum(readings: &[u64], threads: usize) -> u64 {
    let chunk_len = readings.len().div_ceil(threads).max(1);
    thread::scope(|scope| {
        // Spawn all threads first, then join them: joining each one right
        // after spawning it would run the chunks one at a time.
        let handles: Vec<_> = readings
            .chunks(chunk_len)
            .map(|chunk| scope.spawn(move || chunk.iter().sum::<u64>()))
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("a summing thread panicked"))
            .sum()
    })
}
// ANCHOR_END: sum

// ANCHOR: main
fn main() {
    // One reading per second for a day, from a made-up electricity meter.
    let mut readings: Vec<u64> =
        (0..86_400).map(|second| 200 + second % 97).collect();
    let threads = thread::available_parallelism().map_or(2, |n| n.get());

    let total = parallel_sum(&readings, threads);
    println!("{threads} threads: total {total}");
    assert_eq!(total, readings.iter().sum::<u64>());

    // `&mut` works too, as long as each thread gets its own part:
    // `chunks_mut` hands out non-overlapping mutable slices.
    thread::scope(|scope| {
        for chunk in readings.chunks_mut(10_000) {
            scope.spawn(move || chunk.iter_mut().for_each(|watts| *watts *= 2));
        }
    }); // Every thread has finished here, so `readings` is ours again.
    println!("after doubling: {}", parallel_sum(&readings, threads));
}
// ANCHOR_END: main
