//! A thread panics halfway through moving stock between two bins, while it
//! holds the lock. The mutex is poisoned: `lock` still locks, but returns
//! `Err` to say that a holder panicked. The data is there to inspect.

use std::sync::{Arc, Mutex};
use std::thread;

/// Two bins in a warehouse; the total should always be 100.
#[derive(Debug)]
struct Bins {
    aisle_3: u32,
    aisle_7: u32,
}

fn main() {
    // ANCHOR: poison
    let bins = Arc::new(Mutex::new(Bins {
        aisle_3: 60,
        aisle_7: 40,
    }));
    let mover = {
        let bins = Arc::clone(&bins);
        thread::spawn(move || {
            let mut bins = bins.lock().unwrap();
            bins.aisle_3 -= 10;
            // The second half of the move never happens.
            panic!("scanner failure while moving 10 crates");
        })
    };
    assert!(mover.join().is_err());
    println!("poisoned: {}", bins.is_poisoned());
    // ANCHOR_END: poison

    // ANCHOR: recover
    let mut guard = match bins.lock() {
        Ok(guard) => guard,
        // We hold the lock either way: `into_inner` hands us the guard.
        Err(poisoned) => {
            println!("lock() returned Err, and we hold the lock anyway");
            poisoned.into_inner()
        }
    };
    println!("found {guard:?}: total {}", guard.aisle_3 + guard.aisle_7);
    if guard.aisle_3 + guard.aisle_7 != 100 {
        // Repair the invariant: finish the half-done move.
        guard.aisle_7 += 10;
    }
    drop(guard);
    // Say that the data is trustworthy again.
    bins.clear_poison();
    println!(
        "repaired: {:?}, poisoned: {}",
        bins.lock().unwrap(),
        bins.is_poisoned()
    );
    // ANCHOR_END: recover
}
