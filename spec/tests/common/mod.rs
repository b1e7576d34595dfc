//! What the tests share: the cases, their fixtures, and running programs with the model.

#![allow(dead_code)] // each test binary uses part of this module

use gosem_model::events::Event;
use gosem_model::{Godebug, Params, Program, Version, load};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The newest toolchain of the pinned matrix, the one the model imitates by default.
pub const GO: Version = Version::new(1, 27, Some(3));

/// The part of a case's fixture the tests need.
#[derive(Deserialize)]
pub struct Fixture {
    #[serde(default)]
    pub args: Vec<String>,
    #[serde(default)]
    pub runs: Vec<Recorded>,
}

/// One recorded observation: the settings it was recorded with, and how it ended.
#[derive(Deserialize)]
pub struct Recorded {
    pub toolchain: String,
    pub lang: String,
    #[serde(default)]
    pub godebug: String,
    pub exit: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A case: `cases/<suite>/<name>.go` and its fixture.
pub struct Case {
    /// `<suite>/<name>`.
    pub name: String,
    pub go: PathBuf,
    pub fixture: Fixture,
}

impl Case {
    /// Whether gc rejects the program (every recorded run is `go run`'s report of compile
    /// errors): it never runs, so no invariant speaks of it.
    pub fn rejected_by_gc(&self) -> bool {
        !self.fixture.runs.is_empty()
            && self.fixture.runs.iter().all(|r| {
                r.exit != 0
                    && r.stdout.is_empty()
                    && r.stderr.starts_with("# command-line-arguments\n")
            })
    }
}

pub fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../cases")
}

/// The suites: the directories of `cases/`.
pub fn suites() -> Vec<String> {
    let dir = cases_dir();
    let mut suites: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_dir())
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    suites.sort();
    suites
}

/// The cases of one suite, by name.
pub fn cases(suite: &str) -> Vec<Case> {
    let dir = cases_dir().join(suite);
    let mut gos: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "go"))
        .collect();
    gos.sort();
    gos.into_iter()
        .map(|go| {
            let yaml = go.with_extension("yaml");
            let text = std::fs::read_to_string(&yaml)
                .unwrap_or_else(|e| panic!("{}: {e}", yaml.display()));
            let fixture: Fixture =
                serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", yaml.display()));
            let stem = go.file_stem().expect("a file name").to_string_lossy();
            Case {
                name: format!("{suite}/{stem}"),
                go,
                fixture,
            }
        })
        .collect()
}

/// How a case was recorded: the toolchain, the language version and the GODEBUG setting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    pub toolchain: Version,
    pub lang: Version,
    pub godebug: String,
}

/// The settings a case was recorded with, each once.
pub fn settings(case: &Case) -> Vec<Setting> {
    let mut out: Vec<Setting> = Vec::new();
    for r in &case.fixture.runs {
        let s = Setting {
            toolchain: r.toolchain.parse().expect("a toolchain version"),
            lang: r.lang.parse().expect("a language version"),
            godebug: r.godebug.clone(),
        };
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// The events of a case run with a setting.
pub fn case_events(case: &Case, s: &Setting) -> Vec<Event> {
    let src = std::fs::read_to_string(&case.go).expect("the case is readable");
    let prog = load(&case.go.to_string_lossy(), &src, s.lang)
        .unwrap_or_else(|e| panic!("{}: {e:?}", case.name));
    let mut params = Params::new(s.toolchain, "./prog");
    params.lang = s.lang;
    params.godebug = Godebug::parse(&s.godebug).expect("a modeled GODEBUG setting");
    params.args.extend(case.fixture.args.iter().cloned());
    prog.run_recorded(&params).events
}

/// A program given as source.
pub fn program(src: &str) -> Program {
    load("prog.go", src, GO.language()).unwrap_or_else(|e| panic!("{e:?}"))
}

/// The events of a program given as source, run at [`GO`].
pub fn events(src: &str) -> Vec<Event> {
    program(src).run_recorded(&Params::new(GO, "./prog")).events
}
