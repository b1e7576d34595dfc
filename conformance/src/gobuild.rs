//! Building cases with a real toolchain, many at a time.
//!
//! One `go build` per (toolchain, language version, gcflags) builds every case as its own
//! main package of one throwaway module, each binary named after its case: a single `go`
//! invocation pays the fixed cost of loading the standard library once instead of per case.
//! gc still writes the binaries of the packages that compiled when another fails, so a
//! failure is isolated by rebuilding only the cases whose binary is missing, one at a time.
//! A program gc rejects is an answer, not a failure: what `go run` prints for it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tempfile::TempDir;

use crate::process;
use crate::toolchain::Toolchain;
use crate::verdict::Outputs;
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
    /// One entry per program, in order: what building it gave, or why the toolchain could not
    /// be asked.
    pub results: Vec<Result<Built, String>>,
}

/// What building one program gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Built {
    Binary(PathBuf),
    /// gc rejected the program: the exit status and compiler output of `go run ./NAME.go` in
    /// the program's directory, which is what a user sees.
    Rejected(Outputs),
}

impl Built {
    /// The binary, for callers whose programs must compile: a rejection is then a bug of
    /// whoever wrote the program, reported with gc's diagnostics.
    pub fn binary(&self) -> Result<&Path, String> {
        match self {
            Built::Binary(path) => Ok(path),
            Built::Rejected(outputs) => Err(format!(
                "gc rejects the program:\n{}",
                String::from_utf8_lossy(&outputs.stderr).trim_end()
            )),
        }
    }
}

/// Why one `go build` failed.
enum Failure {
    /// gc reported errors in the package of this name: `go build`'s exit status and stderr.
    Rejected {
        package: String,
        exit: i32,
        stderr: String,
    },
    /// The toolchain could not be run, or failed for another reason.
    Tool(String),
}

impl Failure {
    fn message(&self, config: Config<'_>) -> String {
        match self {
            Failure::Tool(e) => e.clone(),
            Failure::Rejected { stderr, .. } => build_failed(config, stderr),
        }
    }
}

fn build_failed(config: Config<'_>, stderr: &str) -> String {
    format!(
        "go build ({}, go {}) failed: {}",
        config.toolchain.release,
        config.lang,
        stderr.trim()
    )
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
    let batch_failure = go_build(config, &module, &bin, &all).err();
    let results = programs
        .iter()
        .map(|p| {
            let binary = bin.join(p.name);
            let alone;
            let failure = match (&batch_failure, programs.len()) {
                _ if binary.is_file() => None,
                (Some(f), 1) => Some(f),
                // Alone, a failing program's error message is its own.
                _ => {
                    alone = go_build(config, &module, &bin, &[p.name]).err();
                    alone.as_ref()
                }
            };
            match failure {
                None if binary.is_file() => Ok(Built::Binary(binary)),
                None => Err("go build succeeded but wrote no binary".to_string()),
                Some(Failure::Rejected {
                    package,
                    exit,
                    stderr,
                }) if package == p.name => Ok(Built::Rejected(as_go_run(p.name, *exit, stderr))),
                Some(f) => Err(f.message(config)),
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
fn go_build(config: Config<'_>, module: &Path, bin: &Path, names: &[&str]) -> Result<(), Failure> {
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
        .map_err(|e| Failure::Tool(format!("go build ({}): {e}", config.toolchain.release)))?;
    if built.exit == 0 {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&built.stderr).into_owned();
    match rejected_package(&stderr) {
        Some(package) => Err(Failure::Rejected {
            package: package.to_string(),
            exit: built.exit,
            stderr,
        }),
        None => Err(Failure::Tool(build_failed(config, &stderr))),
    }
}

/// The package whose compiler errors `stderr` reports, when it reports exactly one package's:
/// `# MODULE/NAME` and then diagnostics in `NAME/main.go`.
fn rejected_package(stderr: &str) -> Option<&str> {
    let mut lines = stderr.lines();
    let package = lines
        .next()?
        .strip_prefix("# ")?
        .strip_prefix(MODULE)?
        .strip_prefix('/')?;
    let own = format!("{package}/main.go:");
    let mut diagnostics = lines.filter(|l| !l.starts_with('\t')).peekable();
    let first = diagnostics.peek().is_some_and(|l| l.starts_with(&own));
    let all = diagnostics
        .all(|l| l.starts_with(&own) || l == "too many errors" || l.starts_with("note: "));
    (first && all).then_some(package)
}

/// What `go run ./NAME.go` prints for compiler errors `stderr` gave for the package `NAME` of
/// the build module: gc names a file given on the command line by its path, and its package
/// `command-line-arguments`.
fn as_go_run(name: &str, exit: i32, stderr: &str) -> Outputs {
    let body = stderr.split_once('\n').map_or("", |(_, rest)| rest);
    let text = format!(
        "# command-line-arguments\n{}",
        body.replace(&format!("{name}/main.go:"), &format!("./{name}.go:"))
    );
    Outputs {
        exit,
        stdout: Vec::new(),
        stderr: text.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_package_gc_rejects_is_recognised_by_its_header_and_diagnostics() {
        let stderr = "# gosemcases/two\ntwo/main.go:4:2: declared and not used: x\n\tmore\ntwo/main.go:9:1: too many errors\n";
        assert_eq!(rejected_package(stderr), Some("two"));
        for other in [
            "go: cannot find main module\n",
            "# gosemcases/two\nlink: duplicated definition of symbol\n",
            "# gosemcases/two\none/main.go:4:2: declared and not used: x\n",
            "# gosemcases/two\n",
        ] {
            assert_eq!(rejected_package(other), None, "{other:?}");
        }
    }

    #[test]
    fn a_rejection_reads_as_go_run_prints_it() {
        let stderr = "# gosemcases/two\ntwo/main.go:4:2: x redeclared in this block\n\ttwo/main.go:3:2: other declaration of x\n";
        let out = as_go_run("two", 1, stderr);
        assert_eq!(out.exit, 1);
        assert!(out.stdout.is_empty());
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "# command-line-arguments\n./two.go:4:2: x redeclared in this block\n\t./two.go:3:2: other declaration of x\n"
        );
        assert!(out.rejected());
    }
}
