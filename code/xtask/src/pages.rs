//! Page rules: every Rust block on a page is included from `code/`, every
//! include and anchor resolves, every page is in `SUMMARY.md`, every chapter
//! has its page, quiz and crate, and every example is listed on its page.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::util::{self, rel};

/// A path under `root` in the short form used in messages.
fn rel_to(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

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
    pages_in(util::root())
}

/// [`pages`] of the repository at `root`.
fn pages_in(root: &Path) -> Vec<Page> {
    let src = root.join("src");
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
    chapters_in(util::root())
}

fn chapters_in(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root.join("code"))
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

/// The longest a lesson page may be, in lines of Markdown.
pub const PAGE_LIMIT: usize = 350;

/// The widest line a listing may show: the book's code column fits about 86
/// characters, and chapter code is rustfmt'ed at 80 (code/rustfmt.toml).
pub const WIDTH: usize = 80;

/// Runs the page rules, returning every violation.
pub fn check() -> Result<String, String> {
    check_in(util::root())
}

/// The page rules on the repository at `root`.
fn check_in(root: &Path) -> Result<String, String> {
    let pages = pages_in(root);
    let mut errors = Vec::new();

    // Every page is in SUMMARY.md and every SUMMARY.md entry exists.
    let summary = pages.iter().find(|p| p.name == "SUMMARY.md");
    let listed: BTreeSet<String> = summary.map(|s| summary_links(&s.text)).unwrap_or_default();
    let order: Vec<String> = summary.map(|s| summary_order(&s.text)).unwrap_or_default();
    if summary.is_none() {
        errors.push("src/SUMMARY.md: missing".to_string());
    }
    for page in &pages {
        if page.name != "SUMMARY.md" && !listed.contains(&page.name) {
            errors.push(format!(
                "{}: orphan page, not listed in src/SUMMARY.md",
                rel_to(root, &page.path)
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
    let mut longest = 0;
    let mut captioned = 0;
    let mut widest = 0;
    let mut too_wide = BTreeSet::new();
    for page in &pages {
        if let Some(error) = length_error(&page.name, &page.text) {
            errors.push(error);
        }
        if counts_for_length(&page.name) {
            longest = longest.max(page.text.lines().count());
        }
        check_code_blocks(page, &mut errors);
        let shown = rel_to(root, &page.path);
        let (written, wide) = written_width(&shown, &page.text);
        widest = widest.max(written);
        errors.extend(wide);
        let dir = page.path.parent().expect("a page has a folder");
        for directive in directives(&page.text) {
            let at = format!("{shown}:{}", directive.line);
            match directive.kind.as_str() {
                "include" | "rustdoc_include" => {
                    let (file, selection) = parse_target(&directive.target);
                    let path = normalise(&dir.join(file));
                    if !path.starts_with(root.join("code")) {
                        errors.push(format!("{at}: includes {file}, which is not under code/"));
                    }
                    match fs::read_to_string(&path) {
                        Err(_) => {
                            errors.push(format!("{at}: include target {file} does not exist"))
                        }
                        Ok(source) => {
                            if let Selection::Anchor(anchor) = selection {
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

        // Listings: captioned, no wider than the column, placeholders explained.
        let lines: Vec<&str> = page.text.lines().collect();
        for listing in listings(&page.text) {
            let (file, selection) = parse_target(&listing.target);
            let path = normalise(&dir.join(file));
            if !path.starts_with(root.join("code")) {
                continue; // reported above
            }
            let Ok(source) = fs::read_to_string(&path) else {
                continue; // reported above
            };
            let included = rel_to(root, &path);
            match caption_error(&shown, &lines, &listing, &included) {
                Some(error) => errors.push(error),
                None => captioned += 1,
            }
            // Compiler output is shown as the compiler prints it: its long
            // lines quote paths and signatures the reader's terminal shows
            // just as wide, and the code block scrolls. Only source is held
            // to the column.
            let output = included.ends_with(".stderr") || included.ends_with(".stdout");
            for (number, line) in shown_lines(&source, &selection, listing.rust) {
                if output {
                    continue;
                }
                let width = line.chars().count();
                widest = widest.max(width);
                if width > WIDTH && too_wide.insert((included.clone(), number)) {
                    errors.push(width_error(&included, number, width, &shown, listing.line));
                }
            }
            errors.extend(placeholder_errors(
                &shown, &page.text, &listing, &included, &source,
            ));
        }
    }

    // Chapter shape: crate, lesson page, quiz, examples listed.
    for chapter in chapters_in(root) {
        let lesson = format!("{chapter}/index.md");
        if !pages.iter().any(|p| p.name == lesson) {
            errors.push(format!("code/{chapter}: no lesson page src/{lesson}"));
            continue;
        }
        let chapter_pages: Vec<&Page> = pages
            .iter()
            .filter(|p| p.name.starts_with(&format!("{chapter}/")))
            .collect();
        let quiz = root.join("quizzes").join(format!("{chapter}.toml"));
        if !quiz.exists() {
            errors.push(format!("code/{chapter}: no quiz quizzes/{chapter}.toml"));
        } else {
            errors.extend(quiz_placement(&chapter, &order, &chapter_pages));
        }
        for example in
            util::files_with_suffix(&root.join("code").join(&chapter).join("examples"), ".rs")
        {
            let name = example.file_stem().unwrap_or_default().to_string_lossy();
            let command = format!("cargo run -p {chapter} --example {name}");
            if !chapter_pages.iter().any(|p| p.text.contains(&command)) {
                errors.push(format!(
                    "{}: not listed on a page of src/{chapter}/ as `{command}` (the \"Run it yourself\" section)",
                    rel_to(root, &example)
                ));
            }
        }
    }
    for chapter in chapters_in(root) {
        errors.extend(copies_of_examples(&root.join("code").join(&chapter)));
    }
    for quiz in util::files_with_suffix(&root.join("quizzes"), ".toml") {
        if quiz.file_name().is_some_and(|n| n == "study-map.toml") {
            continue;
        }
        if !quizzes_used.contains(&quiz) {
            errors.push(format!("{}: no page embeds this quiz", rel_to(root, &quiz)));
        }
    }

    if errors.is_empty() {
        Ok(format!(
            "{} pages (longest lesson page {longest} lines, limit {PAGE_LIMIT}), {captioned} listings captioned, widest shown line {widest} characters (limit {WIDTH})",
            pages.len()
        ))
    } else {
        Err(errors.join("\n"))
    }
}

/// Whether the page-length rule applies: not to `SUMMARY.md` and the
/// generated or reference pages of the appendix.
fn counts_for_length(name: &str) -> bool {
    name != "SUMMARY.md" && !name.starts_with("appendix/")
}

/// The page-length rule: a lesson page is at most [`PAGE_LIMIT`] lines.
fn length_error(name: &str, text: &str) -> Option<String> {
    let lines = text.lines().count();
    if !counts_for_length(name) || lines <= PAGE_LIMIT {
        return None;
    }
    Some(format!(
        "src/{name}:{}: the page has {lines} lines, over the limit of {PAGE_LIMIT}: split it along its `##` headings into src/<chapter>/index.md (the chapter's opening and a map of its sections) plus subpages src/<chapter>/<section-slug>.md, nested under the chapter in src/SUMMARY.md",
        PAGE_LIMIT + 1
    ))
}

/// The quiz rule: the chapter's `{{#quiz ...}}` is the last thing on the
/// last lesson page of the chapter (in `SUMMARY.md` order, before the
/// exercise), and no other page of the chapter embeds it.
fn quiz_placement(chapter: &str, order: &[String], chapter_pages: &[&Page]) -> Vec<String> {
    let directive = format!("{{{{#quiz ../../quizzes/{chapter}.toml}}}}");
    let lessons: Vec<&String> = order
        .iter()
        .filter(|l| l.starts_with(&format!("{chapter}/")) && !l.ends_with("/exercise.md"))
        .collect();
    let Some(last) = lessons.last() else {
        return vec![format!(
            "src/SUMMARY.md: lists no lesson page of {chapter} (src/{chapter}/index.md)"
        )];
    };
    let mut errors = Vec::new();
    for page in chapter_pages {
        let embeds = page.text.contains(&directive);
        if page.name == **last {
            let ends = page.text.lines().rev().find(|l| !l.trim().is_empty()) == Some(&directive);
            if !ends {
                errors.push(format!(
                    "src/{}: the chapter's quiz must be the last thing on its last lesson page: end this page with `{directive}`",
                    page.name
                ));
            }
        } else if embeds {
            errors.push(format!(
                "src/{}: embeds the quiz of {chapter}, which belongs at the end of src/{last}, the chapter's last lesson page",
                page.name
            ));
        }
    }
    errors
}

/// What part of a file an include shows.
#[derive(Debug, PartialEq)]
enum Selection<'a> {
    All,
    Anchor(&'a str),
    /// First and last line shown (1-based, inclusive); no last: to the end.
    Lines(usize, Option<usize>),
}

/// Splits `file.rs:anchor`, `file.rs:3:10`, `file.rs:3`, `file.rs:3:` and
/// `file.rs::10` the way mdBook does: into the file and what it shows.
fn parse_target(target: &str) -> (&str, Selection<'_>) {
    let Some((file, rest)) = target.split_once(':') else {
        return (target, Selection::All);
    };
    let parts: Vec<&str> = rest.split(':').collect();
    let numeric = parts
        .iter()
        .all(|p| p.is_empty() || p.chars().all(|c| c.is_ascii_digit()));
    if !numeric {
        return (file, Selection::Anchor(rest));
    }
    let number = |p: &str| p.parse::<usize>().ok();
    let selection = match parts.as_slice() {
        [one] => match number(one) {
            Some(n) => Selection::Lines(n.max(1), Some(n)),
            None => Selection::All,
        },
        [start, end, ..] => Selection::Lines(number(start).unwrap_or(1).max(1), number(end)),
        [] => Selection::All,
    };
    (file, selection)
}

/// Whether a line is an `ANCHOR` marker, which mdBook never shows.
fn is_anchor_line(line: &str) -> bool {
    anchor_marker(line, "ANCHOR:").is_some() || anchor_marker(line, "ANCHOR_END:").is_some()
}

/// Whether mdBook hides a line of a Rust block (rustdoc's `# ` lines).
fn is_hidden_rust_line(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed == "#" || trimmed.starts_with("# ")
}

/// The lines of `source` a page shows, with their 1-based line numbers:
/// the selected part, without `ANCHOR` markers, and, in a Rust block,
/// without the hidden `# ` lines.
fn shown_lines<'a>(source: &'a str, selection: &Selection, rust: bool) -> Vec<(usize, &'a str)> {
    let numbered = source.lines().enumerate().map(|(i, l)| (i + 1, l));
    let picked: Vec<(usize, &str)> = match selection {
        Selection::All => numbered.collect(),
        Selection::Lines(first, last) => numbered
            .filter(|(n, _)| n >= first && last.is_none_or(|last| *n <= last))
            .collect(),
        Selection::Anchor(name) => {
            let mut inside = false;
            let mut out = Vec::new();
            for (n, line) in numbered {
                if inside {
                    if anchor_marker(line, "ANCHOR_END:") == Some(*name) {
                        break;
                    }
                    out.push((n, line));
                } else if anchor_marker(line, "ANCHOR:") == Some(*name) {
                    inside = true;
                }
            }
            out
        }
    };
    picked
        .into_iter()
        .filter(|(_, l)| {
            let hidden = rust && is_hidden_rust_line(l);
            !is_anchor_line(l) && !hidden
        })
        .collect()
}

fn width_error(included: &str, number: usize, width: usize, page: &str, at: usize) -> String {
    format!(
        "{included}:{number}: this line is {width} characters wide and {page}:{at} shows it; the book's code column fits {WIDTH}: shorten it (`cargo fmt` keeps chapter code to {WIDTH} columns; long comments and strings need breaking by hand)"
    )
}

/// A fenced block whose whole body is one include of a file.
#[derive(Debug)]
struct Listing {
    /// 0-based index of the opening fence line.
    fence: usize,
    /// 1-based line of the include directive.
    line: usize,
    target: String,
    /// A Rust block, whose `# ` lines mdBook hides.
    rust: bool,
}

fn listings(text: &str) -> Vec<Listing> {
    blocks(text)
        .into_iter()
        .filter_map(|block| {
            let content: Vec<&(usize, &str)> =
                block.body.iter().filter(|(_, l)| !l.is_empty()).collect();
            let [(index, line)] = content.as_slice() else {
                return None;
            };
            let directive = directives(line).into_iter().next()?;
            if directive.kind != "include" && directive.kind != "rustdoc_include" {
                return None;
            }
            Some(Listing {
                fence: block.line,
                line: index + 1,
                target: directive.target,
                rust: is_rust_fence(block.info),
            })
        })
        .collect()
}

/// The caption a listing of `included` (a path from the repository root)
/// must carry.
fn caption_for(included: &str) -> String {
    let label = if included.ends_with(".stderr") {
        "Output"
    } else {
        "File"
    };
    format!("<span class=\"filename\">{label}: {included}</span>")
}

/// The caption rule: the line before the fence (or the one before that, if
/// a blank line sits between) is exactly [`caption_for`] the included file.
fn caption_error(page: &str, lines: &[&str], listing: &Listing, included: &str) -> Option<String> {
    let wanted = caption_for(included);
    let mut above = listing.fence.checked_sub(1).map(|i| (i, lines[i].trim()));
    if let Some((i, line)) = above
        && line.is_empty()
    {
        above = i.checked_sub(1).map(|i| (i, lines[i].trim()));
    }
    match above {
        Some((_, line)) if line == wanted => None,
        Some((i, line)) if line.starts_with("<span class=\"filename\">") => Some(format!(
            "{page}:{}: the caption `{line}` does not name the file the block at line {} includes: write `{wanted}`",
            i + 1,
            listing.fence + 1
        )),
        _ => Some(format!(
            "{page}:{}: the listing of {included} has no caption: put `{wanted}` on the line before the fence (one blank line between is allowed)",
            listing.fence + 1
        )),
    }
}

/// trybuild's placeholders and how a page must introduce them.
const PLACEHOLDERS: [(&str, &str); 2] = [
    ("$DIR", "the crate's folder, e.g. code/send-sync"),
    ("$RUST", "the standard library's source"),
];

/// The placeholder rule: a page that shows a `.stderr` containing `$DIR` or
/// `$RUST` names it in backticks in the text before that listing.
fn placeholder_errors(
    page: &str,
    text: &str,
    listing: &Listing,
    included: &str,
    source: &str,
) -> Vec<String> {
    if !included.ends_with(".stderr") {
        return Vec::new();
    }
    let before: Vec<&str> = text.lines().take(listing.line - 1).collect();
    let before = before.join("\n");
    PLACEHOLDERS
        .iter()
        .filter(|(name, _)| source.contains(name) && !before.contains(&format!("`{name}`")))
        .map(|(name, means)| {
            format!(
                "{page}:{}: shows {included}, which contains trybuild's `{name}` placeholder: before this listing, say in the prose that `{name}` (in backticks) stands for {means} and that the reader's compiler prints the real path",
                listing.line
            )
        })
        .collect()
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

/// The `.md` targets of the links in `SUMMARY.md`, in the order listed.
pub fn summary_order(text: &str) -> Vec<String> {
    let mut links = Vec::new();
    for line in text.lines() {
        let mut rest = line;
        while let Some(start) = rest.find("](") {
            let after = &rest[start + 2..];
            let Some(end) = after.find(')') else { break };
            let target = &after[..end];
            if !target.is_empty() && !links.iter().any(|l| l == target) {
                links.push(target.to_string());
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

/// A fenced code block of a page.
#[derive(Debug)]
struct Block<'a> {
    /// 0-based index of the opening fence line.
    line: usize,
    info: &'a str,
    /// The lines between the fences, trimmed, with their 0-based indexes.
    body: Vec<(usize, &'a str)>,
}

fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut found = Vec::new();
    let mut lines = text.lines().enumerate();
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
        for (inner_index, inner) in lines.by_ref() {
            if inner.trim_start().starts_with(fence) {
                break;
            }
            body.push((inner_index, inner.trim()));
        }
        found.push(Block {
            line: index,
            info,
            body,
        });
    }
    found
}

fn check_code_blocks(page: &Page, errors: &mut Vec<String>) {
    for block in blocks(&page.text) {
        if !is_rust_fence(block.info) {
            continue;
        }
        let content: Vec<&str> = block
            .body
            .iter()
            .map(|(_, l)| *l)
            .filter(|l| !l.is_empty())
            .collect();
        let only_include = content.len() == 1
            && (content[0].starts_with("{{#include ")
                || content[0].starts_with("{{#rustdoc_include "))
            && content[0].ends_with("}}");
        if !only_include {
            errors.push(format!(
                "{}:{}: a Rust block must hold exactly one {{{{#include}}}} or {{{{#rustdoc_include}}}} of a file under code/ (no Rust written on pages)",
                rel(&page.path),
                block.line + 1
            ));
        }
    }
}

/// The width rule for blocks written on the page itself (commands, measured
/// output): every line fits the column, like an included listing. Diagrams
/// are scaled to the column and listings are checked line by line against
/// their files, so neither counts here. Returns the widest line and one error
/// per line over [`WIDTH`].
fn written_width(page: &str, text: &str) -> (usize, Vec<String>) {
    let raw: Vec<&str> = text.lines().collect();
    let mut widest = 0;
    let mut errors = Vec::new();
    for block in blocks(text) {
        let lang = block.info.split([',', ' ', '\t']).next().unwrap_or("");
        let has_directive = block
            .body
            .iter()
            .any(|(_, l)| l.contains("{{#include") || l.contains("{{#rustdoc_include"));
        if lang == "mermaid" || has_directive {
            continue;
        }
        let indent = raw[block.line].len() - raw[block.line].trim_start().len();
        for (index, _) in &block.body {
            let line = raw[*index];
            let width =
                line.chars().count() - line.chars().take(indent).filter(|c| *c == ' ').count();
            widest = widest.max(width);
            if width > WIDTH {
                errors.push(format!(
                    "{page}:{}: a line of {width} characters in a block written on the page (limit {WIDTH}); break a command with `\\` and wrap or shorten output",
                    index + 1
                ));
            }
        }
    }
    (widest, errors)
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

    /// A small repository that passes every page rule; tests change one
    /// file in it and look for the rule's message.
    const GOOD_TREE: &[(&str, &str)] = &[
        (
            "src/SUMMARY.md",
            "# Summary\n\n- [Ch](ch/index.md)\n    - [More](ch/more.md)\n    - [Exercise](ch/exercise.md)\n",
        ),
        ("src/ch/index.md", "# Ch\n\nThe opening.\n"),
        (
            "src/ch/more.md",
            "# More\n\n<span class=\"filename\">File: code/ch/examples/hello.rs</span>\n\n```rust\n{{#rustdoc_include ../../code/ch/examples/hello.rs:main}}\n```\n\nRun `cargo run -p ch --example hello`.\n\n{{#quiz ../../quizzes/ch.toml}}\n",
        ),
        ("src/ch/exercise.md", "# Exercise\n"),
        ("code/ch/Cargo.toml", "[package]\n"),
        ("code/ch/src/lib.rs", "pub fn helper() {}\n"),
        (
            "code/ch/examples/hello.rs",
            "// ANCHOR: main\nfn main() {}\n// ANCHOR_END: main\n",
        ),
        ("quizzes/ch.toml", ""),
    ];

    /// Writes GOOD_TREE with `changes` (path, text; empty text deletes) to a
    /// fresh folder and runs the page rules on it.
    fn check_tree(label: &str, changes: &[(&str, &str)]) -> Result<String, String> {
        let root = std::env::temp_dir().join(format!("hb-tree-{}-{label}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        for (path, text) in GOOD_TREE.iter().chain(changes) {
            let file = root.join(path);
            if text.is_empty() && changes.iter().any(|(p, _)| p == path) {
                let _ = fs::remove_file(&file);
                continue;
            }
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(&file, text).unwrap();
        }
        let result = check_in(&root);
        let _ = fs::remove_dir_all(&root);
        result
    }

    fn fails_with(label: &str, changes: &[(&str, &str)], wanted: &str) {
        match check_tree(label, changes) {
            Ok(text) => panic!("{label}: expected `{wanted}`, passed: {text}"),
            Err(errors) => assert!(
                errors.contains(wanted),
                "{label}: expected `{wanted}` in\n{errors}"
            ),
        }
    }

    #[test]
    fn the_good_tree_passes() {
        let text = check_tree("good", &[]).unwrap();
        assert!(text.contains("1 listings captioned"), "{text}");
    }

    #[test]
    fn tree_rules_fire() {
        let more = GOOD_TREE[2].1;
        fails_with(
            "orphan",
            &[("src/ch/extra.md", "# Extra\n")],
            "src/ch/extra.md: orphan page",
        );
        fails_with(
            "dangling",
            &[(
                "src/SUMMARY.md",
                "- [Ch](ch/index.md)\n    - [More](ch/more.md)\n    - [Gone](ch/gone.md)\n    - [Exercise](ch/exercise.md)\n",
            )],
            "lists ch/gone.md, which does not exist",
        );
        fails_with(
            "missing-include",
            &[(
                "src/ch/more.md",
                &more.replace("hello.rs:main", "bye.rs:main"),
            )],
            "include target ../../code/ch/examples/bye.rs does not exist",
        );
        fails_with(
            "missing-anchor",
            &[(
                "src/ch/more.md",
                &more.replace("hello.rs:main", "hello.rs:other"),
            )],
            "has no `ANCHOR: other` ... `ANCHOR_END: other` pair",
        );
        fails_with(
            "outside-code",
            &[(
                "src/ch/more.md",
                &more.replace(
                    "../../code/ch/examples/hello.rs:main",
                    "../../quizzes/ch.toml",
                ),
            )],
            "which is not under code/",
        );
        fails_with(
            "directive",
            &[("src/ch/index.md", "# Ch\n\n{{#playground x.rs}}\n")],
            "unknown directive {{#playground}}",
        );
        fails_with(
            "no-lesson",
            &[("src/ch/index.md", "")],
            "code/ch: no lesson page src/ch/index.md",
        );
        fails_with(
            "no-quiz",
            &[("quizzes/ch.toml", "")],
            "code/ch: no quiz quizzes/ch.toml",
        );
        fails_with(
            "quiz-not-last",
            &[("src/ch/more.md", &format!("{more}\nMore words.\n"))],
            "the chapter's quiz must be the last thing on its last lesson page",
        );
        fails_with(
            "quiz-elsewhere",
            &[(
                "src/ch/index.md",
                "# Ch\n\n{{#quiz ../../quizzes/ch.toml}}\n",
            )],
            "src/ch/index.md: embeds the quiz of ch",
        );
        fails_with(
            "quiz-unused",
            &[("quizzes/other.toml", "x = 1\n")],
            "quizzes/other.toml: no page embeds this quiz",
        );
        fails_with(
            "example-unlisted",
            &[("code/ch/examples/second.rs", "fn main() {}\n")],
            "not listed on a page of src/ch/ as `cargo run -p ch --example second`",
        );
        fails_with(
            "inline-rust",
            &[("src/ch/index.md", "# Ch\n\n```rust\nfn main() {}\n```\n")],
            "a Rust block must hold exactly one",
        );
        fails_with(
            "long-page",
            &[(
                "src/ch/index.md",
                &format!("# Ch\n{}", "line\n".repeat(350)),
            )],
            "src/ch/index.md:351: the page has 351 lines, over the limit of 350",
        );
        assert!(
            check_tree(
                "long-appendix",
                &[
                    (
                        "src/SUMMARY.md",
                        &format!("{}- [Map](appendix/map.md)\n", GOOD_TREE[0].1)
                    ),
                    ("src/appendix/map.md", &"line\n".repeat(400)),
                ]
            )
            .is_ok(),
            "the appendix is exempt from the length limit"
        );
        fails_with(
            "uncaptioned",
            &[(
                "src/ch/more.md",
                &more.replace(
                    "<span class=\"filename\">File: code/ch/examples/hello.rs</span>\n",
                    "",
                ),
            )],
            "the listing of code/ch/examples/hello.rs has no caption",
        );
        fails_with(
            "wrong-caption",
            &[(
                "src/ch/more.md",
                &more.replace(
                    "File: code/ch/examples/hello.rs",
                    "File: code/ch/examples/hi.rs",
                ),
            )],
            "does not name the file the block at line 5 includes",
        );
        fails_with(
            "too-wide",
            &[(
                "code/ch/examples/hello.rs",
                &format!(
                    "// ANCHOR: main\nfn main() {{}} // {}\n// ANCHOR_END: main\n",
                    "é".repeat(70)
                ),
            )],
            "code/ch/examples/hello.rs:2: this line is 86 characters wide and src/ch/more.md:6 shows it",
        );
    }

    fn listing_in(text: &str) -> Listing {
        let mut found = listings(text);
        assert_eq!(found.len(), 1, "{found:?}");
        found.remove(0)
    }

    #[test]
    fn captions_name_the_included_file() {
        let page = "Text\n\n<span class=\"filename\">Output: code/ch/compile_fail/a.stderr</span>\n\n```text\n{{#include ../../code/ch/compile_fail/a.stderr}}\n```\n";
        let lines: Vec<&str> = page.lines().collect();
        let listing = listing_in(page);
        assert!(!listing.rust);
        assert_eq!(listing.line, 6);
        assert_eq!(
            caption_error("p.md", &lines, &listing, "code/ch/compile_fail/a.stderr"),
            None
        );
        // Right after the caption also counts; two blank lines do not.
        let tight = page.replace("</span>\n\n```", "</span>\n```");
        let lines: Vec<&str> = tight.lines().collect();
        assert_eq!(
            caption_error(
                "p.md",
                &lines,
                &listing_in(&tight),
                "code/ch/compile_fail/a.stderr"
            ),
            None
        );
        let loose = page.replace("</span>\n\n```", "</span>\n\n\n```");
        let lines: Vec<&str> = loose.lines().collect();
        let error = caption_error(
            "p.md",
            &lines,
            &listing_in(&loose),
            "code/ch/compile_fail/a.stderr",
        );
        assert!(error.is_some_and(|e| e.contains("has no caption")));
        // Compiler output is labelled `Output:`, a file `File:`.
        let labelled = page.replace("Output:", "File:");
        let lines: Vec<&str> = labelled.lines().collect();
        let error = caption_error(
            "p.md",
            &lines,
            &listing_in(&labelled),
            "code/ch/compile_fail/a.stderr",
        );
        assert!(error.is_some_and(|e| e.contains("p.md:3: the caption")
            && e.contains("Output: code/ch/compile_fail/a.stderr")));
        // A block at the top of a page has nothing above it.
        let top = "```rust\n{{#include ../code/a.rs}}\n```\n";
        let lines: Vec<&str> = top.lines().collect();
        assert!(caption_error("p.md", &lines, &listing_in(top), "code/a.rs").is_some());
        // Blocks that are not a single include are not listings.
        assert!(listings("```text\nhello\n```\n```text\n{{#include a}}\nmore\n```\n").is_empty());
    }

    #[test]
    fn shown_lines_follow_mdbook() {
        let source = "use std::thread;\n// ANCHOR: main\nfn main() {\n    // ANCHOR: inner\n    # hidden();\n    #[allow(unused)]\n    let x = 1;\n    // ANCHOR_END: inner\n}\n// ANCHOR_END: main\n";
        let numbers = |selection: Selection, rust: bool| -> Vec<usize> {
            shown_lines(source, &selection, rust)
                .iter()
                .map(|(n, _)| *n)
                .collect()
        };
        assert_eq!(numbers(Selection::Anchor("main"), true), [3, 6, 7, 9]);
        assert_eq!(numbers(Selection::Anchor("main"), false), [3, 5, 6, 7, 9]);
        assert_eq!(numbers(Selection::Anchor("inner"), true), [6, 7]);
        assert_eq!(numbers(Selection::All, true), [1, 3, 6, 7, 9]);
        assert_eq!(numbers(Selection::Lines(6, Some(7)), true), [6, 7]);
        assert_eq!(numbers(Selection::Lines(9, None), true), [9]);
        assert!(numbers(Selection::Anchor("missing"), true).is_empty());
        assert!(is_hidden_rust_line("#"));
        assert!(!is_hidden_rust_line("#![allow(unused)]"));
    }

    #[test]
    fn placeholders_are_explained_before_the_output() {
        let page = "Intro.\n\n<span class=\"filename\">Output: code/ch/a.stderr</span>\n\n```text\n{{#include ../../code/ch/a.stderr}}\n```\n\n`$DIR` is the crate's folder.\n";
        let listing = listing_in(page);
        let stderr = "error: --> $DIR/a.rs:3:5\n  --> $RUST/core/src/marker.rs\n";
        let errors = placeholder_errors("p.md", page, &listing, "code/ch/a.stderr", stderr);
        assert_eq!(
            errors.len(),
            2,
            "explained only after the listing: {errors:?}"
        );
        assert!(errors[0].contains("p.md:6:") && errors[0].contains("`$DIR`"));
        assert!(errors[1].contains("`$RUST`"));
        let explained = format!("`$DIR` is code/ch and `$RUST` the std source.\n{page}");
        let listing = listing_in(&explained);
        assert!(
            placeholder_errors("p.md", &explained, &listing, "code/ch/a.stderr", stderr).is_empty()
        );
        // Without placeholders, or for a source file, nothing is needed.
        let listing = listing_in(page);
        assert!(
            placeholder_errors("p.md", page, &listing, "code/ch/a.stderr", "error: plain\n")
                .is_empty()
        );
        assert!(placeholder_errors("p.md", page, &listing, "code/ch/a.rs", stderr).is_empty());
    }

    #[test]
    fn page_length_counts_lines() {
        assert_eq!(length_error("ch/index.md", &"x\n".repeat(PAGE_LIMIT)), None);
        let error = length_error("ch/index.md", &"x\n".repeat(PAGE_LIMIT + 1));
        assert!(
            error.is_some_and(|e| e.starts_with("src/ch/index.md:351: the page has 351 lines"))
        );
        assert_eq!(length_error("SUMMARY.md", &"x\n".repeat(900)), None);
        assert_eq!(
            length_error("appendix/study-questions.md", &"x\n".repeat(900)),
            None
        );
    }

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
    fn targets_split_into_file_and_selection() {
        assert_eq!(
            parse_target("a.rs:main"),
            ("a.rs", Selection::Anchor("main"))
        );
        assert_eq!(
            parse_target("a.rs:3:10"),
            ("a.rs", Selection::Lines(3, Some(10)))
        );
        assert_eq!(
            parse_target("a.rs:3"),
            ("a.rs", Selection::Lines(3, Some(3)))
        );
        assert_eq!(parse_target("a.rs:3:"), ("a.rs", Selection::Lines(3, None)));
        assert_eq!(
            parse_target("a.rs::2"),
            ("a.rs", Selection::Lines(1, Some(2)))
        );
        assert_eq!(parse_target("a.rs"), ("a.rs", Selection::All));
    }

    #[test]
    fn written_blocks_fit_the_column() {
        let long = "x".repeat(WIDTH + 1);
        let fits = "y".repeat(WIDTH);
        let page = format!(
            "```console\n{fits}\n```\n\n```text\n{long}\n```\n\n```mermaid\n{long}\n```\n\n```text\n{{{{#include ../code/a.stderr}}}}\n```\n"
        );
        let (widest, errors) = written_width("src/p.md", &page);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with("src/p.md:6:"), "{errors:?}");
        assert_eq!(widest, WIDTH + 1);
        // Indentation that belongs to a list item does not count.
        let indented = format!("- step\n\n  ```text\n  {fits}\n  ```\n");
        assert!(written_width("src/p.md", &indented).1.is_empty());
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
