/work/main/code/shared-state/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/shared_state_tests-8704da0c66452221.d: main.rs

/work/main/code/shared-state/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libshared_state_tests-8704da0c66452221.rmeta: main.rs

main.rs:
