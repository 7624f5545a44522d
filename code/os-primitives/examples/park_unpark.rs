//! `std::thread::park` and `Thread::unpark`: the token, and the loop that
//! every parking thread needs.

use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: token
/// An `unpark` that comes first is not lost: it leaves a token, and the
/// next `park` consumes it and returns at once. Tokens do not add up.
fn token_is_kept() {
    let me = thread::current();

    me.unpark(); // nobody is parked yet: this only sets the token
    let start = Instant::now();
    thread::park(); // consumes the token, does not sleep
    println!(
        "park after an earlier unpark returned in {:?}",
        start.elapsed()
    );

    me.unpark();
    me.unpark(); // the token is already set: still one token
    thread::park(); // consumes it
    let start = Instant::now();
    thread::park_timeout(Duration::from_millis(50)); // no token left
    println!(
        "two unparks, two parks: the second waited {:?} (timeout 50 ms)",
        start.elapsed()
    );
}
// ANCHOR_END: token

// ANCHOR: flag
/// The pattern to copy: the condition lives in your own data, and `park`
/// sits in a loop that re-checks it, because `park` may return without an
/// `unpark`, and an `unpark` may have been meant for an earlier wait. The
/// flag is `Release`/`Acquire` because in real code it publishes data written
/// before it (a job, a result); here it guards nothing, and `Relaxed` would
/// do.
fn wait_for_flag() {
    let ready = AtomicBool::new(false);
    thread::scope(|s| {
        let waiter = s.spawn(|| {
            let mut naps = 0;
            while !ready.load(Ordering::Acquire) {
                thread::park();
                naps += 1;
            }
            naps
        });
        // Not needed for correctness: only gives the waiter time to fall
        // asleep, so that the unpark below has someone to wake.
        thread::sleep(Duration::from_millis(20));
        ready.store(true, Ordering::Release);
        waiter.thread().unpark();
        let naps = waiter.join().unwrap();
        println!("the waiter saw the flag after {naps} park call(s)");
    });
}
// ANCHOR_END: flag

fn main() {
    token_is_kept();
    wait_for_flag();
}
