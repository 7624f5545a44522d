//! When `main` returns, the process ends, and every other thread with it,
//! even one that is still in the middle of its work.
use std::sync::{Barrier, mpsc};
use std::thread;

// ANCHOR: main
fn main() {
    let (started_tx, started_rx) = mpsc::channel();
    thread::spawn(move || {
        println!("backup: started, waiting for the last batch");
        started_tx.send(()).unwrap();
        // Nobody else ever waits on this barrier, so this thread blocks
        // here for good: it stands for work that is not finished yet.
        Barrier::new(2).wait();
        println!("backup: finished"); // never printed
    });
    // Wait until the thread is surely running, so the output is the same
    // on every run. Then return without joining it.
    started_rx.recv().unwrap();
    println!("main: returning without join");
}
// ANCHOR_END: main
