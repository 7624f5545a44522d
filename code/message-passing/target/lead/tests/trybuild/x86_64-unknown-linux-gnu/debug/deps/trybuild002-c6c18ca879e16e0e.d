/work/main/code/message-passing/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/trybuild002-c6c18ca879e16e0e.d: /work/main/code/message-passing/compile_fail/use_after_send.rs

/work/main/code/message-passing/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libtrybuild002-c6c18ca879e16e0e.rmeta: /work/main/code/message-passing/compile_fail/use_after_send.rs

/work/main/code/message-passing/compile_fail/use_after_send.rs:
