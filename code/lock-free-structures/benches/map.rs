//! `cargo bench -p lock-free-structures --bench map`: a read/write mix
//! (90% and 50% `get`s, the rest `insert`s that overwrite a present key)
//! with 1, 2 and 4 threads over a map prefilled with 4,096 keys, for this
//! chapter's map (step 2), `dashmap::DashMap`, `papaya::HashMap` and
//! `RwLock<std::collections::HashMap>`. An illustration of one machine,
//! never a test: nothing here is asserted. On a 2-core machine, 4 threads
//! oversubscribe the cores.
//!
//! Fairness: our map is fixed-capacity, `u64 -> u64`, hashes with one
//! multiply (`mix`) and never allocates. The other three default to
//! std's `RandomState` (SipHash-1-3 today), dozens of steps per key where
//! `mix` does three, so here they all get [`MixHasher`], built on the same
//! `mix`. What is left between them is the synchronisation and the table
//! layout (and papaya's and dashmap's extra features), not the hash.

use lock_free_structures::map_step1_insert_get::mix;
use lock_free_structures::map_step2_remove::Map;
use std::cell::Cell;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, RwLock};

fn main() {
    // Prefill before the first sample, so no sample times the prefill.
    LazyLock::force(&OURS);
    LazyLock::force(&DASHMAP);
    LazyLock::force(&PAPAYA);
    LazyLock::force(&RWLOCK_STD);
    divan::main();
}

/// Keys `1..=KEYS` are in every map before the first sample; the
/// benchmark only overwrites them, so no map grows or fills up.
const KEYS: u64 = 4_096;
const CAPACITY: usize = 2 * KEYS as usize;
const THREADS: &[usize] = &[1, 2, 4];
/// The share of `get`s, in percent.
const READ_PERCENTS: &[u64] = &[90, 50];

/// A `Hasher` that hashes a `u64` with the same `mix` our map uses.
#[derive(Debug, Default)]
struct MixHasher(u64);

impl Hasher for MixHasher {
    fn write_u64(&mut self, key: u64) {
        self.0 = mix(key);
    }

    /// Not used by `u64` keys (their `Hash` calls `write_u64`), but
    /// `Hasher` requires it: fold the bytes in one at a time.
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = mix(self.0 ^ u64::from(byte));
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct MixBuild;

impl BuildHasher for MixBuild {
    type Hasher = MixHasher;

    fn build_hasher(&self) -> MixHasher {
        MixHasher::default()
    }
}

/// Each bench thread draws its operations from its own xorshift stream.
static SEEDS: AtomicU64 = AtomicU64::new(0x2545_F491_4F6C_DD1D);

thread_local! {
    static RANDOM: Cell<u64> =
        Cell::new(mix(SEEDS.fetch_add(1, Ordering::Relaxed)) | 1);
}

/// The next operation: a key in `1..=KEYS`, and `Some(value)` for an
/// insert (`READS` percent of the time `None`, a get).
fn next_op<const READS: u64>() -> (u64, Option<u64>) {
    let random = RANDOM.with(|state| {
        let mut x = state.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        state.set(x);
        x
    });
    let key = random % KEYS + 1;
    // A value in 1..u64::MAX: our map reserves 0 and u64::MAX.
    let value = (random >> 2) | 1;
    let write = (random >> 40) % 100 >= READS;
    (key, write.then_some(value))
}

static OURS: LazyLock<Map> = LazyLock::new(|| {
    let map = Map::new(CAPACITY);
    for key in 1..=KEYS {
        map.insert(key, key).unwrap();
    }
    map
});

static DASHMAP: LazyLock<dashmap::DashMap<u64, u64, MixBuild>> =
    LazyLock::new(|| {
        let map =
            dashmap::DashMap::with_capacity_and_hasher(CAPACITY, MixBuild);
        for key in 1..=KEYS {
            map.insert(key, key);
        }
        map
    });

static PAPAYA: LazyLock<papaya::HashMap<u64, u64, MixBuild>> =
    LazyLock::new(|| {
        let map = papaya::HashMap::with_capacity_and_hasher(CAPACITY, MixBuild);
        for key in 1..=KEYS {
            map.pin().insert(key, key);
        }
        map
    });

static RWLOCK_STD: LazyLock<RwLock<HashMap<u64, u64, MixBuild>>> =
    LazyLock::new(|| {
        let mut map = HashMap::with_capacity_and_hasher(CAPACITY, MixBuild);
        for key in 1..=KEYS {
            map.insert(key, key);
        }
        RwLock::new(map)
    });

// Long samples (500,000 operations) so that the threads of a multi-thread
// sample run at the same time rather than one after the other.

#[divan::bench(
    consts = READ_PERCENTS,
    threads = THREADS,
    sample_count = 20,
    sample_size = 500_000
)]
fn ours<const READS: u64>() {
    match next_op::<READS>() {
        (key, None) => {
            black_box(OURS.get(key));
        }
        (key, Some(value)) => {
            black_box(OURS.insert(key, value).unwrap());
        }
    }
}

#[divan::bench(
    consts = READ_PERCENTS,
    threads = THREADS,
    sample_count = 20,
    sample_size = 500_000
)]
fn dashmap<const READS: u64>() {
    match next_op::<READS>() {
        (key, None) => {
            black_box(DASHMAP.get(&key).map(|entry| *entry));
        }
        (key, Some(value)) => {
            black_box(DASHMAP.insert(key, value));
        }
    }
}

#[divan::bench(
    consts = READ_PERCENTS,
    threads = THREADS,
    sample_count = 20,
    sample_size = 500_000
)]
fn papaya<const READS: u64>() {
    let map = PAPAYA.pin();
    match next_op::<READS>() {
        (key, None) => {
            black_box(map.get(&key).copied());
        }
        (key, Some(value)) => {
            black_box(map.insert(key, value).copied());
        }
    }
}

#[divan::bench(
    consts = READ_PERCENTS,
    threads = THREADS,
    sample_count = 20,
    sample_size = 500_000
)]
fn rwlock_std<const READS: u64>() {
    match next_op::<READS>() {
        (key, None) => {
            black_box(RWLOCK_STD.read().unwrap().get(&key).copied());
        }
        (key, Some(value)) => {
            black_box(RWLOCK_STD.write().unwrap().insert(key, value));
        }
    }
}
