//! The exercise's type, shared by `starter.rs` and `solution.rs`. Leave this
//! file as it is.

use crate::sync::AtomicU32;

/// Hands out `u32` IDs, each at most once, from any number of threads.
///
/// The counter holds the next ID to hand out. IDs run from the first one up
/// to `u32::MAX - 1`; a counter at `u32::MAX` means every ID has been used,
/// so `u32::MAX` itself is never handed out.
#[derive(Debug)]
pub struct IdAllocator {
    pub(crate) next: AtomicU32,
}
