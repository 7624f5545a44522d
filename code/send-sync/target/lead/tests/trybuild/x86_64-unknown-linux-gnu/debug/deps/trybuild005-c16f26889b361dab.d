/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/trybuild005-c16f26889b361dab.d: /work/main/code/send-sync/compile_fail/phantom_not_send.rs

/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libtrybuild005-c16f26889b361dab.rmeta: /work/main/code/send-sync/compile_fail/phantom_not_send.rs

/work/main/code/send-sync/compile_fail/phantom_not_send.rs:
