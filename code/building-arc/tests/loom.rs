//! Loom models of the races an `Arc` must survive. Loom explores the
//! interleavings of each model's threads up to `LOOM_MAX_PREEMPTIONS`
//! preemptions, and for each load many of the values the memory model lets
//! it read, but not all: loom does not explore load buffering (its README
//! calls itself "not sound" there) and treats `SeqCst` accesses as
//! `AcqRel`. It also does not see deallocation, only its own cells and
//! atomics: the ordering of a free is Miri's job (see the chapter). The
//! shared value is
//! a `Payload` that keeps a number in loom's `UnsafeCell`: every read of it
//! and its destructor's write are checked against happens-before, so a drop
//! that is not ordered after another thread's read is reported. Run with
//! `cargo xtask loom building-arc` (release mode, `--cfg loom`,
//! `LOOM_MAX_PREEMPTIONS=3`, builds in `target/loom`).
#![cfg(loom)]

use building_arc::step4_one_weak::Arc;
use loom::cell::UnsafeCell;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;

// ANCHOR: payload
/// The shared value: a number whose reads and whose destruction loom checks,
/// and a counter of drops.
struct Payload {
    reading: UnsafeCell<u64>,
    drops: loom::sync::Arc<AtomicUsize>,
}

impl Payload {
    fn new() -> (Payload, loom::sync::Arc<AtomicUsize>) {
        let drops = loom::sync::Arc::new(AtomicUsize::new(0));
        let payload = Payload {
            reading: UnsafeCell::new(42),
            drops: drops.clone(),
        };
        (payload, drops)
    }

    fn read(&self) -> u64 {
        // SAFETY: only the destructor writes, and loom checks that it
        // happens after this read.
        self.reading.with(|reading| unsafe { *reading })
    }
}

impl Drop for Payload {
    fn drop(&mut self) {
        if std::thread::panicking() {
            // Loom has already reported a problem; do not panic again
            // while the model unwinds.
            return;
        }
        // A write: loom reports it if any read on another thread is not
        // ordered before it.
        // SAFETY: loom checks the access; in a correct `Arc` nobody else
        // can reach the value any more.
        self.reading.with_mut(|reading| unsafe { *reading = 0 });
        self.drops.fetch_add(1, Ordering::Relaxed);
    }
}
// ANCHOR_END: payload

/// Two owners read and drop concurrently: the value is dropped once, after
/// both reads.
macro_rules! drop_race {
    ($name:ident, $step:ident) => {
        #[test]
        fn $name() {
            use building_arc::$step::Arc;
            loom::model(|| {
                let (payload, drops) = Payload::new();
                let mine = Arc::new(payload);
                let theirs = mine.clone();
                let other = thread::spawn(move || {
                    assert_eq!(theirs.read(), 42);
                    drop(theirs);
                });
                assert_eq!(mine.read(), 42);
                drop(mine);
                other.join().unwrap();
                assert_eq!(drops.load(Ordering::Relaxed), 1);
            });
        }
    };
}

// ANCHOR: drop_race
drop_race!(step1_two_owners_drop, step1_basic);
// ANCHOR_END: drop_race
drop_race!(step2_two_owners_drop, step2_get_mut);
drop_race!(step3_two_owners_drop, step3_weak);
drop_race!(step4_two_owners_drop, step4_one_weak);

/// `upgrade` on one thread, the last `Arc` dropped on another: either the
/// upgrade wins and the value lives until its `Arc` goes, or it sees 0 and
/// fails. Either way one drop, after every read.
macro_rules! upgrade_race {
    ($name:ident, $step:ident) => {
        #[test]
        fn $name() {
            use building_arc::$step::Arc;
            loom::model(|| {
                let (payload, drops) = Payload::new();
                let strong = Arc::new(payload);
                let weak = Arc::downgrade(&strong);
                let other = thread::spawn(move || {
                    if let Some(again) = weak.upgrade() {
                        assert_eq!(again.read(), 42);
                    }
                });
                drop(strong);
                other.join().unwrap();
                assert_eq!(drops.load(Ordering::Relaxed), 1);
            });
        }
    };
}

upgrade_race!(step3_upgrade_vs_last_drop, step3_weak);
upgrade_race!(step4_upgrade_vs_last_drop, step4_one_weak);

// ANCHOR: get_mut_after_drop
/// `get_mut` after the other owner has read the value and dropped its `Arc`
/// on another thread: if `get_mut` says yes, its write through `&mut` must
/// be ordered after that read. This is what `get_mut`'s `Acquire` (on the
/// count in steps 2 and 3, on the strong count in step 4) is for; loom
/// reports a causality violation if any of them is made `Relaxed`.
macro_rules! get_mut_after_drop {
    ($name:ident, $step:ident) => {
        #[test]
        fn $name() {
            use building_arc::$step::Arc;
            loom::model(|| {
                let (payload, drops) = Payload::new();
                let mut mine = Arc::new(payload);
                let theirs = mine.clone();
                let other = thread::spawn(move || {
                    assert_eq!(theirs.read(), 42);
                    drop(theirs);
                });
                if let Some(payload) = Arc::get_mut(&mut mine) {
                    // SAFETY: `get_mut` promises exclusive access; loom
                    // checks this write against the other thread's read.
                    payload.reading.with_mut(|reading| unsafe { *reading = 7 });
                }
                other.join().unwrap();
                drop(mine);
                assert_eq!(drops.load(Ordering::Relaxed), 1);
            });
        }
    };
}

get_mut_after_drop!(step2_get_mut_after_other_drop, step2_get_mut);
get_mut_after_drop!(step3_get_mut_after_other_drop, step3_weak);
get_mut_after_drop!(step4_get_mut_after_other_drop, step4_one_weak);
// ANCHOR_END: get_mut_after_drop

// ANCHOR: get_mut_race
/// Step 4's lock: while one thread calls `get_mut`, the other downgrades its
/// own clone, drops the clone, upgrades the `Weak` and reads. `get_mut` must
/// never hand out `&mut` while that read can happen; loom checks the write
/// through `&mut` against the read.
fn get_mut_vs_downgrade(
    get_mut: fn(&mut Arc<Payload>) -> Option<&mut Payload>,
) {
    loom::model(move || {
        let (payload, drops) = Payload::new();
        let mut mine = Arc::new(payload);
        let theirs = mine.clone();
        let other = thread::spawn(move || {
            let weak = Arc::downgrade(&theirs);
            drop(theirs);
            if let Some(again) = weak.upgrade() {
                assert!(again.read() <= 43);
            }
        });
        if let Some(payload) = get_mut(&mut mine) {
            // SAFETY: `get_mut` promises exclusive access; loom checks it.
            payload.reading.with_mut(|reading| unsafe { *reading += 1 });
        }
        other.join().unwrap();
        drop(mine);
        assert_eq!(drops.load(Ordering::Relaxed), 1);
    });
}

#[test]
fn step4_get_mut_vs_downgrade() {
    get_mut_vs_downgrade(Arc::get_mut);
}

#[test]
#[should_panic(expected = "Causality violation")]
fn unlocked_get_mut_is_caught() {
    get_mut_vs_downgrade(Arc::get_mut_unlocked);
}
// ANCHOR_END: get_mut_race

// ANCHOR: relaxed_caught
/// The same drop race as above, with a `Relaxed` decrement and no fence: the
/// free is not ordered after the other thread's read, and loom says so.
#[test]
#[should_panic(expected = "Causality violation")]
fn relaxed_decrement_is_caught() {
    use building_arc::broken::RelaxedArc;
    loom::model(|| {
        let (payload, _drops) = Payload::new();
        let mine = RelaxedArc::new(payload);
        let theirs = mine.clone();
        let other = thread::spawn(move || {
            assert_eq!(theirs.read(), 42);
            drop(theirs);
        });
        assert_eq!(mine.read(), 42);
        drop(mine);
        other.join().unwrap();
    });
}
// ANCHOR_END: relaxed_caught
