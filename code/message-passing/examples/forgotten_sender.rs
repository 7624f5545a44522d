//! Why `for msg in rx` can hang: the loop ends only when *every* sender is
//! gone, including the one `channel()` returned to the main thread.
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

fn main() {
    // ANCHOR: forgotten
    let (order_tx, order_rx) = mpsc::channel();
    let worker_tx = order_tx.clone();
    thread::spawn(move || {
        for id in [1042, 1043] {
            worker_tx.send(id).unwrap();
        }
    })
    .join()
    .unwrap(); // the producer has finished and dropped its sender

    for _ in 0..2 {
        println!("order {}", order_rx.recv().unwrap());
    }
    // Buffer empty, producer gone, and yet the channel is not disconnected:
    // `order_tx` is still alive in this very function. A `for` loop here
    // would wait forever; `recv_timeout` shows what it would be waiting on.
    match order_rx.recv_timeout(Duration::from_millis(200)) {
        Err(RecvTimeoutError::Timeout) => {
            println!("still connected: waiting for `order_tx`")
        }
        other => unreachable!("{other:?}"),
    }

    drop(order_tx); // the last sender goes
    assert_eq!(
        order_rx.recv_timeout(Duration::from_millis(200)),
        Err(RecvTimeoutError::Disconnected)
    );
    println!("disconnected: a `for` loop would end now");
    // ANCHOR_END: forgotten
}
