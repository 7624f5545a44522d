//! The exercise's tests. Run them with
//! `cargo test -p send-sync --test exercise`.
//!
//! The file compiles before `HitCounter` is `Send`, so that each test can
//! fail by name: whether it is `Send` is decided by the compiler but
//! reported at run time (`is_send`), and the tests that move a counter to
//! another thread check that first.

use send_sync::exercise::HitCounter;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::thread;

/// The system allocator, counting the blocks each thread has allocated and
/// not yet freed, so a test can see whether dropping a `HitCounter` gives
/// its `Counts` back. (A `Drop` that frees nothing is no error the compiler
/// or the other tests notice: the memory simply leaks.)
struct CountingAllocator;

thread_local! {
    /// Blocks allocated minus blocks freed, on this thread.
    static LIVE_BLOCKS: Cell<isize> = const { Cell::new(0) };
}

fn count_blocks(change: isize) {
    // `try_with`: a thread may still allocate while its thread-locals are
    // being torn down.
    let _ = LIVE_BLOCKS.try_with(|live| live.set(live.get() + change));
}

// SAFETY: every method passes its arguments to `System` unchanged and
// returns what `System` returns, so `System`'s guarantees hold; the counting
// touches only a thread-local `Cell`, which neither allocates nor unwinds.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_blocks(1);
        // SAFETY: the caller upholds `alloc`'s contract, which is `System`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count_blocks(-1);
        // SAFETY: as for `alloc`; `ptr` came from `System` through `alloc`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

fn live_blocks() -> isize {
    LIVE_BLOCKS.with(Cell::get)
}

fn hit_counter_is_send_now() -> bool {
    test_support::is_send!(HitCounter)
}

fn require_send() {
    assert!(
        hit_counter_is_send_now(),
        "HitCounter is not Send: write its `unsafe impl Send`, with a \
         `// SAFETY:` comment, in exercise/starter.rs"
    );
}

/// A `HitCounter` on its way to another thread. The test needs the wrapper
/// only so that this file compiles before `HitCounter` is `Send`.
struct Carry(HitCounter);

// SAFETY: a `Carry` is made only by `carry`, which first checks that
// `HitCounter: Send` holds, so sending a `Carry` sends a value the learner's
// own `unsafe impl Send` already declares safe to send.
unsafe impl Send for Carry {}

impl Carry {
    /// Unwraps the counter. A method, not `.0`: a closure that used
    /// `there.0` would capture only the field, a bare `HitCounter`.
    fn arrive(self) -> HitCounter {
        self.0
    }
}

fn carry(hits: HitCounter) -> Carry {
    require_send();
    Carry(hits)
}

#[test]
fn hit_counter_is_send() {
    require_send();
}

#[test]
fn counts_on_one_thread() {
    let hits = HitCounter::new();
    assert_eq!(hits.total(), 0);
    assert_eq!(hits.count("/"), 0);
    hits.record("/");
    hits.record("/about");
    hits.record("/");
    assert_eq!(hits.total(), 3);
    assert_eq!(hits.count("/"), 2);
    assert_eq!(hits.count("/about"), 1);
    assert_eq!(hits.count("/missing"), 0);
}

#[test]
fn moves_to_a_thread_and_back() {
    let hits = HitCounter::new();
    hits.record("/");
    let there = carry(hits);
    let back = thread::spawn(move || {
        let hits = there.arrive();
        hits.record("/");
        hits.record("/pricing");
        carry(hits)
    })
    .join()
    .unwrap();
    let hits = back.arrive();
    hits.record("/pricing");
    assert_eq!(hits.total(), 4);
    assert_eq!(hits.count("/"), 2);
    assert_eq!(hits.count("/pricing"), 2);
}

#[test]
fn each_thread_owns_its_own_counter() {
    require_send();
    let per_thread: Vec<HitCounter> = (0..3)
        .map(|n| {
            thread::spawn(move || {
                let hits = HitCounter::new();
                for _ in 0..=n {
                    hits.record("/docs");
                }
                carry(hits)
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|handle| handle.join().unwrap().arrive())
        .collect();
    let totals: Vec<u64> = per_thread.iter().map(HitCounter::total).collect();
    assert_eq!(totals, [1, 2, 3]);
}

#[test]
fn drop_frees_the_counts() {
    let before = live_blocks();
    {
        let hits = HitCounter::new();
        hits.record("/");
        hits.record("/about");
        assert_eq!(hits.total(), 2);
    }
    let leaked = live_blocks() - before;
    assert_eq!(
        leaked, 0,
        "dropping a HitCounter left {leaked} heap blocks behind: its `Drop` \
         must free the `Counts` (and with it the page names)"
    );
}

#[test]
fn dropped_on_another_thread() {
    let hits = HitCounter::new();
    hits.record("/");
    let there = carry(hits);
    // Miri reports a leak or a double free here if `Drop` is wrong.
    thread::spawn(move || drop(there.arrive())).join().unwrap();
}

/// `HitCounter` must stay `!Sync`: sharing `&HitCounter` between threads
/// must not compile.
// starter passes: the starter is `!Sync` too; this catches a later `Sync`
#[test]
#[cfg_attr(miri, ignore)]
fn hit_counter_is_not_sync() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("exercise/not_sync.rs");
}
