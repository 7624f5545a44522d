//! The exercise: a three-stage order pipeline that shuts down cleanly.
//!
//! ```text
//! lines ──read──▶ sync_channel ──parse──▶ sync_channel ──price──▶ sync_channel ──▶ caller
//! ```
//!
//! Each stage is a thread connected to the next by a bounded
//! `std::sync::mpsc::sync_channel(capacity)`. The data types and the work
//! each stage does (`parse_order`, `price`) are given in
//! `exercise/orders.rs`; leave that file as it is. Here you write:
//!
//! 1. The three stage functions. Each one loops over its input, sends what
//!    it produces, counts what it received and sent, and returns a
//!    `StageSummary`. Each stops when its input is exhausted *or* when a
//!    `send` fails because the next stage has hung up.
//! 2. `run_pipeline`: create the channels, spawn one thread per stage,
//!    collect every invoice on the calling thread, join the three threads
//!    and return the `Report`.
//! 3. `first_invoices`: the same pipeline, but the caller stops after
//!    `wanted` invoices. Dropping its receiver must make every stage stop,
//!    so the joins still return.
//!
//! No stage is told "the input is over" by a special message: shutdown
//! travels by dropping senders (forward) and receivers (backward).
//!
//! Run the tests with `cargo test -p message-passing --test exercise`.

// The bodies below are `todo!()` until you write them, so the compiler
// would warn that the arguments are unused. Delete this line once you are
// done.
#![allow(unused_variables)]

use std::sync::mpsc::{Receiver, SyncSender};

pub use crate::orders::{
    Invoice, Order, Report, StageSummary, parse_order, price,
};

/// Stage 1, `"read"`: sends every line of `lines` to `output`, in order.
///
/// `received` counts the lines taken from `lines`, `sent` the successful
/// sends. Stops early if `send` fails (everyone downstream has gone).
pub fn read_stage(
    lines: Vec<String>,
    output: SyncSender<String>,
) -> StageSummary {
    todo!("read_stage: send the lines on, stop when a send fails")
}

/// Stage 2, `"parse"`: receives lines until `input` is disconnected and
/// empty, and sends `parse_order(&line)` on for each line that parses.
/// Lines that do not parse are counted as received and dropped.
pub fn parse_stage(
    input: Receiver<String>,
    output: SyncSender<Order>,
) -> StageSummary {
    todo!("parse_stage: receive, parse and send on each order")
}

/// Stage 3, `"price"`: receives orders until `input` is disconnected and
/// empty, and sends `price(order)` on for each.
pub fn price_stage(
    input: Receiver<Order>,
    output: SyncSender<Invoice>,
) -> StageSummary {
    todo!("price_stage: receive, price and send on each invoice")
}

/// Runs `lines` through read, parse and price, each on its own thread,
/// connected by `sync_channel(capacity)` (0 makes every hand-over a
/// rendezvous). Collects every invoice on the calling thread, in arrival
/// order, then joins the three stage threads and returns their summaries in
/// pipeline order.
///
/// Returns only when all three threads have exited. If any `Sender` stays
/// alive by mistake, the collecting loop never ends: the tests catch that
/// with a timeout.
pub fn run_pipeline(lines: Vec<String>, capacity: usize) -> Report {
    todo!("run_pipeline: start the stages, collect the invoices")
}

/// Like [`run_pipeline`], but the caller takes only the first `wanted`
/// invoices, then drops its receiver. The stages must notice (their `send`
/// fails) and exit, so that joining them returns.
pub fn first_invoices(
    lines: Vec<String>,
    capacity: usize,
    wanted: usize,
) -> Report {
    todo!("first_invoices: take `wanted` invoices, then hang up")
}
