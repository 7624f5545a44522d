/work/main/code/building-channels/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/building_channels-517ccdd3e13d9d4a.d: /work/main/code/building-channels/src/lib.rs /work/main/code/building-channels/src/sync.rs /work/main/code/building-channels/src/step1_mutex_queue.rs /work/main/code/building-channels/src/step2_unsafe_oneshot.rs /work/main/code/building-channels/src/step3_state.rs /work/main/code/building-channels/src/step4_arc_halves.rs /work/main/code/building-channels/src/step5_borrowed.rs /work/main/code/building-channels/src/step6_park.rs /work/main/code/building-channels/src/../exercise/disconnected.rs /work/main/code/building-channels/src/../exercise/starter.rs

/work/main/code/building-channels/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libbuilding_channels-517ccdd3e13d9d4a.rmeta: /work/main/code/building-channels/src/lib.rs /work/main/code/building-channels/src/sync.rs /work/main/code/building-channels/src/step1_mutex_queue.rs /work/main/code/building-channels/src/step2_unsafe_oneshot.rs /work/main/code/building-channels/src/step3_state.rs /work/main/code/building-channels/src/step4_arc_halves.rs /work/main/code/building-channels/src/step5_borrowed.rs /work/main/code/building-channels/src/step6_park.rs /work/main/code/building-channels/src/../exercise/disconnected.rs /work/main/code/building-channels/src/../exercise/starter.rs

/work/main/code/building-channels/src/lib.rs:
/work/main/code/building-channels/src/sync.rs:
/work/main/code/building-channels/src/step1_mutex_queue.rs:
/work/main/code/building-channels/src/step2_unsafe_oneshot.rs:
/work/main/code/building-channels/src/step3_state.rs:
/work/main/code/building-channels/src/step4_arc_halves.rs:
/work/main/code/building-channels/src/step5_borrowed.rs:
/work/main/code/building-channels/src/step6_park.rs:
/work/main/code/building-channels/src/../exercise/disconnected.rs:
/work/main/code/building-channels/src/../exercise/starter.rs:
