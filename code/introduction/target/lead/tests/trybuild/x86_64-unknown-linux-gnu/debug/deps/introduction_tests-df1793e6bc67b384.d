/work/main/code/introduction/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/introduction_tests-df1793e6bc67b384.d: main.rs

/work/main/code/introduction/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libintroduction_tests-df1793e6bc67b384.rmeta: main.rs

main.rs:
