// The guard borrows the lock, so it cannot outlive it.
use spin_lock::{Guard, SpinLock};

fn newest_reading() -> Guard<'static, Vec<f64>> {
    let readings = SpinLock::new(vec![20.5, 21.0]);
    readings.lock()
}

fn main() {
    println!("{:?}", *newest_reading());
}
