/work/main/code/message-passing/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/message_passing-7e52259c287b3023.d: /work/main/code/message-passing/src/lib.rs /work/main/code/message-passing/src/../exercise/orders.rs /work/main/code/message-passing/src/../exercise/starter.rs

/work/main/code/message-passing/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libmessage_passing-7e52259c287b3023.rmeta: /work/main/code/message-passing/src/lib.rs /work/main/code/message-passing/src/../exercise/orders.rs /work/main/code/message-passing/src/../exercise/starter.rs

/work/main/code/message-passing/src/lib.rs:
/work/main/code/message-passing/src/../exercise/orders.rs:
/work/main/code/message-passing/src/../exercise/starter.rs:
