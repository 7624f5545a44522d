// `&Guard<T>` gives every thread that shares it a `&T`, so sharing the
// guard needs `T: Sync`: a `Cell` must not be shared.
use spin_lock::SpinLock;
use std::cell::Cell;
use std::thread;

fn main() {
    let retries = SpinLock::new(Cell::new(0u32));
    let guard = retries.lock();
    thread::scope(|scope| {
        scope.spawn(|| guard.set(guard.get() + 1));
        scope.spawn(|| guard.set(guard.get() + 1));
    });
}
