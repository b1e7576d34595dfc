//! `gosem record`: build and run every case with real toolchains, then write the
//! observations into the fixtures (or, with `--check`, verify that they still hold).

mod merge;
mod plan;

pub use merge::{Change, reconcile};
pub use plan::plan;

use std::fmt::Write as _;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::case::{Case, Loaded};
use crate::fixture::{CaseError, Fixture, Observation, RunKey};
use crate::gobuild::{self, Built, Program};
use crate::normalize;
use crate::process;
use crate::report::{self, Entry, Findings};
use crate::toolchain::Toolchain;
use crate::verdict::Outputs;

use plan::{Batch, batches};

/// What to record.
#[derive(Clone, Debug)]
pub struct Options {
    pub toolchains: Vec<Toolchain>,
    /// Each value is one build configuration; `""` is a plain `go build`.
    pub gcflags: Vec<String>,
    /// Compare with the fixtures and write nothing.
    pub check: bool,
    /// How long one run of a case binary may take.
    pub timeout: Duration,
}

/// One observation's fate.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub case: Case,
    pub key: RunKey,
    pub change: Change,
}

/// Everything a `record` did.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub outcomes: Vec<Outcome>,
    /// Cases that could not be loaded, and fixtures that could not be written.
    pub errors: Vec<CaseError>,
    pub written: Vec<PathBuf>,
}

impl Report {
    /// The verdicts `record --check` reports.
    pub fn findings(&self) -> Findings {
        Findings {
            entries: self
                .outcomes
                .iter()
                .map(|o| Entry {
                    case: o.case.clone(),
                    key: o.key.clone(),
                    verdict: o.change.verdict(),
                })
                .collect(),
            errors: self.errors.clone(),
            ..Findings::default()
        }
    }

    /// Whether the command fails: with `check`, on any drift; always, on a poisoned run or
    /// a case that could not be loaded or written.
    pub fn failed(&self, check: bool) -> bool {
        if check {
            return self.findings().failed();
        }
        !self.errors.is_empty()
            || self
                .outcomes
                .iter()
                .any(|o| matches!(o.change, Change::Poisoned(_)))
    }

    /// What was recorded: a line per observation that is new, changed, removed or
    /// poisoned (in capitals, as it needs attention), then the counts.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut counts = [0usize; Change::LABELS.len()];
        for o in &self.outcomes {
            let label = o.change.label();
            if let Some(i) = Change::LABELS.iter().position(|l| *l == label) {
                counts[i] += 1;
            }
            let shown = match &o.change {
                Change::Unchanged => continue,
                Change::Poisoned(_) => label.to_uppercase(),
                _ => label.to_string(),
            };
            let detail = match &o.change {
                Change::Changed(_) | Change::Poisoned(_) => o.change.verdict().detail(),
                _ => String::new(),
            };
            out.push_str(&report::line(&shown, &o.case, &o.key, &detail));
            if let Change::Changed(differences) = &o.change {
                for d in differences {
                    out.push_str(&report::indent(&d.to_string(), "    "));
                }
            }
        }
        for e in &self.errors {
            let _ = writeln!(out, "error: {e}");
        }
        let parts: Vec<String> = Change::LABELS
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(l, n)| format!("{n} {l}"))
            .collect();
        let _ = writeln!(
            out,
            "{}{}: {}; {} written",
            if out.is_empty() { "" } else { "\n" },
            report::plural(self.outcomes.len(), "observation"),
            if parts.is_empty() {
                "none".to_string()
            } else {
                parts.join(", ")
            },
            report::plural(self.written.len(), "fixture")
        );
        out
    }
}

/// A run of a case (by index) and what it gave.
type Observed = (usize, RunKey, Result<Observation, String>);

/// Builds one batch and runs every binary with each of its GODEBUG values.
fn execute(
    batch: &Batch<'_>,
    loaded: &[Loaded],
    timeout: Duration,
    bar: &ProgressBar,
) -> Vec<Observed> {
    let programs: Vec<Program<'_>> = batch
        .members
        .iter()
        .map(|m| Program {
            name: &loaded[m.case].case.name,
            source: &loaded[m.case].source,
        })
        .collect();
    let built = gobuild::build(batch.config, &programs);
    let jobs: Vec<(usize, &str)> = batch
        .members
        .iter()
        .enumerate()
        .flat_map(|(mi, m)| m.godebugs.iter().map(move |g| (mi, g.as_str())))
        .collect();
    jobs.par_iter()
        .map(|&(mi, godebug)| {
            let ci = batch.members[mi].case;
            let key = RunKey {
                toolchain: batch.config.toolchain.release,
                lang: batch.config.lang,
                gcflags: batch.config.gcflags.to_string(),
                godebug: godebug.to_string(),
            };
            let binary = match &built {
                Ok(b) => b.results[mi].as_ref().map_err(Clone::clone),
                Err(e) => Err(e.clone()),
            };
            let result = binary.and_then(|bin| observe(bin, &loaded[ci], &key, timeout));
            bar.inc(1);
            (ci, key, result)
        })
        .collect()
}

/// Runs a built case as `./<name> args...` from its own directory; a case gc rejects is
/// observed as `go run` shows the rejection.
fn observe(
    built: &Built,
    loaded: &Loaded,
    key: &RunKey,
    timeout: Duration,
) -> Result<Observation, String> {
    let out = match built {
        Built::Binary(binary) => run(binary, loaded, key, timeout)?,
        Built::Rejected(outputs) => outputs.clone(),
    };
    let text = |bytes: Vec<u8>, stream: &str| {
        String::from_utf8(bytes)
            .map_err(|_| format!("{stream} is not UTF-8 text, which a fixture cannot hold"))
    };
    Ok(Observation {
        toolchain: key.toolchain,
        lang: key.lang,
        gcflags: key.gcflags.clone(),
        godebug: key.godebug.clone(),
        exit: out.exit,
        stdout: text(out.stdout, "stdout")?,
        stderr: text(normalize::stderr(&out.stderr), "stderr")?,
    })
}

fn run(binary: &Path, loaded: &Loaded, key: &RunKey, timeout: Duration) -> Result<Outputs, String> {
    let mut cmd = Command::new(binary);
    cmd.arg0(loaded.case.argv0()).args(&loaded.fixture.args);
    if let Some(dir) = binary.parent() {
        cmd.current_dir(dir);
    }
    // GOTRACEBACK changes what a crash prints; GODEBUG is exactly the run's setting.
    cmd.env_remove("GOTRACEBACK");
    if key.godebug.is_empty() {
        cmd.env_remove("GODEBUG");
    } else {
        cmd.env("GODEBUG", &key.godebug);
    }
    let out =
        process::run(&mut cmd, timeout).map_err(|e| format!("{}: {e}", loaded.case.argv0()))?;
    Ok(Outputs {
        exit: out.exit,
        stdout: out.stdout,
        stderr: out.stderr,
    })
}

/// Records `cases` as `options` say. A case that cannot be loaded, built or run is
/// reported and never stops the others.
pub fn record(cases: &[Case], options: &Options) -> Report {
    let mut report = Report::default();
    let mut loaded = Vec::new();
    for case in cases {
        match case.load() {
            Ok(l) => loaded.push(l),
            Err(e) => report.errors.push(e),
        }
    }
    let batches = batches(&loaded, options);
    let runs: usize = batches
        .iter()
        .map(|b| b.members.iter().map(|m| m.godebugs.len()).sum::<usize>())
        .sum();
    let bar = ProgressBar::new(runs as u64).with_style(
        ProgressStyle::with_template("{spinner} {elapsed:>4} [{wide_bar}] {pos}/{len} runs")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    // The first builds take a while before any run finishes; keep the clock moving.
    bar.enable_steady_tick(Duration::from_millis(250));
    let results: Vec<Observed> = batches
        .par_iter()
        .flat_map(|b| execute(b, &loaded, options.timeout, &bar))
        .collect();
    bar.finish_and_clear();

    let mut per_case: Vec<Vec<(RunKey, Result<Observation, String>)>> =
        vec![Vec::new(); loaded.len()];
    for (ci, key, result) in results {
        per_case[ci].push((key, result));
    }
    // The requested gcflags and those the fixture records are re-run on each toolchain.
    let rerun = |key: &RunKey| {
        options
            .toolchains
            .iter()
            .any(|t| t.release == key.toolchain)
    };
    for (case, fresh) in loaded.into_iter().zip(per_case) {
        let (runs, changes) = reconcile(&case.fixture.runs, fresh, &rerun);
        report
            .outcomes
            .extend(changes.into_iter().map(|(key, change)| Outcome {
                case: case.case.clone(),
                key,
                change,
            }));
        let updated = Fixture {
            runs,
            ..case.fixture.clone()
        };
        if options.check || updated == case.fixture {
            continue;
        }
        match updated.write(&case.case.fixture) {
            Ok(()) => report.written.push(case.case.fixture.clone()),
            Err(e) => report.errors.push(e),
        }
    }
    report
}

#[cfg(test)]
mod tests {
    //! Helpers shared with the tests of the submodules.
    use super::*;
    use crate::version::Release;

    pub(super) fn key(toolchain: &str, lang: &str, godebug: &str) -> RunKey {
        RunKey {
            toolchain: toolchain.parse().expect("release"),
            lang: lang.parse().expect("lang"),
            gcflags: String::new(),
            godebug: godebug.to_string(),
        }
    }

    pub(super) fn obs(k: &RunKey, stdout: &str) -> Observation {
        Observation {
            toolchain: k.toolchain,
            lang: k.lang,
            gcflags: k.gcflags.clone(),
            godebug: k.godebug.clone(),
            exit: 0,
            stdout: stdout.to_string(),
            stderr: String::new(),
        }
    }

    pub(super) fn fixture(lang: &[&str], godebug: &[&str]) -> Fixture {
        Fixture {
            about: "x".to_string(),
            lang: lang.iter().map(|l| l.parse().expect("lang")).collect(),
            godebug: godebug.iter().map(|g| g.to_string()).collect(),
            ..Fixture::default()
        }
    }

    pub(super) fn release(s: &str) -> Release {
        s.parse().expect("release")
    }

    pub(super) fn loaded(suite: &str, name: &str, fixture: Fixture) -> Loaded {
        Loaded {
            case: Case {
                suite: suite.to_string(),
                name: name.to_string(),
                source: PathBuf::from(format!("{suite}/{name}.go")),
                fixture: PathBuf::from(format!("{suite}/{name}.yaml")),
            },
            source: String::new(),
            fixture,
        }
    }

    #[test]
    fn record_reports_unloadable_cases_and_poisoned_runs_as_failures() {
        let report = Report {
            errors: vec![CaseError::io(Path::new("x.yaml"), "bad")],
            ..Report::default()
        };
        assert!(report.failed(false) && report.failed(true));
        let case = Case {
            suite: "s".to_string(),
            name: "x".to_string(),
            source: PathBuf::from("s/x.go"),
            fixture: PathBuf::from("s/x.yaml"),
        };
        let outcome = |change| Outcome {
            case: case.clone(),
            key: key("go1.27.3", "1.27", ""),
            change,
        };
        let new = Report {
            outcomes: vec![outcome(Change::New)],
            ..Report::default()
        };
        assert!(!new.failed(false), "recording something new is success");
        assert!(new.failed(true), "but it is drift for --check");
        let poisoned = Report {
            outcomes: vec![outcome(Change::Poisoned("timed out".to_string()))],
            ..Report::default()
        };
        assert!(poisoned.failed(false));
        let text = poisoned.render();
        assert!(
            text.contains("POISONED   s/x.go  go1.27.3 lang=1.27: timed out\n"),
            "{text}"
        );
        assert!(
            text.ends_with("1 observation: 1 poisoned; 0 fixtures written\n"),
            "{text}"
        );
    }
}
