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
use crate::verdict::{
    Difference, GC_VS_MODEL, ModelOutcome, Outputs, Sides, Verdict, compare, judge,
};
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
        Err(unloaded) => (unloaded.outcome(release, FILE), Vec::new()),
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
    /// gc's runtime, in the build with these gcflags, threw `fatal error: {fatal}`, failing
    /// one of its own consistency checks on a valid program: a toolchain finding.
    Runtime { gcflags: String, fatal: String },
}

impl Between {
    /// The builds whose runs show the disagreement.
    pub fn gcflags(&self) -> Vec<String> {
        match self {
            Between::Model { gcflags } | Between::Runtime { gcflags, .. } => vec![gcflags.clone()],
            Between::Builds { first, other } => vec![first.clone(), other.clone()],
        }
    }
}

/// The fatal errors of gc's runtime that the semantics defines.
const MODELED_FATAL_ERRORS: &[&str] = &[
    "no goroutines (main called runtime.Goexit) - deadlock!",
    "panic while printing panic value: ",
];

/// The fatal error a run of gc's shows that the semantics does not define: the runtime
/// failing one of its own consistency checks (`bad recovery`, `bad panic stack`, ...), which
/// makes the run gc's bug rather than an answer to compare.
pub fn thrown(outputs: &Outputs) -> Option<String> {
    String::from_utf8_lossy(&outputs.stderr)
        .lines()
        .filter_map(|l| l.strip_prefix("fatal error: "))
        .find(|f| !MODELED_FATAL_ERRORS.iter().any(|m| f.starts_with(m)))
        .map(str::to_string)
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
        match &self.between {
            // What the run printed besides is whatever the program did before the throw.
            Between::Runtime { fatal, .. } => Gist {
                models: false,
                fields: vec!["fatal error"],
                lines: vec![blank_numbers(fatal)],
            },
            between => gist(matches!(between, Between::Model { .. }), &self.differences),
        }
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

/// A reviewed gc bug, recognised on the releases that have it.
pub struct KnownBug {
    pub reference: &'static str,
    pub why: &'static str,
    pub shows: Shows,
    /// The first and last affected releases, as (major, minor).
    pub releases: ((u32, u32), (u32, u32)),
}

/// How a known bug shows.
pub enum Shows {
    /// gc prints what the model prints with this fault of the machine.
    Mutant(Mutant),
    /// gc's runtime throws `fatal error: {fatal}` on a program using one of `constructs`
    /// (the generator's names).
    Throw {
        fatal: &'static str,
        constructs: &'static [&'static str],
    },
}

impl KnownBug {
    fn affects(&self, release: Release) -> bool {
        let v = release.version();
        let (first, last) = self.releases;
        v.at_least(first.0, first.1) && !v.at_least(last.0, last.1 + 1)
    }
}

/// The reviewed bugs.
pub const KNOWN_BUGS: &[KnownBug] = &[
    KnownBug {
        reference: "golang/go#73916",
        why: "a deferred function inlined into its defer wrapper lets recover succeed in a \
              function it calls; the Go specification requires recover to be called directly \
              by the deferred function",
        shows: Shows::Mutant(Mutant::RecoverOneDeeper),
        releases: ((1, 22), (1, 25)),
    },
    KnownBug {
        reference: "gosem-finding-011 (not found upstream)",
        why: "a recovery while a Goexit is pending finds the frame to resume outside the \
              goroutine's stack and the runtime throws, in almost every run of some programs \
              (docs/finding-011-bad-recovery.go) and in about half the runs of others; \
              runtime.Goexit is documented to run all deferred calls and terminate the goroutine",
        shows: Shows::Throw {
            fatal: "bad recovery",
            constructs: &["goexit", "defer-goexit"],
        },
        releases: ((1, 22), (1, 27)),
    },
    KnownBug {
        reference: "gosem-finding-012 (not found upstream)",
        why: "a deferred call of a nil func value faults, and the runtime, finding the next \
              deferred call for the panic, throws in about half the runs of one binary; the Go \
              specification says the call panics with a run-time error",
        shows: Shows::Throw {
            fatal: "bad panic stack",
            constructs: &["defer-nil-func"],
        },
        releases: ((1, 27), (1, 27)),
    },
];

/// `judged` with each disagreement that a known bug explains turned into a known divergence
/// (the model against gc, or a throw of the build compared with the model) or a known build
/// difference: gc printed what the model prints with the bug's fault, and the other build (if
/// any) what the model prints; or gc's runtime threw as the bug does.
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
    let compared = gcflags.first().map_or("", String::as_str);
    for bug in KNOWN_BUGS.iter().filter(|b| b.affects(release)) {
        if judged.disagreements.is_empty() {
            break;
        }
        // What the model prints with the bug's fault, if it shows so.
        let buggy = match &bug.shows {
            Shows::Mutant(mutant) => match model_outcome(program, release, Some(*mutant)) {
                ModelOutcome::Exited(buggy) => Some(buggy),
                _ => continue,
            },
            Shows::Throw { .. } => None,
        };
        let follows = |o: &Outputs| buggy.as_ref().is_some_and(|b| same(o, b) && !same(o, ran));
        for d in std::mem::take(&mut judged.disagreements) {
            let explained = match (&bug.shows, &d.between) {
                (Shows::Mutant(_), Between::Model { gcflags }) => {
                    outputs(gcflags).is_some_and(follows)
                }
                (Shows::Mutant(_), Between::Builds { first, other }) => {
                    match (outputs(first), outputs(other)) {
                        (Some(a), Some(b)) => {
                            (follows(a) && same(b, ran)) || (same(a, ran) && follows(b))
                        }
                        _ => false,
                    }
                }
                (Shows::Throw { fatal, constructs }, Between::Runtime { fatal: f, .. }) => {
                    f == fatal && program.constructs().iter().any(|c| constructs.contains(c))
                }
                _ => false,
            };
            if !explained {
                judged.disagreements.push(d);
                continue;
            }
            let of_compared_build = match &d.between {
                Between::Model { .. } => true,
                Between::Runtime { gcflags, .. } => gcflags == compared,
                Between::Builds { .. } => false,
            };
            if of_compared_build {
                judged.verdict = Verdict::KnownDivergence {
                    reference: bug.reference.to_string(),
                };
            } else {
                judged.known_builds.push(bug.reference);
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
/// `observed[k]`) printed. A build with no answer poisons the program; so does a run in
/// which gc's runtime throws, which is also a disagreement (a toolchain finding).
pub fn judge_program(
    release: Release,
    gcflags: &[String],
    model: &ModelOutcome,
    observed: &[Observation],
) -> Judged {
    let poisoned = |flags: &String, reason: &str, disagreements| Judged {
        verdict: Verdict::Poisoned {
            reason: if flags.is_empty() {
                reason.to_string()
            } else {
                format!("-gcflags={flags}: {reason}")
            },
        },
        disagreements,
        known_builds: Vec::new(),
    };
    let threw = |fatal: &str| format!("the runtime threw: {fatal}");
    let mut answers = Vec::new();
    let mut disagreements = Vec::new();
    for (flags, o) in gcflags.iter().zip(observed) {
        match o {
            Ok(outputs) => match (thrown(outputs), model) {
                (None, _) => answers.push((flags, outputs)),
                (Some(fatal), ModelOutcome::Exited(ran)) => disagreements.push(Disagreement {
                    toolchain: release,
                    differences: compare(outputs, ran, GC_VS_MODEL),
                    between: Between::Runtime {
                        gcflags: flags.clone(),
                        fatal,
                    },
                }),
                // The model gave no answer: there is nothing to reduce against.
                (Some(fatal), _) => return poisoned(flags, &threw(&fatal), Vec::new()),
            },
            Err(reason) => return poisoned(flags, reason, Vec::new()),
        }
    }
    let first_flags = gcflags.first().cloned().unwrap_or_default();
    let first = match answers.first() {
        Some(&(flags, first)) if *flags == first_flags => first,
        // The build the model is compared with threw (or there is none): no answer to compare.
        _ => {
            let reason = match disagreements.first().map(|d| &d.between) {
                Some(Between::Runtime { fatal, .. }) => threw(fatal),
                _ => "no build configuration".to_string(),
            };
            return poisoned(&first_flags, &reason, disagreements);
        }
    };
    let mut verdict = judge(first, None, model);
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
    #[test]
    fn a_runtime_throw_poisons_the_program_and_is_a_toolchain_finding() {
        let release: Release = "go1.27.3".parse().expect("release");
        let flags = [String::new(), "all=-l".to_string()];
        let model = ModelOutcome::Exited(outputs(0, ""));
        let threw = |label: &str| {
            outputs(
                2,
                &format!(
                    "{label}\nrecover: 0xADDR not in [0xADDR, 0xADDR]\nfatal error: bad recovery\n"
                ),
            )
        };
        // The build compared with the model agrees: the throw of the other is a finding.
        let judged = judge_program(
            release,
            &flags,
            &model,
            &[Ok(outputs(0, "")), Ok(threw("d12"))],
        );
        assert_eq!(judged.verdict, Verdict::Agree);
        let [d] = &judged.disagreements[..] else {
            panic!("one disagreement: {:?}", judged.disagreements);
        };
        assert_eq!(
            d.between,
            Between::Runtime {
                gcflags: "all=-l".to_string(),
                fatal: "bad recovery".to_string()
            }
        );
        // A throw of the build compared with the model poisons the program; what the program
        // printed before the throw is not the finding's.
        let other = judge_program(
            release,
            &flags,
            &model,
            &[Ok(threw("v3 7")), Ok(outputs(0, ""))],
        );
        assert_eq!(
            other.verdict,
            Verdict::Poisoned {
                reason: "the runtime threw: bad recovery".to_string()
            }
        );
        assert_eq!(other.disagreements.len(), 1);
        assert_eq!(other.disagreements[0].gist(), d.gist());
        // The fatal errors the semantics defines are answers, not throws.
        let deadlock = outputs(
            2,
            "fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n",
        );
        assert_eq!(thrown(&deadlock), None);
        let judged = judge_program(release, &flags[..1], &model, &[Ok(deadlock)]);
        assert_eq!(judged.verdict.kind(), crate::verdict::Kind::Mismatch);
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
    fn a_reviewed_throw_is_known_on_the_releases_and_programs_it_names_only() {
        let config = crate::r#gen::Config::default();
        // The first generated program that uses (or does not use) one of `constructs`.
        let program = |constructs: &[&str], wanted: bool| {
            (0..)
                .map(|seed| crate::r#gen::generate(&config, seed))
                .find(|p| p.constructs().iter().any(|c| constructs.contains(c)) == wanted)
                .expect("a program")
        };
        let throw = |fatal: &str| outputs(&format!("fatal error: {fatal}\n"));
        let judge = |program: &GoProgram, release: &str, fatal: &str| {
            let release: Release = release.parse().expect("release");
            let flags = [String::new()];
            let model = model_outcome(program, release, None);
            let observed = [Ok(throw(fatal))];
            let judged = judge_program(release, &flags, &model, &observed);
            explain_by_bugs(judged, program, release, &flags, &model, &observed)
        };
        let goexit = program(&["goexit", "defer-goexit"], true);
        let no_goexit = program(&["goexit", "defer-goexit"], false);
        let nil_func = program(&["defer-nil-func"], true);
        let no_nil_func = program(&["defer-nil-func"], false);
        for (program, release, fatal, known) in [
            (&goexit, "go1.22.10", "bad recovery", Some("011")),
            (&goexit, "go1.27.3", "bad recovery", Some("011")),
            (&nil_func, "go1.27.3", "bad panic stack", Some("012")),
            // Not on a release without the bug, not in a program without the construct, not
            // another throw.
            (&goexit, "go1.21.13", "bad recovery", None),
            (&no_goexit, "go1.27.3", "bad recovery", None),
            (&nil_func, "go1.26.6", "bad panic stack", None),
            (&no_nil_func, "go1.27.3", "bad panic stack", None),
            (&goexit, "go1.27.3", "bad defer entry in panic", None),
        ] {
            let judged = judge(program, release, fatal);
            match known {
                Some(finding) => {
                    assert_eq!(
                        judged.verdict,
                        Verdict::KnownDivergence {
                            reference: format!("gosem-finding-{finding} (not found upstream)")
                        },
                        "{release} {fatal}"
                    );
                    assert!(judged.disagreements.is_empty());
                }
                None => {
                    assert_eq!(
                        judged.verdict.kind(),
                        crate::verdict::Kind::Poisoned,
                        "{release} {fatal}"
                    );
                    assert_eq!(judged.disagreements.len(), 1, "{release} {fatal}");
                }
            }
        }
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
