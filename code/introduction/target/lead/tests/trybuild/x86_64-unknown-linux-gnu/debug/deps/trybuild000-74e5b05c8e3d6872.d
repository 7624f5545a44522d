/work/main/code/introduction/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/trybuild000-74e5b05c8e3d6872.d: /work/main/code/introduction/compile_fail/shared_counter.rs

/work/main/code/introduction/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libtrybuild000-74e5b05c8e3d6872.rmeta: /work/main/code/introduction/compile_fail/shared_counter.rs

/work/main/code/introduction/compile_fail/shared_counter.rs:
