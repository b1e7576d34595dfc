//! Cases: `<suite>/<name>.go` with its fixture `<suite>/<name>.yaml` beside it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::fixture::{CaseError, Fixture};

/// The directory searched when no path is given.
pub const DEFAULT_ROOT: &str = "cases";

/// Where a case lives.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Case {
    /// The directory the case is in, e.g. `defer` for `cases/defer/order.go`.
    pub suite: String,
    /// The file stem; also the name of the built binary.
    pub name: String,
    #[serde(serialize_with = "display_path")]
    pub source: PathBuf,
    #[serde(skip)]
    pub fixture: PathBuf,
}

/// A case read from disk.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub case: Case,
    pub source: String,
    pub fixture: Fixture,
}

impl Case {
    fn from_source(source: PathBuf) -> Option<Case> {
        let name = source.file_stem()?.to_str()?.to_string();
        let suite = source
            .parent()
            .and_then(Path::file_name)
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        let fixture = source.with_extension("yaml");
        Some(Case {
            suite,
            name,
            source,
            fixture,
        })
    }

    /// Reads the program and its fixture.
    pub fn load(&self) -> Result<Loaded, CaseError> {
        let read = |path: &Path| {
            std::fs::read_to_string(path).map_err(|e| CaseError::io(path, e.to_string()))
        };
        let source = read(&self.source)?;
        let fixture = Fixture::parse(&self.fixture, &read(&self.fixture)?)?;
        Ok(Loaded {
            case: self.clone(),
            source,
            fixture,
        })
    }

    /// `os.Args[0]` of the built binary, which runs from its own directory.
    pub fn argv0(&self) -> String {
        format!("./{}", self.name)
    }

    /// The source as `go run` names it in the case's directory (in compile errors).
    pub fn go_run_path(&self) -> String {
        format!("./{}.go", self.name)
    }
}

/// The cases named by `paths` (case `.go` files, their `.yaml` fixtures, or directories
/// searched recursively), sorted and without duplicates, and the paths that name no case.
pub fn discover(paths: &[PathBuf]) -> (Vec<Case>, Vec<CaseError>) {
    let default = [PathBuf::from(DEFAULT_ROOT)];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut found = BTreeMap::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut found, &mut errors);
        } else {
            match extension(path) {
                Some("go") | Some("yaml") if path.exists() => add(path, &mut found, &mut errors),
                Some("go") | Some("yaml") => errors.push(CaseError::io(path, "no such file")),
                _ => errors.push(CaseError::io(
                    path,
                    "not a case: expected a .go file, a .yaml fixture or a directory",
                )),
            }
        }
    }
    (found.into_values().collect(), errors)
}

fn extension(path: &Path) -> Option<&str> {
    path.extension().and_then(|e| e.to_str())
}

/// Adds the case a `.go` or `.yaml` file belongs to, keyed by its canonical path so that
/// `cases` and `./cases/x.go` on one command line name it once.
fn add(path: &Path, found: &mut BTreeMap<PathBuf, Case>, errors: &mut Vec<CaseError>) {
    let source = path.with_extension("go");
    let Some(case) = Case::from_source(source.clone()) else {
        errors.push(CaseError::io(path, "the case name is not valid UTF-8"));
        return;
    };
    let key = std::fs::canonicalize(&source).unwrap_or_else(|_| source.clone());
    found.entry(key).or_insert(case);
}

fn walk(dir: &Path, found: &mut BTreeMap<PathBuf, Case>, errors: &mut Vec<CaseError>) {
    let mut unreadable = Vec::new();
    walk_files(
        dir,
        &|_| true,
        &mut |path| {
            if matches!(extension(path), Some("go") | Some("yaml")) {
                add(path, found, errors);
            }
        },
        &mut |e| unreadable.push(e),
    );
    errors.extend(unreadable);
}

/// Calls `visit` with every file under `dir`, descending into the subdirectories `descend`
/// accepts, and `unreadable` with every directory that cannot be read.
pub fn walk_files(
    dir: &Path,
    descend: &dyn Fn(&Path) -> bool,
    visit: &mut dyn FnMut(&Path),
    unreadable: &mut dyn FnMut(CaseError),
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return unreadable(CaseError::io(dir, e.to_string())),
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                unreadable(CaseError::io(dir, e.to_string()));
                continue;
            }
        };
        let path = entry.path();
        // Symbolic links to directories are not followed: they could make a cycle.
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir {
            if descend(&path) {
                walk_files(&path, descend, visit, unreadable);
            }
        } else {
            visit(&path);
        }
    }
}

/// Serializes a path as text, replacing bytes that are not UTF-8 rather than failing.
pub(crate) fn display_path<S: serde::Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&path.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(root: &Path, rel: &str) {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, "").expect("write");
    }

    fn names(cases: &[Case]) -> Vec<String> {
        cases
            .iter()
            .map(|c| format!("{}/{}", c.suite, c.name))
            .collect()
    }

    #[test]
    fn directories_are_searched_recursively_and_files_deduplicated() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        for f in [
            "a/one.go",
            "a/one.yaml",
            "a/deep/two.go",
            "b/three.yaml",
            "b/notes.txt",
        ] {
            touch(root, f);
        }
        let paths = [
            root.to_path_buf(),
            root.join("a/one.go"),
            root.join("a/one.yaml"),
        ];
        let (cases, errors) = discover(&paths);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(names(&cases), ["deep/two", "a/one", "b/three"]);
        let one = &cases[1];
        assert_eq!(one.fixture, root.join("a/one.yaml"));
        assert_eq!(one.argv0(), "./one");
    }

    #[test]
    fn bad_paths_are_reported_and_the_rest_still_found() {
        let dir = tempfile::tempdir().expect("temp dir");
        touch(dir.path(), "s/ok.go");
        let paths = [
            dir.path().join("missing.go"),
            dir.path().join("s/ok.go"),
            dir.path().join("notes.txt"),
        ];
        let (cases, errors) = discover(&paths);
        assert_eq!(names(&cases), ["s/ok"]);
        assert_eq!(errors.len(), 2);
        assert!(errors[0].to_string().contains("missing.go: no such file"));
    }

    #[test]
    fn loading_reports_a_missing_fixture_by_path() {
        let dir = tempfile::tempdir().expect("temp dir");
        touch(dir.path(), "s/lonely.go");
        let (cases, _) = discover(&[dir.path().to_path_buf()]);
        let e = cases[0].load().expect_err("no fixture");
        assert_eq!(e.file, dir.path().join("s/lonely.yaml"));
    }
}
