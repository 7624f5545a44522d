//! Several producer threads, one consumer: `std::sync::mpsc` with cloned
//! senders, and a `for` loop over the receiver that ends by itself.
use std::sync::mpsc;
use std::thread;

fn main() {
    // ANCHOR: producers
    let (log_tx, log_rx) = mpsc::channel::<(&str, u32)>();

    for service in ["checkout", "billing", "shipping"] {
        let log_tx = log_tx.clone(); // one sender per producer
        thread::spawn(move || {
            for seq in 1..=3 {
                log_tx.send((service, seq)).unwrap();
            }
            // This thread's sender is dropped here.
        });
    }
    // The original sender must go too, or the loop below never ends.
    drop(log_tx);

    let mut last_seen = std::collections::HashMap::new();
    for (service, seq) in log_rx {
        println!("{service:>8} #{seq}");
        // FIFO holds per producer: each service's lines arrive in order,
        // though the services interleave however the threads ran.
        let previous = last_seen.insert(service, seq).unwrap_or(0);
        assert_eq!(seq, previous + 1);
    }
    println!("all senders dropped: the loop ended");
    // ANCHOR_END: producers
}
