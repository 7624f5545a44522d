// A worker pool that gives every worker its own clone of a std receiver.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (job_tx, job_rx) = mpsc::channel::<u32>();
    let workers: Vec<_> = (0..3)
        .map(|worker| {
            let job_rx = job_rx.clone();
            thread::spawn(move || {
                for order_id in job_rx {
                    println!("worker {worker} packs order {order_id}");
                }
            })
        })
        .collect();
    for order_id in 1..=9 {
        job_tx.send(order_id).unwrap();
    }
    drop(job_tx);
    for worker in workers {
        worker.join().unwrap();
    }
}
