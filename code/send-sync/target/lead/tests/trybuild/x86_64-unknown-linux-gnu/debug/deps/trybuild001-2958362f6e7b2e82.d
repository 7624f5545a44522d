/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/trybuild001-2958362f6e7b2e82.d: /work/main/code/send-sync/compile_fail/guard_across_await.rs

/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libtrybuild001-2958362f6e7b2e82.rmeta: /work/main/code/send-sync/compile_fail/guard_across_await.rs

/work/main/code/send-sync/compile_fail/guard_across_await.rs:
