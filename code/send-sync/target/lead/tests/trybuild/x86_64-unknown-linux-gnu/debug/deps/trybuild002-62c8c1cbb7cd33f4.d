/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/trybuild002-62c8c1cbb7cd33f4.d: /work/main/code/send-sync/compile_fail/guard_dropped_before_await.rs

/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libtrybuild002-62c8c1cbb7cd33f4.rmeta: /work/main/code/send-sync/compile_fail/guard_dropped_before_await.rs

/work/main/code/send-sync/compile_fail/guard_dropped_before_await.rs:
