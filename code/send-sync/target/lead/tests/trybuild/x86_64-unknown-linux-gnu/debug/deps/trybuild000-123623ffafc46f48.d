/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/trybuild000-123623ffafc46f48.d: /work/main/code/send-sync/compile_fail/error_not_send.rs

/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libtrybuild000-123623ffafc46f48.rmeta: /work/main/code/send-sync/compile_fail/error_not_send.rs

/work/main/code/send-sync/compile_fail/error_not_send.rs:
