//! Shared by the real-thread tests: a way to make a waiter really sleep
//! before a test wakes it.
#![allow(dead_code)]

use std::sync::mpsc;
use std::thread;

/// A way to ask whether one thread is blocked in the kernel: on Linux, the
/// scheduler state in `/proc/<pid>/task/<tid>/stat` reads `S` once it is.
/// Tests poll it to make a waiter really sleep before they wake it, so a
/// missing wake leaves the waiter asleep (and the test times out) instead
/// of going unnoticed because the waiter had not gone to sleep yet. Under
/// Miri, or without `/proc`, it cannot tell and says yes: the tests stay
/// correct and catch less.
pub struct Sleeper {
    stat: Option<std::path::PathBuf>,
}

impl Sleeper {
    /// Called on the thread that is about to wait.
    pub fn current() -> Self {
        let stat = if cfg!(all(target_os = "linux", not(miri))) {
            std::fs::read_link("/proc/thread-self").ok().map(|task| {
                std::path::Path::new("/proc").join(task).join("stat")
            })
        } else {
            None
        };
        Self { stat }
    }

    /// The state is the first field after the command name, which is in
    /// parentheses and may itself contain spaces or parentheses.
    pub fn is_asleep(&self) -> bool {
        let Some(stat) = self
            .stat
            .as_ref()
            .and_then(|path| std::fs::read_to_string(path).ok())
        else {
            return true;
        };
        stat.rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            == Some("S")
    }
}

/// Starts `count` threads that each run `wait` (which must block), and
/// returns once all of them are asleep.
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
    while !sleepers.iter().all(Sleeper::is_asleep) {
        thread::yield_now();
    }
}
