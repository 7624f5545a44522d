//! A three-stage pipeline, parse -> enrich -> write, each stage a thread,
//! connected by bounded crossbeam channels. Shutdown flows from the input:
//! each stage ends when its input disconnects, and its exit disconnects the
//! next one.
use crossbeam_channel::{Receiver, Sender, bounded};
use std::thread::{self, JoinHandle};

// ANCHOR: stage
/// Spawns a stage: applies `step` to every message from `input` and sends
/// each `Some` result to `output`. Ends when `input` is disconnected and
/// drained (dropping `output`, which disconnects the next stage), or when
/// the next stage has hung up. Returns how many messages it received.
pub fn spawn_stage<I, O, F>(
    name: &str,
    input: Receiver<I>,
    output: Sender<O>,
    mut step: F,
) -> JoinHandle<usize>
where
    I: Send + 'static,
    O: Send + 'static,
    F: FnMut(I) -> Option<O> + Send + 'static,
{
    thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            let mut received = 0;
            for message in input {
                received += 1;
                if let Some(result) = step(message)
                    && output.send(result).is_err()
                {
                    break; // downstream hung up: nobody wants our output
                }
            }
            received
        })
        .expect("the OS refused to start a thread")
}
// ANCHOR_END: stage

#[derive(Debug)]
struct LogLine {
    status: u16,
    path: String,
}

fn main() {
    // ANCHOR: wire
    let (raw_tx, raw_rx) = bounded::<String>(4);
    let (parsed_tx, parsed_rx) = bounded::<LogLine>(4);
    let (enriched_tx, enriched_rx) = bounded::<String>(4);

    let stages = vec![
        spawn_stage("parse", raw_rx, parsed_tx, |line: String| {
            let (status, path) = line.split_once(' ')?;
            Some(LogLine {
                status: status.parse().ok()?,
                path: path.to_string(),
            })
        }),
        spawn_stage("enrich", parsed_rx, enriched_tx, |log: LogLine| {
            let class = if log.status >= 500 { "ERROR" } else { "ok" };
            Some(format!("{class:>5} {} {}", log.status, log.path))
        }),
    ];
    // The "write" stage: one more thread, at the end of the last channel.
    let writer = thread::spawn(move || {
        let mut written = 0;
        for line in enriched_rx {
            println!("{line}");
            written += 1;
        }
        written
    });

    for line in [
        "200 /",
        "503 /checkout",
        "garbage",
        "404 /old-page",
        "200 /cart",
    ] {
        raw_tx.send(line.to_string()).unwrap();
    }
    drop(raw_tx); // end of input: the shutdown starts here and flows downstream

    let received: Vec<usize> =
        stages.into_iter().map(|s| s.join().unwrap()).collect();
    let written = writer.join().unwrap();
    println!(
        "parse got {}, enrich got {}, wrote {written}",
        received[0], received[1]
    );
    // ANCHOR_END: wire
}
