//! The exercise: fix the message passing.
//!
//! `exercise/mailbox.rs` (given, leave it as it is) is a one-letter mailbox:
//! a `Sender` writes a plain, non-atomic letter and raises a `full` flag; a
//! `Receiver` sees the flag, takes the letter and lowers the flag again.
//! It compiles, it runs, and on an x86 machine it even seems to work. It is
//! still wrong: every operation on the flag is `Relaxed`, so nothing makes
//! the write of a letter happen before its read, nor the read of one letter
//! happen before the write of the next. Those are data races, undefined
//! behaviour, whatever your machine happens to do.
//!
//! Your task: choose the four orderings below, the weakest that make both
//! hand-overs (sender to receiver, and receiver back to sender) a
//! synchronises-with edge, and replace each `TODO` with a comment that says
//! which operation it pairs with and what it makes visible.
//!
//! Run the tests with `cargo test -p memory-ordering --test exercise`, then
//! let loom explore the interleavings (a bounded search, up to
//! `LOOM_MAX_PREEMPTIONS` forced thread switches) with
//! `cargo xtask loom memory-ordering --exercise`.

use crate::sync::Ordering;

pub use crate::mailbox::{Receiver, Sender, mailbox};

/// The sender's load of `full`, before it writes a new letter.
// TODO: choose the ordering, and say which operation it pairs with and
// what it makes visible.
pub const SEND_CHECK: Ordering = Ordering::Relaxed;

/// The sender's store of `full = true`, after it wrote the letter.
// TODO: choose the ordering, and say which operation it pairs with and
// what it makes visible.
pub const SEND_RAISE: Ordering = Ordering::Relaxed;

/// The receiver's load of `full`, before it takes the letter.
// TODO: choose the ordering, and say which operation it pairs with and
// what it makes visible.
pub const RECV_CHECK: Ordering = Ordering::Relaxed;

/// The receiver's store of `full = false`, after it took the letter.
// TODO: choose the ordering, and say which operation it pairs with and
// what it makes visible.
pub const RECV_LOWER: Ordering = Ordering::Relaxed;
