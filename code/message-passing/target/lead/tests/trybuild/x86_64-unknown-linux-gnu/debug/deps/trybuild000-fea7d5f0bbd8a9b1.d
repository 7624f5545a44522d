/work/main/code/message-passing/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/trybuild000-fea7d5f0bbd8a9b1.d: /work/main/code/message-passing/compile_fail/clone_std_receiver.rs

/work/main/code/message-passing/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libtrybuild000-fea7d5f0bbd8a9b1.rmeta: /work/main/code/message-passing/compile_fail/clone_std_receiver.rs

/work/main/code/message-passing/compile_fail/clone_std_receiver.rs:
