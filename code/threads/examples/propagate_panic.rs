//! Two things to do with a worker's panic besides printing it: re-raise it
//! with its original payload (`panic::resume_unwind`), and check on a worker
//! without blocking (`JoinHandle::is_finished`).
use std::any::Any;
use std::panic;
use std::sync::mpsc;
use std::thread::{self, JoinHandle};

// ANCHOR: propagate
/// Waits for `worker` and returns its result. If it panicked, the panic
/// continues on this thread with the worker's own payload.
pub fn join_or_propagate<T>(worker: JoinHandle<T>) -> T {
    match worker.join() {
        Ok(value) => value,
        // Unlike `panic!`, `resume_unwind` does not run the panic hook
        // again, so the message is printed once, by the worker.
        Err(payload) => panic::resume_unwind(payload),
    }
}
// ANCHOR_END: propagate

/// The text of a panic payload, as in `join_panic.rs`.
fn panic_message(payload: &(dyn Any + Send)) -> &str {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text
    } else {
        "(not a string)"
    }
}

/// A supervisor thread that starts a failing worker and waits for it with
/// `wait`; returns what the supervisor's own `join` reports.
fn supervise(wait: fn(JoinHandle<u32>) -> u32) -> String {
    let supervisor = thread::spawn(move || {
        let worker =
            thread::spawn(|| -> u32 { panic!("invoice INV-8 has no amount") });
        wait(worker)
    });
    match supervisor.join() {
        Ok(fee) => format!("fee {fee}"),
        Err(payload) => {
            format!("supervisor panicked: {}", panic_message(&*payload))
        }
    }
}

fn main() {
    // ANCHOR: compare
    println!(
        "with unwrap:\n  {}",
        supervise(|worker| worker.join().unwrap())
    );
    println!("with resume_unwind:\n  {}", supervise(join_or_propagate));
    // ANCHOR_END: compare

    // ANCHOR: is_finished
    let (go, wait_for_go) = mpsc::channel::<()>();
    let indexer = thread::spawn(move || {
        wait_for_go.recv().unwrap();
        (1..=10_000u64).filter(|n| n % 7 == 0).count()
    });
    // The indexer cannot finish before it gets `go`, so this is surely false.
    println!("finished before go: {}", indexer.is_finished());
    go.send(()).unwrap();
    // `is_finished` never blocks. A caller with other work polls it and
    // joins once it says true; this one has nothing else to do, so it yields.
    while !indexer.is_finished() {
        thread::yield_now();
    }
    println!(
        "finished after go: true, {} multiples of 7",
        indexer.join().unwrap()
    );
    // ANCHOR_END: is_finished
}
