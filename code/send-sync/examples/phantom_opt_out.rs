//! Opting out of `Send` or `Sync` with a zero-sized `PhantomData` field.
use std::cell::Cell;
use std::marker::PhantomData;
use std::sync::MutexGuard;
use std::thread;

// ANCHOR: markers
/// Must stay on the thread that created it (think of a GUI toolkit whose
/// handles belong to the main thread). `*const ()` is neither `Send` nor
/// `Sync`, so neither is `GuiSession`.
struct GuiSession {
    window_title: String,
    _not_send: PhantomData<*const ()>,
}

/// May move to another thread, but not be shared: `Cell<()>` is `Send` and
/// `!Sync`, so `ScratchBuffer` is too.
struct ScratchBuffer {
    bytes: Vec<u8>,
    _not_sync: PhantomData<Cell<()>>,
}

/// May be shared with other threads, but must be dropped where it was made,
/// like a `MutexGuard`: `MutexGuard<'static, ()>` is `Sync` (because `()` is)
/// and not `Send`, so `ThreadBoundTicket` is the same, with no `unsafe`.
struct ThreadBoundTicket {
    number: u32,
    _not_send: PhantomData<MutexGuard<'static, ()>>,
}
// ANCHOR_END: markers

// ANCHOR: main
fn main() {
    let session = GuiSession {
        window_title: String::from("Inventory"),
        _not_send: PhantomData,
    };
    let scratch = ScratchBuffer {
        bytes: Vec::with_capacity(64),
        _not_sync: PhantomData,
    };
    // The session stays here; a copy of its title travels instead. The
    // scratch buffer is `Send`, so it may move to the worker.
    let title = session.window_title.clone();
    let worker = thread::spawn(move || {
        let mut scratch = scratch;
        scratch.bytes.extend_from_slice(title.as_bytes());
        scratch.bytes.len()
    });
    println!(
        "{}: {} bytes written by the worker",
        session.window_title,
        worker.join().unwrap()
    );

    // The ticket is `Sync`, so scoped threads may borrow it; it stays here.
    let ticket = ThreadBoundTicket {
        number: 7,
        _not_send: PhantomData,
    };
    thread::scope(|scope| {
        scope.spawn(|| println!("a worker reads ticket {}", ticket.number));
    });
}
// ANCHOR_END: main
