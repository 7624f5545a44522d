//! Helpers shared by the test files (`mod common;`).
//!
//! A test of a wake-up call (`notify_one`, `notify_all`, `unpark`) only
//! proves something if the thread to be woken is really asleep when the
//! call comes; otherwise it finds its condition already true and never
//! sleeps, and a missing wake-up goes unnoticed. These helpers let a test
//! wait until a thread is asleep in the kernel, without sleeping itself.

use std::time::{Duration, Instant};

/// The kernel's id of the calling thread, read from `/proc/thread-self`
/// (a link to `<pid>/task/<tid>`). `None` where there is no such file (not
/// Linux) and under Miri, whose isolation forbids reading it.
#[allow(dead_code)]
pub fn current_tid() -> Option<u32> {
    if cfg!(miri) {
        return None;
    }
    let link = std::fs::read_link("/proc/thread-self").ok()?;
    link.file_name()?.to_str()?.parse().ok()
}

/// Returns once thread `tid` of this process is asleep in the kernel
/// (state `S` in `/proc/self/task/<tid>/stat`), or has exited. It polls,
/// yielding in between. With `None` it returns at once.
///
/// The tests that use it pass whether or not the thread is asleep: this
/// only makes sure that the interesting case, a sleeper that needs the
/// wake-up, is the one that runs. (It gives up after 10 s, so a thread that
/// never sleeps cannot hang a test.)
#[allow(dead_code)]
pub fn wait_until_asleep(tid: Option<u32>) {
    let Some(tid) = tid else { return };
    let path = format!("/proc/self/task/{tid}/stat");
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        let Ok(stat) = std::fs::read_to_string(&path) else {
            return; // the thread has exited
        };
        // The state is the first field after the parenthesised name.
        let state = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next());
        if state == Some("S") {
            return;
        }
        std::thread::yield_now();
    }
}
