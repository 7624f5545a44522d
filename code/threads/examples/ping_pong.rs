//! The cost of a switch: two OS threads hand a token back and forth through
//! channels, then two tokio tasks on one worker thread do the same.
use std::sync::mpsc;
use std::thread;
use std::time::Instant;

const ROUND_TRIPS: u32 = 20_000;

// ANCHOR: threads
/// Each hand-off wakes a thread that is blocked in the kernel.
fn threads_ping_pong() -> f64 {
    let (to_pong, pong_inbox) = mpsc::channel::<u32>();
    let (to_ping, ping_inbox) = mpsc::channel::<u32>();
    let pong = thread::spawn(move || {
        for ball in pong_inbox {
            if to_ping.send(ball + 1).is_err() {
                break;
            }
        }
    });
    let started = Instant::now();
    let mut ball = 0;
    for _ in 0..ROUND_TRIPS {
        to_pong.send(ball).unwrap();
        ball = ping_inbox.recv().unwrap();
    }
    let elapsed = started.elapsed();
    drop(to_pong); // ends the pong thread's loop
    pong.join().unwrap();
    assert_eq!(ball, ROUND_TRIPS);
    elapsed.as_secs_f64() * 1e6 / f64::from(ROUND_TRIPS)
}
// ANCHOR_END: threads

// ANCHOR: tasks
/// Each hand-off suspends one task and polls the other, on the same thread,
/// without entering the kernel.
fn tasks_ping_pong() -> f64 {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("could not start the tokio runtime");
    runtime.block_on(async {
        let (to_pong, mut pong_inbox) =
            tokio::sync::mpsc::unbounded_channel::<u32>();
        let (to_ping, mut ping_inbox) =
            tokio::sync::mpsc::unbounded_channel::<u32>();
        let pong = tokio::spawn(async move {
            while let Some(ball) = pong_inbox.recv().await {
                if to_ping.send(ball + 1).is_err() {
                    break;
                }
            }
        });
        let started = Instant::now();
        let mut ball = 0;
        for _ in 0..ROUND_TRIPS {
            to_pong.send(ball).unwrap();
            ball = ping_inbox.recv().await.unwrap();
        }
        let elapsed = started.elapsed();
        drop(to_pong);
        pong.await.unwrap();
        assert_eq!(ball, ROUND_TRIPS);
        elapsed.as_secs_f64() * 1e6 / f64::from(ROUND_TRIPS)
    })
}
// ANCHOR_END: tasks

fn main() {
    println!("{ROUND_TRIPS} round trips, two hand-offs each");
    println!("OS threads:  {:.2} us per round trip", threads_ping_pong());
    println!("tokio tasks: {:.2} us per round trip", tasks_ping_pong());
}
