/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/send_sync-885e5845359e5af5.d: /work/main/code/send-sync/src/lib.rs /work/main/code/send-sync/src/sync.rs /work/main/code/send-sync/src/../exercise/hit_counter.rs /work/main/code/send-sync/src/../exercise/starter.rs

/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libsend_sync-885e5845359e5af5.rmeta: /work/main/code/send-sync/src/lib.rs /work/main/code/send-sync/src/sync.rs /work/main/code/send-sync/src/../exercise/hit_counter.rs /work/main/code/send-sync/src/../exercise/starter.rs

/work/main/code/send-sync/src/lib.rs:
/work/main/code/send-sync/src/sync.rs:
/work/main/code/send-sync/src/../exercise/hit_counter.rs:
/work/main/code/send-sync/src/../exercise/starter.rs:
