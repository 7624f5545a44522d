//! Tests of every step: each value is dropped exactly once and never while
//! an `Arc` to it is left, `get_mut` says yes exactly when it may, and
//! `Weak` behaves. Miri runs them too (`cargo +nightly miri test -p
//! building-arc`) with fewer rounds, and reports any use after free, double
//! free or leak.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

const THREADS: usize = 4;
/// Clone-and-drop rounds per thread. Miri is slow, so it gets a few.
const ROUNDS: usize = if cfg!(miri) { 10 } else { 2_000 };

// ANCHOR: detect_drop
/// A value that counts its own drops in a counter the test keeps.
#[derive(Debug)]
struct DetectDrop {
    drops: std::sync::Arc<AtomicUsize>,
}

impl DetectDrop {
    fn new() -> (DetectDrop, std::sync::Arc<AtomicUsize>) {
        let drops = std::sync::Arc::new(AtomicUsize::new(0));
        let value = DetectDrop {
            drops: std::sync::Arc::clone(&drops),
        };
        (value, drops)
    }

    /// Panics if the value has already been dropped: a use after drop.
    fn check_alive(&self) {
        assert_eq!(self.drops.load(Ordering::Relaxed), 0, "used after drop");
    }
}

impl Drop for DetectDrop {
    fn drop(&mut self) {
        self.drops.fetch_add(1, Ordering::Relaxed);
    }
}
// ANCHOR_END: detect_drop

fn assert_send_sync<T: Send + Sync>() {}

/// The tests every step must pass: the same code, instantiated for each.
macro_rules! every_step {
    ($step:ident) => {
        mod $step {
            use super::*;
            use building_arc::$step::Arc;

            #[test]
            fn dropped_once_after_the_last_clone() {
                let (value, drops) = DetectDrop::new();
                let first = Arc::new(value);
                thread::scope(|scope| {
                    for _ in 0..THREADS {
                        let mine = first.clone();
                        scope.spawn(move || {
                            for _ in 0..ROUNDS {
                                let extra = mine.clone();
                                extra.check_alive();
                            }
                            mine.check_alive();
                        });
                    }
                });
                assert_eq!(Arc::strong_count(&first), 1);
                assert_eq!(drops.load(Ordering::Relaxed), 0);
                drop(first);
                assert_eq!(drops.load(Ordering::Relaxed), 1);
            }

            #[test]
            fn last_drop_on_another_thread() {
                let (value, drops) = DetectDrop::new();
                let first = Arc::new(value);
                let second = first.clone();
                drop(first);
                assert_eq!(drops.load(Ordering::Relaxed), 0);
                thread::spawn(move || second.check_alive()).join().unwrap();
                assert_eq!(drops.load(Ordering::Relaxed), 1);
            }

            #[test]
            fn derefs_to_the_value() {
                let greeting = Arc::new(String::from("hello"));
                let copy = greeting.clone();
                assert_eq!(copy.len(), 5);
                assert_eq!(format!("{greeting:?}"), "\"hello\"");
            }

            #[test]
            fn send_and_sync_exactly_when_the_value_is_both() {
                assert_send_sync::<Arc<String>>();
                assert_send_sync::<Arc<std::sync::Mutex<u32>>>();
            }
        }
    };
}

every_step!(step1_basic);
every_step!(step2_get_mut);
every_step!(step3_weak);
every_step!(step4_one_weak);

/// `get_mut`, the same for steps 2 to 4.
macro_rules! get_mut {
    ($step:ident) => {
        mod $step {
            use super::*;
            use building_arc::$step::Arc;

            #[test]
            fn get_mut_only_when_unique() {
                let mut tally = Arc::new(10u32);
                *Arc::get_mut(&mut tally).unwrap() += 1;
                let other = tally.clone();
                assert!(Arc::get_mut(&mut tally).is_none());
                drop(other);
                *Arc::get_mut(&mut tally).unwrap() += 1;
                assert_eq!(*tally, 12);
            }

            #[test]
            fn get_mut_after_other_threads_dropped_theirs() {
                let mut tally = Arc::new(0u64);
                thread::scope(|scope| {
                    for _ in 0..THREADS {
                        let mine = tally.clone();
                        scope.spawn(move || assert_eq!(*mine, 0));
                    }
                });
                *Arc::get_mut(&mut tally).expect("every clone is gone") += 1;
                assert_eq!(*tally, 1);
            }
        }
    };
}

mod get_mut {
    use super::*;
    get_mut!(step2_get_mut);
    get_mut!(step3_weak);
    get_mut!(step4_one_weak);
}

/// `Weak`, the same for steps 3 and 4.
macro_rules! weak {
    ($step:ident) => {
        mod $step {
            use super::*;
            use building_arc::$step::{Arc, Weak};
            use std::sync::Mutex;

            #[test]
            fn weak_keeps_the_allocation_not_the_value() {
                let (value, drops) = DetectDrop::new();
                let strong = Arc::new(value);
                let weak = Arc::downgrade(&strong);
                let upgraded = weak.upgrade().expect("an Arc is alive");
                upgraded.check_alive();
                drop(upgraded);
                drop(strong);
                assert_eq!(drops.load(Ordering::Relaxed), 1);
                assert!(weak.upgrade().is_none());
                let weak_copy = weak.clone();
                drop(weak);
                assert!(weak_copy.upgrade().is_none());
                assert_eq!(drops.load(Ordering::Relaxed), 1);
            }

            #[test]
            fn get_mut_refuses_while_a_weak_exists() {
                let mut settings = Arc::new(String::from("dark"));
                let observer = Arc::downgrade(&settings);
                assert!(Arc::get_mut(&mut settings).is_none());
                drop(observer);
                Arc::get_mut(&mut settings).unwrap().push_str(" mode");
                assert_eq!(*settings, "dark mode");
                // The count is unlocked again: downgrade still works.
                let observer = Arc::downgrade(&settings);
                assert_eq!(*observer.upgrade().unwrap(), "dark mode");
            }

            #[test]
            fn upgrade_races_the_last_drop() {
                for _ in 0..ROUNDS {
                    let (value, drops) = DetectDrop::new();
                    let strong = Arc::new(value);
                    let weak = Arc::downgrade(&strong);
                    thread::scope(|scope| {
                        scope.spawn(move || drop(strong));
                        scope.spawn(move || {
                            if let Some(again) = weak.upgrade() {
                                again.check_alive();
                            }
                        });
                    });
                    assert_eq!(drops.load(Ordering::Relaxed), 1);
                }
            }

            #[test]
            fn downgrade_races_get_mut() {
                for _ in 0..ROUNDS {
                    let mut counter = Arc::new(0u32);
                    let other = counter.clone();
                    let got_mut = thread::scope(|scope| {
                        scope.spawn(move || {
                            let observer = Arc::downgrade(&other);
                            drop(other);
                            drop(observer);
                        });
                        Arc::get_mut(&mut counter).map(|n| *n += 1).is_some()
                    });
                    // The other thread is done, so now it must work.
                    *Arc::get_mut(&mut counter).unwrap() += 1;
                    assert_eq!(*counter, 1 + u32::from(got_mut));
                }
            }

            // ANCHOR: cycle
            /// A tree node: parents own their children, children point back
            /// at their parent weakly.
            struct Node {
                parent: Mutex<Option<Weak<Node>>>,
                children: Mutex<Vec<Arc<Node>>>,
                _detector: DetectDrop,
            }

            #[test]
            fn a_cycle_through_weak_is_freed() {
                let (root_detector, root_drops) = DetectDrop::new();
                let (leaf_detector, leaf_drops) = DetectDrop::new();
                let root = Arc::new(Node {
                    parent: Mutex::new(None),
                    children: Mutex::new(Vec::new()),
                    _detector: root_detector,
                });
                let leaf = Arc::new(Node {
                    parent: Mutex::new(Some(Arc::downgrade(&root))),
                    children: Mutex::new(Vec::new()),
                    _detector: leaf_detector,
                });
                root.children.lock().unwrap().push(leaf.clone());
                let parent =
                    leaf.parent.lock().unwrap().as_ref().unwrap().upgrade();
                assert!(parent.is_some());
                drop(parent);
                drop(leaf);
                assert_eq!(
                    leaf_drops.load(Ordering::Relaxed),
                    0,
                    "root owns it"
                );
                drop(root);
                assert_eq!(root_drops.load(Ordering::Relaxed), 1);
                assert_eq!(leaf_drops.load(Ordering::Relaxed), 1);
            }
            // ANCHOR_END: cycle
        }
    };
}

mod weak {
    use super::*;
    weak!(step3_weak);
    weak!(step4_one_weak);
}
