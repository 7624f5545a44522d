//! Where the examples' counters land in memory, checked by address
//! arithmetic: deterministic, no timing. The examples are included as
//! modules, so the tests check the very types the page shows.

#[path = "../examples/false_sharing.rs"]
#[allow(dead_code)]
mod false_sharing;

#[path = "../examples/cache_line_layout.rs"]
#[allow(dead_code)]
mod cache_line_layout;

use cache_line_layout::{
    HandPaddedIndices, Indices, PaddedIndices, address_of, line_of,
};
use crossbeam_utils::CachePadded;
use false_sharing::{Adjacent, CratePadded, HandPadded, Line};
use std::mem::{align_of, offset_of, size_of};
use std::sync::atomic::{AtomicU64, Ordering};

/// Asserts that `left` and `right` are in different `line`-byte blocks and
/// that neither block holds any byte of the other counter.
fn assert_apart(left: &AtomicU64, right: &AtomicU64, line: usize) {
    let (left, right) = (address_of(left), address_of(right));
    let last =
        |address: usize| line_of(address + size_of::<AtomicU64>() - 1, line);
    assert_eq!(line_of(left, line), last(left), "left straddles a line");
    assert_eq!(line_of(right, line), last(right), "right straddles a line");
    assert_ne!(line_of(left, line), line_of(right, line));
}

#[test]
fn adjacent_counters_share_one_line() {
    let counters = Adjacent::default();
    assert_eq!(offset_of!(Adjacent, right) - offset_of!(Adjacent, left), 8);
    assert_eq!(address_of(&counters) % 64, 0);
    assert_eq!(
        line_of(address_of(&counters.left), 64),
        line_of(address_of(&counters.right), 64)
    );
}

#[test]
fn hand_padded_counters_are_128_bytes_apart() {
    assert_eq!(align_of::<Line<AtomicU64>>(), 128);
    assert_eq!(size_of::<Line<AtomicU64>>(), 128);
    assert_eq!(offset_of!(HandPadded, right), 128);
    // Boxed and on the stack: the alignment holds wherever the value lives.
    let boxed = Box::new(HandPadded::default());
    let local = HandPadded::default();
    for counters in [&*boxed, &local] {
        assert_eq!(address_of(counters) % 128, 0);
        assert_apart(&counters.left.0, &counters.right.0, 64);
        assert_apart(&counters.left.0, &counters.right.0, 128);
    }
}

#[test]
fn crate_padded_counters_are_on_different_lines() {
    // crossbeam's choice for this target; 128 on x86-64 and aarch64.
    let line = align_of::<CachePadded<AtomicU64>>();
    assert!(line >= 32);
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    assert_eq!(line, 128);
    let counters = Box::new(CratePadded::default());
    assert_apart(&counters.left, &counters.right, line);
    assert_apart(&counters.left, &counters.right, 64.min(line));
}

#[test]
fn hammer_counts_every_increment() {
    let increments = if cfg!(miri) { 20 } else { 10_000 };
    let counters = Adjacent::default();
    false_sharing::hammer(&counters.left, &counters.right, increments);
    assert_eq!(counters.left.load(Ordering::Relaxed), increments);
    assert_eq!(counters.right.load(Ordering::Relaxed), increments);
}

/// The numbers the page quotes for the queue indices.
#[test]
fn queue_indices_layouts() {
    assert_eq!(offset_of!(Indices, tail), size_of::<usize>());
    assert_eq!(size_of::<Indices>(), 2 * size_of::<usize>());
    assert_eq!(size_of::<HandPaddedIndices>(), 256);
    assert_eq!(align_of::<HandPaddedIndices>(), 128);
    let padded = Box::new(PaddedIndices::default());
    let hand = Box::new(HandPaddedIndices::default());
    let head_line = |address| line_of(address, 64);
    assert_ne!(
        head_line(address_of(&*padded.head)),
        head_line(address_of(&*padded.tail))
    );
    assert_ne!(
        head_line(address_of(&hand.head.0)),
        head_line(address_of(&hand.tail.0))
    );
    // The memory cost of padding one byte.
    assert_eq!(size_of::<[cache_line_layout::Line<u8>; 4]>(), 512);
}
