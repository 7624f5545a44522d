/work/main/code/building-channels/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/trybuild000-8c0f8e280a591bb0.d: /work/main/code/building-channels/compile_fail/channel_outlived.rs

/work/main/code/building-channels/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libtrybuild000-8c0f8e280a591bb0.rmeta: /work/main/code/building-channels/compile_fail/channel_outlived.rs

/work/main/code/building-channels/compile_fail/channel_outlived.rs:
