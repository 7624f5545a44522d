//! A worker pool over crossbeam-channel: the receiver is multi-consumer, so
//! every worker gets its own clone and no mutex is needed.
use crossbeam_channel::{Receiver, Sender, bounded, unbounded};
use std::thread::{self, JoinHandle};

// ANCHOR: pool
/// Starts `workers` threads that share one job queue. Each job goes to
/// exactly one worker; each worker exits when `jobs` is disconnected and
/// empty, and returns how many jobs it handled.
pub fn worker_pool<J, R, F>(
    workers: usize,
    jobs: Receiver<J>,
    results: Sender<R>,
    work: F,
) -> Vec<JoinHandle<usize>>
where
    J: Send + 'static,
    R: Send + 'static,
    F: Fn(J) -> R + Clone + Send + 'static,
{
    (0..workers)
        .map(|n| {
            let jobs = jobs.clone();
            let results = results.clone();
            let work = work.clone();
            thread::Builder::new()
                .name(format!("worker-{n}"))
                .spawn(move || {
                    let mut handled = 0;
                    for job in jobs.iter() {
                        handled += 1;
                        if results.send(work(job)).is_err() {
                            break;
                        }
                    }
                    handled
                })
                .expect("the OS refused to start a thread")
        })
        .collect()
}
// ANCHOR_END: pool

fn main() {
    // ANCHOR: main
    // Bounded: the producer can be at most 8 jobs ahead of the workers.
    let (job_tx, job_rx) = bounded::<(u64, String)>(8);
    let (result_tx, result_rx) = unbounded();
    let workers = worker_pool(4, job_rx, result_tx, |(order_id, customer)| {
        let label = format!("order {order_id} for {customer}: label printed");
        (order_id, label)
    });

    for order_id in 1..=20 {
        job_tx
            .send((order_id, format!("customer-{}", order_id % 6)))
            .unwrap();
    }
    drop(job_tx);

    let mut labels: Vec<(u64, String)> = result_rx.iter().collect();
    let per_worker: Vec<usize> =
        workers.into_iter().map(|w| w.join().unwrap()).collect();
    labels.sort();
    assert_eq!(labels.len(), 20, "every job handled exactly once");
    println!("{}", labels[0].1);
    println!(
        "... {} labels; jobs per worker: {per_worker:?}",
        labels.len()
    );
    // ANCHOR_END: main
}
