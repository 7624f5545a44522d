//! The exercise's tests. Run them with
//! `cargo test -p processor --test exercise`.
//!
//! Layout is checked by address arithmetic and counting by exact sums after
//! joining the threads: nothing here depends on timing.

use processor::exercise::{Padded, ShardedCounter};
use std::mem::{align_of, size_of};
use std::thread;

/// The numeric address of `value`.
fn address_of<T: ?Sized>(value: &T) -> usize {
    std::ptr::from_ref(value).addr()
}

#[test]
fn padded_is_aligned_to_128_bytes() {
    assert_eq!(align_of::<Padded<u8>>(), 128);
    assert_eq!(align_of::<Padded<u64>>(), 128);
    // A size is a multiple of the alignment: one byte still costs 128.
    assert_eq!(size_of::<Padded<u8>>(), 128);
    assert_eq!(size_of::<Padded<[u8; 128]>>(), 128);
    assert_eq!(size_of::<Padded<[u8; 129]>>(), 256);
}

#[test]
fn padded_wraps_and_unwraps() {
    let padded = Padded::new(String::from("eu-west"));
    assert_eq!(padded.len(), 7, "Deref reaches the String");
    assert_eq!(padded.into_inner(), "eu-west");
}

#[test]
fn padded_values_in_an_array_start_new_blocks() {
    let array = [Padded::new(1u8), Padded::new(2), Padded::new(3)];
    let addresses: Vec<usize> =
        array.iter().map(|p| address_of::<u8>(p)).collect();
    for (index, address) in addresses.iter().enumerate() {
        assert_eq!(address % 128, 0, "element {index} at {address:#x}");
    }
    for pair in addresses.windows(2) {
        assert!(
            pair[1] - pair[0] >= 128,
            "{:#x} then {:#x}",
            pair[0],
            pair[1]
        );
    }
    assert_eq!(*array[2], 3);
}

#[test]
fn shards_are_on_different_cache_lines() {
    let counter = ShardedCounter::new(4);
    assert_eq!(counter.shard_count(), 4);
    let addresses: Vec<usize> =
        (0..4).map(|i| address_of(counter.shard(i))).collect();
    for (index, address) in addresses.iter().enumerate() {
        assert_eq!(address % 128, 0, "shard {index} at {address:#x}");
    }
    for pair in addresses.windows(2) {
        assert!(
            pair[1] - pair[0] >= 128,
            "{:#x} then {:#x}",
            pair[0],
            pair[1]
        );
    }
    // So every shard has a 64-byte line, and a 128-byte pair, to itself.
    let mut lines: Vec<usize> = addresses.iter().map(|a| a / 64).collect();
    lines.dedup();
    assert_eq!(lines.len(), 4);
}

#[test]
fn add_picks_the_shard_modulo_the_count() {
    let counter = ShardedCounter::new(4);
    counter.add(1, 2);
    counter.add(5, 3);
    use std::sync::atomic::Ordering;
    assert_eq!(counter.shard(1).load(Ordering::Relaxed), 5);
    assert_eq!(counter.shard(0).load(Ordering::Relaxed), 0);
    assert_eq!(counter.sum(), 5);
}

#[test]
fn sum_is_exact_after_threads_join() {
    let threads = 4;
    let adds: u64 = if cfg!(miri) { 25 } else { 20_000 };
    let counter = ShardedCounter::new(threads);
    thread::scope(|scope| {
        for shard in 0..threads {
            let counter = &counter;
            scope.spawn(move || {
                for _ in 0..adds {
                    counter.add(shard, 1);
                }
                // Two threads also share a shard: still exact, just slower.
                counter.add(0, 10);
            });
        }
    });
    assert_eq!(counter.sum(), threads as u64 * (adds + 10));
}

#[test]
#[should_panic(expected = "at least one shard")]
fn zero_shards_panics() {
    let _ = ShardedCounter::new(0);
}
