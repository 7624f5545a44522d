// Locking a mutex on one thread and unlocking it on another.
// This must not compile: `MutexGuard` is not `Send`.
use std::sync::Mutex;
use std::thread;

fn main() {
    let stock = Mutex::new(10u32);
    thread::scope(|scope| {
        let mut guard = stock.lock().unwrap();
        *guard -= 1;
        scope.spawn(move || drop(guard));
    });
    println!("{} left", stock.into_inner().unwrap());
}
