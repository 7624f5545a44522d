/work/main/code/building-channels/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/trybuild001-7cd08ef8b4fbf1a6.d: /work/main/code/building-channels/compile_fail/receiver_to_another_thread.rs

/work/main/code/building-channels/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libtrybuild001-7cd08ef8b4fbf1a6.rmeta: /work/main/code/building-channels/compile_fail/receiver_to_another_thread.rs

/work/main/code/building-channels/compile_fail/receiver_to_another_thread.rs:
