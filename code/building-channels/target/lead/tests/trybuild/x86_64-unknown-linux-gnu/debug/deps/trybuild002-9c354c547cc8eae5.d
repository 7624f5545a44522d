/work/main/code/building-channels/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/trybuild002-9c354c547cc8eae5.d: /work/main/code/building-channels/compile_fail/send_twice.rs

/work/main/code/building-channels/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libtrybuild002-9c354c547cc8eae5.rmeta: /work/main/code/building-channels/compile_fail/send_twice.rs

/work/main/code/building-channels/compile_fail/send_twice.rs:
