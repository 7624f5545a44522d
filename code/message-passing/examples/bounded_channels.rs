//! `sync_channel(n)`: a bounded buffer whose full state pushes back on the
//! sender, and `sync_channel(0)`, where every send waits for a receive.
use std::sync::mpsc::{self, RecvTimeoutError, TrySendError};
use std::thread;
use std::time::Duration;

fn main() {
    // ANCHOR: bounded
    let (job_tx, job_rx) = mpsc::sync_channel(2);
    job_tx.try_send("resize image 1").unwrap();
    job_tx.try_send("resize image 2").unwrap();
    // The buffer is full. `send` would block here until the receiver makes
    // room; `try_send` reports it and gives the job back instead.
    match job_tx.try_send("resize image 3") {
        Err(TrySendError::Full(job)) => {
            println!("buffer full, {job:?} not queued")
        }
        other => unreachable!("{other:?}"),
    }
    assert_eq!(job_rx.recv(), Ok("resize image 1"));
    job_tx.try_send("resize image 3").unwrap(); // room again
    // ANCHOR_END: bounded

    // ANCHOR: rendezvous
    let (handoff_tx, handoff_rx) = mpsc::sync_channel(0);
    // No receiver is waiting, and there is no buffer: nothing can be queued.
    assert!(matches!(
        handoff_tx.try_send("token"),
        Err(TrySendError::Full("token"))
    ));

    let (event_tx, event_rx) = mpsc::channel();
    let sender = thread::spawn(move || {
        handoff_tx.send("token").unwrap(); // blocks until someone receives
        event_tx.send("send returned").unwrap();
    });
    // Nobody has received yet, so the sender is still inside `send`.
    assert_eq!(
        event_rx.recv_timeout(Duration::from_millis(100)),
        Err(RecvTimeoutError::Timeout)
    );
    println!("sender still blocked in send()");
    assert_eq!(handoff_rx.recv(), Ok("token"));
    println!(
        "received; then the sender reports: {}",
        event_rx.recv().unwrap()
    );
    sender.join().unwrap();
    // ANCHOR_END: rendezvous
}
