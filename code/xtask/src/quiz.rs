//! Quiz rules, and the map from the eighteen study questions to the quiz
//! questions and page sections that answer them.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

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

/// Crates a `Tracing` program may name: std only.
const STD_ROOTS: [&str; 6] = ["std", "core", "alloc", "crate", "self", "super"];

fn check_question(at: &str, chapter: &str, q: &Table, errors: &mut Vec<String>) {
    check_keys(
        at,
        "",
        q,
        &["id", "type", "prompt", "answer", "context"],
        &["multipart", "promptExplanation"],
        errors,
    );
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

/// Reads and checks every quiz, returning its questions.
pub fn check_quizzes() -> Result<(Vec<Question>, String), String> {
    let mut errors = Vec::new();
    let mut questions = Vec::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let chapters = pages::chapters();
    for path in quiz_paths() {
        let chapter = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let file = rel(&path);
        if !chapters.contains(&chapter) {
            errors.push(format!(
                "{file}: no chapter crate code/{chapter} (quiz files are named after their chapter)"
            ));
        }
        let text = fs::read_to_string(&path).unwrap_or_default();
        let doc: Table = match toml::from_str(&text) {
            Ok(doc) => doc,
            Err(err) => {
                errors.push(format!("{file}: not valid TOML: {err}"));
                continue;
            }
        };
        check_keys(&file, "", &doc, &["questions"], &["multipart"], &mut errors);
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
            check_question(&at, &chapter, q, &mut errors);
            if let Some(previous) = ids.insert(id.clone(), file.clone()) {
                errors.push(format!("{at}: id also used in {previous}"));
            }
            questions.push(Question {
                id,
                kind: q
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                file: path.clone(),
            });
        }
    }
    if errors.is_empty() {
        let summary = format!(
            "{} questions in {} quizzes",
            questions.len(),
            quiz_paths().len()
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
    let map = read_map()?;
    let pages = pages::pages();
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
        let mut quiz_files: BTreeMap<String, usize> = BTreeMap::new();
        for id in &entry.quiz {
            match known.get(id.as_str()) {
                None => errors.push(format!("{at}: quiz id `{id}` does not exist")),
                Some(q) => {
                    let stem = q
                        .file
                        .file_stem()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned();
                    *quiz_files.entry(stem).or_default() += 1;
                }
            }
        }
        let mut sections = Vec::new();
        for spec in &entry.pages {
            match resolve_section(spec, &pages) {
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
                .map(|(stem, n)| {
                    let title = pages
                        .iter()
                        .find(|p| p.name == format!("{stem}/index.md"))
                        .and_then(|p| pages::heading_ids(&p.text).first().map(|(_, t)| t.clone()))
                        .unwrap_or_else(|| stem.clone());
                    let plural = if *n == 1 { "question" } else { "questions" };
                    format!("{n} {plural} in the quiz of [{title}](../{stem}/index.md#quiz)")
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

/// The `quizzes` stage: quiz rules, the map, and the appendix up to date.
pub fn check() -> Result<String, String> {
    let (questions, summary) = check_quizzes()?;
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
    let (questions, _) = check_quizzes()?;
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
