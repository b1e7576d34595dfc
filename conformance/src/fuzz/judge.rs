//! The model's answer for a generated program, and how it compares with gc's.

use std::sync::LazyLock;

use gosem_model::Params;
use gosem_model::events::Event;
use gosem_model::mutant::Mutant;
use gosem_spec::Violation;
use regex::bytes::Regex;
use serde::Serialize;

use crate::r#gen::GoProgram;
use crate::model;
use crate::verdict::{Difference, ModelOutcome, Outputs, Sides, Verdict, compare, judge};
use crate::version::Release;

use super::observe::Observation;

/// The file name the model reports positions in.
const FILE: &str = "main.go";

/// What the model says `program` does when built by `release` at its own language version.
pub fn model_outcome(
    program: &GoProgram,
    release: Release,
    mutant: Option<Mutant>,
) -> ModelOutcome {
    model_run(program, release, mutant, false).0
}

/// An invariant a model trace breaks, with its witness events described.
#[derive(Clone, Debug)]
pub struct Broken {
    pub violation: Violation,
    pub witness: Vec<String>,
}

/// [`model_outcome`], and the invariants of `spec/invariants.md` that the run's trace breaks.
pub fn model_checked(
    program: &GoProgram,
    release: Release,
    mutant: Option<Mutant>,
) -> (ModelOutcome, Vec<Broken>) {
    let (outcome, events) = model_run(program, release, mutant, true);
    let broken = if events.is_empty() {
        Vec::new()
    } else {
        gosem_spec::check_trace_at(&events, release.version())
    };
    let broken = broken
        .into_iter()
        .map(|violation| Broken {
            witness: violation
                .witness
                .iter()
                .filter_map(|&k| events.get(k))
                .map(gosem_spec::describe)
                .collect(),
            violation,
        })
        .collect();
    (outcome, broken)
}

/// The model's outcome, with the run's events when `record`.
fn model_run(
    program: &GoProgram,
    release: Release,
    mutant: Option<Mutant>,
    record: bool,
) -> (ModelOutcome, Vec<Event>) {
    let source = program.source();
    match model::load(FILE, &source, release.lang()) {
        Ok(loaded) => {
            let mut params = Params::new(release.version(), "./main");
            params.lang = release.lang().version();
            params.mutant = mutant;
            if record {
                let (outcome, _, events) = model::simulate_recorded(&loaded, &params);
                (outcome, events)
            } else {
                (model::simulate(&loaded, &params).0, Vec::new())
            }
        }
        Err(outcome) => (outcome, Vec::new()),
    }
}

/// Two build configurations of one toolchain compared: what the first printed is expected.
const CONFIGS: Sides = Sides {
    expected: "first build",
    actual: "other build",
};

/// What disagreed with what.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "between", rename_all = "snake_case")]
pub enum Between {
    /// The model and gc's build with these gcflags.
    Model { gcflags: String },
    /// Two builds of one toolchain (optimisation must never change behaviour): a toolchain
    /// finding.
    Builds { first: String, other: String },
}

/// A disagreement found on one program.
#[derive(Clone, Debug, Serialize)]
pub struct Disagreement {
    pub toolchain: Release,
    #[serde(flatten)]
    pub between: Between,
    pub differences: Vec<Difference>,
}

/// How a disagreement looks, whatever program shows it: the fields that differ and the first
/// differing line of each side, with numbers (the generator's labels) blanked. Two
/// disagreements with one gist are taken for one bug; a reduced program must keep it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Gist {
    pub models: bool,
    pub fields: Vec<&'static str>,
    pub lines: Vec<String>,
}

impl Disagreement {
    pub fn gist(&self) -> Gist {
        gist(
            matches!(self.between, Between::Model { .. }),
            &self.differences,
        )
    }

    /// `stderr` or `exit, stdout`: the fields that differ.
    pub fn fields(&self) -> String {
        let fields: Vec<&str> = self.differences.iter().map(Difference::field).collect();
        fields.join(", ")
    }
}

/// The gist of `differences` between the model and gc (`models`) or two builds.
pub fn gist(models: bool, differences: &[Difference]) -> Gist {
    let mut lines = Vec::new();
    for d in differences {
        match d {
            Difference::Stdout { diff } | Difference::Stderr { diff } => {
                for sign in ['-', '+'] {
                    let first = diff
                        .lines()
                        .filter(|l| !l.starts_with("---") && !l.starts_with("+++"))
                        .find(|l| l.starts_with(sign))
                        .unwrap_or("");
                    lines.push(blank_numbers(first));
                }
            }
            Difference::Exit { expected, actual } => lines.push(format!("{expected} {actual}")),
            other => lines.push(blank_numbers(&other.to_string())),
        }
    }
    Gist {
        models,
        fields: differences.iter().map(Difference::field).collect(),
        lines,
    }
}

fn blank_numbers(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_number = false;
    for c in line.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                out.push('N');
            }
            in_number = true;
        } else {
            out.push(c);
            in_number = false;
        }
    }
    out
}

/// A reviewed way in which gc's runs differ from the model's or from each other for a
/// reason that is gc's: a bug in gc (with the upstream reference) or a detail gc leaves to
/// chance.
#[derive(Clone, Copy)]
pub struct Known {
    pub reference: &'static str,
    pub why: &'static str,
    /// Whether the runs `expected` and `actual` (gc and the model, or two builds) differ
    /// only in this way.
    applies: fn(expected: &Outputs, actual: &Outputs) -> bool,
}

/// A `panic:` line of a crash header printing an error value raw, as the runtime prints a
/// value whose `Error` method it did not call: `runtime.errorString("...")`,
/// `(*errors.errorString) 0xADDR`.
static UNCONVERTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^\t?panic: (?:runtime\.errorString\("|\(\*?[\w.]+\) 0xADDR)"#)
        .expect("a valid pattern")
});

/// The fault address of `[signal SIGSEGV: ... addr=0x...]`.
static FAULT_ADDRESS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"addr=0x[0-9a-f]+").expect("a valid pattern"));

/// gosem finding 007: a panic value printed raw.
const RAW_VALUE: Known = Known {
    reference: "gosem-finding-007 (cf. golang/go#73923)",
    why: "gc's crash header prints a panic value of the chain without calling its Error \
          method (runtime.preprintpanics skips a value equal to the next one's without \
          converting it), and whether it does depends on the binary's layout",
    applies: unconverted,
};

/// gosem finding 010: equal panic values folded by one build and not by another.
const FOLDED_BY_OPTIMISER: Known = Known {
    reference: "gosem-finding-010",
    why: "gc's optimiser decides whether equal panic values share one data word: a constant \
          converted to an interface (as inlining makes an argument) lives in read-only data \
          every such panic shares, so the runtime folds the chain into `[recovered, \
          repanicked]`; without inlining each conversion allocates, as in the model; the Go \
          specification leaves the crash header unsaid",
    applies: folded_alike,
};

/// The reviewed ways, for the model against gc.
pub const KNOWN_MODEL: &[Known] = &[RAW_VALUE, FOLDED_BY_OPTIMISER];

/// The reviewed ways, for two builds of one toolchain.
pub const KNOWN_BUILDS: &[Known] = &[
    RAW_VALUE,
    FOLDED_BY_OPTIMISER,
    Known {
        reference: "gc-defined: fault address",
        why: "a nil dereference of a field faults where the code first touches memory: \
              optimised code at the field's offset, code built with -N at the struct's \
              address 0; the Go specification leaves the address unsaid",
        applies: |a, b| {
            a.exit == b.exit
                && a.stdout == b.stdout
                && FAULT_ADDRESS.replace_all(&a.stderr, &b"addr=A"[..])
                    == FAULT_ADDRESS.replace_all(&b.stderr, &b"addr=A"[..])
        },
    },
];

/// A disagreement a merged binary shows and the program built alone does not: gc's
/// behaviour depends on the binary's layout, which is gc's bug (gosem findings 005 to 007:
/// the runtime throwing `bad recovery` or `bad panic stack`, losing a pending Goexit, or
/// printing a panic value raw, in some layouts only). Recognised by building the program
/// alone, not from the outputs.
pub const LAYOUT: Known = Known {
    reference: "gc-layout (cf. golang/go#29226, golang/go#73923)",
    why: "the merged binary shows it and the program built alone does not: gc's behaviour \
          depends on the binary's layout",
    applies: |_, _| false,
};

/// A reviewed gc bug that a fault of the machine reproduces: where gc's output is what the
/// model prints with that fault, on a release that has the bug, the disagreement is the bug's.
pub struct KnownBug {
    pub reference: &'static str,
    pub why: &'static str,
    pub mutant: Mutant,
    /// The first and last affected releases, as (major, minor).
    pub releases: ((u32, u32), (u32, u32)),
}

impl KnownBug {
    fn affects(&self, release: Release) -> bool {
        let v = release.version();
        let (first, last) = self.releases;
        v.at_least(first.0, first.1) && !v.at_least(last.0, last.1 + 1)
    }
}

/// The reviewed bugs.
pub const KNOWN_BUGS: &[KnownBug] = &[KnownBug {
    reference: "golang/go#73916",
    why: "a deferred function inlined into its defer wrapper lets recover succeed in a function \
          it calls; the Go specification requires recover to be called directly by the \
          deferred function",
    mutant: Mutant::RecoverOneDeeper,
    releases: ((1, 22), (1, 25)),
}];

/// `judged` with each disagreement that a known bug explains turned into a known divergence
/// (the model against gc) or a known build difference (two builds): gc printed what the model
/// prints with the bug's fault, and the other build (if any) what the model prints.
pub fn explain_by_bugs(
    mut judged: Judged,
    program: &GoProgram,
    release: Release,
    gcflags: &[String],
    model: &ModelOutcome,
    observed: &[Observation],
) -> Judged {
    let ModelOutcome::Exited(ran) = model else {
        return judged;
    };
    let outputs = |flags: &str| {
        gcflags
            .iter()
            .zip(observed)
            .find(|(f, _)| f.as_str() == flags)
            .and_then(|(_, o)| o.as_ref().ok())
    };
    let same = |a: &Outputs, b: &Outputs| compare(a, b, CONFIGS).is_empty();
    for bug in KNOWN_BUGS.iter().filter(|b| b.affects(release)) {
        if judged.disagreements.is_empty() {
            break;
        }
        let ModelOutcome::Exited(buggy) = model_outcome(program, release, Some(bug.mutant)) else {
            continue;
        };
        let follows = |o: &Outputs| same(o, &buggy) && !same(o, ran);
        for d in std::mem::take(&mut judged.disagreements) {
            let explained = match &d.between {
                Between::Model { gcflags } => outputs(gcflags).is_some_and(follows),
                Between::Builds { first, other } => match (outputs(first), outputs(other)) {
                    (Some(a), Some(b)) => {
                        (follows(a) && same(b, ran)) || (same(a, ran) && follows(b))
                    }
                    _ => false,
                },
            };
            match (&d.between, explained) {
                (_, false) => judged.disagreements.push(d),
                (Between::Model { .. }, true) => {
                    judged.verdict = Verdict::KnownDivergence {
                        reference: bug.reference.to_string(),
                    }
                }
                (Between::Builds { .. }, true) => judged.known_builds.push(bug.reference),
            }
        }
    }
    judged
}

/// What the reviewed entry `reference` says.
pub fn why(reference: &str) -> &'static str {
    KNOWN_MODEL
        .iter()
        .chain(KNOWN_BUILDS)
        .chain([&LAYOUT])
        .map(|k| (k.reference, k.why))
        .chain(KNOWN_BUGS.iter().map(|b| (b.reference, b.why)))
        .find(|(r, _)| *r == reference)
        .map_or("", |(_, why)| why)
}

/// The runs differ in stderr only, and one prints a panic value raw where the other does not.
fn unconverted(a: &Outputs, b: &Outputs) -> bool {
    a.exit == b.exit
        && a.stdout == b.stdout
        && UNCONVERTED.find_iter(&a.stderr).count() != UNCONVERTED.find_iter(&b.stderr).count()
}

/// The runs differ in stderr only, one folds a re-panic of an equal value into
/// `[recovered, repanicked]`, and with the chains folded alike they are the same.
fn folded_alike(a: &Outputs, b: &Outputs) -> bool {
    const REPANICKED: &[u8] = b" [recovered, repanicked]";
    let mark = |s: &[u8]| s.windows(REPANICKED.len()).any(|w| w == REPANICKED);
    a.exit == b.exit
        && a.stdout == b.stdout
        && a.stderr != b.stderr
        && (mark(&a.stderr) || mark(&b.stderr))
        && fold(&a.stderr) == fold(&b.stderr)
}

/// The lines of a crash header without indentation and marks, runs of equal lines merged.
fn fold(stderr: &[u8]) -> Vec<&[u8]> {
    let mut lines: Vec<&[u8]> = stderr
        .split(|&b| b == b'\n')
        .map(|l| l.strip_prefix(b"\t").unwrap_or(l))
        .map(|l| {
            [&b" [recovered, repanicked]"[..], b" [recovered]"]
                .iter()
                .find_map(|m| l.strip_suffix(*m))
                .unwrap_or(l)
        })
        .collect();
    lines.dedup();
    lines
}

/// The reviewed way in which `expected` and `actual` differ, if any.
fn known<'k>(table: &'k [Known], expected: &Outputs, actual: &Outputs) -> Option<&'k Known> {
    table.iter().find(|k| (k.applies)(expected, actual))
}

/// The reviewed way in which two gc runs of one program differ, if any.
pub fn known_build_difference(first: &Outputs, other: &Outputs) -> Option<&'static Known> {
    known(KNOWN_BUILDS, first, other)
}

/// One program on one toolchain: the verdict of the model against the first build
/// configuration, and the disagreements (the model's, and those between builds that no
/// reviewed entry explains).
#[derive(Clone, Debug)]
pub struct Judged {
    pub verdict: Verdict,
    pub disagreements: Vec<Disagreement>,
    /// The references of the reviewed entries that explain differences between builds.
    pub known_builds: Vec<&'static str>,
}

/// Judges a program from the model's outcome and what each build (`gcflags[k]` for
/// `observed[k]`) printed. A build with no answer poisons the program.
pub fn judge_program(
    release: Release,
    gcflags: &[String],
    model: &ModelOutcome,
    observed: &[Observation],
) -> Judged {
    let mut answers = Vec::new();
    for (flags, o) in gcflags.iter().zip(observed) {
        match o {
            Ok(outputs) => answers.push((flags, outputs)),
            Err(reason) => {
                let reason = if flags.is_empty() {
                    reason.clone()
                } else {
                    format!("-gcflags={flags}: {reason}")
                };
                return Judged {
                    verdict: Verdict::Poisoned { reason },
                    disagreements: Vec::new(),
                    known_builds: Vec::new(),
                };
            }
        }
    }
    let Some(&(first_flags, first)) = answers.first() else {
        return Judged {
            verdict: Verdict::Poisoned {
                reason: "no build configuration".to_string(),
            },
            disagreements: Vec::new(),
            known_builds: Vec::new(),
        };
    };
    let mut verdict = judge(first, None, model);
    let mut disagreements = Vec::new();
    if let Verdict::Mismatch { differences } = &verdict {
        match model {
            ModelOutcome::Exited(ran) if let Some(k) = known(KNOWN_MODEL, first, ran) => {
                verdict = Verdict::KnownDivergence {
                    reference: k.reference.to_string(),
                };
            }
            _ => disagreements.push(Disagreement {
                toolchain: release,
                between: Between::Model {
                    gcflags: first_flags.clone(),
                },
                differences: differences.clone(),
            }),
        }
    }
    let mut known_builds = Vec::new();
    for &(flags, outputs) in &answers[1..] {
        let differences = compare(first, outputs, CONFIGS);
        if differences.is_empty() {
            continue;
        }
        if let Some(k) = known_build_difference(first, outputs) {
            known_builds.push(k.reference);
        } else {
            disagreements.push(Disagreement {
                toolchain: release,
                between: Between::Builds {
                    first: first_flags.clone(),
                    other: flags.clone(),
                },
                differences,
            });
        }
    }
    Judged {
        verdict,
        disagreements,
        known_builds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::{GC_VS_MODEL, Outputs};

    fn outputs(exit: i32, stderr: &str) -> Outputs {
        Outputs {
            exit,
            stdout: b"p1\n".to_vec(),
            stderr: stderr.as_bytes().to_vec(),
        }
    }

    #[test]
    fn gists_blank_the_generators_numbers() {
        let a = compare(
            &outputs(2, "panic: boom12 [recovered]\n"),
            &outputs(2, "panic: boom12\n"),
            GC_VS_MODEL,
        );
        let b = compare(
            &outputs(2, "panic: boom7 [recovered]\n"),
            &outputs(2, "panic: boom7\n"),
            GC_VS_MODEL,
        );
        assert_eq!(gist(true, &a), gist(true, &b));
        assert_eq!(
            gist(true, &a).lines,
            ["-panic: boomN [recovered]", "+panic: boomN"]
        );
        assert_ne!(gist(true, &a), gist(false, &a));
    }

    #[test]
    fn builds_that_differ_are_a_finding_and_a_failed_build_poisons() {
        let release: Release = "go1.27.3".parse().expect("release");
        let flags = [String::new(), "all=-N -l".to_string()];
        let model = ModelOutcome::Exited(outputs(0, ""));
        let judged = judge_program(
            release,
            &flags,
            &model,
            &[Ok(outputs(0, "")), Ok(outputs(2, "panic: x\n"))],
        );
        assert_eq!(judged.verdict, Verdict::Agree);
        assert_eq!(judged.disagreements.len(), 1);
        assert_eq!(judged.disagreements[0].fields(), "exit, stderr");
        assert!(judged.known_builds.is_empty());
        let judged = judge_program(
            release,
            &flags,
            &model,
            &[Ok(outputs(0, "")), Err("timed out after 1 s".to_string())],
        );
        assert_eq!(
            judged.verdict,
            Verdict::Poisoned {
                reason: "-gcflags=all=-N -l: timed out after 1 s".to_string()
            }
        );
    }
}

#[cfg(test)]
mod known_tests {
    use super::*;

    fn outputs(stderr: &str) -> Outputs {
        Outputs {
            exit: 2,
            stdout: Vec::new(),
            stderr: stderr.as_bytes().to_vec(),
        }
    }

    const SIGNAL: &str = "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=PC]\n";
    const NIL: &str = "panic: runtime error: invalid memory address or nil pointer dereference\n";

    #[test]
    fn a_raw_panic_value_printed_by_gc_is_a_known_divergence_and_nothing_else_is() {
        let release: Release = "go1.27.3".parse().expect("release");
        let raw = format!(
            "panic: runtime.errorString(\"invalid memory address or nil pointer dereference\")\n{SIGNAL}"
        );
        let model = ModelOutcome::Exited(outputs(&format!("{NIL}{SIGNAL}")));
        let judged = judge_program(release, &[String::new()], &model, &[Ok(outputs(&raw))]);
        assert_eq!(
            judged.verdict,
            Verdict::KnownDivergence {
                reference: RAW_VALUE.reference.to_string()
            }
        );
        assert!(judged.disagreements.is_empty());
        // Another difference in the same header stays a mismatch.
        let other = format!("{NIL}\tpanic: boom\n{SIGNAL}");
        let judged = judge_program(release, &[String::new()], &model, &[Ok(outputs(&other))]);
        assert_eq!(judged.verdict.kind(), crate::verdict::Kind::Mismatch);
    }

    #[test]
    fn a_chain_folded_by_gc_alone_is_a_known_divergence_and_another_chain_is_not() {
        let release: Release = "go1.27.3".parse().expect("release");
        let chain = "panic: -1 [recovered]\n\tpanic: -1 [recovered]\n\tpanic: -1\n";
        let model = ModelOutcome::Exited(outputs(chain));
        let folded = "panic: -1 [recovered, repanicked]\n";
        let judged = judge_program(release, &[String::new()], &model, &[Ok(outputs(folded))]);
        assert_eq!(
            judged.verdict,
            Verdict::KnownDivergence {
                reference: FOLDED_BY_OPTIMISER.reference.to_string()
            }
        );
        // Folding another value than the chain's is a mismatch.
        let other = "panic: -2 [recovered, repanicked]\n";
        let judged = judge_program(release, &[String::new()], &model, &[Ok(outputs(other))]);
        assert_eq!(judged.verdict.kind(), crate::verdict::Kind::Mismatch);
        // So is a chain that differs without any folding.
        let unfolded = "panic: -1 [recovered]\n\tpanic: -1\n";
        let judged = judge_program(release, &[String::new()], &model, &[Ok(outputs(unfolded))]);
        assert_eq!(judged.verdict.kind(), crate::verdict::Kind::Mismatch);
    }

    #[test]
    fn builds_that_differ_only_in_the_fault_address_are_known() {
        let release: Release = "go1.27.3".parse().expect("release");
        let flags = [String::new(), "all=-N -l".to_string()];
        let model = ModelOutcome::Exited(outputs(&format!("{NIL}{SIGNAL}")));
        let offset = SIGNAL.replace("addr=0x0", "addr=0x10");
        let judged = judge_program(
            release,
            &flags,
            &model,
            &[
                Ok(outputs(&format!("{NIL}{offset}"))),
                Ok(outputs(&format!("{NIL}{SIGNAL}"))),
            ],
        );
        assert!(
            judged
                .disagreements
                .iter()
                .all(|d| matches!(d.between, Between::Model { .. }))
        );
        assert_eq!(judged.known_builds, ["gc-defined: fault address"]);
    }
}
