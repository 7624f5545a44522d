//! The watchdog on tests that pass, panic, abort and hang. Each behaviour is
//! an `#[ignore]`d fixture test below; the real tests run this test binary
//! again on one fixture and read what it reported.

use std::process::{Command, Output};
use std::time::Duration;
use test_support::watchdog;

const LIMIT: Duration = Duration::from_secs(2);

/// Runs one fixture test of this binary, as `cargo test -- --ignored` would.
fn run_fixture(name: &str) -> (Output, String) {
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            name,
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env_remove("HB_WATCHDOG_CHILD")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output, text)
}

#[test]
fn a_passing_test_passes() {
    let (output, text) = run_fixture("fixture_passes");
    assert!(output.status.success(), "{text}");
    assert!(text.contains("test result: ok. 1 passed"), "{text}");
}

#[test]
fn a_panic_is_reported_as_a_panic_with_its_message() {
    let (output, text) = run_fixture("fixture_panics");
    assert!(!output.status.success(), "{text}");
    assert!(text.contains("fixture_panics panicked"), "{text}");
    assert!(text.contains("it did not hang"), "{text}");
    assert!(text.contains("the stock went negative"), "{text}");
    assert!(!text.contains("did not finish"), "{text}");
}

#[test]
fn an_abort_is_reported_with_its_signal() {
    let (output, text) = run_fixture("fixture_aborts");
    assert!(!output.status.success(), "{text}");
    assert!(text.contains("SIGABRT"), "{text}");
    assert!(text.contains("it did not hang"), "{text}");
}

#[test]
fn a_hang_is_stopped_and_reported_as_a_hang() {
    let (output, text) = run_fixture("fixture_spins_forever");
    assert!(!output.status.success(), "{text}");
    assert!(
        text.contains("did not finish within 2s and was stopped"),
        "{text}"
    );
    assert!(
        text.contains("spinning now"),
        "the output so far is shown: {text}"
    );
}

#[test]
fn should_panic_still_matches_the_message() {
    let (output, text) = run_fixture("fixture_should_panic");
    assert!(output.status.success(), "{text}");
    assert!(text.contains("1 passed"), "{text}");
}

#[test]
fn a_body_on_another_thread_is_refused() {
    let refused = std::thread::spawn(|| watchdog(LIMIT, || {})).join();
    let message = *refused.unwrap_err().downcast::<String>().unwrap();
    assert!(
        message.contains("call it on the test's own thread"),
        "{message}"
    );
}

#[test]
#[ignore = "fixture, run by a_passing_test_passes"]
fn fixture_passes() {
    watchdog(LIMIT, || assert_eq!(2 + 2, 4));
}

#[test]
#[ignore = "fixture, run by a_panic_is_reported_as_a_panic_with_its_message"]
fn fixture_panics() {
    watchdog(LIMIT, || panic!("the stock went negative"));
}

#[test]
#[ignore = "fixture, run by an_abort_is_reported_with_its_signal"]
fn fixture_aborts() {
    /// Panics when dropped, so dropping it during unwinding aborts.
    struct PanicsOnDrop;
    impl Drop for PanicsOnDrop {
        fn drop(&mut self) {
            panic!("a second panic, in a destructor");
        }
    }
    watchdog(LIMIT, || {
        let _guard = PanicsOnDrop;
        panic!("the first panic");
    });
}

#[test]
#[ignore = "fixture, run by a_hang_is_stopped_and_reported_as_a_hang"]
fn fixture_spins_forever() {
    watchdog(LIMIT, || {
        println!("spinning now");
        let flag = std::sync::atomic::AtomicBool::new(false);
        while !flag.load(std::sync::atomic::Ordering::Relaxed) {
            std::hint::spin_loop();
        }
    });
}

#[test]
#[ignore = "fixture, run by should_panic_still_matches_the_message"]
#[should_panic(expected = "the queue is closed")]
fn fixture_should_panic() {
    watchdog(LIMIT, || panic!("the queue is closed"));
}
