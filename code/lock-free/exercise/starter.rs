//! The exercise: an inbox that many threads post messages into and one
//! consumer empties at once, with a `take_all` that is wait-free.
//!
//! The types are given in `exercise/inbox.rs`: `Inbox<T>`, whose `head` is
//! an `AtomicPtr` to the newest node of a singly linked list, its `Send`
//! and `Sync` promises, `Inbox::new`, and the three things one does with a
//! node: `Node::alloc`, `Node::set_next` and `Node::free`. Leave that file
//! as it is. Here you write what makes it an inbox:
//!
//! 1. `Inbox::post`: push a node onto the list with a compare-exchange
//!    loop. Lock-free: it may retry, but only because another thread got
//!    its own change of `head` in first (or, with the weak form, after a
//!    spurious failure).
//! 2. `Inbox::take_all`: detach the whole list with one atomic operation,
//!    no loop, then free the nodes you detached and return their messages,
//!    oldest first. Wait-free: nothing another thread does can make it
//!    start again.
//! 3. `Inbox::is_empty`.
//! 4. `Drop`: drop the messages still in the inbox, and free their nodes.
//!
//! Choose every ordering and say in a comment why it is enough and why
//! nothing weaker would do. Every `unsafe` block gets a `// SAFETY:`
//! comment. Run the tests with `cargo test -p lock-free --test exercise`;
//! to start over, `git restore code/lock-free/exercise/starter.rs`.

// The bodies below are `todo!()` until you write them, so the compiler
// would warn that the argument and the imports are unused. Delete these
// lines once you are done.
#![allow(unused_variables)]
#[allow(unused_imports)]
use crate::sync::Ordering;
#[allow(unused_imports)]
use inbox::Node;
#[allow(unused_imports)]
use std::ptr;

// The types the starter and the solution share.
#[path = "inbox.rs"]
mod inbox;

pub use inbox::Inbox;

// ANCHOR: api
impl<T> Inbox<T> {
    /// Adds `message` to the inbox. Any number of threads may post at once.
    ///
    /// Put the message in a node of its own (`Node::alloc`), link the node
    /// to the head you read last (`Node::set_next`), and make `head` point
    /// at the node with a compare-exchange; when it fails, it tells you
    /// the head it found instead: link to that one and try again. Which
    /// thread will read what the node holds, and what must your successful
    /// compare-exchange do for it? Does `post` ever read through the head
    /// it loads?
    pub fn post(&self, message: T) {
        todo!(
            "Inbox::post: put the message in a node, link it to the head, \
             swing head to it with a compare-exchange loop"
        )
    }

    /// Takes every message posted so far and returns them oldest first,
    /// leaving the inbox empty.
    ///
    /// Detach the whole list with one atomic operation that leaves `head`
    /// null and returns what it held: no loop, no retry. The nodes you
    /// detached are yours alone now: free them one by one with
    /// `Node::free`, which hands you each message and the next node. The
    /// list runs newest first. Which threads' writes must you see before
    /// you read the nodes?
    pub fn take_all(&self) -> Vec<T> {
        todo!(
            "Inbox::take_all: detach the list with one atomic operation, \
             then free its nodes and return the messages oldest first"
        )
    }

    /// Whether the inbox holds no message right now. A snapshot: another
    /// thread may post or take the moment after.
    pub fn is_empty(&self) -> bool {
        todo!("Inbox::is_empty: is head null?")
    }
}

impl<T> Drop for Inbox<T> {
    /// Drops the messages nobody took, each once, and frees their nodes.
    fn drop(&mut self) {
        // TODO: walk the list from `head`, freeing each node with
        // `Node::free` and dropping its message. This body is empty rather
        // than a `todo!()` because `drop` also runs while a failing test
        // unwinds, and a panic there would abort the whole test run. Until
        // you write it, the messages left in an inbox are leaked, and the
        // test `messages_left_in_the_inbox_are_dropped_once` fails.
    }
}
// ANCHOR_END: api
