//! Epoch-based reclamation's weakness, shown with crossbeam-epoch: one
//! thread that stays pinned keeps every node retired after it pinned from
//! being freed, however many there are. Each retired `Parcel` counts its
//! drop, so "held" is retired minus freed, exactly.

use crossbeam_epoch::{self as epoch, Owned};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

static FREED: AtomicUsize = AtomicUsize::new(0);

/// Stands in for a node of a lock-free structure: 64 bytes of payload.
struct Parcel {
    _payload: [u64; 8],
}

impl Drop for Parcel {
    fn drop(&mut self) {
        FREED.fetch_add(1, Ordering::Relaxed);
    }
}

/// Allocates `count` parcels and retires each at once, as a `pop` would
/// retire the node it unlinked.
fn retire(count: usize) {
    for _ in 0..count {
        let guard = epoch::pin();
        let parcel =
            Owned::new(Parcel { _payload: [0; 8] }).into_shared(&guard);
        // SAFETY: the parcel was never shared with another thread, so
        // nobody else can be holding it when it is destroyed.
        unsafe { guard.defer_destroy(parcel) };
    }
}

/// Asks the collector to free what it can, `rounds` times.
fn collect(rounds: usize) {
    for _ in 0..rounds {
        epoch::pin().flush();
    }
}

// ANCHOR: main
fn main() {
    const BATCH: usize = 20_000;
    let (pinned_tx, pinned_rx) = mpsc::channel();
    let (unpin_tx, unpin_rx) = mpsc::channel::<()>();
    let reader = thread::spawn(move || {
        let guard = epoch::pin();
        pinned_tx.send(()).unwrap();
        // Stalled: a reader descheduled, or waiting on I/O, while pinned.
        unpin_rx.recv().unwrap();
        drop(guard);
    });
    pinned_rx.recv().unwrap();

    let mut retired = 0;
    for _ in 0..5 {
        retire(BATCH);
        retired += BATCH;
        collect(100);
        let held = retired - FREED.load(Ordering::Relaxed);
        println!("reader pinned:   {retired:>6} retired, {held:>6} held");
    }

    unpin_tx.send(()).unwrap();
    reader.join().unwrap();
    // The collector frees a few bags per call: call it until it is done.
    for _ in 0..10_000 {
        if FREED.load(Ordering::Relaxed) == retired {
            break;
        }
        collect(1);
    }
    let held = retired - FREED.load(Ordering::Relaxed);
    println!("reader unpinned: {retired:>6} retired, {held:>6} held");
}
// ANCHOR_END: main
