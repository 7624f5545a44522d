//! Building and serving the book with the pinned tools.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use crate::tools::{self, MDBOOK};
use crate::util::{self, rel};

/// The longest a book build may take before the stage fails.
const BUILD_LIMIT: Duration = Duration::from_secs(600);

/// Lines the pinned tools print on every build that are not problems.
const KNOWN_HARMLESS: [&str; 1] = [
    // mdbook-mermaid 0.17.1 was built against mdbook 0.5.0 and says so to
    // 0.5.4; the preprocessor protocol is the same across 0.5.x.
    "The mdbook-mermaid preprocessor was built against version 0.5.0 of mdbook, but we're being called from version 0.5.4",
];

/// Installs the tools if needed, then prepares `src/` for mdBook.
fn prepare() -> Result<(), String> {
    tools::ensure_book_tools()?;
    tools::install_mermaid_js()
}

fn mdbook() -> Result<Command, String> {
    let mut cmd = Command::new(MDBOOK.bin());
    cmd.current_dir(util::root())
        .env("PATH", tools::book_path()?);
    Ok(cmd)
}

fn quiz_files() -> BTreeMap<PathBuf, Vec<u8>> {
    util::files_with_suffix(&util::root().join("quizzes"), ".toml")
        .into_iter()
        .map(|path| {
            let bytes = fs::read(&path).unwrap_or_default();
            (path, bytes)
        })
        .collect()
}

/// Builds the static site into `book/`. Fails on any warning or error from
/// mdBook or its preprocessors (spelling in quizzes included), and if the
/// build changed a quiz file (mdbook-quiz writes ids it generates back into
/// the file: every id must be committed).
pub fn build() -> Result<String, String> {
    prepare()?;
    let before = quiz_files();
    let mut cmd = mdbook()?;
    cmd.arg("build");
    let done = util::run(cmd, BUILD_LIMIT);
    let after = quiz_files();
    if !done.success() {
        return Err(format!(
            "`mdbook build` {}:\n{}",
            done.describe(),
            done.tail(60)
        ));
    }
    let changed: Vec<String> = after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(*bytes))
        .map(|(path, _)| rel(path))
        .collect();
    if !changed.is_empty() {
        return Err(format!(
            "the build rewrote {} (mdbook-quiz added an id): commit the ids, and give every question a readable `id` (STYLE.md)",
            changed.join(", ")
        ));
    }
    let complaints: Vec<&str> = done
        .output
        .lines()
        .filter(|line| !KNOWN_HARMLESS.iter().any(|known| line.contains(known)))
        .filter(|line| {
            line.contains("WARN")
                || line.contains("ERROR")
                || line.contains("Spelling error")
                || line.contains("Warning:")
        })
        .collect();
    if !complaints.is_empty() {
        return Err(format!(
            "`mdbook build` printed warnings (spelling: fix the word or add it to quizzes/words.dic):\n{}\n{}",
            complaints.join("\n"),
            done.tail(40)
        ));
    }
    let pages = util::files_with_suffix(&util::root().join("book"), ".html").len();
    Ok(format!("{pages} HTML files in book/"))
}

/// Serves the book on `127.0.0.1:<port>`, rebuilding on change.
pub fn serve(port: u16, open: bool) -> Result<(), String> {
    prepare()?;
    let mut cmd = mdbook()?;
    cmd.args([
        "serve",
        "--hostname",
        "127.0.0.1",
        "--port",
        &port.to_string(),
    ]);
    if open {
        cmd.arg("--open");
    }
    eprintln!("xtask: serving the book on http://localhost:{port} (Ctrl-C stops)");
    if util::run_visible(cmd) {
        Ok(())
    } else {
        Err("`mdbook serve` stopped with an error (is the port in use? try `cargo xtask serve --port 3001`)".into())
    }
}
