/work/main/code/introduction/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/introduction-48e9294b7ceb0078.d: /work/main/code/introduction/src/lib.rs

/work/main/code/introduction/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libintroduction-48e9294b7ceb0078.rmeta: /work/main/code/introduction/src/lib.rs

/work/main/code/introduction/src/lib.rs:
