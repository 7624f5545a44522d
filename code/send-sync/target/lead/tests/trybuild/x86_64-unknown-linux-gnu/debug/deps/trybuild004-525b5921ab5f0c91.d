/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/trybuild004-525b5921ab5f0c91.d: /work/main/code/send-sync/compile_fail/mutex_guard_to_thread.rs

/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libtrybuild004-525b5921ab5f0c91.rmeta: /work/main/code/send-sync/compile_fail/mutex_guard_to_thread.rs

/work/main/code/send-sync/compile_fail/mutex_guard_to_thread.rs:
