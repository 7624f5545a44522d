// A log moved into a writer thread, then read again by main.
// This must not compile: `move` moved the vector into the closure, so main
// no longer owns it.
use std::thread;

fn main() {
    let mut shipping_log = vec![String::from("08:10 pallets loaded")];
    let writer = thread::spawn(move || {
        shipping_log.push(String::from("08:45 lorry left"));
    });
    writer.join().unwrap();
    println!("log has {} lines", shipping_log.len());
}
