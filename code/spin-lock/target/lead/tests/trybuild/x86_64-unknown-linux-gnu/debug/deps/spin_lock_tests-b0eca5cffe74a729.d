/work/main/code/spin-lock/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/spin_lock_tests-b0eca5cffe74a729.d: main.rs

/work/main/code/spin-lock/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libspin_lock_tests-b0eca5cffe74a729.rmeta: main.rs

main.rs:
