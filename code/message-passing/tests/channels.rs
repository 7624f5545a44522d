//! Tests for the examples' pipeline stage, worker pool and word counts, and
//! for the channel behaviour the chapter relies on. Nothing here depends on
//! timing: a test that could hang runs under `test_support::watchdog`, in a
//! process of its own that is stopped if it does not finish, so a hang is
//! reported as a hang and a panic as a panic.
//!
//! The examples are single files so that the page's Run button works; the
//! tests include them as modules, so the code on the page is the code tested.

#[path = "../examples/actor_reply.rs"]
#[allow(dead_code)]
mod actor_reply;
#[path = "../examples/crossbeam_worker_pool.rs"]
#[allow(dead_code)]
mod crossbeam_worker_pool;
#[path = "../examples/locks_vs_messages.rs"]
#[allow(dead_code)]
mod locks_vs_messages;
#[path = "../examples/pipeline.rs"]
#[allow(dead_code)]
mod pipeline;

use actor_reply::{Request, spawn_stock_keeper, take};
use crossbeam_channel::{RecvTimeoutError, bounded, unbounded};
use crossbeam_worker_pool::worker_pool;
use locks_vs_messages::{tally_batched, tally_locked, tally_per_word};
use pipeline::spawn_stage;
use std::collections::HashMap;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;
use test_support::watchdog;

/// How long a test that could hang may take before the watchdog stops it.
const LIMIT: Duration = Duration::from_secs(10);

#[test]
fn pipeline_delivers_every_item_once_in_order() {
    watchdog(LIMIT, || {
        for capacity in [0, 1, 16] {
            let (raw_tx, raw_rx) = bounded::<u32>(capacity);
            let (even_tx, even_rx) = bounded::<u32>(capacity);
            let (out_tx, out_rx) = bounded::<String>(capacity);
            let stages = [
                spawn_stage("keep-even", raw_rx, even_tx, |n| {
                    (n % 2 == 0).then_some(n)
                }),
                spawn_stage("label", even_rx, out_tx, |n| {
                    Some(format!("order-{n}"))
                }),
            ];
            let feeder = thread::spawn(move || {
                for n in 0..1_000 {
                    raw_tx.send(n).unwrap();
                }
            });
            let output: Vec<String> = out_rx.iter().collect();
            feeder.join().unwrap();
            let received: Vec<usize> =
                stages.into_iter().map(|s| s.join().unwrap()).collect();
            let want: Vec<String> = (0..1_000)
                .step_by(2)
                .map(|n| format!("order-{n}"))
                .collect();
            assert_eq!(output, want, "capacity {capacity}");
            assert_eq!(received, [1_000, 500]);
        }
    });
}

#[test]
fn stage_stops_when_downstream_hangs_up() {
    watchdog(LIMIT, || {
        let (in_tx, in_rx) = unbounded::<u32>();
        let (out_tx, out_rx) = bounded::<u32>(0);
        drop(out_rx);
        for n in 0..100 {
            in_tx.send(n).unwrap();
        }
        // `in_tx` stays alive: the stage must stop because of the failed
        // send, not because its input ended.
        let stage = spawn_stage("doomed", in_rx, out_tx, Some);
        let received = stage.join().unwrap();
        drop(in_tx);
        assert_eq!(received, 1);
    });
}

#[test]
fn worker_pool_handles_every_job_exactly_once() {
    watchdog(LIMIT, || {
        let (job_tx, job_rx) = bounded::<u64>(4);
        let (result_tx, result_rx) = unbounded();
        let workers = worker_pool(4, job_rx, result_tx, |n: u64| n * 10);
        for n in 0..500 {
            job_tx.send(n).unwrap();
        }
        drop(job_tx);
        let mut results: Vec<u64> = result_rx.iter().collect();
        results.sort_unstable();
        let per_worker: Vec<usize> =
            workers.into_iter().map(|w| w.join().unwrap()).collect();
        let want: Vec<u64> = (0..500).map(|n| n * 10).collect();
        assert_eq!(results, want);
        assert_eq!(per_worker.len(), 4);
        assert_eq!(per_worker.iter().sum::<usize>(), 500);
    });
}

#[test]
fn the_three_tallies_agree() {
    let log: Vec<String> = (0..300)
        .map(|n| {
            format!(
                "order {} shipped {}",
                n % 7,
                ["paper", "toner", "pens"][n % 3]
            )
        })
        .collect();
    let words: Vec<&str> =
        log.iter().flat_map(|l| l.split_whitespace()).collect();
    let mut want: HashMap<&str, u64> = HashMap::new();
    for &word in &words {
        *want.entry(word).or_insert(0) += 1;
    }
    for workers in [1, 3, 8] {
        assert_eq!(tally_locked(&words, workers), want);
        assert_eq!(tally_per_word(&words, workers), want);
        assert_eq!(tally_batched(&words, workers), want);
    }
    assert!(tally_batched(&[], 4).is_empty());
}

#[test]
fn std_send_returns_the_value_when_the_receiver_is_gone() {
    let (tx, rx) = mpsc::channel::<String>();
    drop(rx);
    let err = tx.send("invoice 1".to_string()).unwrap_err();
    assert_eq!(err.0, "invoice 1");
}

#[test]
fn std_recv_drains_the_buffer_before_reporting_disconnection() {
    let (tx, rx) = mpsc::sync_channel(4);
    tx.send(1).unwrap();
    tx.send(2).unwrap();
    drop(tx);
    assert_eq!(rx.recv(), Ok(1));
    assert_eq!(rx.recv(), Ok(2));
    assert_eq!(rx.recv(), Err(mpsc::RecvError));
}

#[test]
fn std_channel_stays_open_while_any_sender_lives() {
    let (tx, rx) = mpsc::channel::<u32>();
    let clone = tx.clone();
    drop(tx);
    assert_eq!(rx.try_recv(), Err(mpsc::TryRecvError::Empty));
    drop(clone);
    assert_eq!(rx.try_recv(), Err(mpsc::TryRecvError::Disconnected));
}

#[test]
fn rendezvous_try_send_fails_without_a_waiting_receiver() {
    let (tx, _rx) = mpsc::sync_channel(0);
    assert_eq!(tx.try_send(7), Err(mpsc::TrySendError::Full(7)));
}

#[test]
fn each_producer_is_fifo() {
    watchdog(LIMIT, || {
        let (tx, rx) = mpsc::channel();
        let producers: Vec<_> = (0..4u32)
            .map(|p| {
                let tx = tx.clone();
                thread::spawn(move || {
                    for seq in 0..1_000u32 {
                        tx.send((p, seq)).unwrap();
                    }
                })
            })
            .collect();
        drop(tx);
        let mut next = [0u32; 4];
        // Ends when the last producer's clone is dropped.
        for (p, seq) in rx {
            assert_eq!(seq, next[p as usize], "producer {p} out of order");
            next[p as usize] += 1;
        }
        assert_eq!(next, [1_000; 4]);
        for p in producers {
            p.join().unwrap();
        }
    });
}

#[test]
fn crossbeam_receivers_share_one_stream() {
    let (tx, rx1) = unbounded();
    let rx2 = rx1.clone();
    for n in 0..10 {
        tx.send(n).unwrap();
    }
    drop(tx);
    // Each message goes to exactly one of the clones.
    let mut got: Vec<i32> = rx1.iter().take(4).collect();
    got.extend(rx2.iter());
    got.sort_unstable();
    assert_eq!(got, (0..10).collect::<Vec<_>>());
    assert_eq!(
        rx1.recv_timeout(Duration::from_millis(1)),
        Err(RecvTimeoutError::Disconnected)
    );
}

#[test]
fn the_actor_never_hands_out_more_than_its_stock() {
    watchdog(LIMIT, || {
        let (answers, stock) = {
            let (keeper, keeper_thread) = spawn_stock_keeper();
            keeper
                .send(Request::Restock {
                    item: "toner".to_string(),
                    crates: 25,
                })
                .unwrap();
            let answers: Vec<Result<u32, u32>> = thread::scope(|scope| {
                let clients: Vec<_> = (0..8)
                    .map(|_| {
                        let keeper = keeper.clone();
                        scope.spawn(move || {
                            (0..5)
                                .map(|_| take(&keeper, "toner", 1))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                clients
                    .into_iter()
                    .flat_map(|c| c.join().unwrap())
                    .collect()
            });
            drop(keeper); // the keeper's loop must end with the last sender
            (answers, keeper_thread.join().unwrap())
        };
        // 40 requests for one crate each, 25 crates: exactly 25 succeed.
        assert_eq!(answers.iter().filter(|a| a.is_ok()).count(), 25);
        assert!(answers.iter().all(|a| matches!(a, Ok(_) | Err(0))));
        assert_eq!(stock["toner"], 0);
    });
}

#[test]
fn the_actor_survives_a_client_that_stopped_waiting() {
    watchdog(LIMIT, || {
        let (answer, stock) = {
            let (keeper, keeper_thread) = spawn_stock_keeper();
            let (reply, answer) = mpsc::channel();
            drop(answer); // this client will never read its reply
            keeper
                .send(Request::Take {
                    item: "paper".to_string(),
                    crates: 1,
                    reply,
                })
                .unwrap();
            keeper
                .send(Request::Restock {
                    item: "paper".to_string(),
                    crates: 2,
                })
                .unwrap();
            let answer = take(&keeper, "paper", 2);
            drop(keeper);
            (answer, keeper_thread.join().unwrap())
        };
        assert_eq!(answer, Ok(0));
        assert_eq!(stock["paper"], 0);
    });
}
