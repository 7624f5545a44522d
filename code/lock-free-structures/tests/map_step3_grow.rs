//! Tests of step 3 of the hash map: growth, against
//! `std::collections::HashMap` on one thread and with threads racing a
//! resize.

use lock_free_structures::map_step3_grow::{Map, TOMBSTONE};
use std::collections::HashMap;
use std::sync::Barrier;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use test_support::Xorshift;

const OPS: usize = if cfg!(miri) { 400 } else { 40_000 };
const KEYS: u64 = if cfg!(miri) { 40 } else { 3_000 };
const ROUNDS: usize = if cfg!(miri) { 2 } else { 200 };

#[test]
fn one_thread_agrees_with_std_hash_map_through_growth() {
    let map = Map::new(2);
    let mut oracle = HashMap::new();
    let mut random = Xorshift(0x2545_F491_4F6C_DD1D);
    for _ in 0..OPS {
        let key = random.next_u64() % KEYS + 1;
        match random.next_u64() % 4 {
            0 | 1 => {
                // Both ends of the allowed values included.
                let value = match random.next_u64() % 4 {
                    0 => 1,
                    1 => TOMBSTONE - 1,
                    _ => random.next_u64() % 1_000 + 1,
                };
                assert_eq!(
                    map.insert(key, value),
                    oracle.insert(key, value),
                    "insert {key}"
                );
            }
            2 => {
                assert_eq!(map.remove(key), oracle.remove(&key), "remove {key}")
            }
            _ => {
                assert_eq!(map.get(key), oracle.get(&key).copied(), "get {key}")
            }
        }
    }
    for key in 1..=KEYS {
        assert_eq!(map.get(key), oracle.get(&key).copied(), "final {key}");
    }
    // From 2 slots, several doublings happened.
    assert!(map.capacity() >= 16, "capacity {}", map.capacity());
}

#[test]
fn many_distinct_keys_over_time_do_not_fill_the_map() {
    // Step 2's map returns TableFull here; this one grows past dead keys.
    let map = Map::new(4);
    for key in 1..=KEYS {
        assert_eq!(map.insert(key, key), None);
        assert_eq!(map.remove(key), Some(key));
    }
    for key in 1..=KEYS {
        assert_eq!(map.get(key), None);
    }
}

#[test]
fn remove_across_growth() {
    let map = Map::new(2);
    let half = KEYS / 2;
    for key in 1..=half {
        map.insert(key, key + 1);
    }
    // Removing and inserting while tables double underneath.
    for key in 1..=half {
        assert_eq!(map.remove(key), Some(key + 1), "remove {key}");
        map.insert(key + half, key);
        assert_eq!(map.remove(key), None, "second remove {key}");
    }
    for key in 1..=half {
        assert_eq!(map.get(key), None);
        assert_eq!(map.get(key + half), Some(key));
    }
}

#[test]
fn two_threads_insert_disjoint_keys_through_growth() {
    for _ in 0..ROUNDS {
        let map = Map::new(2);
        let start = Barrier::new(2);
        let per_thread = if cfg!(miri) { 16 } else { 500 };
        thread::scope(|scope| {
            for first in [1, per_thread + 1] {
                let (map, start) = (&map, &start);
                scope.spawn(move || {
                    start.wait();
                    for key in first..first + per_thread {
                        assert_eq!(map.insert(key, key * 2), None);
                    }
                });
            }
        });
        // Each key once: a second insert replaces and returns its value.
        for key in 1..=2 * per_thread {
            assert_eq!(map.get(key), Some(key * 2), "key {key}");
            assert_eq!(map.insert(key, key * 3), Some(key * 2), "key {key}");
        }
    }
}

#[test]
fn two_threads_updating_one_key_through_growth_lose_nothing() {
    // One thread overwrites key 1 with rising values while another
    // inserts new keys, forcing copies. The last write must survive.
    for _ in 0..ROUNDS {
        let map = Map::new(2);
        let writes = if cfg!(miri) { 20 } else { 500 };
        map.insert(1, 1);
        thread::scope(|scope| {
            scope.spawn(|| {
                for value in 2..=writes {
                    assert_eq!(map.insert(1, value), Some(value - 1));
                }
            });
            scope.spawn(|| {
                for key in 2..2 + writes {
                    map.insert(key, 1);
                }
            });
        });
        assert_eq!(map.get(1), Some(writes));
    }
}

#[test]
fn a_reader_during_growth_sees_only_written_values_and_misses_no_key() {
    for _ in 0..ROUNDS {
        let map = Map::new(2);
        let old = if cfg!(miri) { 8 } else { 200 };
        let new = if cfg!(miri) { 24 } else { 1_000 };
        // Keys 1..=old are present before the reader starts, with value
        // key; key 1 is then overwritten with key + 1_000_000 and so on.
        for key in 1..=old {
            map.insert(key, key);
        }
        let done = AtomicBool::new(false);
        thread::scope(|scope| {
            scope.spawn(|| {
                for key in old + 1..=old + new {
                    map.insert(key, key);
                }
                for round in 1..=3 {
                    map.insert(1, 1 + round * 1_000_000);
                }
                done.store(true, Ordering::Release);
            });
            scope.spawn(|| {
                loop {
                    let finished = done.load(Ordering::Acquire);
                    for key in 1..=old {
                        let value = map.get(key).unwrap_or_else(|| {
                            panic!("key {key} vanished during growth")
                        });
                        if key == 1 {
                            assert_eq!(value % 1_000_000, 1, "key 1: {value}");
                        } else {
                            assert_eq!(value, key, "key {key}");
                        }
                    }
                    for key in old + 1..=old + new {
                        if let Some(value) = map.get(key) {
                            assert_eq!(value, key, "key {key}");
                        }
                    }
                    if finished {
                        break;
                    }
                }
            });
        });
        assert_eq!(map.get(1), Some(3_000_001));
    }
}

#[test]
#[should_panic(expected = "the key 0 is reserved")]
fn key_zero_panics() {
    Map::new(4).insert(0, 1);
}

#[test]
#[should_panic(expected = "the key 0 is reserved")]
fn get_of_key_zero_panics() {
    Map::new(4).get(0);
}

#[test]
#[should_panic(expected = "the key 0 is reserved")]
fn remove_of_key_zero_panics() {
    Map::new(4).remove(0);
}

#[test]
#[should_panic(expected = "values must be in 1..2^63-1")]
fn value_zero_panics() {
    Map::new(4).insert(1, 0);
}

#[test]
#[should_panic(expected = "values must be in 1..2^63-1")]
fn the_tombstone_value_panics() {
    Map::new(4).insert(1, TOMBSTONE);
}

#[test]
#[should_panic(expected = "values must be in 1..2^63-1")]
fn a_value_with_the_frozen_bit_panics() {
    Map::new(4).insert(1, 1 << 63 | 5);
}

#[test]
#[should_panic(expected = "must be a power of two")]
fn a_capacity_that_is_not_a_power_of_two_panics() {
    Map::new(3);
}

#[test]
fn a_map_of_capacity_one_grows_on_its_first_insert() {
    let map = Map::new(1);
    assert_eq!(map.insert(7, 70), None);
    assert_eq!(map.get(7), Some(70));
    assert!(map.capacity() >= 2);
}
