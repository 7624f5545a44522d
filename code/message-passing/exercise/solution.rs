//! The exercise, solved: a three-stage order pipeline connected by bounded
//! channels, which shuts down by dropping channel ends.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::{self, JoinHandle};

pub use crate::orders::{
    Invoice, Order, Report, StageSummary, parse_order, price,
};

// ANCHOR: read
/// Stage 1, `"read"`: sends every line of `lines` to `output`, in order,
/// and stops early if everyone downstream has gone.
pub fn read_stage(
    lines: Vec<String>,
    output: SyncSender<String>,
) -> StageSummary {
    let mut summary = StageSummary {
        name: "read",
        received: 0,
        sent: 0,
    };
    for line in lines {
        summary.received += 1;
        if output.send(line).is_err() {
            break;
        }
        summary.sent += 1;
    }
    summary
    // `output` is dropped here, which disconnects the parse stage's input.
}
// ANCHOR_END: read

// ANCHOR: parse
/// Stage 2, `"parse"`: receives lines until `input` is disconnected and
/// empty, and sends on every line that parses.
pub fn parse_stage(
    input: Receiver<String>,
    output: SyncSender<Order>,
) -> StageSummary {
    let mut summary = StageSummary {
        name: "parse",
        received: 0,
        sent: 0,
    };
    for line in input {
        summary.received += 1;
        if let Some(order) = parse_order(&line) {
            if output.send(order).is_err() {
                break;
            }
            summary.sent += 1;
        }
    }
    summary
}
// ANCHOR_END: parse

/// Stage 3, `"price"`: receives orders until `input` is disconnected and
/// empty, and sends on an invoice for each.
pub fn price_stage(
    input: Receiver<Order>,
    output: SyncSender<Invoice>,
) -> StageSummary {
    let mut summary = StageSummary {
        name: "price",
        received: 0,
        sent: 0,
    };
    for order in input {
        summary.received += 1;
        if output.send(price(order)).is_err() {
            break;
        }
        summary.sent += 1;
    }
    summary
}

// ANCHOR: start
/// Starts the three stages and returns the receiver of invoices with the
/// stage threads' handles, in pipeline order.
fn start(
    lines: Vec<String>,
    capacity: usize,
) -> (Receiver<Invoice>, Vec<JoinHandle<StageSummary>>) {
    let (line_tx, line_rx) = sync_channel(capacity);
    let (order_tx, order_rx) = sync_channel(capacity);
    let (invoice_tx, invoice_rx) = sync_channel(capacity);
    // Each sender is moved into exactly one thread: when that thread
    // returns, the channel behind it disconnects.
    let stages = vec![
        thread::spawn(move || read_stage(lines, line_tx)),
        thread::spawn(move || parse_stage(line_rx, order_tx)),
        thread::spawn(move || price_stage(order_rx, invoice_tx)),
    ];
    (invoice_rx, stages)
}

/// Waits for every stage thread and collects their summaries.
fn join_all(stages: Vec<JoinHandle<StageSummary>>) -> Vec<StageSummary> {
    stages
        .into_iter()
        .map(|stage| stage.join().expect("a stage thread panicked"))
        .collect()
}
// ANCHOR_END: start

// ANCHOR: run
/// Runs `lines` through read, parse and price, each on its own thread,
/// connected by `sync_channel(capacity)`, and collects every invoice.
pub fn run_pipeline(lines: Vec<String>, capacity: usize) -> Report {
    let (invoices, stages) = start(lines, capacity);
    // Ends when the price stage has returned and dropped its sender.
    let invoices: Vec<Invoice> = invoices.iter().collect();
    Report {
        invoices,
        stages: join_all(stages),
    }
}

/// Like [`run_pipeline`], but takes only the first `wanted` invoices and
/// then hangs up, which makes every stage stop.
pub fn first_invoices(
    lines: Vec<String>,
    capacity: usize,
    wanted: usize,
) -> Report {
    let (receiver, stages) = start(lines, capacity);
    let invoices: Vec<Invoice> = receiver.iter().take(wanted).collect();
    // The price stage's next `send` fails, it returns and drops its
    // receiver, so the parse stage's next `send` fails, and so on upstream.
    drop(receiver);
    Report {
        invoices,
        stages: join_all(stages),
    }
}
// ANCHOR_END: run
