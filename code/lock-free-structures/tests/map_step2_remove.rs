//! Tests of step 2 of the hash map: `remove` and its tombstones, against
//! `std::collections::HashMap` on one thread and with two threads racing.

use lock_free_structures::map_step2_remove::{Map, TOMBSTONE, TableFull};
use std::collections::HashMap;
use std::sync::Barrier;
use std::thread;
use test_support::Xorshift;

const OPS: usize = if cfg!(miri) { 300 } else { 20_000 };
const KEYS: u64 = if cfg!(miri) { 24 } else { 2_000 };

#[test]
fn one_thread_agrees_with_std_hash_map() {
    let map = Map::new(256);
    let mut oracle = HashMap::new();
    let mut random = Xorshift(0x2545_F491_4F6C_DD1D);
    for _ in 0..OPS {
        let key = random.next_u64() % 200 + 1;
        match random.next_u64() % 3 {
            0 => {
                // The whole range of allowed values, both ends included.
                let value = match random.next_u64() % 4 {
                    0 => 1,
                    1 => TOMBSTONE - 1,
                    _ => random.next_u64() % 1_000 + 1,
                };
                let expected = oracle.insert(key, value);
                assert_eq!(
                    map.insert(key, value),
                    Ok(expected),
                    "insert {key}"
                );
            }
            1 => {
                let expected = oracle.remove(&key);
                assert_eq!(map.remove(key), expected, "remove {key}");
            }
            _ => {
                assert_eq!(map.get(key), oracle.get(&key).copied(), "get {key}")
            }
        }
    }
    for key in 1..=200 {
        assert_eq!(map.get(key), oracle.get(&key).copied(), "final {key}");
    }
}

#[test]
fn removed_keys_keep_their_slots_and_fill_the_table() {
    let map = Map::new(4);
    for key in 1..=4 {
        assert_eq!(map.insert(key, key * 10), Ok(None));
    }
    for key in 1..=4 {
        assert_eq!(map.remove(key), Some(key * 10));
        assert_eq!(map.remove(key), None, "removed twice");
        assert_eq!(map.get(key), None);
    }
    // The map is empty, and yet a new key finds no slot: the dead keys
    // still own all four.
    assert_eq!(map.insert(5, 50), Err(TableFull));
    assert_eq!(map.get(5), None);
    assert_eq!(map.remove(5), None);
    // A removed key comes back to its own slot.
    assert_eq!(map.insert(2, 21), Ok(None));
    assert_eq!(map.get(2), Some(21));
}

#[test]
fn removing_a_key_leaves_the_keys_after_it_findable() {
    // Capacity 2: every key's probe visits both slots, so the second key
    // is always probed past the first one's slot.
    let map = Map::new(2);
    assert_eq!(map.insert(7, 70), Ok(None));
    assert_eq!(map.insert(9, 90), Ok(None));
    assert_eq!(map.remove(7), Some(70));
    assert_eq!(map.get(9), Some(90));
    assert_eq!(map.remove(9), Some(90));
    assert_eq!(map.get(7), None);
}

#[test]
#[should_panic(expected = "the values 0 and u64::MAX are reserved")]
fn inserting_the_tombstone_value_panics() {
    let _ = Map::new(4).insert(1, TOMBSTONE);
}

#[test]
#[should_panic(expected = "the values 0 and u64::MAX are reserved")]
fn inserting_value_zero_panics() {
    let _ = Map::new(4).insert(1, 0);
}

#[test]
#[should_panic(expected = "the key 0 is reserved")]
fn removing_key_zero_panics() {
    Map::new(4).remove(0);
}

#[test]
fn removes_race_inserts_of_the_same_keys() {
    let map = Map::new((KEYS as usize).next_power_of_two() * 2);
    let start = Barrier::new(2);
    let removed: Vec<Option<u64>> = thread::scope(|scope| {
        scope.spawn(|| {
            start.wait();
            for key in 1..=KEYS {
                assert_eq!(map.insert(key, key + 3), Ok(None), "key {key}");
            }
        });
        let remover = scope.spawn(|| {
            start.wait();
            (1..=KEYS).map(|key| map.remove(key)).collect()
        });
        remover.join().unwrap()
    });
    for key in 1..=KEYS {
        // Either the remove came first and the value is still there, or
        // it took exactly the value the insert stored.
        match removed[key as usize - 1] {
            None => assert_eq!(map.get(key), Some(key + 3), "key {key}"),
            Some(value) => {
                assert_eq!(value, key + 3, "key {key}");
                assert_eq!(map.get(key), None, "key {key}");
            }
        }
    }
}

#[test]
fn each_value_is_removed_at_most_once() {
    const ROUNDS: u64 = if cfg!(miri) { 3 } else { 200 };
    const HOT_KEYS: u64 = 8;
    let map = Map::new(16);
    let start = Barrier::new(3);
    let removed: Vec<Vec<u64>> = thread::scope(|scope| {
        scope.spawn(|| {
            start.wait();
            for round in 1..=ROUNDS {
                for key in 1..=HOT_KEYS {
                    map.insert(key, key << 32 | round).unwrap();
                }
            }
        });
        let removers: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| {
                    start.wait();
                    let mut taken = Vec::new();
                    for _ in 0..ROUNDS {
                        taken.extend(
                            (1..=HOT_KEYS).filter_map(|k| map.remove(k)),
                        );
                    }
                    taken
                })
            })
            .collect();
        removers.into_iter().map(|r| r.join().unwrap()).collect()
    });
    let mut all: Vec<u64> = removed.concat();
    all.extend((1..=HOT_KEYS).filter_map(|key| map.get(key)));
    // Every value written was taken by one remover or is still in the
    // map, never both, never twice: the swap hands each value out once.
    let total = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), total, "a value came out twice");
    for value in all {
        let (key, round) = (value >> 32, value & 0xFFFF_FFFF);
        assert!((1..=HOT_KEYS).contains(&key) && (1..=ROUNDS).contains(&round));
    }
}
