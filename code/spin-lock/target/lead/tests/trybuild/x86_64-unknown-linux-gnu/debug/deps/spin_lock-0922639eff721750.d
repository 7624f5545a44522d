/work/main/code/spin-lock/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/spin_lock-0922639eff721750.d: /work/main/code/spin-lock/src/lib.rs /work/main/code/spin-lock/src/sync.rs /work/main/code/spin-lock/src/step1_flag.rs /work/main/code/spin-lock/src/step2_unsafe_cell.rs /work/main/code/spin-lock/src/step3_guard.rs /work/main/code/spin-lock/src/step4_ttas.rs /work/main/code/spin-lock/src/../exercise/ticket_lock.rs /work/main/code/spin-lock/src/../exercise/starter.rs

/work/main/code/spin-lock/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libspin_lock-0922639eff721750.rmeta: /work/main/code/spin-lock/src/lib.rs /work/main/code/spin-lock/src/sync.rs /work/main/code/spin-lock/src/step1_flag.rs /work/main/code/spin-lock/src/step2_unsafe_cell.rs /work/main/code/spin-lock/src/step3_guard.rs /work/main/code/spin-lock/src/step4_ttas.rs /work/main/code/spin-lock/src/../exercise/ticket_lock.rs /work/main/code/spin-lock/src/../exercise/starter.rs

/work/main/code/spin-lock/src/lib.rs:
/work/main/code/spin-lock/src/sync.rs:
/work/main/code/spin-lock/src/step1_flag.rs:
/work/main/code/spin-lock/src/step2_unsafe_cell.rs:
/work/main/code/spin-lock/src/step3_guard.rs:
/work/main/code/spin-lock/src/step4_ttas.rs:
/work/main/code/spin-lock/src/../exercise/ticket_lock.rs:
/work/main/code/spin-lock/src/../exercise/starter.rs:
