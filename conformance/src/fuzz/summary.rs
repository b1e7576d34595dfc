//! What a campaign found: counts per verdict, per toolchain and per construct, the
//! disagreements with what became of them, and the rate.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use serde::Serialize;

use crate::report::{Tally, plural, tally_table};
use crate::verdict::{Kind, ModelOutcome, Verdict};
use crate::version::Release;

use super::judge::{Broken, Disagreement, why};

/// One disagreement as the summary lists it.
#[derive(Clone, Debug, Serialize)]
pub struct Found {
    pub seed: u64,
    #[serde(flatten)]
    pub disagreement: Disagreement,
    /// The case it was minimized into, or the case or earlier seed it duplicates; empty
    /// when not minimized.
    pub outcome: String,
}

/// An invariant a model trace breaks.
#[derive(Clone, Debug, Serialize)]
pub struct Breach {
    pub seed: u64,
    pub toolchain: Release,
    pub invariant: &'static str,
    pub explanation: String,
    /// The events that show it, described.
    pub witness: Vec<String>,
}

/// A program whose real runs gave no answer.
#[derive(Clone, Debug, Serialize)]
pub struct Poisoned {
    pub seed: u64,
    pub toolchain: Release,
    pub reason: String,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub first_seed: u64,
    /// `i/n`.
    pub shard: String,
    pub programs: u64,
    pub seconds: f64,
    pub programs_per_second: f64,
    /// Verdicts, one per program and toolchain.
    pub verdicts: Tally,
    pub per_toolchain: BTreeMap<Release, Tally>,
    pub per_construct: BTreeMap<&'static str, Tally>,
    /// The model against gc.
    pub mismatches: Vec<Found>,
    /// Build configurations of one toolchain against each other.
    pub toolchain_findings: Vec<Found>,
    /// Disagreements with the model that a reviewed entry explains, by its reference.
    pub known_divergences: BTreeMap<String, usize>,
    /// Differences between builds that a reviewed entry explains, by its reference.
    pub known_build_differences: BTreeMap<String, usize>,
    pub poisoned: Vec<Poisoned>,
    /// Refusals and exhausted runs (the generator left the model's subset or its fuel), and,
    /// for the model alone, runs the model could not finish.
    pub other_failures: Vec<Poisoned>,
    /// Model traces checked against the invariants.
    pub traces: u64,
    pub breaches: Vec<Breach>,
}

impl Summary {
    pub fn add(
        &mut self,
        seed: u64,
        release: Release,
        constructs: &[&'static str],
        verdict: &Verdict,
    ) {
        let kind = verdict.kind();
        self.verdicts.add(kind);
        self.per_toolchain.entry(release).or_default().add(kind);
        for c in constructs {
            self.per_construct.entry(c).or_default().add(kind);
        }
        let entry = |reason: String| Poisoned {
            seed,
            toolchain: release,
            reason,
        };
        match verdict {
            Verdict::Poisoned { reason } => self.poisoned.push(entry(reason.clone())),
            Verdict::Refused { .. } | Verdict::Exhausted => {
                self.other_failures.push(entry(verdict.to_string()))
            }
            Verdict::KnownDivergence { reference } => {
                *self.known_divergences.entry(reference.clone()).or_default() += 1;
            }
            Verdict::Agree | Verdict::Mismatch { .. } => {}
        }
    }

    /// Counts the model's trace of `seed` (if it ran to an exit) as checked, with the
    /// invariants it breaks.
    pub fn add_breaches(
        &mut self,
        seed: u64,
        release: Release,
        model: &ModelOutcome,
        broken: Vec<Broken>,
    ) {
        if matches!(model, ModelOutcome::Exited(_)) {
            self.traces += 1;
        }
        self.breaches.extend(broken.into_iter().map(|b| Breach {
            seed,
            toolchain: release,
            invariant: b.violation.invariant,
            explanation: b.violation.explanation,
            witness: b.witness,
        }));
    }

    pub fn set_time(&mut self, elapsed: Duration) {
        self.seconds = elapsed.as_secs_f64();
        self.programs_per_second = self.programs as f64 / self.seconds.max(1e-9);
    }

    /// Whether the campaign fails: any verdict that fails `check` too, a toolchain finding, a
    /// model run without an answer, or a broken invariant.
    pub fn failed(&self) -> bool {
        !self.toolchain_findings.is_empty()
            || !self.breaches.is_empty()
            || !self.other_failures.is_empty()
            || self
                .per_toolchain
                .values()
                .any(|t| Kind::ALL.iter().any(|k| k.fails() && t.get(*k) > 0))
    }

    /// The report for people.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (title, found) in [
            ("mismatches (model against gc)", &self.mismatches),
            (
                "toolchain findings (builds of one toolchain differ, or its runtime throws)",
                &self.toolchain_findings,
            ),
        ] {
            if found.is_empty() {
                continue;
            }
            let _ = writeln!(out, "{title}:");
            for f in found {
                let d = &f.disagreement;
                let _ = writeln!(
                    out,
                    "  seed {}  {}  {:?}: {}  {}",
                    f.seed,
                    d.toolchain,
                    d.between,
                    d.fields(),
                    f.outcome
                );
            }
            out.push('\n');
        }
        for (title, counts) in [
            (
                "known divergences (model against gc)",
                &self.known_divergences,
            ),
            (
                "known differences between builds",
                &self.known_build_differences,
            ),
        ] {
            if counts.is_empty() {
                continue;
            }
            let _ = writeln!(out, "{title}:");
            for (reference, n) in counts {
                let _ = writeln!(out, "  {n:>6}  {reference}: {}", why(reference));
            }
            out.push('\n');
        }
        for (title, list) in [
            ("poisoned", &self.poisoned),
            ("refused or exhausted", &self.other_failures),
        ] {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(out, "{title}:");
            for p in list {
                let reason = p.reason.lines().next().unwrap_or("");
                let _ = writeln!(out, "  seed {}  {}  {reason}", p.seed, p.toolchain);
            }
            out.push('\n');
        }
        if !self.breaches.is_empty() {
            out.push_str("invariants broken by model traces:\n");
            for b in &self.breaches {
                let _ = writeln!(
                    out,
                    "  seed {}  {}  {}: {}\n    (the program: gosem fuzz --print --seed {} --count 1)",
                    b.seed, b.toolchain, b.invariant, b.explanation, b.seed
                );
                for w in &b.witness {
                    let _ = writeln!(out, "    {w}");
                }
            }
            out.push('\n');
        }
        if self.per_toolchain.is_empty() {
            // The model alone: no verdicts.
            let _ = writeln!(
                out,
                "{} (seeds from {}, shard {}) in {:.1} s: {:.1} programs/s",
                plural(self.programs as usize, "program"),
                self.first_seed,
                self.shard,
                self.seconds,
                self.programs_per_second,
            );
        } else {
            out.push_str(&self.verdict_tables());
        }
        if self.traces > 0 {
            let _ = writeln!(
                out,
                "{} checked against the invariants: {}",
                plural(self.traces as usize, "model trace"),
                plural(self.breaches.len(), "violation"),
            );
        }
        out
    }

    /// The verdict tables per toolchain and per construct, and the totals line.
    fn verdict_tables(&self) -> String {
        let mut out = String::new();
        let toolchains: BTreeMap<String, Tally> = self
            .per_toolchain
            .iter()
            .map(|(r, t)| (r.to_string(), *t))
            .collect();
        let constructs: BTreeMap<String, Tally> = self
            .per_construct
            .iter()
            .map(|(c, t)| (c.to_string(), *t))
            .collect();
        out.push_str(&tally_table("toolchain", &toolchains, Some(self.verdicts)));
        out.push('\n');
        // A construct is in many programs, so its rows add up to no total.
        out.push_str(&tally_table("construct", &constructs, None));
        let _ = writeln!(
            out,
            "\n{} (seeds from {}, shard {}) in {:.1} s: {:.1} programs/s; {}, {}",
            plural(self.programs as usize, "program"),
            self.first_seed,
            self.shard,
            self.seconds,
            self.programs_per_second,
            match self.mismatches.len() {
                1 => "1 mismatch".to_string(),
                n => format!("{n} mismatches"),
            },
            plural(self.toolchain_findings.len(), "toolchain finding"),
        );
        out
    }

    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()))
    }
}
