//! `cargo bench -p lock-free-structures --bench ms_queue`: one producer
//! thread and one consumer thread move 100,000 items through the
//! Michael-Scott queue of step 2 (pinning once per operation), through
//! `crossbeam_queue::SegQueue`, and through a `Mutex<VecDeque>`. An
//! illustration of one machine, never a test: nothing here is asserted.
//!
//! Each iteration starts both threads and ends when the consumer has the
//! last item, so the two always overlap; the thread starts are a few tens
//! of microseconds against milliseconds of transfer. Divan's items counter
//! gives the throughput; the time per iteration divided by 100,000 is the
//! time per item.

use crossbeam_queue::SegQueue;
use divan::Bencher;
use divan::counter::ItemsCount;
use lock_free_structures::ms_queue_step2_epoch::MsQueue;
use std::collections::VecDeque;
use std::hint::{black_box, spin_loop};
use std::sync::Mutex;
use std::thread;

const ITEMS: u64 = 100_000;

fn main() {
    divan::main();
}

/// Runs `produce` and `consume` on two threads at once.
fn transfer(produce: impl FnOnce() + Send, consume: impl FnOnce() + Send) {
    thread::scope(|scope| {
        scope.spawn(produce);
        scope.spawn(consume);
    });
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn ms_queue_step2(bencher: Bencher) {
    bencher
        .counter(ItemsCount::new(ITEMS))
        .with_inputs(MsQueue::<u64>::new)
        .bench_local_refs(|queue| {
            let queue = &*queue;
            transfer(
                || {
                    let mut handle = queue.collector().register();
                    for item in 0..ITEMS {
                        let guard = handle.pin();
                        queue.push(item, &guard);
                    }
                },
                || {
                    let mut handle = queue.collector().register();
                    let mut received = 0;
                    while received < ITEMS {
                        let guard = handle.pin();
                        match queue.pop(&guard) {
                            Some(item) => {
                                black_box(item);
                                received += 1;
                            }
                            None => spin_loop(),
                        }
                    }
                },
            );
        });
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn crossbeam_seg_queue(bencher: Bencher) {
    bencher
        .counter(ItemsCount::new(ITEMS))
        .with_inputs(SegQueue::<u64>::new)
        .bench_local_refs(|queue| {
            let queue = &*queue;
            transfer(
                || (0..ITEMS).for_each(|item| queue.push(item)),
                || {
                    let mut received = 0;
                    while received < ITEMS {
                        match queue.pop() {
                            Some(item) => {
                                black_box(item);
                                received += 1;
                            }
                            None => spin_loop(),
                        }
                    }
                },
            );
        });
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn mutex_vec_deque(bencher: Bencher) {
    bencher
        .counter(ItemsCount::new(ITEMS))
        .with_inputs(|| Mutex::new(VecDeque::<u64>::new()))
        .bench_local_refs(|queue| {
            let queue = &*queue;
            transfer(
                || {
                    for item in 0..ITEMS {
                        queue.lock().unwrap().push_back(item);
                    }
                },
                || {
                    let mut received = 0;
                    while received < ITEMS {
                        let popped = queue.lock().unwrap().pop_front();
                        match popped {
                            Some(item) => {
                                black_box(item);
                                received += 1;
                            }
                            None => spin_loop(),
                        }
                    }
                },
            );
        });
}
