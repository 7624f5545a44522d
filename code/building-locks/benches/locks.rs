//! `cargo bench -p building-locks`: the chapter's final `Mutex` and
//! `RwLock` against `std::sync` and `parking_lot`, uncontended (one thread,
//! without and with a thread spawn in each sample) and with 2 and 4 threads
//! hammering one lock; the exercise's fair mutex and `parking_lot`'s fair
//! unlock, to show what first-come-first-served costs; RwLock step 3, to
//! show what step 4's waiting bits save; and a mixed workload of nine reads
//! to one write. An illustration of one machine, never a test: nothing here
//! is asserted.
//!
//! The fair mutex is the exercise module the `solution` feature selects,
//! as in the exercise's tests: your `exercise/starter.rs` by default, the
//! worked solution with `--features solution`.

use std::hint::black_box;

fn main() {
    divan::main();
}

/// A lock protecting a counter; `bump` locks, increments and unlocks.
trait CounterLock: Sync {
    fn new() -> Self;
    fn bump(&self);
}

/// A reader-writer lock protecting a small table.
trait TableLock: Sync {
    fn new() -> Self;
    fn read_sum(&self) -> u64;
    fn write_one(&self);
}

// Newtypes, so that divan's table names each contestant plainly.
struct OurMutex(building_locks::Mutex<u64>);
struct StdMutex(std::sync::Mutex<u64>);
struct ParkingLotMutex(parking_lot::Mutex<u64>);
struct FairMutex(building_locks::exercise::FairMutex<u64>);
/// `parking_lot`'s mutex, but every unlock is `unlock_fair`: a direct
/// hand-off to the next waiter when there is one, a plain unlock otherwise.
struct ParkingLotFair(parking_lot::Mutex<u64>);
struct OurRwLock(building_locks::RwLock<[u64; 4]>);
struct Step3RwLock(
    building_locks::rwlock_step3_writer_priority::RwLock<[u64; 4]>,
);
struct StdRwLock(std::sync::RwLock<[u64; 4]>);
struct ParkingLotRwLock(parking_lot::RwLock<[u64; 4]>);

/// `$unwrap` turns what `lock`, `read` or `write` returns into a guard
/// (std's locks return a `Result`, because of poisoning).
macro_rules! counter_lock {
    ($name:ident, $inner:path, $($unwrap:tt)*) => {
        impl CounterLock for $name {
            fn new() -> Self {
                Self(<$inner>::new(0))
            }
            fn bump(&self) {
                *self.0.lock()$($unwrap)* += 1;
            }
        }
    };
}

counter_lock!(OurMutex, building_locks::Mutex<u64>,);
counter_lock!(StdMutex, std::sync::Mutex<u64>, .unwrap());
counter_lock!(ParkingLotMutex, parking_lot::Mutex<u64>,);
counter_lock!(FairMutex, building_locks::exercise::FairMutex<u64>,);

impl CounterLock for ParkingLotFair {
    fn new() -> Self {
        Self(parking_lot::Mutex::new(0))
    }
    fn bump(&self) {
        let mut guard = self.0.lock();
        *guard += 1;
        parking_lot::MutexGuard::unlock_fair(guard);
    }
}

macro_rules! table_lock {
    ($name:ident, $inner:path, $($unwrap:tt)*) => {
        impl TableLock for $name {
            fn new() -> Self {
                Self(<$inner>::new([1, 2, 3, 4]))
            }
            fn read_sum(&self) -> u64 {
                self.0.read()$($unwrap)*.iter().sum()
            }
            fn write_one(&self) {
                self.0.write()$($unwrap)*[0] += 1;
            }
        }
    };
}

table_lock!(OurRwLock, building_locks::RwLock<[u64; 4]>,);
table_lock!(
    Step3RwLock,
    building_locks::rwlock_step3_writer_priority::RwLock<[u64; 4]>,
);
table_lock!(StdRwLock, std::sync::RwLock<[u64; 4]>, .unwrap());
table_lock!(ParkingLotRwLock, parking_lot::RwLock<[u64; 4]>,);

// ANCHOR: benches
/// Acquisitions per thread in one run.
const PER_THREAD: usize = 20_000;

/// Starts `threads` scoped threads that each run `work` `PER_THREAD` times
/// on one shared lock, and measures the whole run; divan reports it per
/// acquisition (the `ItemsCount`). The threads wait at a barrier first, so
/// that they really run at the same time. Spawning and joining are inside
/// the time: tens of microseconds per sample, which is why the uncontended
/// case is also measured without them (`mutex_uncontended`).
fn contend<L: Sync>(
    bencher: divan::Bencher,
    threads: usize,
    new: fn() -> L,
    work: fn(&L, usize),
) {
    bencher
        .counter(divan::counter::ItemsCount::new(threads * PER_THREAD))
        .bench(|| {
            let lock = new();
            let start_line = std::sync::Barrier::new(threads);
            std::thread::scope(|scope| {
                for _ in 0..threads {
                    scope.spawn(|| {
                        start_line.wait();
                        (0..PER_THREAD).for_each(|round| work(&lock, round));
                    });
                }
            });
        });
}

#[divan::bench(
    types = [OurMutex, StdMutex, ParkingLotMutex, FairMutex, ParkingLotFair],
    args = [1, 2, 4],
    max_time = 1,
)]
fn mutex<L: CounterLock>(bencher: divan::Bencher, threads: usize) {
    contend(bencher, threads, L::new, |lock, _| lock.bump());
}

/// One lock, one thread, no spawn: the cost of a lock and unlock alone.
#[divan::bench(
    types = [OurMutex, StdMutex, ParkingLotMutex, FairMutex, ParkingLotFair],
    max_time = 1,
)]
fn mutex_uncontended<L: CounterLock>(bencher: divan::Bencher) {
    let lock = L::new();
    bencher.bench_local(|| lock.bump());
}

#[divan::bench(
    types = [OurRwLock, Step3RwLock, StdRwLock, ParkingLotRwLock],
    args = [1, 2, 4],
    max_time = 1,
)]
fn rwlock_read<L: TableLock>(bencher: divan::Bencher, threads: usize) {
    contend(bencher, threads, L::new, |lock, _| {
        black_box(lock.read_sum());
    });
}

#[divan::bench(
    types = [OurRwLock, Step3RwLock, StdRwLock, ParkingLotRwLock],
    args = [1, 2, 4],
    max_time = 1,
)]
fn rwlock_write<L: TableLock>(bencher: divan::Bencher, threads: usize) {
    contend(bencher, threads, L::new, |lock, _| lock.write_one());
}

/// Every thread writes on one round in ten and reads on the others, so
/// readers and writers meet: writers wait behind readers, readers behind
/// waiting writers, and the waiting bits and wake-ups are exercised.
#[divan::bench(
    types = [OurRwLock, Step3RwLock, StdRwLock, ParkingLotRwLock],
    args = [1, 2, 4],
    max_time = 1,
)]
fn rwlock_mixed<L: TableLock>(bencher: divan::Bencher, threads: usize) {
    contend(bencher, threads, L::new, |lock, round| {
        if round % 10 == 0 {
            lock.write_one();
        } else {
            black_box(lock.read_sum());
        }
    });
}
// ANCHOR_END: benches
