//! Building cases with a real toolchain, many at a time.
//!
//! One `go build` per (toolchain, language version, gcflags) builds every case as its own
//! main package of one throwaway module, each binary named after its case: a single `go`
//! invocation pays the fixed cost of loading the standard library once instead of per case.
//! gc still writes the binaries of the packages that compiled when another fails, so a
//! failure is isolated by rebuilding only the cases whose binary is missing, one at a time.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tempfile::TempDir;

use crate::process;
use crate::toolchain::Toolchain;
use crate::version::Lang;

/// How long one `go build` may take; generous, since a cold cache compiles the runtime.
pub const BUILD_TIMEOUT: Duration = Duration::from_secs(600);

/// The module path of the throwaway module; each case is the package `gosemcases/<name>`.
const MODULE: &str = "gosemcases";

/// How to build.
#[derive(Clone, Copy, Debug)]
pub struct Config<'a> {
    pub toolchain: &'a Toolchain,
    pub lang: Lang,
    pub gcflags: &'a str,
    /// Build as a plain `go build` does, without the settings below that make building
    /// faster: the naive approach `gosem fuzz --bench` compares with.
    pub plain: bool,
}

/// A program to build: the binary is called `name`.
#[derive(Clone, Copy, Debug)]
pub struct Program<'a> {
    pub name: &'a str,
    pub source: &'a str,
}

/// Built binaries; they live as long as this value.
pub struct Binaries {
    _dir: TempDir,
    /// One entry per program, in order: the binary, or why it could not be built.
    pub results: Vec<Result<PathBuf, String>>,
}

/// Builds `programs`, whose names must be distinct (they share one output directory).
pub fn build(config: Config<'_>, programs: &[Program<'_>]) -> Result<Binaries, String> {
    let mut names = HashSet::new();
    if let Some(p) = programs.iter().find(|p| !names.insert(p.name)) {
        return Err(format!("two programs named {:?} in one build", p.name));
    }
    let dir = tempfile::Builder::new()
        .prefix("gosem-build-")
        .tempdir()
        .map_err(|e| format!("cannot create a build directory: {e}"))?;
    // Absolute, because binaries run with their own directory as the working directory.
    let root =
        std::path::absolute(dir.path()).map_err(|e| format!("{}: {e}", dir.path().display()))?;
    let module = root.join("src");
    let bin = root.join("bin");
    let write = |path: &Path, text: &str| {
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
    };
    let mkdir =
        |path: &Path| std::fs::create_dir_all(path).map_err(|e| format!("{}: {e}", path.display()));
    mkdir(&bin)?;
    mkdir(&module)?;
    write(
        &module.join("go.mod"),
        &format!("module {MODULE}\n\ngo {}\n", config.lang),
    )?;
    for p in programs {
        // The file is main.go whatever the case is called: a name such as `x_test` or
        // `x_windows` would otherwise exclude the file from the build.
        let package = module.join(p.name);
        mkdir(&package)?;
        write(&package.join("main.go"), p.source)?;
    }

    let all: Vec<&str> = programs.iter().map(|p| p.name).collect();
    let batch_error = go_build(config, &module, &bin, &all).err();
    let results = programs
        .iter()
        .map(|p| {
            let binary = bin.join(p.name);
            if !binary.is_file() {
                match (&batch_error, programs.len()) {
                    (Some(e), 1) => return Err(e.clone()),
                    // Alone, a failing program's error message is its own.
                    _ => go_build(config, &module, &bin, &[p.name])?,
                }
            }
            if binary.is_file() {
                Ok(binary)
            } else {
                Err("go build succeeded but wrote no binary".to_string())
            }
        })
        .collect();
    Ok(Binaries { _dir: dir, results })
}

/// Builds `sources` in one `go build`, the `k`th as the binary `{prefix}{k}`.
pub fn build_numbered(
    config: Config<'_>,
    prefix: &str,
    sources: &[String],
) -> Result<Binaries, String> {
    let names: Vec<String> = (0..sources.len()).map(|k| format!("{prefix}{k}")).collect();
    let programs: Vec<Program<'_>> = names
        .iter()
        .zip(sources)
        .map(|(name, source)| Program { name, source })
        .collect();
    build(config, &programs)
}

/// `go build [-ldflags=-w] [-gcflags=F] -o BIN/ ./name...` in the module directory.
fn go_build(config: Config<'_>, module: &Path, bin: &Path, names: &[&str]) -> Result<(), String> {
    let mut cmd = config.toolchain.go_command();
    cmd.current_dir(module).arg("build");
    if !config.plain {
        // -w leaves out the DWARF tables, which only debuggers read (tracebacks use the
        // runtime's own tables): the program behaves the same and links a third faster.
        cmd.arg("-ldflags=-w");
        // The compiler spends a third of its time collecting garbage on large packages
        // (merged generated programs): it collects only near a memory limit instead. Only
        // the toolchain's own processes see this; the built programs run without it.
        cmd.env("GOGC", "off").env("GOMEMLIMIT", "2GiB");
    }
    if !config.gcflags.is_empty() {
        cmd.arg(format!("-gcflags={}", config.gcflags));
    }
    // The trailing separator makes -o a directory even for a single package.
    let mut out = bin.as_os_str().to_owned();
    out.push("/");
    cmd.arg("-o").arg(out);
    cmd.args(names.iter().map(|n| format!("./{n}")));
    let built = process::run(&mut cmd, BUILD_TIMEOUT)
        .map_err(|e| format!("go build ({}): {e}", config.toolchain.release))?;
    if built.exit == 0 {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&built.stderr);
    Err(format!(
        "go build ({}, go {}) failed: {}",
        config.toolchain.release,
        config.lang,
        stderr.trim()
    ))
}
