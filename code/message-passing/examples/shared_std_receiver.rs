//! A worker pool over `std::sync::mpsc`: the single `Receiver` cannot be
//! cloned, so the workers share it through `Arc<Mutex<_>>`.
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    // ANCHOR: fixed
    let (job_tx, job_rx) = mpsc::channel::<u32>();
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (done_tx, done_rx) = mpsc::channel();

    let workers: Vec<_> = (0..3)
        .map(|worker| {
            let job_rx = Arc::clone(&job_rx);
            let done_tx = done_tx.clone();
            thread::spawn(move || {
                loop {
                    // The guard is a temporary: it is dropped at the end of
                    // this statement, so the lock is free while we work.
                    let next = job_rx.lock().unwrap().recv();
                    let Ok(order_id) = next else { break }; // disconnected
                    done_tx.send((worker, order_id)).unwrap();
                }
            })
        })
        .collect();
    drop(done_tx);

    for order_id in 1..=9 {
        job_tx.send(order_id).unwrap();
    }
    drop(job_tx); // no more jobs: each worker's `recv` returns `Err`

    let mut handled: Vec<(usize, u32)> = done_rx.iter().collect();
    for worker in workers {
        worker.join().unwrap();
    }
    handled.sort_by_key(|&(_, order_id)| order_id);
    for (worker, order_id) in handled {
        println!("order {order_id} packed by worker {worker}");
    }
    // ANCHOR_END: fixed
}
