//! The chapter's claims about threads, checked: what `join` returns, how
//! scoped threads borrow and propagate panics, that thread-locals are per
//! thread, and that `Builder` reports what the OS refuses.

use std::cell::Cell;
use std::panic;
use std::sync::mpsc;
use std::thread;
use threads::{panic_message, parallel_sum, split_even, status_kib};

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
    assert_eq!(panic_message(&*payload), Some("disk full"));

    let invoice = 8;
    let formatted = thread::spawn(move || -> u32 { panic!("invoice {invoice} has no amount") });
    let payload = formatted.join().unwrap_err();
    assert_eq!(panic_message(&*payload), Some("invoice 8 has no amount"));

    let other = thread::spawn(|| panic::panic_any(404_u16));
    let payload = other.join().unwrap_err();
    assert_eq!(panic_message(&*payload), None);
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
fn split_even_covers_everything_once() {
    assert_eq!(split_even(10, 3), [0..4, 4..7, 7..10]);
    assert_eq!(split_even(9, 3), [0..3, 3..6, 6..9]);
    assert_eq!(split_even(2, 5), [0..1, 1..2]);
    assert!(split_even(0, 4).is_empty());
    for len in 0..50 {
        for parts in 1..9 {
            let ranges = split_even(len, parts);
            assert_eq!(ranges.len(), parts.min(len));
            let covered: Vec<usize> = ranges.iter().flat_map(Clone::clone).collect();
            assert_eq!(covered, (0..len).collect::<Vec<_>>());
            let sizes: Vec<usize> = ranges.iter().map(ExactSizeIterator::len).collect();
            let (min, max) = (sizes.iter().min(), sizes.iter().max());
            assert!(max.zip(min).is_none_or(|(max, min)| max - min <= 1));
        }
    }
}

#[test]
fn parallel_sum_matches_the_sequential_sum() {
    let readings: Vec<u64> = (0..10_000).map(|second| 200 + second % 97).collect();
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
    let unnamed = thread::spawn(|| thread::current().name().map(str::to_string));
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

/// A stack of a quarter of the address space cannot be reserved, so the OS
/// refuses the thread and `Builder::spawn` returns the error.
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
