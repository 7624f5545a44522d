//! The exercise's tests. Run them with
//! `cargo test -p message-passing --test exercise`.
//!
//! Every test runs under `test_support::watchdog`, in a process of its own:
//! a pipeline that never shuts down (a sender kept alive by mistake, a stage
//! that ignores a failed `send`, a join before the invoices are collected)
//! is stopped after [`LIMIT`] and reported as a hang, and a panic (a
//! `todo!()` not yet written) is reported as a panic, with its message.

use message_passing::exercise::{
    Invoice, StageSummary, first_invoices, parse_order, parse_stage, price,
    read_stage, run_pipeline,
};
use std::collections::BTreeMap;
use std::sync::mpsc;
use std::time::Duration;
use test_support::watchdog;

/// How long a test may take before the watchdog calls the pipeline stuck.
const LIMIT: Duration = Duration::from_secs(10);

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
    watchdog(LIMIT, || {
        let (tx, rx) = mpsc::sync_channel(16);
        let lines = order_lines(10);
        let summary = read_stage(lines.clone(), tx);
        assert_eq!(
            (summary.name, summary.received, summary.sent),
            ("read", 10, 10)
        );
        // The stage dropped its sender, so this ends instead of blocking.
        let got: Vec<String> = rx.iter().collect();
        assert_eq!(got, lines);
    });
}

#[test]
fn parse_stage_ends_when_its_input_disconnects() {
    watchdog(LIMIT, || {
        let (line_tx, line_rx) = mpsc::channel();
        let (order_tx, order_rx) = mpsc::sync_channel(16);
        for line in ["1,ada,2,300", "garbage", "2,grace,1,9900"] {
            line_tx.send(line.to_string()).unwrap();
        }
        drop(line_tx);
        let summary = parse_stage(line_rx, order_tx);
        assert_eq!(
            (summary.name, summary.received, summary.sent),
            ("parse", 3, 2)
        );
        let ids: Vec<u64> = order_rx.iter().map(|order| order.id).collect();
        assert_eq!(ids, [1, 2]);
    });
}

#[test]
fn read_stage_stops_when_nobody_listens() {
    watchdog(LIMIT, || {
        let (tx, rx) = mpsc::sync_channel(0);
        drop(rx);
        let summary = read_stage(order_lines(50), tx);
        assert_eq!(
            summary.sent, 0,
            "every send fails once the receiver is gone"
        );
        assert!(
            summary.received <= 1,
            "it should stop at the first failed send"
        );
    });
}

fn every_invoice_exactly_once(capacity: usize) {
    let lines = order_lines(500);
    let want = expected(&lines);
    let report = run_pipeline(lines, capacity);
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
    watchdog(LIMIT, || every_invoice_exactly_once(0));
}

#[test]
fn every_invoice_exactly_once_capacity_1() {
    watchdog(LIMIT, || every_invoice_exactly_once(1));
}

#[test]
fn every_invoice_exactly_once_capacity_16() {
    watchdog(LIMIT, || every_invoice_exactly_once(16));
}

#[test]
fn empty_input_shuts_down_cleanly() {
    watchdog(LIMIT, || {
        for capacity in [0, 1, 16] {
            let report = run_pipeline(Vec::new(), capacity);
            assert!(report.invoices.is_empty());
            assert_eq!(names(&report.stages), ["read", "parse", "price"]);
            assert!(
                report.stages.iter().all(|s| s.received == 0 && s.sent == 0)
            );
        }
    });
}

#[test]
fn only_rejected_lines_shut_down_cleanly() {
    watchdog(LIMIT, || {
        let lines: Vec<String> =
            vec!["nope".into(), "7,bob,0,100".into(), ",,,".into()];
        let report = run_pipeline(lines, 1);
        assert!(report.invoices.is_empty());
        assert_eq!(report.stages[1].received, 3);
        assert_eq!(report.stages[2].received, 0);
    });
}

#[test]
fn hanging_up_early_stops_every_stage() {
    watchdog(LIMIT, || {
        for capacity in [0, 1, 16] {
            let lines = order_lines(20_000);
            let want: Vec<Invoice> =
                expected(&lines).into_iter().take(5).collect();
            let report = first_invoices(lines, capacity, 5);
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
    });
}
