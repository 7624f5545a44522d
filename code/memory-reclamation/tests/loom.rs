//! Loom models of hazard pointers and of epoch-based reclamation. Loom runs
//! each model under every interleaving of its threads (up to the preemption
//! bound) and checks every access to a loom `UnsafeCell` against
//! happens-before. Run with `cargo xtask loom memory-reclamation` (release
//! mode, `--cfg loom`, `LOOM_MAX_PREEMPTIONS=3`, builds in `target/loom`).
#![cfg(loom)]

#[path = "loom/epoch.rs"]
mod epoch;
#[path = "loom/hazard.rs"]
mod hazard;
