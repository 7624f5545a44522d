//! `cargo bench -p memory-reclamation`: what protecting a read costs, and a
//! stack's push-then-pop round trip with 1 and 2 threads, for this
//! chapter's hazard pointers and epochs against `haphazard` (hazard
//! pointers), `crossbeam-epoch` (epochs), `seize` (Hyaline-1: reference
//! counts on batches of retired nodes) and a `Mutex<Vec>`. An illustration
//! of one machine, never a test: nothing here is asserted. Samples are
//! long (10,000 or 100,000 iterations) so that both threads of a
//! two-thread sample run at once: with short samples, one thread often
//! finished before the other started, and `Mutex<Vec>` looked uncontended.

use memory_reclamation::{epoch, hazard};
use std::cell::RefCell;
use std::hint::black_box;
use std::mem::ManuallyDrop;
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::{LazyLock, Mutex};

fn main() {
    divan::main();
}

static DOMAIN: LazyLock<hazard::Domain> = LazyLock::new(hazard::Domain::new);
static COLLECTOR: LazyLock<epoch::Collector> =
    LazyLock::new(epoch::Collector::new);
static SEIZE: LazyLock<seize::Collector> = LazyLock::new(seize::Collector::new);

static HAZARD_STACK: LazyLock<hazard::Stack<u64>> =
    LazyLock::new(hazard::Stack::new);
static EPOCH_STACK: LazyLock<epoch::Stack<u64>> =
    LazyLock::new(epoch::Stack::new);
static CROSSBEAM_STACK: LazyLock<CrossbeamStack<u64>> =
    LazyLock::new(CrossbeamStack::new);
static SEIZE_STACK: LazyLock<SeizeStack<u64>> = LazyLock::new(SeizeStack::new);
static MUTEX_VEC: Mutex<Vec<u64>> = Mutex::new(Vec::new());

thread_local! {
    static HAZARD: RefCell<hazard::Handle<'static>> =
        RefCell::new(DOMAIN.register());
    static EPOCH: RefCell<epoch::Handle<'static>> =
        RefCell::new(COLLECTOR.register());
    static HAPHAZARD: RefCell<haphazard::HazardPointer<'static>> =
        RefCell::new(haphazard::HazardPointer::new());
    static HAZARD_STACK_HANDLE: RefCell<hazard::Handle<'static>> =
        RefCell::new(HAZARD_STACK.domain().register());
    static EPOCH_STACK_HANDLE: RefCell<epoch::Handle<'static>> =
        RefCell::new(EPOCH_STACK.collector().register());
}

/// What it costs to make one pointer safe to read, and to let it go: the
/// price a reader pays per node (hazard pointers) or per operation
/// (epochs). The pointer points at a live value that is never retired.
mod protect_one_read {
    use super::*;

    static VALUE: LazyLock<AtomicPtr<u64>> =
        LazyLock::new(|| AtomicPtr::new(Box::into_raw(Box::new(7))));
    static HAPHAZARD_VALUE: LazyLock<haphazard::AtomicPtr<u64>> =
        LazyLock::new(|| haphazard::AtomicPtr::from(Box::new(7)));

    #[divan::bench(sample_count = 50, sample_size = 10_000)]
    fn our_hazard_pointer() {
        HAZARD.with_borrow(|handle| {
            black_box(handle.protect(&VALUE));
            handle.clear();
        });
    }

    #[divan::bench(sample_count = 50, sample_size = 10_000)]
    fn haphazard() {
        HAPHAZARD.with_borrow_mut(|hazard| {
            black_box(HAPHAZARD_VALUE.safe_load(hazard));
            hazard.reset_protection();
        });
    }

    #[divan::bench(sample_count = 50, sample_size = 10_000)]
    fn our_epoch_pin() {
        EPOCH.with_borrow_mut(|handle| {
            let guard = handle.pin();
            black_box(VALUE.load(Ordering::Acquire));
            drop(guard);
        });
    }

    #[divan::bench(sample_count = 50, sample_size = 10_000)]
    fn crossbeam_epoch_pin() {
        let guard = crossbeam_epoch::pin();
        black_box(VALUE.load(Ordering::Acquire));
        drop(guard);
    }

    #[divan::bench(sample_count = 50, sample_size = 10_000)]
    fn seize_enter_and_protect() {
        use seize::Guard as _;
        let guard = SEIZE.enter();
        black_box(guard.protect(&VALUE, Ordering::Acquire));
        drop(guard);
    }
}

/// Every bench thread pushes one value onto a shared stack and pops one
/// value off it: one allocation, one retirement and one reclamation's
/// share per round trip.
mod push_then_pop {
    use super::*;

    const THREADS: &[usize] = &[1, 2];

    #[divan::bench(threads = THREADS, sample_count = 30, sample_size = 100_000)]
    fn our_hazard_pointers() {
        HAZARD_STACK.push(black_box(7));
        HAZARD_STACK_HANDLE
            .with_borrow_mut(|handle| black_box(HAZARD_STACK.pop(handle)));
    }

    #[divan::bench(threads = THREADS, sample_count = 30, sample_size = 100_000)]
    fn our_epochs() {
        EPOCH_STACK.push(black_box(7));
        EPOCH_STACK_HANDLE.with_borrow_mut(|handle| {
            let guard = handle.pin();
            black_box(EPOCH_STACK.pop(&guard));
        });
    }

    #[divan::bench(threads = THREADS, sample_count = 30, sample_size = 100_000)]
    fn crossbeam_epoch() {
        CROSSBEAM_STACK.push(black_box(7));
        black_box(CROSSBEAM_STACK.pop());
    }

    #[divan::bench(threads = THREADS, sample_count = 30, sample_size = 100_000)]
    fn seize() {
        SEIZE_STACK.push(black_box(7));
        black_box(SEIZE_STACK.pop());
    }

    #[divan::bench(threads = THREADS, sample_count = 30, sample_size = 100_000)]
    fn mutex_vec() {
        MUTEX_VEC.lock().unwrap().push(black_box(7));
        black_box(MUTEX_VEC.lock().unwrap().pop());
    }
}

/// A Treiber stack on `crossbeam-epoch`, written the way its documentation
/// suggests, for comparison.
struct CrossbeamStack<T> {
    head: crossbeam_epoch::Atomic<CrossbeamNode<T>>,
}

struct CrossbeamNode<T> {
    value: ManuallyDrop<T>,
    next: crossbeam_epoch::Atomic<CrossbeamNode<T>>,
}

impl<T> CrossbeamStack<T> {
    fn new() -> Self {
        Self {
            head: crossbeam_epoch::Atomic::null(),
        }
    }

    fn push(&self, value: T) {
        use crossbeam_epoch::Owned;
        let guard = crossbeam_epoch::pin();
        let mut node = Owned::new(CrossbeamNode {
            value: ManuallyDrop::new(value),
            next: crossbeam_epoch::Atomic::null(),
        });
        loop {
            let head = self.head.load(Ordering::Relaxed, &guard);
            node.next.store(head, Ordering::Relaxed);
            match self.head.compare_exchange_weak(
                head,
                node,
                Ordering::Release,
                Ordering::Relaxed,
                &guard,
            ) {
                Ok(_) => return,
                Err(failed) => node = failed.new,
            }
        }
    }

    fn pop(&self) -> Option<T> {
        let guard = crossbeam_epoch::pin();
        loop {
            let head = self.head.load(Ordering::Acquire, &guard);
            // SAFETY: `head` was loaded under `guard`, so it is either null
            // or a node that is not freed before the guard is dropped.
            let node = unsafe { head.as_ref() }?;
            let next = node.next.load(Ordering::Relaxed, &guard);
            if self
                .head
                .compare_exchange_weak(
                    head,
                    next,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                    &guard,
                )
                .is_ok()
            {
                // SAFETY: the compare-exchange made this pop the only one
                // that takes the node, so the value is moved out once; the
                // node's `ManuallyDrop` keeps its destructor from dropping
                // it again.
                let value = unsafe { ptr::read(&*node.value) };
                // SAFETY: the node is unlinked, so no thread that pins from
                // now on can reach it, and it is retired once, here.
                unsafe { guard.defer_destroy(head) };
                return Some(value);
            }
        }
    }
}

/// A Treiber stack on `seize`, for comparison.
struct SeizeStack<T> {
    head: AtomicPtr<SeizeNode<T>>,
}

struct SeizeNode<T> {
    value: ManuallyDrop<T>,
    next: *mut SeizeNode<T>,
}

// SAFETY: the stack hands each `T` from the pushing thread to the popping
// one, which `T: Send` permits; nobody gets a `&T`.
unsafe impl<T: Send> Sync for SeizeStack<T> {}
// SAFETY: as for `Sync`: the stack owns its `T`s.
unsafe impl<T: Send> Send for SeizeStack<T> {}

impl<T> SeizeStack<T> {
    fn new() -> Self {
        Self {
            head: AtomicPtr::new(ptr::null_mut()),
        }
    }

    fn push(&self, value: T) {
        let node = Box::into_raw(Box::new(SeizeNode {
            value: ManuallyDrop::new(value),
            next: ptr::null_mut(),
        }));
        let mut head = self.head.load(Ordering::Relaxed);
        loop {
            // SAFETY: `node` is ours until the compare-exchange publishes
            // it.
            unsafe { (*node).next = head };
            match self.head.compare_exchange_weak(
                head,
                node,
                Ordering::Release,
                Ordering::Relaxed,
            ) {
                Ok(_) => return,
                Err(current) => head = current,
            }
        }
    }

    fn pop(&self) -> Option<T> {
        use seize::Guard as _;
        let guard = SEIZE.enter();
        loop {
            let head = guard.protect(&self.head, Ordering::Acquire);
            if head.is_null() {
                return None;
            }
            // SAFETY: `head` was protected by `guard`, so it is not freed
            // before the guard is dropped.
            let next = unsafe { (*head).next };
            if self
                .head
                .compare_exchange_weak(
                    head,
                    next,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                )
                .is_ok()
            {
                // SAFETY: `head` is protected by `guard`, so still allocated.
                let node = unsafe { &*head };
                // SAFETY: this pop alone took the node, so it moves the value
                // out once; `ManuallyDrop` keeps the reclaimer from dropping it
                // again.
                let value = unsafe { ptr::read(&*node.value) };
                // SAFETY: the node is unlinked, was allocated by `Box`, and
                // is retired once, here.
                unsafe { guard.defer_retire(head, seize::reclaim::boxed) };
                return Some(value);
            }
        }
    }
}
