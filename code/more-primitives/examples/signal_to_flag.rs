//! Turning a Unix signal into an event the main loop can check.
//!
//! The action that `signal_hook::flag::register` registers is one store of
//! `true` into an `AtomicBool`. signal-hook's handler, which runs it, does
//! only async-signal-safe things around it (it saves and restores `errno`,
//! reads its table of actions without a lock, and calls any handler that
//! was installed before it). The main loop polls the flag between units of
//! work and shuts down cleanly. To
//! finish by itself, the program sends SIGUSR1 to itself after a few units;
//! press Ctrl-C during a run to see SIGINT take the same path.
//!
//! Needs the `signal-hook` crate, so it runs with `cargo run` (the
//! Playground may not offer that crate), and only on Unix.

#[cfg(unix)]
// ANCHOR: main
fn main() -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGUSR1};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    let stop_requested = Arc::new(AtomicBool::new(false));
    // The action, run by signal-hook's handler on whichever thread the
    // kernel interrupts, only stores to the flag: no lock, no allocation,
    // no printing.
    signal_hook::flag::register(SIGINT, Arc::clone(&stop_requested))?;
    signal_hook::flag::register(SIGUSR1, Arc::clone(&stop_requested))?;

    let mut batches_done = 0;
    while !stop_requested.load(Ordering::Relaxed) {
        // One unit of work; here, just counting.
        batches_done += 1;
        println!("processed batch {batches_done}");
        if batches_done == 3 {
            println!("sending SIGUSR1 to ourselves");
            signal_hook::low_level::raise(SIGUSR1)?;
        }
    }
    // Back in ordinary code: locks, allocation and I/O are fine again.
    println!(
        "stop requested after {batches_done} batches; flushing and exiting"
    );
    Ok(())
}
// ANCHOR_END: main

#[cfg(not(unix))]
fn main() {
    println!(
        "This example uses Unix signals; it does nothing on this platform."
    );
}
