/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/trybuild006-6f65ca22efdc0183.d: /work/main/code/send-sync/compile_fail/raw_pointer_to_thread.rs

/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libtrybuild006-6f65ca22efdc0183.rmeta: /work/main/code/send-sync/compile_fail/raw_pointer_to_thread.rs

/work/main/code/send-sync/compile_fail/raw_pointer_to_thread.rs:
