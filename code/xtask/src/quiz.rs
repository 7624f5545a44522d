//! Quiz rules, and the map from the eighteen study questions to the quiz
//! questions and page sections that answer them.
//!
//! Besides the shape of each question (keys, ids, options, contexts), two
//! rules look at the words and the code a reader sees:
//!
//! - **No option by position.** mdbook-quiz shuffles the options of a
//!   `MultipleChoice` question unless `answerIndex` is set, so "the first
//!   option", "the last two", "option 2", "(b)" or "none of the above" point
//!   at a different option for every reader. The rule reads the prompt, the
//!   options and the context (code spans and blocks left out), word by word
//!   and case-insensitively, and names the phrase it found.
//! - **Rust in a prompt compiles as tagged.** Every fenced block in a
//!   question's `prompt.prompt` or `context` carries an info string, and a
//!   ```` ```rust ```` block is compiled by the pinned rustc (edition 2024,
//!   `--emit=metadata`, so type and borrow checking, no code generation).
//!   The info string works like rustdoc's fence attributes, comma-separated
//!   and without spaces (showdown, which renders quiz Markdown, does not take
//!   an info string with a space as a code block; highlight.js still picks
//!   Rust from `language-rust,compile_fail`):
//!   - `rust`: must compile;
//!   - `rust,compile_fail`: must not compile; `rust,compile_fail,E0373`
//!     also requires rustc to report that error code, and
//!     `snippet.error = "..."` a piece of the message (for errors without a
//!     code, such as "future cannot be sent between threads safely");
//!   - `rust,edition2021` (any edition): compile with that edition;
//!   - `rust,ignore`: not compiled; the question must give the reason in
//!     `snippet.ignore = "..."`.
//!
//!   Like rustdoc, a snippet without `fn main` is wrapped in `fn main() {
//!   ... }`, so statements and items both compile. What a fragment needs
//!   but the reader should not see (declarations, a struct around a method,
//!   a stand-in for a crate) goes in the question's `snippet.harness`: the
//!   harness comes before the snippet, or, if it has a line that is just
//!   `{snippet}`, around it. mdbook-quiz's schema has no `snippet` key:
//!   its parser skips the table, and the page data carries it unseen;
//!   prompts cannot use rustdoc's `# ` hidden lines, because mdbook-quiz
//!   shows them. Snippets use std only (the harness may declare a stand-in
//!   for a crate's API). Scratch files go to `quiz-snippets/` in the cargo
//!   target directory.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use toml::{Table, Value};

use crate::pages;
use crate::util::{self, rel};

const MAP: &str = "quizzes/study-map.toml";
const APPENDIX: &str = "src/appendix/study-questions.md";
/// A context shorter than this cannot explain both the answer and the
/// tempting wrong one.
const MIN_CONTEXT: usize = 120;
/// How many quiz questions a study question needs to count as covered.
const MIN_QUIZ_QUESTIONS: usize = 2;

/// A quiz question, as far as the rules need it.
#[derive(Debug)]
pub struct Question {
    pub id: String,
    pub kind: String,
    pub file: PathBuf,
}

fn quiz_paths() -> Vec<PathBuf> {
    util::files_with_suffix(&util::root().join("quizzes"), ".toml")
        .into_iter()
        .filter(|p| !p.ends_with("study-map.toml"))
        .collect()
}

fn keys(table: &Table) -> BTreeSet<&str> {
    table.keys().map(String::as_str).collect()
}

fn check_keys(
    at: &str,
    what: &str,
    table: &Table,
    required: &[&str],
    optional: &[&str],
    errors: &mut Vec<String>,
) {
    for key in keys(table) {
        if !required.contains(&key) && !optional.contains(&key) {
            errors.push(format!(
                "{at}: unknown key `{what}{key}` (mdbook-quiz would ignore it silently; allowed: {})",
                required.iter().chain(optional).copied().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    for key in required {
        if !table.contains_key(*key) {
            errors.push(format!("{at}: missing `{what}{key}`"));
        }
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => vec![s.trim().to_string()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(|s| s.trim().to_string())
            .collect(),
        _ => Vec::new(),
    }
}

/// Words that name an option of a `MultipleChoice` question.
const OPTION_NOUNS: [&str; 8] = [
    "option",
    "options",
    "distractor",
    "distractors",
    "answer",
    "answers",
    "choice",
    "choices",
];
/// Words that place an option in a list the reader does not see in order.
const ORDINALS: [&str; 14] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "last",
    "penultimate",
    "1st",
    "2nd",
    "3rd",
    "4th",
    "5th",
    "6th",
];
const COUNTS: [&str; 4] = ["one", "two", "three", "four"];
/// Words that point at the option next to another one.
const NEIGHBOURS: [&str; 4] = ["previous", "next", "preceding", "following"];

/// Markdown with code spans and fenced code blocks blanked out, so that
/// `options[1]` in code is not read as prose.
fn prose(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut fence: Option<(char, usize)> = None;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let run = |c: char| trimmed.chars().take_while(|&x| x == c).count();
        match fence {
            Some((c, n)) => {
                if run(c) >= n && trimmed.trim_start_matches(c).trim().is_empty() {
                    fence = None;
                }
                out.push('\n');
            }
            None => {
                let open = ['`', '~'].into_iter().find(|&c| run(c) >= 3);
                if let Some(c) = open {
                    fence = Some((c, run(c)));
                    out.push('\n');
                } else {
                    out.push_str(line);
                }
            }
        }
    }
    // Inline code: a run of backticks up to the next run of the same length.
    let chars: Vec<char> = out.chars().collect();
    let mut result = String::with_capacity(out.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '`' {
            result.push(chars[i]);
            i += 1;
            continue;
        }
        let n = chars[i..].iter().take_while(|&&c| c == '`').count();
        let mut j = i + n;
        let mut close = None;
        while j < chars.len() {
            if chars[j] == '`' {
                let m = chars[j..].iter().take_while(|&&c| c == '`').count();
                if m == n {
                    close = Some(j);
                    break;
                }
                j += m;
            } else {
                j += 1;
            }
        }
        match close {
            Some(j) => {
                // A word, so that "the last `Arc` is" does not read as
                // "the last is".
                result.push_str(" code ");
                i = j + n;
            }
            None => {
                result.extend(&chars[i..i + n]);
                i += n;
            }
        }
    }
    result
}

/// Phrases in `text` (Markdown) that point at an option by its position.
fn positional_phrases(text: &str) -> Vec<String> {
    let text = prose(text).to_lowercase();
    // Words (letters, digits, `_`) and single punctuation characters, each
    // with the byte offset where it starts.
    let mut tokens: Vec<(usize, &str)> = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        let word = c.is_alphanumeric() || c == '_';
        match (word, start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                tokens.push((from, &text[from..at]));
                start = None;
            }
            _ => {}
        }
        if !word && !c.is_whitespace() {
            tokens.push((at, &text[at..at + c.len_utf8()]));
        }
    }
    if let Some(from) = start {
        tokens.push((from, &text[from..]));
    }
    let word = |i: usize| tokens.get(i).map(|t| t.1).unwrap_or("");
    let is_noun = |w: &str| OPTION_NOUNS.contains(&w);
    let is_single_noun = |w: &str| is_noun(w) && !w.ends_with('s');
    let is_number = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
    let is_label =
        |w: &str| is_number(w) || (w.len() == 1 && matches!(w.as_bytes()[0], b'a'..=b'f'));
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let w = word(i);
        // How many tokens from `i` make up the phrase, if one starts here.
        let mut len = 0;
        if ORDINALS.contains(&w) {
            let the = i > 0 && word(i - 1) == "the";
            if is_noun(word(i + 1)) {
                // "the first option", "the last distractor"
                len = 2;
            } else if COUNTS.contains(&word(i + 1)) && (the || is_noun(word(i + 2))) {
                // "the first two", "the last one", "first two options"
                len = if is_noun(word(i + 2)) { 3 } else { 2 };
            } else if the && word(i + 1) == "of" && word(i + 2) == "the" && is_noun(word(i + 3)) {
                // "the first of the options"
                len = 4;
            } else if the && matches!(word(i + 1), "is" | "are") {
                // "the fourth is where"
                len = 1;
            }
        } else if NEIGHBOURS.contains(&w) && is_single_noun(word(i + 1)) {
            // "the next option"
            len = 2;
        } else if is_single_noun(w) && matches!(word(i + 1), "above" | "below") {
            // "the option above"
            len = 2;
        } else if matches!(w, "above" | "below") && is_noun(word(i + 1)) {
            // "the above option"
            len = 2;
        } else if w == "of" && word(i + 1) == "the" && matches!(word(i + 2), "above" | "below") {
            // "none of the above"
            len = 3;
        } else if is_noun(w) && is_number(word(i + 1)) {
            // "option 2", "options 1 and 2"
            len = 2;
        } else if is_noun(w) && word(i + 1) == "(" && is_label(word(i + 2)) && word(i + 3) == ")" {
            // "option (b)"
            len = 4;
        } else if w == "(" && is_label(word(i + 1)) && !is_number(word(i + 1)) && word(i + 2) == ")"
        {
            // "(a)", "(b)": a letter label, not `f(a)` and not "(s)"
            let glued = text[..tokens[i].0]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
            if !glued {
                len = 3;
            }
        }
        if len > 0 {
            let from = if ORDINALS.contains(&w) && i > 0 && word(i - 1) == "the" {
                i - 1
            } else {
                i
            };
            let (start, _) = tokens[from];
            let (last_at, last) = tokens[i + len - 1];
            found.push(
                text[start..last_at + last.len()]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            i += len;
        } else {
            i += 1;
        }
    }
    found
}

/// The positional-reference rule for one question: the prompt, every
/// option and the context, unless the options are not shuffled.
fn check_positions(at: &str, q: &Table, errors: &mut Vec<String>) {
    let empty = Table::new();
    let prompt = q.get("prompt").and_then(Value::as_table).unwrap_or(&empty);
    let answer = q.get("answer").and_then(Value::as_table).unwrap_or(&empty);
    if q.get("type").and_then(Value::as_str) != Some("MultipleChoice")
        || prompt.contains_key("answerIndex")
        || prompt.contains_key("sortAnswers")
    {
        // No options, or options that keep one order for every reader.
        return;
    }
    let mut texts: Vec<(String, String)> = Vec::new();
    if let Some(text) = prompt.get("prompt").and_then(Value::as_str) {
        texts.push(("prompt.prompt".into(), text.to_string()));
    }
    for (key, table) in [("prompt.distractors", prompt), ("answer.answer", answer)] {
        let bare = key.rsplit('.').next().unwrap_or(key);
        for text in strings(table.get(bare)) {
            texts.push((key.into(), text));
        }
    }
    if let Some(text) = q.get("context").and_then(Value::as_str) {
        texts.push(("context".into(), text.to_string()));
    }
    for (key, text) in texts {
        for phrase in positional_phrases(&text) {
            errors.push(format!(
                "{at}: `{key}` points at an option by position (\"{phrase}\"); mdbook-quiz shuffles the options, so name the option by what it says"
            ));
        }
    }
}

/// What a ```` ```rust ```` block in a prompt must do.
#[derive(Debug, Clone, PartialEq)]
enum Expect {
    Compiles,
    /// Must not compile; each listed error code (`E0373`) or text (from
    /// `snippet.error`) must be in rustc's output.
    Fails(Vec<Wanted>),
    Ignored,
}

/// Something a `compile_fail` block's errors must include.
#[derive(Debug, Clone, PartialEq)]
enum Wanted {
    /// An error code: rustc prints `error[E0373]`.
    Code(String),
    /// Part of the message, for errors that have no code.
    Text(String),
}

impl Wanted {
    fn found_in(&self, output: &str) -> bool {
        match self {
            Wanted::Code(code) => output.contains(&format!("error[{code}]")),
            Wanted::Text(text) => output.contains(text.as_str()),
        }
    }

    fn describe(&self) -> String {
        match self {
            Wanted::Code(code) => format!("error[{code}]"),
            Wanted::Text(text) => format!("\"{text}\""),
        }
    }
}

/// The first `lines` lines of compiler output: the first error matters most.
fn head(output: &str, lines: usize) -> String {
    let all: Vec<&str> = output.lines().collect();
    let mut text = all[..all.len().min(lines)].join("\n");
    if all.len() > lines {
        text.push_str(&format!("\n[... {} more lines]", all.len() - lines));
    }
    text
}

/// A fenced code block in quiz Markdown.
#[derive(Debug)]
struct Fence {
    info: String,
    code: String,
}

fn fences(markdown: &str) -> Vec<Fence> {
    let mut found = Vec::new();
    let mut open: Option<(char, usize, String, Vec<&str>)> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        let run = |c: char| trimmed.chars().take_while(|&x| x == c).count();
        match &mut open {
            Some((c, n, info, body)) => {
                if run(*c) >= *n && trimmed.trim_start_matches(*c).trim().is_empty() {
                    found.push(Fence {
                        info: std::mem::take(info),
                        code: body.join("\n"),
                    });
                    open = None;
                } else {
                    body.push(line);
                }
            }
            None => {
                if let Some(c) = ['`', '~'].into_iter().find(|&c| run(c) >= 3) {
                    let n = run(c);
                    let info = trimmed[n * c.len_utf8()..].trim().to_string();
                    open = Some((c, n, info, Vec::new()));
                }
            }
        }
    }
    if let Some((_, _, info, body)) = open {
        found.push(Fence {
            info,
            code: body.join("\n"),
        });
    }
    found
}

const EDITIONS: [&str; 4] = ["2015", "2018", "2021", "2024"];

/// Reads a `rust,...` info string: what the block must do, and its edition.
fn parse_info(info: &str) -> Result<(Expect, &str), String> {
    let mut attrs = info.split(',');
    if attrs.next() != Some("rust") {
        return Err(format!("`{info}` is not a rust block"));
    }
    let (mut fail, mut ignore, mut codes, mut edition) = (false, false, Vec::new(), "2024");
    for attr in attrs {
        match attr {
            "compile_fail" => fail = true,
            "ignore" => ignore = true,
            _ if attr
                .strip_prefix("edition")
                .is_some_and(|e| EDITIONS.contains(&e)) =>
            {
                edition = &attr["edition".len()..];
            }
            _ if attr.len() == 5
                && attr.starts_with('E')
                && attr[1..].chars().all(|c| c.is_ascii_digit()) =>
            {
                codes.push(Wanted::Code(attr.to_string()));
            }
            _ => {
                return Err(format!(
                    "unknown fence attribute `{attr}` in `{info}` (allowed: compile_fail, an error code such as E0373 after compile_fail, ignore, edition2015/2018/2021/2024)"
                ));
            }
        }
    }
    match (fail, ignore) {
        (_, true) if fail || !codes.is_empty() => Err(format!(
            "`{info}`: `ignore` cannot go with `compile_fail` or an error code"
        )),
        (_, true) => Ok((Expect::Ignored, edition)),
        (true, _) => Ok((Expect::Fails(codes), edition)),
        (false, _) if !codes.is_empty() => Err(format!(
            "`{info}`: an error code needs `compile_fail` before it"
        )),
        (false, _) => Ok((Expect::Compiles, edition)),
    }
}

/// Puts a snippet into its harness and, if it has no `fn main`, wraps it in
/// one the way rustdoc does, so statements and items both compile.
fn assemble(harness: Option<&str>, code: &str) -> String {
    let body = match harness {
        Some(h) if h.lines().any(|l| l.trim() == "{snippet}") => h
            .lines()
            .map(|l| if l.trim() == "{snippet}" { code } else { l })
            .collect::<Vec<_>>()
            .join("\n"),
        Some(h) => format!("{}\n{code}", h.trim_end()),
        None => code.to_string(),
    };
    let has_main = body.match_indices("fn main").any(|(at, m)| {
        body[at + m.len()..].trim_start().starts_with('(')
            && !body[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_')
    });
    let mut out = String::from("#![allow(dead_code, unused)]\n");
    if has_main {
        out.push_str(&body);
    } else {
        let (inner, rest): (Vec<&str>, Vec<&str>) = body
            .lines()
            .partition(|l| l.trim_start().starts_with("#!["));
        for line in inner {
            out.push_str(line);
            out.push('\n');
        }
        out.push_str("fn main() {\n");
        out.push_str(&rest.join("\n"));
        out.push_str("\n}");
    }
    out.push('\n');
    out
}

/// A Rust block from a quiz, ready to compile.
#[derive(Debug)]
struct Snippet {
    /// Where it is, for messages: file, question and block number.
    at: String,
    /// The scratch file's name, without `.rs`.
    name: String,
    source: String,
    expect: Expect,
    edition: String,
}

/// Finds the fenced blocks of a question, checks their tags and the
/// `snippet` table, and returns the Rust blocks to compile.
fn collect_snippets(at: &str, id: &str, q: &Table, errors: &mut Vec<String>) -> Vec<Snippet> {
    let empty = Table::new();
    let snippet = match q.get("snippet") {
        None => &empty,
        Some(Value::Table(t)) => t,
        Some(_) => {
            errors.push(format!(
                "{at}: `snippet` must be a table (`snippet.harness = ...`)"
            ));
            &empty
        }
    };
    check_keys(
        at,
        "snippet.",
        snippet,
        &[],
        &["harness", "ignore", "error"],
        errors,
    );
    let message = snippet.get("error").and_then(Value::as_str).map(str::trim);
    let harness = snippet.get("harness").and_then(Value::as_str);
    let reason = snippet
        .get("ignore")
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or_default();
    let prompt = q
        .get("prompt")
        .and_then(Value::as_table)
        .and_then(|p| p.get("prompt"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let context = q.get("context").and_then(Value::as_str).unwrap_or_default();
    let mut found = Vec::new();
    let mut ignored = 0;
    let mut failing = 0;
    let mut number = 0;
    for (key, text) in [("prompt.prompt", prompt), ("context", context)] {
        for fence in fences(text) {
            let info = fence.info.as_str();
            if info.is_empty() {
                errors.push(format!(
                    "{at}: a fenced block in `{key}` has no info string (mdbook-quiz highlights it as Rust): write ```rust, or ```text for anything else"
                ));
                continue;
            }
            if info.contains(char::is_whitespace) {
                errors.push(format!(
                    "{at}: the info string `{info}` in `{key}` has a space: mdbook-quiz's Markdown (showdown) then shows no code block; separate attributes with commas only"
                ));
                continue;
            }
            if info != "rust" && !info.starts_with("rust,") {
                continue;
            }
            number += 1;
            match parse_info(info) {
                Err(err) => errors.push(format!("{at}: {err}")),
                Ok((Expect::Ignored, _)) => ignored += 1,
                Ok((mut expect, edition)) => {
                    if let (Expect::Fails(wanted), Some(message)) = (&mut expect, message) {
                        wanted.push(Wanted::Text(message.to_string()));
                    }
                    failing += usize::from(matches!(expect, Expect::Fails(_)));
                    found.push(Snippet {
                        at: format!("{at}, ```{info} block {number} in `{key}`"),
                        name: format!("{id}-{number}"),
                        source: assemble(harness, &fence.code),
                        expect,
                        edition: edition.to_string(),
                    });
                }
            }
        }
    }
    if ignored > 0 && reason.is_empty() {
        errors.push(format!(
            "{at}: a ```rust,ignore block needs its reason in `snippet.ignore = \"...\"`"
        ));
    }
    if ignored == 0 && snippet.contains_key("ignore") {
        errors.push(format!(
            "{at}: `snippet.ignore` gives a reason, but no block is tagged ```rust,ignore"
        ));
    }
    if message.is_some() && failing == 0 {
        errors.push(format!(
            "{at}: `snippet.error` names the error expected, but no block is tagged ```rust,compile_fail"
        ));
    }
    if harness.is_some() && found.is_empty() {
        errors.push(format!(
            "{at}: `snippet.harness` is set, but there is no ```rust block to compile"
        ));
    }
    found
}

/// How long one snippet may take to compile.
const SNIPPET_LIMIT: Duration = Duration::from_secs(60);

/// Where the scratch files go: the cargo target directory, never the tree.
fn scratch_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| util::root().join("target"));
    let target = if target.is_relative() {
        util::root().join(target)
    } else {
        target
    };
    target.join("quiz-snippets")
}

/// Compiles every snippet with the pinned rustc (the toolchain that
/// `rust-toolchain.toml` selects in the repository), two at a time.
fn compile_snippets(snippets: &[Snippet], errors: &mut Vec<String>) {
    if snippets.is_empty() {
        return;
    }
    let dir = scratch_dir();
    if let Err(err) = fs::create_dir_all(&dir) {
        errors.push(format!("cannot create {}: {err}", dir.display()));
        return;
    }
    let results: Vec<Option<String>> = std::thread::scope(|scope| {
        let halves: Vec<_> = snippets
            .chunks(snippets.len().div_ceil(2))
            .map(|chunk| {
                let dir = &dir;
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|s| compile_one(s, dir))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        halves
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    errors.extend(results.into_iter().flatten());
}

/// Compiles one snippet; returns the complaint if it does not do what its
/// tag says.
fn compile_one(snippet: &Snippet, dir: &Path) -> Option<String> {
    let source = dir.join(format!("{}.rs", snippet.name));
    if let Err(err) = fs::write(&source, &snippet.source) {
        return Some(format!(
            "{}: cannot write {}: {err}",
            snippet.at,
            source.display()
        ));
    }
    let mut cmd = Command::new("rustc");
    cmd.current_dir(util::root())
        .args(["--edition", &snippet.edition])
        .args(["--crate-type", "lib", "--crate-name", "quiz_snippet"])
        .args(["--emit=metadata", "--color", "never", "-o"])
        .arg(dir.join(format!("lib{}.rmeta", snippet.name.replace('-', "_"))))
        .arg(&source);
    let done = util::run(cmd, SNIPPET_LIMIT);
    let shown = rel(&source);
    let output = done.output.trim_end();
    if done.timed_out || done.status.is_none() {
        return Some(format!(
            "{}: rustc {} on {shown}:\n{}",
            snippet.at,
            done.describe(),
            head(output, 40)
        ));
    }
    if output.contains("internal compiler error") {
        return Some(format!(
            "{}: rustc crashed on {shown}:\n{}",
            snippet.at,
            head(output, 40)
        ));
    }
    match (&snippet.expect, done.success()) {
        (Expect::Compiles, true) | (Expect::Ignored, _) => None,
        (Expect::Compiles, false) => Some(format!(
            "{}: does not compile (compiled as {shown}; declare what the reader need not see in `snippet.harness`, or tag the block `compile_fail` if failing is the point):\n{}",
            snippet.at,
            head(output, 40)
        )),
        (Expect::Fails(_), true) => Some(format!(
            "{}: is tagged compile_fail, but compiles (compiled as {shown})",
            snippet.at
        )),
        (Expect::Fails(wanted), false) => {
            let missing: Vec<String> = wanted
                .iter()
                .filter(|w| !w.found_in(output))
                .map(Wanted::describe)
                .collect();
            if missing.is_empty() {
                None
            } else {
                Some(format!(
                    "{}: fails to compile, but rustc's output has no {} (compiled as {shown}):\n{}",
                    snippet.at,
                    missing.join(", "),
                    head(output, 40)
                ))
            }
        }
    }
}

/// Crates a `Tracing` program may name: std only.
const STD_ROOTS: [&str; 6] = ["std", "core", "alloc", "crate", "self", "super"];

fn check_question(at: &str, chapter: &str, q: &Table, errors: &mut Vec<String>) {
    check_keys(
        at,
        "",
        q,
        &["id", "type", "prompt", "answer", "context"],
        &["multipart", "promptExplanation", "snippet"],
        errors,
    );
    check_positions(at, q, errors);
    let id = q.get("id").and_then(Value::as_str).unwrap_or_default();
    let slug_ok = !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    if !slug_ok || !id.starts_with(&format!("{chapter}-")) {
        errors.push(format!(
            "{at}: id `{id}` must be a lower-case slug starting with `{chapter}-`"
        ));
    }
    let context = q
        .get("context")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim();
    if context.len() < MIN_CONTEXT {
        errors.push(format!(
            "{at}: `context` must explain why the answer is right and why the tempting wrong answer is wrong ({} characters is too short)",
            context.len()
        ));
    }
    let empty = Table::new();
    let prompt = q.get("prompt").and_then(Value::as_table).unwrap_or(&empty);
    let answer = q.get("answer").and_then(Value::as_table).unwrap_or(&empty);
    match q.get("type").and_then(Value::as_str).unwrap_or_default() {
        "MultipleChoice" => {
            check_keys(
                at,
                "prompt.",
                prompt,
                &["prompt", "distractors"],
                &["answerIndex", "sortAnswers"],
                errors,
            );
            check_keys(at, "answer.", answer, &["answer"], &[], errors);
            let distractors = strings(prompt.get("distractors"));
            let answers = strings(answer.get("answer"));
            if distractors.is_empty() || answers.is_empty() {
                errors.push(format!(
                    "{at}: needs at least one answer and one distractor"
                ));
            }
            for answer in &answers {
                if distractors.contains(answer) {
                    errors.push(format!("{at}: the answer `{answer}` is also a distractor"));
                }
            }
            let unique: BTreeSet<&String> = distractors.iter().chain(&answers).collect();
            if unique.len() != distractors.len() + answers.len() {
                errors.push(format!("{at}: two options have the same text"));
            }
        }
        "ShortAnswer" => {
            check_keys(at, "prompt.", prompt, &["prompt"], &["response"], errors);
            check_keys(
                at,
                "answer.",
                answer,
                &["answer"],
                &["alternatives"],
                errors,
            );
        }
        "Tracing" => {
            check_keys(at, "prompt.", prompt, &["program"], &[], errors);
            check_keys(
                at,
                "answer.",
                answer,
                &["doesCompile"],
                &["stdout", "lineNumber"],
                errors,
            );
            let compiles = answer.get("doesCompile").and_then(Value::as_bool);
            match compiles {
                Some(true) if !answer.contains_key("stdout") => {
                    errors.push(format!(
                        "{at}: a program that compiles needs `answer.stdout`"
                    ));
                }
                Some(false) if !answer.contains_key("lineNumber") => {
                    errors.push(format!(
                        "{at}: a program that does not compile needs `answer.lineNumber`"
                    ));
                }
                _ => {}
            }
            let program = prompt
                .get("program")
                .and_then(Value::as_str)
                .unwrap_or_default();
            for line in program.lines() {
                let line = line.trim();
                let named = line
                    .strip_prefix("use ")
                    .or_else(|| line.strip_prefix("extern crate "))
                    .and_then(|rest| rest.split([':', ';', ' ']).next());
                if let Some(krate) = named
                    && !STD_ROOTS.contains(&krate)
                {
                    errors.push(format!(
                        "{at}: Tracing programs may use std only, not `{krate}`"
                    ));
                }
            }
        }
        other => errors.push(format!(
            "{at}: `type = \"{other}\"` is not MultipleChoice, ShortAnswer or Tracing"
        )),
    }
}

/// The rules for one quiz file: its name, its TOML, each question, and ids
/// unique across the quizzes seen so far (`ids`: id to file). Returns the
/// questions' ids and types, and the snippets to compile.
fn check_quiz_file(
    file: &str,
    chapter: &str,
    text: &str,
    chapters: &[String],
    ids: &mut BTreeMap<String, String>,
    errors: &mut Vec<String>,
) -> (Vec<(String, String)>, Vec<Snippet>) {
    let mut questions = Vec::new();
    let mut snippets = Vec::new();
    if !chapters.iter().any(|c| c == chapter) {
        errors.push(format!(
            "{file}: no chapter crate code/{chapter} (quiz files are named after their chapter)"
        ));
    }
    let doc: Table = match toml::from_str(text) {
        Ok(doc) => doc,
        Err(err) => {
            errors.push(format!("{file}: not valid TOML: {err}"));
            return (questions, snippets);
        }
    };
    check_keys(file, "", &doc, &["questions"], &["multipart"], errors);
    let list = doc
        .get("questions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (index, q) in list.iter().enumerate() {
        let Some(q) = q.as_table() else {
            errors.push(format!("{file}: question {} is not a table", index + 1));
            continue;
        };
        let id = q
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let at = format!("{file}: question {} (`{id}`)", index + 1);
        check_question(&at, chapter, q, errors);
        snippets.extend(collect_snippets(&at, &id, q, errors));
        if let Some(previous) = ids.insert(id.clone(), file.to_string()) {
            errors.push(format!("{at}: id also used in {previous}"));
        }
        let kind = q
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        questions.push((id, kind));
    }
    (questions, snippets)
}

/// Reads and checks every quiz, returning its questions. With `compile`,
/// also compiles the Rust blocks in prompts and contexts.
fn check_quizzes(compile: bool) -> Result<(Vec<Question>, String), String> {
    let mut errors = Vec::new();
    let mut questions = Vec::new();
    let mut snippets = Vec::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let chapters = pages::chapters();
    for path in quiz_paths() {
        let chapter = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let file = rel(&path);
        let text = fs::read_to_string(&path).unwrap_or_default();
        let found = check_quiz_file(&file, &chapter, &text, &chapters, &mut ids, &mut errors);
        questions.extend(found.0.into_iter().map(|(id, kind)| Question {
            id,
            kind,
            file: path.clone(),
        }));
        snippets.extend(found.1);
    }
    if compile {
        compile_snippets(&snippets, &mut errors);
    }
    if errors.is_empty() {
        let failing = snippets
            .iter()
            .filter(|s| matches!(s.expect, Expect::Fails(_)))
            .count();
        let summary = format!(
            "{} questions in {} quizzes, {} Rust snippets compiled ({failing} compile_fail)",
            questions.len(),
            quiz_paths().len(),
            if compile { snippets.len() } else { 0 },
        );
        Ok((questions, summary))
    } else {
        Err(errors.join("\n"))
    }
}

/// One study question's entry in the map.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    number: usize,
    text: String,
    #[serde(default)]
    quiz: Vec<String>,
    #[serde(default)]
    pages: Vec<String>,
    /// Where a not-yet-covered question will be answered (a part or chapter).
    pending: Option<String>,
    /// For a covered question: where the course goes deeper later.
    later: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Map {
    question: Vec<Entry>,
}

fn read_map() -> Result<Map, String> {
    let path = util::root().join(MAP);
    let text = fs::read_to_string(&path).map_err(|e| format!("{MAP}: {e}"))?;
    toml::from_str(&text).map_err(|e| format!("{MAP}: {e}"))
}

/// A page section named in the map: `send-sync/index.md#auto-traits`.
struct Section {
    page: String,
    anchor: Option<String>,
    chapter_title: String,
    heading: String,
}

fn resolve_section(spec: &str, pages: &[pages::Page]) -> Result<Section, String> {
    let (page, anchor) = match spec.split_once('#') {
        Some((page, anchor)) => (page, Some(anchor.to_string())),
        None => (spec, None),
    };
    let found = pages
        .iter()
        .find(|p| p.name == page)
        .ok_or_else(|| format!("page src/{page} does not exist"))?;
    let headings = pages::heading_ids(&found.text);
    let chapter_title = headings
        .first()
        .map(|(_, t)| t.clone())
        .unwrap_or_else(|| page.to_string());
    let heading = match &anchor {
        None => chapter_title.clone(),
        Some(anchor) => headings
            .iter()
            .find(|(id, _)| id == anchor)
            .map(|(_, title)| title.clone())
            .ok_or_else(|| format!("src/{page} has no heading with id `{anchor}`"))?,
    };
    Ok(Section {
        page: page.to_string(),
        anchor,
        chapter_title,
        heading,
    })
}

/// Checks the study-question map against the quizzes and pages, and renders
/// the appendix page from it.
fn map_and_appendix(questions: &[Question]) -> Result<(usize, String), String> {
    render_map(&read_map()?, &pages::pages(), questions)
}

/// The map rules on a parsed map and the pages, and the appendix they give.
fn render_map(
    map: &Map,
    pages: &[pages::Page],
    questions: &[Question],
) -> Result<(usize, String), String> {
    let known: BTreeMap<&str, &Question> = questions.iter().map(|q| (q.id.as_str(), q)).collect();
    let mut errors = Vec::new();
    let numbers: Vec<usize> = map.question.iter().map(|e| e.number).collect();
    if numbers != (1..=18).collect::<Vec<_>>() {
        errors.push(format!(
            "{MAP}: must list study questions 1 to 18 in order, once each"
        ));
    }
    let mut covered = 0;
    let mut uncovered = Vec::new();
    let mut page_md = String::from(
        "# The eighteen study questions\n\n\
         <!-- Generated from quizzes/study-map.toml by `cargo xtask map`. Do not edit. -->\n\n\
         By the end of the course you should be able to answer each of these questions.\n\
         Each one links to the sections that answer it and names the quizzes that test it.\n\
         Questions that later parts of the course will answer say so.\n",
    );
    for entry in &map.question {
        let at = format!("{MAP}: study question {}", entry.number);
        // Per quiz, this study question's quiz question ids, in map order.
        let mut quiz_files: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for id in &entry.quiz {
            match known.get(id.as_str()) {
                None => errors.push(format!("{at}: quiz id `{id}` does not exist")),
                Some(q) => quiz_files.entry(quiz_name(q)).or_default().push(id),
            }
        }
        let mut sections = Vec::new();
        for spec in &entry.pages {
            match resolve_section(spec, pages) {
                Ok(section) => sections.push(section),
                Err(err) => errors.push(format!("{at}: {err}")),
            }
        }
        // A question is covered when it has enough quiz questions and a page
        // section and no note saying more is to come. A `pending` note may sit
        // beside partial coverage: it names where the rest will be answered.
        let enough = entry.quiz.len() >= MIN_QUIZ_QUESTIONS && !entry.pages.is_empty();
        if entry.pending.is_some() {
            // Partly answered, or not yet: the note says where the rest goes.
        } else if enough {
            covered += 1;
        } else {
            uncovered.push(entry.number);
        }

        page_md.push_str(&format!("\n## {}. {}\n\n", entry.number, entry.text.trim()));
        if !sections.is_empty() {
            page_md.push_str("Answered in:\n\n");
            for section in &sections {
                let link = match &section.anchor {
                    Some(anchor) => format!("../{}#{anchor}", section.page),
                    None => format!("../{}", section.page),
                };
                let label = if section.anchor.is_some() {
                    format!("{} › {}", section.chapter_title, section.heading)
                } else {
                    section.chapter_title.clone()
                };
                page_md.push_str(&format!("- [{label}]({link})\n"));
            }
            page_md.push('\n');
        }
        if !quiz_files.is_empty() {
            let parts: Vec<String> = quiz_files
                .iter()
                .map(|(stem, ids)| {
                    let title = pages
                        .iter()
                        .find(|p| p.name == format!("{stem}/index.md"))
                        .and_then(|p| pages::heading_ids(&p.text).first().map(|(_, t)| t.clone()))
                        .unwrap_or_else(|| stem.clone());
                    let n = ids.len();
                    let plural = if n == 1 { "question" } else { "questions" };
                    // The span carries the ids for theme/progress.js, which
                    // counts the reader's correct answers among them.
                    format!(
                        "<span class=\"study-quiz\" data-quiz=\"{stem}\" data-ids=\"{}\">{n} {plural} in the quiz of [{title}]({})</span>",
                        ids.join(" "),
                        quiz_link(stem, pages)
                    )
                })
                .collect();
            page_md.push_str(&format!("Tested by: {}.\n", parts.join("; ")));
        }
        if let Some(later) = &entry.later {
            page_md.push_str(&format!(
                "\n*More in:* {}.\n",
                later.trim().trim_end_matches('.')
            ));
        }
        if let Some(pending) = &entry.pending {
            if !sections.is_empty() || !quiz_files.is_empty() {
                page_md.push('\n');
            }
            page_md.push_str(&format!(
                "*Still to come:* {}.\n",
                pending.trim().trim_end_matches('.')
            ));
        }
    }
    // Every quiz's ids in the quiz's own order: mdbook-quiz caches answers
    // by position, so progress.js needs the position of each id.
    let mut order: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for q in questions {
        order.entry(quiz_name(q)).or_default().push(&q.id);
    }
    page_md.push_str("\n<div class=\"study-quiz-order\" hidden>\n");
    for (stem, ids) in &order {
        page_md.push_str(&format!(
            "<span data-quiz=\"{stem}\" data-ids=\"{}\"></span>\n",
            ids.join(" ")
        ));
    }
    page_md.push_str("</div>\n");
    if !uncovered.is_empty() {
        errors.push(format!(
            "{MAP}: study questions {uncovered:?} have fewer than {MIN_QUIZ_QUESTIONS} quiz questions or no page, and no `pending` note"
        ));
    }
    if errors.is_empty() {
        Ok((covered, page_md))
    } else {
        Err(errors.join("\n"))
    }
}

/// The name mdbook-quiz gives a quiz (its file's stem), under which it
/// caches the reader's answers in localStorage.
fn quiz_name(question: &Question) -> String {
    question
        .file
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// The link from the appendix to a quiz: the page that embeds it (the
/// chapter's last lesson page), at its `## Quiz` heading.
fn quiz_link(stem: &str, pages: &[pages::Page]) -> String {
    let embed = format!("{{{{#quiz ../../quizzes/{stem}.toml}}}}");
    let page = pages
        .iter()
        .find(|p| p.text.lines().any(|l| l.trim() == embed))
        .map(|p| p.name.clone())
        .unwrap_or_else(|| format!("{stem}/index.md"));
    format!("../{page}#quiz")
}

/// The `quizzes` stage: quiz rules, the map, and the appendix up to date.
pub fn check() -> Result<String, String> {
    let (questions, summary) = check_quizzes(true)?;
    let (covered, expected) = map_and_appendix(&questions)?;
    println!("study questions covered: {covered}/18");
    let appendix = util::root().join(APPENDIX);
    let actual = fs::read_to_string(&appendix).unwrap_or_default();
    if actual != expected {
        return Err(format!(
            "{APPENDIX} is out of date with {MAP}: run `cargo xtask map`"
        ));
    }
    let tracing = questions.iter().filter(|q| q.kind == "Tracing").count();
    Ok(format!(
        "{summary} ({tracing} Tracing); study questions covered: {covered}/18"
    ))
}

/// `cargo xtask map`: regenerates the appendix page from the map.
pub fn write_appendix() -> Result<String, String> {
    let (questions, _) = check_quizzes(false)?;
    let (covered, page) = map_and_appendix(&questions)?;
    let path: &Path = &util::root().join(APPENDIX);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    fs::write(path, page).map_err(|e| format!("{APPENDIX}: {e}"))?;
    Ok(format!(
        "wrote {APPENDIX}; study questions covered: {covered}/18"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A question table from TOML text.
    fn question(text: &str) -> Table {
        toml::from_str(text).expect("test question is valid TOML")
    }

    /// A question that passes every rule; tests change one thing in it.
    const GOOD: &str = r#"
id = "threads-join-order"
type = "MultipleChoice"
prompt.prompt = "Which thread finishes first?"
prompt.distractors = ["The one spawned first.", "The main thread."]
answer.answer = "Whichever the scheduler runs to completion first."
context = """
Spawning order fixes nothing: the scheduler decides, so any thread can finish
first. The tempting answer assumes threads run in the order they were spawned.
"""
"#;

    fn errors_for(text: &str) -> Vec<String> {
        let mut errors = Vec::new();
        check_question("q", "threads", &question(text), &mut errors);
        errors
    }

    fn with(replace: &str, by: &str) -> String {
        assert!(GOOD.contains(replace), "{replace}");
        GOOD.replacen(replace, by, 1)
    }

    fn file_errors(
        file: &str,
        chapter: &str,
        text: &str,
        ids: &mut BTreeMap<String, String>,
    ) -> Vec<String> {
        let mut errors = Vec::new();
        check_quiz_file(
            file,
            chapter,
            text,
            &["threads".to_string()],
            ids,
            &mut errors,
        );
        errors
    }

    #[test]
    fn quiz_file_rules_fire() {
        let mut doc = Table::new();
        doc.insert(
            "questions".into(),
            Value::Array(vec![Value::Table(question(GOOD))]),
        );
        let text = toml::to_string(&doc).unwrap();
        let mut ids = BTreeMap::new();
        assert_eq!(
            file_errors("quizzes/threads.toml", "threads", &text, &mut ids),
            Vec::<String>::new()
        );
        let again = file_errors("quizzes/threads.toml", "threads", &text, &mut ids);
        assert!(
            again
                .iter()
                .any(|e| e.contains("id also used in quizzes/threads.toml")),
            "{again:?}"
        );
        let mut ids = BTreeMap::new();
        let unnamed = file_errors("quizzes/thread.toml", "thread", &text, &mut ids);
        assert!(
            unnamed
                .iter()
                .any(|e| e.contains("no chapter crate code/thread")),
            "{unnamed:?}"
        );
        let broken = file_errors(
            "quizzes/threads.toml",
            "threads",
            "questions = [",
            &mut BTreeMap::new(),
        );
        assert!(
            broken.iter().any(|e| e.contains("not valid TOML")),
            "{broken:?}"
        );
        let extra = file_errors(
            "quizzes/threads.toml",
            "threads",
            &format!("title = \"x\"\n{text}"),
            &mut BTreeMap::new(),
        );
        assert!(
            extra.iter().any(|e| e.contains("unknown key `title`")),
            "{extra:?}"
        );
        let scalar = file_errors(
            "quizzes/threads.toml",
            "threads",
            "questions = [1]\n",
            &mut BTreeMap::new(),
        );
        assert!(
            scalar
                .iter()
                .any(|e| e.contains("question 1 is not a table")),
            "{scalar:?}"
        );
    }

    fn page(name: &str, text: &str) -> pages::Page {
        pages::Page {
            path: PathBuf::from("src").join(name),
            name: name.into(),
            text: text.into(),
        }
    }

    /// A map of 18 study questions, each answered by two quiz questions and
    /// a page section; `first` replaces the first entry.
    fn map_with(first: &str) -> Map {
        let mut text = String::from(first);
        for n in 2..=18 {
            text.push_str(&format!(
                "\n[[question]]\nnumber = {n}\ntext = \"Q{n}\"\nquiz = [\"threads-a\", \"threads-b\"]\npages = [\"threads/index.md#joining\"]\n"
            ));
        }
        toml::from_str(&text).expect("test map is valid")
    }

    const FIRST: &str = "[[question]]\nnumber = 1\ntext = \"Q1\"\nquiz = [\"threads-a\", \"threads-b\"]\npages = [\"threads/index.md#joining\"]\n";

    fn map_errors(first: &str) -> Result<(usize, String), String> {
        let questions: Vec<Question> = ["threads-a", "threads-b"]
            .iter()
            .map(|id| Question {
                id: id.to_string(),
                kind: "MultipleChoice".into(),
                file: PathBuf::from("quizzes/threads.toml"),
            })
            .collect();
        let pages = [page(
            "threads/index.md",
            "# Threads\n\n## Joining\n\nText.\n",
        )];
        render_map(&map_with(first), &pages, &questions)
    }

    #[test]
    fn quiz_link_points_at_the_page_that_embeds_the_quiz() {
        let pages = [
            page("threads/index.md", "# Threads\n\nThe opening.\n"),
            page(
                "threads/joining.md",
                "# Joining\n\n## Quiz\n\n{{#quiz ../../quizzes/threads.toml}}\n",
            ),
        ];
        assert_eq!(quiz_link("threads", &pages), "../threads/joining.md#quiz");
        // No page embeds it: the chapter's opening page, which the pages
        // stage then reports for its missing quiz.
        assert_eq!(quiz_link("atomics", &pages), "../atomics/index.md#quiz");
    }

    #[test]
    fn map_rules_fire() {
        let (covered, appendix) = map_errors(FIRST).unwrap();
        assert_eq!(covered, 18);
        assert!(
            appendix.contains("- [Threads › Joining](../threads/index.md#joining)"),
            "{appendix}"
        );
        assert!(appendix.contains(
            "Tested by: <span class=\"study-quiz\" data-quiz=\"threads\" data-ids=\"threads-a threads-b\">2 questions in the quiz of [Threads](../threads/index.md#quiz)</span>."
        ), "{appendix}");
        assert!(appendix.contains(
            "<div class=\"study-quiz-order\" hidden>\n<span data-quiz=\"threads\" data-ids=\"threads-a threads-b\"></span>\n</div>\n"
        ), "{appendix}");
        let cases = [
            (
                FIRST.replace("number = 1", "number = 19"),
                "must list study questions 1 to 18",
            ),
            (
                FIRST.replace("threads-b", "threads-z"),
                "quiz id `threads-z` does not exist",
            ),
            (
                FIRST.replace("threads/index.md#joining", "threads/gone.md"),
                "page src/threads/gone.md does not exist",
            ),
            (
                FIRST.replace("#joining", "#spawning"),
                "has no heading with id `spawning`",
            ),
            (
                FIRST.replace(", \"threads-b\"", ""),
                "study questions [1] have fewer than 2 quiz questions",
            ),
        ];
        for (first, wanted) in cases {
            let errors = map_errors(&first).unwrap_err();
            assert!(errors.contains(wanted), "expected `{wanted}` in {errors}");
        }
        let pending = FIRST.replace(", \"threads-b\"", "") + "pending = \"Part IV\"\n";
        let (covered, appendix) = map_errors(&pending).unwrap();
        assert_eq!(covered, 17, "a pending question is not counted");
        assert!(appendix.contains("*Still to come:* Part IV."));
    }

    #[test]
    fn a_good_question_passes() {
        assert_eq!(errors_for(GOOD), Vec::<String>::new());
    }

    #[test]
    fn existing_rules_fire() {
        let cases = [
            (
                with("threads-join-order", "Threads_Join"),
                "lower-case slug",
            ),
            (
                with("threads-join-order", "send-sync-join"),
                "starting with `threads-`",
            ),
            (
                with("context = ", "colour = 1\ncontext = "),
                "unknown key `colour`",
            ),
            (
                GOOD.replace(
                    "\"The main thread.\"",
                    "\"Whichever the scheduler runs to completion first.\"",
                ),
                "is also a distractor",
            ),
            (
                GOOD.replace("\"The main thread.\"", "\"The one spawned first.\""),
                "same text",
            ),
            (
                with(
                    "prompt.distractors = [\"The one spawned first.\", \"The main thread.\"]",
                    "prompt.distractors = []",
                ),
                "at least one answer and one distractor",
            ),
            (
                with("prompt.prompt", "prompt.answerIdx = 1\nprompt.prompt"),
                "unknown key `prompt.answerIdx`",
            ),
            (
                with("type = \"MultipleChoice\"", "type = \"Essay\""),
                "is not MultipleChoice",
            ),
        ];
        for (text, wanted) in cases {
            let errors = errors_for(&text);
            assert!(
                errors.iter().any(|e| e.contains(wanted)),
                "expected `{wanted}` in {errors:?}"
            );
        }
        let short = GOOD.replace(
            "Spawning order fixes nothing: the scheduler decides, so any thread can finish\nfirst. The tempting answer assumes threads run in the order they were spawned.",
            "The scheduler decides.",
        );
        assert!(errors_for(&short).iter().any(|e| e.contains("too short")));
    }

    const TRACING: &str = r#"
id = "threads-tracing-sum"
type = "Tracing"
prompt.program = """
use std::thread;
fn main() {
    println!("{}", thread::spawn(|| 1 + 1).join().unwrap());
}
"""
answer.doesCompile = true
answer.stdout = "2"
context = """
The closure runs on the new thread and `join` hands its result back, so the
program prints 2. The tempting wrong answer, that it does not compile, forgets
that `join` returns the closure's value.
"""
"#;

    #[test]
    fn tracing_rules_fire() {
        assert_eq!(errors_for(TRACING), Vec::<String>::new());
        let crossbeam = TRACING.replace("use std::thread;", "use crossbeam::thread;");
        assert!(
            errors_for(&crossbeam)
                .iter()
                .any(|e| e.contains("std only, not `crossbeam`"))
        );
        let no_stdout = TRACING.replace("answer.stdout = \"2\"\n", "");
        assert!(
            errors_for(&no_stdout)
                .iter()
                .any(|e| e.contains("needs `answer.stdout`"))
        );
        let no_line = TRACING.replace("answer.doesCompile = true", "answer.doesCompile = false");
        let no_line = no_line.replace("answer.stdout = \"2\"\n", "");
        assert!(
            errors_for(&no_line)
                .iter()
                .any(|e| e.contains("needs `answer.lineNumber`"))
        );
    }

    #[test]
    fn positional_phrases_are_found() {
        let cases = [
            (
                "ARM allows the first two without barriers.",
                "the first two",
            ),
            (
                "The pairing is the other way round from the third option.",
                "the third option",
            ),
            (
                "Unlike the Last Option, this one is wrong.",
                "the last option",
            ),
            (
                "The second distractor forgets the fence.",
                "the second distractor",
            ),
            ("The first answer is tempting.", "the first answer"),
            ("It is the last one that deadlocks.", "the last one"),
            ("Only the first two options hold.", "the first two options"),
            ("The option above forgets the fence.", "option above"),
            ("As the answer below says, it works.", "answer below"),
            ("Options 1 and 3 are wrong.", "options 1"),
            ("Option (b) is wrong.", "option (b)"),
            ("Both (a) and (c) hold.", "(a)"),
            ("None of the above.", "of the above"),
            ("The next option is tempting.", "next option"),
            ("The fourth is where the cost lives.", "the fourth"),
            ("the first of the options", "the first of the options"),
        ];
        for (text, wanted) in cases {
            let found = positional_phrases(text);
            assert!(
                found.iter().any(|f| f == wanted),
                "expected `{wanted}` in {found:?} for {text:?}"
            );
        }
    }

    #[test]
    fn content_references_stay_quiet() {
        let quiet = [
            "The first thread stores, the second loads.",
            "Which of the following options are true? Pick the options below.",
            "The last `Arc` is already dropping the value.",
            "`f(a)` and `options[1]` are code, and so is compute(a).",
            "The answer that names `Release` is right; the first store is not.",
            "The stop flag is a distractor for the first reader.",
            "the type system stops the second, not the first.",
            "Only the last, successful result is stored.",
            "(s) is plural; the option that says `Relaxed` is wrong.",
            "```rust\nlet first_option = options[0]; // the first option\n```",
        ];
        for text in quiet {
            assert_eq!(positional_phrases(text), Vec::<String>::new(), "{text:?}");
        }
    }

    #[test]
    fn the_position_rule_names_file_question_and_phrase() {
        let bad = GOOD.replace("The tempting answer assumes", "The first option assumes");
        let mut errors = Vec::new();
        check_question(
            "quizzes/threads.toml: question 1 (`threads-join-order`)",
            "threads",
            &question(&bad),
            &mut errors,
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0]
                .starts_with("quizzes/threads.toml: question 1 (`threads-join-order`): `context`")
        );
        assert!(errors[0].contains("\"the first option\""));
        // Options in a fixed order, and questions without options, are exempt.
        let fixed = bad.replace("prompt.prompt", "prompt.answerIndex = 0\nprompt.prompt");
        assert_eq!(errors_for(&fixed), Vec::<String>::new());
        let tracing = TRACING.replace("The closure runs", "The first option runs");
        assert_eq!(errors_for(&tracing), Vec::<String>::new());
    }

    #[test]
    fn fence_info_strings_are_read_like_rustdoc() {
        assert_eq!(parse_info("rust"), Ok((Expect::Compiles, "2024")));
        assert_eq!(
            parse_info("rust,compile_fail,E0373"),
            Ok((Expect::Fails(vec![Wanted::Code("E0373".into())]), "2024"))
        );
        assert_eq!(parse_info("rust,ignore"), Ok((Expect::Ignored, "2024")));
        assert_eq!(
            parse_info("rust,edition2021"),
            Ok((Expect::Compiles, "2021"))
        );
        for bad in [
            "rust,no_run",
            "rust,E0373",
            "rust,ignore,compile_fail",
            "rust,edition2027",
            "rust,compile_fail,E37",
        ] {
            assert!(parse_info(bad).is_err(), "{bad}");
        }
        let blocks =
            fences("Text\n\n```rust,compile_fail\nlet x = 1;\n```\n\n~~~~text\n```\n~~~~\n");
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].info, "rust,compile_fail");
        assert_eq!(blocks[0].code, "let x = 1;");
        assert_eq!(blocks[1].code, "```");
    }

    #[test]
    fn fragments_are_wrapped_and_harnesses_applied() {
        let wrapped = assemble(None, "let x = 1;");
        assert_eq!(
            wrapped,
            "#![allow(dead_code, unused)]\nfn main() {\nlet x = 1;\n}\n"
        );
        let program = assemble(None, "fn main() {}");
        assert!(!program.contains("fn main() {\nfn main"));
        let around = assemble(
            Some("struct Lock;\nimpl Lock {\n{snippet}\n}"),
            "fn unlock(&self) {}",
        );
        assert!(around.contains("impl Lock {\nfn unlock(&self) {}\n}"));
        let before = assemble(
            Some("#![deny(unsafe_code)]\nuse std::sync::Arc;"),
            "let a = Arc::new(1);",
        );
        assert!(before.starts_with("#![allow(dead_code, unused)]\n#![deny(unsafe_code)]\nfn main() {\nuse std::sync::Arc;\nlet a"));
    }

    /// The snippet rules and the compiler on one question's TOML.
    fn snippet_errors(text: &str) -> Vec<String> {
        let q = question(text);
        let id = q
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let mut errors = Vec::new();
        let snippets = collect_snippets("q", &id, &q, &mut errors);
        compile_snippets(&snippets, &mut errors);
        errors
    }

    fn prompt_with(id: &str, block: &str, snippet: &str) -> String {
        format!(
            "id = \"{id}\"\ntype = \"MultipleChoice\"\nprompt.prompt = \"\"\"\nWhat happens?\n\n{block}\n\"\"\"\n{snippet}\n"
        )
    }

    #[test]
    fn snippets_compile_as_tagged() {
        let ok = prompt_with(
            "test-snippet-ok",
            "```rust\nlet prices = Arc::new(vec![1, 2]);\nthread::spawn(move || prices.len());\n```",
            "snippet.harness = \"use std::sync::Arc;\\nuse std::thread;\"",
        );
        assert_eq!(snippet_errors(&ok), Vec::<String>::new());

        let broken = prompt_with(
            "test-snippet-broken",
            "```rust\nlet total: u32 = \"3\";\n```",
            "",
        );
        let errors = snippet_errors(&broken);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with("q, ```rust block 1 in `prompt.prompt`: does not compile"));
        assert!(errors[0].contains("error[E0308]"), "{}", errors[0]);

        let escapes = "```rust,compile_fail,E0373\nlet name = String::from(\"worker\");\nstd::thread::spawn(|| println!(\"{name}\"));\n```";
        assert_eq!(
            snippet_errors(&prompt_with("test-snippet-e0373", escapes, "")),
            Vec::<String>::new()
        );
        let wrong_code = escapes.replace("E0373", "E0499");
        let errors = snippet_errors(&prompt_with("test-snippet-e0499", &wrong_code, ""));
        assert!(
            errors.iter().any(|e| e.contains("has no error[E0499]")),
            "{errors:?}"
        );

        let compiles = prompt_with(
            "test-snippet-fail-compiles",
            "```rust,compile_fail\nlet x = 1;\n```",
            "",
        );
        let errors = snippet_errors(&compiles);
        assert!(
            errors
                .iter()
                .any(|e| e.contains("tagged compile_fail, but compiles")),
            "{errors:?}"
        );

        let message = prompt_with(
            "test-snippet-message",
            "```rust,compile_fail\nfn shared(_: impl Send) {}\nshared(std::rc::Rc::new(1));\n```",
            "snippet.error = \"cannot be sent between threads safely\"",
        );
        assert_eq!(snippet_errors(&message), Vec::<String>::new());
    }

    #[test]
    fn snippet_tags_and_table_are_checked() {
        let cases = [
            (
                prompt_with("t", "```\nlet x = 1;\n```", ""),
                "no info string",
            ),
            (
                prompt_with("t", "```rust, ignore\nlet x = 1;\n```", ""),
                "has a space",
            ),
            (
                prompt_with("t", "```rust,ignore\nlet x = 1;\n```", ""),
                "needs its reason",
            ),
            (
                prompt_with("t", "```rust,no_run\nlet x = 1;\n```", ""),
                "unknown fence attribute",
            ),
            (
                prompt_with("t", "```text\nhi\n```", "snippet.ignore = \"why\""),
                "no block is tagged",
            ),
            (
                prompt_with(
                    "t",
                    "```text\nhi\n```",
                    "snippet.harness = \"use std::sync::Arc;\"",
                ),
                "no ```rust block",
            ),
            (
                prompt_with("t", "```rust\nlet x = 1;\n```", "snippet.error = \"E0308\""),
                "no block is tagged ```rust,compile_fail",
            ),
            (
                prompt_with("t", "```rust\nlet x = 1;\n```", "snippet.harnes = \"\""),
                "unknown key `snippet.harnes`",
            ),
        ];
        for (text, wanted) in cases {
            let mut errors = Vec::new();
            collect_snippets("q", "t", &question(&text), &mut errors);
            assert!(
                errors.iter().any(|e| e.contains(wanted)),
                "expected `{wanted}` in {errors:?}"
            );
        }
        let mut errors = Vec::new();
        let ignored = prompt_with(
            "t",
            "```rust,ignore\nlet x = 1;\n```",
            "snippet.ignore = \"needs tokio\"",
        );
        assert!(collect_snippets("q", "t", &question(&ignored), &mut errors).is_empty());
        assert_eq!(errors, Vec::<String>::new());
    }
}
