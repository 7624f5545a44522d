/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/send_sync-dde77721ddf7de4c.d: /work/main/code/send-sync/src/lib.rs /work/main/code/send-sync/src/sync.rs /work/main/code/send-sync/src/../exercise/hit_counter.rs /work/main/code/send-sync/src/../exercise/starter.rs

/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libsend_sync-dde77721ddf7de4c.rmeta: /work/main/code/send-sync/src/lib.rs /work/main/code/send-sync/src/sync.rs /work/main/code/send-sync/src/../exercise/hit_counter.rs /work/main/code/send-sync/src/../exercise/starter.rs

/work/main/code/send-sync/src/lib.rs:
/work/main/code/send-sync/src/sync.rs:
/work/main/code/send-sync/src/../exercise/hit_counter.rs:
/work/main/code/send-sync/src/../exercise/starter.rs:
