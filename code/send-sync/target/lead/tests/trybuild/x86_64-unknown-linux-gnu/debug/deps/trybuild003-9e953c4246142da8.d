/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/trybuild003-9e953c4246142da8.d: /work/main/code/send-sync/compile_fail/job_not_send.rs

/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libtrybuild003-9e953c4246142da8.rmeta: /work/main/code/send-sync/compile_fail/job_not_send.rs

/work/main/code/send-sync/compile_fail/job_not_send.rs:
