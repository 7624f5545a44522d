//! Helpers shared by the chapter crates' tests (a dev-dependency of each;
//! not a chapter).
//!
//! - [`watchdog`] runs a test that might hang in a process of its own, so a
//!   hang is reported as a hang, a panic as a panic, and a spinning thread
//!   is stopped instead of burning a core for the rest of the run.
//! - [`Sleeper`] and [`start_sleepers`] let a test wait until a thread is
//!   blocked in the kernel before it wakes it, so a missing wake-up leaves
//!   a sleeper asleep (and the watchdog reports the hang) instead of going
//!   unnoticed because the waiter had not gone to sleep yet.
//! - [`is_send!`] and [`is_sync!`] ask the compiler whether a type is
//!   `Send` or `Sync` and answer `true` or `false` instead of failing to
//!   compile, so an exercise's test can report a missing `unsafe impl` by
//!   name.
//! - [`Xorshift`] is a tiny random-number generator with a fixed seed, so
//!   a randomised test draws the same sequence on every run and a failure
//!   replays.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// The environment variable that tells a test binary it is the watchdog's
/// child: its value is the name of the one test the child runs.
const CHILD: &str = "HB_WATCHDOG_CHILD";

/// Runs the test `body` under a watchdog.
///
/// The test binary runs itself again in a child process, with only this
/// test selected (by the name libtest gives the test's thread), and waits
/// at most `limit` for it:
///
/// - the child passes: the test passes;
/// - the child fails (a panic, a failed assertion, an abort): the test
///   panics with "panicked, it did not hang" and the child's output;
/// - the child is still running after `limit`: the watchdog kills it (and
///   with it any spinning thread) and the test panics with "did not
///   finish".
///
/// In the child, `body` simply runs. Under Miri, which cannot start
/// processes, `body` runs directly too: Miri reports a deadlock itself, and
/// the Miri stage's time limit bounds a spin.
///
/// A `#[should_panic]` test works: the child's panic message is passed on,
/// so `expected = "..."` still matches it.
///
/// # Panics
///
/// As above; also if the test's name cannot be found (call it from the
/// test's own thread, not from a thread the test started).
#[track_caller]
pub fn watchdog(limit: Duration, body: impl FnOnce()) {
    let current = thread::current();
    let Some(name) = current.name().filter(|name| *name != "main") else {
        panic!(
            "watchdog: call it on the test's own thread (libtest names it after the test); this thread is {:?}",
            current.name()
        );
    };
    if cfg!(miri) || std::env::var(CHILD).as_deref() == Ok(name) {
        body();
        return;
    }
    let name = name.to_owned();
    let exe =
        std::env::current_exe().expect("watchdog: the test binary's path");
    match run_child(&exe, &name, limit) {
        Child::Passed => {}
        Child::PanickedAsExpected(output) => {
            // The parent must panic too, with the child's message, for
            // `#[should_panic(expected = ...)]` to hold.
            panic!("{name} panicked in its own process, as expected:\n{output}")
        }
        Child::Failed(status, output) => panic!(
            "{name} panicked ({status}): it did not hang; its output follows\n\
             ---- {name} (in its own process) ----\n{output}"
        ),
        Child::Hung(output) => panic!(
            "{name} did not finish within {limit:?} and was stopped: it hangs \
             (a thread asleep that nothing wakes, or a loop waiting for a \
             store it never sees). Its output so far:\n{output}"
        ),
        Child::NotRun(output) => panic!(
            "watchdog: the test binary ran no test called {name:?} (is the body inside a \
             thread the test started?); its output:\n{output}"
        ),
    }
}

/// What became of the child process.
#[derive(Debug)]
enum Child {
    Passed,
    PanickedAsExpected(String),
    Failed(String, String),
    Hung(String),
    NotRun(String),
}

fn run_child(exe: &PathBuf, name: &str, limit: Duration) -> Child {
    let mut child = Command::new(exe)
        .args([
            name,
            "--exact",
            "--include-ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, name)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("watchdog: could not start the test binary again");
    // Collect both pipes on threads, so a child that prints a lot does not
    // block on a full pipe while the parent waits for it to exit.
    let stdout = collect(child.stdout.take().expect("piped"));
    let stderr = collect(child.stderr.take().expect("piped"));
    let started = Instant::now();
    let status = loop {
        if let Some(status) =
            child.try_wait().expect("watchdog: waiting for the child")
        {
            break Some(status);
        }
        if started.elapsed() >= limit {
            // SIGKILL on Unix: every thread of the child stops at once.
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        // Polling for a deadline, not waiting for the test's own events:
        // the test's correctness does not depend on this pause.
        thread::sleep(Duration::from_millis(5));
    };
    let stdout = stdout.recv().unwrap_or_default();
    let stderr = stderr.recv().unwrap_or_default();
    let output = format!("{}{}", stderr.trim_end(), tail_of_stdout(&stdout));
    let Some(status) = status else {
        return Child::Hung(output);
    };
    if status.success() {
        if stdout.contains(&format!("test {name} - should panic ... ok")) {
            Child::PanickedAsExpected(stderr)
        } else if stdout.contains(" 1 passed;") {
            Child::Passed
        } else {
            Child::NotRun(stdout)
        }
    } else {
        Child::Failed(describe(status), output)
    }
}

/// Reads a pipe to its end on a thread of its own.
fn collect(mut pipe: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (done, text) = mpsc::channel();
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        let _ = done.send(String::from_utf8_lossy(&bytes).into_owned());
    });
    text
}

/// The child's stdout without libtest's own lines, which say nothing the
/// parent's report does not.
fn tail_of_stdout(stdout: &str) -> String {
    let lines: Vec<&str> = stdout
        .lines()
        .filter_map(|line| {
            // "test name ... " is followed by the test's own first line of
            // output when it prints before it finishes.
            let line = match line.strip_prefix("test ") {
                Some(rest) => {
                    rest.split_once(" ... ").map_or("", |(_, after)| after)
                }
                None => line,
            };
            let libtest = line.is_empty()
                || ["ok", "FAILED", "ignored"].contains(&line)
                || line.starts_with("running ")
                || line.starts_with("test result:")
                || line.starts_with("failures:")
                || line.starts_with("    ");
            (!libtest).then_some(line)
        })
        .collect();
    if lines.is_empty() {
        String::new()
    } else {
        format!("\n{}", lines.join("\n"))
    }
}

fn describe(status: std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            let what = match signal {
                6 => " (SIGABRT: an abort, such as a panic while panicking)",
                9 => " (SIGKILL)",
                11 => " (SIGSEGV)",
                _ => "",
            };
            return format!("killed by signal {signal}{what}");
        }
    }
    format!("{status}")
}

/// A way to ask whether one particular thread is blocked in the kernel: on
/// Linux, its scheduler state in `/proc/<pid>/task/<tid>/stat` reads `S`
/// once it is. Under Miri (whose isolation forbids reading `/proc`), or
/// where `/proc` is missing, it cannot tell and answers yes: the tests that
/// use it stay correct and catch less.
#[derive(Debug)]
pub struct Sleeper {
    /// `/proc/<pid>/task/<tid>/stat`, where available.
    stat: Option<PathBuf>,
}

impl Sleeper {
    /// Called on the thread that is about to wait.
    pub fn current() -> Self {
        let stat = if cfg!(all(target_os = "linux", not(miri))) {
            std::fs::read_link("/proc/thread-self")
                .ok()
                .map(|task| PathBuf::from("/proc").join(task).join("stat"))
        } else {
            None
        };
        Self { stat }
    }

    /// Whether `/proc` lets this sleeper be watched at all.
    pub fn is_observable(&self) -> bool {
        self.stat.is_some()
    }

    /// True once the thread is asleep in the kernel (state `S`), if it has
    /// exited, or always if it cannot be told. The state is the first field
    /// after the command name, which is in parentheses and may itself
    /// contain spaces or parentheses.
    pub fn is_asleep(&self) -> bool {
        let Some(path) = &self.stat else { return true };
        let Ok(stat) = std::fs::read_to_string(path) else {
            return true; // the thread has exited
        };
        stat.rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            == Some("S")
    }

    /// Returns once [`is_asleep`](Self::is_asleep) holds. It polls,
    /// yielding in between; it never sleeps itself. Run the test under
    /// [`watchdog`], which bounds it if the thread never blocks.
    pub fn wait_until_asleep(&self) {
        while !self.is_asleep() {
            thread::yield_now();
        }
    }
}

/// Starts `count` threads in `scope` that each run `wait` (which should
/// block), and returns once every one of them is asleep in the kernel.
pub fn start_sleepers<'scope>(
    scope: &'scope thread::Scope<'scope, '_>,
    count: usize,
    wait: impl Fn() + Send + Copy + 'scope,
) {
    let (tell, sleepers) = mpsc::channel();
    for _ in 0..count {
        let tell = tell.clone();
        scope.spawn(move || {
            tell.send(Sleeper::current()).unwrap();
            wait();
        });
    }
    let sleepers: Vec<Sleeper> = sleepers.iter().take(count).collect();
    for sleeper in &sleepers {
        sleeper.wait_until_asleep();
    }
}

/// Asks the compiler whether `$ty: Send`, as a `bool`: `false` instead of a
/// compile error when it is not.
///
/// ```
/// use std::rc::Rc;
/// assert!(test_support::is_send!(Vec<String>));
/// assert!(!test_support::is_send!(Rc<u32>));
/// ```
#[macro_export]
macro_rules! is_send {
    ($ty:ty) => {{
        #[allow(unused_imports)]
        use $crate::NotSend as _;
        $crate::Probe::<$ty>::new().is_send()
    }};
}

/// Asks the compiler whether `$ty: Sync`, as a `bool`: `false` instead of a
/// compile error when it is not.
///
/// ```
/// use std::cell::Cell;
/// assert!(test_support::is_sync!(Vec<String>));
/// assert!(!test_support::is_sync!(Cell<u32>));
/// ```
#[macro_export]
macro_rules! is_sync {
    ($ty:ty) => {{
        #[allow(unused_imports)]
        use $crate::NotSync as _;
        $crate::Probe::<$ty>::new().is_sync()
    }};
}

/// The type behind [`is_send!`] and [`is_sync!`]. Method lookup tries
/// inherent methods first but skips one whose impl's bound does not hold,
/// and then finds the trait method of [`NotSend`] or [`NotSync`], which
/// answers `false`. It has to be a macro: inside a generic function the
/// bound is unknown, and lookup would always pick the trait method.
#[doc(hidden)]
#[derive(Debug)]
pub struct Probe<T: ?Sized>(std::marker::PhantomData<T>);

impl<T: ?Sized> Probe<T> {
    #[doc(hidden)]
    pub fn new() -> Self {
        Self(std::marker::PhantomData)
    }
}

impl<T: ?Sized> Default for Probe<T> {
    fn default() -> Self {
        Self::new()
    }
}

#[doc(hidden)]
pub trait NotSend {
    fn is_send(&self) -> bool {
        false
    }
}

#[doc(hidden)]
pub trait NotSync {
    fn is_sync(&self) -> bool {
        false
    }
}

impl<T: ?Sized> NotSend for Probe<T> {}
impl<T: ?Sized> NotSync for Probe<T> {}

impl<T: ?Sized + Send> Probe<T> {
    #[doc(hidden)]
    pub fn is_send(&self) -> bool {
        true
    }
}

impl<T: ?Sized + Sync> Probe<T> {
    #[doc(hidden)]
    pub fn is_sync(&self) -> bool {
        true
    }
}

/// A xorshift generator (Marsaglia's 13/7/17 variant on 64 bits): the same
/// sequence on every run from the same seed, so a failure replays. Not for
/// anything that needs good randomness; enough to mix keys and operations.
#[derive(Debug, Clone)]
pub struct Xorshift(pub u64);

impl Xorshift {
    /// The next number of the sequence. The seed must not be 0 (xorshift
    /// maps 0 to 0 for ever).
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}
