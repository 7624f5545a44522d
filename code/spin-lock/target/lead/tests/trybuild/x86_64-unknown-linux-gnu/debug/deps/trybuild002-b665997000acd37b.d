/work/main/code/spin-lock/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/trybuild002-b665997000acd37b.d: /work/main/code/spin-lock/compile_fail/rc_in_spin_lock.rs

/work/main/code/spin-lock/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libtrybuild002-b665997000acd37b.rmeta: /work/main/code/spin-lock/compile_fail/rc_in_spin_lock.rs

/work/main/code/spin-lock/compile_fail/rc_in_spin_lock.rs:
