//! The fixes for `compile_fail/job_not_send.rs` and
//! `compile_fail/error_not_send.rs`: trait objects that name the auto
//! traits a thread needs.
use std::error::Error;
use std::sync::mpsc;
use std::thread;

// ANCHOR: job
/// A job the worker thread may run: the closure behind the box must be
/// `Send`, so every closure put in one is checked for it.
type Job = Box<dyn FnOnce() + Send + 'static>;

fn run_jobs() {
    let (jobs, queue) = mpsc::channel::<Job>();
    let worker = thread::spawn(move || {
        let mut done = 0;
        for job in queue {
            job();
            done += 1;
        }
        done
    });
    for photo in 1..=3 {
        jobs.send(Box::new(move || println!("resizing photo {photo}")))
            .unwrap();
    }
    drop(jobs); // closes the queue, so the worker's loop ends
    println!("the worker ran {} jobs", worker.join().unwrap());
}
// ANCHOR_END: job

// ANCHOR: error
/// The error type says it may cross threads. `?` still converts any
/// `Error + Send + Sync` (here `ParseIntError`) into it.
fn parse_prices(text: &str) -> Result<Vec<u32>, Box<dyn Error + Send + Sync>> {
    let mut prices = Vec::new();
    for field in text.split(',') {
        prices.push(field.trim().parse()?);
    }
    Ok(prices)
}

fn parse_on_threads() {
    for text in ["120, 95, 310", "120, ninety-five"] {
        let text = text.to_string();
        let parser = thread::spawn(move || parse_prices(&text));
        match parser.join().unwrap() {
            Ok(prices) => println!("prices: {prices:?}"),
            Err(error) => println!("bad price list: {error}"),
        }
    }
}
// ANCHOR_END: error

fn main() {
    run_jobs();
    parse_on_threads();
}
