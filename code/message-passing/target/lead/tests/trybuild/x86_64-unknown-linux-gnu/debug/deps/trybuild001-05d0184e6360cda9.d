/work/main/code/message-passing/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/trybuild001-05d0184e6360cda9.d: /work/main/code/message-passing/compile_fail/rc_through_channel.rs

/work/main/code/message-passing/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libtrybuild001-05d0184e6360cda9.rmeta: /work/main/code/message-passing/compile_fail/rc_through_channel.rs

/work/main/code/message-passing/compile_fail/rc_through_channel.rs:
