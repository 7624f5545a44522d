//! `cargo xtask test`: every check CI runs, one line per stage.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::commands::{self, Target};
use crate::pages::chapters;
use crate::tools::{self, PY_LINTERS};
use crate::util::{self, Finished, cargo, rel, target_dir};
use crate::{book, pages, quiz};

/// How a stage ended.
pub enum Outcome {
    Pass(String),
    Fail(String),
    Skip(String),
}

impl From<Result<String, String>> for Outcome {
    fn from(result: Result<String, String>) -> Self {
        match result {
            Ok(text) => Outcome::Pass(text),
            Err(text) => Outcome::Fail(text),
        }
    }
}

pub struct Stage {
    pub name: &'static str,
    pub about: &'static str,
    run: fn() -> Outcome,
}

pub const STAGES: &[Stage] = &[
    Stage {
        name: "pages",
        about: "Rust blocks included from code/, includes and anchors resolve, no orphan pages, examples listed, pages at most 350 lines, listings captioned and at most 80 characters wide, trybuild placeholders explained",
        run: || pages::check().into(),
    },
    Stage {
        name: "quizzes",
        about: "quiz rules, study-question map, appendix up to date",
        run: || quiz::check().into(),
    },
    Stage {
        name: "fmt",
        about: "cargo fmt --check",
        run: fmt,
    },
    Stage {
        name: "clippy",
        about: "cargo clippy --all-targets -D warnings (starters and solutions too)",
        run: clippy,
    },
    Stage {
        name: "test",
        about: "cargo test --workspace (unit, integration, doc and compile-error tests)",
        run: test,
    },
    Stage {
        name: "examples",
        about: "every example program runs and exits 0 within its time limit; one that reads arguments answers --help and rejects a bad flag",
        run: examples,
    },
    Stage {
        name: "exercises",
        about: "solutions pass their exercise tests; starters fail them test by test",
        run: exercises,
    },
    Stage {
        name: "loom",
        about: "loom models under --cfg loom, release, LOOM_MAX_PREEMPTIONS=3",
        run: loom,
    },
    Stage {
        name: "shuttle",
        about: "tests/shuttle.rs under --cfg shuttle, release: PCT schedules from fixed seeds",
        run: shuttle,
    },
    Stage {
        name: "miri",
        about: "cargo +nightly miri test on crates with unsafe or atomics",
        run: miri,
    },
    Stage {
        name: "tsan",
        about: "ThreadSanitizer (nightly, -Zbuild-std) on tests/tsan.rs: each ignored test reports the data race kept in tests/tsan.races; the other tests run without a report",
        run: tsan,
    },
    Stage {
        name: "mutants",
        about: "every ordering weakened and every wake-up removed, one at a time: each caught or justified in mutants.toml",
        run: mutants,
    },
    Stage {
        name: "book",
        about: "mdbook build with the pinned tools; no warnings; quizzes unchanged",
        run: || book::build().into(),
    },
    Stage {
        name: "browser",
        about: "every page in headless Chromium: errors, diagrams, quizzes, search, links, Run buttons, bytes",
        run: browser,
    },
    Stage {
        name: "workflows",
        about: "actionlint and zizmor on .github/workflows",
        run: workflows,
    },
];

fn minutes(n: u64) -> Duration {
    Duration::from_secs(60 * n)
}

fn fail(what: &str, done: &Finished, lines: usize) -> Outcome {
    Outcome::Fail(format!("{what} {}:\n{}", done.describe(), done.tail(lines)))
}

fn fmt() -> Outcome {
    let mut cmd = cargo();
    cmd.args(["fmt", "--all", "--check"]);
    let done = util::run(cmd, minutes(2));
    if done.success() {
        Outcome::Pass("formatted".into())
    } else {
        fail(
            "`cargo fmt --all --check` (run `cargo fmt --all`)",
            &done,
            40,
        )
    }
}

/// Crates that ship an exercise (a `exercise/solution.rs`).
fn exercise_crates() -> Vec<String> {
    chapters()
        .into_iter()
        .filter(|c| {
            util::root()
                .join("code")
                .join(c)
                .join("exercise/solution.rs")
                .exists()
        })
        .collect()
}

fn clippy() -> Outcome {
    let mut runs: Vec<Vec<String>> = vec![
        ["clippy", "--workspace", "--all-targets", "--locked"]
            .map(String::from)
            .to_vec(),
    ];
    for krate in exercise_crates() {
        // `--all-targets` skips `test = false` targets, so name the exercise.
        runs.push(
            [
                "clippy",
                "-p",
                &krate,
                "--all-targets",
                "--test",
                "exercise",
                "--features",
                "solution",
            ]
            .map(String::from)
            .to_vec(),
        );
        // The starter library must be clean too. Its tests are not linted:
        // an exercise about a trait bound fails to compile until it is done.
        runs.push(["clippy", "-p", &krate, "--lib"].map(String::from).to_vec());
    }
    for args in &runs {
        let mut cmd = cargo();
        cmd.args(args).args(["--", "-D", "warnings"]);
        let done = util::run(cmd, minutes(15));
        if !done.success() {
            return fail(&format!("`cargo {}`", args.join(" ")), &done, 60);
        }
    }
    Outcome::Pass(format!("{} clippy runs clean", runs.len()))
}

/// The count cargo's test harness prints: `test result: ok. 12 passed; ...`.
fn passed_tests(output: &str) -> usize {
    output
        .lines()
        .filter_map(|l| l.trim().strip_prefix("test result: "))
        .filter_map(|l| l.split_once(". ").map(|(_, rest)| rest))
        .filter_map(|rest| rest.split(' ').next()?.parse::<usize>().ok())
        .sum()
}

fn test() -> Outcome {
    let mut cmd = cargo();
    cmd.args(["test", "--workspace", "--locked"]);
    let done = util::run(cmd, minutes(25));
    if done.success() {
        Outcome::Pass(format!("{} tests passed", passed_tests(&done.output)))
    } else {
        fail("`cargo test --workspace`", &done, 80)
    }
}

/// The arguments an example declares for CI with `// ci-args: ...`.
fn ci_args(source: &str) -> Vec<String> {
    source
        .lines()
        .find_map(|l| l.trim().strip_prefix("// ci-args:").map(str::to_string))
        .map(|args| args.split_whitespace().map(String::from).collect())
        .unwrap_or_default()
}

/// Whether an example reads its command line, and so must follow the
/// conventions for `--help` and bad arguments.
fn reads_args(source: &str) -> bool {
    source.contains("env::args")
}

/// How a run of an example ended, as the rules need it.
#[derive(Debug)]
struct Ran {
    code: Option<i32>,
    timed_out: bool,
    stdout: String,
    stderr: String,
}

impl From<&Finished> for Ran {
    fn from(done: &Finished) -> Self {
        Ran {
            code: done.status.and_then(|s| s.code()),
            timed_out: done.timed_out,
            stdout: done.stdout.clone(),
            stderr: done.stderr.clone(),
        }
    }
}

/// A flag no example takes, to check that a bad argument is refused.
const BAD_FLAG: &str = "--no-such-flag";

/// The command-line rules for an example that reads its arguments:
/// `--help` prints usage to stdout and exits 0; a bad argument exits 2 and
/// names the argument on stderr.
fn cli_errors(example: &str, help: &Ran, bad: &Ran) -> Vec<String> {
    let mut errors = Vec::new();
    let ended = |ran: &Ran| match (ran.timed_out, ran.code) {
        (true, _) => "timed out".to_string(),
        (false, Some(code)) => format!("exited {code}"),
        (false, None) => "was killed by a signal".to_string(),
    };
    if help.timed_out || help.code != Some(0) {
        errors.push(format!(
            "{example} --help {}: `--help` must print the usage to stdout and exit 0",
            ended(help)
        ));
    } else if !help.stdout.to_lowercase().contains("usage") {
        errors.push(format!(
            "{example} --help printed no \"usage\" to stdout: `--help` must print the usage to stdout and exit 0"
        ));
    }
    if bad.timed_out || bad.code != Some(2) {
        errors.push(format!(
            "{example} {BAD_FLAG} {}: a bad argument must print the usage and the argument that was wrong to stderr and exit 2",
            ended(bad)
        ));
    } else if !bad.stderr.contains(BAD_FLAG) {
        errors.push(format!(
            "{example} {BAD_FLAG} exited 2 but did not name `{BAD_FLAG}` on stderr: say which argument was wrong"
        ));
    }
    errors
}

/// The output an example must print, if it keeps one in `<name>.stdout`.
fn expected_stdout(source: &Path) -> Option<String> {
    fs::read_to_string(source.with_extension("stdout")).ok()
}

/// Each example must finish by itself; this is a hang detector, not a
/// performance assertion.
const EXAMPLE_LIMIT: Duration = Duration::from_secs(20);

fn examples() -> Outcome {
    let mut cmd = cargo();
    cmd.args(["build", "--workspace", "--examples", "--locked"]);
    let done = util::run(cmd, minutes(15));
    if !done.success() {
        return fail("`cargo build --workspace --examples`", &done, 60);
    }
    let mut ran = 0;
    let mut with_args = 0;
    let mut slow = Vec::new();
    let mut errors = Vec::new();
    for chapter in chapters() {
        for source in util::files_with_suffix(
            &util::root().join("code").join(&chapter).join("examples"),
            ".rs",
        ) {
            let name = source
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let binary = target_dir().join("debug").join("examples").join(&name);
            let text = fs::read_to_string(&source).unwrap_or_default();
            let mut cmd = Command::new(&binary);
            cmd.args(ci_args(&text)).current_dir(util::root());
            let started = Instant::now();
            let done = util::run(cmd, EXAMPLE_LIMIT);
            ran += 1;
            if !done.success() {
                errors.push(format!(
                    "{} (`cargo run -p {chapter} --example {name}`) {}:\n{}",
                    rel(&source),
                    done.describe(),
                    done.tail(20)
                ));
            } else if let Some(expected) = expected_stdout(&source) {
                // A deterministic example whose output a page shows keeps it
                // in `<name>.stdout`, and the page includes that file.
                if done.stdout != expected {
                    errors.push(format!(
                        "{}: stdout differs from {} (regenerate: `cargo run -q -p {chapter} --example {name} > {}`):\n--- expected\n{expected}--- actual\n{}",
                        rel(&source),
                        rel(&source.with_extension("stdout")),
                        rel(&source.with_extension("stdout")),
                        done.stdout
                    ));
                }
            }
            if done.success() && started.elapsed() > Duration::from_secs(5) {
                slow.push(format!("{name} ({:.1}s)", started.elapsed().as_secs_f64()));
            }
            if reads_args(&text) {
                let run_with = |arg: &str| {
                    let mut cmd = Command::new(&binary);
                    cmd.arg(arg).current_dir(util::root());
                    Ran::from(&util::run(cmd, EXAMPLE_LIMIT))
                };
                let (help, bad) = (run_with("--help"), run_with(BAD_FLAG));
                let example = format!("`cargo run -p {chapter} --example {name} --`");
                let found = cli_errors(&example, &help, &bad);
                if found.is_empty() {
                    with_args += 1;
                }
                errors.extend(found.into_iter().map(|e| format!("{}: {e}", rel(&source))));
            }
        }
    }
    if !errors.is_empty() {
        return Outcome::Fail(errors.join("\n"));
    }
    let mut text = format!(
        "{ran} examples ran and exited 0; {with_args} that read arguments answer --help and reject {BAD_FLAG}"
    );
    if !slow.is_empty() {
        // Reported, never failed: timings depend on the machine.
        text.push_str(&format!(
            "; slower than the ~1 s the style asks for: {}",
            slow.join(", ")
        ));
    }
    Outcome::Pass(text)
}

/// What libtest printed for one test binary.
#[derive(Debug, Default, PartialEq)]
struct Libtest {
    /// `running N tests`.
    running: Option<usize>,
    passed: Vec<String>,
    failed: Vec<String>,
    ignored: Vec<String>,
    /// A `test result:` line: the binary ran to the end.
    finished: bool,
}

fn libtest(output: &str) -> Libtest {
    let mut report = Libtest::default();
    for line in output.lines() {
        let line = line.trim_end();
        if let Some(count) = line
            .strip_prefix("running ")
            .and_then(|rest| rest.strip_suffix(" tests").or(rest.strip_suffix(" test")))
            .and_then(|n| n.parse::<usize>().ok())
        {
            *report.running.get_or_insert(0) += count;
        } else if line.starts_with("test result: ") {
            report.finished = true;
        } else if let Some((name, verdict)) = line
            .strip_prefix("test ")
            .and_then(|rest| rest.rsplit_once(" ... "))
        {
            let name = name.to_string();
            match verdict {
                "ok" => report.passed.push(name),
                "FAILED" => report.failed.push(name),
                v if v.starts_with("ignored") => report.ignored.push(name),
                _ => {}
            }
        }
    }
    report
}

/// The tests of an exercise that may pass from the starter: each has a
/// comment saying `starter passes` on the line right above its `#[test]`.
fn starter_passes(source: &str) -> BTreeSet<String> {
    let lines: Vec<&str> = source.lines().map(str::trim).collect();
    let mut names = BTreeSet::new();
    for (i, line) in lines.iter().enumerate() {
        if *line != "#[test]" || i == 0 {
            continue;
        }
        let above = lines[i - 1];
        if !(above.starts_with("//") && above.contains("starter passes")) {
            continue;
        }
        let name = lines[i + 1..].iter().find_map(|l| {
            let at = l.find("fn ")?;
            let rest = &l[at + 3..];
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
            Some(rest[..end].to_string())
        });
        names.extend(name);
    }
    names
}

/// The last part of a test's path: `tests::counts_every_hit` is
/// `counts_every_hit`.
fn short_name(name: &str) -> &str {
    name.rsplit("::").next().unwrap_or(name)
}

/// The starter rule: the exercise's test binary runs to the end and every
/// test fails by name, except those marked `starter passes`.
fn starter_verdict(
    krate: &str,
    output: &str,
    report: &Libtest,
    allowed: &BTreeSet<String>,
) -> Result<String, String> {
    let starter = format!("code/{krate}/exercise/starter.rs");
    let command = format!("`cargo test -p {krate} --test exercise`");
    if report.running.is_none() && output.contains("could not compile") {
        return Err(format!(
            "{starter} does not compile with the exercise's tests ({command}): a starter compiles and its tests fail one by one"
        ));
    }
    let aborted = if output.contains("panic in a destructor during cleanup") {
        Some("a panic in a destructor during cleanup".to_string())
    } else if let Some(at) = output.find("(signal: ") {
        let rest = &output[at + 1..];
        Some(rest[..rest.find(')').unwrap_or(rest.len())].to_string())
    } else if !report.finished {
        Some("no `test result:` line".to_string())
    } else {
        None
    };
    if let Some(why) = aborted {
        return Err(format!(
            "{starter}: the exercise's test binary aborted ({why}) instead of failing test by test ({command}): no `todo!()` in a `Drop` impl or anywhere that runs while unwinding; each test fails on its own, saying what is missing"
        ));
    }
    let running = report.running.unwrap_or(0);
    if running == 0 {
        return Err(format!("{starter}: {command} ran no tests"));
    }
    let unmarked: Vec<&str> = report
        .passed
        .iter()
        .chain(&report.ignored)
        .map(|n| short_name(n))
        .filter(|n| !allowed.contains(*n))
        .collect();
    if !unmarked.is_empty() {
        return Err(format!(
            "{starter}: {}/{running} tests fail from the starter; these do not: {}: make each fail until the learner has done its part, or say why it may pass in a comment with `starter passes` on the line above its `#[test]`",
            report.failed.len(),
            unmarked.join(", ")
        ));
    }
    let listed = report.failed.len() + report.passed.len() + report.ignored.len();
    if listed != running {
        return Err(format!(
            "{starter}: libtest listed {listed} of the {running} tests it ran ({command}): every test must be listed by name"
        ));
    }
    let marked = report.passed.len() + report.ignored.len();
    let mut text = format!(
        "{}/{running} tests fail from the starter",
        report.failed.len()
    );
    if marked > 0 {
        text.push_str(&format!(" ({marked} marked `starter passes`)"));
    }
    Ok(text)
}

fn exercises() -> Outcome {
    let crates = exercise_crates();
    let mut errors = Vec::new();
    let mut counts = Vec::new();
    for krate in &crates {
        let mut solution = cargo();
        solution.args([
            "test",
            "-p",
            krate,
            "--locked",
            "--test",
            "exercise",
            "--features",
            "solution",
        ]);
        let done = util::run(solution, minutes(10));
        if !done.success() {
            errors.push(format!(
                "code/{krate}/exercise/solution.rs fails its tests (`cargo test -p {krate} --test exercise --features solution`) {}:\n{}",
                done.describe(),
                done.tail(60)
            ));
            continue;
        }
        let mut starter = cargo();
        starter.args(["test", "-p", krate, "--locked", "--test", "exercise"]);
        let done = util::run(starter, minutes(10));
        if done.timed_out {
            errors.push(format!(
                "the starter's tests for {krate} hang; they must fail (use test_support::watchdog):\n{}",
                done.tail(30)
            ));
            continue;
        }
        let source = fs::read_to_string(
            util::root()
                .join("code")
                .join(krate)
                .join("tests/exercise.rs"),
        )
        .unwrap_or_default();
        // libtest's lines from standard output alone: trybuild writes its
        // own "test <file> ... ok" lines to standard error while other tests
        // finish, and libtest writes "test <name> ... " and its verdict in
        // two writes, so in the interleaved output a verdict can land on a
        // line of trybuild's and the test goes unlisted.
        let report = libtest(&done.stdout);
        match starter_verdict(krate, &done.output, &report, &starter_passes(&source)) {
            Ok(text) => {
                println!("      {krate}: {text}");
                let (fail, total) = (report.failed.len(), report.running.unwrap_or(0));
                counts.push(format!("{krate} {fail}/{total}"));
            }
            Err(text) => errors.push(format!("{text}\n{}", done.tail(30))),
        }
        // An exercise whose bugs only loom shows ("find the bug with
        // loom"): its loom models must fail from the starter one by one.
        if source.contains(LOOM_STARTER_MARK) {
            let target = Target {
                krate: krate.clone(),
                exercise: true,
                solution: false,
                test_args: Vec::new(),
            };
            let mut cmd = commands::loom_command(&target);
            cmd.arg("--locked").env("LOOM_MAX_PREEMPTIONS", "3");
            let done = util::run(cmd, minutes(10));
            let report = libtest(&done.stdout);
            match starter_verdict(krate, &done.output, &report, &BTreeSet::new()) {
                Ok(text) => {
                    println!("      {krate} under loom: {text}");
                    let (fail, total) = (report.failed.len(), report.running.unwrap_or(0));
                    counts.push(format!("{krate} under loom {fail}/{total}"));
                }
                Err(text) => errors.push(format!(
                    "under loom (`cargo xtask loom {krate} --exercise`): {text}\n{}",
                    done.tail(30)
                )),
            }
        }
    }
    if !errors.is_empty() {
        return Outcome::Fail(errors.join("\n"));
    }
    Outcome::Pass(format!(
        "{} exercise(s): solutions pass; starters fail test by test ({})",
        crates.len(),
        counts.join(", ")
    ))
}

/// The words in a crate's `tests/exercise.rs` that say its starter's bugs
/// show only under loom, so the exercises stage also runs the exercise's
/// loom models on the starter and requires each to fail.
const LOOM_STARTER_MARK: &str = "starter fails the loom models";

/// Whether a crate's `tests/exercise.rs` has loom models of its own.
fn exercise_has_loom(krate: &str) -> bool {
    fs::read_to_string(
        util::root()
            .join("code")
            .join(krate)
            .join("tests/exercise.rs"),
    )
    .is_ok_and(|t| t.contains("cfg(loom)"))
}

fn loom() -> Outcome {
    let crates: Vec<String> = chapters()
        .into_iter()
        .chain(
            pages::SUPPORT_CRATES
                .iter()
                .filter(|c| **c != "xtask")
                .map(|c| c.to_string()),
        )
        .filter(|c| {
            util::root()
                .join("code")
                .join(c)
                .join("tests/loom.rs")
                .exists()
        })
        .collect();
    if crates.is_empty() {
        return Outcome::Skip("no crate has tests/loom.rs".into());
    }
    let mut passed = 0;
    for krate in &crates {
        let mut runs = vec![Target {
            krate: krate.clone(),
            exercise: false,
            solution: false,
            test_args: Vec::new(),
        }];
        // The exercise's own loom models, against the solution: the command
        // a learner runs as `cargo xtask loom <chapter> --exercise --solution`.
        if exercise_has_loom(krate) {
            runs.push(Target {
                krate: krate.clone(),
                exercise: true,
                solution: true,
                test_args: Vec::new(),
            });
        }
        for target in runs {
            let mut cmd = commands::loom_command(&target);
            cmd.arg("--locked").env("LOOM_MAX_PREEMPTIONS", "3");
            let done = util::run(cmd, minutes(20));
            if !done.success() {
                let what = if target.exercise {
                    format!(
                        "loom models of {krate}'s exercise (`cargo xtask loom {krate} --solution`)"
                    )
                } else {
                    format!("loom models of {krate} (`cargo xtask loom {krate}`)")
                };
                return fail(&what, &done, 60);
            }
            passed += passed_tests(&done.output);
        }
    }
    Outcome::Pass(format!(
        "{passed} loom models passed in {}",
        crates.join(", ")
    ))
}

fn shuttle() -> Outcome {
    let crates: Vec<String> = chapters()
        .into_iter()
        .filter(|c| {
            util::root()
                .join("code")
                .join(c)
                .join("tests/shuttle.rs")
                .exists()
        })
        .collect();
    if crates.is_empty() {
        return Outcome::Skip("no crate has tests/shuttle.rs".into());
    }
    let mut passed = 0;
    for krate in &crates {
        let cmd = commands::shuttle_command(krate);
        let done = util::run(cmd, minutes(10));
        if !done.success() {
            return fail(
                &format!(
                    "shuttle tests of {krate} (`RUSTFLAGS=\"--cfg shuttle\" cargo test --release -p {krate} --test shuttle`)"
                ),
                &done,
                60,
            );
        }
        passed += passed_tests(&done.output);
    }
    Outcome::Pass(format!(
        "{passed} shuttle tests passed in {}",
        crates.join(", ")
    ))
}

/// Whether a source file uses `unsafe` or atomics, which Miri must check.
fn needs_miri(source: &str) -> bool {
    source.contains("unsafe ") || source.contains("atomic::")
}

/// Crates whose code uses `unsafe` or atomics.
fn miri_crates() -> Vec<String> {
    chapters()
        .into_iter()
        .filter(|c| {
            let dir = util::root().join("code").join(c);
            ["src", "exercise", "tests"].iter().any(|sub| {
                util::files_with_suffix(&dir.join(sub), ".rs")
                    .iter()
                    .any(|f| needs_miri(&fs::read_to_string(f).unwrap_or_default()))
            })
        })
        .collect()
}

fn miri() -> Outcome {
    if !commands::have_miri() {
        return Outcome::Skip(format!("{}: enables this stage", commands::MIRI_MISSING));
    }
    let crates = miri_crates();
    let mut passed = 0;
    for krate in &crates {
        let mut runs = vec![Target {
            krate: krate.clone(),
            exercise: false,
            solution: false,
            test_args: Vec::new(),
        }];
        if exercise_crates().contains(krate) {
            runs.push(Target {
                krate: krate.clone(),
                exercise: true,
                solution: true,
                test_args: Vec::new(),
            });
        }
        for target in runs {
            let cmd = commands::miri_command(&target);
            let shown = util::show(&cmd);
            let done = util::run(cmd, minutes(20));
            if !done.success() {
                return fail(&format!("`{shown}`"), &done, 60);
            }
            passed += passed_tests(&done.output);
        }
    }
    let mut reports = 0;
    for krate in &crates {
        match miri_reports(krate) {
            Ok(n) => reports += n,
            Err(text) => return Outcome::Fail(text),
        }
    }
    Outcome::Pass(format!(
        "{passed} tests passed under Miri in {}; {reports} kept Miri report(s) match",
        crates.join(", ")
    ))
}

/// The suffix of a kept Miri report: `tests/<test>.miri.stderr`.
const MIRI_REPORT: &str = ".miri.stderr";

/// Runs every kept Miri report of `krate` (`tests/<test>.miri.stderr`: the
/// ignored tests of `tests/<test>.rs`, which are undefined behaviour on
/// purpose) and compares what Miri prints with the kept file.
/// `MIRI_OVERWRITE=1` writes Miri's report instead.
fn miri_reports(krate: &str) -> Result<usize, String> {
    let tests = util::root().join("code").join(krate).join("tests");
    let mut count = 0;
    for kept in util::files_with_suffix(&tests, MIRI_REPORT) {
        let name = kept.file_name().unwrap().to_string_lossy();
        let test = name.trim_end_matches(MIRI_REPORT).to_string();
        let cmd = commands::miri_report_command(krate, &test);
        let shown = util::show(&cmd);
        let done = util::run(cmd, minutes(10));
        if done.success() || done.timed_out {
            return Err(format!(
                "`{shown}` should stop with Miri's report of undefined \
                 behaviour, but {}:\n{}",
                done.describe(),
                done.tail(30)
            ));
        }
        let Some(report) = miri_report(&done.output) else {
            return Err(format!(
                "`{shown}` failed without a report of undefined behaviour:\n{}",
                done.tail(40)
            ));
        };
        if std::env::var_os("MIRI_OVERWRITE").is_some() {
            fs::write(&kept, &report).map_err(|e| format!("{}: {e}", rel(&kept)))?;
        } else {
            let want = fs::read_to_string(&kept).unwrap_or_default();
            if want != report {
                return Err(format!(
                    "Miri's report from `{shown}` differs from {} (after a \
                     nightly update: MIRI_OVERWRITE=1 cargo xtask test --only \
                     miri, then read the diff):\n--- kept\n{want}--- now\n{report}",
                    rel(&kept)
                ));
            }
        }
        count += 1;
    }
    Ok(count)
}

/// Miri's report of undefined behaviour, cut out of a run's output: from
/// `error: Undefined Behavior` up to the note about omitted details, with
/// allocation numbers (which change with the nightly and the test harness)
/// written as `ALLOC`.
fn miri_report(output: &str) -> Option<String> {
    let start = output.find("error: Undefined Behavior")?;
    let rest = &output[start..];
    let end = ["\nnote: some details are omitted", "\nerror: aborting"]
        .iter()
        .filter_map(|marker| rest.find(marker))
        .min()
        .unwrap_or(rest.len());
    let mut report = String::new();
    for line in rest[..end].trim_end().lines() {
        report.push_str(&without_alloc_ids(line));
        report.push('\n');
    }
    Some(report)
}

/// `alloc1234` becomes `ALLOC`.
fn without_alloc_ids(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find("alloc") {
        let after = &rest[at + "alloc".len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let word_start =
            at == 0 || !rest[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_');
        if digits > 0 && word_start {
            out.push_str(&rest[..at]);
            out.push_str("ALLOC");
            rest = &after[digits..];
        } else {
            out.push_str(&rest[..at + "alloc".len()]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The line ThreadSanitizer starts each report with.
const TSAN_WARNING: &str = "WARNING: ThreadSanitizer: ";

/// Runs a racy test gets to show its race.
const TSAN_TRIES: usize = 5;

/// The kept ThreadSanitizer reports of a crate's `tests/tsan.rs`.
const TSAN_RACES: &str = "tests/tsan.races";

const TSAN_RACES_HEADER: &str = "\
# ThreadSanitizer's reports on the ignored tests of tests/tsan.rs, cut to
# the kind of report, the kind of each access and the first frame of each
# access in this repository's code (no addresses, sizes, thread numbers or
# columns). The tsan stage runs each ignored test under ThreadSanitizer and
# checks that the report kept here is among the ones it prints. After a
# change to the code or a nightly update: TSAN_OVERWRITE=1 cargo xtask test
# --only tsan, then read the diff.
";

/// Where a crate's ThreadSanitizer tests run: those with `tests/tsan.rs`.
fn tsan_crates() -> Vec<String> {
    chapters()
        .into_iter()
        .filter(|c| {
            util::root()
                .join("code")
                .join(c)
                .join("tests/tsan.rs")
                .exists()
        })
        .collect()
}

fn tsan() -> Outcome {
    let crates = tsan_crates();
    if crates.is_empty() {
        return Outcome::Skip("no crate has tests/tsan.rs".into());
    }
    let host = match commands::tsan_host() {
        Ok(host) => host,
        Err(why) => return Outcome::Skip(format!("{why}: enables this stage")),
    };
    let (mut clean, mut races) = (0, 0);
    for krate in &crates {
        match tsan_crate(&host, krate) {
            Ok((passed, reported)) => {
                clean += passed;
                races += reported;
            }
            Err(text) => return Outcome::Fail(text),
        }
    }
    Outcome::Pass(format!(
        "{clean} tests ran without a ThreadSanitizer report and {races} reported their kept data race, in {}",
        crates.join(", ")
    ))
}

/// One crate's `tests/tsan.rs`: the tests that are not ignored must run
/// without a report; each ignored test must report its kept race.
fn tsan_crate(host: &str, krate: &str) -> Result<(usize, usize), String> {
    let root = util::root().to_string_lossy().into_owned();
    // The first run builds std with the sanitizer: allow for a cold build.
    let cmd = commands::tsan_command(host, krate, "tsan", &[]);
    let shown = util::show(&cmd);
    let done = util::run(cmd, minutes(10));
    if !done.success() || done.output.contains(TSAN_WARNING) {
        return Err(format!(
            "`RUSTFLAGS=-Zsanitizer=thread {shown}` must pass without a ThreadSanitizer report, but {}:\n{}",
            done.describe(),
            done.tail(60)
        ));
    }
    let passed = passed_tests(&done.output);
    let cmd = commands::tsan_command(host, krate, "tsan", &["--list", "--ignored"]);
    let listed = util::run(cmd, minutes(2));
    if !listed.success() {
        return Err(format!(
            "listing the ignored tests of code/{krate}/tests/tsan.rs {}:\n{}",
            listed.describe(),
            listed.tail(20)
        ));
    }
    let racy = listed_tests(&listed.stdout);
    let kept_path = util::root().join("code").join(krate).join(TSAN_RACES);
    let kept = kept_races(&fs::read_to_string(&kept_path).unwrap_or_default());
    let overwrite = std::env::var_os("TSAN_OVERWRITE").is_some();
    let mut found = Vec::new();
    for name in &racy {
        // ThreadSanitizer reports only the races of the execution it
        // watches, and a racy test's race may not happen in every run
        // (park_flag's: in 92 of 100 runs here), so a racy test gets up to
        // TSAN_TRIES runs to show it.
        let mut tries = 0;
        let (shown, done, reports) = loop {
            tries += 1;
            let cmd = commands::tsan_command(host, krate, "tsan", &["--ignored", "--exact", name]);
            let shown = format!("RUSTFLAGS=-Zsanitizer=thread {}", util::show(&cmd));
            let done = util::run(cmd, minutes(4));
            if done.timed_out {
                return Err(format!("`{shown}` timed out:\n{}", done.tail(30)));
            }
            let reports = tsan_reports(&done.output, &root);
            if !reports.is_empty() || tries == TSAN_TRIES {
                break (shown, done, reports);
            }
        };
        let Some(first) = reports.first() else {
            return Err(format!(
                "`{shown}` should report a data race (it is ignored in tests/tsan.rs, which marks it racy), but it printed no ThreadSanitizer report in {TSAN_TRIES} runs; the last {}:\n{}",
                done.describe(),
                done.tail(30)
            ));
        };
        if overwrite {
            found.push((name.clone(), first.clone()));
            continue;
        }
        let want = kept.iter().find(|(n, _)| n == name).map(|(_, r)| r);
        match want {
            Some(want) if reports.contains(want) => {}
            Some(want) => {
                return Err(format!(
                    "ThreadSanitizer's report from `{shown}` differs from {} (after a change or a nightly update: TSAN_OVERWRITE=1 cargo xtask test --only tsan, then read the diff):\n--- kept\n{want}--- now\n{}",
                    rel(&kept_path),
                    reports.join("--- and\n")
                ));
            }
            None => {
                return Err(format!(
                    "{} keeps no report for `{name}` (TSAN_OVERWRITE=1 cargo xtask test --only tsan writes it); ThreadSanitizer printed:\n{}",
                    rel(&kept_path),
                    reports.join("--- and\n")
                ));
            }
        }
    }
    if overwrite {
        let mut text = TSAN_RACES_HEADER.to_string();
        for (name, report) in &found {
            text.push_str(&format!("\ntest {name}\n{report}"));
        }
        fs::write(&kept_path, text).map_err(|e| format!("{}: {e}", rel(&kept_path)))?;
    } else if let Some((stale, _)) = kept.iter().find(|(n, _)| !racy.contains(n)) {
        return Err(format!(
            "{} keeps a report for `{stale}`, which is not an ignored test of code/{krate}/tests/tsan.rs",
            rel(&kept_path)
        ));
    }
    Ok((passed, racy.len()))
}

/// The test names of libtest's `--list`: lines `name: test`.
fn listed_tests(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| l.trim_end().strip_suffix(": test"))
        .map(String::from)
        .collect()
}

/// The reports of a kept `tests/tsan.races`: `test <name>` and the lines of
/// its report below it; `#` comments and blank lines are skipped.
fn kept_races(text: &str) -> Vec<(String, String)> {
    let mut kept: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix("test ") {
            kept.push((name.trim().to_string(), String::new()));
        } else if let Some((_, report)) = kept.last_mut() {
            report.push_str(line.trim_end());
            report.push('\n');
        }
    }
    kept
}

/// ThreadSanitizer's reports in a run's output, each cut to its kind
/// (`data race`), then one line per access (`Read`, `Previous write`,
/// `Atomic write`, ...) with the first frame of that access's stack that
/// lies under `root`, as `function at path:line`. Addresses, sizes, thread
/// numbers, columns and the frames in std are left out: they change with
/// the machine, the run or the nightly.
fn tsan_reports(output: &str, root: &str) -> Vec<String> {
    let mut reports = Vec::new();
    let mut current: Option<String> = None;
    // Inside an access's stack, before its first frame under `root`.
    let mut in_stack = false;
    let close_stack = |report: &mut String, in_stack: &mut bool| {
        if *in_stack {
            report.push_str(" (no frame in this repository)\n");
            *in_stack = false;
        }
    };
    for line in output.lines() {
        let trimmed = line.trim();
        if let Some(kind) = trimmed.strip_prefix(TSAN_WARNING) {
            if let Some(mut report) = current.take() {
                close_stack(&mut report, &mut in_stack);
                reports.push(report);
            }
            let kind = kind.split(" (pid=").next().unwrap_or(kind);
            current = Some(format!("{kind}\n"));
            in_stack = false;
            continue;
        }
        let Some(report) = current.as_mut() else {
            continue;
        };
        if trimmed.starts_with("SUMMARY: ThreadSanitizer") {
            close_stack(report, &mut in_stack);
            reports.extend(current.take());
            continue;
        }
        if trimmed.starts_with('#') {
            if in_stack && let Some(frame) = frame_under(trimmed, root) {
                report.push_str(&format!(" {frame}\n"));
                in_stack = false;
            }
            continue;
        }
        close_stack(report, &mut in_stack);
        // An access: `Read of size 4 at 0x.. by thread T1:`; not the
        // `Location is heap block of size 40 ...` that follows them.
        if let Some((access, _)) = trimmed.split_once(" of size ")
            && trimmed.ends_with(':')
            && !access.starts_with("Location")
        {
            report.push_str(&format!("  {access}:"));
            in_stack = true;
        }
    }
    if let Some(mut report) = current {
        close_stack(&mut report, &mut in_stack);
        reports.push(report);
    }
    reports
}

/// `#2 <fn> /root/code/x/src/f.rs:122:30 (bin+0x1) (BuildId: ..)` becomes
/// `<fn> at code/x/src/f.rs:122`, if the file lies under `root`.
fn frame_under(frame: &str, root: &str) -> Option<String> {
    let marker = format!(" {root}/");
    let at = frame.find(&marker)?;
    let function = frame[..at]
        .split_once(' ')
        .map_or("", |(_, function)| function)
        .trim();
    let location = frame[at + marker.len()..]
        .split(' ')
        .next()
        .unwrap_or_default();
    // path:line:column -> path:line (a location may also come without its
    // column, or without both).
    let numeric = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
    let location = match location.rsplit_once(':') {
        Some((path_line, column))
            if numeric(column) && path_line.rsplit_once(':').is_some_and(|(_, l)| numeric(l)) =>
        {
            path_line
        }
        _ => location,
    };
    Some(format!("{function} at {location}"))
}

/// The stage's verdict on a mutants run: (passed, one-line summary with the
/// survivors' details after it).
pub fn mutants_verdict(report: &crate::mutants::Report, took: Duration) -> (bool, String) {
    let mut text = format!(
        "mutants: {} caught, {} justified, {} unexplained ({:.0}s)",
        report.caught,
        report.justified,
        report.unexplained.len(),
        took.as_secs_f64()
    );
    for m in &report.unexplained {
        text.push_str(&format!(
            "\n  survived: {}:{}: {}    | {}",
            m.file, m.line, m.mutation, m.code
        ));
    }
    for s in &report.stale {
        text.push_str(&format!("\n  stale: {s}"));
    }
    if !report.unexplained.is_empty() {
        text.push_str("\n  each survivor needs a test that catches it, or an entry in code/<crate>/mutants.toml with a reason (see code/xtask/src/mutants.rs)");
    }
    (
        report.unexplained.is_empty() && report.stale.is_empty(),
        text,
    )
}

fn mutants() -> Outcome {
    let started = Instant::now();
    match crate::mutants::run(&[], false, false) {
        Ok(report) => {
            let (ok, text) = mutants_verdict(&report, started.elapsed());
            if ok {
                Outcome::Pass(text)
            } else {
                Outcome::Fail(text)
            }
        }
        Err(text) => Outcome::Fail(text),
    }
}

fn browser_dir() -> PathBuf {
    util::root().join("code/xtask/browser")
}

/// Installs the browser test's node packages from the committed lock file.
fn npm_ci() -> Result<(), String> {
    let dir = browser_dir();
    let lock = fs::read(dir.join("package-lock.json"))
        .map_err(|e| format!("code/xtask/browser/package-lock.json: {e}"))?;
    let stamp = dir.join("node_modules/.hb-lock");
    if fs::read(&stamp).ok().as_deref() == Some(lock.as_slice()) {
        return Ok(());
    }
    if !util::have("npm") {
        return Err(
            "npm not found: install Node.js 20 or later (Debian: `apt-get install nodejs npm`)"
                .into(),
        );
    }
    let mut cmd = Command::new("npm");
    cmd.args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
        .current_dir(&dir);
    let done = util::run(cmd, minutes(5));
    if !done.success() {
        return Err(format!(
            "`npm ci` in code/xtask/browser {}:\n{}",
            done.describe(),
            done.tail(20)
        ));
    }
    fs::write(&stamp, lock).map_err(|e| format!("{}: {e}", stamp.display()))
}

fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("HB_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

fn browser() -> Outcome {
    if !util::root().join("book/index.html").exists() {
        return Outcome::Fail("book/ is not built: the book stage must pass first".into());
    }
    let Some(chromium) = chromium() else {
        return Outcome::Fail(
            "chromium not found: install Debian's package (`apt-get install chromium`) or set HB_CHROMIUM to a Chromium binary"
                .into(),
        );
    };
    if !util::have("node") {
        return Outcome::Fail("node not found: install Node.js 20 or later".into());
    }
    if let Err(err) = npm_ci() {
        return Outcome::Fail(err);
    }
    let mut cmd = Command::new("node");
    cmd.arg(browser_dir().join("check-site.mjs"))
        .arg(util::root().join("book"))
        .env("HB_CHROMIUM", chromium)
        .current_dir(util::root());
    let done = util::run(cmd, minutes(10));
    // The script prints its per-page report either way.
    print!("{}", indent(&done.output));
    if done.success() {
        let last = done.output.lines().last().unwrap_or("").to_string();
        Outcome::Pass(last)
    } else {
        Outcome::Fail(format!("browser checks {}", done.describe()))
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}

/// The venv with the pinned workflow linters, created on first use.
fn lint_venv() -> Result<PathBuf, String> {
    let pins: Vec<String> = PY_LINTERS
        .iter()
        .map(|(n, v)| format!("{n}=={v}"))
        .collect();
    let venv = tools::tools_dir().join("venv-lint");
    let stamp = venv.join("hb-pins.txt");
    if fs::read_to_string(&stamp).ok().as_deref() == Some(pins.join("\n").as_str()) {
        return Ok(venv);
    }
    let python = ["python3", "python"].into_iter().find(|p| util::have(p)).ok_or(
        "python3 not found: the workflow linters install from PyPI into a venv (Debian: `apt-get install python3-venv`)",
    )?;
    let mut make = Command::new(python);
    make.args(["-m", "venv"]).arg(&venv);
    let done = util::run(make, minutes(2));
    if !done.success() {
        return Err(format!("`{python} -m venv` failed: {}", done.tail(10)));
    }
    let mut install = Command::new(venv.join("bin/pip"));
    install
        .args(["install", "--quiet", "--disable-pip-version-check"])
        .args(&pins);
    let done = util::run(install, minutes(5));
    if !done.success() {
        return Err(format!(
            "`pip install {}` failed:\n{}",
            pins.join(" "),
            done.tail(20)
        ));
    }
    fs::write(&stamp, pins.join("\n")).map_err(|e| format!("{}: {e}", stamp.display()))?;
    Ok(venv)
}

fn workflows() -> Outcome {
    let venv = match lint_venv() {
        Ok(venv) => venv,
        Err(err) => return Outcome::Fail(err),
    };
    let mut actionlint = Command::new(venv.join("bin/actionlint"));
    actionlint.current_dir(util::root());
    let done = util::run(actionlint, minutes(2));
    if !done.success() {
        return fail("actionlint", &done, 40);
    }
    let mut zizmor = Command::new(venv.join("bin/zizmor"));
    zizmor
        .args(["--offline", "--no-progress", ".github/workflows"])
        .current_dir(util::root());
    let done = util::run(zizmor, minutes(2));
    if !done.success() {
        return fail("zizmor --offline", &done, 60);
    }
    let count = util::files_with_suffix(&util::root().join(".github/workflows"), ".yml").len();
    Outcome::Pass(format!(
        "{count} workflows clean under actionlint and zizmor"
    ))
}

/// Runs the chosen stages, prints one line per stage and a summary, and
/// returns whether all that ran passed.
pub fn run(only: &[String], skip: &[String]) -> bool {
    let started = Instant::now();
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    let mut book_failed = false;
    let mut failures = Vec::new();
    for stage in STAGES {
        let chosen = (only.is_empty() || only.iter().any(|s| s == stage.name))
            && !skip.iter().any(|s| s == stage.name);
        if !chosen {
            continue;
        }
        let t = Instant::now();
        let outcome = if stage.name == "browser" && book_failed {
            Outcome::Fail("skipped because the book stage failed".into())
        } else {
            (stage.run)()
        };
        let secs = t.elapsed().as_secs_f64();
        match outcome {
            Outcome::Pass(text) => {
                passed += 1;
                println!("ok    {:<10} {text} ({secs:.0}s)", stage.name);
            }
            Outcome::Skip(text) => {
                skipped += 1;
                println!("skip  {:<10} {text}", stage.name);
            }
            Outcome::Fail(text) => {
                failed += 1;
                if stage.name == "book" {
                    book_failed = true;
                }
                println!(
                    "FAIL  {:<10} {} ({secs:.0}s)",
                    stage.name,
                    text.lines().next().unwrap_or("")
                );
                failures.push((stage.name, text));
            }
        }
    }
    for (name, text) in &failures {
        println!("\n--- {name} failed:\n{text}");
    }
    println!(
        "\ncargo xtask test took {:.0}s",
        started.elapsed().as_secs_f64()
    );
    println!("stages: {passed} passed, {failed} failed, {skipped} skipped");
    failed == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passed_counts_are_summed() {
        let output = "test result: ok. 12 passed; 0 failed; 1 ignored\n\
                      test result: ok. 3 passed; 0 failed\n";
        assert_eq!(passed_tests(output), 15);
        assert_eq!(passed_tests("running 0 tests\n"), 0);
    }

    #[test]
    fn ci_args_are_read_from_their_line() {
        assert_eq!(
            ci_args("//! Demo.\n// ci-args: --rounds 3\nfn main() {}\n"),
            ["--rounds", "3"]
        );
        assert!(ci_args("fn main() {}\n").is_empty());
        assert!(reads_args(
            "let args: Vec<String> = std::env::args().collect();"
        ));
        assert!(reads_args("use std::env;\nfor a in env::args_os() {}"));
        assert!(!reads_args("fn main() { println!(\"hi\"); }"));
    }

    fn ran(code: Option<i32>, stdout: &str, stderr: &str) -> Ran {
        Ran {
            code,
            timed_out: false,
            stdout: stdout.into(),
            stderr: stderr.into(),
        }
    }

    #[test]
    fn the_command_line_rules_fire() {
        let help = ran(Some(0), "Usage: litmus [--rounds N]\n", "");
        let bad = ran(
            Some(2),
            "",
            "litmus: unknown argument `--no-such-flag`\nusage: ...\n",
        );
        assert!(cli_errors("litmus", &help, &bad).is_empty());
        let cases = [
            (
                ran(Some(1), "usage", ""),
                ran(Some(2), "", "--no-such-flag"),
                "`--help` must print",
            ),
            (
                ran(Some(0), "", "usage: litmus"),
                ran(Some(2), "", "--no-such-flag"),
                "printed no \"usage\" to stdout",
            ),
            (
                ran(Some(0), "usage", ""),
                ran(Some(1), "", "--no-such-flag"),
                "--no-such-flag exited 1",
            ),
            (
                ran(Some(0), "usage", ""),
                ran(None, "", ""),
                "killed by a signal",
            ),
            (
                ran(Some(0), "usage", ""),
                ran(Some(2), "--no-such-flag", "bad argument"),
                "did not name `--no-such-flag` on stderr",
            ),
        ];
        for (help, bad, wanted) in cases {
            let errors = cli_errors("litmus", &help, &bad);
            assert!(
                errors.iter().any(|e| e.contains(wanted)),
                "expected `{wanted}` in {errors:?}"
            );
        }
        let mut hung = ran(None, "", "");
        hung.timed_out = true;
        assert!(cli_errors("litmus", &hung, &bad)[0].contains("timed out"));
    }

    const STARTER_RUN: &str = "\
   Compiling spin-lock v0.1.0
     Running tests/exercise.rs (target/debug/deps/exercise-1)

running 3 tests
test tests::unlocks_on_drop ... FAILED
test locks_exclusively ... FAILED
test counts_to_a_million ... FAILED

failures:
    locks_exclusively

test result: FAILED. 0 passed; 3 failed; 0 ignored; 0 measured; 0 filtered out
";

    #[test]
    fn libtest_output_is_read() {
        let report = libtest(STARTER_RUN);
        assert_eq!(report.running, Some(3));
        assert_eq!(
            report.failed,
            [
                "tests::unlocks_on_drop",
                "locks_exclusively",
                "counts_to_a_million"
            ]
        );
        assert!(report.passed.is_empty() && report.finished);
        let other = libtest("running 1 test\ntest a ... ok\ntest b ... ignored, slow\n");
        assert_eq!(
            (other.running, other.passed, other.ignored),
            (Some(1), vec!["a".to_string()], vec!["b".to_string()])
        );
        assert!(!other.finished);
    }

    fn verdict(output: &str, allowed: &[&str]) -> Result<String, String> {
        let allowed = allowed.iter().map(|s| s.to_string()).collect();
        starter_verdict("spin-lock", output, &libtest(output), &allowed)
    }

    #[test]
    fn the_starter_rule_fires() {
        assert_eq!(
            verdict(STARTER_RUN, &[]),
            Ok("3/3 tests fail from the starter".into())
        );
        let one_passes = STARTER_RUN
            .replace("locks_exclusively ... FAILED", "locks_exclusively ... ok")
            .replace("0 passed; 3 failed", "1 passed; 2 failed");
        let error = verdict(&one_passes, &[]).unwrap_err();
        assert!(
            error.contains("2/3 tests fail from the starter; these do not: locks_exclusively"),
            "{error}"
        );
        assert_eq!(
            verdict(&one_passes, &["locks_exclusively"]),
            Ok("2/3 tests fail from the starter (1 marked `starter passes`)".into())
        );
        let destructor = "running 3 tests\nthread 'x' panicked at src/lib.rs:9:\nnot yet implemented\npanic in a destructor during cleanup\nthread caused non-unwinding panic. aborting.\nerror: test failed\n";
        assert!(
            verdict(destructor, &[])
                .unwrap_err()
                .contains("aborted (a panic in a destructor during cleanup)")
        );
        let signal = "running 3 tests\ntest a ... FAILED\nerror: test failed, to rerun pass `--test exercise`\n\nCaused by:\n  process didn't exit successfully: `exercise-1` (signal: 6, SIGABRT: process abort signal)\n";
        assert!(
            verdict(signal, &[])
                .unwrap_err()
                .contains("aborted (signal: 6, SIGABRT: process abort signal)")
        );
        let cut = STARTER_RUN.replace(
            "test result: FAILED. 0 passed; 3 failed; 0 ignored; 0 measured; 0 filtered out\n",
            "",
        );
        assert!(
            verdict(&cut, &[])
                .unwrap_err()
                .contains("no `test result:` line")
        );
        let unlisted = STARTER_RUN.replace("test counts_to_a_million ... FAILED\n", "");
        assert!(
            verdict(&unlisted, &[])
                .unwrap_err()
                .contains("listed 2 of the 3 tests")
        );
        let broken = "error[E0277]: `Rc<u8>` cannot be sent\nerror: could not compile `spin-lock` (test \"exercise\")\n";
        assert!(
            verdict(broken, &[])
                .unwrap_err()
                .contains("does not compile")
        );
        let none = "running 0 tests\n\ntest result: ok. 0 passed; 0 failed\n";
        assert!(verdict(none, &[]).unwrap_err().contains("ran no tests"));
    }

    #[test]
    fn starter_passes_marks_are_found() {
        let source = "\
// starter passes: an empty lock is unlocked either way
#[test]
fn starts_unlocked() {}

#[test]
fn locks() {}

/// starter passes, but not right above the attribute
#[cfg_attr(miri, ignore)]
#[test]
fn far_away() {}

    // starter passes: in a module
    #[test]
    #[cfg_attr(miri, ignore)]
    fn nested_one() {}
";
        let marked: Vec<String> = starter_passes(source).into_iter().collect();
        assert_eq!(marked, ["nested_one", "starts_unlocked"]);
        assert_eq!(short_name("tests::nested_one"), "nested_one");
    }

    #[test]
    fn miri_report_is_cut_out_and_alloc_ids_hidden() {
        let output = "   Compiling x\nerror: Undefined Behavior: alloc40349 has been freed\n \
                      --> src/naive.rs:86:32\nhelp: alloc40349 was allocated here:\n\n\
                      note: some details are omitted, run with ...\n\nerror: aborting\n";
        assert_eq!(
            miri_report(output).unwrap(),
            "error: Undefined Behavior: ALLOC has been freed\n --> src/naive.rs:86:32\n\
             help: ALLOC was allocated here:\n"
        );
        assert_eq!(miri_report("test result: FAILED"), None);
        assert_eq!(
            without_alloc_ids("dealloc7 alloc alloc12x"),
            "dealloc7 alloc ALLOCx"
        );
    }

    /// A ThreadSanitizer run, cut from a real one (frames and BuildIds
    /// shortened), with a second report whose write has no frame in the
    /// repository.
    const TSAN_RUN: &str = "\
running 1 test
==================
WARNING: ThreadSanitizer: data race (pid=12812)
  Read of size 4 at 0x720c000019fc by thread T1:
    #0 core::mem::replace::<core::option::Option<u32>> /root/.rustup/toolchains/nightly/lib/rustlib/src/rust/library/core/src/mem/mod.rs:930:22 (tsan-c7+0x243ad8) (BuildId: 1816)
    #1 <core::option::Option<u32>>::take /root/.rustup/toolchains/nightly/lib/rustlib/src/rust/library/core/src/option.rs:1898:9 (tsan-c7+0x24d6e3) (BuildId: 1816)
    #2 <testing_concurrency::park_flag::Receiver<u32, false>>::receive::{closure#0} /ci/clone/code/testing-concurrency/src/park_flag.rs:122:30 (tsan-c7+0x24553d) (BuildId: 1816)
    #3 <testing_concurrency::sync::UnsafeCell<core::option::Option<u32>>>::with_mut /ci/clone/code/testing-concurrency/src/sync.rs:70:9 (tsan-c7+0x23f005) (BuildId: 1816)

  Previous write of size 4 at 0x720c000019fc by thread T2:
    #0 core::ptr::write::<core::option::Option<u32>> /root/.rustup/toolchains/nightly/lib/rustlib/src/rust/library/core/src/ptr/mod.rs:1933:41 (tsan-c7+0x24e023) (BuildId: 1816)
    #2 <testing_concurrency::park_flag::Sender<u32, false>>::send::{closure#0} /ci/clone/code/testing-concurrency/src/park_flag.rs:92:27 (tsan-c7+0x24566a)

  Location is heap block of size 40 at 0x720c000019e0 allocated by thread T1:
    #10 testing_concurrency::park_flag::channel::<u32, false> /ci/clone/code/testing-concurrency/src/park_flag.rs:71:16 (tsan-c7+0x24524f) (BuildId: 1816)

  Thread T2 (tid=12815, finished) created by thread T1 at:
    #0 pthread_create /rustc/llvm/src/llvm-project/compiler-rt/lib/tsan/rtl/tsan_interceptors_posix.cpp:1041:3 (tsan-c7+0x1b4bf1)

SUMMARY: ThreadSanitizer: data race /root/.rustup/toolchains/nightly/lib/rustlib/src/rust/library/core/src/mem/mod.rs:930:22 in core::mem::replace::<core::option::Option<u32>>
==================
==================
WARNING: ThreadSanitizer: data race (pid=12812)
  Write of size 8 at 0x720800001018 by thread T2:
    #0 free /rustc/llvm/src/llvm-project/compiler-rt/lib/tsan/rtl/tsan_interceptors_posix.cpp:725:3 (tsan-c7+0x1b0f0b)
  Previous atomic write of size 8 at 0x720800001018 by thread T1:
    #0 core::sync::atomic::atomic_sub /root/.rustup/toolchains/nightly/lib/rustlib/src/rust/library/core/src/sync/atomic.rs:4094:23 (tsan-c7+0x1)
    #1 <building_arc::step4_one_weak::Arc<u64> as core::ops::drop::Drop>::drop /ci/clone/code/building-arc/src/step4_one_weak.rs:185 (tsan-c7+0x2)
SUMMARY: ThreadSanitizer: data race /rustc/llvm/src/llvm-project/compiler-rt/lib/tsan/rtl/tsan_interceptors_posix.cpp:725:3 in free
==================
test a_relaxed_flag_races ... ok
ThreadSanitizer: reported 2 warnings
";

    #[test]
    fn tsan_reports_are_cut_to_accesses_and_own_frames() {
        let reports = tsan_reports(TSAN_RUN, "/ci/clone");
        assert_eq!(reports.len(), 2, "{reports:?}");
        assert_eq!(
            reports[0],
            "data race\n  \
             Read: <testing_concurrency::park_flag::Receiver<u32, false>>::receive::{closure#0} at code/testing-concurrency/src/park_flag.rs:122\n  \
             Previous write: <testing_concurrency::park_flag::Sender<u32, false>>::send::{closure#0} at code/testing-concurrency/src/park_flag.rs:92\n"
        );
        assert_eq!(
            reports[1],
            "data race\n  \
             Write: (no frame in this repository)\n  \
             Previous atomic write: <building_arc::step4_one_weak::Arc<u64> as core::ops::drop::Drop>::drop at code/building-arc/src/step4_one_weak.rs:185\n"
        );
        assert!(tsan_reports("running 1 test\ntest a ... ok\n", "/ci/clone").is_empty());
        // A report cut off before its SUMMARY line is still returned.
        let cut = TSAN_RUN.split("  Previous write").next().unwrap();
        assert_eq!(
            tsan_reports(cut, "/ci/clone"),
            [
                "data race\n  Read: <testing_concurrency::park_flag::Receiver<u32, false>>::receive::{closure#0} at code/testing-concurrency/src/park_flag.rs:122\n"
            ]
        );
    }

    #[test]
    fn kept_tsan_races_and_test_lists_are_read() {
        let kept = kept_races(&format!(
            "{TSAN_RACES_HEADER}\ntest a_relaxed_flag_races\ndata race\n  Read: f at x.rs:1\n\ntest other\ndata race\n"
        ));
        assert_eq!(
            kept,
            [
                (
                    "a_relaxed_flag_races".to_string(),
                    "data race\n  Read: f at x.rs:1\n".to_string()
                ),
                ("other".to_string(), "data race\n".to_string())
            ]
        );
        assert!(kept_races(TSAN_RACES_HEADER).is_empty());
        assert_eq!(
            listed_tests(
                "a_relaxed_flag_races: test\nmodule::second: test\n\n2 tests, 0 benchmarks\n"
            ),
            ["a_relaxed_flag_races", "module::second"]
        );
    }

    #[test]
    fn miri_is_needed_for_unsafe_or_atomics() {
        assert!(needs_miri("unsafe impl Send for Token {}"));
        assert!(needs_miri("use std::sync::atomic::AtomicBool;"));
        assert!(!needs_miri("use std::sync::Mutex;\n// no unsafe_code here"));
    }

    #[test]
    fn the_mutants_verdict_needs_every_survivor_explained() {
        let mut report = crate::mutants::Report {
            caught: 4,
            justified: 1,
            unexplained: Vec::new(),
            stale: Vec::new(),
            per_crate: Vec::new(),
        };
        let (ok, text) = mutants_verdict(&report, Duration::from_secs(3));
        assert!(ok, "{text}");
        assert!(text.starts_with("mutants: 4 caught, 1 justified, 0 unexplained"));
        report.unexplained.push(crate::mutants::Mutant {
            id: 7,
            file: "code/spin-lock/src/lib.rs".into(),
            line: 42,
            code: "self.locked.store(false, Release)".into(),
            mutation: "Release -> Relaxed".into(),
        });
        let (ok, text) = mutants_verdict(&report, Duration::from_secs(3));
        assert!(!ok, "{text}");
        assert!(
            text.contains("survived: code/spin-lock/src/lib.rs:42: Release -> Relaxed"),
            "{text}"
        );
        report.unexplained.clear();
        report
            .stale
            .push("code/spin-lock/mutants.toml: no mutant at src/lib.rs:9".into());
        let (ok, text) = mutants_verdict(&report, Duration::from_secs(3));
        assert!(
            !ok && text.contains("stale: code/spin-lock/mutants.toml"),
            "{text}"
        );
    }
}
