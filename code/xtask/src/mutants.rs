//! `cargo xtask mutants`: every ordering and every wake-up is tested.
//!
//! For each chapter file that builds a primitive on atomics (library code
//! under `src/` and `exercise/solution.rs`), this makes every mutant:
//!
//! - each `Acquire` or `Release` weakened to `Relaxed`;
//! - each `AcqRel` to `Acquire` and to `Release`;
//! - each `SeqCst` to the weaker ordering the operation allows (`Acquire`
//!   for a load or a compare-exchange's failure ordering, `Release` for a
//!   store, `AcqRel` for a read-modify-write or a fence);
//! - each `Acquire`, `Release` or `AcqRel` fence removed;
//! - each call that wakes a sleeper (`wake_one`, `wake_all`, `notify_one`,
//!   `notify_all`, `unpark`, `wake`, `wake_by_ref`) removed.
//!
//! It does not rebuild per mutant. It copies the workspace, rewrites each
//! mutation site as a switch (`if mutant 17 is on { Relaxed } else {
//! Acquire }`, a "mutant schema"), builds each crate's tests and loom models
//! once, and runs them with `HB_MUTANT=<id>`, one test at a time, until one
//! fails: loom models first, then tests about the mutant's file, each list
//! led by the test that caught the last mutant. A mutant is caught when a
//! test fails, aborts or hangs past a bound (four times its clean run, at
//! least 15 s). A survivor fails
//! the stage unless `code/<crate>/mutants.toml` justifies it:
//!
//! ```toml
//! [[justified]]
//! file = "src/step4_one_weak.rs"
//! code = "self.weak.store(1, Release);"   # the site's line, trimmed
//! mutation = "Release -> Relaxed"
//! reason = "load buffering: loom does not explore it (the page says so)"
//! ```
//!
//! A file whose first lines contain `mutants: skip` (code that is broken on
//! purpose) is left alone, and so is each crate's `src/sync.rs` shim; so is
//! a function with `mutants: skip` in the comment or doc lines just above
//! its signature.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use proc_macro2::{LineColumn, Span};
use serde::Deserialize;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};

use crate::pages::chapters;
use crate::util::{self, rel};

const ORDERINGS: &[&str] = &["Relaxed", "Acquire", "Release", "AcqRel", "SeqCst"];
const WAKES: &[&str] = &[
    "wake_one",
    "wake_all",
    "notify_one",
    "notify_all",
    "unpark",
    "wake",
    "wake_by_ref",
];
/// Test targets that never run the chapter's code at run time.
const SKIP_TESTS: &[&str] = &["compile_fail"];

/// What kind of operation an ordering argument belongs to.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Op {
    Load,
    Store,
    Rmw,
    /// A compare-exchange's (or `fetch_update`'s) failure/fetch ordering.
    Failure,
}

fn op_of(method: &str, arg: usize, args: usize) -> Option<Op> {
    match method {
        "load" => Some(Op::Load),
        "store" => Some(Op::Store),
        "compare_exchange" | "compare_exchange_weak" => Some(if arg + 1 == args {
            Op::Failure
        } else {
            Op::Rmw
        }),
        // fetch_update(set_order, fetch_order, f), try_update, update
        "fetch_update" | "try_update" | "update" => {
            Some(if arg == 0 { Op::Rmw } else { Op::Failure })
        }
        m if m == "swap" || m.starts_with("fetch_") => Some(Op::Rmw),
        _ => None,
    }
}

/// The weaker orderings each literal ordering is replaced by.
fn weaker(op: Op, ordering: &str) -> Vec<&'static str> {
    match (op, ordering) {
        (_, "Acquire" | "Release") => vec!["Relaxed"],
        (Op::Rmw, "AcqRel") => vec!["Acquire", "Release"],
        (Op::Load | Op::Failure, "SeqCst") => vec!["Acquire"],
        (Op::Store, "SeqCst") => vec!["Release"],
        (Op::Rmw, "SeqCst") => vec!["AcqRel"],
        _ => vec![],
    }
}

/// One place in a file, rewritten as a switch over its mutants.
#[derive(Debug)]
struct Site {
    start: LineColumn,
    end: LineColumn,
    /// The line that names the site in reports and in `mutants.toml`: the
    /// line of the method or function name.
    line: usize,
    /// (description, replacement source) for each mutant of this site.
    variants: Vec<(String, String)>,
}

/// One mutant, as reported.
#[derive(Debug, Clone)]
pub struct Mutant {
    pub id: usize,
    pub file: String,
    pub line: usize,
    pub code: String,
    pub mutation: String,
}

struct Finder<'a> {
    source: &'a str,
    sites: Vec<Site>,
}

fn last_segment(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

impl Finder<'_> {
    fn text(&self, span: Span) -> String {
        let (start, end) = (
            offset(self.source, span.start()),
            offset(self.source, span.end()),
        );
        self.source[start..end].to_string()
    }

    fn ordering_args<'e>(
        &mut self,
        method: &str,
        line: usize,
        args: impl ExactSizeIterator<Item = &'e syn::Expr>,
    ) {
        let count = args.len();
        for (i, arg) in args.enumerate() {
            let Some(name) = last_segment(arg) else {
                continue;
            };
            if !ORDERINGS.contains(&name.as_str()) {
                continue;
            }
            let Some(op) = op_of(method, i, count) else {
                continue;
            };
            let variants = weaker(op, &name)
                .into_iter()
                .map(|w| {
                    (
                        format!(
                            "{method}{}: {name} -> {w}",
                            if op == Op::Failure { " (failure)" } else { "" }
                        ),
                        format!("::core::sync::atomic::Ordering::{w}"),
                    )
                })
                .collect::<Vec<_>>();
            if !variants.is_empty() {
                self.sites.push(Site {
                    start: arg.span().start(),
                    end: arg.span().end(),
                    line,
                    variants,
                });
            }
        }
    }

    /// A call that wakes a sleeper, or a fence: removed (and a fence's
    /// ordering weakened). Returns whether it was one.
    fn whole_call(
        &mut self,
        name: &str,
        line: usize,
        expr: &syn::Expr,
        args: Vec<&syn::Expr>,
    ) -> bool {
        let original = self.text(expr.span());
        let removed = "::core::default::Default::default()".to_string();
        if WAKES.contains(&name) {
            self.sites.push(Site {
                start: expr.span().start(),
                end: expr.span().end(),
                line,
                variants: vec![(format!("remove {name}"), removed)],
            });
            return true;
        }
        if name == "fence" || name == "compiler_fence" {
            let Some(ordering) = args.first().and_then(|a| last_segment(a)) else {
                return true;
            };
            let mut variants = Vec::new();
            if matches!(ordering.as_str(), "Acquire" | "Release" | "AcqRel") {
                variants.push((format!("remove {name}({ordering})"), removed));
            }
            let weakened: &[&str] = match ordering.as_str() {
                "AcqRel" => &["Acquire", "Release"],
                "SeqCst" => &["AcqRel"],
                _ => &[],
            };
            let arg_text = self.text(args[0].span());
            for w in weakened {
                variants.push((
                    format!("{name}: {ordering} -> {w}"),
                    original.replacen(
                        &arg_text,
                        &format!("::core::sync::atomic::Ordering::{w}"),
                        1,
                    ),
                ));
            }
            if !variants.is_empty() {
                self.sites.push(Site {
                    start: expr.span().start(),
                    end: expr.span().end(),
                    line,
                    variants,
                });
            }
            return true;
        }
        false
    }
}

impl Finder<'_> {
    /// Whether the two lines above `span`, or any line from there to `sig_line`, say
    /// `mutants: skip` (a function broken on purpose).
    fn skipped(&self, span: Span, sig_line: usize) -> bool {
        let first = span.start().line.saturating_sub(2).max(1);
        self.source
            .lines()
            .skip(first - 1)
            .take(sig_line + 1 - first)
            .any(|l| l.contains("mutants: skip"))
    }
}

impl<'ast> Visit<'ast> for Finder<'_> {
    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        if !self.skipped(item.span(), item.sig.ident.span().start().line) {
            visit::visit_item_fn(self, item);
        }
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        if !self.skipped(item.span(), item.sig.ident.span().start().line) {
            visit::visit_impl_item_fn(self, item);
        }
    }

    fn visit_expr(&mut self, expr: &'ast syn::Expr) {
        match expr {
            syn::Expr::MethodCall(call) => {
                let name = call.method.to_string();
                let line = call.method.span().start().line;
                if self.whole_call(&name, line, expr, call.args.iter().collect()) {
                    return;
                }
                self.ordering_args(&name, line, call.args.iter());
            }
            syn::Expr::Call(call) => {
                if let Some(name) = last_segment(&call.func) {
                    let line = call.func.span().end().line;
                    if self.whole_call(&name, line, expr, call.args.iter().collect()) {
                        return;
                    }
                }
            }
            _ => {}
        }
        visit::visit_expr(self, expr);
    }
}

/// The byte offset of a proc-macro2 line/column (1-based line, column in
/// chars).
fn offset(source: &str, at: LineColumn) -> usize {
    let line_start: usize = source
        .split_inclusive('\n')
        .take(at.line - 1)
        .map(str::len)
        .sum();
    let line = &source[line_start..];
    line_start
        + line
            .char_indices()
            .nth(at.column)
            .map_or(line.len(), |(i, _)| i)
}

fn switch(id: usize) -> String {
    format!(
        "{{ static ON: ::std::sync::OnceLock<bool> = ::std::sync::OnceLock::new(); \
         *ON.get_or_init(|| ::std::env::var(\"HB_MUTANT\").as_deref() == Ok(\"{id}\")) }}"
    )
}

/// Rewrites `source` with a switch at every site; returns the new text and
/// the mutants, numbered from `next_id`.
fn schematize(
    source: &str,
    file: &str,
    next_id: &mut usize,
) -> Result<(String, Vec<Mutant>), String> {
    let syntax = syn::parse_file(source).map_err(|e| format!("{file}: does not parse: {e}"))?;
    let mut finder = Finder {
        source,
        sites: Vec::new(),
    };
    finder.visit_file(&syntax);
    let mut sites = finder.sites;
    sites.sort_by_key(|s| (s.start.line, s.start.column));
    let lines: Vec<&str> = source.lines().collect();
    let mut mutants = Vec::new();
    let mut out = String::new();
    let mut copied = 0;
    for site in sites {
        let (start, end) = (offset(source, site.start), offset(source, site.end));
        if start < copied {
            continue; // nested in a site already rewritten
        }
        out.push_str(&source[copied..start]);
        let original = &source[start..end];
        let mut expr = String::from("(");
        for (mutation, replacement) in site.variants {
            let id = *next_id;
            *next_id += 1;
            write!(expr, "if {} {{ {replacement} }} else ", switch(id)).unwrap();
            mutants.push(Mutant {
                id,
                file: file.to_string(),
                line: site.line,
                code: lines[site.line - 1].trim().to_string(),
                mutation,
            });
        }
        write!(expr, "{{ {original} }})").unwrap();
        out.push_str(&expr);
        copied = end;
    }
    out.push_str(&source[copied..]);
    Ok((out, mutants))
}

/// The files of `krate` to mutate, relative to its folder.
fn mutable_files(krate: &str) -> Vec<String> {
    let dir = util::root().join("code").join(krate);
    let mut files = util::files_with_suffix(&dir.join("src"), ".rs");
    let solution = dir.join("exercise/solution.rs");
    if solution.exists() {
        files.push(solution);
    }
    files
        .into_iter()
        .filter(|f| f.file_name().is_some_and(|n| n != "sync.rs"))
        .filter(|f| {
            let text = fs::read_to_string(f).unwrap_or_default();
            let head: String = text.lines().take(10).collect::<Vec<_>>().join("\n");
            !head.contains("mutants: skip")
                && (ORDERINGS[1..].iter().any(|o| text.contains(o))
                    || WAKES.iter().any(|w| text.contains(&format!("{w}("))))
        })
        .map(|f| {
            f.strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Justifications {
    #[serde(default)]
    justified: Vec<Justified>,
    /// Test targets this crate's mutants need not run (slow and unrelated).
    #[serde(default)]
    skip_tests: Vec<String>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Justified {
    file: String,
    code: String,
    mutation: String,
    reason: String,
}

fn justifications(krate: &str) -> Result<Justifications, String> {
    let path = util::root().join("code").join(krate).join("mutants.toml");
    let Ok(text) = fs::read_to_string(&path) else {
        return Ok(Justifications::default());
    };
    let parsed: Justifications =
        toml::from_str(&text).map_err(|e| format!("{}: {e}", rel(&path)))?;
    for j in &parsed.justified {
        if j.reason.trim().len() < 20 {
            return Err(format!(
                "{}: the justification of `{}` in {} needs a real reason",
                rel(&path),
                j.mutation,
                j.file
            ));
        }
    }
    Ok(parsed)
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if name == "target" || name == "node_modules" || name == ".git" {
            continue;
        }
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            copy_tree(&path, &to.join(&name))?;
        } else {
            fs::copy(&path, to.join(&name))?;
        }
    }
    Ok(())
}

/// The copy of the workspace the schemata are written into.
fn prepare_workspace(
    crates: &[String],
) -> Result<(PathBuf, BTreeMap<String, Vec<Mutant>>), String> {
    let root = util::root();
    // One copy per run, so two runs (say, two chapters' authors) do not
    // overwrite each other's schemata.
    let ws = root
        .join("target/mutants")
        .join(format!("ws-{}", std::process::id()));
    let _ = fs::remove_dir_all(&ws);
    fs::create_dir_all(&ws).map_err(|e| e.to_string())?;
    for file in ["Cargo.toml", "Cargo.lock", "rust-toolchain.toml"] {
        fs::copy(root.join(file), ws.join(file)).map_err(|e| format!("{file}: {e}"))?;
    }
    copy_tree(&root.join(".cargo"), &ws.join(".cargo")).map_err(|e| e.to_string())?;
    copy_tree(&root.join("code"), &ws.join("code")).map_err(|e| e.to_string())?;
    let mut next_id = 1;
    let mut all = BTreeMap::new();
    for krate in crates {
        let mut mutants = Vec::new();
        for file in mutable_files(krate) {
            let path = ws.join("code").join(krate).join(&file);
            let source = fs::read_to_string(&path).map_err(|e| e.to_string())?;
            let (text, found) = schematize(&source, &file, &mut next_id)?;
            fs::write(&path, text).map_err(|e| e.to_string())?;
            mutants.extend(found);
        }
        all.insert(krate.clone(), mutants);
    }
    Ok((ws, all))
}

/// One test binary to run, and how.
#[derive(Debug)]
struct Binary {
    path: PathBuf,
    name: String,
    loom: bool,
    /// Tests in it that compile programs with trybuild: they check compile
    /// errors, which no mutant changes, and take a minute each.
    skip: Vec<String>,
}

/// The tests in a test target's source that call trybuild.
fn trybuild_tests(source: &Path) -> Vec<String> {
    let Ok(text) = fs::read_to_string(source) else {
        return Vec::new();
    };
    let Ok(file) = syn::parse_file(&text) else {
        return Vec::new();
    };
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Fn(f) => Some(f),
            _ => None,
        })
        .filter(|f| {
            use quote::ToTokens;
            f.block.to_token_stream().to_string().contains("trybuild")
        })
        .map(|f| f.sig.ident.to_string())
        .collect()
}

fn build(
    ws: &Path,
    krate: &str,
    loom: bool,
    solution: bool,
    skip: &[String],
) -> Result<Vec<Binary>, String> {
    let mut cmd = util::cargo();
    cmd.current_dir(ws);
    cmd.args([
        "test",
        "-p",
        krate,
        "--locked",
        "--no-run",
        "--message-format=json",
    ]);
    // The same target folders as the test and loom stages, so the
    // dependencies are built once; the copy's crates get their own hashes.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| util::root().join("target"));
    let target = if loom { target.join("loom") } else { target };
    cmd.env("CARGO_TARGET_DIR", &target);
    if loom {
        cmd.args(["--release"]).env("RUSTFLAGS", "--cfg loom");
    } else {
        cmd.env_remove("RUSTFLAGS");
    }
    if solution {
        cmd.args(["--features", "solution", "--test", "exercise"]);
    } else if loom {
        cmd.args(["--test", "loom"]);
    } else {
        cmd.args(["--lib", "--tests"]);
    }
    let done = util::run(cmd, Duration::from_secs(20 * 60));
    if !done.success() {
        let errors: Vec<&str> = done
            .stdout
            .lines()
            .filter_map(|l| l.split_once("\"rendered\":\"").map(|(_, r)| r))
            .take(3)
            .collect();
        return Err(format!(
            "building the mutant schemata of {krate} (loom: {loom}, solution: {solution}) {}:\n{}\n{}",
            done.describe(),
            errors.join("\n").replace("\\n", "\n"),
            done.tail(20)
        ));
    }
    let mut binaries = Vec::new();
    for line in done.stdout.lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if msg["reason"] != "compiler-artifact" || msg["profile"]["test"] != true {
            continue;
        }
        let Some(exe) = msg["executable"].as_str() else {
            continue;
        };
        let name = msg["target"]["name"].as_str().unwrap_or("").to_string();
        if SKIP_TESTS.contains(&name.as_str()) || skip.contains(&name) {
            continue;
        }
        let source = PathBuf::from(msg["target"]["src_path"].as_str().unwrap_or(""));
        binaries.push(Binary {
            path: PathBuf::from(exe),
            name,
            loom,
            skip: trybuild_tests(&source),
        });
    }
    Ok(binaries)
}

/// One test of one binary: the stage runs tests one at a time, so a
/// mutant costs only the tests run before the one that catches it.
struct Unit {
    binary: usize,
    test: String,
    baseline: Duration,
}

/// The tests `binary` runs (not ignored ones, not its trybuild tests).
fn list_tests(ws: &Path, krate: &str, binary: &Binary) -> Result<Vec<String>, String> {
    let list = |ignored: bool| -> Result<Vec<String>, String> {
        let mut cmd = Command::new(&binary.path);
        cmd.args(["--list", "--format", "terse"]);
        if ignored {
            cmd.arg("--ignored");
        }
        cmd.current_dir(ws.join("code").join(krate));
        let done = util::run(cmd, Duration::from_secs(60));
        if !done.success() {
            return Err(format!(
                "{krate}: listing the tests of `{}` {}:\n{}",
                binary.name,
                done.describe(),
                done.tail(10)
            ));
        }
        Ok(done
            .stdout
            .lines()
            .filter_map(|l| l.strip_suffix(": test"))
            .map(str::to_string)
            .collect())
    };
    let ignored = list(true)?;
    Ok(list(false)?
        .into_iter()
        .filter(|t| !ignored.contains(t))
        .filter(|t| !binary.skip.iter().any(|s| t.contains(s.as_str())))
        .collect())
}

fn run_test(
    ws: &Path,
    krate: &str,
    binary: &Binary,
    test: &str,
    mutant: usize,
    limit: Duration,
) -> util::Finished {
    let mut cmd = Command::new(&binary.path);
    cmd.args(["--exact", test])
        .current_dir(ws.join("code").join(krate))
        .env("HB_MUTANT", mutant.to_string())
        .env("RUST_BACKTRACE", "0");
    if binary.loom {
        cmd.env("LOOM_MAX_PREEMPTIONS", "3");
    }
    util::run_until(cmd, limit, Some("... FAILED"))
}

/// Whether a test is about the mutant's file: its binary or its path
/// names the file (`src/hazard.rs` and `hazard::protects_the_ticket`), or
/// the file is the exercise's solution and the binary its tests.
fn about(binary: &Binary, test: &str, file: &str) -> bool {
    if file.starts_with("exercise/") {
        return binary.name == "exercise";
    }
    let stem = Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    !stem.is_empty() && (binary.name.contains(stem) || test.contains(stem))
}

/// The outcome of a whole run.
pub struct Report {
    pub caught: usize,
    pub justified: usize,
    pub unexplained: Vec<Mutant>,
    pub stale: Vec<String>,
    pub per_crate: Vec<String>,
}

pub fn run(only: &[String], list: bool, verbose: bool) -> Result<Report, String> {
    let run_justified = verbose;
    let mut crates: Vec<String> = chapters()
        .into_iter()
        .filter(|c| !mutable_files(c).is_empty())
        .collect();
    if !only.is_empty() {
        if let Some(unknown) = only.iter().find(|c| !chapters().contains(c)) {
            return Err(format!("unknown chapter crate `{unknown}`"));
        }
        crates.retain(|c| only.contains(c));
    }
    let (ws, mutants) = prepare_workspace(&crates)?;
    let mut report = Report {
        caught: 0,
        justified: 0,
        unexplained: Vec::new(),
        stale: Vec::new(),
        per_crate: Vec::new(),
    };
    for krate in &crates {
        let found = &mutants[krate];
        if list {
            for m in found {
                println!(
                    "{krate}/{}:{}: {}    | {}",
                    m.file, m.line, m.mutation, m.code
                );
            }
            continue;
        }
        if found.is_empty() {
            continue;
        }
        let started = Instant::now();
        let justifications = justifications(krate)?;
        let exercise = util::root()
            .join("code")
            .join(krate)
            .join("exercise/solution.rs")
            .exists();
        let has_loom = util::root()
            .join("code")
            .join(krate)
            .join("tests/loom.rs")
            .exists();
        let mut binaries = build(&ws, krate, false, false, &justifications.skip_tests)?;
        if exercise {
            binaries.extend(build(&ws, krate, false, true, &justifications.skip_tests)?);
        }
        if has_loom {
            binaries.extend(build(&ws, krate, true, false, &justifications.skip_tests)?);
        }
        let exercise_loom = exercise
            && fs::read_to_string(
                util::root()
                    .join("code")
                    .join(krate)
                    .join("tests/exercise.rs"),
            )
            .unwrap_or_default()
            .contains("cfg(loom)");
        if exercise_loom {
            binaries.extend(build(&ws, krate, true, true, &justifications.skip_tests)?);
        }
        // Every test must pass on the unmutated code; its time sets its bound.
        let mut units = Vec::new();
        for (b, binary) in binaries.iter().enumerate() {
            for test in list_tests(&ws, krate, binary)? {
                let t = Instant::now();
                let done = run_test(&ws, krate, binary, &test, 0, Duration::from_secs(600));
                if !done.success() {
                    return Err(format!(
                        "{krate}: test `{test}` of `{}` fails without any mutant {}:\n{}",
                        binary.name,
                        done.describe(),
                        done.tail(30)
                    ));
                }
                units.push(Unit {
                    binary: b,
                    test,
                    baseline: t.elapsed(),
                });
            }
        }
        if verbose {
            println!(
                "    {krate}: {} tests in {} binaries ran clean in {:.1}s",
                units.len(),
                binaries.len(),
                started.elapsed().as_secs_f64()
            );
        }
        // Loom models first: on x86 the ordinary tests rarely see a weakened
        // ordering, and loom reports a lost wake-up as a deadlock at once.
        // Within that, quick tests first. After that, whichever test caught
        // the last mutant goes first, and tests about the mutant's file go
        // before the others.
        units.sort_by_key(|u| (!binaries[u.binary].loom, u.baseline));
        let mut used = vec![false; justifications.justified.len()];
        let (mut caught, mut justified, mut unexplained) = (0, 0, 0);
        for mutant in found {
            let justification = justifications.justified.iter().position(|j| {
                j.file == mutant.file && j.code == mutant.code && j.mutation == mutant.mutation
            });
            // The stage trusts a justification instead of spending a full
            // run of every test on a mutant known to survive; the command
            // runs them too, to find justifications that went stale.
            if let (Some(i), false) = (justification, run_justified) {
                used[i] = true;
                justified += 1;
                continue;
            }
            units.sort_by_key(|u| !about(&binaries[u.binary], &u.test, &mutant.file));
            let mut killed = false;
            let t = Instant::now();
            for i in 0..units.len() {
                let unit = &units[i];
                let binary = &binaries[unit.binary];
                let limit = (unit.baseline * 4).max(Duration::from_secs(15));
                let done = run_test(&ws, krate, binary, &unit.test, mutant.id, limit);
                if !done.success() {
                    killed = true;
                    if verbose {
                        println!(
                            "    caught by {}{} {} ({}, {:.1}s): {}:{}: {}",
                            binary.name,
                            if binary.loom { " (loom)" } else { "" },
                            unit.test,
                            done.describe(),
                            t.elapsed().as_secs_f64(),
                            mutant.file,
                            mutant.line,
                            mutant.mutation
                        );
                    }
                    units[..=i].rotate_right(1);
                    break;
                }
            }
            if !killed && verbose {
                println!(
                    "    SURVIVED ({:.1}s): {}:{}: {}    | {}",
                    t.elapsed().as_secs_f64(),
                    mutant.file,
                    mutant.line,
                    mutant.mutation,
                    mutant.code
                );
            }
            match (killed, justification) {
                (true, None) => caught += 1,
                (true, Some(i)) => {
                    used[i] = true;
                    report.stale.push(format!(
                        "code/{krate}/mutants.toml justifies `{}` at {}:{} ({}), but a test now catches it: remove the entry",
                        mutant.mutation, mutant.file, mutant.line, mutant.code
                    ));
                }
                (false, Some(i)) => {
                    used[i] = true;
                    justified += 1;
                }
                (false, None) => {
                    unexplained += 1;
                    report.unexplained.push(Mutant {
                        file: format!("code/{krate}/{}", mutant.file),
                        ..mutant.clone()
                    });
                }
            }
        }
        for (j, used) in justifications.justified.iter().zip(used) {
            if !used {
                report.stale.push(format!(
                    "code/{krate}/mutants.toml justifies `{}` in {} at `{}`, which is no mutant any more",
                    j.mutation, j.file, j.code
                ));
            }
        }
        report.caught += caught;
        report.justified += justified;
        let line = format!(
            "{krate}: {} mutants, {caught} caught, {justified} justified, {unexplained} unexplained ({:.0}s)",
            found.len(),
            started.elapsed().as_secs_f64()
        );
        println!("    {line}");
        report.per_crate.push(line);
    }
    let _ = fs::remove_dir_all(&ws);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mutations(source: &str) -> Vec<String> {
        let mut id = 1;
        let (text, found) = schematize(source, "x.rs", &mut id).unwrap();
        syn::parse_file(&text).expect("the schema parses");
        found.into_iter().map(|m| m.mutation).collect()
    }

    #[test]
    fn weakens_each_ordering_by_its_operation() {
        let source = "fn f(a: &AtomicU32) {
            a.load(Acquire); a.store(1, Ordering::Release); a.load(SeqCst); a.store(2, SeqCst);
            a.fetch_add(1, AcqRel); a.swap(3, SeqCst); a.load(Relaxed);
            let _ = a.compare_exchange(0, 1, Acquire, SeqCst);
        }";
        assert_eq!(
            mutations(source),
            [
                "load: Acquire -> Relaxed",
                "store: Release -> Relaxed",
                "load: SeqCst -> Acquire",
                "store: SeqCst -> Release",
                "fetch_add: AcqRel -> Acquire",
                "fetch_add: AcqRel -> Release",
                "swap: SeqCst -> AcqRel",
                "compare_exchange: Acquire -> Relaxed",
                "compare_exchange (failure): SeqCst -> Acquire",
            ]
        );
    }

    #[test]
    fn removes_wakes_and_fences() {
        let source = "fn f() { wake_one(&w); t.unpark(); fence(Acquire); fence(SeqCst); c.notify_all(); cmp::Ordering::Less; }";
        assert_eq!(
            mutations(source),
            [
                "remove wake_one",
                "remove unpark",
                "remove fence(Acquire)",
                "fence: SeqCst -> AcqRel",
                "remove notify_all",
            ]
        );
    }

    #[test]
    fn a_function_marked_mutants_skip_is_left_alone() {
        let source = "impl X {
            // Broken on purpose (mutants: skip).
            fn wrong(&self) { self.a.load(Acquire); }

            /// Correct.
            fn right(&self) { self.a.load(Acquire); }
        }";
        assert_eq!(mutations(source), ["load: Acquire -> Relaxed"]);
    }

    #[test]
    fn the_schema_switches_on_hb_mutant() {
        let mut id = 7;
        let (text, _) = schematize("fn f(a: &A) { a.load(Acquire); }", "x.rs", &mut id).unwrap();
        assert!(text.contains("== Ok(\"7\")"), "{text}");
        assert!(
            text.contains("Ordering::Relaxed } else { Acquire }"),
            "{text}"
        );
        assert_eq!(id, 8);
    }
}
