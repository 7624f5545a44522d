//! Loom models of the hash map, steps 1 and 2.
//!
//! A map of `u64`s carries no data of its own that loom could check, so
//! each inserting thread first writes a *note* into a loom `UnsafeCell`,
//! and the value it inserts says whose note it is. A thread that gets
//! (or replaces, or removes) that value then reads the note: if the
//! inserter's write is not ordered before that read, loom reports a
//! causality violation. That is the contract the Release/Acquire pairs in
//! the map promise.

use lock_free_structures::{
    map_step1_insert_get as step1, map_step2_remove as step2,
};
use loom::cell::UnsafeCell;
use loom::sync::Arc;
use loom::thread;

/// The two steps' maps, so each model runs on both.
trait Model: Send + Sync + 'static {
    fn new(capacity: usize) -> Self;
    fn insert(&self, key: u64, value: u64) -> Option<u64>;
    fn get(&self, key: u64) -> Option<u64>;
}

impl Model for step1::Map {
    fn new(capacity: usize) -> Self {
        step1::Map::new(capacity)
    }
    fn insert(&self, key: u64, value: u64) -> Option<u64> {
        step1::Map::insert(self, key, value).expect("room in the table")
    }
    fn get(&self, key: u64) -> Option<u64> {
        step1::Map::get(self, key)
    }
}

impl Model for step2::Map {
    fn new(capacity: usize) -> Self {
        step2::Map::new(capacity)
    }
    fn insert(&self, key: u64, value: u64) -> Option<u64> {
        step2::Map::insert(self, key, value).expect("room in the table")
    }
    fn get(&self, key: u64) -> Option<u64> {
        step2::Map::get(self, key)
    }
}

/// One note per inserting thread; value `n` means "note `n - 1` is mine".
struct Notes([UnsafeCell<u64>; 2]);

impl Notes {
    fn new() -> Arc<Self> {
        Arc::new(Notes([UnsafeCell::new(0), UnsafeCell::new(0)]))
    }

    /// Writes the note of the thread that will insert `value`.
    fn write(&self, value: u64) {
        let note = &self.0[value as usize - 1];
        // SAFETY: only the thread inserting `value` writes this note, and
        // only before it inserts; loom checks every read against it.
        note.with_mut(|note| unsafe { *note = value * 100 });
    }

    /// Reads the note behind a `value` the map handed out, and checks it.
    fn check(&self, value: u64) {
        let note = &self.0[value as usize - 1];
        // SAFETY: loom reports this read if the note's write is not
        // ordered before it; that report is what the model looks for.
        let note = note.with(|note| unsafe { *note });
        assert_eq!(note, value * 100, "value {value} without its note");
    }
}

fn insert_races_get<M: Model>() {
    loom::model(|| {
        let map = Arc::new(M::new(2));
        let notes = Notes::new();
        let reader = {
            let (map, notes) = (map.clone(), notes.clone());
            thread::spawn(move || {
                // Before the insert takes effect: None; after: its value,
                // with its note. Never anything else.
                if let Some(value) = map.get(5) {
                    assert_eq!(value, 1);
                    notes.check(value);
                }
            })
        };
        // The insert runs on the main thread, which loom runs first: see
        // the note at `step2_insert_races_remove`.
        notes.write(1);
        assert_eq!(map.insert(5, 1), None);
        reader.join().unwrap();
        assert_eq!(map.get(5), Some(1));
    });
}

#[test]
fn step1_insert_races_get() {
    insert_races_get::<step1::Map>();
}

#[test]
fn step2_insert_races_get() {
    insert_races_get::<step2::Map>();
}

fn insert_races_insert<M: Model>() {
    loom::model(|| {
        let map = Arc::new(M::new(2));
        let notes = Notes::new();
        let inserters: Vec<_> = [1, 2]
            .into_iter()
            .map(|value| {
                let (map, notes) = (map.clone(), notes.clone());
                thread::spawn(move || {
                    notes.write(value);
                    let previous = map.insert(5, value);
                    if let Some(previous) = previous {
                        // The value we replaced comes with its note.
                        notes.check(previous);
                    }
                    previous
                })
            })
            .collect();
        let returned: Vec<_> =
            inserters.into_iter().map(|t| t.join().unwrap()).collect();
        // Exactly one insert came first; the other replaced its value and
        // left its own.
        let left = match returned[..] {
            [None, Some(1)] => 2,
            [Some(2), None] => 1,
            ref other => panic!("the inserts returned {other:?}"),
        };
        assert_eq!(map.get(5), Some(left));
    });
}

#[test]
fn step1_insert_races_insert() {
    insert_races_insert::<step1::Map>();
}

#[test]
fn step2_insert_races_insert() {
    insert_races_insert::<step2::Map>();
}

fn colliding_keys<M: Model>() {
    loom::model(|| {
        // Two keys with the same home slot in a table of 4: the second to
        // claim probes on to the next slot.
        let mask = 3;
        let first = 1;
        let second = (2..)
            .find(|&key| step1::home(key, mask) == step1::home(first, mask))
            .unwrap();
        let map = Arc::new(M::new(mask + 1));
        let inserter = {
            let map = map.clone();
            thread::spawn(move || assert_eq!(map.insert(second, 2), None))
        };
        assert_eq!(map.insert(first, 1), None);
        // Whichever slot `second` got, a probe for it from here sees the
        // key `first` owns, or `second` itself, or an empty slot.
        assert!(matches!(map.get(second), None | Some(2)));
        inserter.join().unwrap();
        assert_eq!(map.get(first), Some(1));
        assert_eq!(map.get(second), Some(2));
    });
}

#[test]
fn step1_colliding_keys() {
    colliding_keys::<step1::Map>();
}

#[test]
fn step2_colliding_keys() {
    colliding_keys::<step2::Map>();
}

/// The inserter is the main thread, which loom runs until it blocks. The
/// other way round, loom 0.7 explores one interleaving only (we counted
/// with `LOOM_LOG=info`): its search remembers only the *last* access to
/// each atomic, so when the remove's key load is followed by the insert's
/// own key load and then its claim, the claim is compared with the
/// insert's own load, and running the claim before the remove's load is
/// never tried.
#[test]
fn step2_insert_races_remove() {
    loom::model(|| {
        let map = Arc::new(step2::Map::new(2));
        let notes = Notes::new();
        let remover = {
            let (map, notes) = (map.clone(), notes.clone());
            thread::spawn(move || {
                let removed = map.remove(5);
                if let Some(value) = removed {
                    assert_eq!(value, 1);
                    // The removed value comes with its note.
                    notes.check(value);
                }
                removed
            })
        };
        notes.write(1);
        assert_eq!(map.insert(5, 1), Ok(None));
        let removed = remover.join().unwrap();
        // The remove came first (and the value is there) or took it.
        match removed {
            None => assert_eq!(map.get(5), Some(1)),
            Some(_) => assert_eq!(map.get(5), None),
        }
    });
}

#[test]
fn step2_remove_races_a_reinsert() {
    // The key is in the map; one thread removes it, another inserts it
    // again: the two swaps on the value slot decide what each returns.
    loom::model(|| {
        let map = Arc::new(step2::Map::new(2));
        let notes = Notes::new();
        notes.write(1);
        map.insert(5, 1).unwrap();
        let inserter = {
            let (map, notes) = (map.clone(), notes.clone());
            thread::spawn(move || {
                notes.write(2);
                map.insert(5, 2).unwrap()
            })
        };
        let removed = map.remove(5);
        if let Some(value) = removed {
            notes.check(value);
        }
        let replaced = inserter.join().unwrap();
        match (removed, replaced) {
            // remove, then insert: the insert saw the tombstone.
            (Some(1), None) => assert_eq!(map.get(5), Some(2)),
            // insert, then remove: the remove took the new value.
            (Some(2), Some(1)) => assert_eq!(map.get(5), None),
            other => panic!("remove and insert returned {other:?}"),
        }
    });
}

#[test]
fn step2_a_reader_never_gets_another_keys_value() {
    // `first` is in the map; one thread removes it and inserts `second`,
    // whose home slot is the same. A `get(first)` racing them sees
    // `first`'s value or nothing. If `remove` gave the key slot back, the
    // get could read the key `first` there, lose the slot to `second`,
    // and then read `second`'s value as `first`'s.
    loom::model(|| {
        let mask = 1;
        let first = 1;
        let second = (2..)
            .find(|&key| step1::home(key, mask) == step1::home(first, mask))
            .unwrap();
        let map = Arc::new(step2::Map::new(mask + 1));
        map.insert(first, 1).unwrap();
        let writer = {
            let map = map.clone();
            thread::spawn(move || {
                assert_eq!(map.remove(first), Some(1));
                assert_eq!(map.insert(second, 2), Ok(None));
            })
        };
        assert!(matches!(map.get(first), None | Some(1)));
        writer.join().unwrap();
        assert_eq!(map.get(first), None);
        assert_eq!(map.get(second), Some(2));
    });
}
