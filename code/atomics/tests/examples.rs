//! Tests for the chapter's examples. Each example is compiled here as a
//! module, so the page, the Run button and these tests share one source.

#[path = "../examples/lost_update.rs"]
#[allow(dead_code)]
mod lost_update;

#[path = "../examples/stop_flag.rs"]
#[allow(dead_code)]
mod stop_flag;

#[path = "../examples/progress.rs"]
#[allow(dead_code)]
mod progress;

#[path = "../examples/statistics.rs"]
#[allow(dead_code)]
mod statistics;

#[path = "../examples/step1_ids_fetch_add.rs"]
#[allow(dead_code)]
mod step1_ids_fetch_add;

#[path = "../examples/step2_ids_compare_exchange.rs"]
#[allow(dead_code)]
mod step2_ids_compare_exchange;

#[path = "../examples/step3_ids_try_update.rs"]
#[allow(dead_code)]
mod step3_ids_try_update;

#[path = "../examples/lazy_key.rs"]
#[allow(dead_code)]
mod lazy_key;

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

const SMALL: bool = cfg!(miri);

#[test]
fn fetch_add_never_loses_a_view() {
    let per_thread = if SMALL { 50 } else { 100_000 };
    assert_eq!(
        lost_update::count_with_fetch_add(4, per_thread),
        4 * per_thread
    );
}

#[test]
fn load_then_store_never_counts_too_many() {
    // Lost updates depend on timing, so the test cannot demand them; it
    // checks only what always holds: nothing is counted twice.
    let per_thread = if SMALL { 50 } else { 100_000 };
    let counted = lost_update::count_with_load_and_store(4, per_thread);
    assert!(counted <= 4 * per_thread);
    assert!(counted >= per_thread, "at least one thread's run survives");
}

#[test]
fn a_set_flag_stops_the_worker_at_once() {
    let stop = AtomicBool::new(true);
    assert_eq!(stop_flag::watch_sensors(&stop), 0);
}

#[test]
fn the_worker_stops_when_told() {
    // A plain (not scoped) thread, so that a worker that never stops fails
    // the test instead of hanging it.
    static STOP: AtomicBool = AtomicBool::new(false);
    let (done, finished) = mpsc::channel();
    thread::spawn(move || done.send(stop_flag::watch_sensors(&STOP)).unwrap());
    STOP.store(true, Ordering::Relaxed);
    finished
        .recv_timeout(Duration::from_secs(10))
        .expect("the worker did not stop");
}

#[test]
fn progress_reaches_the_file_count() {
    let files = progress::sample_files(if SMALL { 3 } else { 50 }, 64);
    let done = AtomicUsize::new(0);
    let checksum = thread::scope(|scope| {
        let worker = scope.spawn(|| progress::checksum_files(&files, &done));
        let mut last = 0;
        while !worker.is_finished() {
            let now = done.load(Ordering::Relaxed);
            // One counter's values appear in its modification order: never
            // backwards.
            assert!(now >= last && now <= files.len());
            last = now;
            thread::yield_now();
        }
        worker.join().unwrap()
    });
    assert_eq!(done.into_inner(), files.len());
    let quiet = AtomicUsize::new(0);
    assert_eq!(progress::checksum_files(&files, &quiet), checksum);
}

#[test]
fn statistics_match_a_sequential_count() {
    let (workers, per_worker) = (4, if SMALL { 20 } else { 10_000 });
    let stats = statistics::RequestStats::new();
    statistics::serve(&stats, workers, per_worker);
    let latencies: Vec<u64> = (0..workers)
        .flat_map(|w| {
            (0..per_worker).map(move |n| statistics::latency_micros(w, n))
        })
        .collect();
    assert_eq!(stats.requests.into_inner(), workers * per_worker);
    assert_eq!(
        stats.total_micros.into_inner(),
        latencies.iter().sum::<u64>()
    );
    assert_eq!(
        stats.slowest_micros.into_inner(),
        *latencies.iter().max().unwrap()
    );
    assert_eq!(
        stats.fastest_micros.into_inner(),
        *latencies.iter().min().unwrap()
    );
}

#[test]
fn fetch_add_ids_wrap_to_zero() {
    let counter = AtomicU32::new(u32::MAX - 1);
    let ids: Vec<u32> = (0..4)
        .map(|_| step1_ids_fetch_add::next_id(&counter))
        .collect();
    assert_eq!(ids, [u32::MAX - 1, u32::MAX, 0, 1]);
}

#[test]
fn compare_exchange_ids_stop_at_the_end() {
    let counter = AtomicU32::new(u32::MAX - 2);
    let ids: Vec<Option<u32>> = (0..4)
        .map(|_| step2_ids_compare_exchange::next_id(&counter))
        .collect();
    assert_eq!(ids, [Some(u32::MAX - 2), Some(u32::MAX - 1), None, None]);
    assert_eq!(counter.into_inner(), u32::MAX);
}

#[test]
fn try_update_ids_stop_at_the_end() {
    let counter = AtomicU32::new(u32::MAX - 2);
    let ids: Vec<Option<u32>> = (0..4)
        .map(|_| step3_ids_try_update::next_id(&counter))
        .collect();
    assert_eq!(ids, [Some(u32::MAX - 2), Some(u32::MAX - 1), None, None]);
}

#[test]
fn both_fixes_hand_out_unique_ids_under_contention() {
    let fixes: [fn(&AtomicU32) -> Option<u32>; 2] = [
        step2_ids_compare_exchange::next_id,
        step3_ids_try_update::next_id,
    ];
    let attempts = if SMALL { 20 } else { 400 };
    for next_id in fixes {
        let first = u32::MAX - 50;
        let counter = AtomicU32::new(first);
        let ids: Vec<u32> = thread::scope(|scope| {
            let workers: Vec<_> = (0..4)
                .map(|_| {
                    let counter = &counter;
                    scope.spawn(move || {
                        (0..attempts)
                            .filter_map(|_| next_id(counter))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap())
                .collect()
        });
        let unique: HashSet<u32> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "an ID was handed out twice");
        assert_eq!(unique, (first..u32::MAX).collect());
    }
}

#[test]
fn every_thread_gets_the_same_key() {
    let keys: Vec<u64> = thread::scope(|scope| {
        let threads: Vec<_> =
            (0..4).map(|_| scope.spawn(lazy_key::hash_key)).collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    assert_ne!(keys[0], 0);
    assert!(keys.iter().all(|&key| key == keys[0]));
    assert_eq!(lazy_key::hash_key(), keys[0]);
}
