//! The error type of the exercise, shared by the starter and the solution.

use std::error::Error;
use std::fmt;

/// `Receiver::receive` returns this when the `Sender` was dropped without
/// sending: no message will ever come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Disconnected;

impl fmt::Display for Disconnected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the sender was dropped without sending")
    }
}

impl Error for Disconnected {}
