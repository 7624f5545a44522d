/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/trybuild008-e904bc8ec5a8ec50.d: /work/main/code/send-sync/compile_fail/refcell_in_scoped_threads.rs

/work/main/code/send-sync/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libtrybuild008-e904bc8ec5a8ec50.rmeta: /work/main/code/send-sync/compile_fail/refcell_in_scoped_threads.rs

/work/main/code/send-sync/compile_fail/refcell_in_scoped_threads.rs:
