//! Loom models of the chapter's structures. Loom runs each model under
//! every interleaving of its threads (up to the preemption bound) and
//! checks every access to a loom `UnsafeCell` against happens-before. Run
//! with `cargo xtask loom lock-free-structures` (release mode, `--cfg
//! loom`, `LOOM_MAX_PREEMPTIONS=3`, builds in `target/loom`).
#![cfg(loom)]

#[path = "loom/map.rs"]
mod map;
#[path = "loom/map_grow.rs"]
mod map_grow;
#[path = "loom/mpmc.rs"]
mod mpmc;
#[path = "loom/ms_queue.rs"]
mod ms_queue;
#[path = "loom/spsc_step1.rs"]
mod spsc_step1;
