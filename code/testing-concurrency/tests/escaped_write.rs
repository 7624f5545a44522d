//! The spin cell's write after unlock, which loom cannot see.
//!
//! Not run by `cargo test`: it is a data race, undefined behaviour, so a
//! normal build could do anything (on x86-64 it mostly loses an update
//! now and then). The miri stage (`cargo xtask test --only miri`) runs it
//! under Miri and compares Miri's report with the committed
//! `tests/escaped_write.miri.stderr`, which the chapter's page shows.
//! After a nightly update, regenerate it with `MIRI_OVERWRITE=1 cargo
//! xtask test --only miri` and read the diff before committing it.

use std::thread;
use testing_concurrency::spin_cell::SpinCell;

// ANCHOR: test
#[test]
#[ignore = "undefined behaviour on purpose: the miri stage runs it"]
fn a_write_after_unlock_races_with_the_next_holder() {
    let counter = SpinCell::new(0_u64);
    thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                for _ in 0..10 {
                    counter.update_escaping(|count| count + 1);
                }
            });
        }
    });
    println!("{}", counter.get());
}
// ANCHOR_END: test
