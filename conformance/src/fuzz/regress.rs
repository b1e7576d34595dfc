//! Writing a minimized counterexample as a regression case, `NNNN-<slug>.go` with its
//! fixture recorded by the code `gosem record` uses.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use gosem_model::mutant::Mutant;

use crate::case::{self, Case};
use crate::check;
use crate::fixture::Fixture;
use crate::r#gen::GoProgram;
use crate::record;
use crate::toolchain::Toolchain;
use crate::verdict::{Difference, Verdict};

use super::judge::{Between, Disagreement, Gist, gist};

/// Held while a case number is chosen and the case written, so campaigns sharing a
/// directory never take the same number.
const LOCK: &str = ".gosem-fuzz.lock";

/// Where cases go, and how their fixtures are recorded.
pub struct Regress<'a> {
    pub dir: &'a Path,
    /// The toolchains a fixture is recorded with.
    pub toolchains: &'a [Toolchain],
    pub timeout: Duration,
    pub mutant: Option<Mutant>,
}

/// A case written.
#[derive(Clone, Debug)]
pub struct Written {
    pub source: PathBuf,
    pub body_lines: usize,
}

impl Regress<'_> {
    /// The gists of the model disagreements the cases in the directory show today: a
    /// disagreement with one of these is already a case.
    pub fn open_gists(&self) -> BTreeSet<Gist> {
        let (cases, _) = case::discover(&[self.dir.to_path_buf()]);
        let checked = check::check(&cases, &[], self.mutant, false);
        checked
            .findings
            .entries
            .iter()
            .filter_map(|e| match &e.verdict {
                Verdict::Mismatch { differences } => Some(gist(true, differences)),
                _ => None,
            })
            .collect()
    }

    /// Writes `program` as the next case, unless a case written meanwhile (by another
    /// campaign sharing the directory) shows the same disagreement: then `None`.
    pub fn write(
        &self,
        program: &GoProgram,
        d: &Disagreement,
        seed: u64,
    ) -> Result<Option<Written>, String> {
        std::fs::create_dir_all(self.dir).map_err(|e| format!("{}: {e}", self.dir.display()))?;
        let lock_path = self.dir.join(LOCK);
        let lock = File::create(&lock_path).map_err(|e| format!("{}: {e}", lock_path.display()))?;
        lock.lock()
            .map_err(|e| format!("{}: {e}", lock_path.display()))?;
        if matches!(d.between, Between::Model { .. }) && self.open_gists().contains(&d.gist()) {
            return Ok(None);
        }
        let number = next_number(self.dir)?;
        let name = format!("{number:04}-{}", slug(program, d));
        let source = self.dir.join(format!("{name}.go"));
        let fixture = self.dir.join(format!("{name}.yaml"));
        let text = format!("{}{}", comment(d, seed), program.source());
        write_atomically(&source, &text)?;
        let about = Fixture {
            about: about(d, seed),
            ..Fixture::default()
        };
        about.write(&fixture).map_err(|e| e.to_string())?;
        let gcflags = d.between.gcflags();
        let case = Case {
            suite: self
                .dir
                .file_name()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned()),
            name,
            source: source.clone(),
            fixture,
        };
        let options = record::Options {
            toolchains: self.toolchains.to_vec(),
            gcflags,
            check: false,
            timeout: self.timeout,
        };
        let recorded = record::record(&[case], &options);
        if recorded.failed(false) {
            return Err(format!(
                "recording {} failed:\n{}",
                source.display(),
                recorded.render()
            ));
        }
        drop(lock);
        Ok(Some(Written {
            source,
            body_lines: program.body_lines(),
        }))
    }
}

/// One more than the largest `NNNN-` number of a `.go` file in `dir`.
fn next_number(dir: &Path) -> Result<u32, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut largest = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if let Some((digits, _)) = name.split_once('-')
            && name.ends_with(".go")
            && digits.len() == 4
            && let Ok(n) = digits.parse::<u32>()
        {
            largest = largest.max(n);
        }
    }
    Ok(largest + 1)
}

/// `goexit-recover-stderr`: what the program does, then what differs.
fn slug(program: &GoProgram, d: &Disagreement) -> String {
    let mut words: Vec<&str> = program.features().into_iter().take(2).collect();
    let fields = d.differences.iter().map(Difference::field);
    match d.between {
        Between::Model { .. } => words.extend(fields),
        Between::Builds { .. } => words.extend(std::iter::once("gcflags").chain(fields)),
        Between::Runtime { .. } => words.push("runtime-throws"),
    }
    let slug = words.join("-").replace(' ', "-");
    if slug.is_empty() {
        "difference".to_string()
    } else {
        slug
    }
}

/// The first line in which the two sides of a difference differ, as it was printed.
fn first_lines(d: &Difference) -> Option<(String, String)> {
    let diff = match d {
        Difference::Stdout { diff } | Difference::Stderr { diff } => diff,
        _ => return None,
    };
    let line = |sign: char| {
        diff.lines()
            .filter(|l| !l.starts_with("---") && !l.starts_with("+++"))
            .find_map(|l| l.strip_prefix(sign))
            .unwrap_or("")
            .to_string()
    };
    Some((line('-'), line('+')))
}

/// What differs, in one sentence.
fn difference(d: &Disagreement) -> String {
    let (expected, actual) = match &d.between {
        Between::Model { .. } => ("gc".to_string(), "the model".to_string()),
        Between::Builds { first, other } => {
            (format!("-gcflags={first:?}"), format!("-gcflags={other:?}"))
        }
        Between::Runtime { gcflags, fatal } => {
            return format!(
                "gc's runtime throws `fatal error: {fatal}` (built with -gcflags={gcflags:?}), \
                 which the model does not"
            );
        }
    };
    let parts: Vec<String> = d
        .differences
        .iter()
        .map(|diff| match (diff, first_lines(diff)) {
            (
                Difference::Exit {
                    expected: e,
                    actual: a,
                },
                _,
            ) => {
                format!("{expected} exits {e}, {actual} {a}")
            }
            (_, Some((e, a))) => {
                let field = diff.field();
                match (e.is_empty(), a.is_empty()) {
                    (false, true) => {
                        format!("{expected} prints {e:?} on {field}, {actual} does not")
                    }
                    (true, false) => {
                        format!("{actual} prints {a:?} on {field}, {expected} does not")
                    }
                    _ => format!("on {field} {expected} prints {e:?} where {actual} prints {a:?}"),
                }
            }
            (other, None) => other.to_string(),
        })
        .collect();
    parts.join("; ")
}

fn about(d: &Disagreement, seed: u64) -> String {
    format!(
        "found by gosem fuzz (seed {seed}, {}) and minimized: {}",
        d.toolchain,
        difference(d)
    )
}

fn comment(d: &Disagreement, seed: u64) -> String {
    format!(
        "// Found by `gosem fuzz` (seed {seed}, default generator configuration) on {}, then\n// minimized: {}.\n",
        d.toolchain,
        difference(d).replace('\n', " ")
    )
}

fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    let failed = |e: std::io::Error| format!("{}: {e}", path.display());
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".gosem-")
        .suffix(".go.tmp")
        .tempfile_in(dir)
        .map_err(failed)?;
    tmp.write_all(text.as_bytes()).map_err(failed)?;
    tmp.as_file().sync_all().map_err(failed)?;
    tmp.as_file()
        .set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644))
        .map_err(failed)?;
    tmp.persist(path).map(drop).map_err(|e| failed(e.error))
}
