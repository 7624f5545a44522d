/work/main/code/shared-state/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/trybuild001-fc95f3d540f15ee8.d: /work/main/code/shared-state/compile_fail/rc_mutex_to_thread.rs

/work/main/code/shared-state/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libtrybuild001-fc95f3d540f15ee8.rmeta: /work/main/code/shared-state/compile_fail/rc_mutex_to_thread.rs

/work/main/code/shared-state/compile_fail/rc_mutex_to_thread.rs:
