//! The naive stack's use-after-free, made to happen on one thread.
//!
//! Not run by `cargo test`: it is undefined behaviour, so a normal build
//! could do anything. The miri stage (`cargo xtask test --only miri`) runs
//! it under Miri and compares Miri's report with the committed
//! `tests/naive.miri.stderr`, which the chapter's page shows. After a
//! nightly update, regenerate the report with `MIRI_OVERWRITE=1 cargo xtask
//! test --only miri` and read the diff before committing it.

use memory_reclamation::naive::NaiveStack;

// ANCHOR: test
#[test]
#[ignore = "undefined behaviour on purpose: the miri stage runs it"]
fn a_pop_reads_a_node_another_pop_freed() {
    let stack = NaiveStack::new();
    stack.push("first order");
    stack.push("second order");
    let mut paused = false;
    let taken = stack.pop_with_pause(|| {
        if !paused {
            paused = true;
            // Another pop, run in the window after this pop loaded `head`
            // and before it reads `head.next`: it takes "second order"
            // off and frees its node.
            assert_eq!(stack.pop(), Some("second order"));
        }
    });
    // Not reached under Miri: it stops at the read of the freed node.
    println!("{taken:?}");
}
// ANCHOR_END: test
