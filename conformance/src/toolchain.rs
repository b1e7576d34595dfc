//! Finding Go toolchains and running them hermetically.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::process;
use crate::version::{PINNED, Release, VersionSpec};

/// How long `go version` may take: it starts instantly unless the machine is in trouble.
const VERSION_TIMEOUT: Duration = Duration::from_secs(30);

/// An installed Go toolchain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toolchain {
    pub release: Release,
    /// The `go` command, as found.
    pub go: PathBuf,
}

/// What a search for toolchains found, and the candidates that did not work.
#[derive(Debug, Default)]
pub struct Found {
    /// Sorted by release; for one release, in the order of the search.
    pub toolchains: Vec<Toolchain>,
    pub problems: Vec<Problem>,
}

/// A candidate `go` that did not answer with a usable version.
#[derive(Debug)]
pub struct Problem {
    pub message: String,
    /// Named on the command line, as opposed to found by searching.
    pub explicit: bool,
}

impl Toolchain {
    /// A `go` command with the environment every build uses: this toolchain and no other
    /// (GOTOOLCHAIN=local, no inherited GOROOT), no network, no user configuration (GOENV,
    /// GOFLAGS), no cgo, and a private persistent build cache so re-runs are quick.
    pub fn go_command(&self) -> Command {
        let mut cmd = Command::new(&self.go);
        cmd.env("GOTOOLCHAIN", "local")
            .env("GOCACHE", cache_dir(self.release))
            .env("GOENV", "off")
            .env("GOFLAGS", "")
            .env("GOPROXY", "off")
            .env("GOWORK", "off")
            .env("GO111MODULE", "on")
            .env("CGO_ENABLED", "0");
        for var in ["GOROOT", "GOOS", "GOARCH", "GOEXPERIMENT", "GODEBUG"] {
            cmd.env_remove(var);
        }
        cmd
    }
}

/// The build cache of one toolchain: `$XDG_CACHE_HOME/gosem/gocache/<release>`
/// (`~/.cache/...` by default); one per toolchain, since they do not share cache entries.
pub fn cache_dir(release: Release) -> PathBuf {
    let absolute = |var: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let base = absolute("XDG_CACHE_HOME")
        .or_else(|| absolute("HOME").map(|h| h.join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("gosem").join("gocache").join(release.to_string())
}

/// Searches `extra` (given on the command line), `go` on PATH, `$GOROOT/bin/go`, and
/// `~/sdk/go*/bin/go` (where golang.org/dl installs versions). A toolchain reached by two
/// paths is listed once.
pub fn discover(extra: &[PathBuf]) -> Found {
    let mut found = Found::default();
    let mut seen = Vec::new();
    let explicit = extra.iter().map(|p| (p.clone(), true));
    let implicit = implicit_candidates().into_iter().map(|p| (p, false));
    for (go, is_explicit) in explicit.chain(implicit) {
        let Ok(real) = std::fs::canonicalize(&go) else {
            if is_explicit {
                found.problems.push(Problem {
                    message: format!("{}: no such file", go.display()),
                    explicit: true,
                });
            }
            continue;
        };
        if seen.contains(&real) {
            continue;
        }
        seen.push(real);
        match query_release(&go) {
            Ok(release) => found.toolchains.push(Toolchain { release, go }),
            Err(e) => found.problems.push(Problem {
                message: format!("{}: {e}", go.display()),
                explicit: is_explicit,
            }),
        }
    }
    found.toolchains.sort_by_key(|t| t.release);
    found
}

fn implicit_candidates() -> Vec<PathBuf> {
    let mut candidates: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).map(|d| d.join("go")).collect())
        .unwrap_or_default();
    if let Some(root) = std::env::var_os("GOROOT").filter(|r| !r.is_empty()) {
        candidates.push(PathBuf::from(root).join("bin").join("go"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        candidates.extend(sdk_candidates(&Path::new(&home).join("sdk")));
    }
    candidates
}

/// `DIR/go*/bin/go`, sorted by name.
fn sdk_candidates(sdk: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(sdk) else {
        return Vec::new();
    };
    let mut names: Vec<OsString> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().starts_with("go"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| sdk.join(n).join("bin").join("go"))
        .collect()
}

/// Asks `go version`, with GOTOOLCHAIN=local so the answer is about this binary and not a
/// toolchain it would switch to.
fn query_release(go: &Path) -> Result<Release, String> {
    let mut cmd = Command::new(go);
    cmd.arg("version")
        .env("GOTOOLCHAIN", "local")
        .env("GOENV", "off")
        .env_remove("GOROOT");
    let out = process::run(&mut cmd, VERSION_TIMEOUT).map_err(|e| format!("go version: {e}"))?;
    if out.exit != 0 {
        let why = String::from_utf8_lossy(&out.stderr);
        return Err(format!("go version exited {}: {}", out.exit, why.trim()));
    }
    parse_go_version(&String::from_utf8_lossy(&out.stdout))
}

/// Reads `go version go1.27.3 linux/amd64`.
fn parse_go_version(output: &str) -> Result<Release, String> {
    let mut words = output.split_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some("go"), Some("version"), Some(name)) => name
            .parse()
            .map_err(|_| format!("unsupported toolchain version {name:?} in {output:?}")),
        _ => Err(format!(
            "unexpected `go version` output {:?}",
            output.trim()
        )),
    }
}

/// The newest toolchain for each spec, in the order given, each once.
pub fn select(found: &[Toolchain], specs: &[VersionSpec]) -> Result<Vec<Toolchain>, String> {
    let mut chosen: Vec<Toolchain> = Vec::new();
    for spec in specs {
        let release = spec
            .newest(found.iter().map(|t| t.release))
            .ok_or_else(|| format!("no toolchain {spec} found ({})", listing(found)))?;
        if !chosen.iter().any(|t| t.release == release) {
            chosen.extend(found.iter().find(|t| t.release == release).cloned());
        }
    }
    Ok(chosen)
}

/// The toolchains of the pinned matrix that are installed; an error if none is.
pub fn pinned(found: &[Toolchain]) -> Result<Vec<Toolchain>, String> {
    let chosen: Vec<Toolchain> = PINNED
        .iter()
        .filter_map(|r| found.iter().find(|t| t.release == *r).cloned())
        .collect();
    if chosen.is_empty() {
        let wanted: Vec<String> = PINNED.iter().map(Release::to_string).collect();
        return Err(format!(
            "none of the pinned toolchains ({}) is installed ({}); see scripts/install-toolchains",
            wanted.join(", "),
            listing(found)
        ));
    }
    Ok(chosen)
}

fn listing(found: &[Toolchain]) -> String {
    if found.is_empty() {
        return "no toolchains found".to_string();
    }
    let names: Vec<String> = found.iter().map(|t| t.release.to_string()).collect();
    format!("found: {}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tc(release: &str) -> Toolchain {
        Toolchain {
            release: release.parse().expect("release"),
            go: PathBuf::from(format!("/sdk/{release}/bin/go")),
        }
    }

    fn spec(s: &str) -> VersionSpec {
        s.parse().expect("spec")
    }

    #[test]
    fn go_version_output_is_parsed() {
        let r = parse_go_version("go version go1.27.3 linux/amd64\n").expect("parses");
        assert_eq!(r.to_string(), "go1.27.3");
        assert_eq!(
            parse_go_version("go version go1.20 linux/amd64").map(|r| r.to_string()),
            Ok("go1.20".to_string())
        );
        assert!(parse_go_version("go version devel go1.28-abc Tue linux/amd64").is_err());
        assert!(parse_go_version("").is_err());
        assert!(parse_go_version("gccgo (Debian 12) 12.2.0").is_err());
    }

    #[test]
    fn select_takes_the_newest_patch_once() {
        let found = [tc("go1.22.10"), tc("go1.27.1"), tc("go1.27.3")];
        let chosen =
            select(&found, &[spec("1.27"), spec("go1.27.3"), spec("1.22")]).expect("all found");
        let names: Vec<String> = chosen.iter().map(|t| t.release.to_string()).collect();
        assert_eq!(names, ["go1.27.3", "go1.22.10"]);
        let e = select(&found, &[spec("1.23")]).expect_err("not installed");
        assert!(e.contains("1.23") && e.contains("go1.27.3"), "{e}");
    }

    #[test]
    fn pinned_keeps_only_the_matrix_and_needs_one() {
        let found = [tc("go1.19.8"), tc("go1.23.1"), tc("go1.27.3")];
        let names: Vec<String> = pinned(&found)
            .expect("some pinned")
            .iter()
            .map(|t| t.release.to_string())
            .collect();
        assert_eq!(names, ["go1.19.8", "go1.27.3"]);
        let e = pinned(&[tc("go1.23.1")]).expect_err("none pinned");
        assert!(e.contains("go1.27.3") && e.contains("go1.23.1"), "{e}");
    }

    #[test]
    fn sdk_directories_are_found_in_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        for d in ["go1.27.3", "go1.19.8", "other"] {
            std::fs::create_dir_all(dir.path().join(d).join("bin")).expect("mkdir");
        }
        let got = sdk_candidates(dir.path());
        assert_eq!(
            got,
            [
                dir.path().join("go1.19.8/bin/go"),
                dir.path().join("go1.27.3/bin/go")
            ]
        );
        assert!(sdk_candidates(&dir.path().join("none")).is_empty());
    }

    #[test]
    fn a_missing_explicit_toolchain_is_a_problem() {
        let found = discover(&[PathBuf::from("/nonexistent/bin/go")]);
        assert!(
            found
                .problems
                .iter()
                .any(|p| p.explicit && p.message.contains("/nonexistent/bin/go"))
        );
    }

    #[test]
    fn a_binary_that_is_not_go_is_a_problem() {
        let found = discover(&[PathBuf::from("/bin/true")]);
        assert!(
            found
                .problems
                .iter()
                .any(|p| p.explicit && p.message.starts_with("/bin/true:")),
            "{:?}",
            found.problems
        );
    }
}
