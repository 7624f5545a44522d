// Summing borrowed readings on a spawned thread, joined right away.
// This must not compile: `thread::spawn` needs a `'static` closure, and
// `readings` is borrowed only for the duration of the call. The compiler
// does not look at the `join` below; the signature of `spawn` is all it has.
use std::thread;

fn total_in_background(readings: &[u64]) -> u64 {
    let summer = thread::spawn(move || readings.iter().sum::<u64>());
    summer.join().unwrap()
}

fn main() {
    let readings = vec![200, 201, 199];
    println!("total: {}", total_in_background(&readings));
}
