/work/main/code/spin-lock/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/trybuild001-9fba361e13afbe0f.d: /work/main/code/spin-lock/compile_fail/guard_outlives_lock.rs

/work/main/code/spin-lock/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libtrybuild001-9fba361e13afbe0f.rmeta: /work/main/code/spin-lock/compile_fail/guard_outlives_lock.rs

/work/main/code/spin-lock/compile_fail/guard_outlives_lock.rs:
