/work/main/code/shared-state/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/trybuild000-eed109cb01826add.d: /work/main/code/shared-state/compile_fail/arc_mutate.rs

/work/main/code/shared-state/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libtrybuild000-eed109cb01826add.rmeta: /work/main/code/shared-state/compile_fail/arc_mutate.rs

/work/main/code/shared-state/compile_fail/arc_mutate.rs:
