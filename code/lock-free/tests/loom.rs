//! Loom models of the Treiber stack and both steps of the slot pool. Loom
//! runs each model under every interleaving of its threads (up to the
//! preemption bound) and checks every access to a loom `UnsafeCell`
//! against happens-before. Run with `cargo xtask loom lock-free` (release
//! mode, `--cfg loom`, `LOOM_MAX_PREEMPTIONS=3`, builds in `target/loom`).
#![cfg(loom)]

use lock_free::{Stack, pool_step1_untagged, pool_step2_tagged};
use loom::cell::UnsafeCell;
use loom::sync::Arc;
use loom::thread;

/// Two threads push while this one pops: every value comes out once. The
/// values are moved through the stack's loom `UnsafeCell`, so a pop that
/// read a value its push had not published would be reported.
#[test]
fn stack_push_and_pop_race() {
    loom::model(|| {
        let stack = Arc::new(Stack::new());
        let pushers: Vec<_> = (0..2)
            .map(|order| {
                let stack = Arc::clone(&stack);
                thread::spawn(move || stack.push(format!("order {order}")))
            })
            .collect();
        let mut served: Vec<String> = stack.pop().into_iter().collect();
        for pusher in pushers {
            pusher.join().unwrap();
        }
        served.extend(std::iter::from_fn(|| stack.pop()));
        served.sort();
        assert_eq!(served, ["order 0", "order 1"]);
    });
}

/// Two poppers and a pusher: nothing is lost or popped twice.
#[test]
fn stack_pops_race_each_other() {
    loom::model(|| {
        let stack = Arc::new(Stack::new());
        stack.push(1);
        stack.push(2);
        let popper = {
            let stack = Arc::clone(&stack);
            thread::spawn(move || stack.pop())
        };
        let pusher = {
            let stack = Arc::clone(&stack);
            thread::spawn(move || stack.push(3))
        };
        let mut all: Vec<i32> = stack.pop().into_iter().collect();
        all.extend(popper.join().unwrap());
        pusher.join().unwrap();
        all.extend(std::iter::from_fn(|| stack.pop()));
        all.sort_unstable();
        assert_eq!(all, [1, 2, 3]);
    });
}

// ANCHOR: aba_model
/// One thread takes a slot while this one takes two and gives the first
/// back. Afterwards every slot must be held once or be free once.
macro_rules! aba_model {
    ($pool:ty) => {
        || {
            let pool = Arc::new(<$pool>::new(3));
            let other = {
                let pool = Arc::clone(&pool);
                thread::spawn(move || pool.take())
            };
            let zero = pool.take().unwrap();
            let kept = pool.take();
            pool.give_back(zero);
            let mut slots: Vec<u32> =
                other.join().unwrap().into_iter().collect();
            slots.extend(kept);
            slots.extend(std::iter::from_fn(|| pool.take()));
            slots.sort_unstable();
            assert!(
                slots == [0, 1, 2],
                "a slot was handed out twice: {slots:?}"
            );
        }
    };
}

#[test]
#[should_panic(expected = "a slot was handed out twice: [0, 1, 1, 2]")]
fn untagged_pool_aba_is_caught() {
    loom::model(aba_model!(pool_step1_untagged::SlotPool));
}

#[test]
fn tagged_pool_has_no_aba() {
    loom::model(aba_model!(pool_step2_tagged::SlotPool));
}
// ANCHOR_END: aba_model

/// Two threads each take a slot, write to the buffer it stands for, and
/// give it back, twice. The buffers are loom cells, so a holder whose
/// writes are not ordered after the previous holder's (a `give_back`
/// without Release, a `take` without Acquire) is reported.
#[test]
fn tagged_pool_orders_one_holder_after_the_next() {
    loom::model(|| {
        let pool = Arc::new(pool_step2_tagged::SlotPool::new(1));
        let buffers = Arc::new([UnsafeCell::new(0u32)]);
        let holders: Vec<_> = (0..2)
            .map(|_| {
                let pool = Arc::clone(&pool);
                let buffers = Arc::clone(&buffers);
                thread::spawn(move || {
                    for _ in 0..2 {
                        let Some(slot) = pool.take() else {
                            thread::yield_now();
                            continue;
                        };
                        buffers[slot as usize].with_mut(|buffer| {
                            // SAFETY: we hold `slot`, and loom checks that
                            // the previous holder's write happened before.
                            unsafe { *buffer += 1 }
                        });
                        pool.give_back(slot);
                    }
                })
            })
            .collect();
        for holder in holders {
            holder.join().unwrap();
        }
        assert_eq!(pool.take(), Some(0));
    });
}
