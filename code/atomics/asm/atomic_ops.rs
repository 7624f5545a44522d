//! One small function per atomic operation, compiled to assembly by
//! `tests/asm.rs` for x86-64 and AArch64 and compared with the listings in
//! `asm/<target>/<function>.s`, which the chapter's page includes.
//!
//! `#![no_std]` so that any target with `core` installed can compile it;
//! `#[unsafe(no_mangle)]` so that each function keeps its name in the
//! assembly and is not inlined away.
#![no_std]

// ANCHOR: functions
use core::sync::atomic::{AtomicU64, Ordering};

#[unsafe(no_mangle)]
pub fn load_relaxed(counter: &AtomicU64) -> u64 {
    counter.load(Ordering::Relaxed)
}

#[unsafe(no_mangle)]
pub fn load_acquire(counter: &AtomicU64) -> u64 {
    counter.load(Ordering::Acquire)
}

#[unsafe(no_mangle)]
pub fn load_seq_cst(counter: &AtomicU64) -> u64 {
    counter.load(Ordering::SeqCst)
}

#[unsafe(no_mangle)]
pub fn store_relaxed(counter: &AtomicU64, value: u64) {
    counter.store(value, Ordering::Relaxed);
}

#[unsafe(no_mangle)]
pub fn store_release(counter: &AtomicU64, value: u64) {
    counter.store(value, Ordering::Release);
}

#[unsafe(no_mangle)]
pub fn store_seq_cst(counter: &AtomicU64, value: u64) {
    counter.store(value, Ordering::SeqCst);
}

/// Uses the previous value.
#[unsafe(no_mangle)]
pub fn fetch_add_relaxed(counter: &AtomicU64) -> u64 {
    counter.fetch_add(1, Ordering::Relaxed)
}

/// Throws the previous value away.
#[unsafe(no_mangle)]
pub fn add_relaxed(counter: &AtomicU64, amount: u64) {
    counter.fetch_add(amount, Ordering::Relaxed);
}

/// Adds 1 and throws the previous value away.
#[unsafe(no_mangle)]
pub fn increment_relaxed(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

#[unsafe(no_mangle)]
pub fn fetch_add_seq_cst(counter: &AtomicU64) -> u64 {
    counter.fetch_add(1, Ordering::SeqCst)
}

/// Uses the previous value: x86-64 has no single instruction for that.
#[unsafe(no_mangle)]
pub fn fetch_or_relaxed(flags: &AtomicU64, mask: u64) -> u64 {
    flags.fetch_or(mask, Ordering::Relaxed)
}

/// Uses only one bit of the previous value.
#[unsafe(no_mangle)]
pub fn test_and_set_bit_relaxed(flags: &AtomicU64) -> bool {
    flags.fetch_or(1 << 5, Ordering::Relaxed) & (1 << 5) != 0
}

#[unsafe(no_mangle)]
pub fn fetch_max_relaxed(peak: &AtomicU64, sample: u64) -> u64 {
    peak.fetch_max(sample, Ordering::Relaxed)
}

#[unsafe(no_mangle)]
pub fn swap_relaxed(slot: &AtomicU64, value: u64) -> u64 {
    slot.swap(value, Ordering::Relaxed)
}

#[unsafe(no_mangle)]
pub fn compare_exchange_relaxed(
    slot: &AtomicU64,
    expected: u64,
    new: u64,
) -> bool {
    slot.compare_exchange(expected, new, Ordering::Relaxed, Ordering::Relaxed)
        .is_ok()
}

#[unsafe(no_mangle)]
pub fn compare_exchange_weak_relaxed(
    slot: &AtomicU64,
    expected: u64,
    new: u64,
) -> bool {
    slot.compare_exchange_weak(
        expected,
        new,
        Ordering::Relaxed,
        Ordering::Relaxed,
    )
    .is_ok()
}

/// One thread of the store-buffering litmus test: raise my flag, then look
/// at the other thread's.
#[unsafe(no_mangle)]
pub fn raise_then_check_release_acquire(
    mine: &AtomicU64,
    theirs: &AtomicU64,
) -> u64 {
    mine.store(1, Ordering::Release);
    theirs.load(Ordering::Acquire)
}

#[unsafe(no_mangle)]
pub fn raise_then_check_seq_cst(mine: &AtomicU64, theirs: &AtomicU64) -> u64 {
    mine.store(1, Ordering::SeqCst);
    theirs.load(Ordering::SeqCst)
}
// ANCHOR_END: functions
