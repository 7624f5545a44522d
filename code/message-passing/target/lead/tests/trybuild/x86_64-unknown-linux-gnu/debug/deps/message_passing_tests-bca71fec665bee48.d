/work/main/code/message-passing/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/message_passing_tests-bca71fec665bee48.d: main.rs

/work/main/code/message-passing/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libmessage_passing_tests-bca71fec665bee48.rmeta: main.rs

main.rs:
