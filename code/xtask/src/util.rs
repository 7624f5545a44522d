//! Running commands with a time limit, and small file helpers.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

/// The repository root (two levels above this crate's manifest).
pub fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        manifest
            .ancestors()
            .nth(2)
            .expect("code/xtask sits two levels below the repository root")
            .to_path_buf()
    })
}

/// The cargo target directory: `$CARGO_TARGET_DIR`, or `target/` at the root.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// Turns a path under the root into the short form used in messages.
pub fn rel(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// What a finished command left behind.
#[derive(Debug)]
pub struct Finished {
    pub status: Option<ExitStatus>,
    /// Standard output and standard error, interleaved as they arrived.
    pub output: String,
    /// Standard output alone.
    pub stdout: String,
    /// Standard error alone.
    pub stderr: String,
    pub timed_out: bool,
}

impl Finished {
    pub fn success(&self) -> bool {
        !self.timed_out && self.status.is_some_and(|s| s.success())
    }

    /// The last `lines` lines of output, for a failure message.
    pub fn tail(&self, lines: usize) -> String {
        let all: Vec<&str> = self.output.lines().collect();
        let start = all.len().saturating_sub(lines);
        all[start..].join("\n")
    }

    /// A one-line description of how it ended.
    pub fn describe(&self) -> String {
        match (self.timed_out, self.status) {
            (true, _) => "timed out".to_string(),
            (false, Some(status)) => status.to_string(),
            (false, None) => "did not start".to_string(),
        }
    }
}

/// Prints what the command does before it runs, when `HB_VERBOSE` is set.
fn verbose() -> bool {
    std::env::var_os("HB_VERBOSE").is_some()
}

/// Describes a command the way a reader would type it.
pub fn show(cmd: &Command) -> String {
    let mut text = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Runs `cmd` to completion or until `limit` passes, collecting stdout and
/// stderr together. On timeout the whole process group is killed, so a hung
/// test binary under `cargo test` does not outlive the stage.
pub fn run(cmd: Command, limit: Duration) -> Finished {
    run_until(cmd, limit, None)
}

/// [`run`], but the command is killed as soon as its output contains
/// `stop` (for example libtest's `... FAILED`, when the first failure is
/// all the caller needs to know). A command killed so does not succeed.
pub fn run_until(mut cmd: Command, limit: Duration, stop: Option<&'static str>) -> Finished {
    if verbose() {
        eprintln!("  $ {}", show(&cmd));
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let mut child = match cmd.spawn() {
        Ok(child) => child,
        Err(err) => {
            return Finished {
                status: None,
                output: format!("could not start `{}`: {err}", show(&cmd)),
                stdout: String::new(),
                stderr: String::new(),
                timed_out: false,
            };
        }
    };
    let stopped = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    // Each chunk is tagged with whether it came from stdout.
    let (tx, rx) = std::sync::mpsc::channel::<(bool, Vec<u8>)>();
    let mut readers = Vec::new();
    let stdout = child
        .stdout
        .take()
        .map(|s| Box::new(s) as Box<dyn Read + Send>);
    let stderr = child
        .stderr
        .take()
        .map(|s| Box::new(s) as Box<dyn Read + Send>);
    for (is_stdout, mut stream) in [(true, stdout), (false, stderr)]
        .into_iter()
        .filter_map(|(tag, stream)| Some((tag, stream?)))
    {
        let tx = tx.clone();
        let stopped = std::sync::Arc::clone(&stopped);
        readers.push(thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = stream.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if verbose() {
                    eprint!("{}", String::from_utf8_lossy(&buf[..n]));
                }
                if stop.is_some_and(|stop| String::from_utf8_lossy(&buf[..n]).contains(stop)) {
                    stopped.store(true, std::sync::atomic::Ordering::Relaxed);
                }
                if tx.send((is_stdout, buf[..n].to_vec())).is_err() {
                    break;
                }
            }
        }));
    }
    drop(tx);
    let deadline = Instant::now() + limit;
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if stopped.load(std::sync::atomic::Ordering::Relaxed) => {
                kill_group(&mut child);
                break child.wait().ok();
            }
            Ok(None) if Instant::now() >= deadline => {
                timed_out = true;
                kill_group(&mut child);
                break child.wait().ok();
            }
            Ok(None) => thread::sleep(Duration::from_millis(20)),
            Err(_) => break None,
        }
    };
    if timed_out {
        // Readers may be blocked on pipes still held open by grandchildren.
        // Collect what has arrived and leave them.
        thread::sleep(Duration::from_millis(200));
    } else {
        for reader in readers {
            let _ = reader.join();
        }
    }
    let chunks: Vec<(bool, Vec<u8>)> = rx.try_iter().collect();
    let all: Vec<u8> = chunks.iter().flat_map(|(_, c)| c.iter().copied()).collect();
    let from = |stdout: bool| -> Vec<u8> {
        chunks
            .iter()
            .filter(|(is_stdout, _)| *is_stdout == stdout)
            .flat_map(|(_, c)| c.iter().copied())
            .collect()
    };
    Finished {
        status,
        output: String::from_utf8_lossy(&all).into_owned(),
        stdout: String::from_utf8_lossy(&from(true)).into_owned(),
        stderr: String::from_utf8_lossy(&from(false)).into_owned(),
        timed_out,
    }
}

#[cfg(unix)]
fn kill_group(child: &mut std::process::Child) {
    let group = format!("-{}", child.id());
    let killed = Command::new("kill")
        .args(["-KILL", "--", &group])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !killed {
        let _ = child.kill();
    }
}

#[cfg(not(unix))]
fn kill_group(child: &mut std::process::Child) {
    let _ = child.kill();
}

/// Runs a command with inherited stdio (for long installs the user should
/// watch), returning whether it succeeded.
pub fn run_visible(mut cmd: Command) -> bool {
    if verbose() {
        eprintln!("  $ {}", show(&cmd));
    }
    cmd.status().is_ok_and(|s| s.success())
}

/// A `cargo` command that uses the same cargo that runs xtask.
pub fn cargo() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root());
    cmd
}

/// Every file below `dir` (recursively) whose name ends with `suffix`, sorted.
pub fn files_with_suffix(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(suffix) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Whether `program` can be started (it answers `--version`).
pub fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
