//! Loom models of the growing hash map (step 3), on tables of two slots:
//! the second new key finds the table full (half its slots reserved), so
//! one insert forces a resize and a copy. As in `map.rs`, each inserting
//! thread writes a *note* in a loom cell first, and whoever gets the value
//! (possibly from a copy made by a third party) reads the note.

use lock_free_structures::map_step3_grow::Map;
use loom::cell::UnsafeCell;
use loom::sync::Arc;
use loom::thread;

/// Keys whose probes never pass each other's slots: homes 0, 1 and 1 in
/// a table of two, and 0, 3 and 1 in a table of four (checked by
/// `homes_differ`). THIRD shares SECOND's home only in the first table.
const FIRST: u64 = 1;
const SECOND: u64 = 3;
const THIRD: u64 = 4;

/// One note per inserted value; value `n` means "note `n - 1` is mine".
struct Notes([UnsafeCell<u64>; 3]);

impl Notes {
    fn new() -> Arc<Self> {
        Arc::new(Notes(std::array::from_fn(|_| UnsafeCell::new(0))))
    }

    fn write(&self, value: u64) {
        let note = &self.0[value as usize - 1];
        // SAFETY: only the thread inserting `value` writes this note, and
        // only before it inserts; loom checks every read against it.
        note.with_mut(|note| unsafe { *note = value * 100 });
    }

    fn check(&self, value: u64) {
        let note = &self.0[value as usize - 1];
        // SAFETY: loom reports this read if the note's write is not
        // ordered before it; that report is what the model looks for.
        let note = note.with(|note| unsafe { *note });
        assert_eq!(note, value * 100, "value {value} without its note");
    }
}

#[test]
fn homes_differ() {
    // The models below assume it (a table of two has mask 1).
    use lock_free_structures::map_step1_insert_get::home;
    let homes = |mask| [FIRST, SECOND, THIRD].map(|key| home(key, mask));
    assert_eq!(homes(1), [0, 1, 1]);
    assert_eq!(homes(3), [0, 3, 1]);
}

#[test]
fn insert_races_insert_through_a_resize() {
    // Whichever insert comes second finds the table full, installs a
    // table of four and copies the other's key, which may not be stored
    // yet. Each thread then reads the other's key, maybe from a copy the
    // reader made itself of a value the other thread stored.
    loom::model(|| {
        let map = Arc::new(Map::new(2));
        let notes = Notes::new();
        let other = {
            let (map, notes) = (map.clone(), notes.clone());
            thread::spawn(move || {
                notes.write(1);
                assert_eq!(map.insert(FIRST, 1), None);
                if let Some(value) = map.get(SECOND) {
                    assert_eq!(value, 2);
                    notes.check(value);
                }
            })
        };
        notes.write(2);
        assert_eq!(map.insert(SECOND, 2), None);
        if let Some(value) = map.get(FIRST) {
            assert_eq!(value, 1);
            notes.check(value);
        }
        other.join().unwrap();
        assert_eq!(map.get(FIRST), Some(1));
        assert_eq!(map.get(SECOND), Some(2));
        assert_eq!(map.capacity(), 4);
    });
}

#[test]
fn get_during_a_copy_misses_nothing() {
    // FIRST is in the map before the reader starts; the main thread's
    // insert of SECOND grows the table and copies FIRST. The reader must
    // find FIRST whatever table it is in, and SECOND only with its note.
    loom::model(|| {
        let map = Arc::new(Map::new(2));
        let notes = Notes::new();
        map.insert(FIRST, 1);
        let reader = {
            let (map, notes) = (map.clone(), notes.clone());
            thread::spawn(move || {
                assert_eq!(map.get(FIRST), Some(1));
                if let Some(value) = map.get(SECOND) {
                    assert_eq!(value, 2);
                    notes.check(value);
                }
            })
        };
        notes.write(2);
        assert_eq!(map.insert(SECOND, 2), None);
        reader.join().unwrap();
        assert_eq!(map.get(FIRST), Some(1));
        assert_eq!(map.get(SECOND), Some(2));
    });
}

#[test]
fn remove_races_a_copy() {
    // The remove's tombstone must not land in the old table after FIRST
    // was copied out of it, or FIRST would come back from the copy.
    loom::model(|| {
        let map = Arc::new(Map::new(2));
        map.insert(FIRST, 1);
        let remover = {
            let map = map.clone();
            thread::spawn(move || assert_eq!(map.remove(FIRST), Some(1)))
        };
        assert_eq!(map.insert(SECOND, 2), None);
        remover.join().unwrap();
        assert_eq!(map.get(FIRST), None);
        assert_eq!(map.get(SECOND), Some(2));
    });
}

#[test]
fn remove_races_an_insert_and_a_copy() {
    // As above, but FIRST is inserted after the remover starts, so the
    // value it removes must come with the inserter's note.
    loom::model(|| {
        let map = Arc::new(Map::new(2));
        let notes = Notes::new();
        let remover = {
            let (map, notes) = (map.clone(), notes.clone());
            thread::spawn(move || {
                let removed = map.remove(FIRST);
                if let Some(value) = removed {
                    notes.check(value);
                }
                removed
            })
        };
        notes.write(1);
        assert_eq!(map.insert(FIRST, 1), None);
        assert_eq!(map.insert(SECOND, 2), None);
        match remover.join().unwrap() {
            Some(1) => assert_eq!(map.get(FIRST), None),
            None => assert_eq!(map.get(FIRST), Some(1)),
            other => panic!("remove returned {other:?}"),
        }
    });
}

#[test]
fn update_races_a_copy() {
    // Two inserts of FIRST, one on each thread, while the main thread's
    // insert of SECOND copies FIRST. Whichever came second returns the
    // other's value, with its note; the last one's value survives.
    loom::model(|| {
        let map = Arc::new(Map::new(2));
        let notes = Notes::new();
        let writer = {
            let (map, notes) = (map.clone(), notes.clone());
            thread::spawn(move || {
                notes.write(2);
                let replaced = map.insert(FIRST, 2);
                if let Some(value) = replaced {
                    notes.check(value);
                }
                replaced
            })
        };
        notes.write(1);
        let replaced = map.insert(FIRST, 1);
        if let Some(value) = replaced {
            notes.check(value);
        }
        assert_eq!(map.insert(SECOND, 3), None);
        let last = match (replaced, writer.join().unwrap()) {
            (None, Some(1)) => 2,
            (Some(2), None) => 1,
            other => panic!("the inserts returned {other:?}"),
        };
        assert_eq!(map.get(FIRST), Some(last));
    });
}

#[test]
fn the_thread_that_moves_current_sees_the_other_copies() {
    // Both threads find the first table full and share its copy, one
    // chunk (one slot) each. Whichever moves `current` on and then reads
    // FIRST there must see FIRST's copy, even if the other thread made
    // it: the count of copied chunks orders the copies before the move.
    loom::model(|| {
        let map = Arc::new(Map::new(2));
        map.insert(FIRST, 1);
        let other = {
            let map = map.clone();
            thread::spawn(move || {
                assert_eq!(map.insert(THIRD, 3), None);
                assert_eq!(map.get(FIRST), Some(1));
            })
        };
        assert_eq!(map.insert(SECOND, 2), None);
        assert_eq!(map.get(FIRST), Some(1));
        other.join().unwrap();
        assert_eq!(map.get(THIRD), Some(3));
        assert_eq!(map.get(SECOND), Some(2));
    });
}
