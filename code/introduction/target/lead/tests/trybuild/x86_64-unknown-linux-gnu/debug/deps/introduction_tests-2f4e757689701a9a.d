/work/main/code/introduction/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/introduction_tests-2f4e757689701a9a.d: main.rs

/work/main/code/introduction/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libintroduction_tests-2f4e757689701a9a.rmeta: main.rs

main.rs:
