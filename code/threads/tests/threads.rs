//! The chapter's claims about threads, checked: what `join` returns, how
//! scoped threads borrow and propagate panics, that thread-locals are per
//! thread, and that `Builder` reports what the OS refuses.

use std::cell::Cell;
use std::panic;
use std::sync::mpsc;
use std::thread;

// The examples whose functions the page shows, included so that the tests
// check the code on the page.
#[path = "../examples/join_panic.rs"]
#[allow(dead_code)]
mod join_panic;

#[path = "../examples/propagate_panic.rs"]
#[allow(dead_code)]
mod propagate_panic;

#[path = "../examples/scoped_sum.rs"]
#[allow(dead_code)]
mod scoped_sum;

#[path = "../examples/thread_locals.rs"]
#[allow(dead_code)]
mod thread_locals;

#[path = "../examples/threads_vs_async.rs"]
#[allow(dead_code)]
mod threads_vs_async;

use join_panic::panic_message;
use scoped_sum::parallel_sum;
use threads_vs_async::status_kib;

#[test]
fn join_returns_the_closure_value() {
    let orders = [12, 30, 7];
    let depot = thread::spawn(move || orders.iter().sum::<u32>());
    assert_eq!(depot.join().unwrap(), 49);
}

#[test]
fn join_returns_a_panic_as_err_with_its_payload() {
    let literal = thread::spawn(|| -> u32 { panic!("disk full") });
    let payload = literal.join().unwrap_err();
    assert_eq!(panic_message(&*payload), "disk full");

    let invoice = 8;
    let formatted = thread::spawn(move || -> u32 {
        panic!("invoice {invoice} has no amount")
    });
    let payload = formatted.join().unwrap_err();
    assert_eq!(panic_message(&*payload), "invoice 8 has no amount");

    let other = thread::spawn(|| panic::panic_any(404_u16));
    let payload = other.join().unwrap_err();
    assert_eq!(panic_message(&*payload), "(not a string)");
    assert_eq!(payload.downcast_ref::<u16>(), Some(&404));
}

#[test]
fn a_vec_moved_in_comes_back_through_join() {
    let log = vec![String::from("loaded")];
    let address = log.as_ptr();
    let log = thread::spawn(move || log).join().unwrap();
    // Moving the `Vec` moved its three-word header, not the buffer.
    assert_eq!(log.as_ptr(), address);
}

#[test]
fn parallel_sum_matches_the_sequential_sum() {
    let readings: Vec<u64> =
        (0..10_000).map(|second| 200 + second % 97).collect();
    let expected: u64 = readings.iter().sum();
    for threads in [1, 2, 3, 4, 7, 16] {
        assert_eq!(parallel_sum(&readings, threads), expected);
    }
    assert_eq!(parallel_sum(&[], 4), 0);
    assert_eq!(parallel_sum(&[5], 4), 5);
}

#[test]
fn scoped_threads_may_borrow_mutably_and_are_joined_at_the_end() {
    let mut totals = [0_u32; 3];
    let batches = [[1, 2], [3, 4], [5, 6]];
    thread::scope(|scope| {
        for (slot, batch) in totals.iter_mut().zip(&batches) {
            scope.spawn(move || *slot = batch.iter().sum());
        }
    });
    // No join in sight: the scope joined every thread before returning.
    assert_eq!(totals, [3, 7, 11]);
}

#[test]
fn a_scope_with_an_unjoined_panicking_thread_panics() {
    let outcome = panic::catch_unwind(|| {
        thread::scope(|scope| {
            scope.spawn(|| panic!("bad batch"));
        });
    });
    assert!(outcome.is_err());
}

#[test]
fn a_joined_panic_inside_a_scope_is_just_an_err() {
    let outcome = thread::scope(|scope| {
        let worker = scope.spawn(|| -> u32 { panic!("bad batch") });
        worker.join().is_err()
    });
    assert!(outcome);
}

thread_local! {
    static HANDLED: Cell<u32> = const { Cell::new(0) };
}

#[test]
fn thread_locals_are_per_thread() {
    HANDLED.set(5);
    let seen_by_worker = thread::spawn(|| {
        let at_start = HANDLED.get();
        HANDLED.set(at_start + 100);
        (at_start, HANDLED.get())
    })
    .join()
    .unwrap();
    assert_eq!(seen_by_worker, (0, 100));
    assert_eq!(HANDLED.get(), 5);
}

#[test]
fn builder_names_the_thread() {
    let (name_tx, name_rx) = mpsc::channel();
    thread::Builder::new()
        .name("indexer".to_string())
        .stack_size(256 * 1024)
        .spawn(move || {
            name_tx
                .send(thread::current().name().map(str::to_string))
                .unwrap();
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(name_rx.recv().unwrap().as_deref(), Some("indexer"));
    let unnamed =
        thread::spawn(|| thread::current().name().map(str::to_string));
    assert_eq!(unnamed.join().unwrap(), None);
}

#[test]
fn thread_ids_differ() {
    let here = thread::current().id();
    let there = thread::spawn(|| thread::current().id()).join().unwrap();
    assert_ne!(here, there);
}

#[test]
fn available_parallelism_is_at_least_one() {
    // It may fail on exotic platforms, but never returns 0: the type is
    // `NonZero<usize>`.
    if let Ok(count) = thread::available_parallelism() {
        assert!(count.get() >= 1);
    }
}

/// A stack of `usize::MAX / 4` bytes (4 EiB on 64-bit targets) is far larger
/// than the address space, so the OS refuses the thread and
/// `Builder::spawn` returns the error.
#[test]
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
#[cfg_attr(miri, ignore)]
fn builder_reports_a_refused_thread() {
    let greedy = thread::Builder::new()
        .stack_size(usize::MAX / 4)
        .spawn(|| ());
    assert!(greedy.is_err());
}

#[test]
fn status_fields_parse() {
    let status = "Name:\tthreads_vs_async\nVmPeak:\t  3091540 kB\nVmSize:\t 3091540 kB\nVmHWM:\t   12288 kB\nVmRSS:\t   11904 kB\nThreads:\t1001\n";
    assert_eq!(status_kib(status, "VmRSS"), Some(11_904));
    assert_eq!(status_kib(status, "VmHWM"), Some(12_288));
    assert_eq!(status_kib(status, "VmSize"), Some(3_091_540));
    assert_eq!(status_kib(status, "Threads"), None); // not a size
    assert_eq!(status_kib(status, "VmSwap"), None); // not there
    // `VmRSS` must not match a field that merely starts with it.
    assert_eq!(status_kib("VmRSSx:\t 1 kB\n", "VmRSS"), None);
}

#[test]
#[cfg(target_os = "linux")]
#[cfg_attr(miri, ignore)]
fn this_process_has_a_resident_size() {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let resident = status_kib(&status, "VmRSS").unwrap();
    let peak = status_kib(&status, "VmHWM").unwrap();
    assert!(resident > 0 && peak >= resident);
}

#[test]
fn resume_unwind_carries_the_original_payload() {
    let supervisor = thread::spawn(|| {
        let worker = thread::spawn(|| -> u32 { panic!("disk full") });
        propagate_panic::join_or_propagate(worker)
    });
    let payload = supervisor.join().unwrap_err();
    assert_eq!(panic_message(&*payload), "disk full");
}

#[test]
fn join_or_propagate_returns_the_value_of_a_healthy_worker() {
    let worker = thread::spawn(|| 12_u32 + 30);
    assert_eq!(propagate_panic::join_or_propagate(worker), 42);
}

#[test]
fn is_finished_is_false_while_the_thread_waits() {
    let (go, wait_for_go) = mpsc::channel::<()>();
    let worker = thread::spawn(move || wait_for_go.recv().unwrap());
    assert!(!worker.is_finished());
    go.send(()).unwrap();
    worker.join().unwrap();
}

#[test]
fn a_scoped_thread_can_spawn_a_sibling_that_borrows() {
    let readings = [3_u64, 4, 5, 6];
    let total = thread::scope(|scope| {
        thread::Builder::new()
            .name("summer".to_string())
            .spawn_scoped(scope, || {
                let (first, second) = readings.split_at(2);
                let helper = scope.spawn(|| second.iter().sum::<u64>());
                let name = thread::current().name().map(str::to_string);
                (first.iter().sum::<u64>() + helper.join().unwrap(), name)
            })
            .unwrap()
            .join()
            .unwrap()
    });
    assert_eq!(total, (18, Some("summer".to_string())));
}

#[test]
fn the_example_keeps_one_log_per_thread() {
    // Each test runs on its own thread, so this thread's log starts empty.
    thread_locals::handle("/status");
    let worker_log = thread::spawn(|| {
        thread_locals::handle("/a");
        thread_locals::handle("/b");
        thread_locals::flush_log()
    })
    .join()
    .unwrap();
    assert_eq!(worker_log, ["handled /a", "handled /b"]);
    assert_eq!(thread_locals::flush_log(), ["handled /status"]);
    assert!(
        thread_locals::flush_log().is_empty(),
        "flush takes the lines"
    );
}
