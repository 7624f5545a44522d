// A pixel buffer that owns its memory through a raw pointer, moved to a
// worker thread. This must not compile: a raw pointer is neither `Send` nor
// `Sync`, so neither is a struct that holds one.
use std::thread;

struct PixelBuffer {
    pixels: *mut [u8],
}

impl PixelBuffer {
    fn new(len: usize) -> Self {
        let pixels = Box::into_raw(vec![0u8; len].into_boxed_slice());
        Self { pixels }
    }

    fn len(&self) -> usize {
        self.pixels.len()
    }
}

fn main() {
    let buffer = PixelBuffer::new(16);
    let worker = thread::spawn(move || buffer.len());
    println!("{} pixels", worker.join().unwrap());
}
