//! A key generated on first use, by whichever thread gets there first: a
//! race whose losers simply adopt the winner's key.

use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

// ANCHOR: key
/// 0 means "not generated yet".
static HASH_KEY: AtomicU64 = AtomicU64::new(0);

/// A random, non-zero key, the same for every caller in this process.
pub fn hash_key() -> u64 {
    // Relaxed: the key is the whole message; no other data depends on it.
    let key = HASH_KEY.load(Ordering::Relaxed);
    if key != 0 {
        return key;
    }
    // Several threads may get here at once and each make a candidate.
    let candidate = random_non_zero();
    // The strong version: one attempt, no loop, so a spurious failure would
    // leave us holding `Err(0)`, which is no key at all.
    match HASH_KEY.compare_exchange(
        0,
        candidate,
        Ordering::Relaxed,
        Ordering::Relaxed,
    ) {
        Ok(_) => candidate,
        Err(winner) => winner,
    }
}
// ANCHOR_END: key

/// A random `u64` from std alone: `RandomState` is seeded randomly.
fn random_non_zero() -> u64 {
    RandomState::new().hash_one("hash key").max(1)
}

fn main() {
    let keys: Vec<u64> = thread::scope(|scope| {
        let threads: Vec<_> = (0..4).map(|_| scope.spawn(hash_key)).collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    for (thread, key) in keys.iter().enumerate() {
        println!("thread {thread} uses key {key:#018x}");
    }
    assert!(keys.iter().all(|&key| key == keys[0]));
}
