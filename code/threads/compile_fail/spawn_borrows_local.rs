// A depot's total computed on a thread that borrows the order list.
// This must not compile: without `move` the closure borrows `orders`, and
// the thread may outlive `main`'s stack frame.
use std::thread;

fn main() {
    let orders = vec![12, 30, 7];
    let depot = thread::spawn(|| orders.iter().sum::<u32>());
    println!("{} crates", depot.join().unwrap());
}
