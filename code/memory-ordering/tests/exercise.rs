//! The exercise's tests. Run them with
//! `cargo test -p memory-ordering --test exercise`,
//! then let loom explore the interleavings (up to `LOOM_MAX_PREEMPTIONS`
//! forced thread switches each, not every one) with
//! `cargo xtask loom memory-ordering --exercise`.
//!
//! With the starter's `Relaxed` orderings the mailbox even passes the
//! threaded test on an x86 machine: x86 does not reorder the stores
//! involved. So the ordinary tests also check that each hand-over is a
//! Release store read by an Acquire load, and the loom model shows why.

#[cfg(not(loom))]
mod ordinary {
    use memory_ordering::exercise::{
        RECV_CHECK, RECV_LOWER, Receiver, SEND_CHECK, SEND_RAISE, Sender,
        mailbox,
    };
    use std::sync::atomic::Ordering;
    use std::thread;
    use std::time::Duration;
    use test_support::watchdog;

    /// A store that makes earlier writes visible to an Acquire load.
    fn releases(store: Ordering) -> bool {
        matches!(store, Ordering::Release | Ordering::SeqCst)
    }

    /// A load that sees the writes before the Release store it reads.
    fn acquires(load: Ordering) -> bool {
        matches!(load, Ordering::Acquire | Ordering::SeqCst)
    }

    #[test]
    fn the_letter_is_published_with_release_and_acquire() {
        assert!(
            releases(SEND_RAISE),
            "SEND_RAISE is {SEND_RAISE:?}: raising the flag must publish the letter written before it"
        );
        assert!(
            acquires(RECV_CHECK),
            "RECV_CHECK is {RECV_CHECK:?}: seeing the flag raised must make the letter visible"
        );
    }

    #[test]
    fn the_empty_box_is_handed_back_with_release_and_acquire() {
        assert!(
            releases(RECV_LOWER),
            "RECV_LOWER is {RECV_LOWER:?}: lowering the flag must come after taking the letter, for the sender too"
        );
        assert!(
            acquires(SEND_CHECK),
            "SEND_CHECK is {SEND_CHECK:?}: the next write must not race with the receiver taking the last letter"
        );
    }

    /// `SeqCst` makes both hand-overs correct too, but the single total
    /// order it adds orders nothing here that a Release store read by an
    /// Acquire load does not already order.
    // starter passes: Relaxed is not SeqCst; this catches SeqCst later
    #[test]
    fn no_ordering_is_stronger_than_needed() {
        let orderings = [
            ("SEND_CHECK", SEND_CHECK),
            ("SEND_RAISE", SEND_RAISE),
            ("RECV_CHECK", RECV_CHECK),
            ("RECV_LOWER", RECV_LOWER),
        ];
        for (name, ordering) in orderings {
            assert_ne!(
                ordering,
                Ordering::SeqCst,
                "{name} is SeqCst: correct, but stronger than its hand-over needs"
            );
        }
    }

    // starter passes: on one thread program order is enough, any ordering
    #[test]
    fn one_letter_on_one_thread() {
        let (mut sender, mut receiver) = mailbox();
        assert_eq!(receiver.try_recv(), None);
        assert_eq!(sender.try_send(String::from("invoice 17")), Ok(()));
        assert_eq!(receiver.try_recv().as_deref(), Some("invoice 17"));
        assert_eq!(receiver.try_recv(), None);
    }

    // starter passes: on one thread program order is enough, any ordering
    #[test]
    fn a_full_box_hands_the_letter_back() {
        let (mut sender, mut receiver) = mailbox();
        assert_eq!(sender.try_send(1u32), Ok(()));
        assert_eq!(sender.try_send(2), Err(2));
        assert_eq!(receiver.try_recv(), Some(1));
        assert_eq!(sender.try_send(3), Ok(()));
        assert_eq!(receiver.try_recv(), Some(3));
    }

    // starter passes: on one thread program order is enough, any ordering
    #[test]
    fn a_letter_left_in_the_box_is_dropped_once() {
        let letter = std::sync::Arc::new(String::from("undelivered"));
        let (mut sender, receiver) = mailbox();
        assert!(sender.try_send(std::sync::Arc::clone(&letter)).is_ok());
        drop(sender);
        drop(receiver);
        assert_eq!(std::sync::Arc::strong_count(&letter), 1);
    }

    /// Sends `count` numbered letters from one thread to another, spinning
    /// while the box is full or empty.
    fn deliver(count: u32) -> Vec<u32> {
        fn send_all(mut sender: Sender<Box<u32>>, count: u32) {
            for number in 0..count {
                let mut letter = Box::new(number);
                while let Err(back) = sender.try_send(letter) {
                    letter = back;
                    thread::yield_now();
                }
            }
        }
        fn receive_all(
            mut receiver: Receiver<Box<u32>>,
            count: u32,
        ) -> Vec<u32> {
            let mut received = Vec::new();
            while received.len() < count as usize {
                match receiver.try_recv() {
                    Some(letter) => received.push(*letter),
                    None => thread::yield_now(),
                }
            }
            received
        }
        let (sender, receiver) = mailbox();
        let postman = thread::spawn(move || send_all(sender, count));
        let received = receive_all(receiver, count);
        postman.join().unwrap();
        received
    }

    /// Runs under the watchdog, in a process of its own: a mailbox whose
    /// hand-over is lost (a flag that never flips) spins until the
    /// watchdog stops it after a minute and reports a hang.
    // starter passes: on x86, which keeps these stores in order (see top)
    #[test]
    fn letters_arrive_in_order_across_threads() {
        watchdog(Duration::from_secs(60), || {
            let count = if cfg!(miri) { 20 } else { 20_000 };
            assert_eq!(deliver(count), (0..count).collect::<Vec<_>>());
        });
    }
}

/// Loom tries the interleavings with up to `LOOM_MAX_PREEMPTIONS` forced
/// thread switches (a bounded search, not every interleaving) and checks
/// each access to the letter's `UnsafeCell` against the happens-before
/// order. With `Relaxed` flags it reports a causality violation: the two
/// accesses to the letter are not ordered.
#[cfg(loom)]
mod loom_model {
    use loom::thread;
    use memory_ordering::exercise::mailbox;

    #[test]
    fn two_letters_cross_without_a_race() {
        loom::model(|| {
            let (mut sender, mut receiver) = mailbox();
            let postman = thread::spawn(move || {
                for letter in ["invoice", "receipt"] {
                    let mut letter = String::from(letter);
                    while let Err(back) = sender.try_send(letter) {
                        letter = back;
                        thread::yield_now();
                    }
                }
            });
            let mut received = Vec::new();
            while received.len() < 2 {
                match receiver.try_recv() {
                    Some(letter) => received.push(letter),
                    None => thread::yield_now(),
                }
            }
            postman.join().unwrap();
            assert_eq!(received, ["invoice", "receipt"]);
        });
    }
}
