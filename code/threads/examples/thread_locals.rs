//! `thread_local!`: one value per thread, created on first use, dropped
//! when the thread exits. `Cell` and `RefCell` make it mutable.
use std::cell::{Cell, RefCell};
use std::thread;

// ANCHOR: declare
thread_local! {
    /// How many requests this thread has handled.
    static HANDLED: Cell<u32> = const { Cell::new(0) };
    /// Log lines this thread has not written out yet.
    static PENDING_LOG: RefCell<Vec<String>> =
        const { RefCell::new(Vec::new()) };
}

pub fn handle(request: &str) {
    HANDLED.set(HANDLED.get() + 1);
    PENDING_LOG.with_borrow_mut(|log| log.push(format!("handled {request}")));
}

pub fn flush_log() -> Vec<String> {
    // `with` lends the current thread's value to a closure; `take` on the
    // `RefCell` swaps in an empty vector and returns the old one.
    PENDING_LOG.with(|log| log.take())
}
// ANCHOR_END: declare

// ANCHOR: main
fn main() {
    handle("/status");
    let workers: Vec<_> = [vec!["/a", "/b", "/c"], vec!["/d"]]
        .into_iter()
        .map(|requests| {
            thread::spawn(move || {
                // A fresh thread starts from the initial value: 0 and empty.
                assert_eq!(HANDLED.get(), 0);
                for request in requests {
                    handle(request);
                }
                (HANDLED.get(), flush_log())
            })
        })
        .collect();
    for worker in workers {
        let (handled, log) = worker.join().unwrap();
        println!("worker handled {handled}: {log:?}");
    }
    // The workers' counts never touched this thread's copy.
    println!("main handled {}: {:?}", HANDLED.get(), flush_log());
}
// ANCHOR_END: main
