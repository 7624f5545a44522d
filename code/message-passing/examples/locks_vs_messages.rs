//! The same word count three ways: every worker locking one shared
//! `Mutex<HashMap>` per word, every worker sending every word to one owner
//! thread, and every worker counting privately and sending one partial
//! count. The timings are printed for illustration only: they depend on the
//! machine, the build profile and the load.
use std::collections::HashMap;
use std::sync::Mutex;
use std::thread;
use std::time::Instant;

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

/// Made-up order log lines: a small vocabulary, so workers often hit the
/// same words (the contended case).
fn order_log(lines: usize) -> Vec<String> {
    let products = ["paper", "pens", "stapler", "toner", "folders", "tape"];
    let cities = ["Lyon", "Porto", "Turku", "Graz"];
    (0..lines)
        .map(|n| {
            format!(
                "order {} shipped {} to {} via {}",
                n % 97,
                products[n % products.len()],
                cities[n % cities.len()],
                if n % 3 == 0 { "rail" } else { "road" }
            )
        })
        .collect()
}

// ANCHOR: main
fn main() {
    let log = order_log(20_000);
    let lines: Vec<&str> = log.iter().map(String::as_str).collect();
    let workers = thread::available_parallelism().map_or(4, |n| n.get().min(8));

    let started = Instant::now();
    let locked = tally_locked(&lines, workers);
    let locked_time = started.elapsed();

    let started = Instant::now();
    let per_word = tally_per_word(&lines, workers);
    let per_word_time = started.elapsed();

    let started = Instant::now();
    let batched = tally_batched(&lines, workers);
    let batched_time = started.elapsed();

    assert_eq!(locked, per_word);
    assert_eq!(locked, batched);
    let words: u64 = locked.values().sum();
    println!(
        "{words} words, {} distinct, {workers} workers",
        locked.len()
    );
    println!("shared Mutex<HashMap>, lock per word: {locked_time:?}");
    println!("one message per word to an owner:     {per_word_time:?}");
    println!("one partial count per worker:         {batched_time:?}");
}
// ANCHOR_END: main
