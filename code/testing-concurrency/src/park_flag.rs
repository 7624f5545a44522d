//! mutants: skip (broken on purpose: the chapter's ThreadSanitizer example)
//!
//! A one-shot channel on `park`/`unpark`, in two versions that differ in
//! one ordering: the sender publishes its `ready` flag with `Relaxed` (the
//! bug) or with `Release` (correct). The receiver loads the flag with
//! `Acquire`, but an `Acquire` load synchronises only with a `Release`
//! store, so when the receiver sees `ready` without having parked, nothing
//! orders the sender's write of the value before the receiver's read: a
//! data race. When the receiver does park, the unpark that wakes it does
//! order the write (std: "calls to `unpark` synchronize-with calls to
//! `park`"), which is why the bug shows only in some executions.
//!
//! loom 0.7's `Thread::unpark` runs in the same scheduling step as the
//! store before it (it is not a point at which loom may switch threads) and
//! joins the unparker's clock into the target at once, so under
//! `loom::thread` the receiver never sees the flag without the edge, and
//! loom passes the bug (`tests/loom.rs`). ThreadSanitizer sees it
//! (`tests/tsan.rs`, the `tsan` stage).

use std::marker::PhantomData;

use crate::sync::{Arc, AtomicBool, Ordering, UnsafeCell, thread};

// ANCHOR: slot
/// The state the halves share. `RELEASE` chooses the ordering of the store
/// that publishes the value: `false` is the bug.
#[derive(Debug)]
struct Slot<T, const RELEASE: bool> {
    value: UnsafeCell<Option<T>>,
    ready: AtomicBool,
    receiving_thread: thread::Thread,
}

// SAFETY: (the obligation of `Sync`) the halves share `&Slot` between two
// threads: only the `Sender` writes `value`, once, before its store of
// `ready`; only the `Receiver` reads it, after an `Acquire` load that saw
// `true`. With `RELEASE` that load synchronises with the store and the
// write happens before the read. NOT SOUND, on purpose, with `RELEASE =
// false`: a `Relaxed` store gives the `Acquire` load nothing to
// synchronise with, and the read races with the write whenever the
// receiver sees `ready` without parking. That race is what the chapter's
// tools are run on. The value moves between threads, so `T: Send`.
unsafe impl<T: Send, const RELEASE: bool> Sync for Slot<T, RELEASE> {}

/// The sending half of a one-shot channel. It knows which thread to wake.
#[derive(Debug)]
pub struct Sender<T, const RELEASE: bool> {
    slot: Arc<Slot<T, RELEASE>>,
}

/// The receiving half. It must stay on the thread that created the
/// channel, because that is the thread the sender unparks: the
/// `PhantomData<*const ()>` makes it `!Send`.
#[derive(Debug)]
pub struct Receiver<T, const RELEASE: bool> {
    slot: Arc<Slot<T, RELEASE>>,
    _stays_on_its_thread: PhantomData<*const ()>,
}

/// The buggy channel: `ready` is stored with `Relaxed`.
pub type RelaxedSender<T> = Sender<T, false>;
/// The buggy channel's receiving half.
pub type RelaxedReceiver<T> = Receiver<T, false>;
/// The correct channel: `ready` is stored with `Release`.
pub type ReleaseSender<T> = Sender<T, true>;
/// The correct channel's receiving half.
pub type ReleaseReceiver<T> = Receiver<T, true>;

/// A one-shot channel whose receiver is the calling thread.
pub fn channel<T, const RELEASE: bool>()
-> (Sender<T, RELEASE>, Receiver<T, RELEASE>) {
    let slot = Arc::new(Slot {
        value: UnsafeCell::new(None),
        ready: AtomicBool::new(false),
        receiving_thread: thread::current(),
    });
    let receiver = Receiver {
        slot: Arc::clone(&slot),
        _stays_on_its_thread: PhantomData,
    };
    (Sender { slot }, receiver)
}
// ANCHOR_END: slot

// ANCHOR: send
impl<T, const RELEASE: bool> Sender<T, RELEASE> {
    /// Writes the value, publishes it, and wakes the receiving thread.
    pub fn send(self, value: T) {
        self.slot.value.with_mut(|slot| {
            // SAFETY: one `Sender` per channel, consumed here, so this is
            // the only write; the `Receiver` reads only after it has seen
            // `ready` (see the `Sync` impl for when that read is ordered).
            unsafe { slot.write(Some(value)) };
        });
        // The bug when `RELEASE` is false: `Release` is needed to order
        // the write above before a receiver's `Acquire` load that sees
        // `true`.
        let publish = if RELEASE {
            Ordering::Release
        } else {
            Ordering::Relaxed
        };
        self.slot.ready.store(true, publish);
        self.slot.receiving_thread.unpark();
    }
}
// ANCHOR_END: send

// ANCHOR: receive
impl<T, const RELEASE: bool> Receiver<T, RELEASE> {
    /// Waits for the value and takes it.
    pub fn receive(self) -> T {
        // `park` may return spuriously, or at once for a token left by an
        // earlier unpark, so the flag is checked again every time.
        while !self.slot.ready.load(Ordering::Acquire) {
            thread::park();
        }
        self.slot
            .value
            .with_mut(|slot| {
                // SAFETY: the `Sender` has written the value and never touches
                // it again; the read is ordered after the write only with
                // `RELEASE` (see the `Sync` impl). One `Receiver`, consumed
                // here, so the value is taken once.
                unsafe { (*slot).take() }
            })
            .expect("ready is set only after the value is written")
    }
}
// ANCHOR_END: receive
