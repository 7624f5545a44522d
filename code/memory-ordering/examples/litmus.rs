//! The litmus lab: run a classic litmus test many times on real threads and
//! count which outcomes this machine produces.
//!
//! cargo run --release -p memory-ordering --example litmus -- <test> <ordering> [rounds]
//!
//! With no arguments it runs `sb relaxed`; `--help` lists the choices.
//!
//! Every round starts from x = y = 0, releases all threads at once, and
//! records what each thread's loads returned. The histogram marks the
//! outcomes the Rust (C++20) memory model forbids for the chosen orderings:
//! those must never appear. The others are allowed, which does not mean
//! this machine will ever produce them.
// ci-args: sb relaxed 2000

use std::collections::BTreeMap;
use std::env;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::thread;

// ANCHOR: tests
/// The litmus tests. Each thread runs a few accesses to `x` and `y` (both
/// 0 at the start of a round) and reports the values its loads returned.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Test {
    /// Store buffering. 0: x = 1; r1 = y.  1: y = 1; r2 = x.
    Sb,
    /// Message passing. 0: x = 1 (data); y = 1 (flag).  1: r1 = y; r2 = x.
    Mp,
    /// Load buffering. 0: r1 = x; y = 1.  1: r2 = y; x = 1.
    Lb,
    /// Independent reads of independent writes. 0: x = 1.  1: y = 1.
    /// 2: r1 = x; r2 = y.  3: r3 = y; r4 = x.
    Iriw,
}

/// Which orderings the accesses use.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Every access `Relaxed`.
    Relaxed,
    /// Stores `Release`, loads `Acquire`.
    AcqRel,
    /// Every access `SeqCst`.
    SeqCst,
}

impl Mode {
    fn store(self) -> Ordering {
        match self {
            Mode::Relaxed => Ordering::Relaxed,
            Mode::AcqRel => Ordering::Release,
            Mode::SeqCst => Ordering::SeqCst,
        }
    }

    fn load(self) -> Ordering {
        match self {
            Mode::Relaxed => Ordering::Relaxed,
            Mode::AcqRel => Ordering::Acquire,
            Mode::SeqCst => Ordering::SeqCst,
        }
    }
}

/// Runs thread `index`'s part of `test` and returns its loads' results.
fn run_thread(
    test: Test,
    mode: Mode,
    index: usize,
    x: &AtomicU32,
    y: &AtomicU32,
) -> Vec<u32> {
    let (store, load) = (mode.store(), mode.load());
    match (test, index) {
        (Test::Sb, 0) => {
            x.store(1, store);
            vec![y.load(load)]
        }
        (Test::Sb, _) => {
            y.store(1, store);
            vec![x.load(load)]
        }
        (Test::Mp, 0) => {
            x.store(1, store);
            y.store(1, store);
            vec![]
        }
        (Test::Mp, _) => {
            let flag = y.load(load);
            vec![flag, x.load(load)]
        }
        (Test::Lb, 0) => {
            let seen = x.load(load);
            y.store(1, store);
            vec![seen]
        }
        (Test::Lb, _) => {
            let seen = y.load(load);
            x.store(1, store);
            vec![seen]
        }
        (Test::Iriw, 0) => {
            x.store(1, store);
            vec![]
        }
        (Test::Iriw, 1) => {
            y.store(1, store);
            vec![]
        }
        (Test::Iriw, 2) => {
            let first = x.load(load);
            vec![first, y.load(load)]
        }
        (Test::Iriw, _) => {
            let first = y.load(load);
            vec![first, x.load(load)]
        }
    }
}

/// Whether the memory model forbids outcome `r` (the loads' results, r1
/// first) of `test` under `mode`.
fn forbidden(test: Test, mode: Mode, r: &[u32]) -> bool {
    match test {
        // Both loads missing both stores needs the single order S.
        Test::Sb => mode == Mode::SeqCst && r == [0, 0],
        // Flag seen, data not: a release/acquire pair rules this out.
        Test::Mp => mode != Mode::Relaxed && r == [1, 0],
        // Each load reading the other thread's later store.
        Test::Lb => mode != Mode::Relaxed && r == [1, 1],
        // The readers disagree on which write came first.
        Test::Iriw => mode == Mode::SeqCst && r == [1, 0, 1, 0],
    }
}
// ANCHOR_END: tests

impl Test {
    fn parse(name: &str) -> Option<Test> {
        match name {
            "sb" => Some(Test::Sb),
            "mp" => Some(Test::Mp),
            "lb" => Some(Test::Lb),
            "iriw" => Some(Test::Iriw),
            _ => None,
        }
    }

    fn threads(self) -> usize {
        if self == Test::Iriw { 4 } else { 2 }
    }

    /// How many results thread `index` reports.
    fn loads_of(self, index: usize) -> usize {
        match (self, index) {
            (Test::Sb | Test::Lb, _) => 1,
            (Test::Mp, 0) | (Test::Iriw, 0 | 1) => 0,
            (Test::Mp | Test::Iriw, _) => 2,
        }
    }

    /// How many results a round reports in all.
    fn loads(self) -> usize {
        (0..self.threads()).map(|index| self.loads_of(index)).sum()
    }

    fn describe(self) -> &'static str {
        match self {
            Test::Sb => {
                "store buffering\n  thread 0: x = 1; r1 = y\n  thread 1: y = 1; r2 = x"
            }
            Test::Mp => {
                "message passing\n  thread 0: x = 1 (data); y = 1 (flag)\n  thread 1: r1 = y (flag); r2 = x (data)"
            }
            Test::Lb => {
                "load buffering\n  thread 0: r1 = x; y = 1\n  thread 1: r2 = y; x = 1"
            }
            Test::Iriw => {
                "independent reads of independent writes\n  thread 0: x = 1\n  thread 1: y = 1\n  thread 2: r1 = x; r2 = y\n  thread 3: r3 = y; r4 = x"
            }
        }
    }
}

impl Mode {
    fn parse(name: &str) -> Option<Mode> {
        match name {
            "relaxed" => Some(Mode::Relaxed),
            "acqrel" => Some(Mode::AcqRel),
            "seqcst" => Some(Mode::SeqCst),
            _ => None,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Mode::Relaxed => "every access Relaxed",
            Mode::AcqRel => "Release stores, Acquire loads",
            Mode::SeqCst => "every access SeqCst",
        }
    }
}

/// An atomic on a cache line of its own, so that `x`, `y` and the
/// bookkeeping do not share a line.
#[repr(align(128))]
#[derive(Default)]
struct Padded<T>(T);

/// What the threads share: the two test variables, a phase counter that
/// starts and ends rounds, and a slot per thread for its results.
struct Lab {
    x: Padded<AtomicU32>,
    y: Padded<AtomicU32>,
    phase: Padded<AtomicUsize>,
    results: Vec<Padded<[AtomicU32; 2]>>,
    /// How long to spin before yielding: long when every thread has a core
    /// of its own, short when threads must take turns on fewer cores.
    patience: u32,
}

// ANCHOR: rounds
impl Lab {
    /// A barrier for `threads` threads built from one counter: each thread
    /// adds one and spins until everyone has arrived at `phase`. The counter
    /// only grows, so no reset is needed between phases.
    fn arrive(&self, threads: usize, phase: usize) {
        self.phase.0.fetch_add(1, Ordering::AcqRel);
        let mut spins = 0u32;
        while self.phase.0.load(Ordering::Acquire) < threads * phase {
            spins += 1;
            if spins < self.patience {
                std::hint::spin_loop();
            } else {
                // More threads than cores: let the one we wait for run.
                thread::yield_now();
            }
        }
    }

    /// One thread's life: `rounds` times, wait for the start, run its part
    /// of the test, report, and wait for the end of the round.
    fn work(&self, test: Test, mode: Mode, index: usize, rounds: usize) {
        let threads = test.threads();
        for round in 0..rounds {
            self.arrive(threads, 2 * round + 1); // everyone starts together
            let seen = run_thread(test, mode, index, &self.x.0, &self.y.0);
            for (slot, value) in self.results[index].0.iter().zip(seen) {
                slot.store(value, Ordering::Relaxed);
            }
            self.arrive(threads, 2 * round + 2); // everyone has finished
            // Thread 0 now reads the results and resets x and y, while the
            // others already wait at the next start.
        }
    }
}
// ANCHOR_END: rounds

const USAGE: &str = "\
usage: litmus [<test> <ordering> [rounds]]
  test:     sb | mp | lb | iriw
  ordering: relaxed | acqrel | seqcst
  rounds:   how many rounds to run (default 200000)
With no arguments it runs `sb relaxed 200000`. Example:
  cargo run --release -p memory-ordering --example litmus -- mp acqrel";

/// Reads the command line: no arguments for the default test, or a test,
/// an ordering and optionally a number of rounds. The error names the
/// argument that is wrong.
fn parse_args(args: &[String]) -> Result<(Test, Mode, usize), String> {
    let (test, mode, rounds) = match args {
        [] => return Ok((Test::Sb, Mode::Relaxed, 200_000)),
        [test] => return Err(format!("missing <ordering> after {test:?}")),
        [test, mode] => (test, mode, None),
        [test, mode, rounds] => (test, mode, Some(rounds)),
        [_, _, _, extra, ..] => {
            return Err(format!("unexpected argument {extra:?}"));
        }
    };
    let test =
        Test::parse(test).ok_or_else(|| format!("unknown test {test:?}"))?;
    let mode = Mode::parse(mode)
        .ok_or_else(|| format!("unknown ordering {mode:?}"))?;
    let rounds = match rounds {
        None => 200_000,
        Some(text) => match text.parse::<usize>() {
            Ok(n) if n > 0 => n,
            _ => {
                return Err(format!(
                    "rounds must be a positive number, not {text:?}"
                ));
            }
        },
    };
    Ok((test, mode, rounds))
}

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    if args.iter().any(|arg| arg == "--help" || arg == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let (test, mode, rounds) = match parse_args(&args) {
        Ok(parsed) => parsed,
        Err(problem) => {
            eprintln!("litmus: {problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };

    let threads = test.threads();
    let lab = Arc::new(Lab {
        x: Padded::default(),
        y: Padded::default(),
        phase: Padded::default(),
        results: (0..threads).map(|_| Padded::default()).collect(),
        patience: match thread::available_parallelism() {
            Ok(cores) if cores.get() >= threads => 10_000,
            _ => 50,
        },
    });
    let workers: Vec<_> = (1..threads)
        .map(|index| {
            let lab = Arc::clone(&lab);
            thread::spawn(move || lab.work(test, mode, index, rounds))
        })
        .collect();

    // Thread 0 is this thread: it runs its part like the others, and between
    // rounds it collects the results and resets the variables.
    let mut histogram: BTreeMap<Vec<u32>, usize> = BTreeMap::new();
    for round in 0..rounds {
        lab.arrive(threads, 2 * round + 1);
        let mut outcome = run_thread(test, mode, 0, &lab.x.0, &lab.y.0);
        lab.arrive(threads, 2 * round + 2);
        // The barrier's Release/Acquire counter makes every thread's results
        // (and its accesses to x and y) happen before these loads.
        for (index, slot) in lab.results.iter().enumerate().skip(1) {
            let reported = slot.0.iter().take(test.loads_of(index));
            outcome.extend(reported.map(|value| value.load(Ordering::Relaxed)));
        }
        *histogram.entry(outcome).or_default() += 1;
        lab.x.0.store(0, Ordering::Relaxed);
        lab.y.0.store(0, Ordering::Relaxed);
    }
    for worker in workers {
        worker.join().expect("a litmus thread panicked");
    }

    println!("{}", test.describe());
    println!(
        "{rounds} rounds, {}, on {}",
        mode.describe(),
        std::env::consts::ARCH
    );
    let mut violations = 0;
    for bits in 0..1u32 << test.loads() {
        let outcome: Vec<u32> =
            (0..test.loads()).map(|i| bits >> i & 1).collect();
        let count = histogram.get(&outcome).copied().unwrap_or(0);
        let label: Vec<String> = outcome
            .iter()
            .enumerate()
            .map(|(i, v)| format!("r{}={v}", i + 1))
            .collect();
        let verdict = if forbidden(test, mode, &outcome) {
            if count > 0 {
                violations += count;
                "FORBIDDEN by the memory model, yet observed!"
            } else {
                "forbidden by the memory model"
            }
        } else {
            "allowed"
        };
        println!("  {}: {count:>9} times   {verdict}", label.join(" "));
    }
    if violations > 0 {
        // A forbidden outcome means a bug in the compiler, the hardware, or
        // this program: worth a non-zero exit.
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
