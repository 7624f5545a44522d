/work/main/code/shared-state/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/shared_state-5744fada59188311.d: /work/main/code/shared-state/src/lib.rs /work/main/code/shared-state/src/sync.rs /work/main/code/shared-state/src/../exercise/table.rs /work/main/code/shared-state/src/../exercise/starter.rs

/work/main/code/shared-state/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libshared_state-5744fada59188311.rmeta: /work/main/code/shared-state/src/lib.rs /work/main/code/shared-state/src/sync.rs /work/main/code/shared-state/src/../exercise/table.rs /work/main/code/shared-state/src/../exercise/starter.rs

/work/main/code/shared-state/src/lib.rs:
/work/main/code/shared-state/src/sync.rs:
/work/main/code/shared-state/src/../exercise/table.rs:
/work/main/code/shared-state/src/../exercise/starter.rs:
