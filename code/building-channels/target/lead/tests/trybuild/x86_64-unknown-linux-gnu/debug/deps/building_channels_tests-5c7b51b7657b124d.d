/work/main/code/building-channels/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/building_channels_tests-5c7b51b7657b124d.d: main.rs

/work/main/code/building-channels/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libbuilding_channels_tests-5c7b51b7657b124d.rmeta: main.rs

main.rs:
