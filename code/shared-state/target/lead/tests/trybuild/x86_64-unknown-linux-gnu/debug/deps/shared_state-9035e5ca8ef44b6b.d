/work/main/code/shared-state/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/shared_state-9035e5ca8ef44b6b.d: /work/main/code/shared-state/src/lib.rs /work/main/code/shared-state/src/sync.rs /work/main/code/shared-state/src/../exercise/table.rs /work/main/code/shared-state/src/../exercise/starter.rs

/work/main/code/shared-state/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libshared_state-9035e5ca8ef44b6b.rmeta: /work/main/code/shared-state/src/lib.rs /work/main/code/shared-state/src/sync.rs /work/main/code/shared-state/src/../exercise/table.rs /work/main/code/shared-state/src/../exercise/starter.rs

/work/main/code/shared-state/src/lib.rs:
/work/main/code/shared-state/src/sync.rs:
/work/main/code/shared-state/src/../exercise/table.rs:
/work/main/code/shared-state/src/../exercise/starter.rs:
