//! Verdicts: how one observation compares with what the model (or a re-run) produced.

use std::fmt;

use serde::Serialize;
use similar::TextDiff;

/// The observables of one run: what gc's binary did, or what the model says it would do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outputs {
    pub exit: i32,
    pub stdout: Vec<u8>,
    /// Normalised by [`crate::normalize`] before it gets here.
    pub stderr: Vec<u8>,
}

/// The first line of what `go run FILE.go` prints when gc rejects the program.
pub const GO_RUN_HEADER: &str = "# command-line-arguments\n";

impl Outputs {
    /// Whether these are `go run`'s outputs for a program gc rejected.
    pub fn rejected(&self) -> bool {
        self.exit != 0
            && self.stdout.is_empty()
            && self.stderr.starts_with(GO_RUN_HEADER.as_bytes())
    }
}

/// What the model says `go run` prints for a program its front end rejects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    /// gc's exit status and, after the header, the errors whose gc text the model knows.
    pub claim: Outputs,
    /// How many errors `claim` holds.
    pub claimed: usize,
    /// Why `claim` may not be all `go run` prints; `None` when it is.
    pub gap: Option<Refusal>,
    /// The front end's errors in its own words, for reports.
    pub diagnostics: String,
}

/// Where the model stopped short of an answer because the program leaves the modeled subset.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Refusal {
    /// What is not modeled, e.g. `goroutines (go statement)`.
    pub construct: String,
    /// `file:line:col`, or the setting that is not modeled.
    pub at: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.construct)
    }
}

/// What the model made of a program and one set of parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModelOutcome {
    /// It ran to an exit status.
    Exited(Outputs),
    /// It ran out of steps.
    Exhausted,
    /// The program or one of its run parameters is outside the modeled subset.
    Unsupported(Refusal),
    /// The front end found compile errors.
    Rejected(Box<Rejected>),
    /// The model itself failed: a Rust panic, or a configuration no rule admits. A bug in the
    /// model, never an answer about the program; with its message.
    Failed(String),
}

/// One field in which two runs differ.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Difference {
    Exit {
        expected: i32,
        actual: i32,
    },
    /// A unified diff, expected side first.
    Stdout {
        diff: String,
    },
    Stderr {
        diff: String,
    },
    /// The model refused to compile a program gc compiles.
    Rejected {
        diagnostics: String,
    },
    /// Compile errors the model says gc reports and gc does not, in gc's order.
    Unreported {
        errors: String,
    },
    /// The model failed (a bug of the model).
    ModelFailed {
        message: String,
    },
    /// A listed divergence the model no longer shows: the entry is stale.
    StaleDivergence {
        reference: String,
    },
    /// A planned run has no recorded observation.
    MissingObservation,
    /// A recorded observation for a re-run toolchain that is no longer planned.
    ExtraObservation,
}

impl Difference {
    /// The field's name, as reports say it.
    pub fn field(&self) -> &'static str {
        match self {
            Difference::Exit { .. } => "exit",
            Difference::Stdout { .. } => "stdout",
            Difference::Stderr { .. } => "stderr",
            Difference::Rejected { .. } => "compile",
            Difference::Unreported { .. } => "compile errors",
            Difference::ModelFailed { .. } => "model failure",
            Difference::StaleDivergence { .. } => "divergences",
            Difference::MissingObservation => "missing observation",
            Difference::ExtraObservation => "unexpected extra observation",
        }
    }
}

impl fmt::Display for Difference {
    /// Multi-line for diffs, never ending in a newline.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Difference::Exit { expected, actual } => {
                write!(f, "exit: expected {expected}, got {actual}")
            }
            Difference::Stdout { diff } => {
                write!(f, "stdout differs:\n{}", diff.trim_end_matches('\n'))
            }
            Difference::Stderr { diff } => {
                write!(f, "stderr differs:\n{}", diff.trim_end_matches('\n'))
            }
            Difference::Rejected { diagnostics } => write!(
                f,
                "the model rejects a program gc compiles:\n{}",
                diagnostics.trim_end_matches('\n')
            ),
            Difference::Unreported { errors } => write!(
                f,
                "the model claims these errors, which gc did not print in this order:\n{}",
                errors.trim_end_matches('\n')
            ),
            Difference::ModelFailed { message } => write!(f, "the model failed: {message}"),
            Difference::StaleDivergence { reference } => write!(
                f,
                "the model agrees with the toolchain, so the divergence {reference} is stale"
            ),
            Difference::MissingObservation => f.write_str("no observation is recorded"),
            Difference::ExtraObservation => {
                f.write_str("an observation is recorded for a run that is no longer planned")
            }
        }
    }
}

/// The result of comparing one observation; one enum for `check` and `record`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    Agree,
    Mismatch {
        differences: Vec<Difference>,
    },
    Refused {
        refusal: Refusal,
    },
    /// The model disagrees with a toolchain exactly where a reviewed entry says it should.
    KnownDivergence {
        reference: String,
    },
    /// The real run gave no usable observation (timeout, build failure).
    Poisoned {
        reason: String,
    },
    Exhausted,
}

/// A [`Verdict`] without its details, for counting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Agree,
    Mismatch,
    Refused,
    Divergence,
    Exhausted,
    Poisoned,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Agree,
        Kind::Mismatch,
        Kind::Refused,
        Kind::Divergence,
        Kind::Exhausted,
        Kind::Poisoned,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Kind::Agree => "agree",
            Kind::Mismatch => "mismatch",
            Kind::Refused => "refused",
            Kind::Divergence => "divergence",
            Kind::Exhausted => "exhausted",
            Kind::Poisoned => "poisoned",
        }
    }

    /// Whether this outcome fails the command: only agreement and reviewed divergences pass.
    pub fn fails(self) -> bool {
        !matches!(self, Kind::Agree | Kind::Divergence)
    }
}

impl Verdict {
    pub fn kind(&self) -> Kind {
        match self {
            Verdict::Agree => Kind::Agree,
            Verdict::Mismatch { .. } => Kind::Mismatch,
            Verdict::Refused { .. } => Kind::Refused,
            Verdict::KnownDivergence { .. } => Kind::Divergence,
            Verdict::Exhausted => Kind::Exhausted,
            Verdict::Poisoned { .. } => Kind::Poisoned,
        }
    }
}

impl Verdict {
    /// What a report says after the verdict's kind: the differing fields, the refusal,
    /// the reference or the reason.
    pub fn detail(&self) -> String {
        match self {
            Verdict::Agree => String::new(),
            Verdict::Mismatch { differences } => {
                let fields: Vec<&str> = differences.iter().map(Difference::field).collect();
                fields.join(", ")
            }
            Verdict::Refused { refusal } => refusal.to_string(),
            Verdict::KnownDivergence { reference } => reference.clone(),
            Verdict::Poisoned { reason } => reason.clone(),
            Verdict::Exhausted => "the model ran out of steps".to_string(),
        }
    }
}

impl fmt::Display for Verdict {
    /// `kind: detail` on one line (a poisoned run's reason may add more).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let detail = self.detail();
        let kind = self.kind().label();
        if detail.is_empty() {
            f.write_str(kind)
        } else {
            write!(f, "{kind}: {detail}")
        }
    }
}

/// The names of the two sides of a comparison, used in diff headers.
#[derive(Clone, Copy, Debug)]
pub struct Sides {
    pub expected: &'static str,
    pub actual: &'static str,
}

/// `check`: the observation is what gc printed, the other side what the model says.
pub const GC_VS_MODEL: Sides = Sides {
    expected: "gc",
    actual: "model",
};

/// `record --check`: the fixture against what the toolchain prints now.
pub const RECORDED_VS_NOW: Sides = Sides {
    expected: "recorded",
    actual: "now",
};

/// Every field in which `actual` differs from `expected`.
pub fn compare(expected: &Outputs, actual: &Outputs, sides: Sides) -> Vec<Difference> {
    let mut differences = Vec::new();
    if expected.exit != actual.exit {
        differences.push(Difference::Exit {
            expected: expected.exit,
            actual: actual.exit,
        });
    }
    if expected.stdout != actual.stdout {
        differences.push(Difference::Stdout {
            diff: unified_diff(&expected.stdout, &actual.stdout, sides),
        });
    }
    if expected.stderr != actual.stderr {
        differences.push(Difference::Stderr {
            diff: unified_diff(&expected.stderr, &actual.stderr, sides),
        });
    }
    differences
}

/// A line diff of two outputs that differ. Bytes that are not UTF-8 are shown replaced; if
/// that hides the difference, both sides are shown byte by byte instead.
pub(crate) fn unified_diff(expected: &[u8], actual: &[u8], sides: Sides) -> String {
    let (a, b) = (
        String::from_utf8_lossy(expected),
        String::from_utf8_lossy(actual),
    );
    if a == b {
        return format!(
            "{}: \"{}\"\n{}: \"{}\"\n",
            sides.expected,
            expected.escape_ascii(),
            sides.actual,
            actual.escape_ascii()
        );
    }
    TextDiff::from_lines(a.as_ref(), b.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(sides.expected, sides.actual)
        .to_string()
}

/// The verdict on one observation. `divergence` is the reference of a reviewed divergence
/// listed for the observation's toolchain.
pub fn judge(observed: &Outputs, divergence: Option<&str>, model: &ModelOutcome) -> Verdict {
    let ran = match model {
        ModelOutcome::Exited(ran) => ran,
        ModelOutcome::Exhausted => return Verdict::Exhausted,
        ModelOutcome::Unsupported(refusal) => {
            return Verdict::Refused {
                refusal: refusal.clone(),
            };
        }
        ModelOutcome::Rejected(rejected) => return judge_rejected(observed, divergence, rejected),
        ModelOutcome::Failed(message) => {
            return Verdict::Mismatch {
                differences: vec![Difference::ModelFailed {
                    message: message.clone(),
                }],
            };
        }
    };
    settle(divergence, compare(observed, ran, GC_VS_MODEL))
}

/// The verdict on an observation of a program the model's front end rejects. A claim that
/// is not the whole of `go run`'s output agrees when gc printed every error it names, in
/// order; a claim of no error at all is a refusal.
fn judge_rejected(observed: &Outputs, divergence: Option<&str>, rejected: &Rejected) -> Verdict {
    if !observed.rejected() {
        return Verdict::Mismatch {
            differences: vec![Difference::Rejected {
                diagnostics: rejected.diagnostics.clone(),
            }],
        };
    }
    let Some(gap) = &rejected.gap else {
        return settle(divergence, compare(observed, &rejected.claim, GC_VS_MODEL));
    };
    if rejected.claimed == 0 {
        return Verdict::Refused {
            refusal: gap.clone(),
        };
    }
    let mut differences = Vec::new();
    if observed.exit != rejected.claim.exit {
        differences.push(Difference::Exit {
            expected: observed.exit,
            actual: rejected.claim.exit,
        });
    }
    let claimed = error_blocks(&rejected.claim.stderr);
    let printed = error_blocks(&observed.stderr);
    let mut rest = printed.iter();
    let unreported: Vec<&str> = claimed
        .iter()
        .filter(|e| !rest.any(|p| p == *e))
        .copied()
        .collect();
    if !unreported.is_empty() {
        differences.push(Difference::Unreported {
            errors: unreported.concat(),
        });
    }
    settle(divergence, differences)
}

/// The errors of a `go run` rejection, each with its continuation lines (which start with a
/// tab), the header left out.
fn error_blocks(stderr: &[u8]) -> Vec<&str> {
    let text = std::str::from_utf8(stderr).unwrap_or_default();
    let body = text.strip_prefix(GO_RUN_HEADER).unwrap_or(text);
    let mut blocks: Vec<&str> = Vec::new();
    let mut start = 0;
    for (at, _) in body.match_indices('\n') {
        let next = at + 1;
        if !body[next..].starts_with('\t') {
            blocks.push(&body[start..next]);
            start = next;
        }
    }
    if start < body.len() {
        blocks.push(&body[start..]);
    }
    blocks
}

/// The verdict from the differences found, given the reviewed divergence, if any.
fn settle(divergence: Option<&str>, differences: Vec<Difference>) -> Verdict {
    match (divergence, differences.is_empty()) {
        (None, true) => Verdict::Agree,
        (None, false) => Verdict::Mismatch { differences },
        (Some(reference), false) => Verdict::KnownDivergence {
            reference: reference.to_string(),
        },
        (Some(reference), true) => Verdict::Mismatch {
            differences: vec![Difference::StaleDivergence {
                reference: reference.to_string(),
            }],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outputs(exit: i32, stdout: &str, stderr: &str) -> Outputs {
        Outputs {
            exit,
            stdout: stdout.as_bytes().to_vec(),
            stderr: stderr.as_bytes().to_vec(),
        }
    }

    fn crash() -> Outputs {
        outputs(2, "registered\n", "panic: boom\n")
    }

    #[test]
    fn equal_outputs_agree() {
        let v = judge(&crash(), None, &ModelOutcome::Exited(crash()));
        assert_eq!(v, Verdict::Agree);
        assert!(!v.kind().fails());
    }

    #[test]
    fn every_differing_field_is_reported() {
        let model = outputs(0, "registered\nmore\n", "");
        let v = judge(&crash(), None, &ModelOutcome::Exited(model));
        let Verdict::Mismatch { differences } = &v else {
            panic!("expected a mismatch, got {v:?}");
        };
        let fields: Vec<&str> = differences.iter().map(Difference::field).collect();
        assert_eq!(fields, ["exit", "stdout", "stderr"]);
        assert_eq!(
            differences[0],
            Difference::Exit {
                expected: 2,
                actual: 0
            }
        );
        let Difference::Stdout { diff } = &differences[1] else {
            panic!("expected a stdout diff");
        };
        assert!(diff.starts_with("--- gc\n+++ model\n"), "{diff}");
        assert!(diff.contains("\n registered\n+more\n"), "{diff}");
        assert_eq!(v.to_string(), "mismatch: exit, stdout, stderr");
        assert!(v.kind().fails());
    }

    #[test]
    fn a_listed_divergence_excuses_a_disagreement() {
        let model = outputs(0, "registered\n", "");
        let v = judge(&crash(), Some("golang/go#1"), &ModelOutcome::Exited(model));
        assert_eq!(
            v,
            Verdict::KnownDivergence {
                reference: "golang/go#1".to_string()
            }
        );
        assert!(!v.kind().fails());
    }

    #[test]
    fn agreeing_with_a_listed_divergence_means_the_entry_is_stale() {
        let v = judge(
            &crash(),
            Some("golang/go#1"),
            &ModelOutcome::Exited(crash()),
        );
        assert_eq!(
            v,
            Verdict::Mismatch {
                differences: vec![Difference::StaleDivergence {
                    reference: "golang/go#1".to_string()
                }]
            }
        );
    }

    #[test]
    fn refusal_and_exhaustion_are_their_own_verdicts_even_with_a_divergence() {
        let refusal = Refusal {
            construct: "go statement".to_string(),
            at: "x.go:3:2".to_string(),
        };
        let v = judge(
            &crash(),
            Some("r"),
            &ModelOutcome::Unsupported(refusal.clone()),
        );
        assert_eq!(v, Verdict::Refused { refusal });
        assert!(v.kind().fails());
        let v = judge(&crash(), None, &ModelOutcome::Exhausted);
        assert_eq!(v, Verdict::Exhausted);
        assert!(v.kind().fails());
    }

    /// gc's `go run` output for a program with two compile errors.
    fn rejected_by_gc() -> Outputs {
        outputs(
            1,
            "",
            "# command-line-arguments\n./x.go:4:2: declared and not used: x\n./x.go:7:9: too many return values\n\thave (number)\n\twant ()\n",
        )
    }

    /// The model's rejection claiming `errors` (after the header), with `gap` when that may not
    /// be all.
    fn claim(errors: &[&str], gap: bool) -> ModelOutcome {
        let refusal = Refusal {
            construct: "unsupported: the compile errors gc reports after this one".to_string(),
            at: "./x.go:7:9".to_string(),
        };
        ModelOutcome::Rejected(Box::new(Rejected {
            claim: outputs(1, "", &format!("{GO_RUN_HEADER}{}", errors.concat())),
            claimed: errors.len(),
            gap: gap.then_some(refusal),
            diagnostics: "x.go:4:2: declared and not used: x\n".to_string(),
        }))
    }

    #[test]
    fn a_rejection_of_a_program_gc_runs_is_a_mismatch() {
        let v = judge(&crash(), Some("r"), &claim(&[], true));
        assert_eq!(v.to_string(), "mismatch: compile");
    }

    #[test]
    fn a_whole_rejection_is_compared_exactly() {
        let both = [
            "./x.go:4:2: declared and not used: x\n",
            "./x.go:7:9: too many return values\n\thave (number)\n\twant ()\n",
        ];
        assert_eq!(
            judge(&rejected_by_gc(), None, &claim(&both, false)),
            Verdict::Agree
        );
        let v = judge(&rejected_by_gc(), None, &claim(&both[..1], false));
        assert_eq!(v.to_string(), "mismatch: stderr");
    }

    #[test]
    fn a_partial_rejection_agrees_when_gc_printed_what_it_claims() {
        let first = "./x.go:4:2: declared and not used: x\n";
        let second = "./x.go:7:9: too many return values\n\thave (number)\n\twant ()\n";
        assert_eq!(
            judge(&rejected_by_gc(), None, &claim(&[second], true)),
            Verdict::Agree
        );
        assert_eq!(
            judge(&rejected_by_gc(), None, &claim(&[first, second], true)),
            Verdict::Agree
        );
        // The claimed order is gc's order; a continuation line belongs to its error.
        for wrong in [
            vec![second, first],
            vec!["./x.go:7:9: too many return values\n"],
            vec!["./x.go:5:2: declared and not used: y\n"],
        ] {
            let v = judge(&rejected_by_gc(), None, &claim(&wrong, true));
            assert_eq!(v.to_string(), "mismatch: compile errors", "{wrong:?}");
        }
    }

    #[test]
    fn a_rejection_that_claims_no_error_is_refused() {
        let v = judge(&rejected_by_gc(), None, &claim(&[], true));
        assert_eq!(v.kind(), Kind::Refused);
        assert!(v.kind().fails());
    }

    #[test]
    fn the_exit_status_of_a_rejection_is_compared() {
        let mut gc = rejected_by_gc();
        gc.exit = 2;
        let v = judge(
            &gc,
            None,
            &claim(&["./x.go:4:2: declared and not used: x\n"], true),
        );
        assert_eq!(v.to_string(), "mismatch: exit");
    }

    #[test]
    fn a_model_failure_is_a_mismatch() {
        let v = judge(
            &crash(),
            None,
            &ModelOutcome::Failed("index out of bounds".to_string()),
        );
        assert_eq!(v.to_string(), "mismatch: model failure");
    }

    #[test]
    fn a_missing_final_newline_is_visible_in_the_diff() {
        let d = compare(&outputs(0, "a\n", ""), &outputs(0, "a", ""), GC_VS_MODEL);
        let Difference::Stdout { diff } = &d[0] else {
            panic!("expected a stdout diff");
        };
        assert!(diff.contains("No newline at end of file"), "{diff}");
    }

    #[test]
    fn outputs_that_differ_only_in_invalid_bytes_are_shown_escaped() {
        let d = compare(
            &outputs(0, "", "x\u{fffd}\n"),
            &Outputs {
                exit: 0,
                stdout: Vec::new(),
                stderr: b"x\xff\n".to_vec(),
            },
            GC_VS_MODEL,
        );
        assert_eq!(d.len(), 1);
        let shown = d[0].to_string();
        assert!(shown.contains("gc: \"x\\xef\\xbf\\xbd\\n\""), "{shown}");
        assert!(shown.contains("model: \"x\\xff\\n\""), "{shown}");
    }

    #[test]
    fn only_agreement_and_divergence_pass() {
        let passing: Vec<&str> = Kind::ALL
            .iter()
            .filter(|k| !k.fails())
            .map(|k| k.label())
            .collect();
        assert_eq!(passing, ["agree", "divergence"]);
    }
}
