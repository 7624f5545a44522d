/work/main/code/spin-lock/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/trybuild000-6428288765046701.d: /work/main/code/spin-lock/compile_fail/guard_of_cell_shared.rs

/work/main/code/spin-lock/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libtrybuild000-6428288765046701.rmeta: /work/main/code/spin-lock/compile_fail/guard_of_cell_shared.rs

/work/main/code/spin-lock/compile_fail/guard_of_cell_shared.rs:
