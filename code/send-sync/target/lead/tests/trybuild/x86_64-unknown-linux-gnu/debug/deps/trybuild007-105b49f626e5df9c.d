/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/trybuild007-105b49f626e5df9c.d: /work/main/code/send-sync/compile_fail/rc_across_threads.rs

/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libtrybuild007-105b49f626e5df9c.rmeta: /work/main/code/send-sync/compile_fail/rc_across_threads.rs

/work/main/code/send-sync/compile_fail/rc_across_threads.rs:
