//! `cargo xtask`: the course's commands.
//!
//! ```text
//! cargo xtask serve [--port 3000] [--open]   install the pinned tools if needed, serve the book
//! cargo xtask build                          build the static site into book/
//! cargo xtask test [--only a,b] [--skip c]   everything CI runs
//! cargo xtask map                            regenerate the study-questions appendix
//! cargo xtask mutants [--list] [CRATE..]      weaken each ordering, remove each wake-up, run the tests
//! cargo xtask loom <chapter> [--exercise] [--solution] [-- ARGS]   the loom models of a chapter or its exercise
//! cargo xtask miri <chapter> [--exercise] [--solution] [-- ARGS]   the chapter's tests or its exercise under Miri
//! ```

mod book;
mod commands;
mod mutants;
mod pages;
mod quiz;
mod stages;
mod tools;
mod util;

use std::process::ExitCode;

fn usage() -> String {
    let mut text = String::from(
        "usage: cargo xtask <command>\n\n\
         commands:\n  \
         serve [--port N] [--open]   install the pinned book tools if missing, then serve the book on http://localhost:N (default 3000)\n  \
         build                       build the static site into book/\n  \
         test [--only S,..] [--skip S,..]\n                              run every check CI runs; stages:\n",
    );
    for stage in stages::STAGES {
        text.push_str(&format!(
            "                                {:<10} {}\n",
            stage.name, stage.about
        ));
    }
    text.push_str("  map                         regenerate src/appendix/study-questions.md from quizzes/study-map.toml\n");
    text.push_str("  mutants [--list] [CRATE..]  weaken every ordering and remove every wake-up in the chapters' primitives, one at a time,\n                              and run the crate's tests and loom models against each (--list: only list the mutants)\n");
    text.push_str("  loom <chapter> [--exercise] [--solution] [-- ARGS]\n                              the chapter's loom models (tests/loom.rs) in release mode with --cfg loom, LOOM_MAX_PREEMPTIONS=3\n                              unless set; --exercise: the exercise's loom models on your exercise/starter.rs; --solution: on\n                              exercise/solution.rs. LOOM_LOG=trace LOOM_LOCATION=1 give loom's detailed report. ARGS go to the test binary\n");
    text.push_str("  miri <chapter> [--exercise] [--solution] [-- ARGS]\n                              the chapter's tests under Miri (cargo +nightly miri test); --exercise / --solution as for loom\n");
    text.push_str("\nenvironment: HB_TOOLS_DIR (where the pinned tools go; default .tools/), HB_VERBOSE=1 (stream command output), HB_CHROMIUM (browser binary)\n");
    text
}

fn bad_usage(message: &str) -> ExitCode {
    eprintln!("xtask: {message}\n\n{}", usage());
    ExitCode::from(2)
}

fn list(value: Option<&String>) -> Vec<String> {
    value
        .map(|v| {
            v.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn finish(result: Result<String, String>) -> ExitCode {
    match result {
        Ok(text) => {
            println!("xtask: {text}");
            ExitCode::SUCCESS
        }
        Err(text) => {
            eprintln!("xtask: {text}");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first() else {
        return bad_usage("no command given");
    };
    let rest = &args[1..];
    match command.as_str() {
        "help" | "-h" | "--help" => {
            print!("{}", usage());
            ExitCode::SUCCESS
        }
        "build" => {
            if !rest.is_empty() {
                return bad_usage("`build` takes no arguments");
            }
            finish(book::build())
        }
        "map" => {
            if !rest.is_empty() {
                return bad_usage("`map` takes no arguments");
            }
            finish(quiz::write_appendix())
        }
        "serve" => {
            let mut port: u16 = 3000;
            let mut open = false;
            let mut i = 0;
            while i < rest.len() {
                match rest[i].as_str() {
                    "--open" => open = true,
                    "--port" | "-p" => {
                        let Some(Ok(value)) = rest.get(i + 1).map(|v| v.parse::<u16>()) else {
                            return bad_usage("--port needs a number from 1 to 65535");
                        };
                        port = value;
                        i += 1;
                    }
                    other => return bad_usage(&format!("unknown option `{other}` for serve")),
                }
                i += 1;
            }
            match book::serve(port, open) {
                Ok(()) => ExitCode::SUCCESS,
                Err(text) => {
                    eprintln!("xtask: {text}");
                    ExitCode::FAILURE
                }
            }
        }
        "mutants" => {
            let list = rest.iter().any(|a| a == "--list");
            let crates: Vec<String> = rest.iter().filter(|a| *a != "--list").cloned().collect();
            if let Some(option) = crates.iter().find(|a| a.starts_with('-')) {
                return bad_usage(&format!("unknown option `{option}` for mutants"));
            }
            let started = std::time::Instant::now();
            match mutants::run(&crates, list, true) {
                Ok(_) if list => ExitCode::SUCCESS,
                Ok(report) => {
                    let ok = stages::mutants_verdict(&report, started.elapsed());
                    if ok.0 {
                        println!("xtask: {}", ok.1);
                        ExitCode::SUCCESS
                    } else {
                        eprintln!("xtask: {}", ok.1);
                        ExitCode::FAILURE
                    }
                }
                Err(text) => {
                    eprintln!("xtask: {text}");
                    ExitCode::FAILURE
                }
            }
        }
        "loom" => commands::main(commands::Tool::Loom, rest, &usage()),
        "miri" => commands::main(commands::Tool::Miri, rest, &usage()),
        "test" => {
            let mut only = Vec::new();
            let mut skip = Vec::new();
            let mut i = 0;
            while i < rest.len() {
                let target = match rest[i].as_str() {
                    "--only" => &mut only,
                    "--skip" => &mut skip,
                    other => return bad_usage(&format!("unknown option `{other}` for test")),
                };
                let values = list(rest.get(i + 1));
                if values.is_empty() {
                    return bad_usage(&format!(
                        "{} needs a comma-separated list of stages",
                        rest[i]
                    ));
                }
                if let Some(unknown) = values
                    .iter()
                    .find(|v| !stages::STAGES.iter().any(|s| s.name == v.as_str()))
                {
                    return bad_usage(&format!("unknown stage `{unknown}`"));
                }
                target.extend(values);
                i += 2;
            }
            if stages::run(&only, &skip) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        other => bad_usage(&format!("unknown command `{other}`")),
    }
}
