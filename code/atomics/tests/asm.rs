//! Keeps the assembly listings on the chapter's page honest.
//!
//! Compiles `asm/atomic_ops.rs` with the pinned `rustc` for x86-64 and for
//! four flavours of AArch64, cuts each function's instructions out of the
//! output, and compares them with the committed listings in
//! `asm/<flavour>/<function>.s`, which the page includes. After a toolchain
//! update, regenerate the listings with
//!
//! ```text
//! ASM_OVERWRITE=1 cargo test -p atomics --test asm
//! ```
//!
//! and read the diff before committing it, as with trybuild's `.stderr`
//! files. A flavour whose target is not installed (`rustup target add
//! aarch64-unknown-linux-gnu`) is skipped with a note, and so is everything
//! when `rustc` is not the version pinned in `rust-toolchain.toml`: the
//! listings are the pinned compiler's output and no other's.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One way of compiling `asm/atomic_ops.rs`.
struct Flavour {
    /// The folder under `asm/` holding its listings.
    dir: &'static str,
    target: &'static str,
    flags: &'static [&'static str],
}

const X86_64: Flavour = Flavour {
    dir: "x86_64",
    target: "x86_64-unknown-linux-gnu",
    flags: &["-C", "llvm-args=-x86-asm-syntax=intel"],
};

/// The target's default: `outline-atomics`, calls into helper functions that
/// pick LL/SC or LSE instructions when the program runs.
const AARCH64: Flavour = Flavour {
    dir: "aarch64",
    target: "aarch64-unknown-linux-gnu",
    flags: &[],
};

/// ARMv8.0 load-linked/store-conditional loops, inlined.
const AARCH64_LLSC: Flavour = Flavour {
    dir: "aarch64-llsc",
    target: "aarch64-unknown-linux-gnu",
    flags: &["-C", "target-feature=-outline-atomics"],
};

/// ARMv8.1 Large System Extensions: single atomic instructions.
const AARCH64_LSE: Flavour = Flavour {
    dir: "aarch64-lse",
    target: "aarch64-unknown-linux-gnu",
    flags: &["-C", "target-feature=+lse"],
};

/// A build for a specific recent core (`-C target-cpu=neoverse-n1`, the
/// core of AWS Graviton 2): LSE inline, and `ldapr` (FEAT_LRCPC) for
/// `Acquire` loads. `aarch64-apple-darwin`'s default CPU has both too.
const AARCH64_RCPC: Flavour = Flavour {
    dir: "aarch64-rcpc",
    target: "aarch64-unknown-linux-gnu",
    flags: &["-C", "target-cpu=neoverse-n1"],
};

#[test]
#[cfg_attr(miri, ignore)]
fn x86_64_listings() {
    check(&X86_64);
}

#[test]
#[cfg_attr(miri, ignore)]
fn aarch64_outline_atomics_listings() {
    check(&AARCH64);
}

#[test]
#[cfg_attr(miri, ignore)]
fn aarch64_llsc_listings() {
    check(&AARCH64_LLSC);
}

#[test]
#[cfg_attr(miri, ignore)]
fn aarch64_lse_listings() {
    check(&AARCH64_LSE);
}

#[test]
#[cfg_attr(miri, ignore)]
fn aarch64_rcpc_listings() {
    check(&AARCH64_RCPC);
}

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rustc() -> Command {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let mut command = Command::new(rustc);
    // Inside the repository, rustup picks the toolchain from
    // `rust-toolchain.toml`.
    command.current_dir(crate_dir());
    command
}

/// The `channel` line of `rust-toolchain.toml`, e.g. `1.95.0`.
fn pinned_version() -> String {
    let toolchain =
        fs::read_to_string(crate_dir().join("../../rust-toolchain.toml"))
            .expect("rust-toolchain.toml at the repository root");
    toolchain
        .lines()
        .find_map(|line| line.trim().strip_prefix("channel"))
        .map(|rest| {
            rest.trim_start_matches([' ', '=']).trim().trim_matches('"')
        })
        .expect("a channel in rust-toolchain.toml")
        .to_owned()
}

/// The `release:` line of `rustc -vV`.
fn rustc_version() -> String {
    let output = rustc().arg("-vV").output().expect("rustc runs");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("release: "))
        .unwrap_or("unknown")
        .to_owned()
}

fn check(flavour: &Flavour) {
    let pinned = pinned_version();
    let found = rustc_version();
    if found != pinned {
        println!(
            "note: skipping the {} listings: they are rustc {pinned}'s output, \
             and this rustc is {found}",
            flavour.dir
        );
        return;
    }
    let Some(assembly) = compile(flavour) else {
        println!(
            "note: skipping the {} listings: core for {} is not installed \
             (rustup target add {})",
            flavour.dir, flavour.target, flavour.target
        );
        return;
    };

    let source = crate_dir().join("asm/atomic_ops.rs");
    let functions = function_names(
        &fs::read_to_string(&source).expect("asm/atomic_ops.rs"),
    );
    let listing_dir = crate_dir().join("asm").join(flavour.dir);
    let overwrite =
        std::env::var_os("ASM_OVERWRITE").is_some_and(|value| value == "1");
    let comment = if flavour.target.starts_with("x86") {
        "#"
    } else {
        "//"
    };

    let mut failures = String::new();
    for function in &functions {
        let actual =
            listing(&assembly, function, comment).unwrap_or_else(|| {
                panic!("no function `{function}` in the {} output", flavour.dir)
            });
        let path = listing_dir.join(format!("{function}.s"));
        if overwrite {
            fs::create_dir_all(&listing_dir)
                .expect("create the listing folder");
            fs::write(&path, &actual).expect("write the listing");
            continue;
        }
        let expected = fs::read_to_string(&path).unwrap_or_default();
        if expected != actual {
            let _ = write!(
                failures,
                "\n{}: the listing differs from rustc's output\n{}",
                path.display(),
                diff(&expected, &actual)
            );
        }
    }
    // A listing whose function is gone would go on showing on the page.
    for stale in listings_in(&listing_dir) {
        if !functions.contains(&stale) {
            if overwrite {
                fs::remove_file(listing_dir.join(format!("{stale}.s")))
                    .expect("remove");
            } else {
                let _ = write!(
                    failures,
                    "\n{}/{stale}.s: no such function in asm/atomic_ops.rs",
                    flavour.dir
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{failures}\n\nIf the new output is right (say, after a toolchain update), \
         regenerate with `ASM_OVERWRITE=1 cargo test -p atomics --test asm` and \
         review the diff."
    );
}

/// Compiles `asm/atomic_ops.rs` to assembly; `None` when the target's
/// `core` is not installed.
fn compile(flavour: &Flavour) -> Option<String> {
    // A folder per flavour: the tests run in parallel, and rustc writes an
    // intermediate file beside its output and copies it. A CI run once
    // failed with rustc's "could not copy" of that file while all flavours
    // shared one folder; why is not known, and separate folders avoid it.
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("asm")
        .join(flavour.dir);
    fs::create_dir_all(&out_dir).expect("create the temporary folder");
    let output_file = out_dir.join("atomic_ops.s");
    let output = rustc()
        .args([
            "--edition",
            "2024",
            "--crate-type=lib",
            "--crate-name=atomic_ops",
        ])
        .args([
            "-C",
            "opt-level=3",
            "-C",
            "codegen-units=1",
            "--emit",
            "asm",
        ])
        .args(["--target", flavour.target])
        .args(flavour.flags)
        .arg("-o")
        .arg(&output_file)
        .arg("asm/atomic_ops.rs")
        .output()
        .expect("rustc runs");
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stderr.contains("E0463") {
            return None;
        }
        panic!("rustc failed for {}:\n{stderr}", flavour.dir);
    }
    Some(fs::read_to_string(&output_file).expect("read rustc's assembly"))
}

/// The names of the `pub fn`s in the demo source, in order.
fn function_names(source: &str) -> Vec<String> {
    source
        .lines()
        .filter_map(|line| line.trim().strip_prefix("pub fn "))
        .map(|rest| rest.split('(').next().unwrap_or_default().to_owned())
        .collect()
}

fn listings_in(dir: &Path) -> BTreeSet<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return BTreeSet::new();
    };
    entries
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".s").map(str::to_owned)
        })
        .collect()
}

/// The instructions of `function`, one per line: directives, comments and
/// the function's own label dropped, whitespace normalised, and the local
/// branch labels renamed `.L1`, `.L2`, ... in order, so that adding a
/// function to the file does not renumber every other listing.
fn listing(assembly: &str, function: &str, comment: &str) -> Option<String> {
    let mut lines = assembly.lines();
    lines.find(|line| line.trim_end() == format!("{function}:"))?;
    let mut body = Vec::new();
    for line in lines {
        let line = line.split(comment).next().unwrap_or_default().trim();
        if line.starts_with(".Lfunc_end") {
            break;
        }
        if line.is_empty() || (line.starts_with('.') && !line.ends_with(':')) {
            continue;
        }
        body.push(line.to_owned());
    }

    // Longest first, so that `.LBB1_1` does not rewrite part of `.LBB1_10`.
    let mut labels: Vec<(String, String)> = body
        .iter()
        .filter_map(|line| line.strip_suffix(':'))
        .enumerate()
        .map(|(index, label)| (label.to_owned(), format!(".L{}", index + 1)))
        .collect();
    labels.sort_by_key(|(label, _)| std::cmp::Reverse(label.len()));

    let mut text = String::new();
    for line in body {
        let mut line = line;
        for (label, renamed) in &labels {
            line = line.replace(label.as_str(), renamed);
        }
        if line.ends_with(':') {
            text.push_str(&line);
        } else {
            let mut words = line.split_whitespace();
            let mut mnemonic = words.next().unwrap_or_default().to_owned();
            if mnemonic == "lock" {
                mnemonic.push(' ');
                mnemonic.push_str(words.next().unwrap_or_default());
            }
            let operands = words.collect::<Vec<_>>().join(" ");
            let _ = write!(text, "    {mnemonic:<9} {operands}");
            text.truncate(text.trim_end().len());
        }
        text.push('\n');
    }
    Some(text)
}

/// A line-by-line comparison: `-` expected, `+` actual.
fn diff(expected: &str, actual: &str) -> String {
    let expected: Vec<&str> = expected.lines().collect();
    let actual: Vec<&str> = actual.lines().collect();
    let mut text = String::new();
    for index in 0..expected.len().max(actual.len()) {
        match (expected.get(index), actual.get(index)) {
            (Some(old), Some(new)) if old == new => {
                let _ = writeln!(text, "  {old}");
            }
            (old, new) => {
                if let Some(old) = old {
                    let _ = writeln!(text, "- {old}");
                }
                if let Some(new) = new {
                    let _ = writeln!(text, "+ {new}");
                }
            }
        }
    }
    text
}
