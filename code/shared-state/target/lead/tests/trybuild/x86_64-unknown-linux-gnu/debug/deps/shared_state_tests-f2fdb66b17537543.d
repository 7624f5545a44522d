/work/main/code/shared-state/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/shared_state_tests-f2fdb66b17537543.d: main.rs

/work/main/code/shared-state/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libshared_state_tests-f2fdb66b17537543.rmeta: main.rs

main.rs:
