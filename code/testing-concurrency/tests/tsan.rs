//! `park_flag`'s data race, for ThreadSanitizer.
//!
//! The racy test is ignored by `cargo test`: it is a data race on purpose,
//! so a normal build could do anything (on x86-64 it passes). The `tsan`
//! stage (`cargo xtask test --only tsan`) runs this file under
//! ThreadSanitizer, with the nightly toolchain and a std rebuilt with the
//! sanitizer:
//!
//! ```text
//! RUSTFLAGS="-Zsanitizer=thread" cargo +nightly test -Zbuild-std \
//!     --target x86_64-unknown-linux-gnu -p testing-concurrency --test tsan \
//!     -- --ignored --exact a_relaxed_flag_races
//! ```
//!
//! and checks that the report names the write in `send` and the read in
//! `receive`, and that the `Release` version runs without a report.

use std::thread;

use testing_concurrency::park_flag::{self, Receiver, Sender};

/// Requests in one run. Under Miri, which is far slower, a few.
const REQUESTS: u32 = if cfg!(miri) { 20 } else { 2_000 };

// ANCHOR: stream
/// The receiving thread opens `REQUESTS` one-shot channels and hands the
/// senders to a worker, which answers them in order while the receiver
/// takes the answers in order. The worker runs ahead: the receiver often
/// finds an answer ready without parking, and then only `ready`'s store
/// can order the worker's write before the receiver's read.
fn answers_arrive_in_order<const RELEASE: bool>() {
    let (senders, receivers): (
        Vec<Sender<u32, RELEASE>>,
        Vec<Receiver<u32, RELEASE>>,
    ) = (0..REQUESTS).map(|_| park_flag::channel()).unzip();
    let worker = thread::spawn(move || {
        for (request, sender) in (0..).zip(senders) {
            sender.send(request * 10);
        }
    });
    for (request, receiver) in (0..).zip(receivers) {
        assert_eq!(
            receiver.receive(),
            request * 10,
            "answer to request {request}"
        );
    }
    worker.join().unwrap();
}
// ANCHOR_END: stream

/// The bug: `ready` stored with `Relaxed`. Under ThreadSanitizer: "data
/// race", the write in `Sender::send` against the read in
/// `Receiver::receive`.
#[test]
#[ignore = "a data race on purpose: the tsan stage runs it under ThreadSanitizer"]
fn a_relaxed_flag_races() {
    answers_arrive_in_order::<false>();
}

/// The same requests with `ready` stored with `Release`: no report.
#[test]
fn a_release_flag_is_clean() {
    answers_arrive_in_order::<true>();
}
