//! The exercise's tests. Run them with
//! `cargo test -p lock-free --test exercise`.
//!
//! Every test runs under `test_support::watchdog`, in a process of its own,
//! so a walk that never ends (a list linked into a loop, say) is reported
//! as a hang instead of hanging, and a panic as a panic. The loom models at
//! the end check the same code with loom:
//! `cargo xtask loom lock-free --exercise`.

#[cfg(not(loom))]
mod threads {
    use lock_free::exercise::Inbox;
    use std::cell::Cell;
    use std::collections::BTreeMap;
    use std::rc::Rc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;
    use std::time::Duration;
    use test_support::watchdog;

    const LIMIT: Duration = Duration::from_secs(30);
    /// Messages each poster posts in the tests with threads; Miri is slow.
    const POSTS: usize = if cfg!(miri) { 20 } else { 5_000 };

    /// A message that says who posted it and which of its posts it is.
    type Letter = (usize, usize);

    /// Counts its drops, so a test can see that each message is dropped
    /// exactly once: by whoever took it, or by the inbox's `Drop`.
    #[derive(Debug)]
    struct Parcel<'a> {
        drops: &'a AtomicUsize,
    }

    impl Drop for Parcel<'_> {
        fn drop(&mut self) {
            self.drops.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Adds one to `done` when dropped: when its poster has finished, or
    /// has panicked. The taker stops once every poster is done, so it
    /// stops even if a poster panics, and the test reports the panic.
    struct Finished<'a>(&'a AtomicUsize);

    impl Drop for Finished<'_> {
        fn drop(&mut self) {
            // Release: the taker's Acquire load that sees the count orders
            // all of this poster's posts before its last `take_all`.
            self.0.fetch_add(1, Ordering::Release);
        }
    }

    /// Posts `POSTS` letters from `poster`, in order, then counts itself
    /// done.
    fn post_letters(inbox: &Inbox<Letter>, poster: usize, done: &AtomicUsize) {
        let _finished = Finished(done);
        for number in 0..POSTS {
            inbox.post((poster, number));
        }
    }

    /// Takes from `inbox` until all `posters` are done, then once more, and
    /// returns the batches it took.
    fn take_until_done(
        inbox: &Inbox<Letter>,
        posters: usize,
        done: &AtomicUsize,
    ) -> Vec<Vec<Letter>> {
        let mut batches = Vec::new();
        loop {
            // Acquire: pairs with `Finished`'s Release, so once every
            // poster is done their posts happen before the `take_all`
            // below, and it finds every letter still in the inbox.
            let all_done = done.load(Ordering::Acquire) == posters;
            let batch = inbox.take_all();
            if !batch.is_empty() {
                batches.push(batch);
            } else if !all_done {
                thread::yield_now();
            }
            if all_done {
                return batches;
            }
        }
    }

    /// Checks that `batches`, taken one after the other, hold every letter
    /// of `posters` posters exactly once, and each poster's letters in the
    /// order it posted them.
    fn assert_each_letter_once(batches: &[Vec<Letter>], posters: usize) {
        let mut next_from: BTreeMap<usize, usize> = BTreeMap::new();
        for (index, batch) in batches.iter().enumerate() {
            for &(poster, number) in batch {
                let expected = next_from.entry(poster).or_insert(0);
                assert_eq!(
                    number, *expected,
                    "batch {index}: poster {poster}'s letter {number} came \
                     when its letter {expected} was due: a letter lost, taken \
                     twice, or out of order (take_all returns the oldest \
                     first)"
                );
                *expected += 1;
            }
        }
        for poster in 0..posters {
            let arrived = next_from.get(&poster).copied().unwrap_or(0);
            assert_eq!(
                arrived, POSTS,
                "poster {poster} posted {POSTS} letters, {arrived} arrived"
            );
        }
    }

    #[test]
    fn messages_come_out_oldest_first() {
        watchdog(LIMIT, || {
            let inbox = Inbox::new();
            for message in ["ping", "pong", "pang"] {
                inbox.post(message);
            }
            assert_eq!(inbox.take_all(), ["ping", "pong", "pang"]);
            inbox.post("again");
            assert_eq!(inbox.take_all(), ["again"]);
        });
    }

    #[test]
    fn take_all_on_an_empty_inbox_takes_nothing() {
        watchdog(LIMIT, || {
            let inbox = Inbox::<String>::new();
            assert_eq!(inbox.take_all(), Vec::<String>::new());
            inbox.post(String::from("only"));
            assert_eq!(inbox.take_all(), ["only"]);
            assert_eq!(
                inbox.take_all(),
                Vec::<String>::new(),
                "take_all takes the messages out: a second one finds none"
            );
        });
    }

    #[test]
    fn is_empty_follows_posts_and_takes() {
        watchdog(LIMIT, || {
            let inbox = Inbox::default();
            assert!(inbox.is_empty(), "a new inbox is empty");
            inbox.post(1);
            assert!(!inbox.is_empty(), "one message posted");
            inbox.post(2);
            assert_eq!(inbox.take_all(), [1, 2]);
            assert!(inbox.is_empty(), "take_all left it empty");
        });
    }

    #[test]
    fn messages_left_in_the_inbox_are_dropped_once() {
        watchdog(LIMIT, || {
            let drops = AtomicUsize::new(0);
            let inbox = Inbox::new();
            for _ in 0..4 {
                inbox.post(Parcel { drops: &drops });
            }
            let taken = inbox.take_all();
            assert_eq!(taken.len(), 4);
            assert_eq!(
                drops.load(Ordering::Relaxed),
                0,
                "take_all moves the messages out; it drops none"
            );
            drop(taken);
            assert_eq!(drops.load(Ordering::Relaxed), 4, "the taken four");
            for _ in 0..3 {
                inbox.post(Parcel { drops: &drops });
            }
            drop(inbox);
            let left = drops.load(Ordering::Relaxed) - 4;
            assert_eq!(
                left, 3,
                "dropping the inbox dropped {left} of the 3 messages left in \
                 it: its `Drop` must free each node and drop its message once"
            );
        });
    }

    /// Three posters and a taker that takes while they post: every letter
    /// arrives once, each poster's in order.
    #[test]
    fn posters_and_a_taker_lose_nothing() {
        watchdog(LIMIT, || {
            const POSTERS: usize = 3;
            let inbox = Inbox::new();
            let done = AtomicUsize::new(0);
            let batches = thread::scope(|scope| {
                for poster in 0..POSTERS {
                    let (inbox, done) = (&inbox, &done);
                    scope.spawn(move || post_letters(inbox, poster, done));
                }
                take_until_done(&inbox, POSTERS, &done)
            });
            assert_each_letter_once(&batches, POSTERS);
            assert!(inbox.is_empty());
        });
    }

    /// Two posters and two takers: each letter goes to exactly one taker.
    /// A `take_all` that read `head` and cleared it in two steps would
    /// let both takers have the same letters, or lose some.
    #[test]
    fn two_takers_never_share_a_letter() {
        watchdog(LIMIT, || {
            const POSTERS: usize = 2;
            let inbox = Inbox::new();
            let done = AtomicUsize::new(0);
            let (mine, theirs) = thread::scope(|scope| {
                for poster in 0..POSTERS {
                    let (inbox, done) = (&inbox, &done);
                    scope.spawn(move || post_letters(inbox, poster, done));
                }
                let other =
                    scope.spawn(|| take_until_done(&inbox, POSTERS, &done));
                let mine = take_until_done(&inbox, POSTERS, &done);
                (mine, other.join().unwrap())
            });
            // Each taker's batches keep every poster's order; together
            // they hold every letter once.
            let mut all: Vec<Letter> =
                mine.iter().chain(&theirs).flatten().copied().collect();
            let taken = all.len();
            all.sort_unstable();
            all.dedup();
            assert_eq!(
                all.len(),
                taken,
                "{} letters were taken twice",
                taken - all.len()
            );
            assert_eq!(taken, POSTERS * POSTS, "letters lost");
            for batches in [&mine, &theirs] {
                for batch in batches {
                    for pair in batch.windows(2) {
                        if pair[0].0 == pair[1].0 {
                            assert!(
                                pair[0].1 < pair[1].1,
                                "a batch out of order: {:?}",
                                pair
                            );
                        }
                    }
                }
            }
        });
    }

    /// An inbox is `Send` and `Sync` exactly when its messages are `Send`:
    /// it moves them between threads and never shares one. `Cell` is
    /// `Send` but not `Sync`, and an inbox of them may still be shared;
    /// `Rc` is neither, and an inbox of them must stay on one thread.
    // starter passes: the unsafe impls are given, in exercise/inbox.rs
    #[test]
    fn an_inbox_is_send_and_sync_when_its_messages_are_send() {
        assert!(test_support::is_send!(Inbox<String>));
        assert!(test_support::is_sync!(Inbox<String>));
        assert!(
            test_support::is_sync!(Inbox<Cell<u32>>),
            "an inbox of `Cell`s may be shared: it never shares a `Cell`"
        );
        assert!(
            !test_support::is_send!(Inbox<Rc<u32>>),
            "an inbox of `Rc`s would move them to other threads"
        );
        assert!(
            !test_support::is_sync!(Inbox<Rc<u32>>),
            "posting `Rc`s from two threads would share their counts"
        );
    }
}

/// The exercise's loom models. Loom runs each under every interleaving of
/// its threads (up to `LOOM_MAX_PREEMPTIONS` preemptions) and checks every
/// read of a message: `Node::free` moves it out through a loom
/// `UnsafeCell`, so a read that its poster's write does not happen before
/// is reported as a causality violation.
#[cfg(loom)]
mod models {
    use lock_free::exercise::Inbox;
    use loom::sync::Arc;
    use loom::sync::atomic::{AtomicUsize, Ordering};
    use loom::thread;

    /// Two posters and a taker that takes while they post, and once more
    /// after they are done: every message arrives once, and the first
    /// poster's two in the order it posted them. The first take runs on a
    /// thread of its own: a panic on the model's main thread while other
    /// threads still run would abort the test binary, with loom's "panic
    /// in a destructor during cleanup", instead of failing the test.
    #[test]
    fn loom_two_posters_and_a_taker() {
        loom::model(|| {
            let inbox = Arc::new(Inbox::new());
            let first = {
                let inbox = Arc::clone(&inbox);
                thread::spawn(move || {
                    inbox.post("first, 1");
                    inbox.post("first, 2");
                })
            };
            let second = {
                let inbox = Arc::clone(&inbox);
                thread::spawn(move || inbox.post("second"))
            };
            let taker = {
                let inbox = Arc::clone(&inbox);
                thread::spawn(move || inbox.take_all())
            };
            first.join().unwrap();
            second.join().unwrap();
            let mut taken = taker.join().unwrap();
            taken.extend(inbox.take_all());
            let position = |message| {
                taken.iter().position(|taken| *taken == message).unwrap()
            };
            assert!(position("first, 1") < position("first, 2"), "{taken:?}");
            taken.sort_unstable();
            assert_eq!(taken, ["first, 1", "first, 2", "second"]);
        });
    }

    /// A message that counts its drops in a loom atomic.
    struct Parcel(Arc<AtomicUsize>);

    impl Drop for Parcel {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Nobody takes: whichever thread drops the last `Arc` drops the
    /// inbox, and with it both messages, each once, after their posts.
    #[test]
    fn loom_the_last_owner_drops_what_is_left() {
        loom::model(|| {
            let drops = Arc::new(AtomicUsize::new(0));
            let inbox = Arc::new(Inbox::new());
            let posters: Vec<_> = (0..2)
                .map(|_| {
                    let inbox = Arc::clone(&inbox);
                    let drops = Arc::clone(&drops);
                    thread::spawn(move || inbox.post(Parcel(drops)))
                })
                .collect();
            drop(inbox);
            for poster in posters {
                poster.join().unwrap();
            }
            assert_eq!(
                drops.load(Ordering::Relaxed),
                2,
                "the inbox's `Drop` must drop each message left in it once"
            );
        });
    }
}
