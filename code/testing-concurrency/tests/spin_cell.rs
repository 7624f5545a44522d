//! The spin cell's correct `update`, on real threads.

use std::thread;
use testing_concurrency::spin_cell::SpinCell;

#[test]
fn updates_from_two_threads_all_count() {
    let per_thread = if cfg!(miri) { 50 } else { 100_000 };
    let counter = SpinCell::new(0_u64);
    thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                for _ in 0..per_thread {
                    counter.update(|count| count + 1);
                }
            });
        }
    });
    assert_eq!(counter.get(), 2 * per_thread);
}
