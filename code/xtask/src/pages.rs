//! Page rules: every Rust block on a page is included from `code/`, every
//! include and anchor resolves, every page is in `SUMMARY.md`, every chapter
//! has its page, quiz and crate, and every example is listed on its page.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::util::{self, rel};

/// A Markdown page of the book, read once.
#[derive(Debug)]
pub struct Page {
    pub path: PathBuf,
    /// Path relative to `src/`, with `/` separators.
    pub name: String,
    pub text: String,
}

/// All pages under `src/`, except the files mdbook-quiz generates.
pub fn pages() -> Vec<Page> {
    let src = util::root().join("src");
    util::files_with_suffix(&src, ".md")
        .into_iter()
        .filter(|path| !path.starts_with(src.join("quiz")))
        .map(|path| {
            let name = path
                .strip_prefix(&src)
                .expect("found under src/")
                .to_string_lossy()
                .replace('\\', "/");
            let text = fs::read_to_string(&path).unwrap_or_default();
            Page { path, name, text }
        })
        .collect()
}

/// Crates under `code/` that are tools for the chapters, not chapters: they
/// have no page or quiz of their own.
pub const SUPPORT_CRATES: &[&str] = &["xtask", "loom-futex", "test-support"];

/// The chapter crates: every folder under `code/` but the support crates.
pub fn chapters() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(util::root().join("code"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("Cargo.toml").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !SUPPORT_CRATES.contains(&name.as_str()))
        .collect();
    names.sort();
    names
}

/// One `{{#include ...}}`-style directive found on a page.
#[derive(Debug)]
struct Directive {
    kind: String,
    target: String,
    line: usize,
}

fn directives(text: &str) -> Vec<Directive> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(start) = rest.find("{{#") {
            let after = &rest[start + 3..];
            let Some(end) = after.find("}}") else { break };
            let body = after[..end].trim();
            let (kind, target) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
            found.push(Directive {
                kind: kind.to_string(),
                target: target.trim().to_string(),
                line: index + 1,
            });
            rest = &after[end + 2..];
        }
    }
    found
}

/// Splits `file.rs:anchor` / `file.rs:3:10` into the file and the anchor
/// name, if the part after the file is a name rather than line numbers.
fn split_target(target: &str) -> (&str, Option<&str>) {
    match target.split_once(':') {
        None => (target, None),
        Some((file, rest)) => {
            let is_lines = rest
                .split(':')
                .all(|p| p.is_empty() || p.chars().all(|c| c.is_ascii_digit()));
            if is_lines {
                (file, None)
            } else {
                (file, Some(rest))
            }
        }
    }
}

/// Runs the page rules, returning every violation.
pub fn check() -> Result<String, String> {
    let root = util::root();
    let pages = pages();
    let mut errors = Vec::new();

    // Every page is in SUMMARY.md and every SUMMARY.md entry exists.
    let summary = pages.iter().find(|p| p.name == "SUMMARY.md");
    let listed: BTreeSet<String> = summary.map(|s| summary_links(&s.text)).unwrap_or_default();
    if summary.is_none() {
        errors.push("src/SUMMARY.md: missing".to_string());
    }
    for page in &pages {
        if page.name != "SUMMARY.md" && !listed.contains(&page.name) {
            errors.push(format!(
                "{}: orphan page, not listed in src/SUMMARY.md",
                rel(&page.path)
            ));
        }
    }
    for link in &listed {
        if !root.join("src").join(link).exists() {
            errors.push(format!(
                "src/SUMMARY.md: lists {link}, which does not exist"
            ));
        }
    }

    let mut quizzes_used = BTreeSet::new();
    for page in &pages {
        check_code_blocks(page, &mut errors);
        let dir = page.path.parent().expect("a page has a folder");
        for directive in directives(&page.text) {
            let at = format!("{}:{}", rel(&page.path), directive.line);
            match directive.kind.as_str() {
                "include" | "rustdoc_include" => {
                    let (file, anchor) = split_target(&directive.target);
                    let path = normalise(&dir.join(file));
                    if !path.starts_with(root.join("code")) {
                        errors.push(format!("{at}: includes {file}, which is not under code/"));
                    }
                    match fs::read_to_string(&path) {
                        Err(_) => {
                            errors.push(format!("{at}: include target {file} does not exist"))
                        }
                        Ok(source) => {
                            if let Some(anchor) = anchor {
                                let open = source
                                    .lines()
                                    .any(|l| anchor_marker(l, "ANCHOR:") == Some(anchor));
                                let close = source
                                    .lines()
                                    .any(|l| anchor_marker(l, "ANCHOR_END:") == Some(anchor));
                                if !open || !close {
                                    errors.push(format!(
                                        "{at}: {file} has no `ANCHOR: {anchor}` ... `ANCHOR_END: {anchor}` pair"
                                    ));
                                }
                            }
                        }
                    }
                }
                "quiz" => {
                    let path = normalise(&dir.join(&directive.target));
                    if !path.starts_with(root.join("quizzes")) || !path.exists() {
                        errors.push(format!(
                            "{at}: quiz {} is not a file under quizzes/",
                            directive.target
                        ));
                    }
                    quizzes_used.insert(path);
                }
                other => errors.push(format!("{at}: unknown directive {{{{#{other}}}}}")),
            }
        }
    }

    // Chapter shape: crate, lesson page, quiz, examples listed.
    for chapter in chapters() {
        let lesson = format!("{chapter}/index.md");
        let Some(page) = pages.iter().find(|p| p.name == lesson) else {
            errors.push(format!("code/{chapter}: no lesson page src/{lesson}"));
            continue;
        };
        let quiz = root.join("quizzes").join(format!("{chapter}.toml"));
        if !quiz.exists() {
            errors.push(format!("code/{chapter}: no quiz quizzes/{chapter}.toml"));
        } else if !page
            .text
            .contains(&format!("{{{{#quiz ../../quizzes/{chapter}.toml}}}}"))
        {
            errors.push(format!(
                "src/{lesson}: does not embed quizzes/{chapter}.toml"
            ));
        }
        let chapter_pages: Vec<&Page> = pages
            .iter()
            .filter(|p| p.name.starts_with(&format!("{chapter}/")))
            .collect();
        for example in
            util::files_with_suffix(&root.join("code").join(&chapter).join("examples"), ".rs")
        {
            let name = example.file_stem().unwrap_or_default().to_string_lossy();
            let command = format!("cargo run -p {chapter} --example {name}");
            if !chapter_pages.iter().any(|p| p.text.contains(&command)) {
                errors.push(format!(
                    "{}: not listed on a page of src/{chapter}/ as `{command}` (the \"Run it yourself\" section)",
                    rel(&example)
                ));
            }
        }
    }
    for chapter in chapters() {
        errors.extend(copies_of_examples(&root.join("code").join(&chapter)));
    }
    for quiz in util::files_with_suffix(&root.join("quizzes"), ".toml") {
        if quiz.file_name().is_some_and(|n| n == "study-map.toml") {
            continue;
        }
        if !quizzes_used.contains(&quiz) {
            errors.push(format!("{}: no page embeds this quiz", rel(&quiz)));
        }
    }

    if errors.is_empty() {
        Ok(format!("{} pages", pages.len()))
    } else {
        Err(errors.join("\n"))
    }
}

/// The free functions a Rust file defines at its top level or in inline
/// modules (not methods), by name.
fn free_functions(source: &str) -> Vec<String> {
    fn collect(items: &[syn::Item], out: &mut Vec<String>) {
        for item in items {
            match item {
                syn::Item::Fn(f) => out.push(f.sig.ident.to_string()),
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        collect(items, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    if let Ok(file) = syn::parse_file(source) {
        collect(&file.items, &mut out);
    }
    out
}

/// One source of truth: a chapter's library must not keep a copy of an
/// example's functions for its tests to exercise. A test that needs an
/// example's code includes the example as a module (`#[path]`), so the code
/// on the page is the code under test.
fn copies_of_examples(dir: &Path) -> Vec<String> {
    let mut library: BTreeMap<String, PathBuf> = BTreeMap::new();
    for file in util::files_with_suffix(&dir.join("src"), ".rs") {
        for name in free_functions(&fs::read_to_string(&file).unwrap_or_default()) {
            library.entry(name).or_insert_with(|| file.clone());
        }
    }
    let mut errors = Vec::new();
    for example in util::files_with_suffix(&dir.join("examples"), ".rs") {
        for name in free_functions(&fs::read_to_string(&example).unwrap_or_default()) {
            if name == "main" {
                continue;
            }
            if let Some(copy) = library.get(&name) {
                errors.push(format!(
                    "{}: defines `{name}`, and so does {}: tests must exercise the example itself (include it in the test with `#[path = \"../examples/...\"] mod ...;`), not a copy in the library",
                    rel(&example),
                    rel(copy)
                ));
            }
        }
    }
    errors
}

/// The `name` in a `// ANCHOR: name` line, for the given marker.
fn anchor_marker<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let at = line.find(marker)?;
    line[at + marker.len()..].split_whitespace().next()
}

/// Collapses `a/b/../c` without touching the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The `.md` targets of the links in `SUMMARY.md`.
pub fn summary_links(text: &str) -> BTreeSet<String> {
    let mut links = BTreeSet::new();
    for line in text.lines() {
        let mut rest = line;
        while let Some(start) = rest.find("](") {
            let after = &rest[start + 2..];
            let Some(end) = after.find(')') else { break };
            let target = &after[..end];
            if !target.is_empty() {
                links.insert(target.to_string());
            }
            rest = &after[end..];
        }
    }
    links
}

/// A fenced block's info string decides whether it is Rust: mdBook treats
/// `rust`, `rust,ignore`, `rust,compile_fail` ... as Rust.
fn is_rust_fence(info: &str) -> bool {
    info.split([',', ' ', '\t'])
        .next()
        .is_some_and(|lang| lang == "rust" || lang == "rs")
}

fn check_code_blocks(page: &Page, errors: &mut Vec<String>) {
    let mut lines = page.text.lines().enumerate();
    while let Some((index, line)) = lines.next() {
        let trimmed = line.trim_start();
        let fence = if trimmed.starts_with("```") {
            "```"
        } else if trimmed.starts_with("~~~") {
            "~~~"
        } else {
            continue;
        };
        let info = trimmed
            .trim_start_matches(fence.chars().next().unwrap_or('`'))
            .trim();
        let mut body = Vec::new();
        for (_, inner) in lines.by_ref() {
            if inner.trim_start().starts_with(fence) {
                break;
            }
            body.push(inner.trim());
        }
        if !is_rust_fence(info) {
            continue;
        }
        let content: Vec<&&str> = body.iter().filter(|l| !l.is_empty()).collect();
        let only_include = content.len() == 1
            && (content[0].starts_with("{{#include ")
                || content[0].starts_with("{{#rustdoc_include "))
            && content[0].ends_with("}}");
        if !only_include {
            errors.push(format!(
                "{}:{}: a Rust block must hold exactly one {{{{#include}}}} or {{{{#rustdoc_include}}}} of a file under code/ (no Rust written on pages)",
                rel(&page.path),
                index + 1
            ));
        }
    }
}

/// mdBook's heading ids for a page: lower-case, spaces to dashes, other
/// punctuation dropped, repeats numbered `-1`, `-2`, ...
pub fn heading_ids(text: &str) -> Vec<(String, String)> {
    let mut seen: Vec<String> = Vec::new();
    let mut ids = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || !trimmed.starts_with('#') {
            continue;
        }
        let title = trimmed.trim_start_matches('#').trim();
        if title.is_empty() {
            continue;
        }
        let plain: String = strip_markdown(title);
        let base: String = plain
            .chars()
            .filter_map(|c| {
                if c.is_alphanumeric() || c == '_' || c == '-' {
                    Some(c.to_lowercase().next().unwrap_or(c))
                } else if c.is_whitespace() {
                    Some('-')
                } else {
                    None
                }
            })
            .collect();
        let repeats = seen.iter().filter(|s| **s == base).count();
        seen.push(base.clone());
        let id = if repeats == 0 {
            base
        } else {
            format!("{base}-{repeats}")
        };
        ids.push((id, plain));
    }
    ids
}

/// Heading text as mdBook shows it: no backticks, emphasis or link syntax.
fn strip_markdown(title: &str) -> String {
    let mut out = String::new();
    let mut chars = title.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' | '*' => {}
            '[' => {}
            ']' => {
                if chars.peek() == Some(&'(') {
                    for skipped in chars.by_ref() {
                        if skipped == ')' {
                            break;
                        }
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_library_copy_of_an_example_function_is_reported() {
        let dir = std::env::temp_dir().join(format!("hb-pages-{}", std::process::id()));
        fs::create_dir_all(dir.join("src")).unwrap();
        fs::create_dir_all(dir.join("examples")).unwrap();
        fs::write(
            dir.join("examples/scoped_sum.rs"),
            "fn parallel_sum() {}\nfn main() {}\n",
        )
        .unwrap();
        fs::write(
            dir.join("src/lib.rs"),
            "pub fn main() {}\nimpl X { fn parallel_sum() {} }\n",
        )
        .unwrap();
        assert!(
            copies_of_examples(&dir).is_empty(),
            "methods and main are not copies"
        );
        fs::write(
            dir.join("src/lib.rs"),
            "mod inner { pub fn parallel_sum() {} }\n",
        )
        .unwrap();
        let errors = copies_of_examples(&dir);
        let _ = fs::remove_dir_all(&dir);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("`parallel_sum`"), "{errors:?}");
    }

    #[test]
    fn heading_ids_follow_mdbook() {
        let ids =
            heading_ids("# `Send` and `Sync`\n## Why `Rc<T>` is not Send\n## Run it\n## Run it\n");
        let ids: Vec<&str> = ids.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(
            ids,
            ["send-and-sync", "why-rct-is-not-send", "run-it", "run-it-1"]
        );
    }

    #[test]
    fn targets_split_into_file_and_anchor() {
        assert_eq!(split_target("a.rs:main"), ("a.rs", Some("main")));
        assert_eq!(split_target("a.rs:3:10"), ("a.rs", None));
        assert_eq!(split_target("a.rs"), ("a.rs", None));
    }

    #[test]
    fn inline_rust_is_reported() {
        let page = Page {
            path: PathBuf::from("src/x.md"),
            name: "x.md".into(),
            text: "```rust\nfn main() {}\n```\n```rust,compile_fail\n{{#include ../code/a.rs}}\n```\n```text\nok\n```\n".into(),
        };
        let mut errors = Vec::new();
        check_code_blocks(&page, &mut errors);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains(":1:"));
    }
}
