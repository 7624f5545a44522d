//! The exercise's mailbox, given. Leave this file as it is: it takes its four
//! orderings from `exercise/starter.rs` (or `exercise/solution.rs`), and those
//! are the only lines you change.
//!
//! A mailbox holds at most one letter. One `Sender` puts letters in, one
//! `Receiver` takes them out, each on its own thread. A flag says whether the
//! box is full; the letter itself is a plain, non-atomic value.

use crate::exercise::{RECV_CHECK, RECV_LOWER, SEND_CHECK, SEND_RAISE};
use crate::sync::{Arc, AtomicBool, UnsafeCell};

/// What the two halves share.
#[derive(Debug)]
struct Shared<T> {
    /// `true` while a letter waits in `letter`.
    full: AtomicBool,
    /// Written only by the sender while `full` is false, taken only by the
    /// receiver while `full` is true.
    letter: UnsafeCell<Option<T>>,
}

// SAFETY: the obligation of `Sync` is that `&Shared<T>`, held by the two
// halves on two threads, allows no data race. The halves take `&mut self`
// and cannot be cloned, so there is one sender and one receiver. The sender
// writes `letter` only after seeing `full == false`, the receiver takes it
// only after seeing `full == true`, and each hands the box over by flipping
// the flag. That is enough *only if* each flip happens before the other
// side's next access, and whether it does is decided by the four orderings
// in the exercise file. `T: Send` because a letter made on the sender's
// thread is dropped on the receiver's.
unsafe impl<T: Send> Sync for Shared<T> {}

/// The half that puts letters in.
#[derive(Debug)]
pub struct Sender<T> {
    shared: Arc<Shared<T>>,
}

/// The half that takes letters out.
#[derive(Debug)]
pub struct Receiver<T> {
    shared: Arc<Shared<T>>,
}

/// An empty mailbox, as its two halves.
pub fn mailbox<T>() -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Shared {
        full: AtomicBool::new(false),
        letter: UnsafeCell::new(None),
    });
    let sender = Sender {
        shared: Arc::clone(&shared),
    };
    (sender, Receiver { shared })
}

impl<T> Sender<T> {
    /// Puts `letter` in the box, or hands it back if the box is still full.
    pub fn try_send(&mut self, letter: T) -> Result<(), T> {
        if self.shared.full.load(SEND_CHECK) {
            return Err(letter);
        }
        self.shared.letter.with_mut(|slot| {
            // SAFETY: the box is empty, so the receiver will not touch the
            // letter until we raise the flag below; its last access (taking
            // the previous letter) happened before it lowered the flag,
            // which we just saw. Both are true only with the right orderings.
            unsafe { *slot = Some(letter) };
        });
        self.shared.full.store(true, SEND_RAISE);
        Ok(())
    }
}

impl<T> Receiver<T> {
    /// Takes the letter out of the box, if there is one.
    pub fn try_recv(&mut self) -> Option<T> {
        if !self.shared.full.load(RECV_CHECK) {
            return None;
        }
        let letter = self.shared.letter.with_mut(|slot| {
            // SAFETY: the box is full, so the sender will not touch the
            // letter until we lower the flag below, and its write happened
            // before it raised the flag, which we just saw. Both are true
            // only with the right orderings.
            unsafe { (*slot).take() }
        });
        self.shared.full.store(false, RECV_LOWER);
        letter
    }
}
