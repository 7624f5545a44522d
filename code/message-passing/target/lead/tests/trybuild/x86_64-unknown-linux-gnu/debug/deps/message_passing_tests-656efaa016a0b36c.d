/work/main/code/message-passing/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/message_passing_tests-656efaa016a0b36c.d: main.rs

/work/main/code/message-passing/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libmessage_passing_tests-656efaa016a0b36c.rmeta: main.rs

main.rs:
