/work/main/code/introduction/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/introduction-e4529b9a73a910f5.d: /work/main/code/introduction/src/lib.rs

/work/main/code/introduction/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libintroduction-e4529b9a73a910f5.rmeta: /work/main/code/introduction/src/lib.rs

/work/main/code/introduction/src/lib.rs:
