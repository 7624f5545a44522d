//! The same word count three ways: every worker locking one shared
//! `Mutex<HashMap>` per word, every worker sending every word to one owner
//! thread, and every worker counting privately and sending one partial
//! count. Words are borrowed `&str`s, so no variant allocates per word and
//! the cost measured is the synchronisation. Each variant runs once to warm
//! up and then `REPETITIONS` times, in turns, and the program prints the
//! median and the fastest run of each. The numbers depend on the machine,
//! the build profile and the load.
use std::collections::HashMap;
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

/// Splits `words` into `workers` chunks of nearly equal length.
fn chunks<'s, 'a>(
    words: &'s [&'a str],
    workers: usize,
) -> impl Iterator<Item = &'s [&'a str]> {
    let size = words.len().div_ceil(workers.max(1)).max(1);
    words.chunks(size)
}

// ANCHOR: locked
/// Counts words with `workers` scoped threads that all update one
/// `Mutex<HashMap>`, taking the lock once per word.
pub fn tally_locked<'a>(
    words: &[&'a str],
    workers: usize,
) -> HashMap<&'a str, u64> {
    let counts = Mutex::new(HashMap::new());
    thread::scope(|scope| {
        for chunk in chunks(words, workers) {
            let counts = &counts;
            scope.spawn(move || {
                for &word in chunk {
                    *counts.lock().unwrap().entry(word).or_insert(0) += 1;
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
pub fn tally_per_word<'a>(
    words: &[&'a str],
    workers: usize,
) -> HashMap<&'a str, u64> {
    let (to_owner, owner) = crossbeam_channel::unbounded::<&str>();
    thread::scope(|scope| {
        for chunk in chunks(words, workers) {
            let to_owner = to_owner.clone();
            scope.spawn(move || {
                for &word in chunk {
                    to_owner.send(word).unwrap();
                }
            });
        }
        drop(to_owner); // or the loop below would wait for it forever
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
pub fn tally_batched<'a>(
    words: &[&'a str],
    workers: usize,
) -> HashMap<&'a str, u64> {
    let (partials, owner) =
        crossbeam_channel::unbounded::<HashMap<&str, u64>>();
    thread::scope(|scope| {
        for chunk in chunks(words, workers) {
            let partials = partials.clone();
            scope.spawn(move || {
                let mut counts = HashMap::new();
                for &word in chunk {
                    *counts.entry(word).or_insert(0) += 1;
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

/// Timed runs per variant, after one warm-up run each.
const REPETITIONS: usize = 5;

/// The median and the fastest of `times`.
fn median_and_min(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort_unstable();
    (times[times.len() / 2], times[0])
}

// ANCHOR: main
type Tally = for<'a> fn(&[&'a str], usize) -> HashMap<&'a str, u64>;

fn main() {
    let log = order_log(25_000);
    // Split once, up front: the timed part is the counting.
    let words: Vec<&str> = log
        .iter()
        .flat_map(|line| line.split_whitespace())
        .collect();
    let workers = thread::available_parallelism().map_or(4, |n| n.get().min(8));
    let variants: [(&str, Tally); 3] = [
        ("shared Mutex<HashMap>, lock per word", tally_locked),
        ("one message per word to an owner    ", tally_per_word),
        ("one partial count per worker        ", tally_batched),
    ];

    // Warm-up: fault in the memory, start the allocator's caches, and
    // check that the three agree.
    let expected = tally_locked(&words, workers);
    for (_, tally) in variants {
        assert_eq!(tally(&words, workers), expected);
    }
    // Timed runs, taking turns, so that a burst of load elsewhere on the
    // machine hits every variant rather than one.
    let mut times = vec![Vec::new(); variants.len()];
    for _ in 0..REPETITIONS {
        for (i, (_, tally)) in variants.iter().enumerate() {
            let started = Instant::now();
            let counts = tally(&words, workers);
            times[i].push(started.elapsed());
            assert_eq!(counts.len(), expected.len());
        }
    }

    println!(
        "{} words, {} distinct, {workers} workers, \
         median (fastest) of {REPETITIONS} runs:",
        words.len(),
        expected.len()
    );
    for ((name, _), times) in variants.iter().zip(times) {
        let (median, fastest) = median_and_min(times);
        println!("{name}: {median:>10.2?} ({fastest:.2?})");
    }
}
// ANCHOR_END: main
