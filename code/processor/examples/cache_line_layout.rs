//! Where do fields land? `size_of`, `align_of` and `offset_of!` answer it
//! for a type, and a field's address answers it for a value. This program
//! prints both for three layouts of a queue's head and tail indices, and
//! says which cache lines the fields fall in.

use crossbeam_utils::CachePadded;
use std::mem::{align_of, offset_of, size_of};
use std::sync::atomic::AtomicUsize;

// ANCHOR: types
/// A queue's two indices as one would first write them: 16 bytes.
#[derive(Debug, Default)]
pub struct Indices {
    pub head: AtomicUsize,
    pub tail: AtomicUsize,
}

/// A wrapper that aligns (and so sizes) its contents to 128 bytes.
#[repr(align(128))]
#[derive(Debug, Default)]
pub struct Line<T>(pub T);

#[derive(Debug, Default)]
pub struct HandPaddedIndices {
    pub head: Line<AtomicUsize>,
    pub tail: Line<AtomicUsize>,
}

#[derive(Debug, Default)]
pub struct PaddedIndices {
    pub head: CachePadded<AtomicUsize>,
    pub tail: CachePadded<AtomicUsize>,
}
// ANCHOR_END: types

// ANCHOR: lines
/// The number of the `line`-byte cache line that `address` falls in.
pub fn line_of(address: usize, line: usize) -> usize {
    address / line
}

/// The address of `value`, as a number.
pub fn address_of<T>(value: &T) -> usize {
    std::ptr::from_ref(value).addr()
}

/// Prints where `head` and `tail` land in a value of type `T`.
fn report<T>(name: &str, value: &T, head: &AtomicUsize, tail: &AtomicUsize) {
    let (head, tail) = (address_of(head), address_of(tail));
    println!("{name}: size {} align {}", size_of::<T>(), align_of::<T>());
    println!("  value at {:#x}", address_of(value));
    println!(
        "  head at {head:#x}: 64-byte line {}, 128-byte block {}",
        line_of(head, 64),
        line_of(head, 128)
    );
    println!(
        "  tail at {tail:#x}: 64-byte line {}, 128-byte block {}",
        line_of(tail, 64),
        line_of(tail, 128)
    );
    let verdict = if line_of(head, 64) == line_of(tail, 64) {
        "share a cache line"
    } else {
        "are on different cache lines"
    };
    println!("  -> head and tail {verdict}");
}
// ANCHOR_END: lines

fn main() {
    // ANCHOR: main
    println!(
        "offset_of!: Indices.tail = {}, HandPaddedIndices.tail = {}, \
         PaddedIndices.tail = {}",
        offset_of!(Indices, tail),
        offset_of!(HandPaddedIndices, tail),
        offset_of!(PaddedIndices, tail),
    );
    let plain = Indices::default();
    report("Indices", &plain, &plain.head, &plain.tail);
    let hand = HandPaddedIndices::default();
    report("HandPaddedIndices", &hand, &hand.head.0, &hand.tail.0);
    let padded = PaddedIndices::default();
    report("PaddedIndices", &padded, &padded.head, &padded.tail);
    // The price of padding: one byte of data takes 128 bytes, four take 512.
    println!(
        "size_of::<CachePadded<u8>>() = {}, size_of::<[Line<u8>; 4]>() = {}",
        size_of::<CachePadded<u8>>(),
        size_of::<[Line<u8>; 4]>(),
    );
    // ANCHOR_END: main
}
