//! The exercise's tests. Run them with
//! `cargo test -p message-passing --test exercise`.
//!
//! Every test runs the pipeline on a helper thread and waits for the result
//! with `recv_timeout`, so a pipeline that never shuts down (a sender kept
//! alive by mistake, a stage that ignores a failed `send`) fails the test
//! instead of hanging it.

use message_passing::exercise::{
    Invoice, StageSummary, first_invoices, parse_order, parse_stage, price,
    read_stage, run_pipeline,
};
use std::collections::BTreeMap;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// How long a test waits before it calls the pipeline stuck.
const WATCHDOG: Duration = Duration::from_secs(10);

/// Runs `work` on a helper thread and returns its result, or fails the test
/// if it has not finished within [`WATCHDOG`].
fn within_watchdog<T: Send + 'static>(
    what: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (done, result) = mpsc::channel();
    thread::spawn(move || {
        // If `work` panics, `done` is dropped and `recv_timeout` reports
        // a disconnection instead of a timeout.
        let _ = done.send(work());
    });
    match result.recv_timeout(WATCHDOG) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!(
            "{what} did not finish within {WATCHDOG:?}: some stage never shut down \
             (is a Sender still alive, or does a stage ignore a failed send?)"
        ),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            panic!("{what} panicked (see above)")
        }
    }
}

/// A mix of valid and invalid order lines.
fn order_lines(count: u64) -> Vec<String> {
    (0..count)
        .map(|n| match n % 7 {
            3 => format!("{n},customer-{},0,1200", n % 5), // quantity 0: rejected
            5 => format!("not an order {n}"),              // rejected
            _ => format!(
                "{n},customer-{},{},{}",
                n % 5,
                n % 4 + 1,
                250 * (n % 9 + 1)
            ),
        })
        .collect()
}

/// What the pipeline must produce: the valid lines, parsed and priced, in
/// input order.
fn expected(lines: &[String]) -> Vec<Invoice> {
    lines
        .iter()
        .filter_map(|line| parse_order(line))
        .map(price)
        .collect()
}

/// How many times each invoice occurs.
fn multiset(invoices: &[Invoice]) -> BTreeMap<&Invoice, usize> {
    let mut counts = BTreeMap::new();
    for invoice in invoices {
        *counts.entry(invoice).or_insert(0) += 1;
    }
    counts
}

fn names(stages: &[StageSummary]) -> Vec<&'static str> {
    stages.iter().map(|stage| stage.name).collect()
}

#[test]
fn read_stage_sends_every_line_and_hangs_up() {
    let (tx, rx) = mpsc::sync_channel(16);
    let lines = order_lines(10);
    let summary = within_watchdog("read_stage", {
        let lines = lines.clone();
        move || read_stage(lines, tx)
    });
    assert_eq!(
        (summary.name, summary.received, summary.sent),
        ("read", 10, 10)
    );
    // The stage dropped its sender, so this ends instead of blocking.
    let got: Vec<String> = rx.iter().collect();
    assert_eq!(got, lines);
}

#[test]
fn parse_stage_ends_when_its_input_disconnects() {
    let (line_tx, line_rx) = mpsc::channel();
    let (order_tx, order_rx) = mpsc::sync_channel(16);
    for line in ["1,ada,2,300", "garbage", "2,grace,1,9900"] {
        line_tx.send(line.to_string()).unwrap();
    }
    drop(line_tx);
    let summary =
        within_watchdog("parse_stage", move || parse_stage(line_rx, order_tx));
    assert_eq!(
        (summary.name, summary.received, summary.sent),
        ("parse", 3, 2)
    );
    let ids: Vec<u64> = order_rx.iter().map(|order| order.id).collect();
    assert_eq!(ids, [1, 2]);
}

#[test]
fn read_stage_stops_when_nobody_listens() {
    let (tx, rx) = mpsc::sync_channel(0);
    drop(rx);
    let summary =
        within_watchdog("read_stage", move || read_stage(order_lines(50), tx));
    assert_eq!(
        summary.sent, 0,
        "every send fails once the receiver is gone"
    );
    assert!(
        summary.received <= 1,
        "it should stop at the first failed send"
    );
}

fn every_invoice_exactly_once(capacity: usize) {
    let lines = order_lines(500);
    let want = expected(&lines);
    let report = within_watchdog("run_pipeline", {
        let lines = lines.clone();
        move || run_pipeline(lines, capacity)
    });
    assert_eq!(
        multiset(&report.invoices),
        multiset(&want),
        "every valid order must arrive exactly once"
    );
    // One thread per stage and FIFO channels: the order is kept too.
    assert_eq!(report.invoices, want);
    assert_eq!(names(&report.stages), ["read", "parse", "price"]);
    let valid = want.len();
    let counts: Vec<(usize, usize)> = report
        .stages
        .iter()
        .map(|stage| (stage.received, stage.sent))
        .collect();
    assert_eq!(counts, [(500, 500), (500, valid), (valid, valid)]);
}

#[test]
fn every_invoice_exactly_once_rendezvous() {
    every_invoice_exactly_once(0);
}

#[test]
fn every_invoice_exactly_once_capacity_1() {
    every_invoice_exactly_once(1);
}

#[test]
fn every_invoice_exactly_once_capacity_16() {
    every_invoice_exactly_once(16);
}

#[test]
fn empty_input_shuts_down_cleanly() {
    for capacity in [0, 1, 16] {
        let report = within_watchdog("run_pipeline(vec![])", move || {
            run_pipeline(Vec::new(), capacity)
        });
        assert!(report.invoices.is_empty());
        assert_eq!(names(&report.stages), ["read", "parse", "price"]);
        assert!(report.stages.iter().all(|s| s.received == 0 && s.sent == 0));
    }
}

#[test]
fn only_rejected_lines_shut_down_cleanly() {
    let lines: Vec<String> =
        vec!["nope".into(), "7,bob,0,100".into(), ",,,".into()];
    let report =
        within_watchdog("run_pipeline", move || run_pipeline(lines, 1));
    assert!(report.invoices.is_empty());
    assert_eq!(report.stages[1].received, 3);
    assert_eq!(report.stages[2].received, 0);
}

#[test]
fn hanging_up_early_stops_every_stage() {
    for capacity in [0, 1, 16] {
        let lines = order_lines(20_000);
        let want: Vec<Invoice> = expected(&lines).into_iter().take(5).collect();
        let report = within_watchdog("first_invoices", move || {
            first_invoices(lines, capacity, 5)
        });
        assert_eq!(report.invoices, want, "capacity {capacity}");
        assert_eq!(names(&report.stages), ["read", "parse", "price"]);
        // The stages stopped early instead of pushing every line through:
        // at most a few buffered messages per channel got past the fifth.
        let read = &report.stages[0];
        assert!(
            read.received < 20_000,
            "capacity {capacity}: the read stage went through all {} lines, so the hang-up never reached it",
            read.received
        );
    }
}
