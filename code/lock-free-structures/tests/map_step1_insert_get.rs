//! Tests of step 1 of the hash map: `insert` and `get`, against
//! `std::collections::HashMap` on one thread and with two threads racing.

use lock_free_structures::map_step1_insert_get::{Map, TableFull, home};
use std::collections::HashMap;
use std::sync::Barrier;
use std::thread;
use test_support::Xorshift;

/// Operations per oracle run and keys per thread in the races (small
/// under Miri, which runs about a thousand times slower).
const OPS: usize = if cfg!(miri) { 300 } else { 20_000 };
const KEYS: u64 = if cfg!(miri) { 24 } else { 2_000 };

#[test]
fn one_thread_agrees_with_std_hash_map() {
    let map = Map::new(256);
    let mut oracle = HashMap::new();
    let mut random = Xorshift(0x2545_F491_4F6C_DD1D);
    // 200 distinct keys in a 256-slot table: long probe chains, no overflow.
    for _ in 0..OPS {
        let key = random.next_u64() % 200 + 1;
        if random.next_u64().is_multiple_of(2) {
            let value = random.next_u64() % 1_000 + 1;
            let expected = oracle.insert(key, value);
            assert_eq!(map.insert(key, value), Ok(expected), "insert {key}");
        } else {
            assert_eq!(map.get(key), oracle.get(&key).copied(), "get {key}");
        }
    }
    for key in 1..=200 {
        assert_eq!(map.get(key), oracle.get(&key).copied(), "final {key}");
    }
}

#[test]
fn keys_that_share_a_home_slot_both_stay_findable() {
    let map = Map::new(8);
    let mask = map.capacity() - 1;
    let first = 1;
    let second = (2..).find(|&key| home(key, mask) == home(first, mask));
    let second = second.unwrap();
    assert_eq!(map.insert(first, 10), Ok(None));
    assert_eq!(map.insert(second, 20), Ok(None));
    assert_eq!(map.get(first), Some(10));
    assert_eq!(map.get(second), Some(20));
    assert_eq!(map.insert(second, 21), Ok(Some(20)));
    assert_eq!(map.get(first), Some(10));
}

#[test]
fn a_full_table_is_an_error_not_a_hang() {
    let map = Map::new(4);
    for key in 1..=4 {
        assert_eq!(map.insert(key, key * 10), Ok(None));
    }
    assert_eq!(map.insert(5, 50), Err(TableFull));
    // Keys already in the table can still be updated and read.
    assert_eq!(map.insert(3, 31), Ok(Some(30)));
    assert_eq!(map.get(3), Some(31));
    // A probe for a missing key in a full table also ends.
    assert_eq!(map.get(5), None);
}

#[test]
#[should_panic(expected = "the key 0 is reserved")]
fn inserting_key_zero_panics() {
    let _ = Map::new(4).insert(0, 1);
}

#[test]
#[should_panic(expected = "the value 0 is reserved")]
fn inserting_value_zero_panics() {
    let _ = Map::new(4).insert(1, 0);
}

#[test]
#[should_panic(expected = "the key 0 is reserved")]
fn getting_key_zero_panics() {
    Map::new(4).get(0);
}

#[test]
#[should_panic(expected = "must be a power of two, not 6")]
fn a_capacity_that_is_not_a_power_of_two_panics() {
    Map::new(6);
}

#[test]
fn two_threads_insert_disjoint_keys() {
    let map = Map::new((2 * KEYS as usize).next_power_of_two() * 2);
    let start = Barrier::new(2);
    thread::scope(|scope| {
        for thread in 0..2 {
            let (map, start) = (&map, &start);
            scope.spawn(move || {
                start.wait();
                // Thread 0 takes the odd keys, thread 1 the even ones.
                for key in (1..=2 * KEYS).filter(|k| k % 2 == thread) {
                    assert_eq!(map.insert(key, key + 7), Ok(None));
                }
            });
        }
    });
    for key in 1..=2 * KEYS {
        assert_eq!(map.get(key), Some(key + 7), "key {key}");
    }
}

#[test]
fn two_threads_insert_the_same_keys() {
    let map = Map::new((KEYS as usize).next_power_of_two() * 2);
    let start = Barrier::new(2);
    // Thread t maps every key to `key * 2 + t`, and records what each of
    // its inserts returned.
    let returned: Vec<Vec<Option<u64>>> = thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|thread| {
                let (map, start) = (&map, &start);
                scope.spawn(move || {
                    start.wait();
                    (1..=KEYS)
                        .map(|key| map.insert(key, key * 2 + thread).unwrap())
                        .collect()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    for key in 1..=KEYS {
        let index = key as usize - 1;
        let (zero, one) = (returned[0][index], returned[1][index]);
        // Exactly one insert came first and saw no value; the second saw
        // the first's value, and its own value is the one left.
        let last = match (zero, one) {
            (None, Some(previous)) => {
                assert_eq!(previous, key * 2, "key {key}");
                key * 2 + 1
            }
            (Some(previous), None) => {
                assert_eq!(previous, key * 2 + 1, "key {key}");
                key * 2
            }
            other => panic!("key {key}: the inserts returned {other:?}"),
        };
        assert_eq!(map.get(key), Some(last), "key {key}");
    }
}

#[test]
fn a_reader_sees_only_values_that_were_written() {
    const ROUNDS: u64 = if cfg!(miri) { 3 } else { 50 };
    let map = Map::new((KEYS as usize).next_power_of_two() * 2);
    let start = Barrier::new(2);
    thread::scope(|scope| {
        scope.spawn(|| {
            start.wait();
            // Every value names its key and its round: `key << 16 | round`.
            for round in 1..=ROUNDS {
                for key in 1..=KEYS {
                    map.insert(key, key << 16 | round).unwrap();
                }
            }
        });
        scope.spawn(|| {
            start.wait();
            let mut random = Xorshift(0x9E37_79B9_7F4A_7C15);
            let mut last_round = vec![0; KEYS as usize + 1];
            for _ in 0..OPS {
                let key = random.next_u64() % KEYS + 1;
                if let Some(value) = map.get(key) {
                    let round = value & 0xFFFF;
                    assert_eq!(value >> 16, key, "key {key} read {value:#x}");
                    assert!((1..=ROUNDS).contains(&round), "{value:#x}");
                    // One slot, one modification order: never backwards.
                    let last = &mut last_round[key as usize];
                    assert!(round >= *last, "key {key}: {round} after {last}");
                    *last = round;
                }
            }
        });
    });
    for key in 1..=KEYS {
        assert_eq!(map.get(key), Some(key << 16 | ROUNDS));
    }
}
