//! The exercise, solved: an inbox whose `post` is lock-free and whose
//! `take_all` is wait-free.

use crate::sync::Ordering;
use inbox::Node;
use std::ptr;

// The types the starter and the solution share.
#[path = "inbox.rs"]
mod inbox;

pub use inbox::Inbox;

// ANCHOR: solution
impl<T> Inbox<T> {
    /// Adds `message` to the inbox. Any number of threads may post at once.
    ///
    /// Lock-free, not wait-free: the compare-exchange fails only when
    /// another thread changed `head` since we read it (or, being the weak
    /// form, spuriously), so some thread always gets on; but one unlucky
    /// poster may lose every race and retry for as long as others post.
    pub fn post(&self, message: T) {
        let node = Node::alloc(message);
        // Relaxed: we never read through `head`, we only store its address
        // in our node, and the compare-exchange checks that it is still
        // current. A stale value costs one retry, never a wrong list.
        let mut head = self.head.load(Ordering::Relaxed);
        loop {
            // SAFETY: `node` came from `Node::alloc` above, and no other
            // thread can reach it until the compare-exchange publishes it.
            unsafe { Node::set_next(node, head) };
            // Release, on success: the taker whose Acquire swap reads this
            // value, or any later one (every change of `head` is a
            // read-modify-write, so it continues our release sequence),
            // then sees the message and `next` we wrote. Nothing weaker
            // publishes them. No Acquire part: we read nothing through the
            // head we replace, so no other thread's writes concern us.
            // Relaxed, on failure: we publish nothing, read nothing through
            // `current`, and only retry with it.
            match self.head.compare_exchange_weak(
                head,
                node,
                Ordering::Release,
                Ordering::Relaxed,
            ) {
                Ok(_) => return,
                Err(current) => head = current,
            }
        }
    }

    /// Takes every message posted so far and returns them oldest first,
    /// leaving the inbox empty.
    ///
    /// Wait-free: one swap, which cannot fail, then a walk as long as the
    /// messages it took. Nothing another thread does can make it retry.
    /// Nor does it need a reclamation scheme, unlike the Treiber stack's
    /// `pop`: `post` never reads through the head it loaded, and once the
    /// swap has detached the list no other thread can reach its nodes.
    pub fn take_all(&self) -> Vec<T> {
        // Acquire: we are about to read the nodes, which their posters
        // wrote before their Release compare-exchanges; reading this value
        // of `head` synchronises with every one of them whose node we took
        // (see `post`). With Relaxed, reading a node would race with its
        // poster's writes. No Release part: posters never read what we
        // write, and we publish nothing to the next taker.
        let mut node = self.head.swap(ptr::null_mut(), Ordering::Acquire);
        let mut messages = Vec::new();
        while !node.is_null() {
            // SAFETY: `node` is one of the nodes our swap detached, each
            // made by `Node::alloc` and freed once, here: a node is posted
            // once, and the swap gave the list to us alone. No other
            // thread will read it again (a poster may still hold its
            // address, but posters never read through it), and our
            // Acquire swap ordered its poster's writes before us.
            let (message, next) = unsafe { Node::free(node) };
            messages.push(message);
            node = next;
        }
        // The list runs newest first.
        messages.reverse();
        messages
    }

    /// Whether the inbox holds no message right now. A snapshot: another
    /// thread may post or take the moment after.
    pub fn is_empty(&self) -> bool {
        // Relaxed: we compare the pointer with null and read nothing
        // through it. A caller that then takes the messages gets its
        // ordering from `take_all`'s own Acquire swap.
        self.head.load(Ordering::Relaxed).is_null()
    }
}

impl<T> Drop for Inbox<T> {
    /// Drops the messages nobody took, each once, and frees their nodes.
    fn drop(&mut self) {
        // Relaxed: `&mut self` means no other thread can use the inbox
        // now, and whatever gave us that exclusive access (a join, the last
        // `Arc` going away) ordered every thread's posts before this.
        let mut node = self.head.load(Ordering::Relaxed);
        while !node.is_null() {
            // SAFETY: `node` is still on the list, so it came from
            // `Node::alloc` and nobody took it; with the inbox going away
            // nobody else can reach it, and its poster's writes happen
            // before this (see above).
            let (message, next) = unsafe { Node::free(node) };
            drop(message);
            node = next;
        }
    }
}
// ANCHOR_END: solution
