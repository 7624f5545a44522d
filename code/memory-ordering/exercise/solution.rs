//! The exercise, solved: the four orderings of the one-letter mailbox in
//! `exercise/mailbox.rs`. There are two hand-overs, and each needs a Release
//! store read by an Acquire load.

use crate::sync::Ordering;

pub use crate::mailbox::{Receiver, Sender, mailbox};

// ANCHOR: orderings
/// The sender's load of `full`, before it writes a new letter.
///
/// Acquire, pairing with `RECV_LOWER`: when this load reads the `false` the
/// receiver stored, the receiver's `take()` of the previous letter happens
/// before our write of the next one, so the two cannot race.
pub const SEND_CHECK: Ordering = Ordering::Acquire;

/// The sender's store of `full = true`, after it wrote the letter.
///
/// Release: the write of the letter, sequenced before this store, happens
/// before anything the receiver does after an Acquire load that reads `true`.
pub const SEND_RAISE: Ordering = Ordering::Release;

/// The receiver's load of `full`, before it takes the letter.
///
/// Acquire, pairing with `SEND_RAISE`: reading `true` makes the letter the
/// sender wrote visible here.
pub const RECV_CHECK: Ordering = Ordering::Acquire;

/// The receiver's store of `full = false`, after it took the letter.
///
/// Release: taking the letter, sequenced before this store, happens before
/// the sender's next write, which follows its Acquire load of `false`.
pub const RECV_LOWER: Ordering = Ordering::Release;
// ANCHOR_END: orderings
