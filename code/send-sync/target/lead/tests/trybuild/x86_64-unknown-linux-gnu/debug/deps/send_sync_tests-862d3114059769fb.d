/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/send_sync_tests-862d3114059769fb.d: main.rs

/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libsend_sync_tests-862d3114059769fb.rmeta: main.rs

main.rs:
