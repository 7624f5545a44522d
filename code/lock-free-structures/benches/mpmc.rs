//! `cargo bench -p lock-free-structures --bench mpmc`: producers and
//! consumers moving items through a bounded queue of capacity 1024, for
//! step 1 and step 2 of this chapter's MPMC queue, crossbeam's `ArrayQueue`
//! (the same algorithm, production-tuned) and a `Mutex<VecDeque>` with the
//! same bound. An illustration of one machine, never a test: nothing here
//! is asserted.
//!
//! Each sample spawns `pairs` producers and `pairs` consumers (1+1 and
//! 2+2) and moves `ITEMS` items through one fresh queue; divan reports the
//! sample's time and the items per second, whose inverse is the time per
//! item. A push that finds the queue full, or a pop that finds it empty,
//! yields and tries again, for every contestant alike. Spawning four
//! threads costs some tens of microseconds, against milliseconds for the
//! items, and is included. With 2+2 on a 2-core machine the four threads
//! share two cores, so the OS scheduler is part of what is measured.

use crossbeam_queue::ArrayQueue;
use divan::Bencher;
use divan::counter::ItemsCount;
use lock_free_structures::{mpmc_step1, mpmc_step2_padded};
use std::collections::VecDeque;
use std::hint::black_box;
use std::sync::Mutex;

fn main() {
    divan::main();
}

const CAPACITY: usize = 1024;
/// Items per sample, split evenly between the producers.
const ITEMS: usize = 1 << 19;
/// 1 producer + 1 consumer, and 2 + 2.
const PAIRS: &[usize] = &[1, 2];

/// What every contestant offers: a bounded queue of `u64`s.
trait Contestant: Sync {
    fn with_capacity(capacity: usize) -> Self;
    fn push(&self, item: u64) -> Result<(), u64>;
    fn pop(&self) -> Option<u64>;
}

impl Contestant for mpmc_step1::BoundedQueue<u64> {
    fn with_capacity(capacity: usize) -> Self {
        Self::new(capacity)
    }
    fn push(&self, item: u64) -> Result<(), u64> {
        self.try_push(item)
    }
    fn pop(&self) -> Option<u64> {
        self.try_pop()
    }
}

impl Contestant for mpmc_step2_padded::BoundedQueue<u64> {
    fn with_capacity(capacity: usize) -> Self {
        Self::new(capacity)
    }
    fn push(&self, item: u64) -> Result<(), u64> {
        self.try_push(item)
    }
    fn pop(&self) -> Option<u64> {
        self.try_pop()
    }
}

impl Contestant for ArrayQueue<u64> {
    fn with_capacity(capacity: usize) -> Self {
        Self::new(capacity)
    }
    fn push(&self, item: u64) -> Result<(), u64> {
        ArrayQueue::push(self, item)
    }
    fn pop(&self) -> Option<u64> {
        ArrayQueue::pop(self)
    }
}

/// A `VecDeque` behind a `Mutex`, refusing pushes beyond its capacity.
struct MutexDeque {
    items: Mutex<VecDeque<u64>>,
    capacity: usize,
}

impl Contestant for MutexDeque {
    fn with_capacity(capacity: usize) -> Self {
        MutexDeque {
            items: Mutex::new(VecDeque::with_capacity(capacity)),
            capacity,
        }
    }
    fn push(&self, item: u64) -> Result<(), u64> {
        let mut items = self.items.lock().unwrap();
        if items.len() == self.capacity {
            return Err(item);
        }
        items.push_back(item);
        Ok(())
    }
    fn pop(&self) -> Option<u64> {
        self.items.lock().unwrap().pop_front()
    }
}

/// One sample: `pairs` producers push `ITEMS` items in total and `pairs`
/// consumers pop them all.
fn transfer<Q: Contestant>(bencher: Bencher, pairs: usize) {
    bencher
        .counter(ItemsCount::new(ITEMS))
        .with_inputs(|| Q::with_capacity(CAPACITY))
        .bench_local_values(|queue| {
            let per_thread = ITEMS / pairs;
            std::thread::scope(|scope| {
                for _ in 0..pairs {
                    let queue = &queue;
                    scope.spawn(move || {
                        for item in 0..per_thread as u64 {
                            let mut item = black_box(item);
                            while let Err(back) = queue.push(item) {
                                item = back;
                                std::thread::yield_now();
                            }
                        }
                    });
                    scope.spawn(move || {
                        let mut sum = 0u64;
                        for _ in 0..per_thread {
                            loop {
                                if let Some(item) = queue.pop() {
                                    sum = sum.wrapping_add(item);
                                    break;
                                }
                                std::thread::yield_now();
                            }
                        }
                        black_box(sum);
                    });
                }
            });
            queue
        });
}

#[divan::bench(args = PAIRS, sample_count = 20, sample_size = 1)]
fn step1(bencher: Bencher, pairs: usize) {
    transfer::<mpmc_step1::BoundedQueue<u64>>(bencher, pairs);
}

#[divan::bench(args = PAIRS, sample_count = 20, sample_size = 1)]
fn step2_padded(bencher: Bencher, pairs: usize) {
    transfer::<mpmc_step2_padded::BoundedQueue<u64>>(bencher, pairs);
}

#[divan::bench(args = PAIRS, sample_count = 20, sample_size = 1)]
fn crossbeam_array_queue(bencher: Bencher, pairs: usize) {
    transfer::<ArrayQueue<u64>>(bencher, pairs);
}

#[divan::bench(args = PAIRS, sample_count = 20, sample_size = 1)]
fn mutex_vec_deque(bencher: Bencher, pairs: usize) {
    transfer::<MutexDeque>(bencher, pairs);
}
