//! Companion code for the chapter "Message passing".
//!
//! The library holds the reusable pieces the chapter builds from channels:
//!
//! - [`spawn_stage`]: one stage of a pipeline, a thread that turns every
//!   message from its input channel into zero or one messages on its output
//!   channel, and shuts down when its input does.
//! - [`worker_pool`]: several threads that take jobs from one shared
//!   crossbeam receiver (multi-consumer) and send results to one channel.
//! - [`tally_locked`], [`tally_per_word`] and [`tally_batched`]: the same word
//!   count done with a shared `Mutex<HashMap>` and with messages to one
//!   owner thread, for the chapter's comparison of locking and message
//!   passing.
//!
//! The runnable programs live in `examples/`, the programs that must not
//! compile in `compile_fail/`, and the exercise in `exercise/`.

use crossbeam_channel::{Receiver, Sender};
use std::collections::HashMap;
use std::sync::Mutex;
use std::thread::{self, JoinHandle};

// The exercise's shared types live in their own file, so that the starter
// and the solution use the same ones.
#[path = "../exercise/orders.rs"]
pub mod orders;

#[cfg_attr(not(feature = "solution"), path = "../exercise/starter.rs")]
#[cfg_attr(feature = "solution", path = "../exercise/solution.rs")]
pub mod exercise;

// ANCHOR: stage
/// Spawns one pipeline stage: a thread named `name` that applies `step` to
/// every message from `input` and sends each `Some` result to `output`.
///
/// Shutdown needs no extra signal. The loop ends when `input` is
/// disconnected (every upstream sender dropped) and drained; the thread then
/// returns, which drops `output`, which disconnects the next stage in turn.
/// If the next stage hangs up first, `send` fails and the stage stops early
/// instead of working for nobody.
///
/// The thread returns how many messages it received.
pub fn spawn_stage<I, O, F>(
    name: &str,
    input: Receiver<I>,
    output: Sender<O>,
    mut step: F,
) -> JoinHandle<usize>
where
    I: Send + 'static,
    O: Send + 'static,
    F: FnMut(I) -> Option<O> + Send + 'static,
{
    thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            let mut received = 0;
            for message in input {
                received += 1;
                if let Some(result) = step(message)
                    && output.send(result).is_err()
                {
                    break; // downstream hung up: nobody wants our output
                }
            }
            received
        })
        .expect("the OS refused to start a thread")
}
// ANCHOR_END: stage

// ANCHOR: pool
/// Starts `workers` threads that share one job queue.
///
/// Every worker holds a clone of `jobs`. A crossbeam `Receiver` is
/// multi-consumer: each job is delivered to exactly one of the clones,
/// whichever asks first, so a busy worker never holds up an idle one. Each
/// worker sends `work(job)` to `results` and exits when `jobs` is
/// disconnected and empty. Join the handles to wait for them; each returns
/// how many jobs it handled.
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
    // `jobs` and `results` are dropped here: only the workers' clones keep
    // the channels open.
}
// ANCHOR_END: pool

/// Splits `lines` into `workers` chunks of nearly equal length.
fn chunks<'a>(lines: &'a [&'a str], workers: usize) -> impl Iterator<Item = &'a [&'a str]> {
    let size = lines.len().div_ceil(workers.max(1)).max(1);
    lines.chunks(size)
}

// ANCHOR: locked
/// Counts words with `workers` scoped threads that all update one
/// `Mutex<HashMap>`, taking the lock once per word.
pub fn tally_locked(lines: &[&str], workers: usize) -> HashMap<String, u64> {
    let counts = Mutex::new(HashMap::new());
    thread::scope(|scope| {
        for chunk in chunks(lines, workers) {
            let counts = &counts;
            scope.spawn(move || {
                for word in chunk.iter().flat_map(|line| line.split_whitespace()) {
                    let mut counts = counts.lock().unwrap();
                    *counts.entry(word.to_string()).or_insert(0) += 1;
                }
            });
        }
    });
    counts.into_inner().unwrap()
}
// ANCHOR_END: locked

// ANCHOR: per_word
/// Counts words with `workers` scoped threads that send every word to one
/// owner, the calling thread, which alone holds the `HashMap`.
pub fn tally_per_word(lines: &[&str], workers: usize) -> HashMap<String, u64> {
    let (words, owner) = crossbeam_channel::unbounded::<String>();
    thread::scope(|scope| {
        for chunk in chunks(lines, workers) {
            let words = words.clone();
            scope.spawn(move || {
                for word in chunk.iter().flat_map(|line| line.split_whitespace()) {
                    words.send(word.to_string()).unwrap();
                }
            });
        }
        drop(words); // or the loop below would wait for it forever
        let mut counts = HashMap::new();
        for word in owner {
            *counts.entry(word).or_insert(0) += 1;
        }
        counts
    })
}
// ANCHOR_END: per_word

// ANCHOR: batched
/// Counts words with `workers` scoped threads that each count their own
/// chunk in a private `HashMap` and send it, once, to the owner, which
/// merges the partial counts.
pub fn tally_batched(lines: &[&str], workers: usize) -> HashMap<String, u64> {
    let (partials, owner) = crossbeam_channel::unbounded::<HashMap<String, u64>>();
    thread::scope(|scope| {
        for chunk in chunks(lines, workers) {
            let partials = partials.clone();
            scope.spawn(move || {
                let mut counts = HashMap::new();
                for word in chunk.iter().flat_map(|line| line.split_whitespace()) {
                    *counts.entry(word.to_string()).or_insert(0) += 1;
                }
                partials.send(counts).unwrap();
            });
        }
        drop(partials);
        let mut total = HashMap::new();
        for partial in owner {
            for (word, n) in partial {
                *total.entry(word).or_insert(0) += n;
            }
        }
        total
    })
}
// ANCHOR_END: batched
