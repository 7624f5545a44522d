/work/main/code/building-channels/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/building_channels_tests-83ae9e4215133190.d: main.rs

/work/main/code/building-channels/target/lead/tests/trybuild/x86_64-unknown-linux-gnu/debug/deps/libbuilding_channels_tests-83ae9e4215133190.rmeta: main.rs

main.rs:
