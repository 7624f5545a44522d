//! The fix for `compile_fail/raw_pointer_to_thread.rs`: an `unsafe impl Send`
//! backed by an argument.
use std::thread;

// ANCHOR: buffer
/// Owns a heap buffer of pixels, one byte each, through a raw pointer.
struct PixelBuffer {
    pixels: *mut [u8],
}

// SAFETY: `Send` promises that moving a `PixelBuffer` to another thread and
// using or dropping it there is sound. It is, because:
// - `pixels` comes from `Box::into_raw` in `new` and is never copied out, so
//   the buffer is the only way to reach those bytes: whoever owns the
//   `PixelBuffer` owns the pixels, exactly like a `Box<[u8]>`.
// - `u8` is `Send`, and memory from the global allocator may be freed on any
//   thread.
// It is not `Sync`, and needs no such impl: `fill` takes `&mut self`, so
// sharing would gain nothing, and we have not argued for it.
unsafe impl Send for PixelBuffer {}

impl PixelBuffer {
    fn new(len: usize) -> Self {
        let pixels = Box::into_raw(vec![0u8; len].into_boxed_slice());
        Self { pixels }
    }

    fn fill(&mut self, value: u8) {
        // SAFETY: `pixels` is valid until `drop`, and `&mut self` means no
        // other reference to the bytes exists.
        let pixels = unsafe { &mut *self.pixels };
        pixels.fill(value);
    }

    fn sum(&self) -> u32 {
        // SAFETY: `pixels` is valid until `drop`; `&self` rules out a
        // concurrent `fill`, which needs `&mut self`.
        let pixels = unsafe { &*self.pixels };
        pixels.iter().map(|&pixel| u32::from(pixel)).sum()
    }
}

impl Drop for PixelBuffer {
    fn drop(&mut self) {
        // SAFETY: `pixels` came from `Box::into_raw` and is freed only here.
        drop(unsafe { Box::from_raw(self.pixels) });
    }
}
// ANCHOR_END: buffer

// ANCHOR: main
fn main() {
    let mut buffer = PixelBuffer::new(16);
    buffer.fill(1);
    // The whole buffer moves to the worker and comes back through `join`.
    let worker = thread::spawn(move || {
        buffer.fill(255);
        buffer
    });
    let buffer = worker.join().unwrap();
    println!("sum of pixels: {}", buffer.sum());
}
// ANCHOR_END: main
