//! Loom models of both steps of the Michael-Scott queue. Each value moves
//! through the queue's loom `UnsafeCell`, and each node's `next` is a loom
//! atomic, so loom reports a pop that reads a value, or a thread that
//! reads a node's `next`, without being ordered after the node was made.
//! Step 2's threads advance after they pop, so nodes are freed during
//! the model (Miri, not loom, checks that none is read after its free:
//! loom does not see a read of freed memory).

#[path = "../ms_queue/fifo.rs"]
mod fifo;

use fifo::{Ends, Fifo};
use loom::sync::Arc;
use loom::sync::atomic::Ordering;
use loom::thread;

/// Called first in every spawned thread, for two reasons we found when
/// mutants survived. Loom moves a thread's clock on only at its
/// synchronising operations (atomics, cells), not when it allocates, so a
/// node made before the thread's first such operation counts as made
/// before the spawn, and a missing Release on its way out went unseen:
/// the load moves the clock. And a yield lets loom run the other threads
/// first without spending one of its three preemptions; without it, the
/// interleavings where a thread's very first load sees another thread's
/// finished operation needed more than three.
fn start_clock() {
    loom::sync::atomic::AtomicUsize::new(0).load(Ordering::Relaxed);
    thread::yield_now();
}

/// Pops until the queue is empty.
fn drain<T>(ends: &mut impl Ends<T>) -> Vec<T> {
    std::iter::from_fn(|| ends.pop()).collect()
}

/// push || pop on an empty queue: the pop finds nothing or the value, and
/// the value comes out exactly once.
fn push_pop<Q: Fifo<String> + 'static>() {
    loom::model(|| {
        let queue = Arc::new(Q::default());
        let pusher = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || {
                start_clock();
                queue.ends().push(String::from("soup"));
            })
        };
        let mut ends = queue.ends();
        let mut served: Vec<String> = ends.pop().into_iter().collect();
        ends.reclaim();
        pusher.join().unwrap();
        served.extend(drain(&mut ends));
        assert_eq!(served, ["soup"]);
    });
}

/// push || push, then a drain: both values come out once. Each push may
/// read a node the other made (through `tail` or a `next`), so a missing
/// Acquire/Release pair between them is reported.
fn push_push_then_drain<Q: Fifo<String> + 'static>() {
    loom::model(|| {
        let queue = Arc::new(Q::default());
        let pushers: Vec<_> = ["soup", "steak"]
            .into_iter()
            .map(|order| {
                let queue = Arc::clone(&queue);
                thread::spawn(move || {
                    start_clock();
                    queue.ends().push(String::from(order));
                })
            })
            .collect();
        for pusher in pushers {
            pusher.join().unwrap();
        }
        let mut served = drain(&mut queue.ends());
        served.sort();
        assert_eq!(served, ["soup", "steak"]);
    });
}

/// pop || pop on a queue of two: each pop takes a different value (a
/// value moved out twice would be a concurrent access to its cell).
fn pop_pop_on_two<Q: Fifo<String> + 'static>() {
    loom::model(|| {
        let queue = Arc::new(Q::default());
        {
            let mut ends = queue.ends();
            ends.push(String::from("soup"));
            ends.push(String::from("steak"));
        }
        let popper = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || {
                let mut ends = queue.ends();
                let order = ends.pop();
                ends.reclaim();
                order
            })
        };
        let mut ends = queue.ends();
        let mine = ends.pop();
        ends.reclaim();
        let theirs = popper.join().unwrap();
        let mut served: Vec<String> = mine.into_iter().chain(theirs).collect();
        served.sort();
        assert_eq!(served, ["soup", "steak"]);
        assert_eq!(ends.pop(), None);
    });
}

/// push || pop || pop on an empty queue. A pop may find `head` on a node
/// that the pusher made and the *other* pop moved `head` to, so a missing
/// Release/Acquire pair on `head` is reported. (No `reclaim`: freeing is
/// covered above, and three handles advancing make the model slow.)
fn push_pop_pop<Q: Fifo<String> + 'static>() {
    loom::model(|| {
        let queue = Arc::new(Q::default());
        let pusher = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || {
                start_clock();
                queue.ends().push(String::from("soup"));
            })
        };
        let popper = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || {
                start_clock();
                queue.ends().pop()
            })
        };
        let mut ends = queue.ends();
        let mut served: Vec<String> = ends.pop().into_iter().collect();
        pusher.join().unwrap();
        served.extend(popper.join().unwrap());
        served.extend(drain(&mut ends));
        assert_eq!(served, ["soup"]);
    });
}

/// A push that stalls before swinging `tail` races a full push and a pop.
/// The full push must swing the lagging `tail` before it can link, and
/// the pop must swing it before moving `head` past it. Afterwards `tail`
/// is on the last node: a new push comes out again. Besides, the pop takes
/// a node that the stalled pusher made and a helper put in `tail` (or
/// `head`): a missing Release on a helping swing is reported.
fn lagging_tail_is_helped<Q: Fifo<String> + 'static>() {
    loom::model(|| {
        let queue = Arc::new(Q::default());
        let stalled = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || {
                queue.ends().push_stalled_before_swing(String::from("soup"));
            })
        };
        let pusher = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || {
                start_clock();
                queue.ends().push(String::from("steak"));
            })
        };
        let mut ends = queue.ends();
        // No `reclaim` here: with it the step 2 model took 50 s, and the
        // other models cover freeing.
        let mut served: Vec<String> = ends.pop().into_iter().collect();
        stalled.join().unwrap();
        pusher.join().unwrap();
        served.extend(drain(&mut ends));
        served.sort();
        assert_eq!(served, ["soup", "steak"]);
        ends.push(String::from("pudding"));
        assert_eq!(ends.pop().as_deref(), Some("pudding"), "tail was lost");
    });
}

macro_rules! for_each_step {
    ($($model:ident),* $(,)?) => {
        mod step1 {
            use lock_free_structures::ms_queue_step1_leaky::MsQueue;
            $(#[test] fn $model() { super::$model::<MsQueue<_>>() })*
        }
        mod step2 {
            use lock_free_structures::ms_queue_step2_epoch::MsQueue;
            $(#[test] fn $model() { super::$model::<MsQueue<_>>() })*
        }
    };
}

for_each_step!(
    push_pop,
    push_push_then_drain,
    pop_pop_on_two,
    push_pop_pop,
    lagging_tail_is_helped,
);
