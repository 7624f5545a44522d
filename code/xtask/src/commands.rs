//! `cargo xtask loom <chapter>` and `cargo xtask miri <chapter>`: the loom
//! models and Miri on one chapter, on the chapter's own code or, with
//! `--exercise`, on the learner's `exercise/starter.rs` (`--solution`: on
//! `exercise/solution.rs`). The loom and miri stages build the same commands
//! with the same target directories, so a learner's runs and the stages
//! reuse each other's builds.

use std::ffi::OsString;
use std::fs;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

use crate::pages;
use crate::util;

/// What to run the tool on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub krate: String,
    /// The exercise's tests (`--test exercise`) instead of the chapter's.
    pub exercise: bool,
    /// The exercise's solution instead of the starter (`--features solution`).
    pub solution: bool,
    /// Arguments for the test binary (after `--`).
    pub test_args: Vec<String>,
}

/// Which tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Loom,
    Miri,
}

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::Loom => "loom",
            Tool::Miri => "miri",
        }
    }
}

/// Where loom builds go: `target/loom` (or `$CARGO_TARGET_DIR/loom`), so the
/// `--cfg loom` build does not evict the ordinary one.
pub fn loom_target_dir() -> PathBuf {
    util::target_dir().join("loom")
}

/// Where Miri builds go.
pub fn miri_target_dir() -> PathBuf {
    util::target_dir().join("miri")
}

/// `RUSTFLAGS` with `--cfg loom` appended to what the caller already has.
pub fn loom_rustflags(existing: Option<&str>) -> String {
    match existing.map(str::trim) {
        Some(flags) if !flags.is_empty() => format!("{flags} --cfg loom"),
        _ => "--cfg loom".to_string(),
    }
}

/// The `cargo test` arguments both tools share, after `test`.
fn test_args(target: &Target, tool: Tool) -> Vec<String> {
    let mut args = vec!["-p".to_string(), target.krate.clone()];
    if tool == Tool::Loom {
        // Loom explores many interleavings: an unoptimised build is too slow.
        args.push("--release".into());
    }
    if target.exercise {
        args.extend(["--test".into(), "exercise".into()]);
        if target.solution {
            args.extend(["--features".into(), "solution".into()]);
        }
    } else if tool == Tool::Loom {
        // Loom: the chapter's models live in tests/loom.rs.
        args.extend(["--test".into(), "loom".into()]);
    }
    if !target.test_args.is_empty() {
        args.push("--".into());
        args.extend(target.test_args.iter().cloned());
    }
    args
}

/// The loom run: `RUSTFLAGS="--cfg loom"` (appended), `LOOM_MAX_PREEMPTIONS=3`
/// unless set, release mode, `--test loom` or `--test exercise`.
/// `LOOM_LOG` and `LOOM_LOCATION` pass through from the environment.
pub fn loom_command(target: &Target) -> Command {
    let mut cmd = util::cargo();
    cmd.arg("test").args(test_args(target, Tool::Loom));
    let existing = std::env::var("RUSTFLAGS").ok();
    cmd.env("RUSTFLAGS", loom_rustflags(existing.as_deref()));
    // CARGO_ENCODED_RUSTFLAGS wins over RUSTFLAGS: extend it too if set.
    if let Some(encoded) = std::env::var_os("CARGO_ENCODED_RUSTFLAGS")
        && !encoded.is_empty()
    {
        let mut flags = encoded;
        flags.push("\u{1f}--cfg\u{1f}loom");
        cmd.env("CARGO_ENCODED_RUSTFLAGS", flags);
    }
    if std::env::var_os("LOOM_MAX_PREEMPTIONS").is_none() {
        cmd.env("LOOM_MAX_PREEMPTIONS", "3");
    }
    cmd.env("CARGO_TARGET_DIR", loom_target_dir());
    cmd
}

/// The Miri run: `cargo +nightly miri test -p <crate>`, with
/// `--test exercise` (and `--features solution`) for the exercise.
/// `RUSTFLAGS` is cleared, as the miri stage does; `MIRIFLAGS` passes
/// through from the environment.
pub fn miri_command(target: &Target) -> Command {
    let mut cmd = Command::new("cargo");
    cmd.args(["+nightly", "miri", "test"])
        .args(test_args(target, Tool::Miri))
        .current_dir(util::root())
        .env("CARGO_TARGET_DIR", miri_target_dir())
        .env_remove("RUSTFLAGS");
    cmd
}

/// The run that shows a chapter's undefined behaviour on purpose: the
/// ignored tests of `tests/<test>.rs` under Miri, which must fail with the
/// report kept in `tests/<test>.miri.stderr`.
pub fn miri_report_command(krate: &str, test: &str) -> Command {
    let mut cmd = Command::new("cargo");
    cmd.args(["+nightly", "miri", "test", "-p", krate, "--test", test])
        .args(["--", "--ignored"])
        .current_dir(util::root())
        .env("CARGO_TARGET_DIR", miri_target_dir())
        .env_remove("RUSTFLAGS");
    cmd
}

/// Whether `cargo +nightly miri` works.
pub fn have_miri() -> bool {
    Command::new("cargo")
        .args(["+nightly", "miri", "--version"])
        .current_dir(util::root())
        .output()
        .is_ok_and(|o| o.status.success())
}

pub const MIRI_MISSING: &str = "Miri needs a nightly toolchain with the miri component: `rustup toolchain install nightly --component miri rust-src`";

/// Where shuttle builds go: `--cfg shuttle` builds another program.
pub fn shuttle_target_dir() -> PathBuf {
    util::target_dir().join("shuttle")
}

/// `tests/shuttle.rs` of `krate`: `RUSTFLAGS="--cfg shuttle"` (appended to
/// the caller's), release mode, as the loom run.
pub fn shuttle_command(krate: &str) -> Command {
    let mut cmd = util::cargo();
    cmd.args([
        "test",
        "--release",
        "--locked",
        "-p",
        krate,
        "--test",
        "shuttle",
    ]);
    let flags = match std::env::var("RUSTFLAGS").ok().as_deref().map(str::trim) {
        Some(flags) if !flags.is_empty() => format!("{flags} --cfg shuttle"),
        _ => "--cfg shuttle".to_string(),
    };
    cmd.env("RUSTFLAGS", flags)
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env("CARGO_TARGET_DIR", shuttle_target_dir());
    cmd
}

/// Where ThreadSanitizer builds go: a std rebuilt with the sanitizer and
/// crates built against it, kept apart from every other build.
pub fn tsan_target_dir() -> PathBuf {
    util::target_dir().join("tsan")
}

/// The hosts whose std rustc can rebuild with ThreadSanitizer and that the
/// stage runs on.
const TSAN_HOSTS: &[&str] = &["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"];

/// `tests/<test>.rs` of `krate` under ThreadSanitizer: `RUSTFLAGS=
/// "-Zsanitizer=thread" cargo +nightly test -Zbuild-std --target <host>`.
/// `-Zbuild-std` rebuilds std with the sanitizer too (from the nightly's
/// rust-src), so that std's atomics, locks and parker are instrumented and
/// their synchronisation is seen; `--target` keeps the flag away from build
/// scripts and proc macros. `RUSTFLAGS` is replaced, not extended: a
/// `--cfg loom` from the caller would build another program.
pub fn tsan_command(host: &str, krate: &str, test: &str, test_args: &[&str]) -> Command {
    let mut cmd = Command::new("cargo");
    cmd.args([
        "+nightly",
        "test",
        "--locked",
        "-Zbuild-std",
        "--target",
        host,
    ])
    .args(["-p", krate, "--test", test, "--"])
    .args(test_args)
    .current_dir(util::root())
    .env("CARGO_TARGET_DIR", tsan_target_dir())
    .env("RUSTFLAGS", "-Zsanitizer=thread")
    .env_remove("CARGO_ENCODED_RUSTFLAGS");
    cmd
}

/// The host triple of the nightly toolchain, if ThreadSanitizer can run on
/// it: a nightly with the rust-src component, on a host in [`TSAN_HOSTS`].
pub fn tsan_host() -> Result<String, String> {
    let ask = |args: &[&str]| -> Option<String> {
        let out = Command::new("rustc")
            .arg("+nightly")
            .args(args)
            .current_dir(util::root())
            .output()
            .ok()
            .filter(|o| o.status.success())?;
        Some(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let Some(version) = ask(&["-vV"]) else {
        return Err(TSAN_MISSING.to_string());
    };
    let host = version
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .unwrap_or_default()
        .trim()
        .to_string();
    if !TSAN_HOSTS.contains(&host.as_str()) {
        return Err(format!(
            "ThreadSanitizer runs here only on {}; this host is {host}",
            TSAN_HOSTS.join(", ")
        ));
    }
    let sysroot = ask(&["--print", "sysroot"]).unwrap_or_default();
    let library = PathBuf::from(sysroot.trim()).join("lib/rustlib/src/rust/library/Cargo.lock");
    if !library.exists() {
        return Err(TSAN_MISSING.to_string());
    }
    Ok(host)
}

pub const TSAN_MISSING: &str = "ThreadSanitizer needs a nightly toolchain with the rust-src component (-Zbuild-std rebuilds std with the sanitizer): `rustup toolchain install nightly --component rust-src`";

/// Reads `<crate> [--exercise] [--solution] [-- <test args>]`.
pub fn parse(tool: Tool, args: &[String]) -> Result<Target, String> {
    let mut krate: Option<String> = None;
    let mut exercise = false;
    let mut solution = false;
    let mut test_args = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--exercise" => exercise = true,
            "--solution" => solution = true,
            "--" => {
                test_args = rest.by_ref().cloned().collect();
            }
            option if option.starts_with('-') => {
                return Err(format!(
                    "unknown option `{option}` for {} (options: --exercise, --solution, -- <test args>)",
                    tool.name()
                ));
            }
            name => {
                if let Some(first) = &krate {
                    return Err(format!(
                        "{} takes one chapter, got `{first}` and `{name}`",
                        tool.name()
                    ));
                }
                krate = Some(name.to_string());
            }
        }
    }
    let Some(krate) = krate else {
        return Err(format!(
            "{} needs a chapter: `cargo xtask {} <chapter> [--exercise] [--solution]`",
            tool.name(),
            tool.name()
        ));
    };
    Ok(Target {
        krate,
        // `--solution` runs the exercise's solution: it implies --exercise.
        exercise: exercise || solution,
        solution,
        test_args,
    })
}

/// What a crate offers the tools, read from its files.
#[derive(Debug, Default)]
pub struct Offers {
    pub exists: bool,
    pub has_exercise: bool,
    pub has_loom_models: bool,
    /// `tests/exercise.rs` has `cfg(loom)` models.
    pub has_exercise_loom: bool,
}

fn offers(krate: &str) -> Offers {
    let known = pages::chapters().iter().any(|c| c == krate)
        || pages::SUPPORT_CRATES
            .iter()
            .any(|c| *c == krate && *c != "xtask");
    let dir = util::root().join("code").join(krate);
    Offers {
        exists: known && dir.join("Cargo.toml").exists(),
        has_exercise: dir.join("exercise/solution.rs").exists(),
        has_loom_models: dir.join("tests/loom.rs").exists(),
        has_exercise_loom: fs::read_to_string(dir.join("tests/exercise.rs"))
            .is_ok_and(|t| t.contains("cfg(loom)")),
    }
}

/// Why `target` cannot run under `tool`, if it cannot (exit status 2).
pub fn refuse(tool: Tool, target: &Target, offers: &Offers, chapters: &[String]) -> Option<String> {
    let krate = &target.krate;
    if !offers.exists {
        return Some(format!(
            "no chapter `{krate}`; the chapters are: {}",
            chapters.join(", ")
        ));
    }
    if target.exercise && !offers.has_exercise {
        return Some(format!(
            "{krate} has no exercise (no code/{krate}/exercise/solution.rs): run `cargo xtask {} {krate}` for the chapter's own code",
            tool.name()
        ));
    }
    if tool == Tool::Loom && target.exercise && !offers.has_exercise_loom {
        return Some(format!(
            "the exercise of {krate} has no loom models (code/{krate}/tests/exercise.rs has no `cfg(loom)` test): its tests run with `cargo test -p {krate} --test exercise`"
        ));
    }
    if tool == Tool::Loom && !target.exercise && !offers.has_loom_models {
        return Some(format!(
            "{krate} has no loom models (no code/{krate}/tests/loom.rs)"
        ));
    }
    None
}

/// The command as a reader would type it, with the variables it sets.
fn describe(cmd: &Command) -> String {
    let mut text = String::new();
    for (key, value) in cmd.get_envs() {
        if let Some(value) = value {
            let value = value.to_string_lossy();
            let value = value
                .strip_prefix(&format!("{}/", util::root().display()))
                .unwrap_or(&value)
                .to_string();
            if value.contains(' ') {
                text.push_str(&format!("{}=\"{value}\" ", key.to_string_lossy()));
            } else {
                text.push_str(&format!("{}={value} ", key.to_string_lossy()));
            }
        }
    }
    let program: OsString = cmd.get_program().to_owned();
    let program = PathBuf::from(program);
    let name = program
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    text.push_str(&name);
    for arg in cmd.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// `cargo xtask loom ...` / `cargo xtask miri ...`.
pub fn main(tool: Tool, args: &[String], usage: &str) -> ExitCode {
    let target = match parse(tool, args) {
        Ok(target) => target,
        Err(message) => {
            eprintln!("xtask: {message}\n\n{usage}");
            return ExitCode::from(2);
        }
    };
    if let Some(message) = refuse(tool, &target, &offers(&target.krate), &pages::chapters()) {
        eprintln!("xtask: {message}");
        return ExitCode::from(2);
    }
    if tool == Tool::Miri && !have_miri() {
        eprintln!("xtask: {MIRI_MISSING}");
        return ExitCode::FAILURE;
    }
    let mut cmd = match tool {
        Tool::Loom => loom_command(&target),
        Tool::Miri => miri_command(&target),
    };
    eprintln!("xtask: {}", describe(&cmd));
    match cmd.status() {
        Ok(status) => match status.code() {
            Some(0) => ExitCode::SUCCESS,
            Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
            None => {
                eprintln!("xtask: the test run ended by {status}");
                ExitCode::FAILURE
            }
        },
        Err(err) => {
            eprintln!("xtask: could not start `{}`: {err}", describe(&cmd));
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(String::from).collect()
    }

    fn target(krate: &str, exercise: bool, solution: bool) -> Target {
        Target {
            krate: krate.into(),
            exercise,
            solution,
            test_args: Vec::new(),
        }
    }

    #[test]
    fn arguments_are_read() {
        assert_eq!(
            parse(Tool::Loom, &args("spin-lock")),
            Ok(target("spin-lock", false, false))
        );
        assert_eq!(
            parse(Tool::Loom, &args("--exercise spin-lock")),
            Ok(target("spin-lock", true, false))
        );
        assert_eq!(
            parse(Tool::Miri, &args("spin-lock --solution")),
            Ok(target("spin-lock", true, true)),
            "--solution implies --exercise"
        );
        let with_args = parse(
            Tool::Loom,
            &args("spin-lock --exercise -- --nocapture exact"),
        );
        assert_eq!(
            with_args.map(|t| t.test_args),
            Ok(args("--nocapture exact"))
        );
        for bad in ["", "--exercise", "spin-lock --fast", "spin-lock atomics"] {
            assert!(parse(Tool::Loom, &args(bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn flags_are_appended() {
        assert_eq!(loom_rustflags(None), "--cfg loom");
        assert_eq!(loom_rustflags(Some("")), "--cfg loom");
        assert_eq!(
            loom_rustflags(Some("-C target-cpu=native")),
            "-C target-cpu=native --cfg loom"
        );
    }

    fn shown(cmd: &Command) -> Vec<String> {
        cmd.get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn commands_select_the_right_tests() {
        assert_eq!(
            shown(&loom_command(&target("spin-lock", false, false))),
            args("test -p spin-lock --release --test loom")
        );
        assert_eq!(
            shown(&loom_command(&target("spin-lock", true, false))),
            args("test -p spin-lock --release --test exercise")
        );
        let mut solution = target("spin-lock", true, true);
        solution.test_args = args("--nocapture");
        assert_eq!(
            shown(&loom_command(&solution)),
            args("test -p spin-lock --release --test exercise --features solution -- --nocapture")
        );
        let loom = loom_command(&target("spin-lock", false, false));
        let env: Vec<(String, Option<String>)> = loom
            .get_envs()
            .map(|(k, v)| {
                (
                    k.to_string_lossy().into_owned(),
                    v.map(|v| v.to_string_lossy().into_owned()),
                )
            })
            .collect();
        assert!(
            env.iter().any(|(k, v)| k == "RUSTFLAGS"
                && v.as_deref().is_some_and(|v| v.ends_with("--cfg loom")))
        );
        assert!(
            env.iter().any(|(k, v)| k == "CARGO_TARGET_DIR"
                && v.as_deref().is_some_and(|v| v.ends_with("loom")))
        );
        assert!(
            !env.iter()
                .any(|(k, _)| k.starts_with("LOOM_LOG") || k == "LOOM_LOCATION")
        );
        assert_eq!(
            shown(&miri_command(&target("send-sync", false, false))),
            args("+nightly miri test -p send-sync")
        );
        assert_eq!(
            shown(&miri_command(&target("send-sync", true, true))),
            args("+nightly miri test -p send-sync --test exercise --features solution")
        );
    }

    #[test]
    fn the_shuttle_command_builds_with_its_cfg_apart() {
        let cmd = shuttle_command("testing-concurrency");
        assert_eq!(
            shown(&cmd),
            args("test --release --locked -p testing-concurrency --test shuttle")
        );
        assert!(cmd.get_envs().any(|(k, v)| k == "RUSTFLAGS"
            && v.is_some_and(|v| v.to_string_lossy().ends_with("--cfg shuttle"))));
        assert!(cmd.get_envs().any(|(k, v)| k == "CARGO_TARGET_DIR"
            && v.is_some_and(|v| v.to_string_lossy().ends_with("shuttle"))));
    }

    #[test]
    fn the_tsan_command_rebuilds_std_with_the_sanitizer() {
        let cmd = tsan_command(
            "x86_64-unknown-linux-gnu",
            "testing-concurrency",
            "tsan",
            &["--ignored"],
        );
        assert_eq!(
            shown(&cmd),
            args(
                "+nightly test --locked -Zbuild-std --target x86_64-unknown-linux-gnu -p testing-concurrency --test tsan -- --ignored"
            )
        );
        let env: Vec<(String, Option<String>)> = cmd
            .get_envs()
            .map(|(k, v)| {
                (
                    k.to_string_lossy().into_owned(),
                    v.map(|v| v.to_string_lossy().into_owned()),
                )
            })
            .collect();
        assert!(env.contains(&("RUSTFLAGS".into(), Some("-Zsanitizer=thread".into()))));
        assert!(env.contains(&("CARGO_ENCODED_RUSTFLAGS".into(), None)));
        assert!(
            env.iter().any(|(k, v)| k == "CARGO_TARGET_DIR"
                && v.as_deref().is_some_and(|v| v.ends_with("tsan")))
        );
    }

    #[test]
    fn refusals_name_the_problem() {
        let chapters = args("atomics spin-lock");
        let all = Offers {
            exists: true,
            has_exercise: true,
            has_loom_models: true,
            has_exercise_loom: true,
        };
        assert_eq!(
            refuse(
                Tool::Loom,
                &target("spin-lock", true, false),
                &all,
                &chapters
            ),
            None
        );
        let unknown = refuse(
            Tool::Loom,
            &target("spinlock", false, false),
            &Offers::default(),
            &chapters,
        );
        assert!(
            unknown.is_some_and(|m| m.contains("`spinlock`") && m.contains("atomics, spin-lock"))
        );
        let no_exercise = Offers {
            has_exercise: false,
            ..all
        };
        let message = refuse(
            Tool::Miri,
            &target("spin-lock", true, false),
            &no_exercise,
            &chapters,
        );
        assert!(message.is_some_and(|m| m.contains("has no exercise")));
        let no_exercise_loom = Offers {
            exists: true,
            has_exercise: true,
            has_loom_models: true,
            has_exercise_loom: false,
        };
        let message = refuse(
            Tool::Loom,
            &target("spin-lock", true, false),
            &no_exercise_loom,
            &chapters,
        );
        assert!(message.is_some_and(|m| m.contains("no loom models")));
        assert_eq!(
            refuse(
                Tool::Miri,
                &target("spin-lock", true, false),
                &no_exercise_loom,
                &chapters
            ),
            None,
            "Miri runs an exercise without loom models"
        );
        let no_models = Offers {
            exists: true,
            has_exercise: false,
            has_loom_models: false,
            has_exercise_loom: false,
        };
        let message = refuse(
            Tool::Loom,
            &target("threads", false, false),
            &no_models,
            &chapters,
        );
        assert!(message.is_some_and(|m| m.contains("no code/threads/tests/loom.rs")));
    }
}
