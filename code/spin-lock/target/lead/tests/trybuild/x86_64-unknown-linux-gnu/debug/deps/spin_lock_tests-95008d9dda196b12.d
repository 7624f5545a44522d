/work/main/code/spin-lock/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/spin_lock_tests-95008d9dda196b12.d: main.rs

/work/main/code/spin-lock/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libspin_lock_tests-95008d9dda196b12.rmeta: main.rs

main.rs:
