//! A bounded producer/consumer queue: a `Mutex<VecDeque<_>>` and two
//! condition variables. Producers sleep while the queue is full, consumers
//! while it is empty; `close` wakes both kinds up: pushes fail from then on,
//! pops drain what is left and then return `None`.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::thread;

// ANCHOR: queue
#[derive(Debug)]
pub struct OrderQueue {
    state: Mutex<State>,
    not_empty: Condvar,
    not_full: Condvar,
}

#[derive(Debug)]
struct State {
    orders: VecDeque<u32>,
    capacity: usize,
    closed: bool,
}

impl OrderQueue {
    pub fn new(capacity: usize) -> Self {
        Self {
            state: Mutex::new(State {
                orders: VecDeque::new(),
                capacity,
                closed: false,
            }),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
        }
    }

    /// `Err(order)` if the queue is closed, before or while waiting.
    pub fn push(&self, order: u32) -> Result<(), u32> {
        let state = self.state.lock().unwrap();
        // `wait_while` unlocks, sleeps, relocks, and re-checks the
        // condition, as often as needed: spurious wake-ups included.
        let mut state = self
            .not_full
            .wait_while(state, |s| s.orders.len() == s.capacity && !s.closed)
            .unwrap();
        if state.closed {
            return Err(order);
        }
        state.orders.push_back(order);
        drop(state);
        self.not_empty.notify_one();
        Ok(())
    }

    /// `None` once the queue is closed and empty.
    pub fn pop(&self) -> Option<u32> {
        let state = self.state.lock().unwrap();
        let mut state = self
            .not_empty
            .wait_while(state, |s| s.orders.is_empty() && !s.closed)
            .unwrap();
        let order = state.orders.pop_front();
        drop(state);
        self.not_full.notify_one();
        order
    }

    /// Later pushes fail; pops drain what is left, then return `None`.
    pub fn close(&self) {
        self.state.lock().unwrap().closed = true;
        // Wake every sleeper, on both sides, so that each sees `closed`.
        self.not_empty.notify_all();
        self.not_full.notify_all();
    }
}
// ANCHOR_END: queue

fn main() {
    // ANCHOR: main
    let queue = OrderQueue::new(4);
    let packed: Vec<Vec<u32>> = thread::scope(|scope| {
        let packers: Vec<_> = (0..3)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    while let Some(order) = queue.pop() {
                        mine.push(order);
                    }
                    mine
                })
            })
            .collect();
        // The producer: 40 orders through a queue with room for 4.
        for order in 1..=40 {
            queue.push(order).expect("nobody closed the queue yet");
        }
        queue.close();
        packers.into_iter().map(|p| p.join().unwrap()).collect()
    });
    for (packer, orders) in packed.iter().enumerate() {
        println!("packer {packer} packed {} orders", orders.len());
    }
    let total: u32 = packed.iter().flatten().sum();
    println!(
        "all orders packed exactly once: {}",
        total == (1..=40).sum()
    );
    // ANCHOR_END: main
}
