//! `cargo xtask test`: every check CI runs, one line per stage.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::pages::chapters;
use crate::tools::{self, PY_LINTERS};
use crate::util::{self, Finished, cargo, rel};
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
        about: "Rust blocks included from code/, includes and anchors resolve, no orphan pages, examples listed",
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
        about: "every example program runs and exits 0 within its time limit",
        run: examples,
    },
    Stage {
        name: "exercises",
        about: "solutions pass their exercise tests; starters fail them",
        run: exercises,
    },
    Stage {
        name: "loom",
        about: "loom models under --cfg loom, release, LOOM_MAX_PREEMPTIONS=3",
        run: loom,
    },
    Stage {
        name: "miri",
        about: "cargo +nightly miri test on crates with unsafe or atomics",
        run: miri,
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

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| util::root().join("target"))
}

/// The arguments an example declares for CI with `// ci-args: ...`.
fn ci_args(source: &Path) -> Vec<String> {
    fs::read_to_string(source)
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.trim().strip_prefix("// ci-args:").map(str::to_string))
        .map(|args| args.split_whitespace().map(String::from).collect())
        .unwrap_or_default()
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
            let mut cmd = Command::new(&binary);
            cmd.args(ci_args(&source)).current_dir(util::root());
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
        }
    }
    if !errors.is_empty() {
        return Outcome::Fail(errors.join("\n"));
    }
    let mut text = format!("{ran} examples ran and exited 0");
    if !slow.is_empty() {
        // Reported, never failed: timings depend on the machine.
        text.push_str(&format!(
            "; slower than the ~1 s the style asks for: {}",
            slow.join(", ")
        ));
    }
    Outcome::Pass(text)
}

fn exercises() -> Outcome {
    let crates = exercise_crates();
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
            return fail(
                &format!(
                    "code/{krate}/exercise/solution.rs fails its tests: `cargo test -p {krate} --test exercise --features solution`"
                ),
                &done,
                60,
            );
        }
        let mut starter = cargo();
        starter.args(["test", "-p", krate, "--locked", "--test", "exercise"]);
        let done = util::run(starter, minutes(10));
        if done.timed_out {
            return fail(
                &format!("the starter's tests for {krate} hang; they must fail"),
                &done,
                30,
            );
        }
        if done.success() {
            return Outcome::Fail(format!(
                "code/{krate}/exercise/starter.rs passes the exercise tests: the tests must fail until the learner has done the exercise"
            ));
        }
    }
    Outcome::Pass(format!(
        "{} exercise(s): solutions pass, starters fail",
        crates.len()
    ))
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
        let mut cmd = cargo();
        cmd.args([
            "test",
            "-p",
            krate,
            "--locked",
            "--release",
            "--test",
            "loom",
        ])
        .env("RUSTFLAGS", "--cfg loom")
        .env("LOOM_MAX_PREEMPTIONS", "3")
        .env("CARGO_TARGET_DIR", target_dir().join("loom"));
        let done = util::run(cmd, minutes(20));
        if !done.success() {
            return fail(&format!("loom models of {krate}"), &done, 60);
        }
        passed += passed_tests(&done.output);
        // The exercise's own loom models, against the solution.
        let exercise = util::root()
            .join("code")
            .join(krate)
            .join("tests/exercise.rs");
        if fs::read_to_string(&exercise).is_ok_and(|t| t.contains("cfg(loom)")) {
            let mut cmd = cargo();
            cmd.args([
                "test",
                "-p",
                krate,
                "--locked",
                "--release",
                "--test",
                "exercise",
                "--features",
                "solution",
            ])
            .env("RUSTFLAGS", "--cfg loom")
            .env("LOOM_MAX_PREEMPTIONS", "3")
            .env("CARGO_TARGET_DIR", target_dir().join("loom"));
            let done = util::run(cmd, minutes(20));
            if !done.success() {
                return fail(&format!("loom models of {krate}'s exercise"), &done, 60);
            }
            passed += passed_tests(&done.output);
        }
    }
    Outcome::Pass(format!(
        "{passed} loom models passed in {}",
        crates.join(", ")
    ))
}

/// Crates whose code uses `unsafe` or atomics, which Miri must check.
fn miri_crates() -> Vec<String> {
    chapters()
        .into_iter()
        .filter(|c| {
            let dir = util::root().join("code").join(c);
            ["src", "exercise", "tests"].iter().any(|sub| {
                util::files_with_suffix(&dir.join(sub), ".rs")
                    .iter()
                    .any(|f| {
                        let text = fs::read_to_string(f).unwrap_or_default();
                        text.contains("unsafe ") || text.contains("atomic::")
                    })
            })
        })
        .collect()
}

fn miri() -> Outcome {
    let probe = Command::new("cargo")
        .args(["+nightly", "miri", "--version"])
        .current_dir(util::root())
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        return Outcome::Skip(
            "no nightly toolchain with Miri: `rustup toolchain install nightly --component miri rust-src` enables this stage"
                .into(),
        );
    }
    let crates = miri_crates();
    let mut passed = 0;
    for krate in &crates {
        let mut runs = vec![vec!["+nightly", "miri", "test", "-p", krate.as_str()]];
        if exercise_crates().contains(krate) {
            runs.push(vec![
                "+nightly",
                "miri",
                "test",
                "-p",
                krate.as_str(),
                "--test",
                "exercise",
                "--features",
                "solution",
            ]);
        }
        for args in runs {
            let mut cmd = Command::new("cargo");
            cmd.args(&args)
                .current_dir(util::root())
                .env("CARGO_TARGET_DIR", target_dir().join("miri"))
                .env_remove("RUSTFLAGS");
            let done = util::run(cmd, minutes(20));
            if !done.success() {
                return fail(&format!("`cargo {}`", args.join(" ")), &done, 60);
            }
            passed += passed_tests(&done.output);
        }
    }
    Outcome::Pass(format!(
        "{passed} tests passed under Miri in {}",
        crates.join(", ")
    ))
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
