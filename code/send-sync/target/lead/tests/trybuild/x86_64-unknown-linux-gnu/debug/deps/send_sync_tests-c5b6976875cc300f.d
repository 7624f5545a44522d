/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/send_sync_tests-c5b6976875cc300f.d: main.rs

/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libsend_sync_tests-c5b6976875cc300f.rmeta: main.rs

main.rs:
