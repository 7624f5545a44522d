//! What a spinning waiter does while the lock's holder is not running.
//!
//! The holder takes the lock and then sleeps for 20 ms inside the critical
//! section, standing in for a thread that the OS has descheduled (its time
//! slice ran out, or a page fault sent it to disk). The waiter spins the
//! whole time, burning a core, and counts its turns. A waiter on
//! `std::sync::Mutex` instead asks the OS to put it to sleep until the
//! holder unlocks, and uses no CPU meanwhile.
//!
//! This file carries its own small copy of the lock, so that it runs on the
//! Playground; the chapter's library builds the real one step by step.

use std::hint::spin_loop;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

const HOLD: Duration = Duration::from_millis(20);

// ANCHOR: main
fn main() {
    let locked = AtomicBool::new(false);
    let (taken, lock_is_held) = mpsc::channel();
    let spins = thread::scope(|scope| {
        scope.spawn(|| {
            while locked
                .compare_exchange(
                    false,
                    true,
                    Ordering::Acquire,
                    Ordering::Relaxed,
                )
                .is_err()
            {
                spin_loop();
            }
            taken.send(()).unwrap();
            thread::sleep(HOLD); // "descheduled" while holding the lock
            locked.store(false, Ordering::Release);
        });
        lock_is_held.recv().unwrap();
        let mut spins = 0u64;
        while locked
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            spins += 1;
            spin_loop();
        }
        locked.store(false, Ordering::Release);
        spins
    });
    println!(
        "spin lock: the waiter turned {spins} times in about {} ms, \
         keeping a core busy",
        HOLD.as_millis()
    );

    let ledger = Mutex::new(0u32);
    let (taken, lock_is_held) = mpsc::channel();
    let waited = thread::scope(|scope| {
        scope.spawn(|| {
            let mut entry = ledger.lock().unwrap();
            taken.send(()).unwrap();
            thread::sleep(HOLD);
            *entry += 1;
        });
        lock_is_held.recv().unwrap();
        let start = Instant::now();
        *ledger.lock().unwrap() += 1; // sleeps in the kernel until unlocked
        start.elapsed()
    });
    println!(
        "Mutex: the waiter slept for {} ms and ran again when the holder \
         unlocked",
        waited.as_millis()
    );
}
// ANCHOR_END: main
