//! Opting out of `Send` or `Sync` with a zero-sized `PhantomData` field.
use std::cell::Cell;
use std::marker::PhantomData;
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
}
// ANCHOR_END: main
