//! Threads vs async, measured: start N OS threads or N tokio tasks that all
//! wait for one event, and report how long that took and how much memory
//! the waiting units held.
//!
//! Usage: threads_vs_async [threads|tasks|both] [N]    (default: both 1000)
//!
//! `both` runs each kind in a fresh child process, so that one measurement's
//! memory does not show up in the other's.
use std::env;
use std::process::{self, Command};
use std::sync::{Arc, Barrier, mpsc};
use std::thread;
use std::time::{Duration, Instant};

const USAGE: &str = "\
usage: threads_vs_async [threads|tasks|both] [N]
  threads|tasks|both  what to start (default: both, each in its own process)
  N                   how many, from 1 to 1000000 (default: 1000)";

// ANCHOR: memory
/// Memory figures of this process, from `/proc/self/status` (Linux only).
#[derive(Clone, Copy)]
struct Memory {
    /// VmRSS: resident memory, the pages that are really in RAM.
    resident_kib: u64,
    /// VmSize: virtual memory, everything mapped, touched or not.
    virtual_kib: u64,
    /// VmHWM: the highest VmRSS so far.
    peak_resident_kib: u64,
}

/// A size field of a `/proc/<pid>/status` text, in KiB: `VmRSS`, `VmHWM`,
/// `VmSize`, ... `None` if the field is missing or malformed.
pub fn status_kib(status: &str, field: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(field)?.strip_prefix(':')?;
        rest.trim().strip_suffix("kB")?.trim().parse().ok()
    })
}

fn memory() -> Option<Memory> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    Some(Memory {
        resident_kib: status_kib(&status, "VmRSS")?,
        virtual_kib: status_kib(&status, "VmSize")?,
        peak_resident_kib: status_kib(&status, "VmHWM")?,
    })
}
// ANCHOR_END: memory

/// What one run measured.
struct Report {
    kind: &'static str,
    count: usize,
    /// From the first spawn until every unit is waiting.
    start: Duration,
    /// From the event until every unit has finished and been joined.
    finish: Duration,
    before: Option<Memory>,
    waiting: Option<Memory>,
}

// ANCHOR: threads
fn run_threads(count: usize) -> Report {
    let before = memory();
    let started = Instant::now();
    let gate = Arc::new(Barrier::new(count + 1));
    let (ready_tx, ready_rx) = mpsc::channel();
    let mut handles = Vec::with_capacity(count);
    for index in 0..count {
        let gate = Arc::clone(&gate);
        let ready = ready_tx.clone();
        let spawned = thread::Builder::new().spawn(move || {
            ready.send(()).unwrap();
            gate.wait(); // blocks in the kernel until main arrives too
            index
        });
        match spawned {
            Ok(handle) => handles.push(handle),
            Err(error) => {
                // The threads already started are blocked on a barrier that
                // will never fill up. Exiting the process ends them.
                eprintln!("the OS refused thread {}: {error}", index + 1);
                process::exit(1);
            }
        }
    }
    for _ in 0..count {
        ready_rx.recv().unwrap();
    }
    let start = started.elapsed();
    let waiting = memory();

    let released = Instant::now();
    gate.wait(); // the last of count + 1: everyone wakes up
    for handle in handles {
        handle.join().unwrap();
    }
    let finish = released.elapsed();
    Report {
        kind: "OS threads",
        count,
        start,
        finish,
        before,
        waiting,
    }
}
// ANCHOR_END: threads

// ANCHOR: tasks
fn run_tasks(count: usize) -> Report {
    // A multi-threaded runtime: one worker thread per core.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .build()
        .expect("could not start the tokio runtime");
    runtime.block_on(async move {
        let before = memory();
        let started = Instant::now();
        let gate = Arc::new(tokio::sync::Barrier::new(count + 1));
        let (ready_tx, mut ready_rx) = tokio::sync::mpsc::unbounded_channel();
        let mut handles = Vec::with_capacity(count);
        for index in 0..count {
            let gate = Arc::clone(&gate);
            let ready = ready_tx.clone();
            handles.push(tokio::spawn(async move {
                ready.send(()).unwrap();
                gate.wait().await; // suspends the task; its worker moves on
                index
            }));
        }
        for _ in 0..count {
            ready_rx.recv().await.unwrap();
        }
        let start = started.elapsed();
        let waiting = memory();

        let released = Instant::now();
        gate.wait().await;
        for handle in handles {
            handle.await.unwrap();
        }
        let finish = released.elapsed();
        Report {
            kind: "tokio tasks",
            count,
            start,
            finish,
            before,
            waiting,
        }
    })
}
// ANCHOR_END: tasks

/// `kib` as KiB, MiB or GiB, whichever reads best.
fn size(kib: f64) -> String {
    if kib >= 1024.0 * 1024.0 {
        format!("{:.1} GiB", kib / (1024.0 * 1024.0))
    } else if kib >= 1024.0 {
        format!("{:.1} MiB", kib / 1024.0)
    } else {
        format!("{kib:.1} KiB")
    }
}

fn print(report: &Report) {
    let per_unit =
        |total: Duration| total.as_secs_f64() * 1e6 / report.count as f64;
    println!(
        "{} {}: all waiting after {:.1} ms ({:.2} us each), all joined {:.1} ms after the event ({:.2} us each)",
        report.count,
        report.kind,
        report.start.as_secs_f64() * 1e3,
        per_unit(report.start),
        report.finish.as_secs_f64() * 1e3,
        per_unit(report.finish),
    );
    match (report.before, report.waiting) {
        (Some(before), Some(waiting)) => {
            let each = |after: u64, before: u64| {
                after.saturating_sub(before) as f64 / report.count as f64
            };
            println!(
                "  while waiting: resident +{} ({} each), virtual +{} ({} each), peak resident {}",
                size(waiting.resident_kib.saturating_sub(before.resident_kib)
                    as f64),
                size(each(waiting.resident_kib, before.resident_kib)),
                size(waiting.virtual_kib.saturating_sub(before.virtual_kib)
                    as f64),
                size(each(waiting.virtual_kib, before.virtual_kib)),
                size(waiting.peak_resident_kib as f64),
            );
        }
        _ => println!(
            "  memory: n/a (needs /proc/self/status, which only Linux has)"
        ),
    }
}

/// Runs one kind in a fresh copy of this program; `false` if that failed.
fn run_in_child(kind: &str, count: usize) -> bool {
    let Ok(program) = env::current_exe() else {
        return false;
    };
    Command::new(program)
        .args([kind, &count.to_string()])
        .status()
        .is_ok_and(|status| status.success())
}

/// What to start and how many, from the command line (without the
/// program's name). `--help` prints the usage and exits with status 0; a
/// bad argument prints the usage and the argument, and exits with status 2.
fn parse_args(args: &[String]) -> (&str, usize) {
    if args.iter().any(|arg| arg == "-h" || arg == "--help") {
        println!("{USAGE}");
        process::exit(0);
    }
    let kind = args.first().map_or("both", String::as_str);
    if !["threads", "tasks", "both"].contains(&kind) {
        bad_argument(kind, "expected threads, tasks or both");
    }
    let count = match args.get(1) {
        None => 1000,
        Some(n) => match n.parse::<usize>() {
            Ok(n) if (1..=1_000_000).contains(&n) => n,
            _ => bad_argument(n, "expected a number from 1 to 1000000"),
        },
    };
    if let Some(extra) = args.get(2) {
        bad_argument(extra, "expected at most two arguments");
    }
    (kind, count)
}

fn bad_argument(argument: &str, expected: &str) -> ! {
    eprintln!(
        "{USAGE}\nthreads_vs_async: bad argument {argument:?}: {expected}"
    );
    process::exit(2);
}

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let (kind, count) = parse_args(&args);
    match kind {
        "threads" => print(&run_threads(count)),
        "tasks" => print(&run_tasks(count)),
        _ => {
            for kind in ["threads", "tasks"] {
                if !run_in_child(kind, count) {
                    // No child process (a sandbox, say): measure in this one.
                    let report = if kind == "threads" {
                        run_threads(count)
                    } else {
                        run_tasks(count)
                    };
                    print(&report);
                }
            }
        }
    }
}
