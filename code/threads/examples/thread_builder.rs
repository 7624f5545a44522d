//! `thread::Builder`: a name, a stack size, and an `io::Result` instead of a
//! panic when the operating system refuses to create the thread.
use std::thread;

// ANCHOR: configure
fn configured() {
    // An estimate of how many threads can run at once: the CPUs this
    // process may use, which can be fewer than the machine has.
    match thread::available_parallelism() {
        Ok(cores) => println!("available parallelism: {cores}"),
        Err(error) => println!("available parallelism unknown: {error}"),
    }
    let main_thread = thread::current();
    println!(
        "running on {:?} ({:?})",
        main_thread.name(),
        main_thread.id()
    );

    let indexer = thread::Builder::new()
        .name("indexer".to_string())
        .stack_size(256 * 1024) // 256 KiB instead of the default 2 MiB
        .spawn(|| {
            let me = thread::current();
            println!("running on {:?} ({:?})", me.name(), me.id());
            (1..=10_000u64).filter(|n| n % 7 == 0).count()
        })
        .expect("the OS could not create the indexer thread");
    println!("indexer found {} multiples of 7", indexer.join().unwrap());
}
// ANCHOR_END: configure

// ANCHOR: refused
fn refused() {
    // A stack far larger than any address space: on 64-bit targets
    // `usize::MAX / 4` bytes is 4 EiB, 32,768 times the 128 TiB of
    // user address space x86-64 Linux has. (On a 32-bit target the same
    // expression is only 1 GiB, which might succeed.) The OS refuses, and
    // `Builder::spawn` reports it as an `Err`, where `thread::spawn` would
    // have panicked.
    let greedy = thread::Builder::new()
        .name("greedy".to_string())
        .stack_size(usize::MAX / 4)
        .spawn(|| println!("greedy: somehow running"));
    match greedy {
        Ok(handle) => handle.join().unwrap(),
        Err(error) => {
            println!("could not spawn greedy: {error} ({:?})", error.kind())
        }
    }
}
// ANCHOR_END: refused

fn main() {
    configured();
    refused();
}
