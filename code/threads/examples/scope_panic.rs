//! A panic in a scoped thread: `join` inside the scope sees it as `Err`;
//! a thread left for the scope to join makes `thread::scope` itself panic.
use std::panic;
use std::thread;

fn main() {
    // ANCHOR: joined
    let batches = [vec![4, 8], vec![], vec![5]];
    thread::scope(|scope| {
        let handles: Vec<_> = batches
            .iter()
            .map(|batch| {
                scope.spawn(move || {
                    batch.iter().sum::<u32>() / batch.len() as u32
                })
            })
            .collect();
        for (index, handle) in handles.into_iter().enumerate() {
            match handle.join() {
                Ok(mean) => println!("batch {index}: mean {mean}"),
                Err(_) => println!("batch {index}: the thread panicked"),
            }
        }
    });
    // ANCHOR_END: joined

    // ANCHOR: unjoined
    // Nobody joins this thread, so the scope does, and then panics itself.
    // `catch_unwind` is here only so that the example can print the outcome.
    let outcome = panic::catch_unwind(|| {
        thread::scope(|scope| {
            scope.spawn(|| {
                batches[1].iter().sum::<u32>() / batches[1].len() as u32
            });
        });
        println!("not reached: the scope panics after joining");
    });
    println!("scope returned normally: {}", outcome.is_ok());
    // ANCHOR_END: unjoined
}
